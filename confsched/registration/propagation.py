"""Programme changes reach registrants: updated REQUESTs for changed days, CANCELs for cancelled or removed ones,
and promotions when a change frees places.

Runs inside the editing transaction (the programme sends confsched.signals.programme_changed
after flushing), so the emails are queued atomically with the change itself. Removed rows are
gone from the database by then; the signal hands over the workshop and day objects as they were,
and the registrations of a removed workshop, which the ORM detached from it instead of deleting.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from confsched.extensions import db
from confsched.programme.models import WorkshopStatus, utcnow
from confsched.registration import deliveries, notifications
from confsched.registration.models import Registrant, Registration, RegistrationStatus
from confsched.signals import programme_changed

# Statuses a registration can still be withdrawn from.
OPEN_STATUSES = (RegistrationStatus.pending, RegistrationStatus.active, RegistrationStatus.listener,
                 RegistrationStatus.waiting)


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


def on_programme_changed(conference, changes=(), rescheduled=(), access_changed=(), removed_workshops=(),
                         removed_days=(), conference_removed=False, workshops=None, **_extra) -> None:
    """Queue what every affected registrant must hear: removals first, then changed days and new access data.

    `workshops` names the only workshops an edit can have changed (None: any), so that an edit of one
    workshop looks at that workshop's registrations only.
    """
    if conference.is_draft:
        return  # nobody has seen a draft: what changed in it reaches registrants when it is released
    for workshop in removed_workshops:
        _workshop_removed(conference, workshop, conference_removed)
    if conference_removed:
        _conference_removed(conference, removed_workshops)
        return
    workshops = conference.workshops if workshops is None else workshops
    _days_removed(conference, removed_days)
    _fill_freed_places(workshops)
    by_workshop = changed_days(rescheduled, changes)
    new_access: dict[int, set[int]] = defaultdict(set)
    for number, position in access_changed:
        if position not in by_workshop.get(number, ()):
            new_access[number].add(position)
    if by_workshop or new_access:
        _changed(workshops, by_workshop, new_access)


def _changed(workshops, by_workshop: dict[int, set[int]], new_access: dict[int, set[int]]) -> None:
    """Updated REQUESTs for changed days to those with a place; new access data to everyone who was given it,
    seats and listener places alike (a cancelled workshop's days stay cancelled in their calendars)."""
    workshops = {workshop.id: workshop for workshop in workshops
                 if workshop.number in by_workshop or workshop.number in new_access}
    holders = _registrations(list(workshops), [RegistrationStatus.active, RegistrationStatus.listener,
                                               RegistrationStatus.waiting])
    deliveries.preload({registration.registrant_id for registration in holders})
    for registration in holders:
        workshop = workshops[registration.workshop_id]
        positions = by_workshop.get(workshop.number)
        if positions and workshop.status is WorkshopStatus.cancelled:
            notifications.workshop_cancelled(registration)
        elif positions and registration.holds_place:
            notifications.rescheduled(registration, positions)
        elif (new_access.get(workshop.number) and registration.holds_place
              and workshop.status is not WorkshopStatus.cancelled):
            notifications.access_changed(registration, new_access[workshop.number])


def _fill_freed_places(workshops) -> None:
    """A larger capacity or listener limit promotes from the head of the waiting list, under the desk lock.

    Fewer places never demote anyone: take_place only ever takes a place that is free.
    """
    from confsched.registration.operations import accepts_registrations, fill_free_places, lock_desk

    workshops = {workshop.id: workshop for workshop in workshops}
    waiting = db.session.execute(
        select(Registration.workshop_id).distinct()
        .where(Registration.workshop_id.in_(list(workshops)), Registration.status == RegistrationStatus.waiting)
    ).scalars()
    for workshop_id in sorted(waiting):
        workshop = workshops[workshop_id]
        if accepts_registrations(workshop):
            lock_desk(workshop_id)
            fill_free_places(workshop)


def _registrations(workshop_ids: list[int], statuses) -> list[Registration]:
    """Registrations of these workshops in these statuses, with their registrants, in arrival order."""
    if not workshop_ids:
        return []
    return list(db.session.execute(
        select(Registration).where(Registration.workshop_id.in_(workshop_ids), Registration.status.in_(statuses))
        .options(selectinload(Registration.registrant)).order_by(Registration.id)
    ).scalars())


def _days_removed(conference, removed_days) -> None:
    """A CANCEL for each removed day to everyone who holds a place in its (remaining) workshop."""
    by_workshop = defaultdict(list)
    for workshop, day in removed_days:
        by_workshop[workshop].append(day)
    holders = _registrations([workshop.id for workshop in by_workshop],
                             [RegistrationStatus.active, RegistrationStatus.listener])
    deliveries.preload({registration.registrant_id for registration in holders})
    workshops = {workshop.id: workshop for workshop in by_workshop}
    for registration in holders:
        workshop = workshops[registration.workshop_id]
        regarding = notifications.About(conference, workshop, tuple(by_workshop[workshop]))
        notifications.days_removed(registration, regarding)


def _workshop_removed(conference, workshop, conference_removed: bool) -> None:
    """Keep the removed workshop's registrations as cancelled by the organisers and tell those who were in."""
    registrations = sorted(workshop.registrations, key=lambda registration: registration.id)
    registrant_ids = {registration.registrant_id for registration in registrations}
    if registrant_ids:  # one statement for all, instead of one per registration
        db.session.execute(select(Registrant).where(Registrant.id.in_(registrant_ids))).scalars().all()
    deliveries.preload(registrant_ids)
    now = utcnow()
    regarding = notifications.About(conference, workshop, tuple(workshop.days))
    for registration in registrations:
        registration.removed_workshop_number = workshop.number
        registration.removed_workshop_title = dict(workshop.title or {})
        previous = registration.status
        if previous not in OPEN_STATUSES:
            continue
        registration.status = RegistrationStatus.cancelled_by_organiser
        registration.cancelled_at = now
        registration.confirmation_key = None
        registration.waiting_since = None
        if previous is not RegistrationStatus.pending:
            notifications.workshop_removed(registration, regarding,
                                           had_place=previous in (RegistrationStatus.active, RegistrationStatus.listener))
    db.session.flush()


def _conference_removed(conference, removed_workshops) -> None:
    """Registrants of a removed conference keep its title; retention counts from its last day as planned."""
    ends = [day.ends_at for workshop in removed_workshops for day in workshop.days]
    ended_at = max(ends) if ends else utcnow()
    for registrant in conference.registrants:
        registrant.removed_conference_title = dict(conference.title or {})
        registrant.removed_conference_ended_at = ended_at
    db.session.flush()
