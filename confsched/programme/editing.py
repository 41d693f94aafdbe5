"""The editor's business rules as plain functions: every edit is checked whole, tracked, and saved or not at all.

Views and the write API call these with values already cleaned by
``confsched.organiser.fields``; each public function either commits one
consistent programme (bumping SEQUENCE and writing history through
``tracking.tracked``) or raises ``ProgrammeRejected`` and leaves the database
as it was. Times are never typed twice: a day's window is entered as wall-clock
times in a zone, and every item's start follows from the durations before it.
"""
from __future__ import annotations

import copy
import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

from sqlalchemy import inspect, select

from confsched import timeengine
from confsched.extensions import db
from confsched.programme import places, validation
from confsched.programme.document import export_document
from confsched.programme.models import (
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
    Workshop,
    WorkshopDay,
    WorkshopOrganisation,
    WorkshopStatus,
    new_identity,
    utcnow,
)
from confsched.programme.problems import Problem, ProgrammeRejected
from confsched.programme.schedule import agenda_tree, find_problems, lay_out_day
from confsched.programme.tracking import Before, ChangeSet, delete_programme, record_changes, snapshot, tracked

CONFERENCE_TEXTS = ("title", "subtitle", "description", "goals", "format_notes", "session_label")
WORKSHOP_TEXTS = ("title", "subtitle", "background", "goals", "format_notes")


@dataclass
class Outcome:
    """What a saved edit changed, and the warnings it raised without being refused."""

    changes: list = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def reject(code: str, location: str, **params) -> ProgrammeRejected:
    """A refusal with one problem."""
    return ProgrammeRejected([Problem(code, location, params)])


@contextmanager
def editing(conference: Conference) -> Iterator[Outcome]:
    """Run one edit: apply, check the whole programme, record SEQUENCE and history, commit; else roll back."""
    outcome = Outcome()
    try:
        with tracked(conference) as change_set:
            yield outcome
            db.session.flush()
            outcome.warnings = check_programme(conference)
        outcome.changes = change_set.changes
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def check_programme(conference: Conference) -> list[Problem]:
    """Refuse a programme that breaks a schedule or document rule; return the warnings."""
    problems = []
    for workshop in conference.workshops:
        for day in workshop.days:
            problems += day_problems(workshop, day)
    if problems:
        raise ProgrammeRejected(problems)
    validation.validate(export_document(conference, include_access=True))
    return platform_overlaps(conference)


def day_problems(workshop: Workshop, day: WorkshopDay) -> list[Problem]:
    """Overruns and duration errors of one day, located by workshop, day and item number."""
    where = f"workshop {workshop.number}, day {day.position + 1}"
    return [
        Problem(problem.code, f"{where}, item {problem.location}" if problem.location else where,
                {"minutes": problem.minutes})
        for problem in find_problems(day.starts_at, day.ends_at, agenda_tree(day.items))
    ]


def platform_overlaps(conference: Conference) -> list[Problem]:
    """Warn where two workshops of the conference use one platform at overlapping times."""
    warnings = []
    windows = [
        (workshop, day) for workshop in conference.workshops if workshop.platform is not None
        and workshop.status != WorkshopStatus.cancelled for day in workshop.days
    ]
    for index, (first, first_day) in enumerate(windows):
        for second, second_day in windows[index + 1:]:
            if first is second or first.platform is not second.platform:
                continue
            if first_day.starts_at < second_day.ends_at and second_day.starts_at < first_day.ends_at:
                warnings.append(Problem(
                    "platform_overlap", f"workshop {first.number}",
                    {"first": first.number, "second": second.number, "platform": first.platform.name},
                    severity="warning",
                ))
    return warnings


# Conferences


def create_conference(values: dict, on_created: Callable[[Conference], None] | None = None) -> Conference:
    """A new, empty conference in German and Turkish; `on_created` adds what belongs with it in the same commit."""
    if db.session.execute(select(Conference.id).where(Conference.slug == values["slug"])).first():
        raise reject("duplicate_key", "slug", key=values["slug"])
    conference = Conference(version=0, updated_at=utcnow(), languages=["de", "tr"])
    conference.default_language = "de"
    _apply_conference(conference, values)
    try:
        db.session.add(conference)
        db.session.flush()
        check_programme(conference)
        if on_created is not None:
            on_created(conference)
        record_changes(conference, Before(None), snapshot(conference), ChangeSet())
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return conference


