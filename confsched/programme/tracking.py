"""Change tracking around any programme edit: one place decides SEQUENCE bumps and what changed."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from sqlalchemy import delete

from confsched.extensions import db
from confsched.programme.changes import Change, access_changed_days, calendar_relevant_days, diff_documents
from confsched.programme.document import export_document, export_workshop
from confsched.programme.models import Conference, RemovedWorkshop, Workshop, WorkshopDay, utcnow
from confsched.signals import programme_changed


@dataclass
class ChangeSet:
    """What an edit changed; filled in when the tracked block ends."""

    changes: list[Change] = field(default_factory=list)
    rescheduled: set[tuple[int, int]] = field(default_factory=set)
    touched: set[tuple[int, int]] = field(default_factory=set)
    # The document the edit's checks exported as it left the programme (or scope), if they did: compared as
    # the programme after the edit, instead of exporting it once more.
    checked: dict | None = None


@dataclass(frozen=True)
class Before:
    """The programme as it was when an edit began: its document, and its workshop and day rows.

    The rows are kept so that what an edit deletes can still be described (and cancelled in
    registrants' calendars) after the deletion is flushed. An edit confined to some workshops
    (`scope`) remembers only those: nothing else can change, so nothing else is compared.
    """

    document: dict | None
    workshops: tuple[Workshop, ...] = ()
    days: tuple[tuple[Workshop, WorkshopDay], ...] = ()
    scope: tuple[Workshop, ...] | None = None


def snapshot(conference: Conference | None, scope: tuple[Workshop, ...] | None = None) -> dict | None:
    """The programme as a document, for comparing before and after an edit; only the scope's workshops if given."""
    if conference is None:
        return None
    if scope is None:
        return export_document(conference, include_access=True)
    return {"workshops": [export_workshop(workshop) for workshop in sorted(scope, key=lambda w: w.number)]}


def compared_part(document: dict, scope: tuple[Workshop, ...] | None = None) -> dict:
    """What `snapshot` holds, taken from a private document of the programme, or of the scope's workshops with the
    entries they refer to (both export each workshop as `snapshot` does)."""
    return document if scope is None else {"workshops": document.get("workshops", [])}


def before_edit(conference: Conference | None, scope: tuple[Workshop, ...] | None = None) -> Before:
    """Remember the programme (or the scope's workshops) and its rows before an edit."""
    if conference is None:
        return Before(None)
    workshops = tuple(conference.workshops if scope is None else scope)
    return Before(snapshot(conference, scope), workshops,
                  tuple((workshop, day) for workshop in workshops for day in workshop.days), scope)


def record_changes(conference: Conference, before: Before, after: dict, change_set: ChangeSet,
                   release: int | None = None, drafted: bool = False) -> None:
    """Stamp what changed: SEQUENCE for calendar-relevant days, last-change times, the conference version.

    `release` numbers the release these changes publish, so listeners hear of it as one event; `drafted` says
    they were made (and recorded) in the working draft first, rather than brought in by a publishing import.
    """
    change_set.changes = diff_documents(before.document, after)
    if before.document == after:
        return
    now = utcnow()
    change_set.rescheduled, change_set.touched = calendar_relevant_days(before.document, after)
    workshops = conference.workshops if before.scope is None else before.scope
    for workshop in workshops:
        for day in workshop.days:
            key = (workshop.number, day.position)
            if key in change_set.rescheduled:
                day.record_change(now)
            elif key in change_set.touched:
                day.mark_changed(now)
    if not conference.is_draft:  # a draft's pages are never public, so none of them is ever gone
        remember_removed_workshops(conference, change_set.changes)
    conference.touch(now)
    db.session.flush()
    remaining_workshops = set(workshops)
    remaining_days = {day for workshop in workshops for day in workshop.days}
    # `workshops`: the only ones the edit can have changed (None: any of the conference's).
    programme_changed.send(
        conference, workshops=before.scope, changes=change_set.changes, rescheduled=change_set.rescheduled,
        touched=change_set.touched, release=release, drafted=drafted,
        access_changed=access_changed_days(before.document, after),
        removed_workshops=[workshop for workshop in before.workshops if workshop not in remaining_workshops],
        removed_days=[(workshop, day) for workshop, day in before.days
                      if workshop in remaining_workshops and day not in remaining_days],
    )


def delete_programme(conference: Conference) -> None:
    """Delete a conference with everything in it, telling subscribers which workshops went (the caller commits)."""
    workshops = list(conference.workshops)
    db.session.delete(conference)
    db.session.flush()
    programme_changed.send(conference, removed_workshops=workshops, conference_removed=True)


def remember_removed_workshops(conference: Conference, changes: list[Change]) -> None:
    """Keep the numbers of removed workshops, so their pages answer 410 Gone; a number that returns is live again."""
    removed = {change.params["number"] for change in changes if change.code == "workshop_removed"}
    added = {change.params["number"] for change in changes if change.code == "workshop_added"}
    if added:
        db.session.execute(delete(RemovedWorkshop).where(
            RemovedWorkshop.conference_id == conference.id, RemovedWorkshop.number.in_(added)))
    db.session.add_all(RemovedWorkshop(conference_id=conference.id, number=number) for number in sorted(removed))


@contextmanager
def tracked(conference: Conference, scope: tuple[Workshop, ...] | None = None) -> Iterator[ChangeSet]:
    """Wrap an edit of a loaded programme; on exit, record what it changed (the caller commits).

    An edit that can change only some workshops (an agenda item, a day) names them as `scope`:
    only they are compared and stamped, so the edit costs what they cost, not the conference.
    """
    change_set = ChangeSet()
    before = before_edit(conference, scope)
    yield change_set
    db.session.flush()
    after = snapshot(conference, scope) if change_set.checked is None else compared_part(change_set.checked, scope)
    record_changes(conference, before, after, change_set)
