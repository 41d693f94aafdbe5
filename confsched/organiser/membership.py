"""Who may edit which conference: memberships, and the conference an organiser creates (and so joins)."""
from __future__ import annotations

from sqlalchemy import select

from confsched.extensions import db
from confsched.organiser.models import Membership, Organiser
from confsched.programme import editing
from confsched.programme.models import Conference
from confsched.programme.problems import reject


def create_conference(values: dict, creator: Organiser | None) -> Conference:
    """A new, empty conference; its creator becomes a member in the same commit (an admin edits every one anyway)."""
    def join(conference: Conference) -> None:
        if creator is not None and not creator.is_admin:
            db.session.add(Membership(organiser=creator, conference=conference))

    return editing.create_conference(values, on_created=join)


def add_member(conference: Conference, email: str) -> Membership:
    """Let an existing organiser edit a conference."""
    organiser = db.session.execute(select(Organiser).where(Organiser.email == email.strip().lower())).scalar()
    if organiser is None:
        raise reject("unknown_reference", "email", key=email[:254], kind="organiser")
    existing = next((link for link in organiser.memberships if link.conference_id == conference.id), None)
    if existing:
        return existing
    membership = Membership(organiser=organiser, conference=conference)
    db.session.add(membership)
    db.session.commit()
    return membership


def remove_member(membership: Membership) -> None:
    """Take away an organiser's right to edit a conference."""
    db.session.delete(membership)
    db.session.commit()
