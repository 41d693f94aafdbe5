"""What changed between two versions of a programme document: for reports, history and SEQUENCE."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from confsched.programme.problems import N_

CHANGE_MESSAGES = {
    "conference_created": N_("The conference “{slug}” will be created."),
    "conference_changed": N_("Conference fields changed: {fields}."),
    "entry_added": N_("Added: {key}."),
    "entry_removed": N_("Removed: {key}."),
    "entry_changed": N_("Changed: {key}."),
    "workshop_added": N_("Workshop {number} added."),
    "workshop_removed": N_("Workshop {number} removed."),
    "workshop_changed": N_("Workshop {number}: changed {fields}."),
    "day_added": N_("Workshop {number}: day {day} added ({date} {start}–{end}, {zone})."),
    "day_removed": N_("Workshop {number}: day {day} removed."),
    "day_moved": N_("Workshop {number}, day {day}: time {old} → {new}."),
    "agenda_changed": N_("Workshop {number}, day {day}: agenda changed."),
    "release_published": N_("Release {number} published."),
}
# Past tense where the history tells what an import report announces.
HISTORY_MESSAGES = {
    "conference_created": N_("The conference “{slug}” was created."),
}

# Fields whose change makes calendars treat an event as rescheduled (RFC 5546 SEQUENCE).
CALENDAR_FIELDS = ("title", "platform", "status")
# Platform fields calendars show as a day's LOCATION.
PLATFORM_LOCATION_FIELDS = ("name", "kind", "street_address", "postcode", "city", "country", "room")


@dataclass(frozen=True)
class Change:
    """One difference between the stored programme and the new one."""

    code: str
    location: str
    params: dict = field(default_factory=dict)

    def message(self, translate: Callable[[str], str] = lambda text: text,
                word: Callable[[str, object], object] = lambda name, value: value, done: bool = False) -> str:
        """The change in the language `translate` speaks, each value worded by `word` (name, value); `done` tells a
        change that happened (history) rather than one a report announces."""
        template = (HISTORY_MESSAGES.get(self.code) if done else None) or CHANGE_MESSAGES[self.code]
        return translate(template).format(**{name: word(name, value) for name, value in self.params.items()})


def diff_documents(before: dict | None, after: dict) -> list[Change]:
    """The changes from one document to the next, in reading order."""
    if before is None:
        return [Change("conference_created", "conference", {"slug": after["conference"]["slug"]})]
    changes: list[Change] = []
    # A document of some workshops only (an edit confined to them) has no conference part to compare.
    changed_fields = _changed_fields(before.get("conference", {}), after.get("conference", {}))
    if changed_fields:
        changes.append(Change("conference_changed", "conference", {"fields": ", ".join(changed_fields)}))
    for kind in ("organisations", "people", "platforms"):
        changes += _diff_keyed(kind, before.get(kind, []), after.get(kind, []))
    old = {workshop["number"]: workshop for workshop in before.get("workshops", [])}
    new = {workshop["number"]: workshop for workshop in after.get("workshops", [])}
    for number in sorted(old.keys() | new.keys()):
        location = f"workshop {number}"
        if number not in new:
            changes.append(Change("workshop_removed", location, {"number": number}))
        elif number not in old:
            changes.append(Change("workshop_added", location, {"number": number}))
        else:
            changes += _diff_workshop(number, old[number], new[number])
    return changes


def _changed_fields(old: dict, new: dict, ignore: tuple[str, ...] = ()) -> list[str]:
    """Names of top-level fields that differ."""
    return sorted(name for name in old.keys() | new.keys() if name not in ignore and old.get(name) != new.get(name))


def _diff_keyed(kind: str, old_entries: list[dict], new_entries: list[dict]) -> list[Change]:
    """Added, removed and changed entries of a keyed list."""
    old = {entry["key"]: entry for entry in old_entries}
    new = {entry["key"]: entry for entry in new_entries}
    changes = []
    for key in sorted(old.keys() | new.keys()):
        code = "entry_added" if key not in old else "entry_removed" if key not in new else (
            "entry_changed" if old[key] != new[key] else None)
        if code:
            changes.append(Change(code, kind, {"key": key}))
    return changes


def _diff_workshop(number: int, old: dict, new: dict) -> list[Change]:
    """Field, day and agenda changes of one workshop."""
    location = f"workshop {number}"
    changes = []
    fields = _changed_fields(old, new, ignore=("days",))
    if fields:
        changes.append(Change("workshop_changed", location, {"number": number, "fields": ", ".join(fields)}))
    old_days, new_days = old["days"], new["days"]
    for old_position, position in same_days(old_days, new_days):
        if position is None:
            changes.append(Change("day_removed", location, {"number": number, "day": old_position + 1}))
        elif old_position is None:
            added = new_days[position]
            changes.append(Change("day_added", location, {
                "number": number, "day": position + 1, "date": added["date"], "start": added["local_start"],
                "end": added["local_end"], "zone": added["zone"]}))
        else:
            changes += _diff_day(number, position + 1, old_days[old_position], new_days[position])
    return changes


def same_days(old_days: list[dict], new_days: list[dict]) -> list[tuple[int | None, int | None]]:
    """(old position, new position) of every day of a workshop, paired by identity (by position in documents without
    one); None on the side where the day does not exist, and a removed day before the one that took its place."""
    old_positions = {day.get("identity", position): position for position, day in enumerate(old_days)}
    pairs = [(old_positions.pop(day.get("identity", position), None), position)
             for position, day in enumerate(new_days)]
    pairs += [(position, None) for position in old_positions.values()]
    return sorted(pairs, key=lambda pair: (pair[0] if pair[1] is None else pair[1], pair[1] is not None))


def _diff_day(number: int, day: int, old: dict, new: dict) -> list[Change]:
    """Time and agenda changes of one day."""
    location = f"workshop {number}, day {day}"
    changes = []
    if (old["start"], old["end"]) != (new["start"], new["end"]):
        changes.append(Change("day_moved", location, {"number": number, "day": day, "old": _window(old), "new": _window(new)}))
    agenda_fields = ("label", "outcomes", "spoken_languages", "interpreted_into")
    if _without_times(old) != _without_times(new) or any(old.get(name) != new.get(name) for name in agenda_fields):
        changes.append(Change("agenda_changed", location, {"number": number, "day": day}))
    return changes


def _window(day: dict) -> str:
    """A day's window as entered, e.g. '2020-06-15 09:30–11:30 Europe/Berlin'."""
    return f"{day['date']} {day['local_start']}–{day['local_end']} {day['zone']}"


