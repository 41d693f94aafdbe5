"""Applies a validated programme document to the store in one transaction.

Workshops are matched by number, and days by the identity the document gives
them (by position in documents without identities), so a day keeps its calendar
UID and frab id through re-imports and restores; agenda items are rebuilt.
What changed is found by comparing the document before and after, which is
also what decides SEQUENCE bumps and the dry-run report. What the document no
longer has is kept for restoring (``deletions.import_removals``), as the editor's
deletes keep it, in the import's own transaction.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import delete, select

from confsched import timeengine
from confsched.extensions import db
from confsched.programme import deletions, origins, release_changes, validation
from confsched.programme.changes import Change, diff_documents
from confsched.programme.document import export_document, short_name_from_document
from confsched.programme.models import (
    COMMAND_LINE,
    DEFAULT_REMINDER_MINUTES,
    AgendaItem,
    AgendaItemKind,
    Assignment,
    AssignmentRole,
    Conference,
    ConferenceOrganiser,
    Organisation,
    OrganiserRole,
    Person,
    Platform,
    PlatformAccess,
    PlatformKind,
    Release,
    Workshop,
    WorkshopDay,
    WorkshopOrganisation,
    WorkshopStatus,
    new_identity,
    utcnow,
)
from confsched.programme.problems import Problem
from confsched.programme.queries import load_programme
from confsched.programme.tracking import ChangeSet, before_edit, record_changes, snapshot


@dataclass
class ImportReport:
    """What an import did, or in a dry run would do."""

    slug: str
    created: bool
    dry_run: bool
    changes: list[Change] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # The number of the release the import published; None for a dry run, a draft, or when nothing changed.
    release: int | None = None


def import_text(text: str | bytes, dry_run: bool = False, draft: bool = False) -> ImportReport:
    """Parse, check and apply a document (as a release, or to the draft); nothing is stored on error or in a dry
    run."""
    return import_document(validation.parse(text), dry_run=dry_run, draft=draft)


def import_document(document, dry_run: bool = False, draft: bool = False, published_by: str = COMMAND_LINE,
                    comment: dict | None = None, keep_draft: bool = False,
                    sequences: dict[str, int] | None = None) -> ImportReport:
    """Check and apply a parsed document in one transaction.

    Loading or restoring a document is a publishing act: the document becomes the next release of the published
    programme, and the working draft starts again from it (unless it is the draft being released, `keep_draft`).
    With `draft`, only the working draft changes (imports through the editor and the write API); a new
    conference is then made unreleased, so nothing of it is public. `sequences` gives, by identity, the SEQUENCE a
    day the store does not hold starts from (a release passes its draft's).
    """
    checked = validation.validate(document)
    slug = document["conference"]["slug"]
    try:
        published = load_programme(slug, with_access=True, released=False)
        created = published is None
        if draft and published is None:
            published = _unreleased_row(document)
            conference = None
        else:
            conference = draft_programme(published) if draft else published
        released = conference is not None and not draft and conference.release_number > 0
        before = before_edit(conference)
        applier = _Applier(checked, sequences)
        # What the document no longer has is kept for restoring, as the editor's deletes keep it; a release of the
        # draft kept it when the draft lost it.
        keep_removed = None if conference is None or dry_run or keep_draft else deletions.import_removals(
            conference, checked.document, applier.match_days)
        conference = applier.apply(conference, draft_of=published if draft else None)
        db.session.flush()
        if keep_removed is not None:
            keep_removed()
        after = snapshot(conference)
        change_set = ChangeSet()
        number = None
        if dry_run:
            change_set.changes = diff_documents(before.document, after)
        else:
            # Reloading what is already released changes nothing, so it is no release either.
            number = None if draft or (released and before.document == after) else conference.release_number + 1
            if number is not None:
                # Recorded first, so that those who hear of the changes find the release with what it changed.
                record_release(conference, number, before.document if released else None, after, published_by,
                               comment or {})
            record_changes(conference, before, after, change_set, release=number, drafted=keep_draft)
            if number is not None and not keep_draft:
                _forget_draft(conference)
        report = ImportReport(slug, created, dry_run, change_set.changes, checked.warnings + applier.warnings, number)
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
        return report
    except Exception:
        db.session.rollback()
        raise


def record_release(conference: Conference, number: int, before: dict | None, after: dict, published_by: str,
                   comment: dict) -> Release:
    """Number the published programme as it now stands and keep it, with what changed since the release before."""
    conference.release_number = number
    release = Release(conference_id=conference.id, number=number, published_at=utcnow(), published_by=published_by[:254],
                      comment={language: text for language, text in comment.items() if text},
                      changes=release_changes.between(before, after), document=after)
    db.session.add(release)
    return release


def draft_programme(published: Conference) -> Conference:
    """The conference's working draft, loaded whole; the first time, a copy of the published programme.

    The copy keeps every day's identity and frab id (a draft's days share them with the days they are copies of),
    so a release matches each day to the one it was copied from.
    """
    draft = load_programme(published.slug, with_access=True, draft=True)
    if draft is not None:
        return draft
    document = export_document(published, include_access=True)
    sequences = {day.identity: day.sequence for workshop in published.workshops for day in workshop.days}
    draft = _Applier(validation.validate(document), sequences).apply(None, draft_of=published)
    draft.version, draft.updated_at = published.version, published.updated_at
    db.session.flush()
    return draft


def _unreleased_row(document: dict) -> Conference:
    """The published row of a conference first imported as a draft: its own fields only, and not public until its
    first release."""
    alone = {key: value for key, value in document.items() if key not in ("organisations", "people", "platforms",
                                                                           "workshops")}
    alone["conference"] = {key: value for key, value in document["conference"].items() if key != "organisers"}
    published = _Applier(validation.validate(alone)).apply(None)
    db.session.flush()
    return published


def _forget_draft(published: Conference) -> None:
    """Drop the working draft after a publishing import: the next edit starts from the programme as released."""
    db.session.flush()
    db.session.execute(delete(Conference).where(Conference.draft_of_id == published.id),
                       execution_options={"synchronize_session": False})


class _Applier:
    """Writes a checked document onto a conference, reusing rows matched by key, number and identity or position."""

    def __init__(self, checked: validation.ValidatedDocument, sequences: dict[str, int] | None = None):
        self.document = checked.document
        self.windows = checked.windows
        # SEQUENCE a new day starts from, by identity: a day coming back (a restore released from the draft) goes
        # on from where its calendar entry was, never below it.
        self.sequences = sequences or {}
        self.organisations: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.platforms: dict[str, Platform] = {}
        self.taken_identities: set[str] = set()
        self.warnings: list[Problem] = []

    def apply(self, conference: Conference | None, draft_of: Conference | None = None) -> Conference:
        """Create or update the conference and everything in it; a new one as the draft of `draft_of` if given."""
        if conference is None:
            conference = Conference(version=0, updated_at=utcnow(), last_frab_id=0,
                                    draft_of_id=draft_of.id if draft_of is not None else None)
            db.session.add(conference)
        self.taken_identities = _identities_held_elsewhere(conference, self.document.get("workshops", []))
        conference.last_frab_id = max(conference.last_frab_id or 0, self.document.get("last_frab_id", 0),
                                      *_frab_ids(self.document))
        self._apply_conference(conference, self.document["conference"])
        self.organisations = _sync_by_key(
            conference.organisations, self.document.get("organisations", []), Organisation, self._apply_organisation
        )
        self.people = _sync_by_key(conference.people, self.document.get("people", []), Person, self._apply_person)
        self.platforms = _sync_by_key(
            conference.platforms, self.document.get("platforms", []), Platform, self._apply_platform
        )
        conference.organisers = [
            ConferenceOrganiser(organisation=self.organisations[link["organisation"]], role=OrganiserRole(link["role"]),
                                position=index)
            for index, link in enumerate(self.document["conference"].get("organisers", []))
        ]
        self._apply_workshops(conference)
        return conference

    def _apply_conference(self, conference: Conference, data: dict) -> None:
        """The conference's own fields."""
        conference.slug = data["slug"]
        for name in ("title", "subtitle", "description", "goals", "format_notes"):
            setattr(conference, name, dict(data.get(name, {})))
        conference.start_date = _date(data.get("start_date"))
        conference.end_date = _date(data.get("end_date"))
        zones = [timeengine.canonical_zone(zone) for zone in data["reference_zones"]]
        conference.primary_zone, conference.secondary_zone = (*zones, None)[:2]
        conference.languages = list(data["languages"])
        conference.default_language = data.get("default_language", data["languages"][0])
        conference.interpretation = data.get("interpretation")
        conference.session_label = dict(data.get("session_label", {}))
        conference.reminder_minutes = sorted(data.get("reminder_minutes", DEFAULT_REMINDER_MINUTES), reverse=True)
        conference.embed_origins = origins.canonical(data.get("embed_origins", []))

    def _apply_organisation(self, organisation: Organisation, data: dict) -> None:
        """One organisation."""
        organisation.short_name = short_name_from_document(data.get("short_name"))
        organisation.name = dict(data["name"])
        organisation.city = data.get("city")
        organisation.country = data.get("country")

    def _apply_person(self, person: Person, data: dict) -> None:
        """One person; organisations are already in place."""
        person.name = data["name"]
        person.academic_title = data.get("academic_title")
        person.function = dict(data.get("function", {}))
        person.organisation = self.organisations.get(data.get("organisation"))
        person.city = data.get("city")

    def _apply_platform(self, platform: Platform, data: dict) -> None:
        """One platform; access data is replaced only when the document carries it."""
        platform.name = data["name"]
        platform.kind = PlatformKind(data["kind"])
        for name in ("street_address", "postcode", "city", "country", "room", "online_name"):
            setattr(platform, name, data.get(name))
        platform.accessibility = dict(data.get("accessibility", {}))
        platform.interpretation_channels = dict(data.get("interpretation_channels", {}))
        platform.listener_limit = data.get("listener_limit")
        if "access" not in data:
            if platform.id is None:
                platform.access = None  # a new platform has none; saying so spares a refused lazy load
            return
        access = data["access"]
        platform.access = PlatformAccess(
            join_url=access.get("join_url"),
            meeting_id=access.get("meeting_id"),
            passcode=access.get("passcode"),
            instructions=dict(access.get("instructions", {})),
        )

    def _apply_workshops(self, conference: Conference) -> None:
        """Workshops by number; those missing from the document are removed."""
        existing = {workshop.number: workshop for workshop in conference.workshops}
        kept = []
        for index, data in enumerate(self.document.get("workshops", [])):
            workshop = existing.get(data["number"]) or Workshop(number=data["number"])
            self._apply_workshop(conference, workshop, data, index)
            kept.append(workshop)
        conference.workshops = sorted(kept, key=lambda workshop: workshop.number)

    def _apply_workshop(self, conference: Conference, workshop: Workshop, data: dict, index: int) -> None:
        """One workshop with its organising bodies, assignments and days."""
        for name in ("title", "subtitle", "background", "goals", "format_notes"):
            setattr(workshop, name, dict(data.get(name, {})))
        workshop.platform = self.platforms.get(data.get("platform"))
        workshop.capacity = data.get("capacity")
        workshop.listeners_admitted = data.get("listeners_admitted")
        workshop.status = WorkshopStatus(data.get("status", "planned"))
        workshop.organising_bodies = [
            WorkshopOrganisation(organisation=self.organisations[key], position=position)
            for position, key in enumerate(data.get("organisations", []))
        ]
        workshop.assignments = self._assignments(data.get("assignments", []))
        days = self.match_days(workshop, data["days"])
        _make_room_for_positions(workshop, days)
        for position, (day, day_data) in enumerate(zip(days, data["days"])):
            if day is None:
                day = self._new_day(conference, day_data, f"workshops[{index}].days[{position}]")
            elif "frab_id" in day_data:
                day.frab_id = day_data["frab_id"]
            day.position = position
            self._apply_day(day, day_data, self.windows[(index, position)])
            days[position] = day
        workshop.days = days

    @staticmethod
    def match_days(workshop: Workshop, entries: list[dict]) -> list[WorkshopDay | None]:
        """The stored day each document day is, by identity, else by position when the document gives none."""
        by_identity = {day.identity: day for day in workshop.days}
        claimed = {entry["identity"] for entry in entries if entry.get("identity") in by_identity}
        by_position = {day.position: day for day in workshop.days if day.identity not in claimed}
        return [by_identity.get(entry["identity"]) if "identity" in entry else by_position.get(position)
                for position, entry in enumerate(entries)]

    def _new_day(self, conference: Conference, data: dict, location: str) -> WorkshopDay:
        """A day the store does not hold yet, keeping the document's identity and frab id unless another day has it."""
        identity = data.get("identity")
        if identity in self.taken_identities:
            self.warnings.append(Problem("identity_taken", f"{location}.identity", {"identity": identity},
                                         severity="warning"))
            identity = None
        return WorkshopDay(
            identity=identity or new_identity(),
            frab_id=data["frab_id"] if identity and "frab_id" in data else conference.issue_frab_id(),
            sequence=self.sequences.get(identity, 0) if identity else 0, updated_at=utcnow(),
        )

    def _apply_day(self, day: WorkshopDay, data: dict, window: tuple[dt.datetime, dt.datetime]) -> None:
        """One day: its window and a rebuilt agenda."""
        day.zone = timeengine.canonical_zone(data["zone"])
        day.starts_at, day.ends_at = window
        day.doors_open_minutes = data.get("doors_open_minutes")
        day.informal_end_minutes = data.get("informal_end_minutes")
        day.label = dict(data.get("label", {}))
        day.outcomes = dict(data.get("outcomes", {}))
        day.spoken_languages = list(data.get("spoken_languages", []))
        day.interpreted_into = list(data.get("interpreted_into", []))
        items: list[AgendaItem] = []
        self._collect_items(data.get("items", []), None, items)
        day.items = items

    def _collect_items(self, entries: list[dict], parent: AgendaItem | None, collected: list[AgendaItem]) -> None:
        """Build agenda items depth first, each pointing at its section."""
        for position, entry in enumerate(entries):
            item = AgendaItem(
                position=position,
                kind=AgendaItemKind(entry["kind"]),
                duration_minutes=entry.get("duration"),
                title=dict(entry["title"]),
                description=dict(entry.get("description", {})),
                spoken_languages=list(entry.get("spoken_languages", [])),
                interpreted_into=list(entry.get("interpreted_into", [])),
                parent=parent,
                assignments=self._assignments(entry.get("assignments", [])),
            )
            collected.append(item)
            self._collect_items(entry.get("children", []), item, collected)

    def _assignments(self, entries: list[dict]) -> list[Assignment]:
        """People and placeholders in their roles."""
        return [
            Assignment(
                position=position,
                role=AssignmentRole(entry["role"]),
                person=self.people.get(entry.get("person")),
                organisation=self.organisations.get(entry.get("organisation")),
                tbc=bool(entry.get("tbc", False)),
                organisation_itself=bool(entry.get("organisation_itself", False)),
                note=dict(entry.get("note", {})),
            )
            for position, entry in enumerate(entries)
        ]


