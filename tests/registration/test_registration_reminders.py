"""Reminders reach each registrant once, in their language and zone, follow a moved day and skip a cancelled one."""
from __future__ import annotations

import copy
import datetime as dt
import logging
import threading

import pytest
from sqlalchemy import func, select, update

from confsched import timeengine
from confsched.extensions import db
from confsched.programme import editing
from confsched.programme.models import utcnow
from confsched.programme.queries import load_programme
from confsched.registration import operations, outbox, queries, reminders
from confsched.registration.models import OutboxMessage, Registration, Reminder, Role, WhenFull
from tests.conftest import DEMO_SLUG
from tests.registration.conftest import DEMO_SECRETS, configure_mail, free_port, html_body, text_body

SUBJECTS = ("Erinnerung an Fachworkshop", "Hatırlatma –")


def shifted(document: dict, first_date: dt.date) -> dict:
    """The demo with its first day on `first_date` and the others as far after it as in 2020 (times as printed)."""
    document = copy.deepcopy(document)
    days = [day for workshop in document["workshops"] for day in workshop["days"]]
    delta = first_date - min(dt.date.fromisoformat(day["date"]) for day in days)
    for day in days:
        day["date"] = (dt.date.fromisoformat(day["date"]) + delta).isoformat()
        for name in ("printed", "start", "end"):
            day.pop(name, None)
        _drop_derived(day["items"])
    return document


def _drop_derived(items: list) -> None:
    """Leave out the derived and printed times of items, which belonged to the old dates."""
    for item in items:
        for name in ("printed", "start", "end"):
            item.pop(name, None)
        _drop_derived(item.get("children", []))


@pytest.fixture
def upcoming(app, load_document, demo_document, smtp_server):
    """The demo moved to start in a week, with mail going to the local SMTP server."""
    load_document(shifted(demo_document, utcnow().date() + dt.timedelta(days=7)))
    configure_mail(app, smtp_server.port)
    with app.app_context():
        for number in (1, 2, 3, 4):
            workshop = queries.find_workshop(DEMO_SLUG, number)
            workshop.capacity = 100
            operations.set_open_registration(workshop, True)
        db.session.commit()
    return DEMO_SLUG


def place(app, email: str, *, number: int = 4, name: str = "Ayşe Yılmaz", language: str = "tr",
          zone: str = "Europe/Istanbul", role: Role = Role.active) -> int:
    """Register and confirm someone through the registration operations; returns the registration id."""
    with app.app_context():
        details = operations.RegistrantDetails(name=name, email=email, organisation=None, city=None, country=None,
                                               language=language, zone=zone)
        registration = operations.submit_registration(queries.find_workshop(DEMO_SLUG, number), details, role,
                                                      WhenFull.waiting_list)
        operations.confirm_registration(registration)
        db.session.commit()
        assert registration.holds_place
        return registration.id


def day_start(app, number: int = 4, position: int = 0) -> dt.datetime:
    """The current start of a demo day."""
    with app.app_context():
        return load_programme(DEMO_SLUG).workshops[number - 1].days[position].starts_at


def remind(app, now: dt.datetime) -> int:
    """One sender's run at `now`: queue what is due, then deliver the outbox; returns how many reminders were queued."""
    with app.app_context():
        queued = reminders.queue_due(now)
        outbox.deliver(app)
        return queued


def reminder_mails(sink, address: str) -> list:
    """The reminders one address received, oldest first."""
    return [message for message in sink.to(address) if str(message["Subject"]).startswith(SUBJECTS)]


