"""A day's agenda items: placing, changing, moving and removing them, as rules over the loaded day (no commit).

Items are ordered by position within one level (the day, or a section); their
starts are never stored but follow from the durations before them
(``confsched.programme.schedule``). ``confsched.programme.editing`` runs these
inside one checked, tracked edit, or previews them unsaved.
"""
from __future__ import annotations

from confsched.programme import interpretation, queries
from confsched.programme.models import AgendaItem, AgendaItemKind, Conference, WorkshopDay
from confsched.programme.problems import reject
from confsched.programme.schedule import lay_out_day

# What a new agenda item is unless the organiser says otherwise: most slots are contributions, few are breaks.
DEFAULT_ITEM_KIND = AgendaItemKind.presentation


def find_item(conference: Conference, item_id: int) -> AgendaItem:
    """An agenda item of the conference by id, or a refusal."""
    for workshop in conference.workshops:
        for day in workshop.days:
            for item in day.items:
                if item.id == item_id:
                    return item
    raise reject("not_found", "item", kind="agenda item")


def find_edited_item(conference: Conference, item_id: int) -> AgendaItem:
    """An agenda item by id with its whole workshop loaded (for a conference loaded without workshops), or a refusal."""
    workshop = queries.workshop_of_item(conference, item_id)
    item = workshop and next((item for day in workshop.days for item in day.items if item.id == item_id), None)
    if item is None:
        raise reject("not_found", "item", kind="agenda item")
    return item


def find_item_near(conference: Conference, day: WorkshopDay, item_id: int) -> AgendaItem:
    """An agenda item of the conference by id, looked for in the day's loaded workshop first, or a refusal."""
    item = next((item for other in day.workshop.days for item in other.items if item.id == item_id), None)
    item = item or queries.conference_item(conference, item_id)
    if item is None:
        raise reject("not_found", "item", kind="agenda item")
    return item


def siblings(day: WorkshopDay, parent: AgendaItem | None) -> list[AgendaItem]:
    """The items on one level of a day's agenda, in order."""
    return sorted((item for item in day.items if item.parent is parent), key=lambda item: item.position)


def renumber(items: list[AgendaItem]) -> None:
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
    spoken, into = interpretation.checked(values, day.workshop.conference.languages)
    item = AgendaItem(kind=AgendaItemKind(values["kind"]), title=values["title"],
                      description=values.get("description") or {}, spoken_languages=spoken, interpreted_into=into,
                      duration_minutes=values.get("duration_minutes"), parent=parent, assignments=[])
    day.items.append(item)
    level.insert(index, item)
    renumber(level)
    return item


def change_item(item: AgendaItem, values: dict) -> None:
    """Copy the given fields onto an item (no commit)."""
    for name in ("title", "description", "duration_minutes"):
        if name in values:
            setattr(item, name, values[name])
    if "spoken_languages" in values or "interpreted_into" in values:
        stated = {"spoken_languages": item.spoken_languages, "interpreted_into": item.interpreted_into, **values}
        item.spoken_languages, item.interpreted_into = interpretation.checked(
            stated, item.workshop_day.workshop.conference.languages)
    if values.get("kind"):
        if item.children and values["kind"] != AgendaItemKind.section.value:
            raise reject("not_a_section", "kind")
        item.kind = AgendaItemKind(values["kind"])


def fit_day(day: WorkshopDay) -> None:
    """Move the day's end to where its agenda now ends, when the organiser chose to extend rather than be refused."""
    ends = [entry.end for entry in lay_out_day(day) if entry.depth == 0 and entry.end is not None]
    if ends and max(ends) > day.ends_at:
        day.ends_at = max(ends)


def shift_item(item: AgendaItem, offset: int) -> None:
    """Move an item up (-1) or down (+1) among its siblings; moving past either end changes nothing (no commit)."""
    level = siblings(item.workshop_day, item.parent)
    index = level.index(item)
    target = min(max(index + offset, 0), len(level) - 1)
    level.insert(target, level.pop(index))
    renumber(level)


def remove_item(item: AgendaItem) -> None:
    """Take an item (and a section's children) off its day (no commit; flush before renumbering its level)."""
    day = item.workshop_day
    for child in _descendants(item):
        day.items.remove(child)
    day.items.remove(item)


def _descendants(item: AgendaItem) -> list[AgendaItem]:
    """A section's children, their children, and so on."""
    found = []
    for child in item.children:
        found += [child, *_descendants(child)]
    return found
