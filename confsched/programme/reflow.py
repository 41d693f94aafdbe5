"""A day's agenda in both reference zones, saved or with an unsaved edit applied: the editor's live re-flow.

The preview runs the very operation that saving would run, lays the day out with
``schedule.lay_out_day`` and then rolls the session back, so what the organiser
sees before saving is exactly what saving would store.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from confsched import timeengine
from confsched.extensions import db
from confsched.programme.models import Conference, Workshop, WorkshopDay
from confsched.programme.problems import Problem, ProgrammeRejected
from confsched.programme.schedule import day_problems, lay_out_day


@dataclass(frozen=True)
class ZoneTime:
    """A start or end as the wall clock shows it in one zone, with a day offset when the date differs."""

    zone: str
    clock: str
    day_offset: int


@dataclass(frozen=True)
class AgendaRow:
    """One agenda line with its derived times in both reference zones, and how far it moved."""

    item_id: int | None
    number: str
    depth: int
    kind: str
    title: dict
    duration_minutes: int | None
    starts: tuple[ZoneTime, ...]
    ends: tuple[ZoneTime, ...]
    start: dt.datetime | None
    moved_minutes: int = 0
    is_new: bool = False


@dataclass
class Preview:
    """The re-flowed agenda and what would stop the edit from being saved."""

    rows: list[AgendaRow]
    problems: list[Problem] = field(default_factory=list)

    @property
    def can_save(self) -> bool:
        """Whether saving the edit would be accepted."""
        return not self.problems

    @property
    def moved_count(self) -> int:
        """How many items start at another time than saved."""
        return sum(1 for row in self.rows if row.moved_minutes)

    @property
    def ends(self) -> tuple[ZoneTime, ...]:
        """Where the agenda ends in each zone: the end of the last timed top-level item; empty when none is timed."""
        timed = [row for row in self.rows if row.depth == 0 and row.ends and row.ends[0] is not None]
        return timed[-1].ends if timed else ()


def _zone_time(instant: dt.datetime | None, zone: str, reference_date: dt.date) -> ZoneTime | None:
    """An instant on the wall clock of a zone."""
    if instant is None:
        return None
    local = timeengine.to_zone(instant, zone)
    return ZoneTime(zone, local.strftime("%H:%M"), (local.date() - reference_date).days)


def starts(day: WorkshopDay) -> dict:
    """Each item's start as the day stands now, by item id: what rows afterwards say they moved from."""
    return {entry.item.id: entry.start for entry in lay_out_day(day)}


def agenda_rows(conference: Conference, day: WorkshopDay, saved: dict | None = None) -> list[AgendaRow]:
    """The day's agenda as rows with times in both zones; `saved` maps item ids to their stored starts."""
    zones = conference.reference_zones
    rows = []
    for entry in lay_out_day(day):
        item = entry.item
        reference = {zone: timeengine.to_zone(day.starts_at, zone).date() for zone in zones}
        previous = (saved or {}).get(item.id)
        moved = int((entry.start - previous).total_seconds() // 60) if previous and entry.start else 0
        rows.append(AgendaRow(
            item_id=item.id,
            number=entry.number,
            depth=entry.depth,
            kind=item.kind.value if item.kind else "other",
            title=dict(item.title or {}),
            duration_minutes=entry.duration_minutes,
            starts=tuple(_zone_time(entry.start, zone, reference[zone]) for zone in zones),
            ends=tuple(_zone_time(entry.end, zone, reference[zone]) for zone in zones),
            start=entry.start,
            moved_minutes=moved,
            is_new=saved is not None and item.id is None,
        ))
    return rows


def preview(conference: Conference, workshop: Workshop, day: WorkshopDay, edit: Callable[[], object]) -> Preview:
    """Apply an edit in the session, lay the day out, report its problems, then undo everything."""
    saved_rows = agenda_rows(conference, day)
    saved = {row.item_id: row.start for row in saved_rows}
    try:
        with db.session.no_autoflush:
            edit()
            rows = agenda_rows(conference, day, saved)
            problems = day_problems(workshop, day)
    except ProgrammeRejected as rejection:
        rows, problems = saved_rows, rejection.problems
    finally:
        db.session.rollback()
    return Preview(rows, problems)
