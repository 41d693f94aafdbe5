"""What a release changed since the one before, in data a reader's language and zones can word later.

Computed from two programme documents by the identities that never move: workshops by number, days by
identity, items by their title within a day (items have no identity of their own; the same title at another
time is the same item, retimed). Each change names what it is about as it reads to the public (titles per
language, UTC instants, the people and organisations by name), so the changelog, its feed, the preview and
the registrants' emails can say it in German or Turkish with times in any zone. Nothing secret goes in:
access data is not compared.
"""
from __future__ import annotations

import datetime as dt
from itertools import zip_longest

# The kinds of change, in the order a reader wants them: what is gone, what moved, what is new, then details.
KINDS = ("workshop_removed", "workshop_cancelled", "day_removed", "day_moved", "workshop_added", "day_added",
         "workshop_renamed", "workshop_replatformed", "workshop_status", "item_removed", "item_added", "item_retimed",
         "item_renamed", "speaker_confirmed", "speaker_named", "speakers_changed")


def between(before: dict | None, after: dict) -> list[dict]:
    """The changes from one document (None: nothing was released) to the next, most important first."""
    people = _people(after) | _people(before or {})
    organisations = _organisations(after) | _organisations(before or {})
    names = _Names(people, organisations, _platforms(before or {}) | _platforms(after))
    old = {workshop["number"]: workshop for workshop in (before or {}).get("workshops", [])}
    new = {workshop["number"]: workshop for workshop in after.get("workshops", [])}
    changes: list[dict] = []
    for number in sorted(old.keys() | new.keys()):
        if number not in new:
            changes.append(_workshop_change("workshop_removed", old[number]))
        elif number not in old:
            changes.append(_workshop_change("workshop_added", new[number]))
        else:
            changes += _workshop_changes(old[number], new[number], names)
    return sorted(changes, key=lambda change: KINDS.index(change["kind"]))


class _Names:
    """People, organisations and platforms of both documents by key, as a reader sees them."""

    def __init__(self, people: dict, organisations: dict, platforms: dict):
        self.people, self.organisations, self.platforms = people, organisations, platforms

    def assignment(self, entry: dict) -> dict:
        """Who an assignment names: a person by name, an organisation by its names (the person's own when the
        assignment names none), and whether it is confirmed."""
        person = self.people.get(entry.get("person"))
        organisation = entry.get("organisation") or (person or {}).get("organisation")
        return {"person": person["name"] if person else None, "organisation": self.organisations.get(organisation, {}),
                "tbc": bool(entry.get("tbc")), "role": entry["role"]}


def _people(document: dict) -> dict:
    """Each person's name with the academic title, and their organisation's key, by key."""
    return {person["key"]: {"name": " ".join(filter(None, (person.get("academic_title"), person["name"]))),
                            "organisation": person.get("organisation")} for person in document.get("people", [])}


def _organisations(document: dict) -> dict:
    """Each organisation's names per language, by key."""
    return {organisation["key"]: dict(organisation["name"]) for organisation in document.get("organisations", [])}


def _platforms(document: dict) -> dict:
    """Each platform's public name, by key."""
    return {platform["key"]: platform["name"] for platform in document.get("platforms", [])}


def _workshop_change(kind: str, workshop: dict, **values) -> dict:
    """A change about a workshop, naming it by number and title."""
    return {"kind": kind, "workshop": workshop["number"], "title": dict(workshop.get("title", {})), **values}


def _day_change(kind: str, workshop: dict, day: dict, **values) -> dict:
    """A change about a day, naming its workshop, its identity and its window (UTC) in the zone it is held in."""
    return _workshop_change(kind, workshop, day=day["identity"], start=day["start"], end=day["end"], zone=day["zone"],
                            **values)


def _workshop_changes(old: dict, new: dict, names: _Names) -> list[dict]:
    """A kept workshop's renaming, platform, status and days."""
    changes = []
    if old.get("title") != new.get("title"):
        changes.append(_workshop_change("workshop_renamed", new, old_title=dict(old.get("title", {}))))
    if old.get("platform") != new.get("platform"):
        changes.append(_workshop_change("workshop_replatformed", new, old_platform=names.platforms.get(
            old.get("platform")), platform=names.platforms.get(new.get("platform"))))
    old_status, status = old.get("status", "planned"), new.get("status", "planned")
    if old_status != status:
        kind = "workshop_cancelled" if status == "cancelled" else "workshop_status"
        changes.append(_workshop_change(kind, new, old_status=old_status, status=status))
    old_days = {day["identity"]: day for day in old["days"]}
    new_days = {day["identity"]: day for day in new["days"]}
    for identity, day in old_days.items():
        if identity not in new_days:
            changes.append(_day_change("day_removed", new, day))
    for identity, day in new_days.items():
        previous = old_days.get(identity)
        if previous is None:
            changes.append(_day_change("day_added", new, day))
            continue
        if (previous["start"], previous["end"]) != (day["start"], day["end"]):
            changes.append(_day_change("day_moved", new, day, old_start=previous["start"], old_end=previous["end"]))
        changes += _agenda_changes(new, previous, day, names)
    return changes


