"""Deletes that can be undone: what a delete removes is kept for 30 days and can be put back as it was.

Every delete of the editor and the write API goes through here. Before the part
goes, its piece of the private programme document is stored in ``DeletedPart``
(in the same transaction as the delete): an agenda item with its children and
assignments, a day with its calendar identity, frab id and agenda, a workshop
with its days, an organisation, person or platform with its access data, or a
whole conference with its invitation list, members and history.

Restoring builds the part again from that piece, with the same identities, so
calendar UIDs never move, and goes through the normal edit tracking, so the
history records it and registrants of a restored day get a new invitation (the
delivery ledger gives it a SEQUENCE above their cancellation). Registrations
that the delete cancelled stay cancelled: those people can register again.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from flask import g, has_app_context
from sqlalchemy import delete, insert, select

from confsched.extensions import db
from confsched.programme import document as programme_document
from confsched.programme import day_agenda, editing
from confsched.programme.changes import Change
from confsched.programme.models import (
    COMMAND_LINE,
    AgendaItem,
    AgendaItemKind,
    Assignment,
    AssignmentRole,
    Conference,
    DeletedPart,
    Organisation,
    Person,
    Platform,
    Workshop,
    WorkshopDay,
    WorkshopOrganisation,
    WorkshopStatus,
    utcnow,
)
from confsched.programme.problems import N_
from confsched.programme.queries import finding
from confsched.programme.schedule import lay_out_day

RESTORE_DAYS = 30
KINDS = ("item", "assignment", "day", "workshop", "entry", "conference")
COLLECTIONS = {Organisation: "organisations", Person: "people", Platform: "platforms"}

# Why a part cannot be put back, for the interfaces to say in their language.
REFUSALS = {
    "expired": N_("This was deleted more than 30 days ago and can no longer be restored."),
    "restored": N_("This has already been restored."),
    "workshop_gone": N_("Workshop {number} no longer exists; restore the workshop first."),
    "day_gone": N_("The day it belonged to no longer exists; restore the day first."),
    "section_gone": N_("The section it belonged to no longer exists; restore the section first."),
    "item_gone": N_("The item it belonged to no longer exists; restore the item first."),
    "number_taken": N_("Workshop number {number} is in use again; change that workshop's number first."),
    "key_taken": N_("The key “{key}” is in use again; rename that entry first."),
    "slug_taken": N_("The address “{slug}” is in use by another conference; change that conference's address first."),
    "identity_taken": N_("A day with the same calendar identity exists again, so this cannot be restored."),
    "key_missing": N_("“{key}” is no longer in the programme; add it again first."),
}


class RestoreRefused(Exception):
    """A part that cannot be put back: a code of REFUSALS and its values."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(code)

    def message(self, translate=lambda text: text) -> str:
        """The reason in the language `translate` speaks."""
        return translate(REFUSALS[self.code]).format(**self.params)


def _actor() -> str:
    """Who deletes: the organiser the interface acts for (``g.programme_actor``, set by the editor and the API for
    the history), else the command line."""
    actor = g.get("programme_actor") if has_app_context() else None
    organiser = actor[0] if actor else None
    return organiser.email if organiser is not None else COMMAND_LINE


def _keep(conference: Conference, kind: str, summary: dict, fragment: dict) -> DeletedPart:
    """Stage the removed part; the delete's own commit stores it (or its rollback drops it)."""
    part = DeletedPart(conference_id=None if kind == "conference" else conference.published_id,
                       conference_slug=conference.slug, kind=kind, summary=summary, fragment=fragment,
                       deleted_at=utcnow(), deleted_by=_actor()[:254])
    db.session.add(part)
    return part


def _day_summary(workshop: Workshop, day: WorkshopDay) -> dict:
    """What names a day in any language: its workshop, its number and its date."""
    return {"workshop": workshop.number, "workshop_title": dict(workshop.title or {}), "day": day.position + 1,
            "date": day.local_date.isoformat(), "identity": day.identity}