def test_reminders_go_once_in_each_registrants_language_and_zone_with_access_only_for_the_active(
        app, upcoming, smtp_server, caplog):
    caplog.set_level(logging.DEBUG, logger="confsched")
    place(app, "ayse@example.com")
    place(app, "hans@example.de", name="Hans Müller", language="de", zone="America/New_York", role=Role.listener)
    start = day_start(app)
    assert remind(app, start - dt.timedelta(hours=25)) == 0
    assert remind(app, start - dt.timedelta(hours=24) + dt.timedelta(minutes=1)) == 2
    assert remind(app, start - dt.timedelta(hours=23)) == 0, "each reminder once"

    (ayse,) = reminder_mails(smtp_server, "ayse@example.com")
    text, html = text_body(ayse), html_body(ayse)
    istanbul = timeengine.to_zone(start, "Europe/Istanbul")
    assert str(ayse["Subject"]).startswith("Hatırlatma – 4. Çalıştay")
    assert text.startswith("Sayın Ayşe Yılmaz,") and "Sayın Ayşe Yılmaz," in html
    assert f"Başlangıç saati: {istanbul:%H:%M}" in text
    assert "Berlin" in text and "İstanbul" in text and "Günün programı" in text
    assert any(secret in text for secret in DEMO_SECRETS) and any(secret in html for secret in DEMO_SECRETS)
    assert ayse["Content-Language"] == "tr"

    (hans,) = reminder_mails(smtp_server, "hans@example.de")
    text = text_body(hans)
    new_york = timeengine.to_zone(start, "America/New_York")
    assert str(hans["Subject"]).startswith("Erinnerung an Fachworkshop 4")
    assert text.startswith("Guten Tag Hans Müller,") and "wir möchten Sie an Ihren Fachworkshop-Tag erinnern" in text
    assert f"um {new_york:%H:%M} Uhr, New York" in text and "Berlin (MEZ) / Istanbul (UTC+3) / New York" in text
    assert not any(secret in text or secret in html_body(hans) for secret in DEMO_SECRETS)
    assert "Ihre Zugangsdaten finden Sie auf Ihrer persönlichen Seite." in text

    assert remind(app, start - dt.timedelta(minutes=59)) == 2
    assert remind(app, start - dt.timedelta(minutes=30)) == 0
    assert len(reminder_mails(smtp_server, "ayse@example.com")) == 2
    assert len(reminder_mails(smtp_server, "hans@example.de")) == 2
    assert not any(secret in caplog.text for secret in DEMO_SECRETS)


def test_a_moved_day_reminds_at_its_new_time(app, upcoming, smtp_server):
    place(app, "ayse@example.com")
    old_start = day_start(app)
    with app.app_context():
        conference = load_programme(DEMO_SLUG, with_access=True)
        day = conference.workshops[3].days[0]
        editing.update_day(conference, day, {"local_start": dt.time(14, 0), "local_end": dt.time(20, 0)})
    new_start = day_start(app)
    assert new_start - old_start == dt.timedelta(hours=4)
    assert remind(app, old_start - dt.timedelta(hours=24) + dt.timedelta(minutes=1)) == 0
    assert remind(app, new_start - dt.timedelta(hours=24) + dt.timedelta(minutes=1)) == 1
    (reminder,) = reminder_mails(smtp_server, "ayse@example.com")
    assert f"Başlangıç saati: {timeengine.to_zone(new_start, 'Europe/Istanbul'):%H:%M}" in text_body(reminder)


def test_a_cancelled_workshop_a_removed_day_and_a_cancelled_registration_get_none(app, upcoming, smtp_server):
    place(app, "ayse@example.com", number=4)
    place(app, "bora@example.com", number=1, name="Bora Kaya")
    cancelled = place(app, "cem@example.com", number=2, name="Cem Demir")
    with app.app_context():
        conference = load_programme(DEMO_SLUG, with_access=True)
        editing.update_workshop(conference, conference.workshops[0], {"status": "cancelled"})
        conference = load_programme(DEMO_SLUG, with_access=True)
        workshop = conference.workshops[3]
        editing.delete_day(conference, workshop, workshop.days[1])
        operations.cancel_registration(db.session.get(Registration, cancelled))
        db.session.commit()
    starts = [day_start(app, 1), day_start(app, 2), day_start(app, 4)]
    for start in starts:
        remind(app, start - dt.timedelta(minutes=30))
    assert reminder_mails(smtp_server, "bora@example.com") == []
    assert reminder_mails(smtp_server, "cem@example.com") == []
    assert len(reminder_mails(smtp_server, "ayse@example.com")) == 1, "the remaining day only"


def test_a_place_given_after_a_reminders_moment_gets_no_stale_reminder(app, upcoming, smtp_server):
    start = day_start(app)
    place(app, "ayse@example.com")
    assert remind(app, start - dt.timedelta(hours=2)) == 1, "the 24-hour reminder, late: the place came before it"
    soon = start - dt.timedelta(hours=10)
    with app.app_context():
        registration = Registration
        latecomer = db.session.get(registration, place(app, "spaet@example.de", name="Jana Spät", language="de",
                                                       zone="Europe/Berlin"))
        latecomer.placed_at = soon  # placed 10 hours before the day: its 24-hour moment had passed
        db.session.commit()
    assert remind(app, soon + dt.timedelta(minutes=1)) == 0
    assert remind(app, start - dt.timedelta(minutes=59)) == 2
    assert len(reminder_mails(smtp_server, "spaet@example.de")) == 1


