"""Mail leaves the request: requests only queue, senders deliver each message exactly once, a slow relay costs no one."""
from __future__ import annotations

import asyncio
import re
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from confsched.extensions import db
from confsched.organiser import accounts, membership
from confsched.programme import editing
from confsched.programme.queries import load_programme
from confsched.registration import outbox
from confsched.registration.models import OutboxMessage, OutboxStatus
from tests.conftest import DEMO_SLUG
from tests.registration.conftest import SENDER, MailSink, csrf_token, free_port, link, registration_data

PASSWORD = "correct horse battery staple"
INVITEES = 200


class SlowRelay(MailSink):
    """A relay that takes its time over every message, as the audit's did (0.6 s there; shorter here)."""

    def __init__(self, seconds: float):
        """Keep messages like MailSink, each after `seconds`."""
        super().__init__()
        self.seconds = seconds

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        """Wait, then accept."""
        await asyncio.sleep(self.seconds)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def relay(app, demo):
    """Factory: a real SMTP server on loopback, slow if asked, that the app sends through (not in requests)."""
    controllers = []

    def start(seconds: float = 0.0) -> MailSink:
        sink = SlowRelay(seconds)
        port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        app.config.update(CONFSCHED_SMTP_HOST="127.0.0.1", CONFSCHED_SMTP_PORT=port, CONFSCHED_SMTP_SECURITY="none",
                          CONFSCHED_MAIL_SENDER=SENDER, CONFSCHED_SMTP_TIMEOUT=5)
        return sink

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def organiser(app, client, demo):
    """A client signed in as a member of the demo conference."""
    with app.app_context():
        accounts.create_organiser("orga@example.org", PASSWORD)
        membership.add_member(load_programme(DEMO_SLUG), "orga@example.org")
    form = client.get("/organiser/sign-in").get_data(as_text=True)
    client.post("/organiser/sign-in", data={"email": "orga@example.org", "password": PASSWORD,
                                            "csrf_token": csrf_token(form)})
    return client


def invite(client, addresses: list[str]):
    """Send the organiser's invitation form for these addresses."""
    page = client.get(f"/organiser/{DEMO_SLUG}/registrations").get_data(as_text=True)
    return client.post(f"/organiser/{DEMO_SLUG}/invitations",
                       data={"csrf_token": csrf_token(page), "addresses": "\n".join(addresses)})


def statuses(app) -> dict:
    """How many outbox messages are in each status."""
    with app.app_context():
        rows = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
        return {status.value: count for status, count in rows}


def deliver_with_senders(app, senders: int) -> None:
    """Several senders at once, as several `worker` processes would, each until nothing is due."""
    def sender():
        with app.app_context():
            while sum(outbox.deliver(app, limit=10)):
                pass

    threads = [threading.Thread(target=sender) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)


def test_inviting_200_addresses_answers_at_once_and_each_is_delivered_exactly_once(app, organiser, relay):
    sink = relay(seconds=0.05)
    addresses = [f"gast{index}@example.de" for index in range(INVITEES)]
    started = time.monotonic()
    response = invite(organiser, addresses)
    elapsed = time.monotonic() - started
    assert response.status_code == 303 and elapsed < 2.0, f"{elapsed:.2f} s"
    assert sink.messages == [] and statuses(app) == {"queued": INVITEES}
    deliver_with_senders(app, senders=4)
    received = sorted(str(message["To"]) for message in sink.messages)
    assert received == sorted(addresses)
    assert statuses(app) == {"sent": INVITEES}


def test_a_silent_relay_holds_no_request(app, client, relay, monkeypatch):
    """A relay that accepts the connection and never answers: the registration answers at once."""
    relay()
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    try:
        app.config.update(CONFSCHED_SMTP_PORT=silent.getsockname()[1], CONFSCHED_SMTP_TIMEOUT=1)
        with app.app_context():
            from confsched.registration import operations, queries

            operations.set_open_registration(queries.find_workshop(DEMO_SLUG, 1), True)
            db.session.commit()
        path = f"/de/{DEMO_SLUG}/workshops/1/register"
        form = client.get(path).get_data(as_text=True)
        started = time.monotonic()
        assert client.post(path, data=registration_data(form)).status_code == 303
        assert time.monotonic() - started < 1.0
        assert statuses(app) == {"queued": 1}
        with app.app_context():
            assert outbox.deliver(app) == (0, 1), "the sender gives up after the timeout and keeps the message"
        assert statuses(app) == {"failed": 1}
    finally:
        silent.close()


