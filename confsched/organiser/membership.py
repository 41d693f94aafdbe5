"""Who may edit which conference: memberships, and the conferences an organiser creates or imports (and so joins).

The editor's pages and the write API both call these, so the rights they check cannot drift apart.
"""
from __future__ import annotations

from sqlalchemy import select

from confsched.extensions import db
from confsched.organiser.models import Membership, Organiser
from confsched.programme import editing
from confsched.programme.importer import ImportReport, import_document
from confsched.programme.models import Conference
from confsched.programme.problems import reject
from confsched.programme.queries import load_conference_row
from confsched.programme.validation import claimed_slug, parse


class NotAMember(PermissionError):
    """A document names a conference the organiser may not change."""


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


def importable(organiser: Organiser, text: str | bytes) -> dict:
    """A programme document parsed, if it names a new conference or one the organiser edits; else NotAMember."""
    document = parse(text)
    slug = claimed_slug(document)
    if slug is not None:
        existing = _conference(slug)
        if existing is not None and not organiser.can_edit(existing):
            raise NotAMember(slug)
    return document


def import_programme(organiser: Organiser, document: dict, dry_run: bool = False) -> ImportReport:
    """Import a document that importable() let through into the conference's draft; an organiser who creates a
    conference so becomes its member (an admin edits every conference, as when creating one in the editor)."""
    report = import_document(document, dry_run=dry_run, draft=True)
    if report.created and not report.dry_run and not organiser.is_admin:
        add_member(_conference(report.slug), organiser.email)
    return report


def _conference(slug: str) -> Conference | None:
    """A conference's published row by slug (released or not), without its programme."""
    return load_conference_row(slug, released=False)
