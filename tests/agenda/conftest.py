"""Fixtures for the agenda pages: compiled catalogues, page parsing, statement counting and a live server."""
from __future__ import annotations

import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import lxml.html
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import event
from werkzeug.serving import make_server

from confsched import PROJECT_ROOT
from confsched.extensions import db

TRANSLATIONS = PROJECT_ROOT / "translations"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """Compile stale .mo files from the .po catalogues, as the set-up and CI do (binaries are not committed)."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
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
def page(client):
    """Factory: GET a URL and return (response, parsed HTML document)."""

    def get(url: str, expected_status: int = 200, **kwargs):
        response = client.get(url, **kwargs)
        assert response.status_code == expected_status, response.get_data(as_text=True)[:2000]
        return response, lxml.html.fromstring(response.get_data(as_text=True))

    return get


@pytest.fixture
def count_statements(app):
    """Context manager collecting every SQL statement the app's engine executes inside it."""

    @contextmanager
    def counting():
        statements: list[str] = []

        def record(connection, cursor, statement, parameters, context, executemany):
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
    """The app served by werkzeug on a random loopback port, in a thread, for the browser."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright cannot download browsers here)."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def text_of():
    """Function: an element's text with whitespace collapsed, as a reader sees it."""
    return lambda element: " ".join(element.text_content().split())