# What a delete removes, as document pieces


def item_fragment(item: AgendaItem, kept: frozenset = frozenset()) -> dict:
    """An item with its children and assignments, as the programme document writes it (without the children whose
    ids are in `kept`: a table save or an import may keep a child while it deletes its section)."""
    children: dict[int, list[AgendaItem]] = {}
    for other in item.workshop_day.items:  # the day's loaded list: no statement per section
        if other.parent is not None:
            children.setdefault(id(other.parent), []).append(other)
    return _item_fragment(item, children, kept)


def _item_fragment(item: AgendaItem, children: dict, kept: frozenset) -> dict:
    """`item_fragment` with the day's children found already, by id() of their section."""
    below = sorted((child for child in children.get(id(item), []) if child.id not in kept),
                   key=lambda child: child.position)
    return programme_document._compact({
        "kind": item.kind.value, "title": dict(item.title or {}), "description": dict(item.description or {}),
        "duration": item.duration_minutes,
        "spoken_languages": list(item.spoken_languages or []), "interpreted_into": list(item.interpreted_into or []),
        "assignments": programme_document._export_assignments(item.assignments),
        "children": [_item_fragment(child, children, kept) for child in below],
    })


def _count_items(fragment: dict) -> int:
    """How many items a fragment holds, itself included."""
    return 1 + sum(_count_items(child) for child in fragment.get("children", []))


def item_summary(item: AgendaItem) -> dict:
    """What names an item: its title, day and how many items a section holds."""
    day = item.workshop_day
    return {**_day_summary(day.workshop, day), "title": dict(item.title or {}),
            "items": _count_items(item_fragment(item)) - 1}


def delete_item_edit(conference: Conference, item: AgendaItem) -> editing.AgendaEdit:
    """The agenda edit that deletes an item (and a section's children), keeping it for restoring when saved."""
    day = item.workshop_day
    summary = item_summary(item)
    fragment = {"day_identity": day.identity, "parent_id": item.parent_id, "position": item.position,
                "item": item_fragment(item)}
    edit = editing.delete_item_edit(conference, item)
    remove = edit.apply

    def apply():
        _keep(conference, "item", summary, fragment)
        return remove()

    edit.apply = apply
    return edit


def delete_item(conference: Conference, item: AgendaItem) -> editing.Outcome:
    """Delete an item (and a section's children), keeping it for restoring."""
    return delete_item_edit(conference, item).save()


def replace_agenda_edit(conference: Conference, day: WorkshopDay, rows: list, extend_day: bool = False
                        ) -> editing.AgendaEdit:
    """The day table's save (``editing.replace_agenda_edit``), keeping each item it deletes for restoring; a preview
    keeps nothing."""
    edit = editing.replace_agenda_edit(conference, day, rows, extend_day=extend_day)
    kept = frozenset(row.item_id for row in rows if row.item_id is not None)
    arrange, save = edit.apply, edit.save
    saving = []

    def apply():
        if saving:
            for item in day_agenda.removed_items(day, rows):
                _keep(conference, "item", item_summary(item), {
                    "day_identity": day.identity, "parent_id": item.parent_id, "position": item.position,
                    "item": item_fragment(item, kept)})
        return arrange()

    def save_keeping():
        saving.append(True)
        return save()

    edit.apply, edit.save = apply, save_keeping
    return edit


def _assignment_name(assignment: Assignment) -> dict:
    """Who an assignment names: a person's name, or an organisation's names per language."""
    if assignment.person is not None and not assignment.organisation_itself:
        return {"person": assignment.person.display_name}
    organisation = assignment.organisation
    return {"organisation": dict(organisation.short_name or {}) or dict(organisation.name or {})} if organisation \
        else {}


