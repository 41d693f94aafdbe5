"""Migrations and models agree, and upgrading never loses a row, on SQLite and PostgreSQL."""
import copy
import datetime as dt
import os
import subprocess
import sys

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import String, cast, create_engine, func, inspect, literal, select, text, update

import confsched.models  # noqa: F401 - every model in the metadata
from confsched import PROJECT_ROOT, create_app
from confsched.database import create_schema
from confsched.extensions import db, migrate
from confsched.programme import document as programme_document
from confsched.calendars.events import event_guid
from confsched.programme import editing
from confsched.programme.importer import import_document
from confsched.programme.models import WorkshopDay
from confsched.programme.queries import load_programme
from confsched.programme.synthetic import synthetic_document
from confsched.registration.models import Registrant, Registration, RegistrationStatus, Role


def app_on(database_uri: str):
    """A test app on the given database, without preparing its schema."""
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_uri})


def alembic_config():
    """The app's Alembic configuration, leaving the test run's logging alone."""
    config = migrate.get_config()
    config.attributes["configure_logging"] = False
    return config


def head_revision() -> str:
    """The newest migration in migrations/versions."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def stored_revision() -> str | None:
    """The migration the database says it is at."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def row_counts() -> dict[str, int]:
    """How many rows every table of the models holds."""
    with db.engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in db.metadata.sorted_tables
        }


def schema_differences() -> list:
    """What autogenerate would write to turn the database into the models (nothing, if they agree)."""
    with db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata)


def test_migrations_build_exactly_the_models_schema(empty_database_uri):
    """Upgrading an empty database through every migration gives the schema the models describe."""
    with app_on(empty_database_uri).app_context():
        command.upgrade(alembic_config(), "head")
        assert stored_revision() == head_revision()
        assert schema_differences() == []
        db.engine.dispose()


def test_schema_from_models_is_stamped_and_matches(empty_database_uri):
    """init-db on an empty database creates the models' tables and records the newest migration."""
    app = app_on(empty_database_uri)
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0 and "created the tables" in result.output
    with app.app_context():
        assert stored_revision() == head_revision()
        assert schema_differences() == []
        db.engine.dispose()


def later_revisions() -> list:
    """Every migration after the first, oldest first: each must be reversible without losing rows."""
    with app_on("sqlite://").app_context():
        revisions = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())
    return [revision.revision for revision in reversed(revisions) if revision.down_revision is not None]


def private_export() -> str:
    """The demo as a private programme document: every stored value, access data included."""
    conference = load_programme("vorkonferenz-2020", with_access=True)
    return programme_document.dumps(programme_document.export_document(conference, include_access=True))


def register_someone() -> None:
    """A confirmed registration for the demo's workshop 1: rows that refer to rows SQLite migrations rebuild."""
    conference = load_programme("vorkonferenz-2020")
    registrant = Registrant(conference=conference, email="teilnahme@example.de", name="Ada Teilnehmerin",
                            language="de", zone="Europe/Berlin", consent_given_at=dt.datetime.now(dt.UTC))
    registrant.registrations.append(Registration(workshop=conference.workshops[0], role=Role.active,
                                                 status=RegistrationStatus.active))
    db.session.add(registrant)


def test_upgrading_a_filled_database_keeps_every_row(empty_database_uri, demo_document):
    """The demo, stored in a database built by migrations, survives upgrades and every later migration's round trip."""
    with app_on(empty_database_uri).app_context():
        command.upgrade(alembic_config(), "head")
        import_document(copy.deepcopy(demo_document))
        # Days older than revision 0006 carry row-id identities: the only kind a downgrade past it can give back.
        db.session.execute(update(WorkshopDay).values(
            identity=literal("workshop-day-").concat(cast(WorkshopDay.id, String)), frab_id=WorkshopDay.id))
        register_someone()
        db.session.commit()
        before, exported = row_counts(), private_export()
        db.session.remove()
        assert before["agenda_item"] > 0 and before["platform_access"] == 2 and before["registration"] == 1
        for revision in later_revisions():
            down = ScriptDirectory.from_config(alembic_config()).get_revision(revision).down_revision
            command.downgrade(alembic_config(), down)
            command.upgrade(alembic_config(), "head")
        assert create_schema() == "upgraded to the newest migration"
        assert row_counts() == before
        assert private_export() == exported
        db.session.remove()
        db.engine.dispose()


def published_identities(client, slug: str) -> tuple[set[str], set[tuple[int, str]]]:
    """The UIDs of a conference's feed and the (id, GUID) pairs of its schedule.json."""
    feed = client.get(f"/de/{slug}/calendar.ics").get_data(as_text=True)
    uids = {line.removeprefix("UID:") for line in feed.splitlines() if line.startswith("UID:")}
    schedule = client.get(f"/de/{slug}/schedule.json").get_json()["schedule"]["conference"]
    frab = {(event["id"], event["guid"]) for day in schedule["days"] for events in day["rooms"].values()
            for event in events}
    return uids, frab


STABLE_IDENTITY_REVISION = "0006"