def test_only_the_shortest_of_several_due_offsets_goes_out(app, upcoming, smtp_server):
    place(app, "ayse@example.com")
    start = day_start(app)
    assert remind(app, start - dt.timedelta(minutes=10)) == 1
    (reminder,) = reminder_mails(smtp_server, "ayse@example.com")
    with app.app_context():
        rows = {(row.minutes_before, row.outbox_message_id is not None) for row in db.session.execute(
            select(Reminder).where(Reminder.day_identity == load_programme(DEMO_SLUG).workshops[3].days[0].identity)
        ).scalars()}
    assert rows == {(60, True), (1440, False)}


def test_switched_off_reminders_send_none(app, upcoming, smtp_server):
    place(app, "ayse@example.com")
    with app.app_context():
        conference = load_programme(DEMO_SLUG, with_access=True)
        editing.update_conference(conference, {"reminder_minutes": []})
    start = day_start(app)
    assert remind(app, start - dt.timedelta(minutes=30)) == 0
    assert reminder_mails(smtp_server, "ayse@example.com") == []


def test_finding_and_queueing_reminders_costs_the_same_statements_for_1_or_30_registrants(
        app, upcoming, count_statements):
    start = day_start(app)

    def statements(now: dt.datetime) -> int:
        with count_statements() as seen, app.app_context():
            reminders.queue_due(now)
        return len(seen)

    place(app, "eins@example.de", name="Eins", language="de", zone="Europe/Berlin")
    one = statements(start - dt.timedelta(hours=23))
    for index in range(30):
        place(app, f"person{index}@example.org", name=f"Person {index}", language=("de", "tr")[index % 2],
              zone=("Europe/Berlin", "Europe/Istanbul", "Asia/Tokyo")[index % 3],
              role=(Role.active, Role.listener)[index % 2])
    many = statements(start - dt.timedelta(minutes=59))
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.kind == "reminder")).scalar_one() == 1 + 31
    assert many == one


def test_two_senders_at_once_queue_and_deliver_each_reminder_exactly_once(app, upcoming, smtp_server):
    """Two senders (as two worker processes would) find the same reminders due at the same moment."""
    addresses = [f"person{index}@example.org" for index in range(20)]
    for index, address in enumerate(addresses):
        place(app, address, name=f"Person {index}", language=("de", "tr")[index % 2])
    now = day_start(app) - dt.timedelta(minutes=59)
    ready = threading.Barrier(2)
    queued, errors = [], []

    def sender():
        try:
            with app.app_context():
                ready.wait(timeout=30)
                queued.append(reminders.queue_due(now))
                while sum(outbox.deliver(app, limit=5)):
                    pass
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and sum(queued) == len(addresses)
    received = sorted(str(message["To"]).rpartition("<")[2].rstrip(">") for message in smtp_server.messages
                      if str(message["Subject"]).startswith(SUBJECTS))
    assert received == sorted(addresses)
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Reminder)
                                  .where(Reminder.outbox_message_id.is_not(None))).scalar_one() == len(addresses)


def starting_soon(app, minutes: int) -> None:
    """Move workshop 4's first day to start `minutes` from now; its registrants got their places a week ago."""
    start = utcnow().replace(second=0, microsecond=0) + dt.timedelta(minutes=minutes)
    local = timeengine.to_zone(start, "Europe/Berlin")
    end = min(local + dt.timedelta(hours=2), local.replace(hour=23, minute=59))
    with app.app_context():
        conference = load_programme(DEMO_SLUG, with_access=True)
        editing.update_day(conference, conference.workshops[3].days[0], {
            "date": local.date(), "local_start": local.time(), "local_end": end.time(), "zone": "Europe/Berlin"})
        db.session.execute(update(Registration).values(placed_at=utcnow() - dt.timedelta(days=7)))
        db.session.commit()


