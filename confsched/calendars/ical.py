"""iCalendar feeds (RFC 5545 with RFC 7986 names) built from plain CalendarEvent values. No Flask here.

Output depends only on the values passed in: DTSTAMP and LAST-MODIFIED come from
each day's last change, never from the clock, so identical data gives identical
bytes and ETags stay valid. Cost grows linearly with the number of events.
"""
from __future__ import annotations

from collections.abc import Iterable

from confsched import timeengine
from confsched.calendars import contentlines as cl
from confsched.calendars.events import CalendarEvent, CalendarFeed
from confsched.calendars.vtimezone import is_ambiguous, vtimezone

PRODUCT_ID = "-//confsched//confsched calendars 1.0//EN"
REFRESH = "PT1H"


class ZoneUse:
    """Collects the years each TZID is used in, so every TZID gets exactly one VTIMEZONE covering them."""

    def __init__(self) -> None:
        """Start with no zone used."""
        self.years: dict[str, tuple[int, int]] = {}

    def note(self, zone: str, year: int) -> None:
        """Record that a local time in this zone and year was written."""
        low, high = self.years.get(zone, (year, year))
        self.years[zone] = (min(low, year), max(high, year))

    def write(self, writer: cl.ContentWriter) -> None:
        """Append one VTIMEZONE per zone, in name order for byte-stable output."""
        for zone in sorted(self.years):
            writer.extend(vtimezone(zone, *self.years[zone]))


def write_calendar_header(writer: cl.ContentWriter, method: str | None) -> None:
    """BEGIN:VCALENDAR with the properties every confsched calendar carries."""
    writer.begin("VCALENDAR")
    writer.line("VERSION", "2.0")
    writer.line("PRODID", PRODUCT_ID)
    writer.line("CALSCALE", "GREGORIAN")
    if method:
        writer.line("METHOD", method)


def write_date_time(writer: cl.ContentWriter, name: str, instant, zone: str, zones: ZoneUse) -> None:
    """DTSTART/DTEND with TZID; in UTC form where the wall time is ambiguous (the hour the clocks fall back)."""
    if is_ambiguous(instant, zone):
        writer.line(name, cl.utc_stamp(instant))
        return
    local = timeengine.to_zone(instant, zone).replace(tzinfo=None)
    zones.note(zone, local.year)
    writer.line(name, cl.local_stamp(local), tzid=cl.param(zone))


def _language(code: str) -> dict:
    """The LANGUAGE parameter (RFC 5545 3.2.10) naming the language a text is in, if known."""
    return {"language": cl.param(code)} if code else {}


def write_event_body(writer: cl.ContentWriter, event: CalendarEvent, zones: ZoneUse, dtstamp=None) -> None:
    """The VEVENT properties feeds and iTIP messages share; DTSTAMP defaults to the day's last change."""
    language = _language(event.language)
    writer.line("UID", cl.text(event.uid))
    writer.line("DTSTAMP", cl.utc_stamp(dtstamp or event.last_modified))
    writer.line("SEQUENCE", str(int(event.sequence)))
    writer.line("STATUS", event.status.value)
    write_date_time(writer, "DTSTART", event.starts_at, event.zone, zones)
    write_date_time(writer, "DTEND", event.ends_at, event.zone, zones)
    writer.line("LAST-MODIFIED", cl.utc_stamp(event.last_modified))
    writer.line("SUMMARY", cl.text(event.summary), **_language(event.summary_language or event.language))
    if event.description:
        writer.line("DESCRIPTION", cl.text(event.description), **language)
    if event.location:
        writer.line("LOCATION", cl.text(event.location), **language)
    if event.url:
        writer.line("URL", cl.uri(event.url), value="URI")
    if event.categories:
        writer.line("CATEGORIES", cl.text_list(event.categories), **language)
    writer.line("CLASS", "PRIVATE" if event.private else "PUBLIC")
    writer.line("TRANSP", "TRANSPARENT" if event.status.value == "CANCELLED" else "OPAQUE")


def build_feed(feed: CalendarFeed) -> bytes:
    """A subscribable calendar: a snapshot without METHOD, ORGANIZER or ATTENDEE.

    No METHOD, because a feed is not a scheduling message (RFC 5545 §3.7.2; CalDAV forbids it in
    stored objects): METHOD:PUBLISH would require an ORGANIZER (RFC 5546 §3.2.1, libical's
    restriction check), and an ORGANIZER makes clients show every public event as a meeting
    organised by the mail sender, under the same UIDs as the registrants' real invitations.
    """
    events = cl.ContentWriter()
    zones = ZoneUse()
    for event in feed.events:
        events.begin("VEVENT")
        write_event_body(events, event, zones)
        events.end("VEVENT")
    writer = cl.ContentWriter()
    write_calendar_header(writer, None)
    _write_feed_properties(writer, feed)
    zones.write(writer)
    writer.extend(events)
    writer.end("VCALENDAR")
    return writer.to_bytes()


def _write_feed_properties(writer: cl.ContentWriter, feed: CalendarFeed) -> None:
    """Name, description and refresh hints, in the RFC 7986 form and the de-facto X-WR/X-PUBLISHED form."""
    writer.line("NAME", cl.text(feed.name), **_language(feed.name_language or feed.language))
    writer.line("X-WR-CALNAME", cl.text(feed.name))
    if feed.description:
        writer.line("DESCRIPTION", cl.text(feed.description), **_language(feed.description_language or feed.language))
        writer.line("X-WR-CALDESC", cl.text(feed.description))
    if feed.url:
        writer.line("URL", cl.uri(feed.url), value="URI")
    writer.line("REFRESH-INTERVAL", REFRESH, value="DURATION")
    writer.line("X-PUBLISHED-TTL", REFRESH)


def sorted_events(events: Iterable[CalendarEvent]) -> tuple[CalendarEvent, ...]:
    """Events in the order feeds list them: by start, then UID, so output never depends on load order."""
    return tuple(sorted(events, key=lambda event: (event.starts_at, event.uid)))