def assignment_summary(owner, assignment: Assignment) -> dict:
    """What names an assignment: the role, who, and the workshop or item."""
    if isinstance(owner, Workshop):
        where = {"workshop": owner.number, "workshop_title": dict(owner.title or {})}
    else:
        day = owner.workshop_day
        where = {**_day_summary(day.workshop, day), "title": dict(owner.title or {})}
    return {**where, "role": assignment.role.value, **_assignment_name(assignment)}


def delete_assignment(conference: Conference, owner, assignment: Assignment) -> editing.Outcome:
    """Take someone off a workshop or an item, keeping the assignment for restoring."""
    place = {"workshop": owner.number} if isinstance(owner, Workshop) else {"item_id": owner.id}
    _keep(conference, "assignment", assignment_summary(owner, assignment),
          {"owner": place, "position": assignment.position,
           "assignment": programme_document._export_assignments([assignment])[0]})
    return editing.delete_assignment(conference, owner, assignment)


def day_summary(workshop: Workshop, day: WorkshopDay) -> dict:
    """What names a day."""
    return _day_summary(workshop, day)


def delete_day(conference: Conference, workshop: Workshop, day: WorkshopDay) -> editing.Outcome:
    """Delete a day, keeping it with its identity, frab id and agenda for restoring."""
    if len(workshop.days) > 1:  # the last day is refused by editing.delete_day; keep nothing then
        _keep(conference, "day", _day_summary(workshop, day),
              {"workshop": workshop.number, "position": day.position, "sequence": day.sequence,
               "day": programme_document._export_day(day)})
    return editing.delete_day(conference, workshop, day)


def workshop_summary(workshop: Workshop) -> dict:
    """What names a workshop."""
    return {"workshop": workshop.number, "workshop_title": dict(workshop.title or {}), "days": len(workshop.days)}


def delete_workshop(conference: Conference, workshop: Workshop) -> editing.Outcome:
    """Delete a workshop, keeping it with its days for restoring."""
    _keep(conference, "workshop", workshop_summary(workshop),
          {"workshop": programme_document.export_workshop(workshop),
           "sequences": {day.identity: day.sequence for day in workshop.days}})
    return editing.delete_workshop(conference, workshop)


def delete_entry(conference: Conference, row) -> editing.Outcome:
    """Delete an unused organisation, person or platform, keeping it (a platform with its access data)."""
    collection = COLLECTIONS[type(row)]
    if editing.uses_of(conference, row) == 0:  # a used one is refused by editing.delete_entry; keep nothing then
        _keep(conference, "entry", entry_summary(row), {"collection": collection, "entry": _entry_fragment(row)})
    return editing.delete_entry(conference, row)


def entry_summary(row) -> dict:
    """What names an organisation, person or platform."""
    return {"collection": COLLECTIONS[type(row)], "key": row.key, "name": entry_name(row)}


def entry_name(row) -> str | dict:
    """How an organisation, person or platform is called (an organisation per language)."""
    if isinstance(row, Organisation):
        return dict(row.name or {})
    return row.display_name if isinstance(row, Person) else row.name


def conference_summary(conference: Conference) -> dict:
    """What names a conference."""
    return {"title": dict(conference.title or {}), "slug": conference.slug}


def delete_conference(conference: Conference, kept: dict | None = None) -> None:
    """Delete a conference, keeping its programme for restoring, with what the interfaces keep of their own
    (`kept`: the invitation list, members and history, stored with it and handed back on restoring)."""
    _keep(conference, "conference", conference_summary(conference), {
        "document": programme_document.export_document(conference, include_access=True),
        "version": conference.version,
        "sequences": {day.identity: day.sequence for workshop in conference.workshops for day in workshop.days},
        **(kept or {}),
    })
    editing.delete_conference(conference)


# What an import removes, kept as the editor's deletes keep it


