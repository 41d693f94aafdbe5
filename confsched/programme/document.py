"""The programme document: one JSON file per conference, for export, import, backup and the demo.

Export is deterministic (fixed key order, empty fields left out), so that
export → import → export gives byte-identical files. Derived UTC times are
written for readers and checked, never trusted, on import. Each day carries its
identity and frab id, so calendars and conference apps keep naming it the same
way through re-imports and a restore into another database.
"""
from __future__ import annotations

import json
from pathlib import Path

from confsched import timeengine
from confsched.localized import CONTENT_LANGUAGES
from confsched.programme.models import DEFAULT_REMINDER_MINUTES
from confsched.programme.schedule import lay_out_day

FORMAT = "confsched-programme"
VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("programme.schema.json")


def load_schema() -> dict:
    """The shipped JSON Schema of the programme document."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def dumps(document: dict) -> str:
    """Serialise a document the one way confsched writes it: UTF-8 text, 2-space indent, final newline."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def utc_iso(instant) -> str:
    """An instant as ISO 8601 UTC with a Z, e.g. 2020-06-15T07:30:00Z."""
    return timeengine.as_utc(instant).strftime("%Y-%m-%dT%H:%M:%SZ")


def _compact(mapping: dict) -> dict:
    """Leave out empty values, so a round trip never turns 'absent' into 'empty'."""
    return {key: value for key, value in mapping.items() if isinstance(value, _Kept) or value not in (None, "", [], {})}


def _texts(texts: dict | None) -> dict:
    """A localized text with languages in a fixed order and blanks removed."""
    return {language: texts[language] for language in sorted(texts or {}) if texts[language]}


def export_document(conference, include_access: bool = False) -> dict:
    """The whole conference as a programme document; access data only when asked for."""
    return _compact(
        {
            "format": FORMAT,
            "version": VERSION,
            "last_frab_id": conference.last_frab_id or None,
            "conference": _export_conference(conference),
            "organisations": [_export_organisation(organisation) for organisation in _by_key(conference.organisations)],
            "people": [_export_person(person) for person in _by_key(conference.people)],
            "platforms": [_export_platform(platform, include_access) for platform in _by_key(conference.platforms)],
            "workshops": [
                export_workshop(workshop) for workshop in sorted(conference.workshops, key=lambda w: w.number)
            ],
        }
    )


def export_part(conference, workshops, include_access: bool = False) -> dict:
    """The conference with only these workshops and the organisations, people and platforms that they and the
    conference refer to: a document that validates on its own, at the cost of those workshops."""
    organisations = {link.organisation for link in conference.organisers}
    people, platforms = set(), set()
    for workshop in workshops:
        organisations.update(workshop.organisations)
        if workshop.platform is not None:
            platforms.add(workshop.platform)
        owners = [workshop, *(item for day in workshop.days for item in day.items)]
        for assignment in (assignment for owner in owners for assignment in owner.assignments):
            if assignment.person is not None:
                people.add(assignment.person)
            if assignment.organisation is not None:
                organisations.add(assignment.organisation)
    organisations.update(person.organisation for person in people if person.organisation is not None)
    return _compact(
        {
            "format": FORMAT,
            "version": VERSION,
            "last_frab_id": conference.last_frab_id or None,
            "conference": _export_conference(conference),
            "organisations": [_export_organisation(organisation) for organisation in _by_key(organisations)],
            "people": [_export_person(person) for person in _by_key(people)],
            "platforms": [_export_platform(platform, include_access) for platform in _by_key(platforms)],
            "workshops": [export_workshop(workshop) for workshop in sorted(workshops, key=lambda w: w.number)],
        }
    )


def _by_key(rows) -> list:
    """Rows in key order, however the session happens to hold them."""
    return sorted(rows, key=lambda row: row.key)


def _export_conference(conference) -> dict:
    """The conference's own fields."""
    return _compact(
        {
            "slug": conference.slug,
            "title": _texts(conference.title),
            "subtitle": _texts(conference.subtitle),
            "description": _texts(conference.description),
            "goals": _texts(conference.goals),
            "format_notes": _texts(conference.format_notes),
            "start_date": conference.start_date.isoformat() if conference.start_date else None,
            "end_date": conference.end_date.isoformat() if conference.end_date else None,
            "reference_zones": list(conference.reference_zones),
            "languages": list(conference.languages),
            "default_language": conference.default_language,
            "interpretation": conference.interpretation,
            "session_label": _texts(conference.session_label),
            "reminder_minutes": _reminders(conference.reminder_minutes),
            "embed_origins": list(conference.embed_origins or []),
            "organisers": [
                {"organisation": link.organisation.key, "role": link.role.value} for link in conference.organisers
            ],
        }
    )


def _reminders(minutes: list) -> list | None:
    """The reminder offsets, left out when they are the default; an empty list (switched off) is written."""
    return None if list(minutes) == list(DEFAULT_REMINDER_MINUTES) else _Kept(minutes)


class _Kept(list):
    """A list _compact keeps even when it is empty, because empty means something other than absent."""


def short_name_for_document(short_name: dict | None):
    """A short name as the document writes it: one string when every language has the same, else per language."""
    values = {language: text for language, text in (short_name or {}).items() if text}
    if not values:
        return None
    if len(set(values.values())) == 1 and set(values) == set(CONTENT_LANGUAGES):
        return next(iter(values.values()))
    return values


