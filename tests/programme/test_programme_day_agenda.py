"""A day's agenda replaced whole from the day table: ids kept, nesting and order as given, speakers read, refused whole."""
from __future__ import annotations

import pytest

from confsched.programme import editing
from confsched.programme.editing import ItemRow as AgendaRow
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.queries import load_programme
from confsched.programme.schedule import lay_out_day
from confsched.programme.speakers import SpeakerWords, UnknownSpeaker, read_speakers


def _rows(day, speakers: bool = False) -> list[AgendaRow]:
    """The day's items as table rows, as saved."""
    return [AgendaRow(entry.item.id, entry.depth, {"kind": entry.item.kind.value, "title": entry.item.title,
                                                   "duration_minutes": entry.item.duration_minutes})
            for entry in lay_out_day(day)]


def _starts(day) -> list[tuple[str, str]]:
    """Each item's number and its Berlin start."""
    from confsched import timeengine
    return [(entry.number, timeengine.to_zone(entry.start, "Europe/Berlin").strftime("%H:%M"))
            for entry in lay_out_day(day)]


def test_the_same_rows_change_nothing(app, demo):
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        day = conference.workshops[0].days[0]
        version = conference.version
        outcome = editing.replace_agenda(conference, day, _rows(day))
        assert outcome.changes == []
        assert load_programme(demo).version == version


def test_rows_reordered_nested_and_removed_keep_ids_and_re_flow(app, demo):
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        day = conference.workshops[0].days[0]
        rows = _rows(day)
        ids = [row.item_id for row in rows]
        section = AgendaRow(None, 0, {"kind": "section", "title": {"de": "Block", "tr": "Blok"},
                                      "duration_minutes": None})
        # The two practice examples 4 and 5 go into a new section; item 6 is deleted; item 10 moves first.
        new_rows = [rows[9], *rows[:3], section, AgendaRow(ids[3], 1, rows[3].values),
                    AgendaRow(ids[4], 1, rows[4].values), *rows[6:9]]
        editing.replace_agenda(conference, day, new_rows)

        conference = load_programme(demo, with_access=True)
        day = conference.workshops[0].days[0]
        laid_out = lay_out_day(day)
        assert [entry.item.id for entry in laid_out if entry.item.id != laid_out[4].item.id] == [
            ids[9], ids[0], ids[1], ids[2], ids[3], ids[4], ids[6], ids[7], ids[8]]
        assert laid_out[4].item.kind.value == "section" and laid_out[4].duration_minutes == 30
        assert _starts(day) == [("1", "09:30"), ("2", "09:40"), ("3", "09:45"), ("4", "09:50"), ("5", "10:00"),
                                ("5.1", "10:00"), ("5.2", "10:15"), ("6", "10:30"), ("7", "10:45"), ("8", "11:00")]
        # Out of the section again: the section goes, its items stay with their speakers.
        assert [assignment.person.key for assignment in laid_out[5].item.assignments] == ["harun-yigit"]
        rows = _rows(day)
        editing.replace_agenda(conference, day, [*rows[:4], AgendaRow(rows[5].item_id, 0, rows[5].values),
                                                 AgendaRow(rows[6].item_id, 0, rows[6].values), *rows[7:]])
        day = load_programme(demo, with_access=True).workshops[0].days[0]
        assert [entry.item.id for entry in lay_out_day(day)] == [ids[9], *ids[:5], *ids[6:9]]
        assert [assignment.person.key for assignment in lay_out_day(day)[4].item.assignments] == ["harun-yigit"]


def test_nesting_under_an_item_that_is_no_section_is_refused_whole(app, demo):
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        day = conference.workshops[0].days[0]
        rows = _rows(day)
        bad = [rows[0], AgendaRow(rows[1].item_id, 1, rows[1].values), *rows[2:]]
        with pytest.raises(ProgrammeRejected) as refused:
            editing.replace_agenda(conference, day, bad)
        assert [(problem.code, problem.location) for problem in refused.value.problems] == [
            ("not_a_section", "rows.1.title")]
        conference = load_programme(demo, with_access=True)
        other_day = conference.workshops[1].days[0]
        with pytest.raises(ProgrammeRejected):
            editing.replace_agenda(conference, conference.workshops[0].days[0],
                                   [*rows, AgendaRow(other_day.items[0].id, 0, rows[0].values)])
        assert [entry.item.id for entry in lay_out_day(load_programme(demo).workshops[0].days[0])] == [
            row.item_id for row in rows]


def test_an_overrun_is_refused_unless_the_day_is_extended(app, demo):
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        day = conference.workshops[0].days[0]
        rows = [*_rows(day), AgendaRow(None, 0, {"kind": "break", "title": {"de": "Pause"}, "duration_minutes": 10})]
        with pytest.raises(ProgrammeRejected) as refused:
            editing.replace_agenda(conference, day, rows)
        assert refused.value.problems[0].code == "day_overrun"
        conference = load_programme(demo, with_access=True)
        editing.replace_agenda(conference, conference.workshops[0].days[0], rows, extend_day=True)
        day = load_programme(demo).workshops[0].days[0]
        assert len(day.items) == 11 and day.window_minutes == 130


def test_speakers_are_read_as_people_placeholders_and_organisations(app, demo):
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        words = SpeakerWords(placeholder=("n.n.", "isim belirlenecek"), tbc=("tbc", "angefragt"))
        speakers = read_speakers("Sabine Drees, DST; N.N., Stadt Antalya (angefragt); Plattform-Dienstleister;"
                                 " stefan bege (tbc); Kerim Taşkan", conference, words)
        assert [(s.person.key if s.person else None, s.organisation.key if s.organisation else None,
                 s.organisation_itself, s.tbc) for s in speakers] == [
            ("sabine-drees", None, False, False), (None, "antalya", False, True),
            (None, "plattform-dienstleister", True, False), ("stefan-bege", None, False, True),
            ("kerim-taskan", None, False, False)]
        with pytest.raises(UnknownSpeaker) as unknown:
            read_speakers("Sabine Drees; Max Mustermann, Stadt Nirgendwo", conference, words)
        assert unknown.value.entry == "Max Mustermann, Stadt Nirgendwo"


def test_speakers_of_a_row_replace_the_items_keeping_roles(app, demo):
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        day = conference.workshops[0].days[0]
        rows = _rows(day)
        welcome = rows[1]  # "Begrüßung des Moderators": Alexander Wagner in the welcome role
        rows[1] = AgendaRow(welcome.item_id, 0, welcome.values,
                            read_speakers("Alexander Wagner; Sabine Drees (tbc)", conference))
        rows[3] = AgendaRow(rows[3].item_id, 0, rows[3].values, [])
        editing.replace_agenda(conference, day, rows)
        items = [entry.item for entry in lay_out_day(load_programme(demo).workshops[0].days[0])]
        assert [(a.person.key, a.role.value, a.tbc) for a in items[1].assignments] == [
            ("alexander-wagner", "welcome", False), ("sabine-drees", "welcome", True)]
        assert items[3].assignments == []
        assert [a.person.key for a in items[4].assignments] == ["peter-aldelskamp"]


def test_the_items_a_replacement_deletes_are_named_once(app, demo):
    from confsched.programme.day_agenda import removed_items
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        day = conference.workshops[0].days[0]
        rows = _rows(day)
        assert [item.id for item in removed_items(day, [*rows[:5], *rows[6:]])] == [rows[5].item_id]
        assert removed_items(day, rows) == []
