"""Plain values the calendar builders take: one workshop day as an event, and a feed of them. No Flask here."""
from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, replace


class EventStatus(enum.StrEnum):
    """RFC 5545 STATUS values a workshop day can have."""

    confirmed = "CONFIRMED"
    tentative = "TENTATIVE"
    cancelled = "CANCELLED"


def event_uid(day, host: str) -> str:
    """The UID of a workshop day: the identity it was given at creation, at the deployment's host; never reused."""
    return f"{day.identity}@{host}"


def name_uuid(name: str) -> str:
    """A name-based UUID (version 5) in confsched's URN space: the same name gives the same UUID everywhere."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:confsched:{name}"))


def event_guid(uid: str) -> str:
    """A UUID for frab exports derived from the UID, so both formats name a day the same way for good."""
    return name_uuid(uid)


@dataclass(frozen=True)
class CalendarEvent:
    """A workshop day as calendars see it, with every text already in the reader's language."""

    uid: str
    sequence: int
    status: EventStatus
    starts_at: dt.datetime
    ends_at: dt.datetime
    zone: str
    last_modified: dt.datetime
    summary: str
    description: str
    location: str
    url: str
    categories: tuple[str, ...] = ()
    language: str = ""
    # The language the summary is really in when its title fell back to another one (LANGUAGE=de on a Turkish feed).
    summary_language: str = ""
    # Carries someone's access data: CLASS:PRIVATE, so shared and delegated calendars hide the details.
    private: bool = False


def with_access(event: CalendarEvent, access_text: str) -> CalendarEvent:
    """The event with access data appended to its description, marked private; only ever for its registrant."""
    description = "\n\n".join(part for part in (event.description, access_text) if part)
    return replace(event, description=description, private=True)


@dataclass(frozen=True)
class CalendarFeed:
    """A subscribable calendar: its name in the feed's language and its events in a fixed order."""

    name: str
    description: str
    language: str
    url: str
    events: tuple[CalendarEvent, ...]
    # The languages the name and description are really in, when they fell back to another one.
    name_language: str = ""
    description_language: str = ""
