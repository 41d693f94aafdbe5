"""Problems as a reader takes them in: each place in words ("Fachworkshop 2, 15. Juni, Punkt 5"), errors before
notes, and a note that repeats across the programme said once with its count.

Problems keep their machine locations (``workshops[1].days[0].items[4].printed[0]`` in documents, ``workshop 2,
day 1, item 5`` in the editor) for the API and logs; this module words them against an outline of the programme.
No Flask: the caller passes gettext and ngettext, and the language for dates.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable

from babel.dates import format_skeleton

from confsched.localized import pick
from confsched.programme.problems import N_, Problem, ngettext

Translate = Callable[[str], str]
TranslatePlural = Callable[[str, str, int], str]

# One repeated note said once: the parameters that differ between its places are left out of the group's message.
GROUP_MESSAGES = {
    "printed_label": (ngettext("{count} time is printed as {label} (UTC{claimed}), but {zone} is on {actual} "
                               "({offset}) then.",
                               "{count} times are printed as {label} (UTC{claimed}), but {zone} is on {actual} "
                               "({offset}) then.", "count"), ("date",)),
}
REPEATED = ngettext("{message} ({count} time)", "{message} ({count} times)", "count")
WORDS = {
    "session": N_("%(label)s %(number)s"),
    "workshop": N_("Workshop %(number)s"),
    "day": N_("Day %(day)s"),
    "item": N_("item %(number)s"),
    "printed": N_("printed in “%(source)s”"),
    "conference": N_("Conference"),
    "organisations": N_("Organisation “%(name)s”"),
    "people": N_("Person “%(name)s”"),
    "platforms": N_("Platform “%(name)s”"),
}
_DOCUMENT_PATH = re.compile(r"(?P<path>[^ ]*)(?: \((?P<source>.*)\))?")
_STEP = re.compile(r"(?P<name>[a-z_]+)(?:\[(?P<index>\d+)\])?")
_EDITOR_PLACE = re.compile(r"workshop (?P<workshop>\d+)(?:, day (?P<day>\d+))?(?:, item (?P<item>[\d.]+))?")


@dataclass(frozen=True)
class Outline:
    """What wording a place needs to know of a programme: its name for workshops, each workshop's number and day
    dates (in document order), and the names of its organisations, people and platforms (in document order)."""

    session_label: dict = field(default_factory=dict)
    workshops: tuple[tuple[int, tuple[dt.date | None, ...]], ...] = ()
    entries: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)

    def entry_name(self, kind: str, key: str, language: str) -> str:
        """An organisation's, person's or platform's name by its key (the key itself for one the outline lacks)."""
        name = self.names.get(kind, {}).get(key)
        text = pick(name, language).text if isinstance(name, dict) else name
        return text or key


def outline_of_document(document: dict) -> Outline:
    """The outline of a programme document (a refused one too: anything malformed is left out)."""
    document = document if isinstance(document, dict) else {}
    conference = document.get("conference") if isinstance(document.get("conference"), dict) else {}
    workshops = []
    for workshop in _list(document.get("workshops")):
        if isinstance(workshop, dict) and isinstance(workshop.get("number"), int):
            workshops.append((workshop["number"], tuple(_date(day.get("date")) if isinstance(day, dict) else None
                                                        for day in _list(workshop.get("days")))))
    entries = {kind: tuple(_entry_name(entry) for entry in _list(document.get(kind)))
               for kind in ("organisations", "people", "platforms")}
    names = {kind: {entry["key"]: _entry_name(entry) for entry in _list(document.get(kind))
                    if isinstance(entry, dict) and isinstance(entry.get("key"), str)}
             for kind in ("organisations", "people", "platforms")}
    label = conference.get("session_label")
    return Outline(label if isinstance(label, dict) else {}, tuple(workshops), entries, names)


def outline_of_conference(conference) -> Outline:
    """The outline of a stored conference, for the editor's problems (which name workshops by number)."""
    workshops = tuple((workshop.number, tuple(day.local_date for day in workshop.days))
                      for workshop in conference.workshops)
    names = {"organisations": {row.key: dict(row.name or {}) for row in conference.organisations},
             "people": {row.key: row.display_name for row in conference.people},
             "platforms": {row.key: row.name for row in conference.platforms}}
    return Outline(dict(conference.session_label or {}), workshops, names=names)


def _list(value) -> list:
    """A JSON list, or nothing."""
    return value if isinstance(value, list) else []


def _date(value) -> dt.date | None:
    """An ISO date, or None when it is not one."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _entry_name(entry) -> dict | str | None:
    """An organisation's names per language, or a person's or platform's name."""
    return entry.get("name") if isinstance(entry, dict) else None


