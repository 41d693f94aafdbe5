"""Releases: organisers change a working draft in peace; publishing makes it the next numbered release.

A release applies the draft's document to the published programme in one transaction, with the same
importer and change tracking as every edit, so SEQUENCE moves at most once per release and day and every
registrant hears of it in one message (``confsched.registration.propagation``). The draft itself is never
seen by the public, by feeds or by registrants.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy import select, update

from confsched.extensions import db
from confsched.localized import CONTENT_LANGUAGES
from confsched.programme import release_changes, texts
from confsched.programme.document import export_document
from confsched.programme.importer import ImportReport, draft_programme, import_document
from confsched.programme.models import Conference, Release
from confsched.programme.problems import ProgrammeRejected, reject
from confsched.programme.queries import finding, load_conference_row, load_programme
from confsched.programme.tracking import snapshot
from confsched.transactions import begin_write


# The organiser's word on a release: a few sentences for the changelog, not a document.
MAX_COMMENT_LENGTH = 2000


@dataclass(frozen=True)
class Preview:
    """What publishing the draft now would do: the release's number and its changes."""

    number: int
    changes: list[dict]


def published_programme(slug: str) -> Conference | None:
    """The published row of a conference, released or not, loaded whole with its access data."""
    return load_programme(slug, with_access=True, released=False)


def working_draft(slug: str, whole: bool = True,
                  may_make: Callable[[Conference], bool] = lambda published: True) -> Conference | None:
    """The draft the editor, the write API and imports change, by the conference's slug, or None.

    Made from the published programme and stored the first time it is asked for; after that, found in the
    statements `load_programme` (`whole`) or `load_conference_row` take. `may_make` is asked, with the published
    row, before a draft is made for someone; when it says no, nothing is written and that row comes back, for the
    caller's own check (the same one) to refuse.
    """
    draft = load_programme(slug, with_access=True, draft=True) if whole else load_conference_row(slug, draft=True)
    if draft is not None:
        return draft
    published = load_conference_row(slug, released=False)
    if published is None or not may_make(published):
        return published
    # Made under the published row's lock, as publishing takes it: two organisers' first edits (or an edit and a
    # publish) at once make one draft, not two that collide.
    if not _lock_published(slug):
        db.session.rollback()
        return None
    if load_conference_row(slug, draft=True) is None:
        draft_programme(published_programme(slug))
    db.session.commit()
    return load_programme(slug, with_access=True, draft=True) if whole else load_conference_row(slug, draft=True)


def has_unpublished_changes(draft: Conference, published: Conference) -> bool:
    """Whether the draft was changed after the programme was last published (or was never published)."""
    return not published.release_number or draft.updated_at > published.updated_at


def _lock_published(slug: str) -> bool:
    """Start a write transaction holding the published row of the conference (and on SQLite the write lock), so
    that whoever makes or publishes its draft goes one at a time; False when there is no such conference."""
    db.session.commit()  # end the request's reads: the writer reads what it locked
    begin_write(db.session)
    locked = db.session.execute(update(Conference).where(*finding(slug, released=False))
                                .values(release_number=Conference.release_number))
    return locked.rowcount == 1


def preview(published: Conference) -> Preview:
    """The release the draft would make now, compared with the latest release (all of it, before the first)."""
    draft = draft_programme(published)
    return Preview(published.release_number + 1, release_changes.between(_released_document(published), snapshot(draft)))


def publish(slug: str, by: str, comment: dict | None = None, expected: int | None = None) -> Release:
    """Make the draft the next release, or refuse: when nothing changed since the last one, or when `expected`
    (the number the organiser saw in the preview) was taken by another organiser meanwhile.

    Publishers queue on the published row (PostgreSQL) or the write lock (SQLite), so two at once make two
    consecutive releases or one refusal, and never lose a change.
    """
    comment = checked_comment(comment or {})
    _lock_published(slug)
    # Every draft edit stamps the draft's row last: holding it, the release reads the draft with each edit either
    # wholly in or wholly out (PostgreSQL reads each statement afresh; SQLite's write lock already holds edits off).
    db.session.execute(select(Conference.id).where(*finding(slug, draft=True)).with_for_update())
    published = published_programme(slug)
    draft = draft_programme(published)
    try:
        document = releasable_document(published, expected, draft)
    except ProgrammeRejected:
        db.session.rollback()
        raise
    import_document(document, published_by=by, comment=comment, keep_draft=True,
                    sequences={day.identity: day.sequence for workshop in draft.workshops for day in workshop.days})
    return db.session.execute(select(Release).where(Release.conference_id == published.id)
                              .order_by(Release.number.desc()).limit(1)).scalar_one()


def checked_comment(comment: dict) -> dict:
    """The organiser's comment per language, without blanks; refused if it holds what no text may (a control
    character) or runs longer than a changelog entry should."""
    kept = {}
    for language in CONTENT_LANGUAGES:
        text = (comment.get(language) or "").strip()
        if texts.refusal(text, multiline=True):
            raise reject("control_character", f"comment.{language}")
        if len(text) > MAX_COMMENT_LENGTH:
            raise reject("comment_length", f"comment.{language}", limit=MAX_COMMENT_LENGTH)
        if text:
            kept[language] = text
    return kept


def releasable_document(published: Conference, expected: int | None = None, draft: Conference | None = None) -> dict:
    """The draft's private document, to be released now; or the refusal publishing it would meet: `expected` (the
    number the organiser saw in the preview) taken meanwhile, or a draft the same as the published programme."""
    if expected is not None and expected != published.release_number + 1:
        raise reject("release_outdated", "release", number=published.release_number)
    document = export_document(draft or draft_programme(published), include_access=True)
    if published.release_number and export_document(published, include_access=True) == document:
        raise reject("nothing_to_release", "release")
    return document


def revert(published: Conference, number: int) -> ImportReport:
    """Make the working draft what release `number` was (saying what that changed in it); nothing public changes
    until the draft is published."""
    release = find_release(published, number)
    if release is None:
        raise reject("not_found", "release", kind="release")
    if not release.document:
        raise reject("release_not_kept", "release", number=number)
    draft = draft_programme(published)
    document = dict(release.document)
    # Frab ids never go down, whatever the release handed out.
    document["last_frab_id"] = max(draft.last_frab_id or 0, published.last_frab_id or 0,
                                   document.get("last_frab_id") or 0)
    return import_document(document, draft=True)


def release_document(release: Release, include_access: bool = False) -> dict:
    """The programme document of a release as it was published; access data only when asked for."""
    if not release.document:
        raise reject("release_not_kept", "release", number=release.number)
    if include_access:
        return release.document
    return {**release.document, "platforms": [{name: value for name, value in platform.items() if name != "access"}
                                              for platform in release.document.get("platforms", [])]}


def releases(published: Conference) -> list[Release]:
    """Every release of a conference, newest first."""
    return list(db.session.execute(select(Release).where(Release.conference_id == published.published_id)
                                   .order_by(Release.number.desc())).scalars())


def find_release(published: Conference, number: int) -> Release | None:
    """One release of the conference by number, or None."""
    return db.session.execute(select(Release).where(Release.conference_id == published.published_id,
                                                    Release.number == number)).scalar_one_or_none()


def _released_document(published: Conference) -> dict | None:
    """The programme as last released (the published row holds nothing else), or None before the first release."""
    return snapshot(published) if published.release_number else None
