"""One operation per edit of a programme: the editor's pages, the write API and the CLI all call these.

Views and the write API call these with values already cleaned by
``confsched.organiser.fields``; each operation either commits one consistent
programme (bumping SEQUENCE and writing history through ``tracking.tracked``)
or raises ``ProgrammeRejected`` and leaves the database as it was. An edit of a
day's agenda is an ``AgendaEdit``: described once, it is either previewed (the
day re-flowed in both reference zones, with its problems, nothing stored) or
saved, so a preview always shows what saving would store. An edit of an agenda
or a day can change only its workshop and names it as its scope: that workshop
alone is compared and checked, so the edit costs what the workshop costs.

The rules themselves live in small modules by subject: ``conferences``,
``entries`` (organisations, people, platforms), ``workshops`` (and their days),
``items`` and ``assignments``; the look-ups and values callers need are
re-exported here, so the interfaces depend on this module alone.
"""
from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import contains_eager

from confsched.extensions import db
from confsched.programme import assignments, conferences, day_agenda, entries, items, queries, reflow, validation
from confsched.programme import workshops
from confsched.programme.assignments import find_assignment
from confsched.programme.conferences import CONFERENCE_TEXTS
from confsched.programme.day_agenda import ItemRow
from confsched.programme.document import export_document, export_part
from confsched.programme.entries import ACCESS_FIELDS, PLACE_FIELDS, conference_role, find_entry, uses_of
from confsched.programme.items import (
    DEFAULT_ITEM_KIND,
    change_item,
    find_edited_item,
    find_item,
    find_item_near,
    fit_day,
    place_item,
    siblings,
)
from confsched.programme.models import (
    AgendaItem,
    Assignment,
    Conference,
    Organisation,
    Person,
    Platform,
    Workshop,
    WorkshopDay,
    WorkshopStatus,
    utcnow,
)
from confsched.programme.problems import Problem, ProgrammeRejected, reject
from confsched.programme.reflow import AgendaRow, Preview, agenda_rows
from confsched.programme.schedule import day_problems, lay_out_day
from confsched.programme.tracking import Before, ChangeSet, delete_programme, record_changes, snapshot, tracked
from confsched.programme.workshops import (
    WORKSHOP_TEXTS,
    day_values,
    find_day,
    find_edited_workshop,
    find_workshop,
    resolve_window,
)

__all__ = [
    "ACCESS_FIELDS", "CONFERENCE_TEXTS", "DEFAULT_ITEM_KIND", "PLACE_FIELDS", "WORKSHOP_TEXTS", "AgendaEdit",
    "AgendaRow", "ItemRow", "Outcome", "Preview", "ProgrammeRejected", "add_assignment", "add_day", "agenda_rows",
    "change_item", "check_programme", "conference_role", "create_conference", "create_workshop", "day_problems",
    "day_values", "delete_assignment", "delete_conference", "delete_day", "delete_entry", "delete_item",
    "delete_item_edit", "delete_workshop", "duplicate_workshop", "editing", "find_assignment", "find_day",
    "find_edited_item", "find_edited_workshop", "find_entry", "find_item", "find_item_near", "find_workshop",
    "fit_day", "insert_item", "insert_item_edit", "lay_out_day", "move_item", "move_item_edit", "place_item",
    "platform_overlaps", "reject", "replace_agenda", "replace_agenda_edit", "resolve_window", "save_organisation",
    "save_person", "save_platform", "siblings", "update_assignment", "update_conference", "update_day", "update_item",
    "update_item_edit", "update_workshop", "uses_of",
]


@dataclass
class Outcome:
    """What a saved edit changed, and the warnings it raised without being refused."""

    changes: list = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@contextmanager
def editing(conference: Conference, scope: tuple[Workshop, ...] | None = None) -> Iterator[Outcome]:
    """Run one edit: apply, check what it can affect, record SEQUENCE and history, commit; else roll back.

    `scope` names the only workshops the edit can change (an item's or a day's); the checks, the
    comparison and the stamps then cost what those workshops cost, and they stay loaded as saved
    for the answer. Without it the whole programme is checked.
    """
    outcome = Outcome()
    try:
        with tracked(conference, scope) as change_set:
            yield outcome
            db.session.flush()
            outcome.warnings, change_set.checked = checked_programme(conference, scope)
        outcome.changes = change_set.changes
        if scope is None:
            db.session.commit()
        else:
            queries.commit_keeping_workshops(scope)
    except BaseException:
        db.session.rollback()
        raise


