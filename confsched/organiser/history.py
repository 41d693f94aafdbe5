"""Who changed what and when: every programme change, from any interface, lands in the conference's history.

The history listens to ``programme_changed``, which ``tracking.record_changes`` sends
inside the edit's transaction, so a history entry is committed (or rolled back)
together with the change it describes, whether it came from the editor, the
write API, an uploaded document or the command line.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from flask import g, has_app_context
from sqlalchemy import select

from confsched.extensions import db
from confsched.organiser.models import ChangeLogEntry, Organiser
from confsched.programme.models import Conference, utcnow
from confsched.signals import programme_changed

COMMAND_LINE = "command line"
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
def record_history(conference: Conference, changes=(), **extra) -> None:
    """Add one history entry per change, in the same transaction as the change."""
    organiser, source = _current_actor()
    now = utcnow()
    for change in changes:
        db.session.add(
            ChangeLogEntry(
                conference_id=conference.id,
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
        .where(ChangeLogEntry.conference_id == conference.id)
        .order_by(ChangeLogEntry.created_at.desc(), ChangeLogEntry.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(statement).scalars())