def test_in_request_sending_when_asked_sends_a_few_and_leaves_the_rest(app, organiser, relay):
    sink = relay()
    app.config["CONFSCHED_MAIL_SEND_IN_REQUEST"] = True
    invite(organiser, [f"gast{index}@example.de" for index in range(8)])
    assert len(sink.messages) == outbox.IN_REQUEST_LIMIT
    with app.app_context():
        assert outbox.deliver(app) == (8 - outbox.IN_REQUEST_LIMIT, 0)
    assert len(sink.messages) == 8 and statuses(app) == {"sent": 8}


def test_the_worker_delivers_until_it_is_stopped(app, organiser, relay):
    sink = relay()
    stop = threading.Event()

    def work():
        with app.app_context():
            outbox.run_worker(app, stop, interval=0.05)

    worker = threading.Thread(target=work)
    worker.start()
    try:
        invite(organiser, ["eins@example.de", "zwei@example.de"])
        with sink.received:
            assert sink.received.wait_for(lambda: len(sink.messages) == 2, timeout=30)
    finally:
        stop.set()
        worker.join(timeout=30)
    assert not worker.is_alive()
    assert statuses(app) == {"sent": 2}


def test_the_worker_command_is_there_for_deployments_without_cron(runner):
    result = runner.invoke(args=["worker", "--help"])
    assert result.exit_code == 0 and "SIGTERM" in result.output


def test_confirming_costs_the_same_statements_whatever_the_agenda(app, client, relay, count_statements):
    """Rendering happens after commit, in the sender: a longer agenda adds no statement to the confirmation."""
    sink = relay()
    with app.app_context():
        from confsched.registration import operations, queries

        operations.set_open_registration(queries.find_workshop(DEMO_SLUG, 1), True)
        db.session.commit()

    def confirmation_statements(email: str) -> int:
        path = f"/de/{DEMO_SLUG}/workshops/1/register"
        client.post(path, data=registration_data(client.get(path).get_data(as_text=True), email=email))
        with app.app_context():
            outbox.deliver(app)
        confirm = link(sink.last_to(email), "/registration/confirm/")
        token = csrf_token(client.get(confirm).get_data(as_text=True))
        with count_statements() as statements:
            assert client.post(confirm, data={"csrf_token": token}).status_code in (200, 303)
        return len(statements)

    before = confirmation_statements("erste@example.de")
    with app.app_context():
        conference = load_programme(DEMO_SLUG, with_access=True)
        day = conference.workshops[0].days[0]
        for index in range(40):
            editing.insert_item(conference, day, {"kind": "presentation", "title": {"de": f"Punkt {index}"},
                                                               "duration_minutes": 1}, extend_day=True)
    assert confirmation_statements("zweite@example.de") == before


def test_the_desk_is_locked_only_for_the_seat_and_the_queue(app, client, relay, count_statements):
    """Confirmations queue behind the desk lock: everything the email reads is loaded before it is taken."""
    sink = relay()
    with app.app_context():
        from confsched.registration import operations, queries

        operations.set_open_registration(queries.find_workshop(DEMO_SLUG, 1), True)
        db.session.commit()
    path = f"/de/{DEMO_SLUG}/workshops/1/register"
    client.post(path, data=registration_data(client.get(path).get_data(as_text=True), email="erste@example.de"))
    with app.app_context():
        outbox.deliver(app)
    confirm = link(sink.last_to("erste@example.de"), "/registration/confirm/")
    token = csrf_token(client.get(confirm).get_data(as_text=True))
    with count_statements() as statements:
        assert client.post(confirm, data={"csrf_token": token}).status_code == 303
    locked_at = next(index for index, statement in enumerate(statements)
                     if statement.startswith("INSERT INTO registration_desk"))
    queued_at = max(index for index, statement in enumerate(statements) if statement.startswith("INSERT INTO outbox"))
    under_lock = [(statement.split()[0], re.search(r"(?:^UPDATE|\bFROM|\bINTO) (\w+)", statement).group(1))
                  for statement in statements[locked_at + 2:queued_at + 1]]
    assert len(under_lock) <= 8, under_lock
    assert [table for verb, table in under_lock if verb == "SELECT"] == ["registration", "calendar_delivery"]
