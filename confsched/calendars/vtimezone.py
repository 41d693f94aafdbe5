"""Compact VTIMEZONE blocks built from pytz's transition table for just the years a calendar needs. No Flask here.

Regular rules become one STANDARD and one DAYLIGHT component with a yearly RRULE
(Europe/Berlin: last Sunday of March and of October); a zone without transitions
in those years (Europe/Istanbul since 2016) becomes one STANDARD component.
Irregular changes (a government moving a date once) get a component of their own.
The zone is loaded through the time engine; only its transition table is read here.
"""
from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from confsched import timeengine
from confsched.calendars.contentlines import ContentWriter, local_stamp, offset, text, utc_stamp

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Transitions beyond the calendar's last year that tell whether a rule goes on (then the RRULE stays open).
LOOKAHEAD = 2


@dataclass(frozen=True)
class Transition:
    """One change of a zone's offset: the instant and the offsets before and after it."""

    utc: dt.datetime
    offset_from: int
    offset_to: int
    daylight: bool
    name: str

    @property
    def onset(self) -> dt.datetime:
        """Wall-clock time of the change as the clocks showed it before (RFC 5545 DTSTART of an observance)."""
        return self.utc + dt.timedelta(minutes=self.offset_from)

    @property
    def rule(self) -> tuple:
        """What makes yearly changes the same rule: kind, offsets, name, month, weekday in month and time."""
        onset = self.onset
        last_days = calendar.monthrange(onset.year, onset.month)[1]
        week = -1 if onset.day + 7 > last_days else (onset.day - 1) // 7 + 1
        return (self.daylight, self.offset_from, self.offset_to, self.name,
                onset.month, onset.weekday(), week, onset.time())


@dataclass(frozen=True)
class Observance:
    """A STANDARD or DAYLIGHT component: a run of transitions that follow one yearly rule."""

    transitions: tuple[Transition, ...]
    open_ended: bool

    def write(self, writer: ContentWriter) -> None:
        """Write the component, with an RRULE when the run spans more than one year."""
        first, last = self.transitions[0], self.transitions[-1]
        component = "DAYLIGHT" if first.daylight else "STANDARD"
        writer.begin(component)
        writer.line("DTSTART", local_stamp(first.onset))
        if len(self.transitions) > 1:
            _, _, _, _, month, weekday, week, _ = first.rule
            # A day past the last change: parsers that read UNTIL as wall time (vobject) still include it.
            until = "" if self.open_ended else f";UNTIL={utc_stamp(timeengine.as_utc(last.utc) + dt.timedelta(days=1))}"
            writer.line("RRULE", f"FREQ=YEARLY;BYMONTH={month};BYDAY={week}{WEEKDAY_CODES[weekday]}{until}")
        writer.line("TZOFFSETFROM", offset(first.offset_from))
        writer.line("TZOFFSETTO", offset(first.offset_to))
        writer.line("TZNAME", text(first.name))
        writer.end(component)