def update_conference(conference: Conference, values: dict) -> Outcome:
    """Change a conference's own fields."""
    slug = values.get("slug")
    if slug and slug != conference.slug and db.session.execute(
            select(Conference.id).where(Conference.slug == slug)).first():
        raise reject("duplicate_key", "slug", key=slug)
    with editing(conference) as outcome:
        _apply_conference(conference, values)
    return outcome


def _apply_conference(conference: Conference, values: dict) -> None:
    """Copy the given fields onto a conference."""
    for name in CONFERENCE_TEXTS:
        if name in values:
            setattr(conference, name, values[name])
    for name in ("slug", "start_date", "end_date", "primary_zone", "secondary_zone", "interpretation",
                 "reminder_minutes", "embed_origins"):
        if name in values:
            setattr(conference, name, values[name])
    if values.get("default_language"):
        conference.default_language = values["default_language"]
    if conference.secondary_zone and timeengine.same_zone(conference.primary_zone, conference.secondary_zone):
        raise reject("same_zone", "secondary_zone")
    if conference.start_date and conference.end_date and conference.end_date < conference.start_date:
        raise reject("window_order", "end_date", start=conference.start_date.isoformat(),
                     end=conference.end_date.isoformat())


def delete_conference(conference: Conference) -> None:
    """Remove a conference with its whole programme and history; its registrants are told, and kept until retention ends."""
    try:
        delete_programme(conference)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


# Organisations, people and platforms


def _keyed(rows, key: str):
    """The row with that key, or None."""
    return next((row for row in rows if row.key == key), None)


def _resolve(conference: Conference, kind: str, key: str | None, location: str):
    """The organisation, person or platform a key names in this conference, or a refusal."""
    if key is None:
        return None
    rows = {"organisation": conference.organisations, "person": conference.people, "platform": conference.platforms}
    row = _keyed(rows[kind], key)
    if row is None:
        raise reject("unknown_reference", location, key=key, kind=kind)
    return row


def _claim_key(rows, key: str | None, current=None) -> None:
    """Refuse a key another row of the same list already has."""
    if key is not None and any(row.key == key and row is not current for row in rows):
        raise reject("duplicate_key", "key", key=key)


def save_organisation(conference: Conference, values: dict, organisation: Organisation | None = None) -> Organisation:
    """Create an organisation, or change one."""
    _claim_key(conference.organisations, values.get("key"), organisation)
    with editing(conference):
        if organisation is None:
            organisation = Organisation(key=values["key"], name={})
            conference.organisations.append(organisation)
        for name in ("key", "short_name", "name", "city", "country"):
            if name in values:
                setattr(organisation, name, values[name])
        if "conference_role" in values:
            _set_conference_role(conference, organisation, values["conference_role"])
    return organisation


def conference_role(conference: Conference, organisation: Organisation) -> str | None:
    """How an organisation stands behind the conference (organiser, partner, supporter), if at all."""
    link = next((link for link in conference.organisers if link.organisation is organisation), None)
    return link.role.value if link else None


def _set_conference_role(conference: Conference, organisation: Organisation, role: str | None) -> None:
    """Name an organisation behind the conference in a role (appended to the list), or take it off the list."""
    link = next((link for link in conference.organisers if link.organisation is organisation), None)
    if role is None:
        if link is not None:
            conference.organisers.remove(link)
    elif link is None:
        conference.organisers.append(ConferenceOrganiser(organisation=organisation, role=OrganiserRole(role),
                                                         position=len(conference.organisers)))
    else:
        link.role = OrganiserRole(role)
    for position, remaining in enumerate(conference.organisers):
        remaining.position = position