def short_name_from_document(value) -> dict:
    """A document's short name per language: one string stands for every language, an object names each."""
    if isinstance(value, str):
        return {language: value for language in CONTENT_LANGUAGES} if value.strip() else {}
    return {language: text for language, text in (value or {}).items() if text}


def _export_organisation(organisation) -> dict:
    """One organisation."""
    return _compact(
        {
            "key": organisation.key,
            "short_name": short_name_for_document(organisation.short_name),
            "name": _texts(organisation.name),
            "city": organisation.city,
            "country": organisation.country,
        }
    )


def _export_person(person) -> dict:
    """One person, spelled as stored."""
    return _compact(
        {
            "key": person.key,
            "name": person.name,
            "academic_title": person.academic_title,
            "function": _texts(person.function),
            "organisation": person.organisation.key if person.organisation else None,
            "city": person.city,
        }
    )


def _export_platform(platform, include_access: bool) -> dict:
    """One platform; its secret access data only in private exports."""
    exported = {
        "key": platform.key,
        "name": platform.name,
        "kind": platform.kind.value,
        "street_address": platform.street_address,
        "postcode": platform.postcode,
        "city": platform.city,
        "country": platform.country,
        "room": platform.room,
        "accessibility": _texts(platform.accessibility),
        "online_name": platform.online_name,
        "interpretation_channels": _texts(platform.interpretation_channels),
        "listener_limit": platform.listener_limit,
    }
    if include_access and platform.access is not None:
        access = platform.access
        exported["access"] = _compact(
            {
                "join_url": access.join_url,
                "meeting_id": access.meeting_id,
                "passcode": access.passcode,
                "instructions": _texts(access.instructions),
            }
        )
    return _compact(exported)


def _export_assignments(assignments) -> list[dict]:
    """People and placeholders in their roles, in order."""
    return [
        _compact(
            {
                "role": assignment.role.value,
                "person": assignment.person.key if assignment.person else None,
                "organisation": assignment.organisation.key if assignment.organisation else None,
                "tbc": assignment.tbc or None,
                "organisation_itself": assignment.organisation_itself or None,
                "note": _texts(assignment.note),
            }
        )
        for assignment in assignments
    ]


def export_workshop(workshop) -> dict:
    """One workshop with its days and agendas."""
    return _compact(
        {
            "number": workshop.number,
            "title": _texts(workshop.title),
            "subtitle": _texts(workshop.subtitle),
            "background": _texts(workshop.background),
            "goals": _texts(workshop.goals),
            "format_notes": _texts(workshop.format_notes),
            "organisations": [organisation.key for organisation in workshop.organisations],
            "platform": workshop.platform.key if workshop.platform else None,
            "capacity": workshop.capacity,
            "listeners_admitted": workshop.listeners_admitted,
            "status": workshop.status.value,
            "assignments": _export_assignments(workshop.assignments),
            "days": [_export_day(day) for day in workshop.days],
        }
    )


def _export_day(day) -> dict:
    """One workshop day: the window as entered, the derived UTC window, and the agenda."""
    local_start = timeengine.to_zone(day.starts_at, day.zone)
    local_end = timeengine.to_zone(day.ends_at, day.zone)
    timed_items = lay_out_day(day)
    return _compact(
        {
            "identity": day.identity,
            "frab_id": day.frab_id,
            "date": local_start.date().isoformat(),
            "zone": day.zone,
            "local_start": local_start.strftime("%H:%M"),
            "local_end": local_end.strftime("%H:%M"),
            "ends_next_day": local_end.date() > local_start.date() or None,
            "doors_open_minutes": day.doors_open_minutes,
            "informal_end_minutes": day.informal_end_minutes,
            "start": utc_iso(day.starts_at),
            "end": utc_iso(day.ends_at),
            "doors_open": utc_iso(day.doors_open_at) if day.doors_open_at else None,
            "informal_end": utc_iso(day.informal_end_at) if day.informal_end_at else None,
            "label": _texts(day.label),
            "outcomes": _texts(day.outcomes),
            "spoken_languages": list(day.spoken_languages or []),
            "interpreted_into": list(day.interpreted_into or []),
            "items": _nest(timed_items),
        }
    )


def _nest(timed_items) -> list[dict]:
    """Turn the flat, depth-annotated agenda back into nested items."""
    roots: list[dict] = []
    stack: list[tuple[int, list]] = [(-1, roots)]
    for entry in timed_items:
        while stack[-1][0] >= entry.depth:
            stack.pop()
        exported = _export_item(entry)
        stack[-1][1].append(exported)
        exported["children"] = []
        stack.append((entry.depth, exported["children"]))
    _drop_empty_children(roots)
    return roots


def _drop_empty_children(items: list[dict]) -> None:
    """Leave out empty child lists, as _compact does for other fields."""
    for item in items:
        if item["children"]:
            _drop_empty_children(item["children"])
        else:
            del item["children"]


def _export_item(entry) -> dict:
    """One agenda item with its derived UTC times (when it has them)."""
    item = entry.item
    return _compact(
        {
            "kind": item.kind.value,
            "title": _texts(item.title),
            "description": _texts(item.description),
            "duration": item.duration_minutes,
            "spoken_languages": list(item.spoken_languages or []),
            "interpreted_into": list(item.interpreted_into or []),
            "assignments": _export_assignments(item.assignments),
            "start": utc_iso(entry.start) if entry.start else None,
            "end": utc_iso(entry.end) if entry.end else None,
        }
    )