def import_removals(conference: Conference, document: dict,
                    match_days: Callable[[Workshop, list[dict]], list]) -> Callable[[], None]:
    """What importing `document` over the loaded conference will remove, described while it is still there.

    Call the returned function once the import is applied and flushed, in its transaction: it stores (in one
    statement) one part per removed workshop, day, item (a section with those of its items that go with it) and
    organisation, person or platform, as deleting each in the editor would. Days are matched by the importer's own rule (`match_days`);
    items, which an import rebuilds, count as kept when the new day has an item of the same title in one language.
    """
    staged: list[tuple[str, dict, dict]] = []
    placed: list[tuple[dict, WorkshopDay, int]] = []
    wanted = {entry["number"]: entry for entry in document.get("workshops", [])}
    for workshop in conference.workshops:
        if workshop.number not in wanted:
            staged.append(("workshop", workshop_summary(workshop), {
                "workshop": programme_document.export_workshop(workshop),
                "sequences": {day.identity: day.sequence for day in workshop.days}}))
            continue
        entries = wanted[workshop.number]["days"]
        matched = match_days(workshop, entries)
        for day in workshop.days:
            if day not in matched:
                staged.append(("day", _day_summary(workshop, day), {
                    "workshop": workshop.number, "position": day.position, "sequence": day.sequence,
                    "day": programme_document._export_day(day)}))
        for day, entry in zip(matched, entries):
            if day is not None:
                staged += _removed_items(day, entry.get("items", []), placed)
    for collection, rows in (("organisations", conference.organisations), ("people", conference.people),
                             ("platforms", conference.platforms)):
        keys = {entry["key"] for entry in document.get(collection, [])}
        staged += [("entry", entry_summary(row), {"collection": collection, "entry": _entry_fragment(row)})
                   for row in rows if row.key not in keys]

    def keep() -> None:
        for fragment, day, index in placed:  # the section a removed item was in, as the import rebuilt it
            fragment["parent_id"] = day.items[index].id
        if staged:  # one statement, however much the document removed
            deleted_at, deleted_by = utcnow(), _actor()[:254]
            db.session.execute(insert(DeletedPart), [
                {"conference_id": conference.published_id, "conference_slug": conference.slug, "kind": kind,
                 "summary": summary, "fragment": fragment, "deleted_at": deleted_at, "deleted_by": deleted_by}
                for kind, summary, fragment in staged])

    return keep


def _removed_items(day: WorkshopDay, entries: list[dict], placed: list) -> list[tuple[str, dict, dict]]:
    """The parts for the items of a day that its new agenda (`entries`, as the document nests them) no longer has;
    each removed item inside a kept section is noted in `placed` with the index of that section's new item."""
    new = []

    def flatten(level: list[dict]) -> None:
        for entry in level:  # depth first, the order in which the importer builds the new items
            new.append(entry)
            flatten(entry.get("children", []))

    flatten(entries)
    unused = list(range(len(new)))
    matched: dict[int, int] = {}
    for item in _agenda_order(day):
        index = next((index for index in unused if _same_title(item.title or {}, new[index]["title"])), None)
        if index is not None:
            unused.remove(index)
            matched[id(item)] = index
    kept = frozenset(item.id for item in day.items if id(item) in matched)
    removed = []
    for item in _agenda_order(day):
        if id(item) in matched or (item.parent is not None and id(item.parent) not in matched):
            continue
        fragment = {"day_identity": day.identity, "parent_id": None, "position": item.position,
                    "item": item_fragment(item, kept)}
        if item.parent is not None:
            placed.append((fragment, day, matched[id(item.parent)]))
        removed.append(("item", item_summary(item), fragment))
    return removed


def _agenda_order(day: WorkshopDay) -> list[AgendaItem]:
    """A day's items in agenda order, depth first."""
    return [entry.item for entry in lay_out_day(day)]


def _same_title(title: dict, other: dict) -> bool:
    """Whether two items' titles are the same in at least one language."""
    return any(text and other.get(language) == text for language, text in title.items())


def _entry_fragment(row) -> dict:
    """An organisation, person or platform (with its access data) as the private programme document writes it."""
    if isinstance(row, Organisation):
        return programme_document._export_organisation(row)
    if isinstance(row, Person):
        return programme_document._export_person(row)
    return programme_document._export_platform(row, include_access=True)


