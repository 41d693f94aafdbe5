"""Programme edits reach registrants: a moved day brings an updated REQUEST, a cancelled workshop a CANCEL.

Expected month, weekday and city names are CLDR's and offsets tzdata's, as the Babel and pytz pinned in
requirements/lock.txt give them.
"""
from __future__ import annotations

import datetime as dt

import icalendar

from confsched import timeengine
from confsched.extensions import db
from confsched.programme.models import WorkshopStatus
from confsched.programme.queries import load_programme
from confsched.programme.tracking import tracked
from confsched.registration import outbox
from tests.registration.conftest import calendar_methods, text_body


def invite_event(message):
    """The VEVENT of a message's inline calendar part."""
    part = next(part for part in message.walk() if part.get_content_type() == "text/calendar")
    return icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]


def edit_workshop_1(app, change) -> None:
    """Edit the demo's workshop 1 the way every programme edit happens: inside tracked(), then commit."""
    with app.app_context():
        conference = load_programme("vorkonferenz-2020", with_access=True)
        workshop = next(entry for entry in conference.workshops if entry.number == 1)
        with tracked(conference):
            change(workshop)
        db.session.commit()
        outbox.deliver(app)


def test_a_moved_day_sends_a_higher_sequence_in_the_registrants_language(mail_app, smtp_server, register, confirm,
                                                                        open_workshop):
    open_workshop(1)
    register(1, email="tr@example.com.tr", language="tr")
    confirm("tr@example.com.tr")
    register(1, email="warte@example.de", language="de", role="listener", remote_addr="10.5.0.1")
    first = invite_event(smtp_server.last_to("tr@example.com.tr"))

    def move_by_an_hour(workshop):
        """Shift the first day by an hour."""
        day = workshop.days[0]
        day.starts_at, day.ends_at = timeengine.shift(day.starts_at, 60), timeengine.shift(day.ends_at, 60)

    edit_workshop_1(mail_app, move_by_an_hour)
    update = smtp_server.last_to("tr@example.com.tr")
    assert update["Content-Language"] == "tr" and calendar_methods(update) == ["REQUEST"]
    event = invite_event(update)
    assert int(event["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert str(event["UID"]) == str(first["UID"])
    assert event.decoded("DTSTART") == first.decoded("DTSTART") + dt.timedelta(hours=1)
    assert "11:30–13:30 İstanbul (TSİ)" in text_body(update)
    assert len(smtp_server.to("warte@example.de")) == 1, "an unconfirmed registrant gets no update"


def test_a_cancelled_workshop_sends_a_cancel(mail_app, smtp_server, register, confirm, open_workshop):
    open_workshop(1, capacity=1)
    register(1, email="abgesagt@example.de", language="de")
    confirm("abgesagt@example.de")
    first = invite_event(smtp_server.last_to("abgesagt@example.de"))
    register(1, email="wartend@example.de", language="de", remote_addr="10.7.0.1")
    confirm("wartend@example.de", remote_addr="10.7.0.1")

    def cancel(workshop):
        """Cancel the workshop."""
        workshop.status = WorkshopStatus.cancelled

    edit_workshop_1(mail_app, cancel)
    message = smtp_server.last_to("abgesagt@example.de")
    assert calendar_methods(message) == ["CANCEL"]
    event = invite_event(message)
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) > int(first["SEQUENCE"])
    assert "Kd-7319-secret" not in message.as_string()
    notice = smtp_server.last_to("wartend@example.de")
    assert calendar_methods(notice) == [] and notice["Subject"] != smtp_server.to("wartend@example.de")[-2]["Subject"]


def test_edits_that_do_not_touch_the_calendar_send_nothing(mail_app, smtp_server, register, confirm, open_workshop):
    open_workshop(1)
    register(1, email="ruhig@example.de", language="de")
    confirm("ruhig@example.de")
    before = len(smtp_server.messages)

    def new_background(workshop):
        """Change a text calendars do not show."""
        workshop.background = {**workshop.background, "de": "Neuer Hintergrundtext."}

    edit_workshop_1(mail_app, new_background)
    assert len(smtp_server.messages) == before
