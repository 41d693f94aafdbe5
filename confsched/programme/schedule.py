"""Where every agenda item's start and end is computed: the day's start plus the durations before it.

Pure functions over anything shaped like an agenda item (``duration_minutes``,
``parent`` and ``position``), so the editor can re-flow unsaved items with the
same rules the pages and calendars use. No Flask here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from confsched import timeengine
from confsched.programme.problems import Problem

MAX_DURATION_MINUTES = 24 * 60 - 1


@dataclass
class AgendaNode:
    """An item with its children, in agenda order."""

    item: Any
    children: list[AgendaNode] = field(default_factory=list)

    @property
    def duration_minutes(self) -> int | None:
        """The slot length: its own, or for a section without one, the sum of its children's."""
        own = self.item.duration_minutes
        if own is not None:
            return own
        if not self.children:
            return None
        child_durations = [child.duration_minutes for child in self.children]
        if any(duration is None for duration in child_durations):
            return None
        return sum(child_durations)


@dataclass(frozen=True)
class TimedItem:
    """An item placed in time; start and end are None for untimed items."""

    item: Any
    depth: int
    number: str
    start: dt.datetime | None
    end: dt.datetime | None
    duration_minutes: int | None
    has_children: bool

    @property
    def is_timed(self) -> bool:
        """Whether the item has a derived start and end."""
        return self.start is not None


@dataclass(frozen=True)
class ScheduleProblem:
    """A rule the agenda breaks, with enough detail to say it in any language."""

    code: str
    location: str
    minutes: int = 0


def agenda_tree(items: Iterable[Any]) -> list[AgendaNode]:
    """Rebuild the nesting of a day's flat item list, each level ordered by position."""
    nodes = {id(item): AgendaNode(item) for item in items}
    roots: list[AgendaNode] = []
    for node in nodes.values():
        parent = node.item.parent
        siblings = nodes[id(parent)].children if parent is not None and id(parent) in nodes else roots
        siblings.append(node)
    _sort(roots)
    return roots


def _sort(nodes: list[AgendaNode]) -> None:
    """Order every level by position, keeping list order for equal positions."""
    nodes.sort(key=lambda node: node.item.position or 0)
    for node in nodes:
        _sort(node.children)


def lay_out(start: dt.datetime, roots: list[AgendaNode]) -> list[TimedItem]:
    """Place every item in time, depth first; after an untimed item, the rest of its level is untimed."""
    placed: list[TimedItem] = []
    _lay_out_level(start, roots, 0, "", placed)
    return placed


def _lay_out_level(start, nodes, depth, prefix, placed) -> None:
    """Place one level of siblings one after another, starting at `start` (None when unknown)."""
    cursor = start
    for index, node in enumerate(nodes, start=1):
        duration = node.duration_minutes
        timed = cursor is not None and duration is not None
        end = timeengine.shift(cursor, duration) if timed else None
        number = f"{prefix}{index}"
        placed.append(
            TimedItem(
                item=node.item,
                depth=depth,
                number=number,
                start=cursor if timed else None,
                end=end,
                duration_minutes=duration,
                has_children=bool(node.children),
            )
        )
        _lay_out_level(cursor if timed else None, node.children, depth + 1, f"{number}.", placed)
        cursor = end


def lay_out_day(day) -> list[TimedItem]:
    """The derived agenda of a workshop day."""
    return lay_out(day.starts_at, agenda_tree(day.items))


def find_problems(window_start: dt.datetime, window_end: dt.datetime, roots: list[AgendaNode]) -> list[ScheduleProblem]:
    """Check durations, section fits and the day's window; report overruns in minutes."""
    problems: list[ScheduleProblem] = []
    _check_level(roots, "", problems)
    timed = [entry for entry in lay_out(window_start, roots) if entry.depth == 0 and entry.end is not None]
    if timed:
        overrun = _minutes_between(window_end, max(entry.end for entry in timed))
        if overrun > 0:
            problems.append(ScheduleProblem("day_overrun", "", overrun))
    return problems


def day_problems(workshop, day) -> list[Problem]:
    """Overruns and duration errors of one day, located by workshop, day and item number."""
    where = f"workshop {workshop.number}, day {day.position + 1}"
    return [
        Problem(problem.code, f"{where}, item {problem.location}" if problem.location else where,
                {"minutes": problem.minutes})
        for problem in find_problems(day.starts_at, day.ends_at, agenda_tree(day.items))
    ]


def _check_level(nodes: list[AgendaNode], prefix: str, problems: list[ScheduleProblem]) -> None:
    """Check one level's durations and each section's children against the section's length."""
    for index, node in enumerate(nodes, start=1):
        location = f"{prefix}{index}"
        own = node.item.duration_minutes
        if own is not None and not 1 <= own <= MAX_DURATION_MINUTES:
            problems.append(ScheduleProblem("duration_range", location, own))
        _check_level(node.children, f"{location}.", problems)
        children_total = sum(child.duration_minutes or 0 for child in node.children)
        if own is not None and own >= 1 and children_total > own:
            problems.append(ScheduleProblem("section_overrun", location, children_total - own))


def _minutes_between(earlier: dt.datetime, later: dt.datetime) -> int:
    """Whole elapsed minutes from one instant to another."""
    return int((later - earlier).total_seconds() // 60)