# Finding and listing what can be restored


def restore_until(part: DeletedPart) -> dt.datetime:
    """The moment after which a part can no longer be restored (and is purged)."""
    return part.deleted_at + dt.timedelta(days=RESTORE_DAYS)


def _cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Parts deleted before this moment have expired."""
    return (now or utcnow()) - dt.timedelta(days=RESTORE_DAYS)


def restorable(conference: Conference) -> list[DeletedPart]:
    """A conference's deleted parts that can still be restored, newest first."""
    return list(db.session.execute(
        select(DeletedPart).where(DeletedPart.conference_id == conference.published_id, DeletedPart.restored_at.is_(None),
                                  DeletedPart.deleted_at >= _cutoff())
        .order_by(DeletedPart.deleted_at.desc(), DeletedPart.id.desc())).scalars())


def restorable_on_day(conference: Conference, day: WorkshopDay) -> list[DeletedPart]:
    """Deleted items (and their assignments) of one day that can still be restored."""
    return [part for part in restorable(conference)
            if part.kind in ("item", "assignment") and part.summary.get("identity") == day.identity]


def deleted_conferences(organiser) -> list[DeletedPart]:
    """Deleted conferences an organiser may restore: admins all, others those they were a member of or deleted."""
    parts = db.session.execute(
        select(DeletedPart).where(DeletedPart.kind == "conference", DeletedPart.restored_at.is_(None),
                                  DeletedPart.deleted_at >= _cutoff())
        .order_by(DeletedPart.deleted_at.desc(), DeletedPart.id.desc())).scalars()
    return [part for part in parts if may_restore_conference(organiser, part)]


def may_restore_conference(organiser, part: DeletedPart) -> bool:
    """Whether an organiser may see and restore a deleted conference."""
    return bool(organiser.is_admin or organiser.id in part.fragment.get("members", [])
                or part.deleted_by == organiser.email)


