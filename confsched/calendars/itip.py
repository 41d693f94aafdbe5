"""iTIP messages (RFC 5546) for one registrant and one workshop day. No Flask here.

How to call it (the registration flow does this; the interface is stable):

    from confsched.calendars.adapters import workshop_events, access_data
    from confsched.calendars.itip import Attendee, Organiser, request_message, cancel_message

    # inside an app context, with the programme loaded by load_programme(slug, with_access=True)
    events = workshop_events(conference, workshop, registrant_language)   # one CalendarEvent per day
    access = access_data(workshop.platform, workshop.platform.access, registrant_language)  # or None
    for event in events:                                                  # one message per day (one UID each)
        message = request_message(event, Organiser(email, name), Attendee(email, name),
                                  sent_at=now, access=access)
        # attach message.body as message.filename with Content-Type message.content_type

- ``request_message`` gives METHOD:REQUEST; send it again after a change: the day's
  SEQUENCE has then gone up, so calendars replace the earlier copy.
- ``alarm_minutes`` adds a VALARM (ACTION:DISPLAY) that many minutes before the start; the
  registration flow passes the conference's shortest reminder offset, and nothing when reminders are off.
- ``cancel_message`` gives METHOD:CANCEL with STATUS:CANCELLED, for a cancelled
  workshop (its SEQUENCE is already higher) or a withdrawn registration (same
  SEQUENCE, later DTSTAMP; RFC 5546 §2.1.5 orders equal sequences by DTSTAMP).
- Times are written in the event's zone (the conference zone); texts are whatever
  language the events were built in, so build them in the registrant's language.
- Access data (join URL, meeting ID, passcode) appears only in these messages and
  only when passed in explicitly.
- ``sent_at`` is the message's DTSTAMP (RFC 5546 wants the time it was created).
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, replace

from confsched.calendars import contentlines as cl
from confsched.calendars.events import CalendarEvent, EventStatus, with_access
from confsched.calendars.ical import ZoneUse, write_calendar_header, write_event_body
from confsched.programme.links import is_clickable


class Method(enum.StrEnum):
    """The iTIP methods confsched sends."""

    request = "REQUEST"
    cancel = "CANCEL"


@dataclass(frozen=True)
class Organiser:
    """The configured organiser address that replies and calendar clients refer to."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class Attendee:
    """The one registrant a message is addressed to."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class AccessData:
    """The secret way into an online workshop, already worded in the registrant's language."""

    platform_name: str
    join_url: str | None
    meeting_id: str | None
    passcode: str | None
    text: str
    # The interpretation channel to pick on the platform in the registrant's language, if it names one.
    channel: str | None = None


@dataclass(frozen=True)
class ItipMessage:
    """A ready-to-attach calendar message and what a mailer needs to know about it."""

    method: Method
    uid: str
    sequence: int
    body: bytes

    @property
    def content_type(self) -> str:
        """The MIME type with the method parameter that Outlook and Gmail look for."""
        return f"text/calendar; charset=utf-8; method={self.method.value}"

    @property
    def filename(self) -> str:
        """Attachment name: invite.ics for requests, cancel.ics for cancellations."""
        return "invite.ics" if self.method is Method.request else "cancel.ics"


def request_message(
    event: CalendarEvent,
    organiser: Organiser,
    attendee: Attendee,
    *,
    sent_at: dt.datetime,
    access: AccessData | None = None,
    alarm_minutes: int | None = None,
) -> ItipMessage:
    """METHOD:REQUEST for one registrant; the access data, if given, goes into DESCRIPTION and CONFERENCE, and
    `alarm_minutes` adds a VALARM that many minutes before the start."""
    if access is not None:
        event = with_access(event, access.text)
    return _message(Method.request, event, organiser, attendee, sent_at, access, alarm_minutes)


def cancel_message(event: CalendarEvent, organiser: Organiser, attendee: Attendee, *, sent_at: dt.datetime) -> ItipMessage:
    """METHOD:CANCEL with STATUS:CANCELLED for one registrant; never carries access data."""
    return _message(Method.cancel, replace(event, status=EventStatus.cancelled), organiser, attendee, sent_at, None)


def _message(method, event, organiser, attendee, sent_at, access, alarm_minutes=None) -> ItipMessage:
    """Write the VCALENDAR: header, VTIMEZONE for the zone used, one VEVENT with ORGANIZER and ATTENDEE."""
    zones = ZoneUse()
    body = cl.ContentWriter()
    body.begin("VEVENT")
    write_event_body(body, event, zones, dtstamp=sent_at)
    _write_people(body, organiser, attendee)
    if access is not None and is_clickable(access.join_url):
        label = {"label": cl.param(access.platform_name)} if access.platform_name else {}
        body.line("CONFERENCE", cl.uri(access.join_url), value="URI", feature="VIDEO,AUDIO", **label)
    if alarm_minutes:
        _write_alarm(body, event, alarm_minutes)
    body.end("VEVENT")
    writer = cl.ContentWriter()
    write_calendar_header(writer, method.value)
    zones.write(writer)
    writer.extend(body)
    writer.end("VCALENDAR")
    return ItipMessage(method, event.uid, event.sequence, writer.to_bytes())


def _write_alarm(writer: cl.ContentWriter, event: CalendarEvent, minutes: int) -> None:
    """A display alarm before the start, as the conference's shortest reminder; clients that keep alarms show it."""
    writer.begin("VALARM")
    writer.line("ACTION", "DISPLAY")
    writer.line("TRIGGER", trigger(minutes))
    writer.line("DESCRIPTION", cl.text(event.summary))
    writer.end("VALARM")


def trigger(minutes: int) -> str:
    """An RFC 5545 duration that many minutes before the start: -PT1H, -PT24H, -PT1H30M, -PT45M."""
    hours, rest = divmod(int(minutes), 60)
    return "-PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def _write_people(writer: cl.ContentWriter, organiser: Organiser, attendee: Attendee) -> None:
    """ORGANIZER and the single ATTENDEE; RSVP=FALSE because registration, not the calendar, records replies."""
    organiser_params = {"cn": cl.param(organiser.name)} if organiser.name else {}
    writer.line("ORGANIZER", _mailto(organiser.email), **organiser_params)
    attendee_params = {"cn": cl.param(attendee.name)} if attendee.name else {}
    writer.line(
        "ATTENDEE", _mailto(attendee.email),
        **attendee_params, cutype="INDIVIDUAL", role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="FALSE",
    )


def _mailto(email: str) -> str:
    """A mailto: URI; an address containing a line break or a control character cannot be written safely."""
    address = str(email).strip()
    if not address or cl.uri(address) != address or any(char in address for char in ' <>"'):
        raise ValueError("not a usable e-mail address for a calendar message")
    return f"mailto:{address}"