def save_person(conference: Conference, values: dict, person: Person | None = None) -> Person:
    """Create a person, or change one; names are kept exactly as typed."""
    _claim_key(conference.people, values.get("key"), person)
    organisation = _resolve(conference, "organisation", values.get("organisation"), "organisation")
    with editing(conference):
        if person is None:
            person = Person(key=values["key"], name=values["name"])
            conference.people.append(person)
        for name in ("key", "name", "academic_title", "function", "city"):
            if name in values:
                setattr(person, name, values[name])
        if "organisation" in values:
            person.organisation = organisation
    return person


ACCESS_FIELDS = ("join_url", "meeting_id", "passcode", "instructions")
PLACE_FIELDS = ("street_address", "postcode", "city", "country", "room", "accessibility", "online_name")


def save_platform(conference: Conference, values: dict, platform: Platform | None = None) -> Platform:
    """Create a platform, or change one, with its secret access data."""
    _claim_key(conference.platforms, values.get("key"), platform)
    with editing(conference):
        if platform is None:
            platform = Platform(key=values["key"], name=values["name"], kind=PlatformKind(values["kind"]))
            platform.access = None
            conference.platforms.append(platform)
        for name in ("key", "name", "listener_limit", *PLACE_FIELDS):
            if name in values:
                setattr(platform, name, values[name])
        if values.get("kind"):
            platform.kind = PlatformKind(values["kind"])
        platform.accessibility = platform.accessibility or {}
        _check_place(platform)
        _apply_access(platform, values)
    return platform


def _check_place(platform: Platform) -> None:
    """Refuse a place that breaks the rules of its kind (confsched.programme.places), naming every field at fault."""
    problems = places.place_problems(platform.kind, {name: getattr(platform, name) for name in PLACE_FIELDS})
    if problems:
        raise ProgrammeRejected([Problem(code, name, params) for code, name, params in problems])


def _apply_access(platform: Platform, values: dict) -> None:
    """Create, change or drop the platform's access data; it exists only while some field is filled."""
    if not any(name in values for name in ACCESS_FIELDS):
        return
    access = platform.access or PlatformAccess(instructions={})
    for name in ACCESS_FIELDS:
        if name in values:
            setattr(access, name, values[name])
    platform.access = access if any(getattr(access, name) for name in ACCESS_FIELDS) else None


def uses_of(conference: Conference, row) -> int:
    """How often the programme refers to an organisation, person or platform."""
    assignments = [assignment for workshop in conference.workshops for assignment in workshop.assignments]
    assignments += [assignment for workshop in conference.workshops for day in workshop.days
                    for item in day.items for assignment in item.assignments]
    if isinstance(row, Platform):
        return sum(workshop.platform is row for workshop in conference.workshops)
    if isinstance(row, Person):
        return sum(assignment.person is row for assignment in assignments)
    return (
        sum(assignment.organisation is row for assignment in assignments)
        + sum(person.organisation is row for person in conference.people)
        + sum(row in workshop.organisations for workshop in conference.workshops)
        + sum(link.organisation is row for link in conference.organisers)
    )


def delete_entry(conference: Conference, row) -> Outcome:
    """Remove an organisation, person or platform the programme no longer uses."""
    count = uses_of(conference, row)
    if count:
        raise reject("still_used", "key", key=row.key, count=count)
    collection = {Organisation: conference.organisations, Person: conference.people,
                  Platform: conference.platforms}[type(row)]
    with editing(conference) as outcome:
        collection.remove(row)
    return outcome


# Workshops and days


def resolve_window(values: dict) -> tuple[dt.datetime, dt.datetime]:
    """A day's window from its date, wall-clock start and end, and zone; gaps and overlaps are refused."""
    ends_next_day = bool(values.get("ends_next_day"))
    end_date = values["date"] + dt.timedelta(days=1) if ends_next_day else values["date"]
    start = _instant(values["date"], values["local_start"], values["zone"], "local_start")
    end = _instant(end_date, values["local_end"], values["zone"], "local_end")
    problem = validation.window_problem(start, end, ends_next_day)
    if problem:
        raise reject(problem, "local_end", start=f"{values['local_start']:%H:%M}", end=f"{values['local_end']:%H:%M}")
    return start, end