def find_part(part_id: int, conference: Conference | None = None) -> DeletedPart | None:
    """A deleted part by id: of this conference, or (without one) a deleted conference."""
    part = db.session.get(DeletedPart, part_id)
    if part is None:
        return None
    if conference is None:
        return part if part.kind == "conference" else None
    return part if part.conference_id == conference.published_id and part.kind != "conference" else None


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete parts whose 30 days are over, restored or not (the caller commits); return how many."""
    result = db.session.execute(delete(DeletedPart).where(DeletedPart.deleted_at < _cutoff(now)))
    return result.rowcount or 0


# Restoring


def check_restorable(part: DeletedPart, conference: Conference | None = None, now: dt.datetime | None = None) -> None:
    """Refuse a part that was restored already, whose 30 days are over, or whose place is taken or gone."""
    if part.restored_at is not None:
        raise RestoreRefused("restored")
    if part.deleted_at < _cutoff(now):
        raise RestoreRefused("expired")
    PLACES[part.kind](conference, part)


def restore(part: DeletedPart, conference: Conference | None = None,
            on_conference_restored: Callable[[Conference, dict], None] | None = None) -> editing.Outcome | Conference:
    """Put a deleted part back where it was, with its identities; refused with RestoreRefused.

    Returns the edit's outcome, or the restored conference for a conference (`on_conference_restored` then puts
    back, in the same transaction, what the interfaces kept of their own).
    """
    check_restorable(part, conference)
    if part.kind == "conference":
        return _restore_conference(part, on_conference_restored)
    restorer = {"item": _restore_item, "assignment": _restore_assignment, "day": _restore_day,
                "workshop": _restore_workshop, "entry": _restore_entry}[part.kind]
    return restorer(conference, part)


def _mark_restored(part: DeletedPart) -> None:
    """Record that the part is back (committed with the edit that put it back)."""
    part.restored_at = utcnow()


def _day_by_identity(conference: Conference, identity: str) -> WorkshopDay | None:
    """The day of the conference with this calendar identity."""
    return next((day for workshop in conference.workshops for day in workshop.days if day.identity == identity), None)


def _keyed(conference: Conference, kind: str, key: str | None):
    """The organisation or person a restored assignment names, which must still be in the programme."""
    if key is None:
        return None
    rows = conference.people if kind == "person" else conference.organisations
    row = next((row for row in rows if row.key == key), None)
    if row is None:
        raise RestoreRefused("key_missing", key=key)
    return row


def _assignment(conference: Conference, data: dict, position: int) -> Assignment:
    """An assignment from its document form."""
    return Assignment(position=position, role=AssignmentRole(data["role"]),
                      person=_keyed(conference, "person", data.get("person")),
                      organisation=_keyed(conference, "organisation", data.get("organisation")),
                      tbc=bool(data.get("tbc", False)), organisation_itself=bool(data.get("organisation_itself", False)),
                      note=dict(data.get("note", {})))


def _build_item(conference: Conference, data: dict, parent: AgendaItem | None, position: int,
                built: list[AgendaItem]) -> AgendaItem:
    """An item with its children and assignments from its document form, depth first into `built`."""
    item = AgendaItem(position=position, kind=AgendaItemKind(data["kind"]), duration_minutes=data.get("duration"),
                      title=dict(data["title"]), description=dict(data.get("description", {})), parent=parent,
                      spoken_languages=list(data.get("spoken_languages", [])),
                      interpreted_into=list(data.get("interpreted_into", [])),
                      assignments=[_assignment(conference, entry, index)
                                   for index, entry in enumerate(data.get("assignments", []))])
    built.append(item)
    for index, child in enumerate(data.get("children", [])):
        _build_item(conference, child, item, index, built)
    return item


def _place_item(conference: Conference, part: DeletedPart) -> tuple[WorkshopDay, AgendaItem | None]:
    """The day and section an item goes back into, or a refusal when either is gone."""
    fragment = part.fragment
    day = _day_by_identity(conference, fragment["day_identity"])
    if day is None:
        raise RestoreRefused("day_gone")
    parent = None
    if fragment.get("parent_id") is not None:
        parent = next((item for item in day.items if item.id == fragment["parent_id"]), None)
        if parent is None:
            raise RestoreRefused("section_gone")
    return day, parent


def _restore_item(conference: Conference, part: DeletedPart) -> editing.Outcome:
    """An item back at its place in its day (in its section, if that is still there)."""
    fragment = part.fragment
    day, parent = _place_item(conference, part)
    built: list[AgendaItem] = []
    with editing.editing(conference) as outcome:
        level = editing.siblings(day, parent)
        root = _build_item(conference, fragment["item"], parent, 0, built)
        day.items.extend(built)
        level.insert(min(fragment["position"], len(level)), root)
        for position, item in enumerate(level):
            item.position = position
        _mark_restored(part)
    return outcome


def _place_assignment(conference: Conference, part: DeletedPart):
    """The workshop or item an assignment goes back onto, or a refusal when it is gone."""
    place = part.fragment["owner"]
    if "workshop" in place:
        owner = next((workshop for workshop in conference.workshops if workshop.number == place["workshop"]), None)
        if owner is None:
            raise RestoreRefused("workshop_gone", number=place["workshop"])
    else:
        owner = next((item for workshop in conference.workshops for day in workshop.days for item in day.items
                      if item.id == place["item_id"]), None)
        if owner is None:
            raise RestoreRefused("item_gone")
    return owner


def _restore_assignment(conference: Conference, part: DeletedPart) -> editing.Outcome:
    """An assignment back on its workshop or item, at its place in the list."""
    fragment = part.fragment
    owner = _place_assignment(conference, part)
    with editing.editing(conference) as outcome:
        assignment = _assignment(conference, fragment["assignment"], 0)
        owner.assignments.insert(min(fragment["position"], len(owner.assignments)), assignment)
        for position, remaining in enumerate(owner.assignments):
            remaining.position = position
        _mark_restored(part)
    return outcome


def _identities_taken(identities: list[str], draft: bool = False) -> bool:
    """Whether another day holds one of these calendar identities: any published day, or a day of any draft when
    restoring into a draft (whose days share their identities with the published ones they are copies of)."""
    return bool(identities) and db.session.execute(
        select(WorkshopDay.id).where(WorkshopDay.identity.in_(identities), WorkshopDay.draft.is_(draft))
        .limit(1)).first() is not None


def _build_day(conference: Conference, data: dict, position: int, sequence: int) -> WorkshopDay:
    """A day from its document form with its identity and frab id; SEQUENCE above the one it had."""
    values = {"date": dt.date.fromisoformat(data["date"]), "local_start": dt.time.fromisoformat(data["local_start"]),
              "local_end": dt.time.fromisoformat(data["local_end"]), "zone": data["zone"],
              "ends_next_day": bool(data.get("ends_next_day"))}
    starts_at, ends_at = editing.resolve_window(values)
    day = WorkshopDay(identity=data["identity"], frab_id=data["frab_id"], position=position, zone=data["zone"],
                      starts_at=starts_at, ends_at=ends_at, doors_open_minutes=data.get("doors_open_minutes"),
                      informal_end_minutes=data.get("informal_end_minutes"), label=dict(data.get("label", {})),
                      outcomes=dict(data.get("outcomes", {})), sequence=sequence + 1, updated_at=utcnow(),
                      spoken_languages=list(data.get("spoken_languages", [])),
                      interpreted_into=list(data.get("interpreted_into", [])))
    built: list[AgendaItem] = []
    for index, entry in enumerate(data.get("items", [])):
        _build_item(conference, entry, None, index, built)
    day.items = built
    return day


def _place_day(conference: Conference, part: DeletedPart) -> Workshop:
    """The workshop a day goes back into, or a refusal when it is gone or the day's identity is taken."""
    fragment = part.fragment
    workshop = next((workshop for workshop in conference.workshops if workshop.number == fragment["workshop"]), None)
    if workshop is None:
        raise RestoreRefused("workshop_gone", number=fragment["workshop"])
    if _identities_taken([fragment["day"]["identity"]], conference.is_draft):
        raise RestoreRefused("identity_taken")
    return workshop


