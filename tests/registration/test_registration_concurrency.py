"""100 people register for 30 seats at the same moment, through a real threaded HTTP server: never a 31st seat."""
from __future__ import annotations

import http.cookiejar
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from confsched import create_app
from confsched.extensions import db
from confsched.programme.importer import import_document
from confsched.registration import operations, queries
from confsched.registration.models import Registration, RegistrationDesk, RegistrationStatus
from tests.registration.conftest import configure_mail, csrf_token, link

REGISTRANTS = 100
SEATS = 30
# Like gunicorn with 8 worker threads: all 100 clients connect at once and queue for a worker.
SERVER_THREADS = 8


class WorkerThreads:
    """WSGI middleware that lets at most `count` requests run in the app at a time, as a server's worker pool does."""

    def __init__(self, app, count: int):
        """Wrap the app with a pool of `count` workers."""
        self.app, self.workers = app, threading.BoundedSemaphore(count)

    def __call__(self, environ, start_response):
        """Wait for a free worker, then run the request to its end (Flask bodies are complete when returned)."""
        with self.workers:
            return list(self.app(environ, start_response))


@pytest.fixture
def live_app(database_uri, demo_document, smtp_server, tmp_path):
    """An app of its own (limits off: everyone here shares one client address) serving the demo over HTTP."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_uri,
                      "RATELIMIT_ENABLED": False, "CONFSCHED_HOST": "test.confsched.invalid"})
    configure_mail(app, smtp_server.port)
    with app.app_context():
        import_document(__import__("copy").deepcopy(demo_document))
        workshop = queries.find_workshop("vorkonferenz-2020", 1)
        workshop.capacity = SEATS
        operations.set_open_registration(workshop, True)
        db.session.commit()
    server = make_server("127.0.0.1", 0, WorkerThreads(app, SERVER_THREADS), threaded=True)
    app.config["CONFSCHED_BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app
    server.shutdown()
    thread.join()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class Visitor:
    """One browser: its own cookies, talking to the live server."""

    def __init__(self, base_url: str):
        """A fresh cookie jar for this visitor."""
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        """GET a page, following redirects."""
        with self.opener.open(self.base_url + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict) -> tuple[int, str]:
        """POST a form, following the 303 to the result page."""
        body = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base_url + path, data=body, timeout=60) as response:
            return response.status, response.geturl()


def test_exactly_30_active_seats_after_100_simultaneous_registrations(live_app, smtp_server):
    base_url = live_app.config["CONFSCHED_BASE_URL"]
    form_path = "/de/vorkonferenz-2020/workshops/1/register"
    start_together = threading.Barrier(REGISTRANTS)

    def take_part(index: int) -> str:
        """One person: open the form, register, confirm from the email."""
        visitor = Visitor(base_url)
        page = visitor.get(form_path)
        email = f"person{index}@example.org"
        fields = {"csrf_token": csrf_token(page), "name": f"Person {index}", "email": email, "role": "active",
                  "when_full": "listener" if index % 2 else "waiting_list", "language": "de",
                  "zone": "Europe/Berlin", "consent": "y"}
        start_together.wait(timeout=60)
        status, landed = visitor.post(form_path, fields)
        assert status == 200 and landed.endswith("/de/registration/sent")
        confirm_path = link(smtp_server.last_to(email), "/registration/confirm/")
        status, landed = visitor.post(confirm_path, {"csrf_token": csrf_token(visitor.get(confirm_path))})
        assert status == 200 and "/registration/p/" in landed
        return email

    with ThreadPoolExecutor(max_workers=REGISTRANTS) as pool:
        emails = list(pool.map(take_part, range(REGISTRANTS)))
    assert len(set(emails)) == REGISTRANTS

    with live_app.app_context():
        workshop = queries.find_workshop("vorkonferenz-2020", 1)
        by_status = dict(db.session.execute(
            select(Registration.status, func.count()).where(Registration.workshop_id == workshop.id)
            .group_by(Registration.status)).all())
        desk = db.session.get(RegistrationDesk, workshop.id)
        listener_fallbacks = db.session.execute(
            select(func.count()).select_from(Registration).where(
                Registration.workshop_id == workshop.id, Registration.status == RegistrationStatus.listener,
                Registration.when_full == "listener")).scalar_one()
    assert by_status[RegistrationStatus.active] == SEATS == desk.active_taken
    assert by_status[RegistrationStatus.listener] == desk.listeners_taken == listener_fallbacks
    assert by_status[RegistrationStatus.listener] + by_status[RegistrationStatus.waiting] == REGISTRANTS - SEATS
    assert set(by_status) == {RegistrationStatus.active, RegistrationStatus.listener, RegistrationStatus.waiting}
