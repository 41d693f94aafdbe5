"""The editor's operations: re-flow in both zones, validation that saves nothing, SEQUENCE and history."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from confsched import timeengine
from confsched.extensions import db
from confsched.organiser import fields
from confsched.organiser.history import conference_history
from confsched.programme import editing
from confsched.programme.document import export_document
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.queries import load_programme
from confsched.programme.schedule import lay_out_day

BREAK = {"kind": "break", "title": {"de": "Pause", "tr": "Ara"}, "duration_minutes": 10}


def local_starts(day, zone: str) -> list[str]:
    """Every item's start on the wall clock of a zone."""
    return [timeengine.to_zone(entry.start, zone).strftime("%H:%M") for entry in lay_out_day(day)]


def codes(rejection) -> list[str]:
    """The problem codes of a refusal."""
    return [problem.code for problem in rejection.value.problems]


@pytest.fixture
def programme(app, demo):
    """Factory: the demo programme loaded for editing, inside an app context."""
    with app.app_context():
        yield lambda: load_programme(demo, with_access=True)


def test_inserting_a_break_after_item_3_moves_items_4_to_10_in_both_zones(programme):
    conference = programme()
    day = editing.find_day(editing.find_workshop(conference, 1), 1)
    before = {zone: local_starts(day, zone) for zone in conference.reference_zones}
    sequence = day.sequence
    third = editing.siblings(day, None)[2]

    editing.insert_item(conference, day, BREAK, extend_day=True, after=third)

    conference = programme()
    day = conference.workshops[0].days[0]
    after = {zone: local_starts(day, zone) for zone in conference.reference_zones}
    assert after["Europe/Berlin"][:4] == ["09:30", "09:35", "09:40", "09:50"]
    assert after["Europe/Istanbul"][:4] == ["10:30", "10:35", "10:40", "10:50"]
    for zone in conference.reference_zones:
        shifted = [
            (dt.datetime.strptime(clock, "%H:%M") + dt.timedelta(minutes=10)).strftime("%H:%M")
            for clock in before[zone][3:]
        ]
        assert after[zone][4:] == shifted
    assert timeengine.to_zone(day.ends_at, "Europe/Berlin").strftime("%H:%M") == "11:40"
    assert day.sequence == sequence + 1


def test_a_break_that_overruns_the_day_is_refused_with_the_minutes_and_nothing_changes(programme):
    conference = programme()
    version = conference.version
    day = conference.workshops[0].days[0]
    with pytest.raises(ProgrammeRejected) as rejection:
        editing.insert_item(conference, day, BREAK, after=editing.siblings(day, None)[2])
    assert codes(rejection) == ["day_overrun"]
    assert rejection.value.problems[0].params["minutes"] == 10
    conference = programme()
    assert conference.version == version
    assert len(conference.workshops[0].days[0].items) == 10


def test_a_longer_slot_moves_every_later_start(programme):
    conference = programme()
    day = conference.workshops[0].days[0]
    editing.update_day(conference, day, {"local_end": dt.time(11, 45)})
    conference = programme()
    day = conference.workshops[0].days[0]
    fourth = editing.siblings(day, None)[3]
    editing.update_item(conference, fourth, {"duration_minutes": 20})
    starts = local_starts(programme().workshops[0].days[0], "Europe/Istanbul")
    assert starts[3:6] == ["10:50", "11:10", "11:25"]


def test_a_section_overrun_is_refused(programme):
    conference = programme()
    workshop = editing.find_workshop(conference, 3)
    day = workshop.days[0]
    discussion = next(item for item in day.items if item.title.get("de") == "Moderierte Diskussion")
    with pytest.raises(ProgrammeRejected) as rejection:
        editing.update_item(conference, discussion, {"duration_minutes": 55})
    assert codes(rejection) == ["section_overrun"]
    assert rejection.value.problems[0].params["minutes"] == 5


@pytest.mark.parametrize(
    ("local_start", "code"),
    [(dt.time(2, 30), "nonexistent_time"), (dt.time(2, 30), "ambiguous_time")],
    ids=["spring-gap", "autumn-overlap"],
)
def test_doubtful_local_times_are_refused(programme, local_start, code):
    date = dt.date(2020, 3, 29) if code == "nonexistent_time" else dt.date(2020, 10, 25)
    conference = programme()
    workshop = editing.find_workshop(conference, 1)
    with pytest.raises(ProgrammeRejected) as rejection:
        editing.add_day(conference, workshop, {"date": date, "local_start": local_start,
                                                  "local_end": dt.time(4, 0), "zone": "Europe/Berlin"})
    assert codes(rejection) == [code]
    assert "UTC" in rejection.value.problems[0].message()
    assert len(programme().workshops[0].days) == 1


