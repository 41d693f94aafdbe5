"""A model calendar client: iTIP mail applied by RFC 5546 rules, feeds replaced on each poll.

It reads everything with the icalendar package, not with confsched's own writer, and
keeps what a real client keeps: one calendar per mailbox, fed by REQUEST and CANCEL
messages, and one copy per feed subscription, replaced whenever the server sends a new
one (a 304 keeps the copy). Each calendar also remembers the newest version
(SEQUENCE, DTSTAMP) it has applied per UID, cancelled ones included, because RFC 5546
§2.1.5 orders every later message about that UID against it.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from email import message_from_bytes
from email.utils import getaddresses

import icalendar

UTC = dt.timezone.utc


@dataclass(frozen=True)
class Entry:
    """One VEVENT as a client stores it."""

    uid: str
    sequence: int
    dtstamp: dt.datetime
    status: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    location: str
    description: str
    url: str
    attendees: tuple[str, ...] = ()

    @property
    def version(self) -> tuple[int, dt.datetime]:
        """What RFC 5546 orders messages about one UID by: SEQUENCE first, then DTSTAMP."""
        return self.sequence, self.dtstamp


@dataclass(frozen=True)
class CalendarObject:
    """A parsed VCALENDAR: its METHOD (empty when it has none) and its events in file order."""

    method: str
    entries: tuple[Entry, ...]


def _instant(component, name: str) -> dt.datetime:
    """A DATE-TIME property as an aware UTC instant; a floating time would mean the TZID was lost."""
    value = component.decoded(name)
    assert isinstance(value, dt.datetime) and value.tzinfo is not None, f"{name} is not an instant: {value!r}"
    return value.astimezone(UTC)


def _text(component, name: str) -> str:
    """A text property, or an empty string when it is missing."""
    return str(component.get(name, ""))


def _attendee_address(value) -> str:
    """The address of an ATTENDEE, without its mailto: scheme."""
    address = str(value)
    return (address[len("mailto:"):] if address.lower().startswith("mailto:") else address).lower()


@functools.lru_cache(maxsize=512)
def read_calendar(data: bytes) -> CalendarObject:
    """Parse one iCalendar object the way a client does (remembered: feeds are polled again and again unchanged)."""
    calendar = icalendar.Calendar.from_ical(data)
    entries = []
    for event in calendar.walk("VEVENT"):
        attendees = event.get("ATTENDEE", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        entries.append(Entry(
            uid=str(event["UID"]), sequence=int(event.get("SEQUENCE", 0)), dtstamp=_instant(event, "DTSTAMP"),
            status=_text(event, "STATUS") or "CONFIRMED", start=_instant(event, "DTSTART"),
            end=_instant(event, "DTEND"), summary=_text(event, "SUMMARY"), location=_text(event, "LOCATION"),
            description=_text(event, "DESCRIPTION"), url=_text(event, "URL"),
            attendees=tuple(_attendee_address(attendee) for attendee in attendees),
        ))
    return CalendarObject(_text(calendar, "METHOD").upper(), tuple(entries))


@dataclass(frozen=True)
class Applied:
    """One message about one UID and what the calendar did with it, for explaining a failure."""

    method: str
    uid: str
    sequence: int
    dtstamp: dt.datetime
    outcome: str

    def __str__(self) -> str:
        return f"{self.method} {self.uid} SEQUENCE {self.sequence} DTSTAMP {self.dtstamp:%H:%M:%S}: {self.outcome}"


class Calendar:
    """A calendar fed by iTIP messages: one event per UID, and only a newer version replaces or cancels it."""

    def __init__(self) -> None:
        """Start empty, with nothing seen."""
        self.entries: dict[str, Entry] = {}
        self.newest: dict[str, tuple[int, dt.datetime]] = {}
        self.log: list[Applied] = []

    def receive(self, data: bytes) -> None:
        """Apply every event of an iTIP object by its METHOD."""
        calendar = read_calendar(data)
        for entry in calendar.entries:
            self.apply(calendar.method, entry)

    def apply(self, method: str, entry: Entry) -> bool:
        """REQUEST needs a newer version than any seen; CANCEL one that is not older (RFC 5546 §2.1.5, §3.2.5)."""
        seen = self.newest.get(entry.uid)
        if method == "REQUEST":
            applies = seen is None or entry.version > seen
            if applies:
                self.entries[entry.uid] = entry
        elif method == "CANCEL":
            applies = seen is None or entry.version >= seen
            if applies:
                self.entries.pop(entry.uid, None)
        else:
            raise AssertionError(f"a calendar client cannot apply METHOD:{method or '(none)'} from mail")
        if applies:
            self.newest[entry.uid] = entry.version if seen is None else max(seen, entry.version)
        outcome = "applied" if applies else f"ignored, not newer than SEQUENCE {seen[0]} DTSTAMP {seen[1]:%H:%M:%S}"
        self.log.append(Applied(method, entry.uid, entry.sequence, entry.dtstamp, outcome))
        return applies

    def history(self, uid: str) -> str:
        """Every message about a UID this calendar received, one per line."""
        return "\n".join(str(applied) for applied in self.log if applied.uid == uid) or "(no message)"


@dataclass
class FeedSubscription:
    """A subscribed feed: each poll replaces the copy, a 304 to the last ETag keeps it, and 404 or 410 empties it."""

    url: str
    etag: str | None = None
    entries: dict[str, Entry] = field(default_factory=dict)
    status: int | None = None

    def poll(self, http) -> int:
        """Fetch the feed with `http.get(url, headers=...)` as a client would; returns the status."""
        headers = {"If-None-Match": self.etag} if self.etag else {}
        response = http.get(self.url, headers=headers)
        self.status = response.status_code
        if response.status_code == 304:
            assert self.etag is not None, f"{self.url}: 304 to a request without If-None-Match"
        elif response.status_code in (404, 410):
            self.entries, self.etag = {}, None
        else:
            assert response.status_code == 200, f"{self.url}: {response.status_code}"
            calendar = read_calendar(response.data)
            assert calendar.method in ("", "PUBLISH"), f"{self.url}: a feed with METHOD:{calendar.method}"
            uids = [entry.uid for entry in calendar.entries]
            assert len(uids) == len(set(uids)), f"{self.url}: a UID listed twice: {sorted(uids)}"
            self.entries = {entry.uid: entry for entry in calendar.entries}
            self.etag = response.headers.get("ETag")
        return self.status


def calendar_parts(raw: bytes) -> tuple[str, list[tuple[str, bytes]]]:
    """The recipient of an email and its text/calendar parts as (method parameter, body)."""
    message = message_from_bytes(raw)
    recipients = getaddresses(message.get_all("To", []))
    assert len(recipients) == 1, f"one recipient per message, got {recipients}"
    parts = [(str(part.get_param("method") or "").upper(), part.get_payload(decode=True))
             for part in message.walk() if part.get_content_type() == "text/calendar"]
    return recipients[0][1].lower(), parts


class CalendarClient:
    """Everyone's calendars: one per mailbox, fed by the iTIP parts of their mail, and the feed subscriptions."""

    def __init__(self) -> None:
        """No mail received, nothing subscribed."""
        self.mailboxes: dict[str, Calendar] = defaultdict(Calendar)
        self.subscriptions: dict[str, FeedSubscription] = {}

    def deliver(self, raw: bytes) -> str:
        """Put one email's calendar parts into its recipient's calendar; returns the recipient."""
        recipient, parts = calendar_parts(raw)
        for method, body in parts:
            calendar = read_calendar(body)
            assert method == calendar.method, f"Content-Type says method={method}, the body METHOD:{calendar.method}"
            for entry in calendar.entries:
                assert entry.attendees == (recipient,), f"{entry.uid} to {recipient} names {entry.attendees}"
            self.mailboxes[recipient].receive(body)
        return recipient

    def subscribe(self, name: str, url: str) -> FeedSubscription:
        """Subscribe to a feed under a name (kept if already subscribed)."""
        return self.subscriptions.setdefault(name, FeedSubscription(url))

    def poll(self, http) -> None:
        """Poll every subscribed feed once."""
        for subscription in self.subscriptions.values():
            subscription.poll(http)