def check_programme(conference: Conference, scope: tuple[Workshop, ...] | None = None) -> list[Problem]:
    """Refuse a programme (or the scope's workshops) that breaks a schedule or document rule; return the warnings."""
    return checked_programme(conference, scope)[0]


def checked_programme(conference: Conference,
                      scope: tuple[Workshop, ...] | None = None) -> tuple[list[Problem], dict]:
    """`check_programme`, also returning the document it validated (the edit's tracking compares the same export)."""
    problems = []
    for workshop in (conference.workshops if scope is None else scope):
        for day in workshop.days:
            problems += day_problems(workshop, day)
    if problems:
        raise ProgrammeRejected(problems)
    if scope is None:
        document = export_document(conference, include_access=True)
        validation.validate(document)
        return platform_overlaps(conference), document
    queries.load_access({workshop.platform for workshop in scope if workshop.platform is not None})
    document = export_part(conference, scope, include_access=True)
    try:
        validation.validate(document)
    except ProgrammeRejected as rejection:
        raise ProgrammeRejected([_located_in_programme(conference, scope, problem) for problem in rejection.problems])
    return scoped_platform_overlaps(conference, scope), document


def _located_in_programme(conference: Conference, scope: tuple[Workshop, ...], problem: Problem) -> Problem:
    """A problem found in a document of the scope's workshops, located as in the whole programme's document."""
    prefix = re.match(r"workshops\[(\d+)\]", problem.location)
    if prefix is None:
        return problem
    workshop = sorted(scope, key=lambda workshop: workshop.number)[int(prefix.group(1))]
    index = db.session.execute(select(func.count(Workshop.id)).where(
        Workshop.conference_id == conference.id, Workshop.number < workshop.number)).scalar_one()
    return replace(problem, location=f"workshops[{index}]{problem.location[prefix.end():]}")


def platform_overlaps(conference: Conference) -> list[Problem]:
    """Warn where two workshops of the conference use one platform at overlapping times."""
    return _overlaps(_windows(conference.workshops))


def scoped_platform_overlaps(conference: Conference, scope: tuple[Workshop, ...]) -> list[Problem]:
    """The warnings of `platform_overlaps` that concern the scope's workshops, asking the database only for the
    other workshops' days on their platforms at those times (one statement)."""
    windows = _windows(scope)
    if not windows:
        return []
    others = db.session.execute(
        select(WorkshopDay).join(Workshop, Workshop.id == WorkshopDay.workshop_id).where(
            Workshop.conference_id == conference.id,
            Workshop.id.not_in([workshop.id for workshop in scope]),
            Workshop.status != WorkshopStatus.cancelled,
            or_(*(and_(Workshop.platform_id == workshop.platform.id, WorkshopDay.starts_at < day.ends_at,
                       WorkshopDay.ends_at > day.starts_at) for workshop, day in windows)),
        ).options(contains_eager(WorkshopDay.workshop))
    ).scalars().all()
    windows += [(day.workshop, day) for day in others]
    windows.sort(key=lambda window: (window[0].number, window[1].position))
    return _overlaps(windows, among=set(scope))


def _windows(workshops) -> list[tuple[Workshop, WorkshopDay]]:
    """The days of workshops that occupy a platform: not cancelled, platform known."""
    return [(workshop, day) for workshop in workshops if workshop.platform is not None
            and workshop.status != WorkshopStatus.cancelled for day in workshop.days]


def _overlaps(windows: list[tuple[Workshop, WorkshopDay]], among: set | None = None) -> list[Problem]:
    """A warning for each pair of windows on one platform at overlapping times (with one of `among`, if given)."""
    warnings = []
    for index, (first, first_day) in enumerate(windows):
        for second, second_day in windows[index + 1:]:
            if first is second or first.platform is not second.platform:
                continue
            if among is not None and first not in among and second not in among:
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
    conferences.claim_slug(values["slug"])
    conference = Conference(version=0, updated_at=utcnow(), languages=["de", "tr"])
    conference.default_language = "de"
    conferences.apply_conference(conference, values)
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
    conferences.claim_slug(values.get("slug"), conference)
    with editing(conference) as outcome:
        conferences.apply_conference(conference, values)
        conferences.move_published_address(conference)
    return outcome


def delete_conference(conference: Conference) -> None:
    """Remove a conference with its whole programme and history; its registrants are told, and kept until retention ends."""
    try:
        delete_programme(conference)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


# Organisations, people and platforms


def save_organisation(conference: Conference, values: dict, organisation: Organisation | None = None) -> Organisation:
    """Create an organisation, or change one."""
    entries.claim_key(conference.organisations, values.get("key"), organisation)
    with editing(conference):
        organisation = entries.apply_organisation(conference, values, organisation)
    return organisation