@pytest.mark.parametrize(
    ("spec", "values", "code"),
    [
        (fields.ITEM, {**BREAK, "duration_minutes": 0}, "duration_range"),
        (fields.ITEM, {**BREAK, "duration_minutes": -5}, "duration_range"),
        (fields.ITEM, {**BREAK, "duration_minutes": 1440}, "duration_range"),
        (fields.ITEM, {**BREAK, "title": {"de": "  ", "tr": ""}}, "empty_title"),
        (fields.ITEM, {**BREAK, "title": {"de": "x" * 501}}, "schema_length"),
        (fields.DAY, {"date": "2020-06-15", "local_start": "09:00", "local_end": "10:00", "zone": "Mars/Olympus"},
         "unknown_zone"),
        (fields.DAY, {"date": "2020-02-30", "local_start": "09:00", "local_end": "10:00", "zone": "Europe/Berlin"},
         "invalid_date"),
        (fields.WORKSHOP, {"number": 9, "title": {"de": "W"}, "capacity": 0}, "capacity_range"),
        (fields.WORKSHOP, {"number": 9, "title": {"de": "W"}, "surprise": 1}, "schema_additional"),
    ],
    ids=["zero", "negative", "a-day", "untitled", "too-long", "zone", "date", "capacity", "unknown-field"],
)
def test_field_rules_refuse_bad_values(spec, values, code):
    with pytest.raises(ProgrammeRejected) as rejection:
        spec.clean(values)
    assert code in codes(rejection)


def test_a_window_ending_before_it_starts_is_refused(programme):
    conference = programme()
    with pytest.raises(ProgrammeRejected) as rejection:
        editing.update_day(conference, conference.workshops[0].days[0], {"local_end": dt.time(9, 0)})
    assert codes(rejection) == ["window_order"]


def test_two_workshops_on_one_platform_at_once_is_saved_with_a_warning(programme):
    conference = programme()
    workshop = editing.create_workshop(
        conference, {"number": 5, "title": {"de": "Parallel"}, "platform": "kudo"},
        {"date": dt.date(2020, 6, 15), "local_start": dt.time(10, 0), "local_end": dt.time(11, 0),
         "zone": "Europe/Berlin"},
    )
    assert workshop.number == 5
    conference = programme()
    warnings = editing.platform_overlaps(conference)
    assert [(warning.code, warning.params["first"], warning.params["second"]) for warning in warnings] == [
        ("platform_overlap", 1, 5)]
    outcome = editing.update_workshop(conference, editing.find_workshop(conference, 5), {"capacity": 12})
    assert [warning.severity for warning in outcome.warnings] == ["warning"]


def test_moving_an_item_swaps_it_with_its_neighbour(programme):
    conference = programme()
    day = conference.workshops[0].days[0]
    second = editing.siblings(day, None)[1]
    editing.move_item(conference, second, -1)
    titles = [item.title["de"] for item in editing.siblings(programme().workshops[0].days[0], None)]
    assert titles[:2] == ["Begrüßung des Moderators", "Kurze technische Einführung"]
    assert local_starts(programme().workshops[0].days[0], "Europe/Berlin")[:2] == ["09:30", "09:35"]


def test_deleting_a_section_removes_its_children_and_pulls_later_items_forward(programme):
    conference = programme()
    day = editing.find_workshop(conference, 3).days[0]
    section = next(item for item in day.items if item.kind.value == "section" and item.parent is None)
    editing.delete_item(conference, section)
    day = editing.find_workshop(programme(), 3).days[0]
    assert [item.title["de"] for item in day.items] == ["Begrüßung und Einführung", "Zusammenfassung und Ausblick"]
    assert [item.position for item in day.items] == [0, 1]


def test_duplicating_a_workshop_keeps_wall_clock_times_on_the_new_date(programme):
    conference = programme()
    copy = editing.duplicate_workshop(conference, editing.find_workshop(conference, 1), 7, dt.date(2020, 11, 16))
    conference = programme()
    copy = editing.find_workshop(conference, 7)
    original = editing.find_workshop(conference, 1)
    day = copy.days[0]
    assert local_starts(day, "Europe/Berlin") == local_starts(original.days[0], "Europe/Berlin")
    # In November Berlin is on UTC+1, so Istanbul is two hours ahead, not one.
    assert local_starts(day, "Europe/Istanbul")[0] == "11:30"
    assert [item.title for item in day.items] == [item.title for item in original.days[0].items]
    assert [len(item.assignments) for item in day.items] == [len(item.assignments) for item in original.days[0].items]
    assert copy.status.value == "planned"


def test_marking_a_speaker_confirmed_changes_only_that_assignment(programme):
    conference = programme()
    owner, assignment = next(
        (item, assignment) for item in conference.workshops[0].days[0].items
        for assignment in item.assignments if assignment.tbc)
    editing.update_assignment(conference, assignment, {"tbc": False})
    _owner, reloaded = editing.find_assignment(programme(), assignment.id)
    assert reloaded.tbc is False
    assert reloaded.person is not None or reloaded.organisation is not None


