"""iTIP REQUEST and CANCEL for one registrant: people, sequence, language, and access data only here.

Expected month, weekday and city names are CLDR's and offsets tzdata's, as the Babel and pytz pinned in
requirements/lock.txt give them.
"""
from __future__ import annotations

import copy
import datetime as dt

import icalendar
import pytest
import vobject
from calendar_parsers import SECRETS, event_properties, parse_everywhere, parse_everywhere_by_vtimezone, unfolded_lines

from confsched.calendars.adapters import access_data, workshop_events
from confsched.calendars.itip import Attendee, Method, Organiser, cancel_message, request_message
from confsched.programme.queries import load_programme

UTC = dt.timezone.utc
SENT_AT = dt.datetime(2020, 6, 1, 9, 15, tzinfo=UTC)
ORGANISER = Organiser("programm@staedtetag.example", "Deutscher Städtetag, Team Vorkonferenz")
ATTENDEE = Attendee("ayse.yilmaz@belediye.example", "Ayşe Yılmaz")


@pytest.fixture
def invitation(app, demo):
    """Factory: the REQUEST (or CANCEL) for workshop `number`, day `index`, in a language, with or without access."""

    def build(number=1, language="tr", with_access=True, method=Method.request, index=0):
        """One message, built inside the app context from the loaded demo."""
        with app.app_context():
            conference = load_programme(demo, with_access=True)
            workshop = next(workshop for workshop in conference.workshops if workshop.number == number)
            event = workshop_events(conference, workshop, language)[index]
            if method is Method.cancel:
                return cancel_message(event, ORGANISER, ATTENDEE, sent_at=SENT_AT)
            access = access_data(workshop.platform, workshop.platform.access, language) if with_access else None
            return request_message(event, ORGANISER, ATTENDEE, sent_at=SENT_AT, access=access)

    return build


def test_request_names_organiser_and_one_attendee(invitation):
    """ORGANIZER with CN, one ATTENDEE with CN, NEEDS-ACTION and RSVP=FALSE, METHOD:REQUEST, DTSTAMP = sent_at."""
    message = invitation()
    lines = unfolded_lines(message.body)
    assert "METHOD:REQUEST" in lines
    assert event_properties(message.body, "ORGANIZER") == [
        'ORGANIZER;CN="Deutscher Städtetag, Team Vorkonferenz":mailto:programm@staedtetag.example']
    (attendee,) = event_properties(message.body, "ATTENDEE")
    assert attendee.startswith("ATTENDEE;CN=Ayşe Yılmaz;")
    assert ";PARTSTAT=NEEDS-ACTION;" in attendee and ";RSVP=FALSE" in attendee
    assert attendee.endswith(":mailto:ayse.yilmaz@belediye.example")
    assert "DTSTAMP:20200601T091500Z" in lines
    assert message.content_type == "text/calendar; charset=utf-8; method=REQUEST"
    assert "REFRESH-INTERVAL" not in message.body.decode()


def test_request_is_read_alike_by_every_parser(invitation):
    """icalendar, vobject and ical agree on UID, instants and status; vobject and icalendar see the attendee."""
    message = invitation()
    (event,) = parse_everywhere(message.body)
    assert parse_everywhere_by_vtimezone(message.body) == [event]
    assert event.start == dt.datetime(2020, 6, 15, 7, 30, tzinfo=UTC)
    assert event.uid == message.uid and event.sequence == message.sequence == 0
    assert event.summary == "Dijital Şehir"
    parsed = vobject.readOne(message.body.decode())
    assert parsed.vevent.attendee.params["PARTSTAT"] == ["NEEDS-ACTION"]
    calendar = icalendar.Calendar.from_ical(message.body)
    assert str(calendar.walk("VEVENT")[0]["ATTENDEE"]) == "mailto:ayse.yilmaz@belediye.example"
    assert event_properties(message.body, "DTSTART") == ["DTSTART;TZID=Europe/Berlin:20200615T093000"]


