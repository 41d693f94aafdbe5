"""Binds SQLAlchemy to the app and provides the `init-db` command."""
from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from confsched.extensions import db


def init_app(app: Flask) -> None:
    """Wire the database extension and its CLI command into the app."""
    db.init_app(app)
    app.cli.add_command(init_db_command)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """Make SQLite honour foreign keys and wait for writers instead of failing at once."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def create_schema() -> None:
    """Create every table the models define (idempotent)."""
    import confsched.models  # noqa: F401 - registers every model with the metadata

    db.create_all()


@click.command("init-db")
def init_db_command() -> None:
    """Create the database tables if they do not exist yet."""
    create_schema()
    click.echo("Initialised the database.")