def place_in_words(location: str, outline: Outline, language: str, translate: Translate) -> str:
    """A problem's place as a reader names it: "Fachworkshop 2, 15. Juni, Punkt 5", "Platform “Zoom”"; the machine
    location itself where it names nothing a reader would know (a field of the conference, say)."""
    if not location:
        return ""
    editor = _EDITOR_PLACE.fullmatch(location)
    if editor:
        number = int(editor["workshop"])
        days = dict(outline.workshops).get(number, ())
        return ", ".join(_parts(outline, language, translate, number, days,
                                int(editor["day"]) - 1 if editor["day"] else None, editor["item"]))
    match = _DOCUMENT_PATH.fullmatch(location)
    steps = [_STEP.fullmatch(step) for step in match["path"].split(".")] if match else []
    if not steps or None in steps:
        return location
    first = steps[0]
    name, index = first["name"], first["index"]
    if name == "conference":
        return translate(WORDS["conference"])
    if name in ("organisations", "people", "platforms") and index is not None:
        names = outline.entries.get(name, ())
        entry = names[int(index)] if int(index) < len(names) else None
        entry_name = pick(entry, language).text if isinstance(entry, dict) else entry
        return translate(WORDS[name]) % {"name": entry_name} if entry_name else location
    if name != "workshops" or index is None or int(index) >= len(outline.workshops):
        return location
    number, days = outline.workshops[int(index)]
    day = item = None
    for step in steps[1:]:
        if step["name"] == "days" and step["index"] is not None:
            day = int(step["index"])
        elif step["name"] in ("items", "children") and step["index"] is not None:
            item = f"{item}.{int(step['index']) + 1}" if item else str(int(step["index"]) + 1)
        else:
            break
    parts = _parts(outline, language, translate, number, days, day, item)
    if match["source"] and any(step["name"] == "printed" for step in steps):
        parts.append(translate(WORDS["printed"]) % {"source": match["source"]})
    return ", ".join(parts)


def _parts(outline: Outline, language: str, translate: Translate, number: int, days, day: int | None,
           item: str | None) -> list[str]:
    """The workshop by the programme's own name for it, the day by its date, the item by its agenda number."""
    label = pick(outline.session_label, language).text
    parts = [translate(WORDS["session"]) % {"label": label, "number": number} if label
             else translate(WORDS["workshop"]) % {"number": number}]
    if day is not None:
        date = days[day] if day < len(days) else None
        parts.append(format_skeleton("MMMMd", date, locale=language) if date
                     else translate(WORDS["day"]) % {"day": day + 1})
    if item:
        parts.append(translate(WORDS["item"]) % {"number": item})
    return parts


@dataclass
class ReportLine:
    """One line of a report: a problem, or a note repeated at several places said once."""

    problems: list[Problem]

    @property
    def first(self) -> Problem:
        """The problem that stands for the line."""
        return self.problems[0]

    @property
    def severity(self) -> str:
        """'error' or 'warning'."""
        return self.first.severity

    @property
    def count(self) -> int:
        """At how many places it was found."""
        return len(self.problems)

    @property
    def locations(self) -> list[str]:
        """The machine locations, in the order found."""
        return [problem.location for problem in self.problems]

    def message(self, translate: Translate, translate_plural: TranslatePlural,
                word: Callable[[str, object], object] = lambda name, value: value) -> str:
        """The line's message in the caller's language; a repeated note with its count."""
        if self.count == 1:
            return self.first.message(translate, translate_plural, word)
        grouped = GROUP_MESSAGES.get(self.first.code)
        if grouped:
            text, _left_out = grouped
            params = {name: word(name, value) for name, value in self.first.params.items()}
            return translate_plural(text.singular, text.plural, self.count).format(**params, count=self.count)
        message = self.first.message(translate, translate_plural, word)
        return translate_plural(REPEATED.singular, REPEATED.plural, self.count).format(message=message,
                                                                                        count=self.count)


def report_lines(problems: list[Problem]) -> list[ReportLine]:
    """Errors first, then notes; a note found at several places with the same meaning is one line. Within each,
    single findings come before repeated ones (the one wrong time before thirty labels), each in document order."""
    lines: dict[tuple, ReportLine] = {}
    for problem in problems:
        key = (problem.severity, problem.code, _group_key(problem))
        lines.setdefault(key, ReportLine([])).problems.append(problem)
    ordered = sorted(enumerate(lines.values()), key=lambda pair: (
        pair[1].severity != "error", pair[1].severity != "error" and pair[1].count > 1, pair[0]))
    return [line for _position, line in ordered]


def _group_key(problem: Problem) -> tuple:
    """What a problem says, without the parameters its group leaves out; errors are never grouped."""
    if problem.severity == "error":
        return (problem.location, repr(sorted(problem.params.items())))
    left_out = GROUP_MESSAGES.get(problem.code, (None, ()))[1]
    return tuple(sorted((name, repr(value)) for name, value in problem.params.items() if name not in left_out))

