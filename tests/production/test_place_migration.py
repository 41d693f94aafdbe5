"""Upgrading to places keeps what a stored venue meant: its one-line address split where it can be, kept whole
otherwise, each named in the log."""
import copy

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text

from confsched.extensions import db
from confsched.programme.importer import import_document

from test_migrations import alembic_config, app_on, schema_differences


def places_revision():
    """The migration that introduced places, found by its message so renumbering cannot break this test."""
    script = ScriptDirectory.from_config(alembic_config())
    return next(revision for revision in script.walk_revisions() if revision.doc.startswith("places:"))


def test_upgrading_splits_one_line_venue_addresses_and_keeps_the_others(empty_database_uri, demo_document, caplog):
    with app_on(empty_database_uri).app_context():
        command.upgrade(alembic_config(), "head")
        import_document(copy.deepcopy(demo_document))
        db.session.remove()
        command.downgrade(alembic_config(), places_revision().down_revision)
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE platform SET kind = 'venue', address = 'Rathausplatz 2, 50667 Köln' "
                                    "WHERE key = 'kudo'"))
            connection.execute(text("UPDATE platform SET kind = 'venue', address = 'Bürgersaal im Rathaus' "
                                    "WHERE key = 'zoom'"))
        caplog.set_level("WARNING", logger="alembic.runtime.migration")
        command.upgrade(alembic_config(), "head")
        with db.engine.connect() as connection:
            rows = {row.key: tuple(row[1:]) for row in connection.execute(text(
                "SELECT key, kind, street_address, postcode, city, country, room, online_name FROM platform"))}
        assert schema_differences() == []
        db.engine.dispose()
    assert rows == {"kudo": ("venue", "Rathausplatz 2", "50667", "Köln", None, None, None),
                    "zoom": ("venue", "Bürgersaal im Rathaus", None, None, None, None, None)}
    messages = [record.getMessage() for record in caplog.records if "venue" in record.getMessage()]
    assert any("'kudo'" in message and "split" in message for message in messages)
    assert any("'zoom'" in message and "kept" in message for message in messages)