def save_person(conference: Conference, values: dict, person: Person | None = None) -> Person:
    """Create a person, or change one; names are kept exactly as typed."""
    entries.claim_key(conference.people, values.get("key"), person)
    organisation = entries.resolve(conference, "organisation", values.get("organisation"), "organisation")
    with editing(conference):
        person = entries.apply_person(conference, values, person, organisation)
    return person


def save_platform(conference: Conference, values: dict, platform: Platform | None = None) -> Platform:
    """Create a platform, or change one, with its secret access data."""
    entries.claim_key(conference.platforms, values.get("key"), platform)
    with editing(conference):
        platform = entries.apply_platform(conference, values, platform)
    return platform


def delete_entry(conference: Conference, row) -> Outcome:
    """Remove an organisation, person or platform the programme no longer uses."""
    entries.check_unused(conference, row)
    with editing(conference) as outcome:
        entries.remove_entry(conference, row)
    return outcome


# Workshops and days


def create_workshop(conference: Conference, values: dict, first_day: dict) -> Workshop:
    """A new workshop with its first day (a workshop always has at least one)."""
    workshops.claim_number(conference, values["number"])
    starts_at, ends_at = resolve_window(first_day)
    with editing(conference):
        workshop = Workshop(number=values["number"], title={}, status=WorkshopStatus.planned)
        conference.workshops.append(workshop)
        workshops.apply_workshop(conference, workshop, values)
        workshop.days.append(workshops.new_day(conference, 0, first_day, starts_at, ends_at))
    return workshop


def update_workshop(conference: Conference, workshop: Workshop, values: dict) -> Outcome:
    """Change a workshop's own fields."""
    if "number" in values:
        workshops.claim_number(conference, values["number"], workshop)
    with editing(conference) as outcome:
        workshops.apply_workshop(conference, workshop, values)
    return outcome


def delete_workshop(conference: Conference, workshop: Workshop) -> Outcome:
    """Remove a workshop with its days and agendas."""
    with editing(conference) as outcome:
        conference.workshops.remove(workshop)
    return outcome


def duplicate_workshop(conference: Conference, workshop: Workshop, number: int, date: dt.date) -> Workshop:
    """Copy a workshop whole onto another date, keeping wall-clock times and day gaps; the copy starts as planned."""
    workshops.claim_number(conference, number)
    windows = workshops.moved_windows(workshop, date)
    with editing(conference):
        duplicate = workshops.copy_workshop(conference, workshop, number, windows)
    return duplicate


def add_day(conference: Conference, workshop: Workshop, values: dict) -> WorkshopDay:
    """Add a day at the end of a workshop."""
    starts_at, ends_at = resolve_window(values)
    with editing(conference, (workshop,)):
        day = workshops.new_day(conference, len(workshop.days), values, starts_at, ends_at)
        workshop.days.append(day)
    return day


def update_day(conference: Conference, day: WorkshopDay, values: dict) -> Outcome:
    """Change a day's window or texts; the agenda re-flows from the new start."""
    merged = {**day_values(day), **values}
    starts_at, ends_at = resolve_window(merged)
    with editing(conference, (day.workshop,)) as outcome:
        workshops.apply_day(day, merged, starts_at, ends_at)
    return outcome


def delete_day(conference: Conference, workshop: Workshop, day: WorkshopDay) -> Outcome:
    """Remove a day; later days move up, as positions are a day's place in the workshop."""
    workshops.check_not_last_day(workshop)
    with editing(conference, (workshop,)) as outcome:
        workshop.days.remove(day)
        db.session.flush()
        workshops.renumber_days(workshop)
    return outcome


# Agenda items: every edit is an AgendaEdit, previewed or saved through the same steps


@dataclass
class AgendaEdit:
    """One change to a day's agenda, described once: `preview` applies it unsaved, `save` commits it.

    `apply` changes the loaded day without committing and returns what the edit made (a new item, or None);
    with `extend_day`, the day's end then moves to where its agenda ends instead of the edit being refused.
    """

    conference: Conference
    day: WorkshopDay
    apply: Callable[[], object]
    extend_day: bool = False
    result: object = None

    def _run(self) -> object:
        """Apply the edit to the loaded day, then fit the day if asked."""
        result = self.apply()
        if self.extend_day:
            fit_day(self.day)
        return result

    def preview(self) -> Preview:
        """The day re-flowed in both reference zones with the edit applied, and its problems; nothing is stored."""
        return reflow.preview(self.day.workshop, self.day, self._run)

    def save(self) -> Outcome:
        """Apply, check and commit the edit (or refuse it, storing nothing); only the day's workshop can change."""
        with editing(self.conference, (self.day.workshop,)) as outcome:
            self.result = self._run()
        return outcome

    def save_reflowed(self) -> tuple[Outcome, list[AgendaRow]]:
        """Save the edit; also the day's rows afterwards, each saying how far it moved."""
        before = reflow.starts(self.day)
        outcome = self.save()
        return outcome, reflow.agenda_rows(self.day, before)


