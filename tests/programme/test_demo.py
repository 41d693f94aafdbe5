"""The 2020 pre-conference as stored: every seed table, in both zones, derived from durations."""
import json

import jsonschema
import pytest

from confsched import timeengine
from confsched.programme import document as programme_document
from confsched.programme import releases
from confsched.programme.queries import load_programme
from confsched.programme.schedule import lay_out_day
from tests.conftest import DEMO_SLUG

# The seed's agenda tables as printed (CET column really is Berlin wall time, TRT Istanbul).
SEED_TABLES = {
    1: [("09:30", "10:30"), ("09:35", "10:35"), ("09:40", "10:40"), ("09:50", "10:50"), ("10:05", "11:05"),
        ("10:20", "11:20"), ("10:35", "11:35"), ("10:50", "11:50"), ("11:05", "12:05"), ("11:20", "12:20")],
    2: [("13:00", "14:00"), ("13:05", "14:05"), ("13:10", "14:10"), ("13:20", "14:20"), ("13:35", "14:35"),
        ("13:50", "14:50"), ("14:05", "15:05"), ("14:20", "15:20"), ("14:35", "15:35"), ("14:50", "15:50")],
}
SEED_WINDOWS = {
    (1, 0): ("2020-06-15", "09:30", "11:30", "10:30", "12:30"),
    (2, 0): ("2020-06-15", "13:00", "15:00", "14:00", "16:00"),
    (3, 0): ("2020-06-16", "10:00", "12:00", "11:00", "13:00"),
    (4, 0): ("2020-06-03", "10:00", "16:00", "11:00", "17:00"),
    (4, 1): ("2020-06-10", "10:00", "16:00", "11:00", "17:00"),
}


def clock(instant, zone):
    """Wall-clock HH:MM of an instant in a zone."""
    return timeengine.to_zone(instant, zone).strftime("%H:%M")


@pytest.fixture
def programme(app, demo):
    """The demo programme loaded inside an app context."""
    with app.app_context():
        yield load_programme(demo)


@pytest.mark.parametrize("number", [1, 2])
def test_seed_agenda_tables_in_both_zones(programme, number):
    """Every printed row of workshops 1 and 2 comes out of the durations, in Berlin and Istanbul."""
    workshop = programme.workshops[number - 1]
    placed = lay_out_day(workshop.days[0])
    derived = [(clock(entry.start, "Europe/Berlin"), clock(entry.start, "Europe/Istanbul")) for entry in placed]
    assert derived == SEED_TABLES[number]


@pytest.mark.parametrize(("key", "window"), SEED_WINDOWS.items())
def test_seed_windows_in_both_zones(programme, key, window):
    """Each workshop day's window matches the seed's workshop pages in both zones."""
    number, position = key
    day = programme.workshops[number - 1].days[position]
    date, berlin_start, berlin_end, istanbul_start, istanbul_end = window
    assert day.local_date.isoformat() == date
    assert (clock(day.starts_at, "Europe/Berlin"), clock(day.ends_at, "Europe/Berlin")) == (berlin_start, berlin_end)
    assert (clock(day.starts_at, "Europe/Istanbul"), clock(day.ends_at, "Europe/Istanbul")) == (istanbul_start, istanbul_end)


def test_workshop_one_utc_starts(programme):
    """The acceptance list: ten timed items at these UTC instants."""
    placed = lay_out_day(programme.workshops[0].days[0])
    assert [entry.start.strftime("%H:%M") for entry in placed] == [
        "07:30", "07:35", "07:40", "07:50", "08:05", "08:20", "08:35", "08:50", "09:05", "09:20"]
    assert all(entry.start.tzinfo is not None and entry.start.utcoffset().total_seconds() == 0 for entry in placed)


def test_workshop_three_nests_the_exchange(programme):
    """The 90-minute exchange holds the city presentations (4 × 10 min) and the moderated discussion."""
    placed = lay_out_day(programme.workshops[2].days[0])
    exchange = next(entry for entry in placed if entry.duration_minutes == 90)
    inside = [entry for entry in placed if entry.number.startswith(exchange.number + ".")]
    assert [entry.depth for entry in inside].count(exchange.depth + 2) == 4
    assert all(entry.duration_minutes == 10 for entry in inside if entry.depth == exchange.depth + 2)
    assert clock(exchange.start, "Europe/Berlin") == "10:10" and clock(exchange.end, "Europe/Berlin") == "11:40"
    assert exchange.item.assignments[0].role.value == "moderator"