def _instant(date: dt.date, clock: dt.time, zone: str, location: str) -> dt.datetime:
    """One wall-clock time as UTC, or a refusal naming both readings of a doubtful time."""
    local = dt.datetime.combine(date, clock)
    try:
        return timeengine.to_utc(local, zone)
    except timeengine.UnknownZoneError:
        raise reject("unknown_zone", "zone", zone=zone) from None
    except (timeengine.NonExistentLocalTimeError, timeengine.AmbiguousLocalTimeError) as refusal:
        code = "nonexistent_time" if isinstance(refusal, timeengine.NonExistentLocalTimeError) else "ambiguous_time"
        first, second = (_reading(reading) for reading in refusal.readings)
        raise reject(code, location, local=f"{local:%Y-%m-%d %H:%M}", zone=zone, first=first, second=second) from None


def _reading(reading: timeengine.Reading) -> str:
    """One interpretation of a doubtful wall-clock time, as the refusal names it."""
    return f"{reading.utc:%H:%M} UTC ({reading.abbreviation}, {timeengine.format_offset(reading.utc_offset_minutes)})"


def day_values(day: WorkshopDay) -> dict:
    """A day's window as the organiser entered it, for forms and partial updates."""
    local_start = timeengine.to_zone(day.starts_at, day.zone)
    local_end = timeengine.to_zone(day.ends_at, day.zone)
    return {"date": local_start.date(), "local_start": local_start.time(), "local_end": local_end.time(),
            "ends_next_day": local_end.date() > local_start.date(), "zone": day.zone,
            "doors_open_minutes": day.doors_open_minutes, "informal_end_minutes": day.informal_end_minutes,
            "label": dict(day.label or {}), "outcomes": dict(day.outcomes or {})}


def create_workshop(conference: Conference, values: dict, first_day: dict) -> Workshop:
    """A new workshop with its first day (a workshop always has at least one)."""
    _claim_number(conference, values["number"])
    starts_at, ends_at = resolve_window(first_day)
    with editing(conference):
        workshop = Workshop(number=values["number"], title={}, status=WorkshopStatus.planned)
        conference.workshops.append(workshop)
        _apply_workshop(conference, workshop, values)
        workshop.days.append(_new_day(conference, 0, first_day, starts_at, ends_at))
    return workshop


def _claim_number(conference: Conference, number: int, current: Workshop | None = None) -> None:
    """Refuse a workshop number the conference already uses."""
    if any(workshop.number == number and workshop is not current for workshop in conference.workshops):
        raise reject("duplicate_number", "number", number=number)


def _new_day(conference: Conference, position: int, values: dict, starts_at: dt.datetime,
             ends_at: dt.datetime) -> WorkshopDay:
    """A day row with its window and texts, and identities of its own (copies included)."""
    return WorkshopDay(position=position, zone=values["zone"], starts_at=starts_at, ends_at=ends_at,
                       doors_open_minutes=values.get("doors_open_minutes"),
                       informal_end_minutes=values.get("informal_end_minutes"),
                       label=values.get("label") or {}, outcomes=values.get("outcomes") or {},
                       sequence=0, updated_at=utcnow(), identity=new_identity(), frab_id=conference.issue_frab_id())


def update_workshop(conference: Conference, workshop: Workshop, values: dict) -> Outcome:
    """Change a workshop's own fields."""
    if "number" in values:
        _claim_number(conference, values["number"], workshop)
    with editing(conference) as outcome:
        _apply_workshop(conference, workshop, values)
    return outcome


def _apply_workshop(conference: Conference, workshop: Workshop, values: dict) -> None:
    """Copy the given fields onto a workshop, resolving platform and organisations by key."""
    for name in (*WORKSHOP_TEXTS, "number", "capacity"):
        if name in values:
            setattr(workshop, name, values[name])
    if "listeners_admitted" in values:
        workshop.listeners_admitted = values["listeners_admitted"]
    if values.get("status"):
        workshop.status = WorkshopStatus(values["status"])
    if "platform" in values:
        workshop.platform = _resolve(conference, "platform", values["platform"], "platform")
    if "organisations" in values:
        organisations = [_resolve(conference, "organisation", key, "organisations") for key in values["organisations"]]
        workshop.organising_bodies = [WorkshopOrganisation(organisation=organisation, position=position)
                                      for position, organisation in enumerate(organisations)]


