"""A join link stored before links were checked never becomes a javascript: link on pages, in mails or invites."""
from __future__ import annotations

import re

import icalendar
from sqlalchemy import update

from confsched.extensions import db
from confsched.programme.models import PlatformAccess
from tests.registration.conftest import html_body

OLD_LINK = "javascript:alert(document.domain)"


def test_an_old_javascript_join_link_is_shown_as_text_only(mail_app, client, smtp_server, register, confirm,
                                                           open_workshop):
    with mail_app.app_context():
        db.session.execute(update(PlatformAccess).values(join_url=OLD_LINK))
        db.session.commit()
    open_workshop(1)
    register(1, email="alt@example.de", language="de")
    page = client.get(confirm("alt@example.de").headers["Location"]).get_data(as_text=True)
    message = smtp_server.last_to("alt@example.de")
    for html in (page, html_body(message)):
        assert OLD_LINK in html, "the stored value is still shown, as text"
        assert not re.search(r'href="\s*javascript:', html, re.IGNORECASE)
    calendars = [part.get_payload(decode=True) for part in message.walk() if part.get_content_type() == "text/calendar"]
    event = icalendar.Calendar.from_ical(calendars[0]).walk("VEVENT")[0]
    assert "CONFERENCE" not in event
