"""A day's agenda, saved or with an unsaved edit applied: the editor's live re-flow.

The preview runs the very operation that saving would run, lays the day out with
``schedule.lay_out_day`` and then rolls the session back, so what the organiser
sees before saving is exactly what saving would store. Rows carry instants; the editor
and the API show them in the reference zones through ``confsched.zonedisplay``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Callable

from confsched.extensions import db
from confsched.programme.models import Workshop, WorkshopDay
from confsched.programme.problems import Problem, ProgrammeRejected
from confsched.programme.schedule import day_problems, lay_out_day


@dataclass(frozen=True)
class AgendaRow:
    """One agenda line with its derived times in both reference zones, and how far it moved."""

    item_id: int | None
    number: str
    depth: int
    kind: str
    title: dict
    duration_minutes: int | None
    start: dt.datetime | None
    end: dt.datetime | None
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
    def end(self) -> dt.datetime | None:
        """Where the agenda ends: the end of the last timed top-level item; None when none is timed."""
        timed = [row for row in self.rows if row.depth == 0 and row.end is not None]
        return timed[-1].end if timed else None


def starts(day: WorkshopDay) -> dict:
    """Each item's start as the day stands now, by item id: what rows afterwards say they moved from."""
    return {entry.item.id: entry.start for entry in lay_out_day(day)}


def agenda_rows(day: WorkshopDay, saved: dict | None = None) -> list[AgendaRow]:
    """The day's agenda as rows with their starts and ends; `saved` maps item ids to their stored starts."""
    rows = []
    for entry in lay_out_day(day):
        item = entry.item
        previous = (saved or {}).get(item.id)
        moved = int((entry.start - previous).total_seconds() // 60) if previous and entry.start else 0
        rows.append(AgendaRow(
            item_id=item.id,
            number=entry.number,
            depth=entry.depth,
            kind=item.kind.value if item.kind else "other",
            title=dict(item.title or {}),
            duration_minutes=entry.duration_minutes,
            start=entry.start,
            end=entry.end,
            moved_minutes=moved,
            is_new=saved is not None and item.id not in saved,
        ))
    return rows


def preview(workshop: Workshop, day: WorkshopDay, edit: Callable[[], object]) -> Preview:
    """Apply an edit in the session, lay the day out, report its problems, then undo everything."""
    saved_rows = agenda_rows(day)
    saved = {row.item_id: row.start for row in saved_rows}
    try:
        with db.session.no_autoflush:
            edit()
            rows = agenda_rows(day, saved)
            problems = day_problems(workshop, day)
    except ProgrammeRejected as rejection:
        rows, problems = saved_rows, rejection.problems
    finally:
        db.session.rollback()
    # An item the edit adds may have been flushed an id that the rollback gave back: it has none yet.
    return Preview([replace(row, item_id=None) if row.is_new else row for row in rows], problems)