def test_send_outbox_queues_due_reminders_and_now_retries_failed_ones_at_once(app, upcoming, smtp_server, runner):
    place(app, "ayse@example.com")
    starting_soon(app, 50)
    configure_mail(app, free_port())  # nothing listens there: the relay is down
    down = runner.invoke(args=["send-outbox"])
    assert down.exit_code == 1 and "reminders queued 1" in down.output
    configure_mail(app, smtp_server.port)  # the relay is back
    waiting = runner.invoke(args=["send-outbox"])
    assert "reminders queued 0, failed messages retried now 0, sent 0" in waiting.output, "the pause is kept"
    with app.app_context():
        pauses = [entry.next_attempt_at - entry.claimed_at for entry in db.session.execute(select(OutboxMessage)).scalars()]
    assert pauses and all(pause >= outbox.RETRY_PAUSES[0] for pause in pauses), "retried after a pause (backoff)"
    now = runner.invoke(args=["send-outbox", "--now"])
    assert now.exit_code == 0 and "retried now" in now.output and "failed 0" in now.output
    assert len(reminder_mails(smtp_server, "ayse@example.com")) == 1
    assert "reminders queued 0" in runner.invoke(args=["send-outbox"]).output


def test_the_worker_sends_reminders_as_they_fall_due(app, upcoming, smtp_server):
    place(app, "ayse@example.com")
    starting_soon(app, 30)
    stop = threading.Event()

    def work():
        with app.app_context():
            outbox.run_worker(app, stop, interval=0.05, queue_due=reminders.queue_due)

    worker = threading.Thread(target=work)
    worker.start()
    try:
        with smtp_server.received:
            assert smtp_server.received.wait_for(lambda: reminder_mails(smtp_server, "ayse@example.com"), timeout=30)
    finally:
        stop.set()
        worker.join(timeout=30)
    assert not worker.is_alive() and len(reminder_mails(smtp_server, "ayse@example.com")) == 1


def invite_alarms(sink, address: str) -> list[str]:
    """The TRIGGER lines of the calendar parts a registrant was sent, in order."""
    triggers = []
    for message in sink.to(address):
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                body = part.get_payload(decode=True).decode()
                triggers += [line for line in body.splitlines() if line.startswith("TRIGGER")] or ["none"]
    return triggers


@pytest.mark.parametrize(("minutes", "expected"), [([1440, 60], "TRIGGER:-PT1H"), ([2880, 180], "TRIGGER:-PT3H"),
                                                   ([], "none")])
def test_invites_remind_as_early_as_the_shortest_reminder(app, upcoming, smtp_server, minutes, expected):
    with app.app_context():
        editing.update_conference(load_programme(DEMO_SLUG, with_access=True), {"reminder_minutes": minutes})
    place(app, "ayse@example.com", number=1)
    with app.app_context():
        outbox.deliver(app)
    assert invite_alarms(smtp_server, "ayse@example.com") == [expected]


def test_a_reminder_for_a_venue_gives_its_address_doors_and_informal_end(app, load_document, demo_document,
                                                                         smtp_server):
    """People travel to a venue: the reminder names it with its address, and when the doors open, as the pages do."""
    document = shifted(demo_document, utcnow().date() + dt.timedelta(days=7))
    document["platforms"].append({"key": "rathaus", "name": "Historisches Rathaus", "kind": "venue",
                                  "street_address": "Rathausplatz 2", "postcode": "50667", "city": "Köln",
                                  "country": "DE"})
    workshop = document["workshops"][3]
    workshop["platform"] = "rathaus"
    workshop["days"][0].update(doors_open_minutes=30, informal_end_minutes=60)
    load_document(document)
    configure_mail(app, smtp_server.port)
    with app.app_context():
        operations.set_open_registration(queries.find_workshop(DEMO_SLUG, 4), True)
        db.session.commit()
    place(app, "hans@example.de", name="Hans Müller", language="de", zone="Europe/Berlin")
    start = day_start(app)
    assert remind(app, start - dt.timedelta(minutes=59)) == 1
    (hans,) = reminder_mails(smtp_server, "hans@example.de")
    with app.app_context():
        day = load_programme(DEMO_SLUG).workshops[3].days[0]
        doors = timeengine.to_zone(day.doors_open_at, "Europe/Berlin")
        informal_end = timeengine.to_zone(day.informal_end_at, "Europe/Berlin")
    for body in (text_body(hans), html_body(hans)):
        assert "Ort: Historisches Rathaus, Rathausplatz 2, 50667 Köln, Deutschland" in body
        assert "Plattform:" not in body
        assert f"Einlass: {doors:%H:%M}" in body
        assert f"Informeller Ausklang bis: {informal_end:%H:%M}" in body