def _frab_ids(document: dict) -> list[int]:
    """The frab ids a document gives its days; new days are numbered above every one of them."""
    return [day["frab_id"] for workshop in document.get("workshops", []) for day in workshop["days"]
            if "frab_id" in day]


def _identities_held_elsewhere(conference: Conference, workshops: list[dict]) -> set[str]:
    """Identities the document gives days that another workshop or conference already holds (one query, if any);
    a draft's days share theirs with the published days they are copies of, so only other drafts count for one."""
    own = {workshop.number: {day.identity for day in workshop.days} for workshop in conference.workshops}
    candidates = {day["identity"] for workshop in workshops for day in workshop["days"]
                  if "identity" in day and day["identity"] not in own.get(workshop["number"], ())}
    if not candidates:
        return set()
    with db.session.no_autoflush:
        held = db.session.execute(select(WorkshopDay.identity).where(WorkshopDay.identity.in_(candidates),
                                                                 WorkshopDay.draft.is_(conference.is_draft)))
        return set(held.scalars())


def _make_room_for_positions(workshop: Workshop, days: list[WorkshopDay | None]) -> None:
    """Before stored days change places or make way, delete the removed ones and park the movers at negative
    positions: rows are written before they are deleted, and no two days of a workshop may ever share a position."""
    moving = [(position, day) for position, day in enumerate(days) if day is not None and day.position != position]
    kept = [day for day in workshop.days if day in days]
    if not moving and len(kept) == len(workshop.days):
        return
    workshop.days = kept
    for position, day in moving:
        day.position = -1 - position
    db.session.flush()


def _sync_by_key(collection: list, entries: list[dict], model, apply) -> dict:
    """Update rows matched by key, add new ones and drop the rest; return them by key."""
    existing = {row.key: row for row in collection}
    rows = {}
    for data in entries:
        row = existing.get(data["key"]) or model(key=data["key"])
        rows[data["key"]] = row
    collection[:] = list(rows.values())
    for data in entries:
        apply(rows[data["key"]], data)
    return rows


def _date(value: str | None) -> dt.date | None:
    """An ISO date, or None."""
    return dt.date.fromisoformat(value) if value else None