def _flat(items: list[dict]) -> list[dict]:
    """A day's items depth first, as they are read."""
    flat = []
    for item in items:
        flat.append(item)
        flat += _flat(item.get("children", []))
    return flat


def _key(item: dict) -> tuple:
    """What identifies an item within its day: its title."""
    return tuple(sorted(item.get("title", {}).items()))


def _offset(item: dict, day: dict) -> tuple:
    """An item's place in its day's time: start and end in seconds after the day's start (a moved day moves its items
    with it; only an item whose place in the day changed is retimed)."""
    start_of_day = dt.datetime.fromisoformat(day["start"])
    return tuple(None if item.get(name) is None else (dt.datetime.fromisoformat(item[name]) - start_of_day).total_seconds()
                 for name in ("start", "end"))


def _agenda_changes(workshop: dict, old_day: dict, day: dict, names: _Names) -> list:
    """Items added, removed, retimed or renamed, and speakers changed, on one day."""
    old_items, new_items = _flat(old_day.get("items", [])), _flat(day.get("items", []))
    changes = []
    unmatched_old = list(old_items)
    pairs, added = [], []
    for item in new_items:
        match = next((candidate for candidate in unmatched_old if _key(candidate) == _key(item)), None)
        if match is not None:
            unmatched_old.remove(match)
            pairs.append((match, item))
        else:
            added.append(item)
    # An item renamed keeps its place: pair what is left over position by position, same kind only.
    renamed = []
    for item in list(added):
        match = next((candidate for candidate in unmatched_old if candidate["kind"] == item["kind"]
                      and old_items.index(candidate) == new_items.index(item)), None)
        if match is not None:
            unmatched_old.remove(match)
            added.remove(item)
            renamed.append((match, item))
    context = {"day": day["identity"], "start_of_day": day["start"], "zone": day["zone"]}

    def item_change(kind: str, item: dict, **values) -> dict:
        return _workshop_change(kind, workshop, **context, item=dict(item.get("title", {})), item_start=item.get("start"),
                                item_end=item.get("end"), **values)

    changes += [item_change("item_removed", item) for item in unmatched_old]
    changes += [item_change("item_added", item) for item in added]
    for old, new in renamed:
        changes.append(item_change("item_renamed", new, old_item=dict(old.get("title", {}))))
    for old, new in [*pairs, *renamed]:
        if _offset(old, old_day) != _offset(new, day):
            changes.append(item_change("item_retimed", new, old_start=old.get("start"), old_end=old.get("end")))
        changes += [item_change(kind, new, **values) for kind, values in _speaker_changes(old, new, names)]
    return changes


def _speaker_changes(old: dict, new: dict, names: _Names) -> list[tuple[str, dict]]:
    """How an item's people changed: a "tbc" confirmed, a placeholder (N.N. of an organisation) named, or else
    the whole list as it was and is."""
    before = [names.assignment(entry) for entry in old.get("assignments", [])]
    after = [names.assignment(entry) for entry in new.get("assignments", [])]
    if before == after:
        return []
    changes = []
    if len(before) == len(after):
        for was, now in zip_longest(before, after):
            if was == now:
                continue
            if was["person"] == now["person"] and was["organisation"] == now["organisation"] and was["tbc"] \
                    and not now["tbc"]:
                changes.append(("speaker_confirmed", {"person": now["person"], "organisation": now["organisation"]}))
            elif was["person"] is None and now["person"] is not None and was["organisation"] == now["organisation"]:
                changes.append(("speaker_named", {"person": now["person"], "organisation": now["organisation"],
                                                  "tbc": now["tbc"], "role": now["role"]}))
            else:
                return [("speakers_changed", {"old_speakers": before, "speakers": after})]
        return changes
    return [("speakers_changed", {"old_speakers": before, "speakers": after})]
