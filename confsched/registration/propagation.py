"""Programme changes reach registrants: updated REQUESTs for changed days, CANCELs for cancelled or removed ones,
and promotions when a change frees places. A release reaches each registrant it affects in one email.

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
from confsched.programme.models import Release, WorkshopStatus, utcnow
from confsched.registration import deliveries, notifications, outbox
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
                         removed_days=(), conference_removed=False, workshops=None, release=None, **_extra) -> None:
    """Queue what every affected registrant must hear: removals first, then changed days and new access data.

    `workshops` names the only workshops an edit can have changed (None: any), so that an edit of one
    workshop looks at that workshop's registrations only. A `release` (its number) is said in one email per
    registrant; other edits of the published programme send one email per registration and kind, as they happen.
    """
    if conference.is_draft:
        return  # nobody has seen a draft: what changed in it reaches registrants when it is released
    mail = ReleaseMail(conference, release) if release is not None and not conference_removed else notifications
    for workshop in removed_workshops:
        _workshop_removed(conference, workshop, conference_removed, mail)
    if conference_removed:
        _conference_removed(conference, removed_workshops)
        return
    workshops = conference.workshops if workshops is None else workshops
    _days_removed(conference, removed_days, mail)
    promoted = _fill_freed_places(workshops)
    by_workshop = changed_days(rescheduled, changes)
    new_access: dict[int, set[int]] = defaultdict(set)
    for number, position in access_changed:
        if position not in by_workshop.get(number, ()):
            new_access[number].add(position)
    if by_workshop or new_access:
        _changed(workshops, by_workshop, new_access, mail)
    if isinstance(mail, ReleaseMail):
        mail.send(promoted)


class ReleaseMail:
    """Collects, per registrant, what a release does to each of their registrations, and sends it as one email.

    Takes the calls propagation makes of the notifications module, with the same arguments.
    """

    def __init__(self, conference, number: int):
        """Collect for this release of this conference."""
        self.conference, self.number = conference, number
        self.notices: dict[int, dict[int, notifications.WorkshopNotice]] = defaultdict(dict)
        self.deliveries: list = []

    def _notice(self, registration, workshop) -> notifications.WorkshopNotice:
        """The registration's notice, begun on first use."""
        by_registration = self.notices[registration.registrant_id]
        if registration.id not in by_registration:
            by_registration[registration.id] = notifications.WorkshopNotice(registration, workshop)
        return by_registration[registration.id]

    def rescheduled(self, registration, positions: set[int]) -> None:
        """Changed days: an updated REQUEST each, with the access data."""
        notice = self._notice(registration, registration.workshop)
        notice.requested |= positions
        notice.say(notifications.RESCHEDULED)

    def access_changed(self, registration, positions: set[int]) -> None:
        """New access data: a REQUEST for each day carrying it."""
        notice = self._notice(registration, registration.workshop)
        notice.requested |= positions
        notice.new_access = True

    def workshop_cancelled(self, registration) -> None:
        """A cancelled workshop: a CANCEL for each day to those with a place, the notice alone to the waiting."""
        notice = self._notice(registration, registration.workshop)
        notice.cancel_all = registration.holds_place
        notice.say(notifications.WORKSHOP_CANCELLED)

    def days_removed(self, registration, regarding: notifications.About) -> None:
        """Days removed from a workshop that stays: a CANCEL for each."""
        self._notice(registration, regarding.workshop).removed_days += list(regarding.days)

    def workshop_removed(self, registration, regarding: notifications.About, had_place: bool) -> None:
        """A removed workshop: the registration is cancelled by the organisers, with a CANCEL per day to those who
        had a place."""
        notice = self._notice(registration, regarding.workshop)
        notice.cancel_all, notice.cancel_link = had_place, False
        notice.say(notifications.WORKSHOP_REMOVED)

    def send(self, promoted) -> None:
        """One email per registrant, all queued at once; a registration promoted by this release already got its
        days in that email."""
        left_out = {registration.id for registration in promoted}
        release = db.session.execute(select(Release).where(Release.conference_id == self.conference.id,
                                                           Release.number == self.number)).scalar_one()
        # Held while the messages are stamped: the session keeps loaded rows only as long as someone does.
        self.deliveries = deliveries.preload(self.notices)
        messages = []
        for by_registration in self.notices.values():
            notices = [notice for registration_id, notice in by_registration.items() if registration_id not in left_out]
            if notices:
                messages.append(notifications.release_changes(self.conference, release, notices))
        outbox.queue_all(messages)


def _changed(workshops, by_workshop: dict[int, set[int]], new_access: dict[int, set[int]], mail) -> None:
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
            mail.workshop_cancelled(registration)
        elif positions and registration.holds_place:
            mail.rescheduled(registration, positions)
        elif (new_access.get(workshop.number) and registration.holds_place
              and workshop.status is not WorkshopStatus.cancelled):
            mail.access_changed(registration, new_access[workshop.number])


def _fill_freed_places(workshops) -> list[Registration]:
    """A larger capacity or listener limit promotes from the head of the waiting list, under the desk lock; returns
    who was promoted.

    Fewer places never demote anyone: take_place only ever takes a place that is free.
    """
    from confsched.registration.operations import accepts_registrations, fill_free_places, lock_desk

    workshops = {workshop.id: workshop for workshop in workshops}
    waiting = db.session.execute(
        select(Registration.workshop_id).distinct()
        .where(Registration.workshop_id.in_(list(workshops)), Registration.status == RegistrationStatus.waiting)
    ).scalars()
    promoted = []
    for workshop_id in sorted(waiting):
        workshop = workshops[workshop_id]
        if accepts_registrations(workshop):
            lock_desk(workshop_id)
            promoted += fill_free_places(workshop)
    return promoted


def _registrations(workshop_ids: list[int], statuses) -> list[Registration]:
    """Registrations of these workshops in these statuses, with their registrants, in arrival order."""
    if not workshop_ids:
        return []
    return list(db.session.execute(
        select(Registration).where(Registration.workshop_id.in_(workshop_ids), Registration.status.in_(statuses))
        .options(selectinload(Registration.registrant)).order_by(Registration.id)
    ).scalars())


def _days_removed(conference, removed_days, mail) -> None:
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
        mail.days_removed(registration, regarding)


def _workshop_removed(conference, workshop, conference_removed: bool, mail) -> None:
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
            mail.workshop_removed(registration, regarding,
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
