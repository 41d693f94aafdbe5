"""Change tracking around any programme edit: one place decides SEQUENCE bumps and what changed."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from confsched.extensions import db
from confsched.programme.changes import Change, calendar_relevant_days, diff_documents
from confsched.programme.document import export_document
from confsched.programme.models import Conference, utcnow
from confsched.signals import programme_changed


@dataclass
class ChangeSet:
    """What an edit changed; filled in when the tracked block ends."""

    changes: list[Change] = field(default_factory=list)
    rescheduled: set[tuple[int, int]] = field(default_factory=set)
    touched: set[tuple[int, int]] = field(default_factory=set)


def snapshot(conference: Conference | None) -> dict | None:
    """The programme as a document, for comparing before and after an edit."""
    return export_document(conference, include_access=True) if conference is not None else None


def record_changes(conference: Conference, before: dict | None, after: dict, change_set: ChangeSet) -> None:
    """Stamp what changed: SEQUENCE for calendar-relevant days, last-change times, the conference version."""
    change_set.changes = diff_documents(before, after)
    if before == after:
        return
    now = utcnow()
    change_set.rescheduled, change_set.touched = calendar_relevant_days(before, after)
    for workshop in conference.workshops:
        for day in workshop.days:
            key = (workshop.number, day.position)
            if key in change_set.rescheduled:
                day.record_change(now)
            elif key in change_set.touched:
                day.updated_at = now
    conference.touch(now)
    db.session.flush()
    programme_changed.send(
        conference, changes=change_set.changes, rescheduled=change_set.rescheduled, touched=change_set.touched
    )


@contextmanager
def tracked(conference: Conference) -> Iterator[ChangeSet]:
    """Wrap an edit of a loaded programme; on exit, record what it changed (the caller commits)."""
    change_set = ChangeSet()
    before = snapshot(conference)
    yield change_set
    db.session.flush()
    record_changes(conference, before, snapshot(conference), change_set)
