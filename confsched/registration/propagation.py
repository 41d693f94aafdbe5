"""Programme changes reach registrants: an updated REQUEST for moved days, a CANCEL for cancelled workshops.

Runs inside the editing transaction (the programme sends confsched.signals.programme_changed
after flushing), so the emails are queued atomically with the change itself.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from confsched.extensions import db
from confsched.programme.models import WorkshopStatus
from confsched.registration import notifications
from confsched.registration.models import Registration, RegistrationStatus
from confsched.signals import programme_changed


def connect() -> None:
    """Subscribe once per process; blinker keeps one receiver however many apps are built."""
    programme_changed.connect(on_programme_changed)


def changed_days(rescheduled, changes) -> dict[int, set[int]]:
    """Per workshop number, the day positions whose invites must be sent again (moved, re-titled or added)."""
    by_workshop: dict[int, set[int]] = defaultdict(set)
    for number, position in rescheduled:
        by_workshop[number].add(position)
    for change in changes:
        if change.code == "day_added":
            by_workshop[change.params["number"]].add(change.params["day"] - 1)
    return by_workshop


def on_programme_changed(conference, changes=(), rescheduled=(), **_extra) -> None:
    """Queue updates for registrants with a place in a changed workshop; the waiting hear of a cancellation too."""
    by_workshop = changed_days(rescheduled, changes)
    if not by_workshop:
        return
    workshops = {workshop.id: workshop for workshop in conference.workshops if workshop.number in by_workshop}
    holders = db.session.execute(
        select(Registration)
        .where(Registration.workshop_id.in_(list(workshops)),
               Registration.status.in_([RegistrationStatus.active, RegistrationStatus.listener,
                                        RegistrationStatus.waiting]))
        .options(selectinload(Registration.registrant))
        .order_by(Registration.id)
    ).scalars()
    for registration in holders:
        workshop = workshops[registration.workshop_id]
        if workshop.status is WorkshopStatus.cancelled:
            notifications.workshop_cancelled(registration)
        elif registration.holds_place:
            notifications.rescheduled(registration, by_workshop[workshop.number])
