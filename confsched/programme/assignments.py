"""Who takes part where: people, or organisations as "N.N." or in their own name, in a role on a workshop or an item.

Rules over the loaded programme (no commit); ``confsched.programme.editing`` runs
them inside one checked, tracked edit.
"""
from __future__ import annotations

from confsched.programme import entries
from confsched.programme.models import AgendaItem, Assignment, AssignmentRole, Conference, Workshop
from confsched.programme.problems import reject


def find_assignment(conference: Conference, assignment_id: int) -> tuple[Workshop | AgendaItem, Assignment]:
    """An assignment of the conference by id, with the workshop or item it belongs to."""
    for workshop in conference.workshops:
        owners = [workshop, *(item for day in workshop.days for item in day.items)]
        for owner in owners:
            for assignment in owner.assignments:
                if assignment.id == assignment_id:
                    return owner, assignment
    raise reject("not_found", "assignment", kind="assignment")


def someone(conference: Conference, values: dict, assignment: Assignment | None = None):
    """The person and organisation of an assignment; at least one of them is needed."""
    person = entries.resolve(conference, "person", values.get("person"), "person") if "person" in values else (
        assignment.person if assignment else None)
    organisation = entries.resolve(conference, "organisation", values.get("organisation"), "organisation") if (
        "organisation" in values) else (assignment.organisation if assignment else None)
    if person is None and organisation is None:
        raise reject("someone_missing", "person")
    return person, organisation


def organisation_itself(values: dict, person, organisation, current: bool = False) -> bool:
    """Whether the organisation takes the role itself; that excludes naming a person."""
    wanted = bool(values["organisation_itself"]) if values.get("organisation_itself") is not None else current
    if wanted and (person is not None or organisation is None):
        raise reject("organisation_itself_with_person", "organisation_itself")
    return wanted


def new_assignment(owner: Workshop | AgendaItem, values: dict, person, organisation, itself: bool) -> Assignment:
    """Append an assignment to a workshop or an item."""
    assignment = Assignment(position=len(owner.assignments), role=AssignmentRole(values["role"]),
                            person=person, organisation=organisation, tbc=bool(values.get("tbc")),
                            organisation_itself=itself, note=values.get("note") or {})
    owner.assignments.append(assignment)
    return assignment


def apply_assignment(assignment: Assignment, values: dict, person, organisation, itself: bool) -> None:
    """Copy the given fields onto an assignment."""
    assignment.person, assignment.organisation = person, organisation
    assignment.organisation_itself = itself
    if values.get("role"):
        assignment.role = AssignmentRole(values["role"])
    if values.get("tbc") is not None:
        assignment.tbc = values["tbc"]
    if "note" in values:
        assignment.note = values["note"]


def remove_assignment(owner: Workshop | AgendaItem, assignment: Assignment) -> None:
    """Take an assignment off its owner; the others close up."""
    owner.assignments.remove(assignment)
    for position, remaining in enumerate(owner.assignments):
        remaining.position = position
