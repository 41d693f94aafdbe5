"""The day table: a day's agenda as one form of rows (minutes, titles in both languages, kind, speakers).

Reads the submitted rows (``rows-<n>-<field>``), cleans them through the shared field
rules and hands whole rows to ``editing.replace_agenda``; writes a day's items back as
rows, speakers as one line of text. Problems are keyed by the id of the field at fault,
so the page can put the message under it and the focus on it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from confsched.localized import pick
from confsched.organiser import fields
from confsched.programme.agenda_lines import ProposedItem
from confsched.programme.editing import DEFAULT_ITEM_KIND, ItemRow, lay_out_day
from confsched.programme.models import Conference, WorkshopDay
from confsched.programme.problems import Problem, ProgrammeRejected
from confsched.programme.speakers import SpeakerWords, UnknownSpeaker, read_speakers

MAX_ROWS = 500
ROW_FIELD = re.compile(r"rows-(\d{1,4})-(id|depth|duration|title_de|title_tr|kind|speakers)")
TEXT_FIELDS = ("duration", "title_de", "title_tr", "speakers")


@dataclass(frozen=True)
class TableRow:
    """A row as the form shows it: the typed text of each field, the item it stands for and its depth."""

    item_id: int | None = None
    depth: int = 0
    duration: str = ""
    title_de: str = ""
    title_tr: str = ""
    kind: str = DEFAULT_ITEM_KIND.value
    speakers: str = ""
    proposed: bool = False

    @property
    def is_blank(self) -> bool:
        """A new row nobody typed into: the empty row the page offers, left as it was."""
        return self.item_id is None and not any(getattr(self, name).strip() for name in TEXT_FIELDS)


def speakers_text(item, language: str, words: SpeakerWords, placeholder: str, tbc: str) -> str:
    """An item's speakers as the table's line: names, "N.N., organisation", organisations; "(tbc)" where marked."""
    entries = []
    for assignment in item.assignments:
        if assignment.person is not None:
            entry = assignment.person.name
        else:
            name = organisation_name(assignment.organisation, language)
            entry = name if assignment.organisation_itself else f"{placeholder}, {name}"
        entries.append(f"{entry} ({tbc})" if assignment.tbc else entry)
    return "; ".join(entries)


def organisation_name(organisation, language: str) -> str:
    """The organisation's short name, else its name, in the page language (the table reads both back)."""
    return pick(organisation.short_name, language).text or pick(organisation.name, language).text or organisation.key


def rows_of_day(day: WorkshopDay, language: str, words: SpeakerWords, placeholder: str, tbc: str) -> list[TableRow]:
    """The saved agenda as table rows, in agenda order."""
    return [TableRow(item_id=entry.item.id, depth=entry.depth,
                     duration="" if entry.item.duration_minutes is None else str(entry.item.duration_minutes),
                     title_de=entry.item.title.get("de", ""), title_tr=entry.item.title.get("tr", ""),
                     kind=entry.item.kind.value, speakers=speakers_text(entry.item, language, words, placeholder, tbc))
            for entry in lay_out_day(day)]


def rows_of_form(form) -> list[TableRow]:
    """The submitted rows in index order, blank new rows left out."""
    found: dict[int, dict] = {}
    for name in form:
        match = ROW_FIELD.fullmatch(name)
        if match and int(match.group(1)) < MAX_ROWS:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = form.get(name, "")
    rows = []
    for index in sorted(found):
        raw = found[index]
        item_id = raw.get("id", "")
        depth = raw.get("depth", "0")
        rows.append(TableRow(item_id=int(item_id) if item_id.isdigit() and len(item_id) < 12 else None,
                             depth=int(depth) if depth.isdigit() and len(depth) < 3 else 0,
                             duration=raw.get("duration", ""), title_de=raw.get("title_de", ""),
                             title_tr=raw.get("title_tr", ""), kind=raw.get("kind", "") or DEFAULT_ITEM_KIND.value,
                             speakers=raw.get("speakers", "")))
    return [row for row in rows if not row.is_blank]


def field_id(index: int, name: str) -> str:
    """The id (and name) of a row's field in the form."""
    return f"rows-{index}-{name}"


# Where a problem of fields.ITEM's rules goes in a row.
ITEM_FIELDS = {"kind": "kind", "title": "title_de", "duration_minutes": "duration"}


def clean_rows(conference: Conference, rows: list[TableRow], words: SpeakerWords) -> list[ItemRow]:
    """The rows as the domain takes them; ProgrammeRejected with problems located at field ids."""
    cleaned, problems = [], []
    for index, row in enumerate(rows):
        try:
            values = fields.ITEM.clean({"kind": row.kind, "title": {"de": row.title_de, "tr": row.title_tr},
                                        "duration_minutes": row.duration.strip()})
        except ProgrammeRejected as rejection:
            problems += [replace(problem, location=field_id(index, ITEM_FIELDS.get(problem.location, "title_de")))
                         for problem in rejection.problems]
            values = None
        try:
            speakers = read_speakers(row.speakers, conference, words)
        except UnknownSpeaker as unknown:
            problems.append(Problem("unknown_speaker", field_id(index, "speakers"), {"name": unknown.entry[:200]}))
            speakers = None
        if values is not None:
            cleaned.append(ItemRow(row.item_id, row.depth, values, speakers))
    if problems:
        raise ProgrammeRejected(problems)
    return cleaned


def locate(problems: list[Problem], rows: list[TableRow]) -> list[Problem]:
    """Domain problems moved onto the field to fix: a row's title for nesting, its minutes for an overrun."""
    numbers = outline_numbers(rows)
    located = []
    for problem in problems:
        location = problem.location or ""
        row_field = re.fullmatch(r"rows\.(\d+)\.(\w+)", location)
        item = re.search(r"item ([\d.]+)$", location)
        if row_field:
            location = field_id(int(row_field.group(1)), row_field.group(2))
        elif item and item.group(1) in numbers:
            location = field_id(numbers.index(item.group(1)), "duration")
        elif problem.code == "day_overrun" and rows:
            location = field_id(len(rows) - 1, "duration")
        located.append(replace(problem, location=location))
    return located


def outline_numbers(rows: list[TableRow]) -> list[str]:
    """Each row's agenda number ("3", "3.1"), as the day's layout numbers items."""
    numbers, counters = [], []
    for row in rows:
        depth = min(row.depth, len(counters))
        counters = counters[:depth + 1]
        if len(counters) == depth:
            counters.append(0)
        counters[depth] += 1
        numbers.append(".".join(str(counter) for counter in counters[:depth + 1]))
    return numbers


def rows_of_proposals(proposals: list[ProposedItem]) -> list[TableRow]:
    """Pasted lines as rows to review: the title in the language the line was written in."""
    return [TableRow(duration="" if proposal.duration_minutes is None else str(proposal.duration_minutes),
                     title_de=proposal.title if proposal.language == "de" else "",
                     title_tr=proposal.title if proposal.language == "tr" else "",
                     kind=proposal.kind, speakers=proposal.speakers, proposed=True)
            for proposal in proposals]