def _minutes(delta: dt.timedelta) -> int:
    """A timedelta offset in whole minutes."""
    return int(delta.total_seconds() // 60)


@lru_cache(maxsize=64)
def zone_transitions(zone_name: str) -> tuple[Transition, ...]:
    """Every transition pytz knows for the zone, oldest first (empty for fixed zones such as UTC)."""
    zone = timeengine.get_zone(zone_name)
    times = getattr(zone, "_utc_transition_times", None)
    if not times:
        return ()
    infos = zone._transition_info
    transitions = []
    for index in range(1, len(times)):
        before, after = infos[index - 1], infos[index]
        transitions.append(Transition(
            utc=times[index], offset_from=_minutes(before[0]), offset_to=_minutes(after[0]),
            daylight=bool(after[1]), name=after[2],
        ))
    return tuple(transitions)


def observances(zone_name: str, first_year: int, last_year: int) -> list[Observance]:
    """The components that cover every instant from 1 January of first_year to 31 December of last_year."""
    transitions = zone_transitions(zone_name)
    window_start = dt.datetime(first_year, 1, 1) - dt.timedelta(days=1)
    window_end = dt.datetime(last_year + 1, 1, 1) + dt.timedelta(days=1)
    times = [transition.utc for transition in transitions]
    first = max(bisect_right(times, window_start) - 1, 0)
    last = bisect_right(times, window_end)
    candidates = transitions[first:last + LOOKAHEAD]
    if not candidates:
        return []
    runs = _runs(candidates)
    return [
        Observance(tuple(run), open_ended=run[-1].utc > window_end)
        for run in runs
        if run[0].utc <= window_end
    ]


def _runs(transitions) -> list[list[Transition]]:
    """Group transitions of one kind that follow the same rule in consecutive years."""
    open_runs: dict[bool, list[Transition]] = {}
    runs: list[list[Transition]] = []
    for transition in transitions:
        current = open_runs.get(transition.daylight)
        if current and current[-1].rule == transition.rule and current[-1].onset.year + 1 == transition.onset.year:
            current.append(transition)
            continue
        current = [transition]
        open_runs[transition.daylight] = current
        runs.append(current)
    return runs


@lru_cache(maxsize=256)
def vtimezone(zone_name: str, first_year: int, last_year: int) -> ContentWriter:
    """A complete VTIMEZONE for the zone and years, cached because feeds ask for the same few again and again."""
    writer = ContentWriter()
    writer.begin("VTIMEZONE")
    writer.line("TZID", text(zone_name))
    components = observances(zone_name, first_year, last_year)
    if components:
        for component in components:
            component.write(writer)
    else:
        _write_fixed(writer, zone_name)
    writer.end("VTIMEZONE")
    return writer


def _write_fixed(writer: ContentWriter, zone_name: str) -> None:
    """A zone that has never changed its offset (UTC, Etc/GMT-3): one STANDARD component."""
    reference = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    minutes = timeengine.utc_offset_minutes(reference, zone_name)
    writer.begin("STANDARD")
    writer.line("DTSTART", "19700101T000000")
    writer.line("TZOFFSETFROM", offset(minutes))
    writer.line("TZOFFSETTO", offset(minutes))
    writer.line("TZNAME", text(timeengine.to_zone(reference, zone_name).tzname() or zone_name))
    writer.end("STANDARD")


def _neighbours(zone_name: str, instant: dt.datetime) -> tuple[Transition | None, Transition | None]:
    """The zone's last transition at or before the instant and its first one after it."""
    transitions = zone_transitions(zone_name)
    index = bisect_right(_transition_times(zone_name), instant.astimezone(timeengine.UTC).replace(tzinfo=None))
    previous = transitions[index - 1] if index > 0 else None
    following = transitions[index] if index < len(transitions) else None
    return previous, following


@lru_cache(maxsize=64)
def _transition_times(zone_name: str) -> tuple[dt.datetime, ...]:
    """The naive UTC instants of the zone's transitions, for bisecting."""
    return tuple(transition.utc for transition in zone_transitions(zone_name))


def is_ambiguous(instant: dt.datetime, zone_name: str) -> bool:
    """Whether the instant's wall-clock time occurs twice in the zone (the hour before or after clocks fall back)."""
    naive = instant.astimezone(timeengine.UTC).replace(tzinfo=None)
    previous, following = _neighbours(zone_name, instant)
    if following is not None and following.offset_to < following.offset_from:
        if naive >= following.utc - dt.timedelta(minutes=following.offset_from - following.offset_to):
            return True
    if previous is not None and previous.offset_to < previous.offset_from:
        return naive < previous.utc + dt.timedelta(minutes=previous.offset_from - previous.offset_to)
    return False


def state_at(instant: dt.datetime, zone_name: str) -> tuple[int, str]:
    """The zone's offset and tzdata abbreviation at the instant (what its label depends on), from the table."""
    previous, _following = _neighbours(zone_name, instant)
    if previous is None:
        return timeengine.utc_offset_minutes(instant, zone_name), timeengine.to_zone(instant, zone_name).tzname()
    return previous.offset_to, previous.name
