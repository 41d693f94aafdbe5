"""The conference's keyed lists: organisations, people and platforms, and the rules for changing them (no commit).

``confsched.programme.editing`` runs these inside one checked, tracked edit.
"""
from __future__ import annotations

from confsched.programme import interpretation, places
from confsched.programme.models import (
    Conference,
    ConferenceOrganiser,
    Organisation,
    OrganiserRole,
    Person,
    Platform,
    PlatformAccess,
    PlatformKind,
)
from confsched.programme.problems import Problem, ProgrammeRejected, reject

ACCESS_FIELDS = ("join_url", "meeting_id", "passcode", "instructions")
PLACE_FIELDS = ("street_address", "postcode", "city", "country", "room", "accessibility", "online_name")


def _lists(conference: Conference) -> dict:
    """The conference's keyed lists by kind."""
    return {"organisation": conference.organisations, "person": conference.people, "platform": conference.platforms}


def _keyed(rows, key: str):
    """The row with that key, or None."""
    return next((row for row in rows if row.key == key), None)


def resolve(conference: Conference, kind: str, key: str | None, location: str):
    """The organisation, person or platform a key names in this conference, or a refusal."""
    if key is None:
        return None
    row = _keyed(_lists(conference)[kind], key)
    if row is None:
        raise reject("unknown_reference", location, key=key, kind=kind)
    return row


def find_entry(conference: Conference, kind: str, key: str):
    """An organisation, person or platform by key, or a refusal."""
    row = _keyed(_lists(conference)[kind], key)
    if row is None:
        raise reject("not_found", "key", kind=kind)
    return row


def claim_key(rows, key: str | None, current=None) -> None:
    """Refuse a key another row of the same list already has."""
    if key is not None and any(row.key == key and row is not current for row in rows):
        raise reject("duplicate_key", "key", key=key)


def apply_organisation(conference: Conference, values: dict, organisation: Organisation | None) -> Organisation:
    """Create an organisation in the conference, or change one."""
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


def apply_person(conference: Conference, values: dict, person: Person | None, organisation) -> Person:
    """Create a person in the conference, or change one; names are kept exactly as typed."""
    if person is None:
        person = Person(key=values["key"], name=values["name"])
        conference.people.append(person)
    for name in ("key", "name", "academic_title", "function", "city"):
        if name in values:
            setattr(person, name, values[name])
    if "organisation" in values:
        person.organisation = organisation
    return person


def apply_platform(conference: Conference, values: dict, platform: Platform | None) -> Platform:
    """Create a platform in the conference, or change one, with its secret access data."""
    if platform is None:
        platform = Platform(key=values["key"], name=values["name"], kind=PlatformKind(values["kind"]))
        platform.access = None
        conference.platforms.append(platform)
    for name in ("key", "name", "listener_limit", "interpretation_channels", *PLACE_FIELDS):
        if name in values:
            setattr(platform, name, values[name])
    interpretation.refuse(interpretation.channel_problems(platform.interpretation_channels, conference.languages))
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


def check_unused(conference: Conference, row) -> None:
    """Refuse to remove an entry the programme still refers to."""
    count = uses_of(conference, row)
    if count:
        raise reject("still_used", "key", key=row.key, count=count)


def remove_entry(conference: Conference, row) -> None:
    """Take an organisation, person or platform off its list."""
    collection = {Organisation: conference.organisations, Person: conference.people,
                  Platform: conference.platforms}[type(row)]
    collection.remove(row)