def test_upgrading_to_stored_identities_keeps_every_published_uid(empty_database_uri, demo_document):
    """A database from before stored identities, with rows and a deleted day, upgraded, publishes exactly the UIDs,
    frab ids and GUIDs that were derived from row ids; the next new day takes none of them."""
    app = app_on(empty_database_uri)
    with app.app_context():
        command.upgrade(alembic_config(), "head")
        import_document(synthetic_document("zweite", workshops=2, days_per_workshop=1))
        import_document(copy.deepcopy(demo_document))
        before = ScriptDirectory.from_config(alembic_config()).get_revision(STABLE_IDENTITY_REVISION).down_revision
        command.downgrade(alembic_config(), before)
        db.session.remove()
        with db.engine.begin() as connection:
            deleted = connection.execute(text("SELECT max(id) FROM workshop_day")).scalar_one()
            connection.execute(text("DELETE FROM workshop_day WHERE id = :id"), {"id": deleted})
            day_ids = connection.execute(text(
                "SELECT workshop_day.id FROM workshop_day JOIN workshop ON workshop.id = workshop_day.workshop_id "
                "JOIN conference ON conference.id = workshop.conference_id WHERE conference.slug = :slug"),
                {"slug": "vorkonferenz-2020"}).scalars().all()
        host = app.config["CONFSCHED_HOST"]
        expected_uids = {f"workshop-day-{day_id}@{host}" for day_id in day_ids}
        assert len(expected_uids) == 4

        command.upgrade(alembic_config(), "head")
        uids, frab = published_identities(app.test_client(), "vorkonferenz-2020")
        assert uids == expected_uids
        assert frab == {(day_id, event_guid(f"workshop-day-{day_id}@{host}")) for day_id in day_ids}

        conference = load_programme("vorkonferenz-2020", with_access=True)
        day = editing.add_day(conference, editing.find_workshop(conference, 1), {
            "date": dt.date(2020, 6, 22), "local_start": dt.time(9, 30), "local_end": dt.time(11, 30),
            "zone": "Europe/Berlin"})
        assert f"{day.identity}@{host}" not in expected_uids
        # PostgreSQL's sequence remembers the deleted day's id; SQLite never knew more than the rows left.
        above = deleted if db.engine.dialect.name == "postgresql" else max(day_ids)
        assert day.frab_id == above + 1
        db.session.remove()
        db.engine.dispose()


def test_database_without_migration_history_is_refused_and_untouched(empty_database_uri):
    """Tables without a migration history are not guessed at: init-db stops with advice and changes nothing."""
    app = app_on(empty_database_uri)
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 1 and "no migration history" in result.output
    assert "db stamp head" in result.output
    with app.app_context():
        assert "alembic_version" not in inspect(db.engine).get_table_names()
        db.engine.dispose()


def flask_command(database_uri: str, *args: str) -> subprocess.CompletedProcess:
    """Run `flask --app confsched ...` as an operator would, configured through the environment."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("FLASK_", "CONFSCHED_"))}
    environment.update(DATABASE_URL=database_uri, SECRET_KEY="operator-secret-key-for-tests")
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "confsched", *args],
        cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )


def test_flask_db_upgrade_creates_then_upgrades_a_database(empty_database_uri):
    """`flask db upgrade` builds an empty database, the demo loads into it, and upgrading again keeps it."""
    created = flask_command(empty_database_uri, "db", "upgrade")
    assert created.returncode == 0, created.stderr
    assert "Running upgrade  -> " in created.stderr
    demo = flask_command(empty_database_uri, "demo")
    assert demo.returncode == 0 and "created" in demo.stdout, demo.stderr
    again = flask_command(empty_database_uri, "db", "upgrade")
    assert again.returncode == 0, again.stderr
    engine = create_engine(empty_database_uri)
    with engine.connect() as connection:
        # The published programme; the demo's second release went through a working draft, which is a copy.
        assert connection.execute(text("SELECT count(*) FROM workshop JOIN conference ON conference.id = "
                                       "workshop.conference_id WHERE conference.draft_of_id IS NULL")).scalar_one() == 4
        assert connection.execute(text("SELECT count(*) FROM workshop_day WHERE NOT draft")).scalar_one() == 5
        assert connection.execute(text("SELECT max(number) FROM release")).scalar_one() == 2
    engine.dispose()


JOIN_LINK_REVISION = "0002"


def test_upgrading_clears_join_links_that_are_not_https_and_names_them(empty_database_uri, demo_document, caplog):
    """Join links stored before the https rule are checked: unsafe ones are cleared and named, good ones kept."""
    with app_on(empty_database_uri).app_context():
        command.upgrade(alembic_config(), "head")
        import_document(copy.deepcopy(demo_document))
        db.session.remove()
        before = ScriptDirectory.from_config(alembic_config()).get_revision(JOIN_LINK_REVISION).down_revision
        command.downgrade(alembic_config(), before)
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE platform_access SET join_url = 'javascript:alert(document.domain)' "
                                    "WHERE platform_id = (SELECT id FROM platform WHERE key = 'zoom')"))
        caplog.set_level("WARNING", logger="alembic.runtime.migration")
        command.upgrade(alembic_config(), "head")
        with db.engine.connect() as connection:
            links = dict(connection.execute(text(
                "SELECT platform.key, join_url FROM platform_access JOIN platform ON platform.id = platform_id")).all())
        db.engine.dispose()
    assert links == {"kudo": "https://kudo.example.org/join/vorkonferenz-2020", "zoom": None}
    (warning,) = [record.getMessage() for record in caplog.records if "join link" in record.getMessage()]
    assert "'zoom'" in warning and "'vorkonferenz-2020'" in warning and "javascript" in warning
    assert "alert" not in warning
