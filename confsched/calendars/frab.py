"""frab/c3voc schedule.xml and schedule.json (what Giggity, EventFahrplan and ConfClerk read). No Flask here.

Rooms are platforms, events are workshop days, days are the conference zone's
calendar dates that have events. Times are written in the conference zone with
their offset; GUIDs derive from the iCalendar UID, so both exports and the feeds
name a workshop day the same way for its whole life.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from confsched import timeengine

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
GENERATOR = "confsched"
# Characters XML 1.0 cannot carry at all; a stray one in a title must not make the file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FrabPerson:
    """A speaker or moderator as conference apps list them."""

    id: int
    guid: str
    name: str


@dataclass(frozen=True)
class FrabRoom:
    """A platform (or venue) as a frab room."""

    name: str
    guid: str
    slug: str
    kind: str
    capacity: int | None = None
    description: str = ""


@dataclass(frozen=True)
class FrabEvent:
    """A workshop day as a frab event, texts in the export's language."""

    id: int
    guid: str
    slug: str
    title: str
    subtitle: str
    track: str
    type: str
    # The language spoken (a code, as frab has it), or None when the programme does not say.
    language: str | None
    abstract: str
    description: str
    url: str
    room: FrabRoom
    starts_at: dt.datetime
    ends_at: dt.datetime
    persons: tuple[FrabPerson, ...] = ()


@dataclass(frozen=True)
class FrabTrack:
    """A track (one per workshop) with its slug."""

    name: str
    slug: str


@dataclass(frozen=True)
class FrabSchedule:
    """Everything a frab export says about one conference in one language."""

    title: str
    acronym: str
    zone: str
    version: str
    url: str
    base_url: str
    fallback_date: dt.date
    generator_version: str
    tracks: tuple[FrabTrack, ...]
    rooms: tuple[FrabRoom, ...]
    events: tuple[FrabEvent, ...]


@dataclass(frozen=True)
class FrabDay:
    """One conference day: its events per room, in room order."""

    index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    rooms: tuple[tuple[FrabRoom, tuple[FrabEvent, ...]], ...]


def group_days(schedule: FrabSchedule) -> list[FrabDay]:
    """Events grouped by their date in the conference zone, then by room; one empty day if there are none."""
    by_date: dict[dt.date, list[FrabEvent]] = {}
    for event in sorted(schedule.events, key=lambda event: (event.starts_at, event.id)):
        by_date.setdefault(timeengine.to_zone(event.starts_at, schedule.zone).date(), []).append(event)
    if not by_date:
        midnight = timeengine.UTC.localize(dt.datetime.combine(schedule.fallback_date, dt.time()))
        return [FrabDay(1, schedule.fallback_date, midnight, midnight, ())]
    room_order = {room.guid: position for position, room in enumerate(schedule.rooms)}
    days = []
    for index, (date, events) in enumerate(sorted(by_date.items()), start=1):
        rooms: dict[str, list[FrabEvent]] = {}
        for event in events:
            rooms.setdefault(event.room.guid, []).append(event)
        ordered = sorted(rooms.values(), key=lambda room_events: room_order.get(room_events[0].room.guid, len(room_order)))
        days.append(FrabDay(
            index=index, date=date,
            start=min(event.starts_at for event in events), end=max(event.ends_at for event in events),
            rooms=tuple((room_events[0].room, tuple(room_events)) for room_events in ordered),
        ))
    return days


def local_iso(instant: dt.datetime, zone: str) -> str:
    """An instant as ISO 8601 wall time in the zone with its offset, e.g. 2020-06-15T09:30:00+02:00."""
    return timeengine.to_zone(instant, zone).isoformat(timespec="seconds")


def hours_minutes(event: FrabEvent) -> str:
    """The event's length as frab's "HH:MM"."""
    minutes = int((event.ends_at - event.starts_at).total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _clean(text: str) -> str:
    """Text without the characters XML 1.0 forbids."""
    return _NOT_XML.sub("", text or "")


def build_xml(schedule: FrabSchedule) -> bytes:
    """schedule.xml as the c3voc XSD describes it, UTF-8 with an XML declaration."""
    days = group_days(schedule)
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name=GENERATOR, version=schedule.generator_version)
    _sub(root, "url", schedule.url)
    _sub(root, "version", schedule.version)
    _xml_conference(root, schedule, days)
    for day in days:
        day_element = ET.SubElement(root, "day", {
            "index": str(day.index), "date": day.date.isoformat(),
            "start": local_iso(day.start, schedule.zone), "end": local_iso(day.end, schedule.zone),
        })
        for room, events in day.rooms:
            room_element = ET.SubElement(day_element, "room", name=_clean(room.name), guid=room.guid)
            for event in events:
                _xml_event(room_element, event, schedule.zone)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _sub(parent: ET.Element, name: str, text: str, **attributes: str) -> ET.Element:
    """A child element with cleaned text."""
    element = ET.SubElement(parent, name, attributes)
    element.text = _clean(text)
    return element


