"""The speakers of an agenda item written as one line of text, as the day table shows and takes them.

"Sabine Drees; N.N., Stadt Antalya (tbc); Plattform-Dienstleister": entries are separated
by semicolons; an entry names a person of the conference (what follows a comma is her
organisation, for the reader only), "N.N." and an organisation (its person not known yet),
or an organisation that takes the part itself. "(tbc)" marks an entry as not confirmed.
The words for N.N. and tbc come from the caller, in every language it accepts; no Flask here.
The write API names the same speakers by key instead (``speakers_by_key``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from confsched.extensions import db
from confsched.programme.models import Conference, Organisation, Person
from confsched.programme.problems import Problem, ProgrammeRejected

MAX_SPEAKERS = 20


@dataclass(frozen=True)
class Speaker:
    """Who an entry names: a person, an organisation whose person is not known yet, or an organisation itself."""

    person: Person | None = None
    organisation: Organisation | None = None
    organisation_itself: bool = False
    tbc: bool = False


@dataclass(frozen=True)
class SpeakerWords:
    """The words an entry may use for N.N. and tbc, in every language (lower case)."""

    placeholder: tuple[str, ...] = ("n.n.", "nn", "n.n")
    tbc: tuple[str, ...] = ("tbc",)


class UnknownSpeaker(ValueError):
    """An entry that names nobody in the conference."""

    def __init__(self, entry: str):
        self.entry = entry
        super().__init__(entry)


def _folded(text: str) -> str:
    """Text compared without case and extra spaces (Turkish dotted and dotless i compare as typed)."""
    return " ".join(text.split()).casefold()


def read_speakers(text: str | None, conference: Conference, words: SpeakerWords = SpeakerWords()) -> list[Speaker]:
    """The speakers a line names, in order; UnknownSpeaker for the first entry that names nobody."""
    entries = [entry.strip() for entry in (text or "").split(";") if entry.strip()]
    if len(entries) > MAX_SPEAKERS:
        raise UnknownSpeaker(entries[MAX_SPEAKERS])
    return [read_entry(entry, conference, words) for entry in entries]


def read_entry(entry: str, conference: Conference, words: SpeakerWords = SpeakerWords()) -> Speaker:
    """One entry: a person, N.N. of an organisation, or an organisation itself; tbc when marked."""
    tbc = False
    marker = re.search(r"\(\s*([^()]*)\s*\)\s*$", entry)
    if marker and _folded(marker.group(1)).rstrip(".") in {word.rstrip(".") for word in words.tbc}:
        tbc, entry = True, entry[:marker.start()].strip()
    name, _comma, rest = entry.partition(",")
    if _folded(name) in words.placeholder:
        organisation = find_organisation(rest, conference)
        if organisation is None:
            raise UnknownSpeaker(entry)
        return Speaker(organisation=organisation, tbc=tbc)
    person = find_person(name, conference)
    if person is not None:
        return Speaker(person=person, tbc=tbc)
    organisation = find_organisation(entry, conference) or find_organisation(name, conference)
    if organisation is None:
        raise UnknownSpeaker(entry)
    return Speaker(organisation=organisation, organisation_itself=True, tbc=tbc)


def find_person(name: str, conference: Conference) -> Person | None:
    """The person of the conference with that name (with or without academic title) or key."""
    wanted = _folded(name)
    if not wanted:
        return None
    return next((person for person in conference.people
                 if wanted in (_folded(person.name), _folded(person.display_name), person.key)), None)


def find_organisation(name: str, conference: Conference) -> Organisation | None:
    """The organisation of the conference with that key, short name or name in any language."""
    wanted = _folded(name)
    if not wanted:
        return None
    for organisation in conference.organisations:
        names = {organisation.key, *map(_folded, (organisation.short_name or {}).values()),
                 *map(_folded, (organisation.name or {}).values())}
        if wanted in names:
            return organisation
    return None


def speakers_by_key(conference: Conference, rows: list[list[dict] | None]) -> list[list[Speaker] | None]:
    """Each row's speakers from entries naming keys ({"person"} or {"organisation", "organisation_itself"}, with
    "tbc"), looked up in two statements whatever the conference's size; None (keep a row's speakers) stays None.
    Refused with every key that names nobody, located as ``rows.<index>.speakers.<n>.<field>``."""
    wanted = {name: {entry[name] for entries in rows for entry in entries or () if name in entry}
              for name in ("person", "organisation")}
    found = {name: _by_key(conference, model, wanted[name])
             for name, model in (("person", Person), ("organisation", Organisation))}
    problems, result = [], []
    for index, entries in enumerate(rows):
        if entries is None:
            result.append(None)
            continue
        speakers = []
        for number, entry in enumerate(entries):
            name = "person" if "person" in entry else "organisation"
            row = found[name].get(entry[name])
            if row is None:
                problems.append(Problem("unknown_reference", f"rows.{index}.speakers.{number}.{name}",
                                        {"key": entry[name], "kind": name}))
                continue
            speakers.append(Speaker(person=row if name == "person" else None,
                                    organisation=row if name == "organisation" else None,
                                    organisation_itself=name == "organisation" and bool(entry.get("organisation_itself")),
                                    tbc=bool(entry.get("tbc"))))
        result.append(speakers)
    if problems:
        raise ProgrammeRejected(problems)
    return result


def _by_key(conference: Conference, model, keys: set[str]) -> dict:
    """The conference's people or organisations with these keys, by key (no statement for none)."""
    if not keys:
        return {}
    return {row.key: row for row in db.session.execute(
        select(model).where(model.conference_id == conference.id, model.key.in_(keys))).scalars()}
