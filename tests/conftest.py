"""Shared fixtures in the flaskr style: app, client, runner, plus programme factories."""
from __future__ import annotations

import copy
import os
import secrets
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import create_engine, event, text
from werkzeug.serving import make_server

from confsched import PROJECT_ROOT, create_app
from confsched.config import normalise_database_url
from confsched.database import create_schema
from confsched.extensions import db
from confsched.programme.cli import demo_text
from confsched.programme import releases
from confsched.programme.importer import import_document
from confsched.programme.queries import load_programme
from confsched.programme.synthetic import synthetic_document
from confsched.programme.validation import parse
from tests.calendars.libical import restriction_problems, unavailable_reason

DEMO_SLUG = "vorkonferenz-2020"
CHROMIUM = Path("/usr/bin/chromium")
# axe-core from npm (`npm ci` installs the version package-lock.json pins), for WCAG checks in the browser tests.
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Chromium as root on a machine without network: no sandbox, no background fetches.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def database_backends() -> list:
    """SQLite always; PostgreSQL as well when CONFSCHED_TEST_DATABASE_URL names a server to test on."""
    backends = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get("CONFSCHED_TEST_DATABASE_URL"):
        backends.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql))
    return backends


def prepare_schema(database_uri: str) -> None:
    """Give an empty database the current schema the way `init-db` does."""
    schema_app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_uri})
    with schema_app.app_context():
        create_schema()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """An SQLite file with the current schema, built once per session and copied for every test."""
    path = tmp_path_factory.mktemp("sqlite-template") / "confsched.sqlite"
    prepare_schema(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgresql_server():
    """An autocommit engine on the PostgreSQL server named by CONFSCHED_TEST_DATABASE_URL."""
    engine = create_engine(
        normalise_database_url(os.environ["CONFSCHED_TEST_DATABASE_URL"]), isolation_level="AUTOCOMMIT"
    )
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def create_postgresql_database(postgresql_server):
    """Factory: a new, empty database on the test server, dropped when the session ends."""
    created = []

    def create() -> str:
        name = f"confsched_test_{os.getpid()}_{secrets.token_hex(4)}"
        with postgresql_server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return postgresql_server.url.set(database=name).render_as_string(hide_password=False)

    yield create
    with postgresql_server.connect() as connection:
        for name in created:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgresql_database(create_postgresql_database):
    """This session's PostgreSQL database with the current schema, and an engine to empty it between tests."""
    url = create_postgresql_database()
    prepare_schema(url)
    engine = create_engine(url)
    yield url, engine
    engine.dispose()


def empty_postgresql_tables(engine) -> None:
    """Remove every row and restart every id sequence: a fresh database, in one statement."""
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=database_backends())
def database_uri(request, tmp_path) -> str:
    """The database for one test: a copy of the SQLite template, or the session's emptied PostgreSQL database."""
    if request.param == "sqlite":
        path = tmp_path / "confsched.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url, engine = request.getfixturevalue("postgresql_database")
    empty_postgresql_tables(engine)
    return url


@pytest.fixture(params=database_backends())
def empty_database_uri(request, tmp_path) -> str:
    """A database without any tables, once per backend, for tests of schema creation and migrations."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    return request.getfixturevalue("create_postgresql_database")()


@pytest.fixture
def app(database_uri):
    """A fresh app on a fresh database, once per database backend."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "CONFSCHED_HOST": "test.confsched.invalid",
            "CONFSCHED_BASE_URL": "http://localhost",
        }
    )
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
def publish(app):
    """Factory: publish a conference's draft as its next release (what the editor's button does) and return its
    number; what the editor, the write API and their imports change reaches pages, feeds and registrants only so."""

    def publish_draft(slug: str = DEMO_SLUG, comment: dict | None = None, by: str = "organiser@example.org") -> int:
        with app.app_context():
            return releases.publish(slug, by, comment).number

    return publish_draft


@pytest.fixture
def draft_programme(app):
    """Factory: the working draft of a conference, loaded whole, as the editor and the write API change it (call
    inside an app context)."""

    def load(slug: str = DEMO_SLUG, with_access: bool = False):
        return load_programme(slug, with_access=with_access, draft=True) or releases.working_draft(slug)

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


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """Compile stale .mo files from the .po catalogues, as set-up and CI do (binaries are not committed)."""
    for po_path in (PROJECT_ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file)
        handle, temporary = tempfile.mkstemp(dir=mo_path.parent, suffix=".mo.tmp")
        with os.fdopen(handle, "wb") as mo_file:
            write_mo(mo_file, catalogue)
        os.replace(temporary, mo_path)


@pytest.fixture
def count_statements(app):
    """Context manager collecting every SQL statement the app's engine executes inside it."""

    @contextmanager
    def counting():
        """Yield the list that collects the statements run inside the block."""
        statements: list[str] = []

        def record(connection, cursor, statement, parameters, context, executemany):
            """Remember one statement."""
            statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting


@pytest.fixture
def live_server(app):
    """The app served by werkzeug on a random loopback port, in a thread, for browsers and HTTP clients."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, one per session (Playwright cannot download browsers here)."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe():
    """Function: the WCAG 2.1 A and AA violations axe-core finds in a page or frame, as "rule: targets" lines.

    Injected through the DevTools protocol, so the page's own policy (scripts from the site only) stays on.
    Skipped where `npm ci` has not run; on CI (CI=true), that is a failure instead.
    """
    if not AXE_SCRIPT.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is missing: run `npm ci` in the project root")
        pytest.skip("axe-core is not installed: run `npm ci` in the project root")
    source = AXE_SCRIPT.read_text(encoding="utf-8")

    def violations(frame, iframes: bool = True) -> list[str]:
        frame.evaluate(source)
        return frame.evaluate(
            """([tags, iframes]) => axe.run(document, {runOnly: {type: "tag", values: tags}, iframes: iframes})
                .then(result => result.violations.map(
                    rule => rule.id + ": " + rule.nodes.map(node => node.target.join(" ")).join(", ")))""",
            [WCAG_21_AA, iframes],
        )

    return violations


@pytest.fixture(scope="session")
def libical():
    """libical's restriction check as a function of a calendar's bytes; skipped where Debian's bindings are missing."""
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    return restriction_problems