def _without_times(day: dict) -> list:
    """A day's items without their derived times, to tell real agenda edits from a moved day."""
    def strip(items):
        return [{key: (strip(value) if key == "children" else value) for key, value in item.items()
                 if key not in ("start", "end")} for item in items]
    return strip(day.get("items", []))


def calendar_relevant_days(before: dict | None, after: dict) -> tuple[set, set]:
    """Days (by workshop number and position) whose calendar event changed significantly, and those changed at all.

    A platform renamed or given another address changes the LOCATION of every day held on it.
    """
    significant, touched = set(), set()
    old = {workshop["number"]: workshop for workshop in (before or {}).get("workshops", [])}
    relocated = _changed_platforms(before, after, PLATFORM_LOCATION_FIELDS)
    for workshop in after.get("workshops", []):
        previous = old.get(workshop["number"])
        if previous is None:
            continue
        # A day added or removed changes the others' titles ("day 1 of 2", or a label only multi-day workshops show).
        workshop_fields_changed = (any(previous.get(name) != workshop.get(name) for name in CALENDAR_FIELDS)
                                   or len(previous["days"]) != len(workshop["days"]))
        for old_position, position in same_days(previous["days"], workshop["days"]):
            if old_position is None or position is None:
                continue
            key = (workshop["number"], position)
            old_day, day = previous["days"][old_position], workshop["days"][position]
            # A day that changes places changes its title ("day 1 of 2") like a new label does.
            if (workshop_fields_changed or workshop.get("platform") in relocated or old_day.get("label") != day.get("label")
                    or old_position != position or (old_day["start"], old_day["end"]) != (day["start"], day["end"])):
                significant.add(key)
            if old_day != day or _changed_fields(previous, workshop, ignore=("days",)):
                touched.add(key)
    return significant, touched


def access_changed_days(before: dict | None, after: dict) -> set:
    """Days (by workshop number and position) held on a platform whose access data changed (private documents only);
    its interpretation channels count, as the access emails name them."""
    changed = _changed_platforms(before, after, ("access", "interpretation_channels"))
    old_numbers = {workshop["number"] for workshop in (before or {}).get("workshops", [])}
    return {(workshop["number"], position) for workshop in after.get("workshops", [])
            if workshop["number"] in old_numbers and workshop.get("platform") in changed
            for position in range(len(workshop["days"]))}


def _changed_platforms(before: dict | None, after: dict, names: tuple[str, ...]) -> set[str]:
    """Keys of platforms in both documents whose given fields differ."""
    old = {platform["key"]: platform for platform in (before or {}).get("platforms", [])}
    return {platform["key"] for platform in after.get("platforms", []) if platform["key"] in old
            and any(old[platform["key"]].get(name) != platform.get(name) for name in names)}