def delete_workshop(conference: Conference, workshop: Workshop) -> Outcome:
    """Remove a workshop with its days and agendas."""
    with editing(conference) as outcome:
        conference.workshops.remove(workshop)
    return outcome


def add_day(conference: Conference, workshop: Workshop, values: dict) -> WorkshopDay:
    """Add a day at the end of a workshop."""
    starts_at, ends_at = resolve_window(values)
    with editing(conference):
        day = _new_day(conference, len(workshop.days), values, starts_at, ends_at)
        workshop.days.append(day)
    return day


def update_day(conference: Conference, day: WorkshopDay, values: dict) -> Outcome:
    """Change a day's window or texts; the agenda re-flows from the new start."""
    merged = {**day_values(day), **values}
    starts_at, ends_at = resolve_window(merged)
    with editing(conference) as outcome:
        day.zone, day.starts_at, day.ends_at = merged["zone"], starts_at, ends_at
        day.doors_open_minutes, day.informal_end_minutes = merged["doors_open_minutes"], merged["informal_end_minutes"]
        day.label, day.outcomes = merged["label"] or {}, merged["outcomes"] or {}
    return outcome


def delete_day(conference: Conference, workshop: Workshop, day: WorkshopDay) -> Outcome:
    """Remove a day; later days move up, as positions are a day's place in the workshop."""
    if len(workshop.days) == 1:
        raise reject("last_day", "day")
    with editing(conference) as outcome:
        workshop.days.remove(day)
        db.session.flush()
        for position, remaining in enumerate(workshop.days):
            remaining.position = position
    return outcome


# Columns a copy never takes over: row ids and links to the original's parents (the copy gets its own), a day's
# identities and change state (new ones, as for any new day) and its window (moved to the new date).
NOT_COPIED = frozenset({"id", "conference_id", "workshop_id", "workshop_day_id", "agenda_item_id", "parent_id",
                        "identity", "frab_id", "sequence", "updated_at", "starts_at", "ends_at"})


def _clone(row, **values):
    """A new row with every other column of `row`, so a column added later is copied without anyone remembering."""
    copied = {attribute.key: copy.deepcopy(getattr(row, attribute.key))
              for attribute in inspect(type(row)).column_attrs if attribute.key not in NOT_COPIED}
    return type(row)(**{**copied, **values})


def duplicate_workshop(conference: Conference, workshop: Workshop, number: int, date: dt.date) -> Workshop:
    """Copy a workshop whole onto another date, keeping wall-clock times and day gaps; the copy starts as planned."""
    _claim_number(conference, number)
    first_date = workshop.days[0].local_date
    windows = []
    for day in workshop.days:
        values = day_values(day)
        values["date"] = date + (values["date"] - first_date)
        windows.append(resolve_window(values))
    with editing(conference):
        duplicate = _clone(workshop, number=number, status=WorkshopStatus.planned)
        duplicate.organising_bodies = [_clone(link) for link in workshop.organising_bodies]
        duplicate.assignments = [_clone(assignment) for assignment in workshop.assignments]
        for day, (starts_at, ends_at) in zip(workshop.days, windows):
            duplicate.days.append(_clone(day, starts_at=starts_at, ends_at=ends_at, sequence=0, updated_at=utcnow(),
                                         identity=new_identity(), frab_id=conference.issue_frab_id(),
                                         items=_copy_items(day.items)))
        conference.workshops.append(duplicate)
    return duplicate


def _copy_items(items: list[AgendaItem]) -> list[AgendaItem]:
    """A day's items copied with their nesting and assignments."""
    copies = {item.id: _clone(item, assignments=[_clone(assignment) for assignment in item.assignments])
              for item in items}
    for item in items:
        if item.parent_id is not None:
            copies[item.id].parent = copies[item.parent_id]
    return list(copies.values())


