"""The programme document: round trip, validation, dual-zone consistency and atomic imports."""
import copy

import pytest
from sqlalchemy import func, select

from confsched.extensions import db
from confsched.programme import document as programme_document
from confsched.programme.models import AgendaItem, Conference, WorkshopDay
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.queries import load_programme
from confsched.programme.validation import parse, validate


# A real database failure in the middle of an import: inserting a certain agenda item aborts.
SABOTAGE_TRIGGER = {
    "sqlite": [
        "CREATE TRIGGER sabotage BEFORE INSERT ON agenda_item WHEN NEW.title LIKE '%Sabotage%' "
        "BEGIN SELECT RAISE(ABORT, 'sabotaged'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION sabotage() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.title::text LIKE '%Sabotage%' THEN RAISE EXCEPTION 'sabotaged'; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER sabotage BEFORE INSERT ON agenda_item FOR EACH ROW EXECUTE FUNCTION sabotage()",
    ],
}


def export_text(app, slug, include_access=False):
    """The stored programme as document text."""
    with app.app_context():
        return programme_document.dumps(
            programme_document.export_document(load_programme(slug, include_access), include_access)
        )


def rejection(document) -> list[tuple[str, str]]:
    """(code, location) of every error a document is rejected for."""
    with pytest.raises(ProgrammeRejected) as rejected:
        validate(document)
    return [(problem.code, problem.location) for problem in rejected.value.problems]


def test_round_trip_is_byte_identical(app, demo, load_document):
    """Export, import the export, export again: the same bytes."""
    first = export_text(app, demo)
    load_document(parse(first))
    assert export_text(app, demo) == first


def test_private_round_trip_keeps_access_data(app, demo, load_document):
    """A private export re-imports without losing or leaking secrets."""
    first = export_text(app, demo, include_access=True)
    assert "Kd-7319-secret" in first
    load_document(parse(first))
    assert export_text(app, demo, include_access=True) == first


def test_public_reimport_keeps_stored_access_data(app, demo, load_document):
    """Importing a public document (no access data) does not wipe the secrets."""
    load_document(parse(export_text(app, demo)))
    assert "Kd-7319-secret" in export_text(app, demo, include_access=True)


def test_seed_inconsistencies_are_flagged(demo_document):
    """The overview's wrong TRT time for workshop 2 and the June 'CET' labels are reported with locations."""
    warnings = validate(copy.deepcopy(demo_document)).warnings
    wrong_trt = [w for w in warnings if w.code == "printed_time"]
    assert {(w.location, w.params["printed"], w.params["derived"]) for w in wrong_trt} == {
        ("workshops[1].days[0].printed[1] (Programmentwurf)", "13:00", "14:00"),
        ("workshops[1].days[0].printed[1] (Programmentwurf)", "15:00", "16:00"),
    }
    cet_in_june = [w for w in warnings if w.code == "printed_label"]
    assert cet_in_june and all(w.params["label"] == "CET" and str(w.params["actual"]) == "CEST" for w in cet_in_june)
    assert "workshops[0].days[0].items[0].printed[0]" in {w.location for w in cet_in_june}


def test_correct_printed_times_raise_nothing(make_document):
    """Printed times that agree with the derived ones, with the right labels, are silent."""
    document = make_document(items_per_day=2)
    day = document["workshops"][0]["days"][0]
    day["printed"] = [{"label": "MESZ", "start": "09:00", "end": "10:00"}, {"label": "TSİ", "start": "10:00"}]
    day["items"][1]["printed"] = [{"label": "CEST", "start": "09:10"}, {"label": "TRT", "start": "10:10"}]
    assert validate(document).warnings == []


def test_winter_label_checks_use_the_winter_offset(make_document):
    """In December Berlin is on CET, so 'CET' is right and 'MESZ' is flagged."""
    document = make_document()
    day = document["workshops"][0]["days"][0]
    day["date"] = "2020-12-07"
    day["printed"] = [{"label": "CET", "start": "09:00"}, {"label": "TRT", "start": "11:00"},
                      {"label": "MESZ", "start": "09:00"}]
    warnings = validate(document).warnings
    assert [(w.code, w.location) for w in warnings] == [("printed_label", "workshops[0].days[0].printed[2]")]


@pytest.mark.parametrize(
    ("local_start", "code"),
    [("02:30", "nonexistent_time")],
)
def test_spring_forward_gap_is_refused(make_document, local_start, code):
    """A window starting in the missing hour is refused, not shifted."""
    document = make_document()
    day = document["workshops"][0]["days"][0]
    day.update(date="2021-03-28", local_start=local_start, local_end="05:00")
    assert rejection(document) == [(code, "workshops[0].days[0].local_start")]


def test_fall_back_overlap_is_refused_with_both_readings(make_document):
    """A window starting in the doubled hour is refused and the message names both readings."""
    document = make_document()
    document["workshops"][0]["days"][0].update(date="2020-10-25", local_start="02:30", local_end="05:00")
    with pytest.raises(ProgrammeRejected) as rejected:
        validate(document)
    message = rejected.value.problems[0].message()
    assert "ambiguous" in message and "00:30 UTC" in message and "01:30 UTC" in message


