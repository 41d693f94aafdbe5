"""A conference's own fields and the rules they follow (no commit); ``confsched.programme.editing`` saves them."""
from __future__ import annotations

from sqlalchemy import select, update

from confsched import timeengine
from confsched.extensions import db
from confsched.programme.models import Conference
from confsched.programme.problems import reject

CONFERENCE_TEXTS = ("title", "subtitle", "description", "goals", "format_notes", "session_label")
CONFERENCE_SETTINGS = ("slug", "start_date", "end_date", "primary_zone", "secondary_zone", "languages", "interpretation",
                       "reminder_minutes", "embed_origins")


def claim_slug(slug: str | None, current: Conference | None = None) -> None:
    """Refuse a slug another conference already has."""
    if not slug or (current is not None and slug == current.slug):
        return
    if db.session.execute(select(Conference.id).where(Conference.slug == slug)).first():
        raise reject("duplicate_key", "slug", key=slug)


def move_published_address(draft: Conference) -> None:
    """Give the published programme the draft's new address at once: the slug says where the pages are, not what
    they say, and the draft and its published programme are found by the same one."""
    if draft.is_draft:
        db.session.execute(update(Conference).where(Conference.id == draft.draft_of_id).values(slug=draft.slug))


def apply_conference(conference: Conference, values: dict) -> None:
    """Copy the given fields onto a conference, refusing one zone twice and an end before the start."""
    for name in (*CONFERENCE_TEXTS, *CONFERENCE_SETTINGS):
        if name in values:
            setattr(conference, name, values[name])
    if values.get("default_language"):
        conference.default_language = values["default_language"]
    if conference.secondary_zone and timeengine.same_zone(conference.primary_zone, conference.secondary_zone):
        raise reject("same_zone", "secondary_zone")
    if conference.start_date and conference.end_date and conference.end_date < conference.start_date:
        raise reject("date_order", "end_date", first_date=conference.start_date.isoformat(),
                     last_date=conference.end_date.isoformat())
