"""A day's agenda replaced whole, as the day table sends it: rows in order, each at a depth, nested under sections.

Rows that name an item keep it (its id, description, and the roles and notes of speakers who
stay); rows without one become new items; items no row names are deleted. Rules over the
loaded day, no commit: ``confsched.programme.editing.replace_agenda_edit`` runs them inside
one checked, tracked edit, or previews them unsaved.
"""
from __future__ import annotations

from dataclasses import dataclass

from confsched.extensions import db
from confsched.programme.models import AgendaItem, AgendaItemKind, Assignment, AssignmentRole, WorkshopDay
from confsched.programme.problems import Problem, ProgrammeRejected
from confsched.programme.speakers import Speaker


@dataclass(frozen=True)
class ItemRow:
    """One row of a day's agenda: an existing item's id or None for a new one, how deep it sits (1 inside the
    section above it), its cleaned values (kind, title, duration_minutes), and its speakers (None keeps them)."""

    item_id: int | None
    depth: int
    values: dict
    speakers: list[Speaker] | None = None


def check_rows(day: WorkshopDay, rows: list[ItemRow]) -> None:
    """Refuse rows naming another day's item or one item twice, and rows nested under something not a section;
    problems are located as ``rows.<index>.title``."""
    existing = {item.id for item in day.items}
    problems, seen = [], set()
    for index, row in enumerate(rows):
        if row.item_id is not None and (row.item_id not in existing or row.item_id in seen):
            problems.append(Problem("not_on_this_day", f"rows.{index}.title"))
        seen.add(row.item_id)
        above = rows[index - 1] if index else None
        deepest = -1 if above is None else above.depth + (1 if above.values.get("kind") == AgendaItemKind.section else 0)
        if not 0 <= row.depth <= max(deepest, 0):
            problems.append(Problem("not_a_section", f"rows.{index}.title"))
    if problems:
        raise ProgrammeRejected(problems)


def removed_items(day: WorkshopDay, rows: list[ItemRow]) -> list[AgendaItem]:
    """The items the rows delete, each once: a deleted section stands for those of its items that go with it."""
    kept = {row.item_id for row in rows if row.item_id is not None}
    gone = [item for item in day.items if item.id not in kept]
    return [item for item in gone if item.parent is None or item.parent.id in kept]


def arrange_agenda(day: WorkshopDay, rows: list[ItemRow]) -> None:
    """Make the loaded day's agenda these rows: update, create, nest, order, then delete the rest (no commit)."""
    check_rows(day, rows)
    existing = {item.id: item for item in day.items}
    levels: list[AgendaItem] = []
    counts: dict[int, int] = {}
    for row in rows:
        item = existing.pop(row.item_id, None) if row.item_id is not None else None
        if item is None:
            item = AgendaItem(kind=AgendaItemKind(row.values["kind"]), title={}, description={}, assignments=[])
            day.items.append(item)
        del levels[row.depth:]
        parent = levels[-1] if levels else None
        item.parent = parent
        item.position = counts.get(id(parent), 0)
        counts[id(parent)] = item.position + 1
        item.title, item.duration_minutes = row.values["title"], row.values.get("duration_minutes")
        item.kind = AgendaItemKind(row.values["kind"])
        if row.speakers is not None:
            assign_speakers(item, row.speakers)
        levels.append(item)
    # Store the new nesting before deleting: a deleted section must no longer hold the items that left it.
    db.session.flush()
    for leftover in existing.values():
        if leftover in day.items:
            day.items.remove(leftover)


def assign_speakers(item: AgendaItem, speakers: list[Speaker]) -> None:
    """Make an item's assignments these speakers, keeping the role and note of those who were there already."""
    remaining = list(item.assignments)
    assignments = []
    for speaker in speakers:
        match = next((assignment for assignment in remaining if _same_someone(assignment, speaker)), None)
        if match is None:
            role = AssignmentRole.welcome if item.kind == AgendaItemKind.welcome else AssignmentRole.speaker
            match = Assignment(role=role, person=speaker.person, organisation=speaker.organisation, note={},
                               organisation_itself=speaker.organisation_itself)
        else:
            remaining.remove(match)
        match.tbc = speaker.tbc
        match.position = len(assignments)
        assignments.append(match)
    item.assignments = assignments


def _same_someone(assignment: Assignment, speaker: Speaker) -> bool:
    """Whether an assignment names the person, the N.N. slot or the organisation a speaker entry names."""
    if speaker.person is not None:
        return assignment.person is speaker.person
    return (assignment.person is None and assignment.organisation is speaker.organisation
            and bool(assignment.organisation_itself) == speaker.organisation_itself)
