"""Loading what registration pages need in a fixed number of statements."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from confsched.extensions import db
from confsched.programme.models import Conference, Workshop
from confsched.programme.queries import finding
from confsched.registration.models import Registrant, Registration, RegistrationDesk, RegistrationStatus


def find_workshop(slug: str, number: int) -> Workshop | None:
    """A workshop by its conference's slug and its number, with its days, platform and conference."""
    statement = (
        select(Workshop).join(Conference).where(*finding(slug), Workshop.number == number)
        .options(selectinload(Workshop.days), selectinload(Workshop.platform), selectinload(Workshop.conference))
    )
    return db.session.execute(statement).scalar_one_or_none()


def find_conference(slug: str, released: bool = True) -> Conference | None:
    """A released conference (its organisers: any, `released=False`) with its workshops, their days and platforms."""
    statement = select(Conference).where(*finding(slug, released=released)).options(
        selectinload(Conference.workshops).options(selectinload(Workshop.days), selectinload(Workshop.platform))
    )
    return db.session.execute(statement).scalar_one_or_none()


def desks_by_workshop(workshop_ids) -> dict[int, RegistrationDesk]:
    """The seat ledgers of several workshops in one statement."""
    rows = db.session.execute(select(RegistrationDesk).where(RegistrationDesk.workshop_id.in_(list(workshop_ids))))
    return {desk.workshop_id: desk for desk in rows.scalars()}


def registrant_with_registrations(registrant: Registrant) -> Registrant:
    """Eager-load a registrant's registrations and their workshops for the personal page."""
    statement = (
        select(Registrant).where(Registrant.id == registrant.id)
        .options(selectinload(Registrant.registrations).selectinload(Registration.workshop).options(
            selectinload(Workshop.days), selectinload(Workshop.platform), selectinload(Workshop.conference)))
    )
    return db.session.execute(statement).scalar_one()


def status_counts(conference_id: int) -> dict[int, dict[str, int]]:
    """Per workshop id, how many registrations are in each status (one grouped query)."""
    statement = (
        select(Registration.workshop_id, Registration.status, func.count())
        .join(Workshop).where(Workshop.conference_id == conference_id)
        .group_by(Registration.workshop_id, Registration.status)
    )
    counts: dict[int, dict[str, int]] = {}
    for workshop_id, status, count in db.session.execute(statement):
        counts.setdefault(workshop_id, {state.value: 0 for state in RegistrationStatus})[status.value] = count
    return counts


def registrations_by_workshop_number(conference_id: int) -> dict[int, dict[RegistrationStatus, int]]:
    """Per workshop number of a published conference, its registrations counted by status (one statement)."""
    rows = db.session.execute(
        select(Workshop.number, Registration.status, func.count(Registration.id))
        .join(Registration, Registration.workshop_id == Workshop.id)
        .where(Workshop.conference_id == conference_id).group_by(Workshop.number, Registration.status))
    counts: dict[int, dict[RegistrationStatus, int]] = {}
    for number, status, count in rows:
        counts.setdefault(number, {})[status] = count
    return counts