def _restore_day(conference: Conference, part: DeletedPart) -> editing.Outcome:
    """A day back in its workshop at its place, with its calendar identity, frab id and agenda."""
    fragment = part.fragment
    workshop = _place_day(conference, part)
    position = min(fragment["position"], len(workshop.days))
    with editing.editing(conference) as outcome:
        day = _build_day(conference, fragment["day"], position, fragment.get("sequence", 0))
        later = [other for other in workshop.days if other.position >= position]
        for other in later:  # park the later days: no two days of a workshop may share a position, even mid-flush
            other.position = -1 - other.position
        db.session.flush()
        for other in later:
            other.position = -other.position
        workshop.days.insert(position, day)
        _mark_restored(part)
    return outcome


def _place_workshop(conference: Conference, part: DeletedPart) -> Platform | None:
    """Refuse a workshop whose number or day identities are taken; its platform, which must still be there."""
    data = part.fragment["workshop"]
    if any(workshop.number == data["number"] for workshop in conference.workshops):
        raise RestoreRefused("number_taken", number=data["number"])
    if _identities_taken([day["identity"] for day in data["days"]], conference.is_draft):
        raise RestoreRefused("identity_taken")
    platform = None
    if data.get("platform") is not None:
        platform = next((row for row in conference.platforms if row.key == data["platform"]), None)
        if platform is None:
            raise RestoreRefused("key_missing", key=data["platform"])
    return platform


