"""libical's restriction check (RFC 5546 per METHOD) passes every public feed and iTIP message, and does find faults."""
from __future__ import annotations

import datetime as dt

import pytest

from confsched.calendars.adapters import access_data, workshop_events
from confsched.calendars.itip import Attendee, Organiser, cancel_message, request_message
from confsched.programme.queries import load_programme

SENT_AT = dt.datetime(2020, 6, 1, 9, 15, tzinfo=dt.timezone.utc)
ORGANISER = Organiser("programm@staedtetag.example", "Deutscher Städtetag, Team Vorkonferenz")
ATTENDEE = Attendee("ayse.yilmaz@belediye.example", "Ayşe Yılmaz")
PUBLIC_FEEDS = [f"/{language}/vorkonferenz-2020/{path}calendar.ics" for language in ("de", "tr")
                for path in ("", "workshops/1/", "workshops/2/", "workshops/3/", "workshops/4/")]


def demo_messages(app, slug: str) -> dict[str, bytes]:
    """For every demo workshop day and language: the REQUEST with and without access data, and the CANCEL."""
    messages = {}
    with app.app_context():
        conference = load_programme(slug, with_access=True)
        for workshop in conference.workshops:
            for language in ("de", "tr"):
                access = access_data(workshop.platform, workshop.platform.access, language)
                for event in workshop_events(conference, workshop, language):
                    name = f"{event.uid} {language}"
                    messages[f"REQUEST {name}"] = request_message(event, ORGANISER, ATTENDEE, sent_at=SENT_AT).body
                    messages[f"REQUEST with access {name}"] = request_message(
                        event, ORGANISER, ATTENDEE, sent_at=SENT_AT, access=access).body
                    messages[f"CANCEL {name}"] = cancel_message(event, ORGANISER, ATTENDEE, sent_at=SENT_AT).body
    return messages


def without_line(data: bytes, prefix: bytes) -> bytes:
    """The calendar with every content line that starts with `prefix` taken out (they are short: never folded)."""
    return b"".join(line for line in data.splitlines(keepends=True) if not line.startswith(prefix))


def test_the_check_reports_what_rfc_5546_forbids(app, client, demo, libical):
    """A PUBLISH without ORGANIZER, a REQUEST without ATTENDEE and a CANCEL without ORGANIZER all fail; the good
    versions pass. Without this, a check that never complains would prove nothing."""
    feed = client.get(PUBLIC_FEEDS[0]).data
    publish = feed.replace(b"CALSCALE:GREGORIAN\r\n", b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n", 1)
    assert any("ORGANIZER" in problem for problem in libical(publish))
    messages = demo_messages(app, demo)
    request = next(body for name, body in messages.items() if name.startswith("REQUEST"))
    cancel = next(body for name, body in messages.items() if name.startswith("CANCEL"))
    assert libical(request) == [] and libical(cancel) == []
    assert any("ATTENDEE" in problem for problem in libical(without_line(request, b"ATTENDEE")))
    assert any("ORGANIZER" in problem for problem in libical(without_line(cancel, b"ORGANIZER")))
    assert libical(b"BEGIN:VEVENT\r\nEND:VEVENT\r\n") == [" None: not one VCALENDAR"]


@pytest.mark.parametrize("url", PUBLIC_FEEDS)
def test_every_public_feed_passes(client, demo, libical, url):
    """Conference and workshop feeds in both languages are plain calendars libical finds nothing wrong with."""
    response = client.get(url)
    assert response.status_code == 200
    assert libical(response.data) == []


def test_every_itip_message_passes_for_its_method(app, demo, libical):
    """REQUEST (with and without access data) and CANCEL for every demo day, in both languages."""
    failures = {name: problems for name, body in demo_messages(app, demo).items() if (problems := libical(body))}
    assert failures == {}