# Agenda items


def siblings(day: WorkshopDay, parent: AgendaItem | None) -> list[AgendaItem]:
    """The items on one level of a day's agenda, in order."""
    return sorted((item for item in day.items if item.parent is parent), key=lambda item: item.position)


def _renumber(items: list[AgendaItem]) -> None:
    """Give one level's items consecutive positions in list order."""
    for position, item in enumerate(items):
        item.position = position


def place_item(day: WorkshopDay, values: dict, after: AgendaItem | None = None,
               before: AgendaItem | None = None, parent: AgendaItem | None = None) -> AgendaItem:
    """Put a new item after or before another, or at the end of a section or the day (no commit)."""
    anchor = after or before
    for name, other in (("after", after), ("before", before), ("parent", parent)):
        if other is not None and other.workshop_day_id != day.id:
            raise reject("not_on_this_day", name)
    if anchor is not None:
        parent = anchor.parent
    if parent is not None and parent.kind != AgendaItemKind.section:
        raise reject("not_a_section", "parent")
    level = siblings(day, parent)
    index = len(level) if anchor is None else level.index(anchor) + (1 if after is not None else 0)
    item = AgendaItem(kind=AgendaItemKind(values["kind"]), title=values["title"],
                      description=values.get("description") or {},
                      duration_minutes=values.get("duration_minutes"), parent=parent, assignments=[])
    day.items.append(item)
    level.insert(index, item)
    _renumber(level)
    return item


def fit_day(day: WorkshopDay) -> None:
    """Move the day's end to where its agenda now ends, when the organiser chose to extend rather than be refused."""
    ends = [entry.end for entry in lay_out_day(day) if entry.depth == 0 and entry.end is not None]
    if ends and max(ends) > day.ends_at:
        day.ends_at = max(ends)


def insert_item(conference: Conference, day: WorkshopDay, values: dict, extend_day: bool = False,
                **where) -> tuple[AgendaItem, Outcome]:
    """Insert an item anywhere; every later start moves with it."""
    with editing(conference) as outcome:
        item = place_item(day, values, **where)
        if extend_day:
            fit_day(day)
    return item, outcome


def change_item(item: AgendaItem, values: dict) -> None:
    """Copy the given fields onto an item (no commit)."""
    for name in ("title", "description", "duration_minutes"):
        if name in values:
            setattr(item, name, values[name])
    if values.get("kind"):
        if item.children and values["kind"] != AgendaItemKind.section.value:
            raise reject("not_a_section", "kind")
        item.kind = AgendaItemKind(values["kind"])


def update_item(conference: Conference, item: AgendaItem, values: dict, extend_day: bool = False) -> Outcome:
    """Change an item; a new duration moves every later start."""
    with editing(conference) as outcome:
        change_item(item, values)
        if extend_day:
            fit_day(item.workshop_day)
    return outcome


def move_item(conference: Conference, item: AgendaItem, offset: int) -> Outcome:
    """Move an item up (-1) or down (+1) among its siblings; moving past either end changes nothing."""
    level = siblings(item.workshop_day, item.parent)
    index = level.index(item)
    target = min(max(index + offset, 0), len(level) - 1)
    with editing(conference) as outcome:
        level.insert(target, level.pop(index))
        _renumber(level)
    return outcome


def delete_item(conference: Conference, item: AgendaItem) -> Outcome:
    """Remove an item (and a section's children); later starts move up."""
    day, parent = item.workshop_day, item.parent
    with editing(conference) as outcome:
        for child in _descendants(item):
            day.items.remove(child)
        day.items.remove(item)
        db.session.flush()
        _renumber(siblings(day, parent))
    return outcome


def _descendants(item: AgendaItem) -> list[AgendaItem]:
    """A section's children, their children, and so on."""
    found = []
    for child in item.children:
        found += [child, *_descendants(child)]
    return found


# Assignments


