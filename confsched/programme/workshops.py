"""Workshops and their days: numbers, fields, day windows and copies, as rules over the loaded programme (no commit).

A day's window is entered as wall-clock times in a zone and stored in UTC; every
item's start follows from the durations before it (``confsched.programme.schedule``).
``confsched.programme.editing`` runs these inside one checked, tracked edit.
"""
from __future__ import annotations

import copy
import datetime as dt

from sqlalchemy import inspect

from confsched import timeengine
from confsched.programme import entries, interpretation, queries, validation
from confsched.programme.models import (
    AgendaItem,
    Conference,
    Workshop,
    WorkshopDay,
    WorkshopOrganisation,
    WorkshopStatus,
    new_identity,
    utcnow,
)
from confsched.programme.problems import ProgrammeRejected, doubtful_time, reject

WORKSHOP_TEXTS = ("title", "subtitle", "background", "goals", "format_notes")


def find_workshop(conference: Conference, number: int) -> Workshop:
    """A workshop of the conference by number, or a refusal."""
    workshop = next((workshop for workshop in conference.workshops if workshop.number == number), None)
    if workshop is None:
        raise reject("not_found", "number", kind="workshop")
    return workshop


def find_edited_workshop(conference: Conference, number: int) -> Workshop:
    """A workshop by number, loaded whole by itself (for a conference loaded without its workshops), or a refusal."""
    workshop = queries.edited_workshop(conference, number)
    if workshop is None:
        raise reject("not_found", "number", kind="workshop")
    return workshop


def find_day(workshop: Workshop, day_number: int) -> WorkshopDay:
    """A day of a workshop by its 1-based number, or a refusal."""
    if not 1 <= day_number <= len(workshop.days):
        raise reject("not_found", "day", kind="day")
    return workshop.days[day_number - 1]


def claim_number(conference: Conference, number: int, current: Workshop | None = None) -> None:
    """Refuse a workshop number the conference already uses."""
    if any(workshop.number == number and workshop is not current for workshop in conference.workshops):
        raise reject("duplicate_number", "number", number=number)


def apply_workshop(conference: Conference, workshop: Workshop, values: dict) -> None:
    """Copy the given fields onto a workshop, resolving platform and organisations by key."""
    for name in (*WORKSHOP_TEXTS, "number", "capacity"):
        if name in values:
            setattr(workshop, name, values[name])
    if "listeners_admitted" in values:
        workshop.listeners_admitted = values["listeners_admitted"]
    if values.get("status"):
        workshop.status = WorkshopStatus(values["status"])
    if "platform" in values:
        workshop.platform = entries.resolve(conference, "platform", values["platform"], "platform")
    if "organisations" in values:
        organisations = [entries.resolve(conference, "organisation", key, "organisations")
                         for key in values["organisations"]]
        workshop.organising_bodies = [WorkshopOrganisation(organisation=organisation, position=position)
                                      for position, organisation in enumerate(organisations)]


# Day windows


def resolve_window(values: dict) -> tuple[dt.datetime, dt.datetime]:
    """A day's window from its date, wall-clock start and end, and zone; gaps and overlaps are refused."""
    ends_next_day = bool(values.get("ends_next_day"))
    end_date = values["date"] + dt.timedelta(days=1) if ends_next_day else values["date"]
    start = _instant(values["date"], values["local_start"], values["zone"], "local_start")
    end = _instant(end_date, values["local_end"], values["zone"], "local_end")
    problem = validation.window_problem(start, end, ends_next_day)
    if problem:
        raise reject(problem, "local_end", start=f"{values['local_start']:%H:%M}", end=f"{values['local_end']:%H:%M}")
    return start, end


def _instant(date: dt.date, clock: dt.time, zone: str, location: str) -> dt.datetime:
    """One wall-clock time as UTC, or a refusal naming both readings of a doubtful time."""
    local = dt.datetime.combine(date, clock)
    try:
        return timeengine.to_utc(local, zone)
    except timeengine.UnknownZoneError:
        raise reject("unknown_zone", "zone", zone=zone) from None
    except (timeengine.NonExistentLocalTimeError, timeengine.AmbiguousLocalTimeError) as refusal:
        raise ProgrammeRejected([doubtful_time(refusal, location)]) from None


