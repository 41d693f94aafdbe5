"""Binds SQLAlchemy to the app and provides the `init-db` command."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from alembic import command
from flask import Flask
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine

from confsched.extensions import db, migrate

MIGRATIONS_DIRECTORY = Path(__file__).resolve().parent.parent / "migrations"


def init_app(app: Flask) -> None:
    """Wire the database extension, its migrations (`flask db ...`) and `init-db` into the app."""
    db.init_app(app)
    # Batch mode lets Alembic alter SQLite tables by copying them, the only way SQLite allows.
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIRECTORY), render_as_batch=True, compare_type=True)
    app.cli.add_command(init_db_command)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """Make SQLite honour foreign keys and wait for writers instead of failing at once."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


class UnversionedDatabase(click.ClickException):
    """The database has tables but no migration history, so upgrading it would be guesswork."""


def create_schema() -> str:
    """Bring the database to the current schema, the way Indico's `db prepare` does.

    An empty database gets every table straight from the models and is stamped with the
    newest migration (the tests prove both give the same schema); a database that already
    has a migration history is upgraded, so `init-db` and `demo` are safe after an update.
    Returns what it did, for the command line.
    """
    import confsched.models  # noqa: F401 - registers every model with the metadata

    tables = set(inspect(db.engine).get_table_names())
    config = migrate.get_config()
    config.attributes["configure_logging"] = False
    if not tables:
        db.create_all()
        command.stamp(config, "head")
        return "created the tables"
    if "alembic_version" in tables:
        command.upgrade(config, "head")
        return "upgraded to the newest migration"
    raise UnversionedDatabase(
        "The database has tables but no migration history. If its schema is current, "
        "record that with `flask --app confsched db stamp head`; otherwise start from an empty database."
    )


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create the tables of an empty database, or upgrade an existing one to the newest migration."""
    click.echo(f"Initialised the database: {create_schema()}.")