def add_assignment(conference: Conference, owner: Workshop | AgendaItem, values: dict) -> Assignment:
    """Put a person, an organisation as "N.N.", or an organisation itself in a role on a workshop or an item."""
    person, organisation = _someone(conference, values)
    organisation_itself = _organisation_itself(values, person, organisation)
    with editing(conference):
        assignment = Assignment(position=len(owner.assignments), role=AssignmentRole(values["role"]),
                                person=person, organisation=organisation, tbc=bool(values.get("tbc")),
                                organisation_itself=organisation_itself, note=values.get("note") or {})
        owner.assignments.append(assignment)
    return assignment


def _someone(conference: Conference, values: dict, assignment: Assignment | None = None):
    """The person and organisation of an assignment; at least one of them is needed."""
    person = _resolve(conference, "person", values.get("person"), "person") if "person" in values else (
        assignment.person if assignment else None)
    organisation = _resolve(conference, "organisation", values.get("organisation"), "organisation") if (
        "organisation" in values) else (assignment.organisation if assignment else None)
    if person is None and organisation is None:
        raise reject("someone_missing", "person")
    return person, organisation


def _organisation_itself(values: dict, person, organisation, current: bool = False) -> bool:
    """Whether the organisation takes the role itself; that excludes naming a person."""
    wanted = bool(values["organisation_itself"]) if values.get("organisation_itself") is not None else current
    if wanted and (person is not None or organisation is None):
        raise reject("organisation_itself_with_person", "organisation_itself")
    return wanted


def update_assignment(conference: Conference, assignment: Assignment, values: dict) -> Outcome:
    """Change an assignment; marking a speaker confirmed is `{"tbc": False}`."""
    person, organisation = _someone(conference, values, assignment)
    organisation_itself = _organisation_itself(values, person, organisation, assignment.organisation_itself)
    with editing(conference) as outcome:
        assignment.person, assignment.organisation = person, organisation
        assignment.organisation_itself = organisation_itself
        if values.get("role"):
            assignment.role = AssignmentRole(values["role"])
        if values.get("tbc") is not None:
            assignment.tbc = values["tbc"]
        if "note" in values:
            assignment.note = values["note"]
    return outcome


def delete_assignment(conference: Conference, owner: Workshop | AgendaItem, assignment: Assignment) -> Outcome:
    """Take a person or placeholder off a workshop or an item."""
    with editing(conference) as outcome:
        owner.assignments.remove(assignment)
        for position, remaining in enumerate(owner.assignments):
            remaining.position = position
    return outcome


# Finding things by the identifiers URLs use


def find_workshop(conference: Conference, number: int) -> Workshop:
    """A workshop of the conference by number, or a refusal."""
    workshop = next((workshop for workshop in conference.workshops if workshop.number == number), None)
    if workshop is None:
        raise reject("not_found", "number", kind="workshop")
    return workshop


def find_day(workshop: Workshop, day_number: int) -> WorkshopDay:
    """A day of a workshop by its 1-based number, or a refusal."""
    if not 1 <= day_number <= len(workshop.days):
        raise reject("not_found", "day", kind="day")
    return workshop.days[day_number - 1]


def find_item(conference: Conference, item_id: int) -> AgendaItem:
    """An agenda item of the conference by id, or a refusal."""
    for workshop in conference.workshops:
        for day in workshop.days:
            for item in day.items:
                if item.id == item_id:
                    return item
    raise reject("not_found", "item", kind="agenda item")


def find_assignment(conference: Conference, assignment_id: int) -> tuple[Workshop | AgendaItem, Assignment]:
    """An assignment of the conference by id, with the workshop or item it belongs to."""
    for workshop in conference.workshops:
        owners = [workshop, *(item for day in workshop.days for item in day.items)]
        for owner in owners:
            for assignment in owner.assignments:
                if assignment.id == assignment_id:
                    return owner, assignment
    raise reject("not_found", "assignment", kind="assignment")


def find_entry(conference: Conference, kind: str, key: str):
    """An organisation, person or platform by key, or a refusal."""
    rows = {"organisation": conference.organisations, "person": conference.people, "platform": conference.platforms}
    row = _keyed(rows[kind], key)
    if row is None:
        raise reject("not_found", "key", kind=kind)
    return row
