"""Loading exactly what an agenda page shows, each in a fixed number of statements.

``load_programme`` loads a whole programme, which feeds and documents need. A page
needs less: the overview shows every workshop's days but no agenda items, and a
workshop page shows one workshop's agenda. Loading only that keeps a cold render of
one workshop as cheap in a 300-workshop conference as in a 4-workshop one.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from confsched.extensions import db
from confsched.programme.models import (
    AgendaItem,
    Conference,
    ConferenceOrganiser,
    Workshop,
    WorkshopDay,
    WorkshopOrganisation,
)


def _directory() -> list:
    """Organisations, people and platforms: every assignment and workshop resolves its links from these."""
    return [
        selectinload(Conference.organisations),
        selectinload(Conference.people),
        selectinload(Conference.platforms),
        selectinload(Conference.organisers).selectinload(ConferenceOrganiser.organisation),
    ]


def load_overview(slug: str) -> Conference | None:
    """The conference with its workshops and their days, without agenda items; or None."""
    statement = (
        select(Conference)
        .where(Conference.slug == slug)
        .options(
            *_directory(),
            selectinload(Conference.workshops).options(
                selectinload(Workshop.organising_bodies).selectinload(WorkshopOrganisation.organisation),
                selectinload(Workshop.days),
            ),
        )
    )
    return db.session.execute(statement).scalar_one_or_none()


def load_workshop(slug: str, number: int) -> Workshop | None:
    """One workshop with its whole agenda and its conference (but not the other workshops); or None."""
    statement = (
        select(Workshop)
        .join(Workshop.conference)
        .where(Conference.slug == slug, Workshop.number == number)
        .options(
            contains_eager(Workshop.conference).options(*_directory()),
            selectinload(Workshop.organising_bodies).selectinload(WorkshopOrganisation.organisation),
            selectinload(Workshop.assignments),
            selectinload(Workshop.days).selectinload(WorkshopDay.items).selectinload(AgendaItem.assignments),
        )
    )
    return db.session.execute(statement).scalar_one_or_none()