def test_access_data_only_in_the_invitation_and_only_when_given(invitation, client):
    """The passcode and join link reach the registrant's invitation, never a request without access or a feed;
    only the event that carries them is private, so shared and delegated calendars hide its details."""
    with_access = invitation(with_access=True).body.decode()
    assert "Kd-7319-secret" in with_access.replace("\r\n ", "")
    assert event_properties(with_access.encode(), "CLASS") == ["CLASS:PRIVATE"]
    assert event_properties(invitation(with_access=False).body, "CLASS") == ["CLASS:PUBLIC"]
    assert any(line.startswith("CONFERENCE;VALUE=URI;FEATURE=VIDEO,AUDIO;LABEL=Kudo:https://kudo.example.org/join/")
               for line in unfolded_lines(with_access.encode()))
    without = invitation(with_access=False).body
    feed = client.get("/tr/vorkonferenz-2020/calendar.ics").data
    for secret in SECRETS:
        assert secret.encode() not in without and secret.encode() not in feed


def test_texts_are_in_the_registrants_language(invitation):
    """A German registrant gets German texts whatever the request's language."""
    (german,) = parse_everywhere(invitation(language="de").body)
    assert german.summary == "Digitale Stadt"
    description = str(icalendar.Calendar.from_ical(invitation(language="de").body).walk("VEVENT")[0]["DESCRIPTION"])
    assert "Montag, 15. Juni 2020, 09:30–11:30 Berlin (MESZ) · 10:30–12:30 Istanbul (UTC+3)" in description


def test_cancel_carries_status_cancelled_and_no_access(invitation):
    """METHOD:CANCEL, STATUS:CANCELLED, the same UID, still ORGANIZER and ATTENDEE, no secrets."""
    request = invitation()
    cancel = invitation(method=Method.cancel)
    lines = unfolded_lines(cancel.body)
    assert "METHOD:CANCEL" in lines and "STATUS:CANCELLED" in lines
    assert cancel.uid == request.uid and cancel.sequence >= request.sequence
    assert event_properties(cancel.body, "ATTENDEE") and event_properties(cancel.body, "ORGANIZER")
    assert cancel.content_type.endswith("method=CANCEL")
    (event,) = parse_everywhere(cancel.body)
    assert event.status == "CANCELLED"
    for secret in SECRETS:
        assert secret.encode() not in cancel.body


def test_update_after_a_time_change_has_a_higher_sequence(invitation, load_document, demo_document):
    """After workshop 1 moves, the REQUEST for the same UID carries SEQUENCE 1."""
    before = invitation(number=1)
    moved = copy.deepcopy(demo_document)
    day = moved["workshops"][0]["days"][0]
    day.update(local_start="10:00", local_end="12:00")
    for key in ("start", "end", "printed"):
        day.pop(key, None)
    for item in day["items"]:
        item.pop("printed", None)
        item.pop("start", None)
        item.pop("end", None)
    load_document(moved)
    after = invitation(number=1)
    assert after.uid == before.uid
    assert (before.sequence, after.sequence) == (0, 1)
    (event,) = parse_everywhere(after.body)
    assert event.sequence == 1 and event.start == dt.datetime(2020, 6, 15, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize("email", ["", "someone@example.org\r\nATTENDEE:mailto:x@y", "Name <a@b.example>", "a b@c.example"])
def test_unusable_addresses_are_refused(app, demo, email):
    """An address that cannot be written safely raises instead of producing a broken or injected message."""
    with app.app_context():
        conference = load_programme(demo)
        event = workshop_events(conference, conference.workshops[0], "de")[0]
        with pytest.raises(ValueError):
            request_message(event, ORGANISER, Attendee(email, "X"), sent_at=SENT_AT)


def test_hostile_attendee_name_stays_a_parameter(app, demo):
    """A CN with quotes, colons and a line break cannot add a property."""
    with app.app_context():
        conference = load_programme(demo)
        event = workshop_events(conference, conference.workshops[0], "de")[0]
    message = request_message(event, ORGANISER, Attendee("a@b.example", 'Eve"\r\nORGANIZER:mailto:evil@x'),
                              sent_at=SENT_AT)
    assert len(event_properties(message.body, "ORGANIZER")) == 1
    assert len(event_properties(message.body, "ATTENDEE")) == 1
    parse_everywhere(message.body)


def test_each_day_of_a_multi_day_workshop_is_its_own_message(invitation):
    """Workshop 4 runs on two days: two messages, two UIDs, each with one VEVENT."""
    first, second = invitation(number=4, index=0), invitation(number=4, index=1)
    assert first.uid != second.uid
    assert [event.start.date() for event in parse_everywhere(first.body) + parse_everywhere(second.body)] == [
        dt.date(2020, 6, 3), dt.date(2020, 6, 10)]
