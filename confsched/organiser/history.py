"""Who changed what and when: every programme change, from any interface, lands in the conference's history.

The history listens to ``programme_changed``, which ``tracking.record_changes`` sends
inside the edit's transaction, so a history entry is committed (or rolled back)
together with the change it describes, whether it came from the editor, the
write API, an uploaded document or the command line.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import datetime as dt
import re

from babel.dates import format_date
from flask import g, has_app_context
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from confsched import timeengine
from confsched.agenda.templating import page_language
from confsched.extensions import db
from confsched.organiser import forms
from confsched.organiser.models import ChangeLogEntry, Organiser
from confsched.programme.changes import Change
from confsched.programme.models import COMMAND_LINE, Conference, utcnow
from confsched.programme.problems import Problem
from confsched.signals import programme_changed

# How a change came in, as the history tells it.
SOURCE_LABELS = {"editor": _l("in the editor"), "api": _l("through the API"), "cli": _l("on the command line")}
# A day's window as change records hold it: '2020-06-15 09:30–11:30 Europe/Berlin'.
_WINDOW = re.compile(r"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})–(\d{2}:\d{2}) (\S+)")
# A wall-clock time a refusal names: '2020-03-29 02:30'.
_LOCAL_TIME = re.compile(r"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})")
MAX_ENTRIES_SHOWN = 500


@contextmanager
def acting_as(organiser: Organiser | None, source: str) -> Iterator[None]:
    """Attribute the changes made inside the block to an organiser and an interface (editor, api, import)."""
    previous = g.get("programme_actor")
    g.programme_actor = (organiser, source)
    try:
        yield
    finally:
        g.programme_actor = previous


def _current_actor() -> tuple[Organiser | None, str]:
    """The organiser and interface behind the change being recorded; the command line when nobody is signed in."""
    if has_app_context() and g.get("programme_actor"):
        return g.programme_actor
    return None, "cli"


@programme_changed.connect
def record_history(conference: Conference, changes=(), release=None, drafted=False, **extra) -> None:
    """Add one history entry per change, in the same transaction as the change, and one for a release; publishing
    the draft adds only that one, since each of its changes was recorded when the draft was edited, while a
    publishing import (command line, restore) brings changes the history has not seen yet."""
    organiser, source = _current_actor()
    now = utcnow()
    if release is not None:
        announced = Change("release_published", "conference", {"number": release})
        changes = [announced] if drafted else [*changes, announced]
    for change in changes:
        db.session.add(
            ChangeLogEntry(
                conference_id=conference.published_id,
                organiser_id=organiser.id if organiser else None,
                actor=organiser.email if organiser else COMMAND_LINE,
                source=source,
                created_at=now,
                code=change.code,
                location=change.location[:200],
                params=dict(change.params),
            )
        )


def conference_history(conference: Conference, limit: int = MAX_ENTRIES_SHOWN) -> list[ChangeLogEntry]:
    """The conference's most recent changes, newest first."""
    statement = (
        select(ChangeLogEntry)
        .where(ChangeLogEntry.conference_id == conference.published_id)
        .order_by(ChangeLogEntry.created_at.desc(), ChangeLogEntry.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(statement).scalars())


def source_label(source: str) -> str:
    """How a change came in, in the page language."""
    return str(SOURCE_LABELS.get(source, source))


def actor_label(entry: ChangeLogEntry) -> str:
    """Who made a change: the organiser's address, or the command line in the page language."""
    return entry.actor if entry.organiser_id or entry.actor != COMMAND_LINE else str(_l("Command line"))


def change_wording(language: str, field_labels: dict):
    """A `word` function for Change.message and Problem.message: field names, dates, zones, their labels and the
    readings of a doubtful time as the language writes them."""
    def word(name: str, value):
        if isinstance(value, timeengine.ZoneState):
            return value.abbreviation(language)
        if isinstance(value, timeengine.Reading):
            return value.in_words(language)
        if name == "fields":
            return ", ".join(str(field_labels.get(field, field)) for field in str(value).split(", "))
        if name == "date" or name.endswith("_date"):
            return _date(str(value), language)
        if name == "zone":
            return _city(str(value), language)
        if name == "local" and (local := _LOCAL_TIME.fullmatch(str(value))):
            date, clock = local.groups()
            return f"{_date(date, language)}, {clock}"
        if name in ("old", "new"):
            window = _WINDOW.fullmatch(str(value))
            if window:
                date, start, end, zone = window.groups()
                return f"{_date(date, language)} {start}–{end} {_city(zone, language)}"
        return value
    return word


def problem_wording(problem: Problem, language: str):
    """change_wording for a problem, except that a zone name nobody knows is quoted as it was typed."""
    word = change_wording(language, forms.LABELS)
    return (lambda name, value: value) if problem.code == "unknown_zone" else word


def problem_text(problem: Problem) -> str:
    """A problem in the page language, its dates, zones and the readings of a doubtful time worded: what the editor
    and the API say."""
    return problem.message(gettext, ngettext, problem_wording(problem, page_language()))


def _date(iso_date: str, language: str) -> str:
    """An ISO date from a change record as the language writes it."""
    try:
        return format_date(dt.date.fromisoformat(iso_date), "medium", locale=language)
    except ValueError:
        return iso_date


def _city(zone_name: str, language: str) -> str:
    """A zone from a change record as its city in the language."""
    return timeengine.city_name(zone_name, language) if timeengine.is_valid_zone(zone_name) else zone_name
