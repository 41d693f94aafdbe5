"""The issue's done-when, as a Turkish registrant would try it: invitation, registration, confirmation, invite at 10:30 TSİ.

Expected month, weekday and city names are CLDR's and offsets tzdata's, as the Babel and pytz pinned in
requirements/lock.txt give them.
"""
from __future__ import annotations

import datetime as dt

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream

from confsched import timeengine
from confsched.extensions import db
from confsched.programme.models import Workshop
from confsched.registration import operations, outbox, queries
from tests.registration.conftest import counts, csrf_token, link, text_body

ISTANBUL = "Europe/Istanbul"


def send_invitation(app, email: str, language: str) -> None:
    """The organisers invite one address (the organiser page does the same through operations)."""
    with app.app_context():
        conference = queries.find_conference("vorkonferenz-2020")
        operations.create_invitations(conference, [operations.InvitationLine(email, language)])
        db.session.commit()
        outbox.deliver(app)


def calendar_part(message):
    """The inline text/calendar alternative and the .ics attachment of a message."""
    inline = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    attached = [part for part in message.iter_attachments() if part.get_filename() and part.get_filename().endswith(".ics")]
    assert len(inline) == 1 and len(attached) == 1
    return inline[0], attached[0]


def test_turkish_registrant_gets_an_invite_at_1030_tsi_and_the_waiting_list_works(mail_app, client, smtp_server,
                                                                                  register, confirm, open_workshop):
    send_invitation(mail_app, "ayse@example.com", "tr")
    invitation_mail = smtp_server.last_to("ayse@example.com")
    assert invitation_mail["Content-Language"] == "tr"
    landing = client.get(link(invitation_mail, "/tr/registration/invitation/"))
    assert landing.status_code == 200
    register_path = next(part for part in landing.get_data(as_text=True).split('"')
                         if "/workshops/1/register?invitation=" in part).replace("&amp;", "&")
    form = client.get(register_path)
    assert 'value="ayse@example.com"' in form.get_data(as_text=True)
    submitted = client.post(register_path, data={
        "csrf_token": csrf_token(form.get_data(as_text=True)), "name": "Ayşe Yılmaz", "email": "ayse@example.com",
        "organisation": "İzmir Büyükşehir Belediyesi", "city": "İzmir", "country": "TR", "role": "active",
        "when_full": "waiting_list", "language": "tr", "zone": ISTANBUL, "consent": "y"})
    assert submitted.status_code == 303 and submitted.headers["Location"].endswith("/tr/registration/sent")

    confirmation = smtp_server.last_to("ayse@example.com")
    assert confirmation["Content-Language"] == "tr"
    assert "Dijital" in str(confirmation["Subject"]) or "Çalıştay" in str(confirmation["Subject"]) or "1" in str(confirmation["Subject"])
    body = text_body(confirmation)
    assert "15 Haziran 2020 Pazartesi" in body
    assert "10:30–12:30 İstanbul (TSİ)" in body
    assert "Kd-7319-secret" not in confirmation.as_string()

    confirmed = confirm("ayse@example.com")
    assert confirmed.status_code == 303 and "/tr/registration/p/" in confirmed.headers["Location"]
    access_mail = smtp_server.last_to("ayse@example.com")
    assert "Kd-7319-secret" in text_body(access_mail)
    inline, attached = calendar_part(access_mail)
    assert inline.get_param("method") == "REQUEST"
    assert inline.get_content_charset() == "utf-8"
    ics = attached.get_content()
    ics = ics if isinstance(ics, bytes) else ics.encode()
    calendar = icalendar.Calendar.from_ical(ics)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    organizer = str(event["ORGANIZER"]).removeprefix("mailto:")
    assert organizer in str(access_mail["From"]) and organizer == "programm@staedtetag.example.org"
    start = event.decoded("DTSTART")
    with mail_app.app_context():
        day = db.session.execute(db.select(Workshop).where(Workshop.number == 1)).scalar_one().days[0]
        assert start == day.starts_at
    assert timeengine.to_zone(start, ISTANBUL).strftime("%H:%M") == "10:30"
    parsed = vobject.readOne(ics.decode())
    assert parsed.vevent.dtstart.value.astimezone(dt.timezone.utc) == start
    stream = IcsCalendarStream.calendar_from_ics(ics.decode())
    assert stream.events[0].dtstart.astimezone(dt.timezone.utc) == start

    open_workshop(1)
    for index in range(29):
        address = f"10.0.0.{index}"
        register(1, email=f"teilnehmer{index}@example.de", name=f"Teilnehmer {index}", language="de", remote_addr=address)
        confirm(f"teilnehmer{index}@example.de", remote_addr=address)
    assert counts(mail_app)["active"] == 30
    register(1, email="einunddreissig@example.de", name="Nummer 31", language="de", remote_addr="10.0.1.31")
    confirm("einunddreissig@example.de", remote_addr="10.0.1.31")
    assert counts(mail_app) == {"desk_active": 30, "desk_listeners": 0, "active": 30, "waiting": 1}
    waiting_mail = smtp_server.last_to("einunddreissig@example.de")
    assert "Kd-7319-secret" not in waiting_mail.as_string()

    cancel_page = client.get(link(access_mail, "/cancel/"))
    cancelled = client.post(link(access_mail, "/cancel/"), data={"csrf_token": csrf_token(cancel_page.get_data(as_text=True))})
    assert cancelled.status_code == 303
    assert counts(mail_app) == {"desk_active": 30, "desk_listeners": 0, "active": 30, "cancelled": 1}
    cancel_inline, _ = calendar_part(smtp_server.last_to("ayse@example.com"))
    assert cancel_inline.get_param("method") == "CANCEL"
    promoted_mail = smtp_server.last_to("einunddreissig@example.de")
    assert "Kd-7319-secret" in text_body(promoted_mail)
    assert calendar_part(promoted_mail)[0].get_param("method") == "REQUEST"