def day_values(day: WorkshopDay) -> dict:
    """A day's window as the organiser entered it, for forms and partial updates."""
    local_start = timeengine.to_zone(day.starts_at, day.zone)
    local_end = timeengine.to_zone(day.ends_at, day.zone)
    return {"date": local_start.date(), "local_start": local_start.time(), "local_end": local_end.time(),
            "ends_next_day": local_end.date() > local_start.date(), "zone": day.zone,
            "doors_open_minutes": day.doors_open_minutes, "informal_end_minutes": day.informal_end_minutes,
            "label": dict(day.label or {}), "outcomes": dict(day.outcomes or {}),
            "spoken_languages": list(day.spoken_languages or []), "interpreted_into": list(day.interpreted_into or [])}


def new_day(conference: Conference, position: int, values: dict, starts_at: dt.datetime,
            ends_at: dt.datetime) -> WorkshopDay:
    """A day row with its window and texts, and identities of its own (copies included)."""
    spoken, into = interpretation.checked(values, conference.languages)
    return WorkshopDay(position=position, zone=values["zone"], starts_at=starts_at, ends_at=ends_at,
                       spoken_languages=spoken, interpreted_into=into,
                       doors_open_minutes=values.get("doors_open_minutes"),
                       informal_end_minutes=values.get("informal_end_minutes"),
                       label=values.get("label") or {}, outcomes=values.get("outcomes") or {},
                       sequence=0, updated_at=utcnow(), identity=new_identity(), frab_id=conference.issue_frab_id())


def apply_day(day: WorkshopDay, values: dict, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    """Give a day a new window and texts (`values` complete, as day_values gives them)."""
    day.zone, day.starts_at, day.ends_at = values["zone"], starts_at, ends_at
    day.doors_open_minutes, day.informal_end_minutes = values["doors_open_minutes"], values["informal_end_minutes"]
    day.label, day.outcomes = values["label"] or {}, values["outcomes"] or {}
    day.spoken_languages, day.interpreted_into = interpretation.checked(values, day.workshop.conference.languages)


def check_not_last_day(workshop: Workshop) -> None:
    """A workshop always keeps at least one day."""
    if len(workshop.days) == 1:
        raise reject("last_day", "day")


def renumber_days(workshop: Workshop) -> None:
    """Give the remaining days consecutive positions: a position is a day's place in the workshop."""
    for position, remaining in enumerate(workshop.days):
        remaining.position = position


# Copies

# Columns a copy never takes over: row ids and links to the original's parents (the copy gets its own), a day's
# identities and change state (new ones, as for any new day) and its window (moved to the new date).
NOT_COPIED = frozenset({"id", "conference_id", "workshop_id", "workshop_day_id", "agenda_item_id", "parent_id",
                        "identity", "frab_id", "sequence", "updated_at", "starts_at", "ends_at"})


def _clone(row, **values):
    """A new row with every other column of `row`, so a column added later is copied without anyone remembering."""
    copied = {attribute.key: copy.deepcopy(getattr(row, attribute.key))
              for attribute in inspect(type(row)).column_attrs if attribute.key not in NOT_COPIED}
    return type(row)(**{**copied, **values})


def moved_windows(workshop: Workshop, date: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    """The windows of a workshop's days moved to start on `date`, keeping wall-clock times and day gaps."""
    first_date = workshop.days[0].local_date
    windows = []
    for day in workshop.days:
        values = day_values(day)
        values["date"] = date + (values["date"] - first_date)
        windows.append(resolve_window(values))
    return windows


def copy_workshop(conference: Conference, workshop: Workshop, number: int,
                  windows: list[tuple[dt.datetime, dt.datetime]]) -> Workshop:
    """A planned copy of a workshop under a new number, its days in the given windows, added to the conference."""
    duplicate = _clone(workshop, number=number, status=WorkshopStatus.planned)
    duplicate.organising_bodies = [_clone(link) for link in workshop.organising_bodies]
    duplicate.assignments = [_clone(assignment) for assignment in workshop.assignments]
    for day, (starts_at, ends_at) in zip(workshop.days, windows):
        duplicate.days.append(_clone(day, starts_at=starts_at, ends_at=ends_at, sequence=0, updated_at=utcnow(),
                                     identity=new_identity(), frab_id=conference.issue_frab_id(),
                                     items=_copy_items(day.items)))
    conference.workshops.append(duplicate)
    return duplicate


def _copy_items(items: list[AgendaItem]) -> list[AgendaItem]:
    """A day's items copied with their nesting and assignments."""
    copies = {item.id: _clone(item, assignments=[_clone(assignment) for assignment in item.assignments])
              for item in items}
    for item in items:
        if item.parent_id is not None:
            copies[item.id].parent = copies[item.parent_id]
    return list(copies.values())