def test_bad_documents_list_every_problem_with_its_location(make_document):
    """Unknown zones, references, duplicates, overruns and empty titles are all reported at once."""
    document = make_document(workshops=2, items_per_day=3)
    document["conference"]["reference_zones"][1] = "Europe/Atlantis"
    document["workshops"][1]["number"] = 1
    document["workshops"][0]["platform"] = "webex"
    document["workshops"][0]["title"] = {"de": "  "}
    document["workshops"][0]["days"][0]["local_end"] = "09:20"
    document["workshops"][1]["days"][0]["items"][0]["children"] = [
        {"kind": "other", "title": {"de": "lang"}, "duration": 20}]
    assert set(rejection(document)) == {
        ("unknown_zone", "conference.reference_zones[1]"),
        ("duplicate_number", "workshops[1].number"),
        ("unknown_reference", "workshops[0].platform"),
        ("empty_title", "workshops[0].title"),
        ("day_overrun", "workshops[0].days[0]"),
        ("section_overrun", "workshops[1].days[0].items[0]"),
    }


def test_schema_errors_are_located(make_document):
    """Structural faults name the field that is wrong."""
    document = make_document()
    document["workshops"][0]["capacity"] = 0
    del document["conference"]["title"]
    document["workshops"][0]["days"][0]["items"][0]["duration"] = 1440
    assert set(rejection(document)) == {
        ("schema_required", "conference"),
        ("schema_minimum", "workshops[0].capacity"),
        ("schema_maximum", "workshops[0].days[0].items[0].duration"),
    }


def test_invalid_json_names_line_and_column():
    """A broken file says where it breaks."""
    with pytest.raises(ProgrammeRejected) as rejected:
        parse('{"format":\n  oops}')
    assert rejected.value.problems[0].params["line"] == 2


def test_failed_import_changes_nothing(app, demo, load_document, demo_document):
    """An import that breaks a rule leaves the stored programme exactly as it was."""
    before = export_text(app, demo, include_access=True)
    broken = copy.deepcopy(demo_document)
    broken["workshops"][0]["title"] = {"de": "Geändert"}
    broken["workshops"][2]["days"][0]["local_end"] = "10:30"
    with pytest.raises(ProgrammeRejected):
        load_document(broken)
    assert export_text(app, demo, include_access=True) == before


def test_database_error_mid_import_rolls_back(app, load_document, make_document):
    """A failure while writing (here: a CHECK constraint) leaves no half-written conference."""
    document = make_document(slug="half")
    load_document(document)
    document["workshops"][0]["title"] = {"de": "Neu"}
    document["workshops"][0]["days"][0]["items"][-1]["title"] = {"de": "Sabotage"}
    with app.app_context():
        for statement in SABOTAGE_TRIGGER[db.engine.dialect.name]:
            db.session.execute(db.text(statement))
        db.session.commit()
    with pytest.raises(Exception, match="sabotaged"):
        load_document(document)
    with app.app_context():
        assert load_programme("half").workshops[0].title == {"de": "Fachworkshop 1: Städtepartnerschaft",
                                                             "tr": "1. Atölye: Kardeş şehirler"}


def test_dry_run_reports_changes_and_stores_nothing(app, demo, load_document, demo_document):
    """A dry run lists the changes (moved day, changed title) and leaves the database alone."""
    changed = copy.deepcopy(demo_document)
    changed["workshops"][1]["days"][0]["local_start"] = "13:30"
    changed["workshops"][1]["days"][0]["local_end"] = "15:30"
    changed["workshops"][0]["title"]["tr"] = "Dijital Kent"
    report = load_document(changed, dry_run=True)
    codes = {(change.code, change.location) for change in report.changes}
    assert ("day_moved", "workshop 2, day 1") in codes
    assert ("workshop_changed", "workshop 1") in codes
    with app.app_context():
        assert load_programme(demo).workshops[1].days[0].sequence == 0


def test_rescheduling_bumps_sequence_once_and_keeps_identity(app, demo, load_document, demo_document):
    """Moving a day keeps its row (and so its calendar UID) and raises SEQUENCE by one; others stay."""
    with app.app_context():
        day_ids = [day.id for workshop in load_programme(demo).workshops for day in workshop.days]
    changed = copy.deepcopy(demo_document)
    changed["workshops"][1]["days"][0]["local_start"] = "13:30"
    changed["workshops"][1]["days"][0]["local_end"] = "15:30"
    load_document(changed)
    with app.app_context():
        programme = load_programme(demo)
        assert [day.id for workshop in programme.workshops for day in workshop.days] == day_ids
        assert [day.sequence for workshop in programme.workshops for day in workshop.days] == [0, 1, 0, 0, 0]
        assert programme.version == 2


