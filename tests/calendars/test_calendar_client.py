"""The model calendar client orders iTIP messages as RFC 5546 says, so the stateful test can trust it."""
from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest

from tests.calendars.calendar_client import Calendar, CalendarClient, FeedSubscription, read_calendar

UID = "day-a@test.confsched.invalid"


def vcalendar(method: str | None, *events: str) -> bytes:
    """A VCALENDAR with the given VEVENT bodies, written by hand (not by confsched's writer)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//model client//EN"]
    if method:
        lines.append(f"METHOD:{method}")
    for event in events:
        lines += ["BEGIN:VEVENT", *event.strip().splitlines(), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def vevent(uid: str = UID, sequence: int = 0, stamp: str = "20260601T080000Z", summary: str = "Workshop 1",
           attendee: str = "ayse@example.com") -> str:
    """One VEVENT in Berlin time with the fields the client keeps."""
    return "\n".join([
        f"UID:{uid}", f"SEQUENCE:{sequence}", f"DTSTAMP:{stamp}", "STATUS:CONFIRMED",
        "DTSTART:20260615T070000Z", "DTEND:20260615T090000Z", f"SUMMARY:{summary}", "LOCATION:Kudo",
        "ORGANIZER:mailto:noreply@confsched.localhost", f"ATTENDEE;RSVP=FALSE:mailto:{attendee}",
    ])


def receive(calendar: Calendar, method: str, **fields) -> None:
    """Deliver one single-event iTIP message."""
    calendar.receive(vcalendar(method, vevent(**fields)))


def summary(calendar: Calendar) -> str | None:
    """The SUMMARY the calendar shows for the test UID, or None when it has no such event."""
    entry = calendar.entries.get(UID)
    return entry.summary if entry else None


def test_the_parser_reads_times_as_utc_instants_and_the_method():
    parsed = read_calendar(vcalendar("REQUEST", vevent(sequence=3)))
    entry = parsed.entries[0]
    assert parsed.method == "REQUEST"
    assert (entry.uid, entry.sequence, entry.location) == (UID, 3, "Kudo")
    assert entry.start == dt.datetime(2026, 6, 15, 7, tzinfo=dt.timezone.utc)
    assert entry.attendees == ("ayse@example.com",)


@pytest.mark.parametrize(("second", "shown"), [
    ({"sequence": 2, "stamp": "20260601T070000Z"}, "new"),    # higher SEQUENCE wins, even with an older DTSTAMP
    ({"sequence": 1, "stamp": "20260601T090000Z"}, "new"),    # equal SEQUENCE, newer DTSTAMP wins
    ({"sequence": 1, "stamp": "20260601T080000Z"}, "old"),    # the same version again changes nothing
    ({"sequence": 1, "stamp": "20260601T070000Z"}, "old"),    # equal SEQUENCE, older DTSTAMP is ignored
    ({"sequence": 0, "stamp": "20260601T100000Z"}, "old"),    # lower SEQUENCE is ignored, whatever its DTSTAMP
])
def test_a_request_replaces_the_event_only_when_it_is_newer(second, shown):
    calendar = Calendar()
    receive(calendar, "REQUEST", sequence=1, stamp="20260601T080000Z", summary="old")
    receive(calendar, "REQUEST", summary="new", **second)
    assert summary(calendar) == shown


@pytest.mark.parametrize(("cancel", "removed"), [
    ({"sequence": 2, "stamp": "20260601T070000Z"}, True),
    ({"sequence": 1, "stamp": "20260601T080000Z"}, True),     # not older: the same version may be cancelled
    ({"sequence": 1, "stamp": "20260601T090000Z"}, True),
    ({"sequence": 1, "stamp": "20260601T075959Z"}, False),    # an older CANCEL arriving late changes nothing
    ({"sequence": 0, "stamp": "20260601T100000Z"}, False),
])
def test_a_cancel_removes_the_event_unless_it_is_older(cancel, removed):
    calendar = Calendar()
    receive(calendar, "REQUEST", sequence=1, stamp="20260601T080000Z")
    receive(calendar, "CANCEL", **cancel)
    assert (UID not in calendar.entries) is removed


def test_a_request_after_a_cancel_must_be_newer_than_the_cancel():
    calendar = Calendar()
    receive(calendar, "REQUEST", sequence=1, stamp="20260601T080000Z")
    receive(calendar, "CANCEL", sequence=2, stamp="20260601T080000Z")
    receive(calendar, "REQUEST", sequence=2, stamp="20260601T080000Z", summary="same as the cancel")
    assert summary(calendar) is None
    receive(calendar, "REQUEST", sequence=1, stamp="20260601T090000Z", summary="lower sequence")
    assert summary(calendar) is None
    receive(calendar, "REQUEST", sequence=3, stamp="20260601T080000Z", summary="re-joined")
    assert summary(calendar) == "re-joined"
    assert "ignored" in calendar.history(UID).splitlines()[2]


def test_messages_about_other_uids_do_not_interfere():
    calendar = Calendar()
    receive(calendar, "REQUEST", sequence=5)
    receive(calendar, "CANCEL", uid="day-b@test.confsched.invalid", sequence=9)
    receive(calendar, "REQUEST", uid="day-b@test.confsched.invalid", sequence=0, summary="b")
    assert set(calendar.entries) == {UID}


def test_a_feed_message_cannot_be_applied_as_mail():
    with pytest.raises(AssertionError, match="PUBLISH"):
        Calendar().receive(vcalendar("PUBLISH", vevent()))


class Response:
    """The part of a test-client response a subscription reads."""

    def __init__(self, status_code: int, data: bytes = b"", etag: str | None = None):
        self.status_code, self.data = status_code, data
        self.headers = {"ETag": etag} if etag else {}


class Server:
    """Answers polls from a queue and records the request headers."""

    def __init__(self, *responses: Response):
        self.responses, self.requests = list(responses), []

    def get(self, url: str, headers: dict):
        self.requests.append(headers)
        return self.responses.pop(0)


def test_each_poll_replaces_the_copy_and_a_304_keeps_it():
    first = vcalendar("PUBLISH", vevent(summary="a"), vevent(uid="day-b@x", summary="b"))
    second = vcalendar("PUBLISH", vevent(uid="day-b@x", sequence=0, summary="b, moved"))
    server = Server(Response(200, first, '"v1"'), Response(304), Response(200, second, '"v2"'))
    subscription = FeedSubscription("/de/feed.ics")
    subscription.poll(server)
    assert {uid: entry.summary for uid, entry in subscription.entries.items()} == {UID: "a", "day-b@x": "b"}
    assert subscription.poll(server) == 304 and len(subscription.entries) == 2
    subscription.poll(server)
    assert {uid: entry.summary for uid, entry in subscription.entries.items()} == {"day-b@x": "b, moved"}
    assert server.requests == [{}, {"If-None-Match": '"v1"'}, {"If-None-Match": '"v1"'}]


def test_a_feed_that_has_gone_empties_the_copy():
    server = Server(Response(200, vcalendar("PUBLISH", vevent()), '"v1"'), Response(410), Response(404))
    subscription = FeedSubscription("/de/workshops/4/calendar.ics")
    subscription.poll(server)
    assert subscription.poll(server) == 410 and subscription.entries == {}
    assert subscription.poll(server) == 404 and server.requests[2] == {}


def test_a_feed_listing_a_uid_twice_is_refused():
    server = Server(Response(200, vcalendar("PUBLISH", vevent(), vevent(summary="again"))))
    with pytest.raises(AssertionError, match="twice"):
        FeedSubscription("/feed.ics").poll(server)


def email_with_invite(recipient: str, method: str, body: bytes) -> bytes:
    """An email with an inline text/calendar part, as registration mail is sent."""
    message = EmailMessage()
    message["To"] = f"Ayşe Yılmaz <{recipient}>"
    message["Subject"] = "Einladung"
    message.set_content("Hallo")
    message.add_alternative(body, maintype="text", subtype="calendar", params={"method": method})
    return message.as_bytes()


def test_mail_goes_into_the_recipients_calendar_and_must_be_addressed_to_them():
    client = CalendarClient()
    client.deliver(email_with_invite("Ayse@Example.com", "REQUEST", vcalendar("REQUEST", vevent())))
    assert set(client.mailboxes["ayse@example.com"].entries) == {UID}
    with pytest.raises(AssertionError, match="names"):
        client.deliver(email_with_invite("other@example.com", "REQUEST", vcalendar("REQUEST", vevent())))
    with pytest.raises(AssertionError, match="method=CANCEL"):
        client.deliver(email_with_invite("ayse@example.com", "CANCEL", vcalendar("REQUEST", vevent())))
