"""Fixtures for registration: a real SMTP server on localhost, the demo with mail configured, form helpers."""
from __future__ import annotations

import re
import socket
import threading
from email import policy
from email.parser import BytesParser
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from confsched.extensions import db
from confsched.programme.models import Conference, Workshop
from confsched.registration import operations, queries
from confsched.registration.models import Registration, RegistrationDesk

SENDER = "Deutscher Städtetag – Türk-Alman <programm@staedtetag.example.org>"
DEMO_SECRETS = ("Kd-7319-secret", "Zm-4482-secret", "kudo.example.org/join", "zoom.example.org")


class MailSink:
    """An aiosmtpd handler that keeps every message it receives, parsed, in arrival order."""

    def __init__(self):
        """Start with an empty mailbox."""
        self.messages = []
        self.envelopes = []
        self.received = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        """Accept the message and keep it."""
        with self.received:
            self.envelopes.append(envelope)
            self.messages.append(BytesParser(policy=policy.default).parsebytes(envelope.original_content))
            self.received.notify_all()
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        """Messages for one recipient, oldest first."""
        return [message for message in self.messages if address in str(message["To"])]

    def last_to(self, address: str):
        """The newest message for a recipient."""
        found = self.to(address)
        assert found, f"no mail for {address}; got {[str(message['To']) for message in self.messages]}"
        return found[-1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """A real SMTP server on 127.0.0.1 with a free port, for the duration of one test."""
    sink = MailSink()
    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port, data_size_limit=10 * 1024 * 1024)
    controller.start()
    yield sink
    controller.stop()


def configure_mail(app, port: int) -> None:
    """Point the app at the test SMTP server, sending in the request so tests read mail as soon as it is queued."""
    app.config.update(CONFSCHED_SMTP_HOST="127.0.0.1", CONFSCHED_SMTP_PORT=port, CONFSCHED_SMTP_SECURITY="none",
                      CONFSCHED_MAIL_SENDER=SENDER, CONFSCHED_SMTP_TIMEOUT=5, CONFSCHED_MAIL_SEND_IN_REQUEST=True)


@pytest.fixture
def mail_app(app, demo, smtp_server):
    """The app with the demo loaded and mail going to the local SMTP server."""
    configure_mail(app, smtp_server.port)
    return app


def text_body(message) -> str:
    """The text/plain part of a message."""
    return message.get_body(preferencelist=("plain",)).get_content()


def html_body(message) -> str:
    """The text/html part of a message."""
    return message.get_body(preferencelist=("html",)).get_content()


def link(message, marker: str) -> str:
    """The first link in the text part whose path contains `marker`, as a path for the test client."""
    for url in re.findall(r"https?://\S+", text_body(message)):
        if marker in url:
            parts = urlsplit(url)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    raise AssertionError(f"no link with {marker!r} in:\n{text_body(message)}")


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def registration_data(html: str, **fields) -> dict:
    """A complete, valid registration form submission, overridable per field."""
    data = {"csrf_token": csrf_token(html), "name": "Ayşe Yılmaz", "email": "ayse@example.com",
            "organisation": "İzmir Büyükşehir Belediyesi", "city": "İzmir", "country": "TR", "role": "active",
            "when_full": "waiting_list", "language": "tr", "zone": "Europe/Istanbul", "consent": "y"}
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def post_form(client, path: str, **fields):
    """GET a page with a form, then POST it back with its CSRF token and the given fields."""
    page = client.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    return client.post(path, data={"csrf_token": csrf_token(page.get_data(as_text=True)), **fields})


@pytest.fixture
def open_workshop(app):
    """Factory: allow registration without invitation for a workshop (optionally with a new capacity)."""

    def open_(number: int, capacity: int | None = None, slug: str = "vorkonferenz-2020") -> None:
        """Open the workshop, optionally with a new capacity."""
        with app.app_context():
            workshop = queries.find_workshop(slug, number)
            if capacity is not None:
                workshop.capacity = capacity
            operations.set_open_registration(workshop, True)
            db.session.commit()

    return open_


@pytest.fixture
def register(client):
    """Factory: fill in the registration form of a workshop through the test client; returns the response."""

    def register_(number: int = 1, lang: str = "tr", invitation: str | None = None, remote_addr: str = "127.0.0.1",
                  **fields):
        """Fill in and send the form as a browser from `remote_addr` would."""
        path = f"/{lang}/vorkonferenz-2020/workshops/{number}/register" + (f"?invitation={invitation}" if invitation else "")
        environ = {"REMOTE_ADDR": remote_addr}
        page = client.get(path, environ_base=environ)
        assert page.status_code == 200, page.get_data(as_text=True)[:500]
        response = client.post(path, data=registration_data(page.get_data(as_text=True), **fields), environ_base=environ)
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        return response

    return register_


@pytest.fixture
def confirm(client, smtp_server):
    """Factory: open the newest confirmation link sent to an address and press the button; returns the response."""

    def confirm_(email: str, remote_addr: str = "127.0.0.1"):
        """Follow the newest confirmation link and press its button."""
        message = smtp_server.last_to(email)
        path = link(message, "/registration/confirm/")
        environ = {"REMOTE_ADDR": remote_addr}
        page = client.get(path, environ_base=environ)
        assert page.status_code == 200
        return client.post(path, data={"csrf_token": csrf_token(page.get_data(as_text=True))}, environ_base=environ)

    return confirm_


def counts(app, number: int = 1) -> dict:
    """The desk counters and the real number of registrations per status for a demo workshop."""
    with app.app_context():
        workshop = db.session.execute(select(Workshop).join(Conference).where(
            Workshop.number == number, Conference.draft_of_id.is_(None))).scalar_one()
        desk = db.session.get(RegistrationDesk, workshop.id)
        rows = db.session.execute(select(Registration.status, func.count()).where(Registration.workshop_id == workshop.id)
                                  .group_by(Registration.status)).all()
        by_status = {status.value: count for status, count in rows}
        return {"desk_active": desk.active_taken if desk else 0, "desk_listeners": desk.listeners_taken if desk else 0,
                **by_status}


def calendar_methods(message) -> list[str]:
    """The METHOD parameters of a message's inline text/calendar parts."""
    return [part.get_param("method") for part in message.walk() if part.get_content_type() == "text/calendar"]