def test_workshop_four_runs_two_untimed_days(programme):
    """Workshop 4 has two days whose activities are listed in order without times."""
    days = programme.workshops[3].days
    assert len(days) == 2
    assert all(entry.start is None for day in days for entry in lay_out_day(day))
    assert programme.workshops[3].platform.name == "Zoom"


def test_speakers_are_spelled_exactly(programme):
    """Turkish letters survive storage, and N.N. slots keep their organisation."""
    names = {person.display_name for person in programme.people}
    for expected in ("Harun Yiğit", "Kerim Taşkan", "Prof. Ali Zafer Sağiroğlu", "Iraz Bayındır",
                     "İbrahim Karatüme", "Idris Akdın", "Dr. Annegret Warth"):
        assert expected in names
    closing = lay_out_day(programme.workshops[0].days[0])[-1].item
    assert len(closing.assignments) == 2
    antalya = [assignment for item in programme.workshops[0].days[0].items for assignment in item.assignments
               if assignment.is_placeholder and "Antalya" in assignment.organisation.name["de"]]
    assert len(antalya) == 1 and antalya[0].tbc
    provider = lay_out_day(programme.workshops[0].days[0])[0].item.assignments[0]
    assert provider.organisation_itself and not provider.is_placeholder and provider.person is None


def test_demo_is_bilingual(programme):
    """Every workshop and item title exists in German and Turkish."""
    for workshop in programme.workshops:
        assert workshop.title.get("de") and workshop.title.get("tr")
        for day in workshop.days:
            assert all(item.title.get("de") and item.title.get("tr") for item in day.items)
    assert programme.workshops[0].title["tr"] == "Dijital Şehir"


def test_export_validates_and_has_four_workshops(programme):
    """The exported document matches the shipped schema."""
    exported = programme_document.export_document(programme)
    jsonschema.Draft202012Validator(programme_document.load_schema()).validate(exported)
    assert [workshop["number"] for workshop in exported["workshops"]] == [1, 2, 3, 4]


def test_public_export_carries_no_access_data(programme):
    """Secrets are only in private exports."""
    public = programme_document.dumps(programme_document.export_document(programme))
    assert "Kd-7319-secret" not in public and "example.org/join" not in public
    assert '"access"' not in public


def test_loading_the_demo_twice_keeps_one_copy(app, load_document, demo_document, demo):
    """Re-running the demo is a no-op."""
    report = load_document(demo_document)
    assert report.changes == [] and not report.created
    with app.app_context():
        programme = load_programme(demo)
        assert len(programme.workshops) == 4
        assert programme.version == 1
        assert json.loads(programme_document.dumps(programme_document.export_document(programme)))


def test_every_workshop_takes_thirty_active_participants_and_listeners(programme):
    """The seed: up to 30 active participants per workshop, further listeners admitted."""
    assert [(workshop.capacity, workshop.listeners_admitted) for workshop in programme.workshops] == [(30, True)] * 4


def test_the_demo_command_publishes_a_second_release_then_stays_put(app, runner):
    """`flask demo` loads release 1, publishes release 2 through the draft (Stadt Antalya's speaker named, Stefan
    Bege confirmed) with a comment in both languages; running it again changes nothing, not even SEQUENCE."""
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0
    assert "vorkonferenz-2020: created, release 1 published; release 2 published (2 changes)." in first.stdout

    def state():
        with app.app_context():
            programme = load_programme(DEMO_SLUG)
            listed = releases.releases(programme)
            return (programme.release_number, programme.version, [day.sequence for workshop in programme.workshops
                                                                  for day in workshop.days],
                    [(release.number, [change["kind"] for change in release.changes]) for release in listed])

    before = state()
    assert before[0] == 2 and before[1] == 2  # programme version 1 as release 1, 2 as release 2
    assert before[3][0] == (2, ["speaker_confirmed", "speaker_named"])
    with app.app_context():
        programme = load_programme(DEMO_SLUG)
        release = releases.find_release(programme, 2)
        assert set(release.comment) == {"de", "tr"}
        items = programme.workshops[0].days[0].items
        antalya = [assignment for item in items for assignment in item.assignments
                   if assignment.organisation is not None and assignment.organisation.key == "antalya"]
        assert [(assignment.person.display_name, assignment.tbc) for assignment in antalya] == [("Elif Yıldız", False)]
        bege = [assignment for item in items for assignment in item.assignments
                if assignment.person is not None and assignment.person.key == "stefan-bege"]
        assert [assignment.tbc for assignment in bege] == [False]

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0 and "vorkonferenz-2020: already up to date (release 2)." in again.stdout
    assert state() == before
