"""Three independent iCalendar parsers that must agree, and small helpers for reading content lines."""
from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream

UTC = dt.timezone.utc
SECRETS = ("Kd-7319-secret", "Zm-4482-secret", "example.org/join", "zoom.example.org", "KUDO-2020-0615", "812 3456 7890")


@dataclass(frozen=True)
class ParsedEvent:
    """What every parser must agree on for one VEVENT."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    status: str
    sequence: int
    summary: str


def _utc(value) -> dt.datetime:
    """An aware datetime in UTC; refuses floating times, which would mean the TZID was lost."""
    assert isinstance(value, dt.datetime) and value.tzinfo is not None, value
    return value.astimezone(UTC)


def parse_with_icalendar(data: bytes) -> list[ParsedEvent]:
    """Events as icalendar reads them."""
    calendar = icalendar.Calendar.from_ical(data)
    return [
        ParsedEvent(str(component["UID"]), _utc(component["DTSTART"].dt), _utc(component["DTEND"].dt),
                    str(component["STATUS"]), int(component["SEQUENCE"]), str(component["SUMMARY"]))
        for component in calendar.walk("VEVENT")
    ]


def parse_with_vobject(data: bytes) -> list[ParsedEvent]:
    """Events as vobject reads them (it builds its zones from our VTIMEZONE blocks)."""
    calendar = vobject.readOne(data.decode("utf-8"))
    return [
        ParsedEvent(component.uid.value, _utc(component.dtstart.value), _utc(component.dtend.value),
                    component.status.value, int(component.sequence.value), component.summary.value)
        for component in calendar.contents.get("vevent", [])
    ]


def parse_with_ical(data: bytes) -> list[ParsedEvent]:
    """Events as the `ical` package reads them (pydantic models, strict RFC 5545)."""
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return [
        ParsedEvent(component.uid, _utc(component.dtstart), _utc(component.dtend),
                    str(component.status.value), int(component.sequence), component.summary)
        for component in calendar.events
    ]


PARSERS = {"icalendar": parse_with_icalendar, "vobject": parse_with_vobject, "ical": parse_with_ical}


def parse_everywhere(data: bytes) -> list[ParsedEvent]:
    """Parse with all three parsers, assert they agree, and return their common reading."""
    readings = {name: parse(data) for name, parse in PARSERS.items()}
    first = readings["icalendar"]
    for name, reading in readings.items():
        assert reading == first, f"{name} reads the calendar differently"
    return first


def parse_everywhere_by_vtimezone(data: bytes) -> list[ParsedEvent]:
    """Parse after renaming every TZID uniquely, so no parser can use its own or a remembered copy of the zone."""
    prefix = f"Probe-{uuid.uuid4().hex}-"
    text = data.decode("utf-8").replace("TZID:Europe/", f"TZID:{prefix}").replace("TZID=Europe/", f"TZID={prefix}")
    assert "TZID=Europe/" not in text
    return parse_everywhere(text.encode("utf-8"))


def unfolded_lines(data: bytes) -> list[str]:
    """Content lines with folding undone (RFC 5545 §3.1)."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def properties(data: bytes, name: str) -> list[str]:
    """Every unfolded line of one property, parameters included."""
    return [line for line in unfolded_lines(data) if line.split(";")[0].split(":")[0] == name]


def event_properties(data: bytes, name: str) -> list[str]:
    """Every unfolded line of one property inside VEVENTs (VTIMEZONE has DTSTARTs of its own)."""
    inside, found = False, []
    for line in unfolded_lines(data):
        inside = (inside or line == "BEGIN:VEVENT") and line != "END:VEVENT"
        if inside and line.split(";")[0].split(":")[0] == name:
            found.append(line)
    return found


_ESCAPE_OR_CHARACTER = re.compile(r"\\.|.", re.DOTALL)


def folds_inside_escapes(data: bytes) -> list[str]:
    """Physical lines that end between a backslash and the character it escapes (clients that unfold badly drop them)."""
    broken = []
    for logical in re.split(r"\r\n(?! )", data.decode("utf-8")):
        physical = logical.split("\r\n ")
        boundaries = {match.end() for match in _ESCAPE_OR_CHARACTER.finditer("".join(physical))}
        position = 0
        for line in physical[:-1]:
            position += len(line)
            if position not in boundaries:
                broken.append(line)
    return broken