def insert_item_edit(conference: Conference, day: WorkshopDay, values: dict, extend_day: bool = False,
                     **where) -> AgendaEdit:
    """Insert an item after or before another (`after=`, `before=`), at the end of a section (`parent=`) or the day."""
    return AgendaEdit(conference, day, lambda: place_item(day, values, **where), extend_day)


def update_item_edit(conference: Conference, item: AgendaItem, values: dict, extend_day: bool = False) -> AgendaEdit:
    """Change an item's fields; a new duration moves every later start."""
    return AgendaEdit(conference, item.workshop_day, lambda: change_item(item, values), extend_day)


def move_item_edit(conference: Conference, item: AgendaItem, offset: int) -> AgendaEdit:
    """Move an item up (-1) or down (+1) among its siblings; moving past either end changes nothing."""
    return AgendaEdit(conference, item.workshop_day, lambda: items.shift_item(item, offset))


def delete_item_edit(conference: Conference, item: AgendaItem) -> AgendaEdit:
    """Remove an item (and a section's children); later starts move up."""
    day, parent = item.workshop_day, item.parent

    def apply() -> None:
        items.remove_item(item)
        db.session.flush()
        items.renumber(siblings(day, parent))

    return AgendaEdit(conference, day, apply)


def replace_agenda_edit(conference: Conference, day: WorkshopDay, rows: list[ItemRow],
                        extend_day: bool = False) -> AgendaEdit:
    """Make the day's agenda exactly these rows, in this order and nesting (the day table's one save): items keep
    their ids where a row names them, new rows become items, the rest are deleted; refused whole, naming the row."""
    return AgendaEdit(conference, day, lambda: day_agenda.arrange_agenda(day, rows), extend_day)


def replace_agenda(conference: Conference, day: WorkshopDay, rows: list[ItemRow], extend_day: bool = False) -> Outcome:
    """Replace the day's agenda with these rows, checked and tracked as one edit."""
    return replace_agenda_edit(conference, day, rows, extend_day).save()


def insert_item(conference: Conference, day: WorkshopDay, values: dict, extend_day: bool = False,
                **where) -> tuple[AgendaItem, Outcome]:
    """Insert an item anywhere; every later start moves with it."""
    edit = insert_item_edit(conference, day, values, extend_day, **where)
    outcome = edit.save()
    return edit.result, outcome


def update_item(conference: Conference, item: AgendaItem, values: dict, extend_day: bool = False) -> Outcome:
    """Change an item; a new duration moves every later start."""
    return update_item_edit(conference, item, values, extend_day).save()


def move_item(conference: Conference, item: AgendaItem, offset: int) -> Outcome:
    """Move an item up (-1) or down (+1) among its siblings; moving past either end changes nothing."""
    return move_item_edit(conference, item, offset).save()


def delete_item(conference: Conference, item: AgendaItem) -> Outcome:
    """Remove an item (and a section's children); later starts move up."""
    return delete_item_edit(conference, item).save()


# Assignments


def add_assignment(conference: Conference, owner: Workshop | AgendaItem, values: dict) -> Assignment:
    """Put a person, an organisation as "N.N.", or an organisation itself in a role on a workshop or an item."""
    person, organisation = assignments.someone(conference, values)
    itself = assignments.organisation_itself(values, person, organisation)
    with editing(conference):
        assignment = assignments.new_assignment(owner, values, person, organisation, itself)
    return assignment


def update_assignment(conference: Conference, assignment: Assignment, values: dict) -> Outcome:
    """Change an assignment; marking a speaker confirmed is `{"tbc": False}`."""
    person, organisation = assignments.someone(conference, values, assignment)
    itself = assignments.organisation_itself(values, person, organisation, assignment.organisation_itself)
    with editing(conference) as outcome:
        assignments.apply_assignment(assignment, values, person, organisation, itself)
    return outcome


def delete_assignment(conference: Conference, owner: Workshop | AgendaItem, assignment: Assignment) -> Outcome:
    """Take a person or placeholder off a workshop or an item."""
    with editing(conference) as outcome:
        assignments.remove_assignment(owner, assignment)
    return outcome