def test_agenda_edit_stamps_the_day_without_a_sequence_bump(app, demo, load_document, demo_document):
    """Changing a speaker changes the feed text (LAST-MODIFIED) but is no reschedule."""
    with app.app_context():
        stamp = load_programme(demo).workshops[0].days[0].updated_at
    changed = copy.deepcopy(demo_document)
    antalya = next(item for item in changed["workshops"][0]["days"][0]["items"]
                   if any(assignment.get("tbc") for assignment in item.get("assignments", [])))
    antalya["assignments"][0]["tbc"] = False
    load_document(changed)
    with app.app_context():
        day = load_programme(demo).workshops[0].days[0]
        assert day.sequence == 0 and day.updated_at > stamp


def test_removing_a_workshop_deletes_its_days_and_items(app, demo, load_document, demo_document):
    """The document is the whole programme: a workshop left out is removed with everything in it."""
    shorter = copy.deepcopy(demo_document)
    del shorter["workshops"][3]
    load_document(shorter)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WorkshopDay)) == 3
        assert db.session.scalar(select(func.count()).select_from(Conference)) == 1
        assert db.session.scalar(
            select(func.count()).select_from(AgendaItem).where(AgendaItem.workshop_day_id.not_in(
                select(WorkshopDay.id)))) == 0


def test_other_zone_pair_works_by_data_alone(app, load_document, make_document):
    """Berlin + Kyiv needs no code: labels and times follow the data."""
    document = make_document(slug="kyiv")
    document["conference"]["reference_zones"] = ["Europe/Berlin", "Europe/Kyiv"]
    document["workshops"][0]["days"][0]["printed"] = [{"label": "OESZ", "start": "10:00"}]
    assert validate(copy.deepcopy(document)).warnings == []
    load_document(document)
    assert export_text(app, "kyiv").count('"Europe/Kyiv"') == 1


def test_platform_without_access_data_imports(app, load_document, make_document):
    """A platform may have no access data at all (a venue, or secrets not yet known)."""
    document = make_document(slug="no-access")
    del document["platforms"][0]["access"]
    load_document(document)
    assert '"access"' not in export_text(app, "no-access", include_access=True)


def stored_days(app, slug) -> list[tuple[int, str, int, str]]:
    """(workshop number, identity, frab id, local date) of every stored day, in programme order."""
    with app.app_context():
        return [(workshop.number, day.identity, day.frab_id, day.local_date.isoformat())
                for workshop in load_programme(slug).workshops for day in workshop.days]


def test_days_keep_their_identities_when_the_document_swaps_them(app, demo, load_document):
    """Identity, not position, decides which stored day a document day is: swapped days keep theirs."""
    before = stored_days(app, demo)
    document = parse(export_text(app, demo))
    days = document["workshops"][3]["days"]
    days[0], days[1] = days[1], days[0]
    load_document(document)
    after = stored_days(app, demo)
    assert after[:3] == before[:3]
    assert after[3:] == [before[4], before[3]]


def test_a_day_with_an_unknown_identity_replaces_the_one_left_out(app, demo, load_document):
    """A day whose identity the store does not know is new, and takes it; the day it replaces goes."""
    before = stored_days(app, demo)
    document = parse(export_text(app, demo))
    document["workshops"][3]["days"][1].update(identity="moved-in-from-elsewhere", frab_id=4711)
    load_document(document)
    after = stored_days(app, demo)
    assert after[:4] == before[:4]
    assert after[4] == (4, "moved-in-from-elsewhere", 4711, "2020-06-10")
    assert parse(export_text(app, demo))["last_frab_id"] == 4711


def test_a_copy_under_another_slug_gets_new_identities(app, demo, load_document):
    """Identities name one day in the whole deployment: a copied document's days get new ones, with a warning."""
    document = parse(export_text(app, demo))
    document["conference"]["slug"] = "kopie"
    report = load_document(document)
    assert [warning.location for warning in report.warnings if warning.code == "identity_taken"] == [
        f"workshops[{index}].days[{position}].identity" for index, position in ((0, 0), (1, 0), (2, 0), (3, 0), (3, 1))]
    originals = {identity for _number, identity, _frab_id, _date in stored_days(app, demo)}
    copies = stored_days(app, "kopie")
    assert len(copies) == 5 and not originals & {identity for _number, identity, _frab_id, _date in copies}


@pytest.mark.parametrize("field", ["identity", "frab_id"])
def test_two_days_cannot_share_an_identity_or_a_frab_id(app, demo, field):
    """A document that names two days the same way is refused, with the second day's location."""
    document = parse(export_text(app, demo))
    document["workshops"][2]["days"][0][field] = document["workshops"][0]["days"][0][field]
    assert rejection(document) == [("duplicate_key", f"workshops[2].days[0].{field}")]


def test_the_report_follows_identities(app, demo, load_document):
    """Leaving out workshop 4's first day is reported as that removal alone, not as day 1 moving to 10 June."""
    document = parse(export_text(app, demo))
    del document["workshops"][3]["days"][0]
    report = load_document(document)
    assert [(change.code, change.location, change.params.get("day")) for change in report.changes] == [
        ("day_removed", "workshop 4", 1)]
