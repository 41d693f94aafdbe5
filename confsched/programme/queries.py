"""Loading a whole programme in a fixed number of statements, whatever its size."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from confsched.extensions import db
from confsched.programme.models import (
    AgendaItem,
    Conference,
    ConferenceOrganiser,
    Platform,
    Workshop,
    WorkshopDay,
    WorkshopOrganisation,
)


def programme_options(with_access: bool = False) -> list:
    """Eager loads for a full programme; many-to-one links then resolve from the identity map."""
    platforms = selectinload(Conference.platforms)
    if with_access:
        platforms = platforms.selectinload(Platform.access)
    return [
        selectinload(Conference.organisations),
        selectinload(Conference.people),
        platforms,
        selectinload(Conference.organisers).selectinload(ConferenceOrganiser.organisation),
        selectinload(Conference.workshops).options(
            selectinload(Workshop.organising_bodies).selectinload(WorkshopOrganisation.organisation),
            selectinload(Workshop.assignments),
            selectinload(Workshop.days)
            .selectinload(WorkshopDay.items)
            .selectinload(AgendaItem.assignments),
        ),
    ]


def load_programme(slug: str, with_access: bool = False) -> Conference | None:
    """The conference with everything its pages, feeds and documents need, or None."""
    statement = select(Conference).where(Conference.slug == slug).options(*programme_options(with_access))
    return db.session.execute(statement).scalar_one_or_none()


def list_conferences() -> list[Conference]:
    """Every conference, newest first, without their programmes."""
    statement = select(Conference).order_by(Conference.start_date.desc(), Conference.slug)
    return list(db.session.execute(statement).scalars())