def test_an_entry_still_used_cannot_be_deleted(programme):
    conference = programme()
    with pytest.raises(ProgrammeRejected) as rejection:
        editing.delete_entry(conference, editing.find_entry(conference, "platform", "kudo"))
    assert codes(rejection) == ["still_used"]
    assert rejection.value.problems[0].params["count"] == 3


def test_platform_access_is_edited_and_exported_only_privately(programme):
    conference = programme()
    editing.save_platform(conference, {"passcode": "Neu-1234"}, editing.find_entry(conference, "platform", "zoom"))
    conference = programme()
    private = export_document(conference, include_access=True)
    public = export_document(conference, include_access=False)
    assert next(p for p in private["platforms"] if p["key"] == "zoom")["access"]["passcode"] == "Neu-1234"
    assert "Neu-1234" not in str(public)


def test_every_edit_is_in_the_history(programme):
    conference = programme()
    editing.update_workshop(conference, conference.workshops[0], {"title": {"de": "Digitale Stadt", "tr": "Dijital"}})
    entries = conference_history(programme())
    assert entries[0].code == "workshop_changed"
    assert entries[0].actor == "command line"
    assert "title" in entries[0].change.message()


def test_the_last_day_of_a_workshop_cannot_be_deleted(programme):
    conference = programme()
    workshop = conference.workshops[0]
    with pytest.raises(ProgrammeRejected) as rejection:
        editing.delete_day(conference, workshop, workshop.days[0])
    assert codes(rejection) == ["last_day"]


def test_html_in_a_title_is_stored_as_typed(programme):
    conference = programme()
    day = conference.workshops[0].days[0]
    editing.update_day(conference, day, {"local_end": dt.time(12, 0)})
    conference = programme()
    title = {"de": "<script>alert(1)</script>", "tr": "<b>Ara</b>"}
    item, _outcome = editing.insert_item(conference, conference.workshops[0].days[0], {**BREAK, "title": title})
    stored = db.session.execute(select(func.count()).select_from(type(item))).scalar()
    assert stored == sum(len(day.items) for workshop in programme().workshops for day in workshop.days)
    assert editing.find_item(programme(), item.id).title == title


def test_an_item_inserted_before_the_first_one_moves_every_item(programme):
    conference = programme()
    day = conference.workshops[0].days[0]
    editing.update_day(conference, day, {"local_start": dt.time(9, 20)})
    conference = programme()
    day = conference.workshops[0].days[0]
    editing.insert_item(conference, day, BREAK, before=editing.siblings(day, None)[0])
    starts = local_starts(programme().workshops[0].days[0], "Europe/Istanbul")
    assert starts[:3] == ["10:20", "10:30", "10:35"]


def test_items_go_inside_sections_only(programme):
    conference = programme()
    day = conference.workshops[0].days[0]
    with pytest.raises(ProgrammeRejected) as rejection:
        editing.insert_item(conference, day, BREAK, parent=editing.siblings(day, None)[0])
    assert codes(rejection) == ["not_a_section"]


def test_a_conference_address_can_change_but_not_to_one_in_use(programme, load_document, make_document):
    load_document(make_document(slug="andere"))
    conference = programme()
    with pytest.raises(ProgrammeRejected) as rejection:
        editing.update_conference(conference, {"slug": "andere"})
    assert codes(rejection) == ["duplicate_key"]
    editing.update_conference(conference, {"slug": "vorkonferenz-2020-neu"})
    assert load_programme("vorkonferenz-2020-neu") is not None


def test_organisations_are_named_behind_the_conference_in_their_role(programme):
    conference = programme()
    editing.save_organisation(conference, {"conference_role": "partner"},
                                 editing.find_entry(conference, "organisation", "skew"))
    conference = programme()
    editing.save_organisation(conference, {"conference_role": None},
                                 editing.find_entry(conference, "organisation", "tbb"))
    organisers = export_document(programme())["conference"]["organisers"]
    assert organisers == [{"organisation": "auslandsvertretungen", "role": "organiser"},
                          {"organisation": "dst", "role": "organiser"},
                          {"organisation": "ibb", "role": "supporter"},
                          {"organisation": "skew", "role": "partner"}]


def test_an_organisation_can_take_a_role_itself_but_not_with_a_person(programme):
    """"The organisation itself" needs an organisation and no person; then it is no N.N. placeholder."""
    conference = programme()
    item = conference.workshops[0].days[0].items[1]
    assignment = editing.add_assignment(conference, item, {"role": "speaker", "organisation": "dst",
                                                               "organisation_itself": True})
    assert assignment.organisation_itself and not assignment.is_placeholder
    conference = programme()
    with pytest.raises(ProgrammeRejected) as rejection:
        editing.add_assignment(conference, conference.workshops[0].days[0].items[1],
                                  {"role": "speaker", "person": "sabine-drees", "organisation_itself": True})
    assert codes(rejection) == ["organisation_itself_with_person"]