def _restore_workshop(conference: Conference, part: DeletedPart) -> editing.Outcome:
    """A workshop back under its number, with its days' identities, frab ids and agendas."""
    data = part.fragment["workshop"]
    sequences = part.fragment.get("sequences", {})
    platform = _place_workshop(conference, part)
    with editing.editing(conference) as outcome:
        bodies = [WorkshopOrganisation(organisation=_keyed(conference, "organisation", key), position=position)
                  for position, key in enumerate(data.get("organisations", []))]
        assignments = [_assignment(conference, entry, index)
                       for index, entry in enumerate(data.get("assignments", []))]
        days = [_build_day(conference, day, position, sequences.get(day["identity"], 0))
                for position, day in enumerate(data["days"])]
        workshop = Workshop(number=data["number"], status=WorkshopStatus(data.get("status", "planned")),
                            capacity=data.get("capacity"), listeners_admitted=data.get("listeners_admitted"),
                            platform=platform, organising_bodies=bodies, assignments=assignments, days=days,
                            **{name: dict(data.get(name, {})) for name in editing.WORKSHOP_TEXTS})
        conference.workshops.append(workshop)
        _mark_restored(part)
    return outcome


def _place_entry(conference: Conference, part: DeletedPart) -> None:
    """Refuse an entry whose key is in use again, or a person whose organisation is gone."""
    collection, data = part.fragment["collection"], part.fragment["entry"]
    if any(row.key == data["key"] for row in getattr(conference, collection)):
        raise RestoreRefused("key_taken", key=data["key"])
    if collection == "people" and data.get("organisation"):
        _keyed(conference, "organisation", data["organisation"])


def _restore_entry(conference: Conference, part: DeletedPart) -> editing.Outcome:
    """An organisation, person or platform back under its key (a platform with its access data)."""
    collection, data = part.fragment["collection"], dict(part.fragment["entry"])
    _place_entry(conference, part)
    values = dict(data)
    if collection == "organisations":
        values["short_name"] = programme_document.short_name_from_document(data.get("short_name"))
    if collection == "platforms":
        values.update(data.get("access", {}))
        values.pop("access", None)
    saver = {"organisations": editing.save_organisation, "people": editing.save_person,
             "platforms": editing.save_platform}[collection]
    _mark_restored(part)
    try:
        saver(conference, values)
    except BaseException:
        db.session.rollback()
        raise
    return editing.Outcome(changes=[Change("entry_added", collection, {"key": data["key"]})])


def _restore_conference(part: DeletedPart, on_restored: Callable[[Conference, dict], None] | None) -> Conference:
    """A deleted conference back under its address, with its identities (and what the interfaces kept)."""
    from confsched.programme.importer import import_document
    from confsched.programme.queries import load_programme

    fragment = part.fragment
    slug = _place_conference(None, part)
    import_document(fragment["document"])
    try:
        conference = load_programme(slug, with_access=True, released=False)
        sequences = fragment.get("sequences", {})
        for workshop in conference.workshops:
            for day in workshop.days:
                day.sequence = max(day.sequence, sequences.get(day.identity, -1) + 1)
        # The public version only goes up, so no cache or ETag from before the delete can match again.
        conference.version = max(conference.version, fragment.get("version", 0) + 1)
        if on_restored is not None:
            on_restored(conference, fragment)
        part.conference_id = conference.id
        _mark_restored(part)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return conference


def _place_conference(_conference: None, part: DeletedPart) -> str:
    """Refuse a conference whose address or day identities are in use again; return its address."""
    slug = part.fragment["document"]["conference"]["slug"]
    if db.session.execute(select(Conference.id).where(*finding(slug, released=False))).first():
        raise RestoreRefused("slug_taken", slug=slug)
    identities = [day["identity"] for workshop in part.fragment["document"].get("workshops", [])
                  for day in workshop["days"] if "identity" in day]
    if _identities_taken(identities):
        raise RestoreRefused("identity_taken")
    return slug


PLACES = {"item": _place_item, "assignment": _place_assignment, "day": _place_day, "workshop": _place_workshop,
          "entry": _place_entry, "conference": _place_conference}


