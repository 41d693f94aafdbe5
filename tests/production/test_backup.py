"""`flask backup` writes private, restorable programme documents of every conference."""
import copy
import datetime as dt
import json
import stat

import pytest

from confsched import create_app
from confsched.extensions import db
from confsched.programme import editing, releases
from confsched.programme.importer import import_document
from confsched.programme.queries import load_programme
from confsched.programme.validation import parse
from tests.conftest import DEMO_SLUG, prepare_schema


def test_backup_writes_every_conference_privately_with_access_data(runner, demo, load_document, make_document, tmp_path):
    """Each conference becomes an owner-only file holding its access data, in an owner-only directory."""
    load_document(make_document(slug="zweite-konferenz", workshops=2))
    target = tmp_path / "backups"
    result = runner.invoke(args=["backup", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Wrote 2 file(s)" in result.output
    assert sorted(path.name for path in target.iterdir()) == ["vorkonferenz-2020.json", "zweite-konferenz.json"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    for path in target.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = (target / "vorkonferenz-2020.json").read_text(encoding="utf-8")
    assert "Kd-7319-secret" in text and "Zm-4482-secret" in text


def test_backup_keeps_drafts_and_conferences_never_released(app, runner, demo, load_document, demo_document, tmp_path):
    """What organisers are still preparing is backed up too: every draft, and a conference that was never released."""
    new = {**demo_document, "conference": {**demo_document["conference"], "slug": "noch-nicht-oeffentlich"}}
    with app.app_context():
        import_document(copy.deepcopy(new), draft=True)
        releases.working_draft(demo)
    target = tmp_path / "backups"
    result = runner.invoke(args=["backup", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in target.iterdir()) == [
        "noch-nicht-oeffentlich.draft.json", "vorkonferenz-2020.draft.json", "vorkonferenz-2020.json"]
    restored = runner.invoke(args=["import", "--draft", str(target / "noch-nicht-oeffentlich.draft.json")])
    assert restored.exit_code == 0 and "already up to date" in restored.output, restored.output


def test_backup_equals_the_private_export_and_restores(runner, demo, tmp_path):
    """The backup is byte for byte the private export, and importing it changes nothing."""
    runner.invoke(args=["backup", "-o", str(tmp_path / "backups")])
    backup = (tmp_path / "backups" / "vorkonferenz-2020.json").read_text(encoding="utf-8")
    exported = runner.invoke(args=["export", demo, "--with-access"])
    assert backup == exported.output
    restored = runner.invoke(args=["import", str(tmp_path / "backups" / "vorkonferenz-2020.json")])
    assert restored.exit_code == 0 and "already up to date" in restored.output
    assert parse(backup)["conference"]["slug"] == demo


def test_backup_replaces_an_earlier_file_atomically(runner, demo, tmp_path):
    """Backing up into the same directory again replaces the file and leaves no scratch files."""
    target = tmp_path / "backups"
    target.mkdir()
    (target / "vorkonferenz-2020.json").write_text("stale", encoding="utf-8")
    runner.invoke(args=["backup", "-o", str(target)])
    assert [path.name for path in target.iterdir()] == ["vorkonferenz-2020.json"]
    assert json.loads((target / "vorkonferenz-2020.json").read_text(encoding="utf-8"))["conference"]["slug"] == demo


def test_backup_of_an_empty_database(runner, tmp_path):
    """With no conferences the command succeeds and says so."""
    result = runner.invoke(args=["backup", "-o", str(tmp_path / "empty")])
    assert result.exit_code == 0 and "Wrote 0 file(s)" in result.output


@pytest.fixture
def empty_twin(request, app, tmp_path):
    """A second app configured like `app`, on a database of the same kind with the current schema and no rows."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        uri = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    else:
        uri = request.getfixturevalue("create_postgresql_database")()
    prepare_schema(uri)
    twin = create_app({**{name: app.config[name] for name in (
        "TESTING", "SECRET_KEY", "CONFSCHED_HOST", "CONFSCHED_BASE_URL")}, "SQLALCHEMY_DATABASE_URI": uri})
    yield twin
    with twin.app_context():
        db.session.remove()
        db.engine.dispose()


def published_identities(client) -> tuple[dict[str, str], dict[str, tuple[int, str]]]:
    """The demo's calendar UIDs and frab (id, GUID) pairs, by the UTC start of each day."""
    feed = client.get("/de/vorkonferenz-2020/calendar.ics").get_data(as_text=True)
    uids, start = {}, None
    for line in feed.splitlines():
        if line.startswith("DTSTART"):
            start = line.rpartition(":")[2]
        elif line.startswith("UID:"):
            uid = line.removeprefix("UID:")
        elif line == "END:VEVENT":
            uids[start] = uid
    schedule = client.get("/de/vorkonferenz-2020/schedule.json").get_json()["schedule"]["conference"]
    frab = {event["date"]: (event["id"], event["guid"]) for day in schedule["days"]
            for events in day["rooms"].values() for event in events}
    return uids, frab


def test_a_restore_into_an_empty_database_keeps_every_identity(app, runner, client, demo_document, load_document,
                                                               make_document, empty_twin, tmp_path):
    """Restored days keep their UIDs, frab ids and GUIDs though their rows get other ids, and a day added after the
    restore takes none of the frab ids handed out before the backup, not even that of a removed day."""
    load_document(make_document(slug="zweite-konferenz", workshops=2))
    load_document(demo_document)
    with app.app_context():
        conference = load_programme(DEMO_SLUG, with_access=True)
        workshop = editing.find_workshop(conference, 4)
        editing.delete_day(conference, workshop, workshop.days[1])
    before = published_identities(client)
    runner.invoke(args=["backup", "-o", str(tmp_path / "backups")])

    backup = tmp_path / "backups" / "vorkonferenz-2020.json"
    restored = empty_twin.test_cli_runner().invoke(args=["import", str(backup)])
    assert restored.exit_code == 0, restored.output
    assert published_identities(empty_twin.test_client()) == before
    with empty_twin.app_context():
        conference = load_programme(DEMO_SLUG, with_access=True)
        day = editing.add_day(conference, editing.find_workshop(conference, 1), {
            "date": dt.date(2020, 6, 22), "local_start": dt.time(9, 30), "local_end": dt.time(11, 30),
            "zone": "Europe/Berlin"})
        assert day.frab_id == 6
