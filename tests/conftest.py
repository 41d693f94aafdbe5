"""Shared fixtures in the flaskr style: app, client, runner, plus programme factories."""
from __future__ import annotations

import copy

import pytest

from confsched import create_app
from confsched.database import create_schema
from confsched.extensions import db
from confsched.programme.cli import demo_text
from confsched.programme.importer import import_document
from confsched.programme.synthetic import synthetic_document
from confsched.programme.validation import parse

DEMO_SLUG = "vorkonferenz-2020"


@pytest.fixture
def app(tmp_path):
    """A fresh app on its own SQLite file."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'confsched.sqlite'}",
            "CONFSCHED_HOST": "test.confsched.invalid",
            "CONFSCHED_BASE_URL": "http://localhost",
        }
    )
    with app.app_context():
        create_schema()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """A test client for the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the app's Click commands."""
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def demo_document() -> dict:
    """The shipped demo programme, parsed once per session (copy before changing it)."""
    return parse(demo_text())


@pytest.fixture
def load_document(app):
    """Factory: import a document into the app's database and return the import report."""

    def load(document: dict, dry_run: bool = False):
        with app.app_context():
            return import_document(copy.deepcopy(document), dry_run=dry_run)

    return load


@pytest.fixture
def demo(load_document, demo_document) -> str:
    """The 2020 pre-conference loaded; returns its slug."""
    load_document(demo_document)
    return DEMO_SLUG


@pytest.fixture
def make_document():
    """Factory: a valid synthetic document of any size."""
    return synthetic_document