def _xml_conference(root: ET.Element, schedule: FrabSchedule, days: list[FrabDay]) -> None:
    """The conference block: title, acronym, dates, zone, URLs and tracks."""
    conference = ET.SubElement(root, "conference")
    _sub(conference, "title", schedule.title)
    _sub(conference, "acronym", schedule.acronym)
    _sub(conference, "start", days[0].date.isoformat())
    _sub(conference, "end", days[-1].date.isoformat())
    _sub(conference, "days", str(len(days)))
    _sub(conference, "timeslot_duration", "00:05")
    _sub(conference, "base_url", schedule.base_url)
    _sub(conference, "url", schedule.url)
    _sub(conference, "time_zone_name", schedule.zone)
    for track in schedule.tracks:
        ET.SubElement(conference, "track", name=_clean(track.name), slug=track.slug)


def _xml_event(room_element: ET.Element, event: FrabEvent, zone: str) -> None:
    """One event element; frab readers expect these children in this order."""
    element = ET.SubElement(room_element, "event", id=str(event.id), guid=event.guid)
    _sub(element, "room", event.room.name)
    _sub(element, "title", event.title)
    if event.subtitle:
        _sub(element, "subtitle", event.subtitle)
    _sub(element, "type", event.type)
    _sub(element, "date", local_iso(event.starts_at, zone))
    _sub(element, "start", timeengine.to_zone(event.starts_at, zone).strftime("%H:%M"))
    _sub(element, "duration", hours_minutes(event))
    _sub(element, "abstract", event.abstract)
    _sub(element, "slug", event.slug)
    _sub(element, "track", event.track)
    persons = ET.SubElement(element, "persons")
    for person in event.persons:
        _sub(persons, "person", person.name, id=str(person.id), guid=person.guid)
    if event.language:
        _sub(element, "language", event.language)
    _sub(element, "description", event.description)
    links = ET.SubElement(element, "links")
    _sub(links, "link", event.title, href=event.url, type="web")
    _sub(element, "url", event.url)


def build_json(schedule: FrabSchedule) -> bytes:
    """schedule.json as the c3voc JSON Schema describes it, UTF-8, keys in a fixed order."""
    days = group_days(schedule)
    document = {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR, "version": schedule.generator_version},
        "schedule": {
            "version": schedule.version,
            "base_url": schedule.base_url,
            "conference": {
                "acronym": schedule.acronym,
                "title": schedule.title,
                "start": days[0].date.isoformat(),
                "end": days[-1].date.isoformat(),
                "daysCount": len(days),
                "timeslot_duration": "00:05",
                "time_zone_name": schedule.zone,
                "url": schedule.url,
                "tracks": [{"name": track.name, "slug": track.slug} for track in schedule.tracks],
                "rooms": [_json_room(room) for room in schedule.rooms],
                "days": [_json_day(day, schedule.zone) for day in days],
            },
        },
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_room(room: FrabRoom) -> dict:
    """A room entry of the conference's room list."""
    return {"name": room.name, "slug": room.slug, "type": room.kind, "guid": room.guid,
            "capacity": room.capacity, "description": room.description or None}


def _json_day(day: FrabDay, zone: str) -> dict:
    """A day with its events per room name (rooms that share a name share a list)."""
    rooms: dict[str, list[dict]] = {}
    for room, events in day.rooms:
        rooms.setdefault(room.name, []).extend(_json_event(event, zone) for event in events)
    return {
        "index": day.index,
        "date": day.date.isoformat(),
        "day_start": local_iso(day.start, zone),
        "day_end": local_iso(day.end, zone),
        "rooms": rooms,
    }


def _json_event(event: FrabEvent, zone: str) -> dict:
    """One event with every field the schema requires."""
    return {
        "guid": event.guid,
        "id": event.id,
        "date": local_iso(event.starts_at, zone),
        "start": timeengine.to_zone(event.starts_at, zone).strftime("%H:%M"),
        "end": local_iso(event.ends_at, zone),
        "duration": hours_minutes(event),
        "room": event.room.name,
        "slug": event.slug,
        "url": event.url,
        "title": event.title,
        "subtitle": event.subtitle,
        "track": event.track,
        "type": event.type,
        "language": event.language,
        "abstract": event.abstract,
        "description": event.description,
        "logo": None,
        "persons": [{"name": person.name, "guid": person.guid} for person in event.persons],
        "links": [{"url": event.url, "title": event.title, "type": "web"}],
        "attachments": [],
    }
