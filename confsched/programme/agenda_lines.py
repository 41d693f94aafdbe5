"""Read a pasted block of agenda lines ("10 Min. Begrüßung – Sabine Drees, DST") into proposed items.

One proposal per non-blank line, whatever the line holds: the organiser reviews every
proposal in the day table before anything is saved, so a line this module cannot read
becomes a proposal with its whole text as the title and a note saying what is missing,
never a line that disappears. No Flask here, and nothing here raises on any input.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from confsched.programme.models import AgendaItemKind
from confsched.programme.schedule import MAX_DURATION_MINUTES

# "10 Min.", "10 Minuten", "10 min", "10'", "10 dk.", "10 dakika", "10 dk" ; the unit tells the language.
_UNITS = {"min": "de", "min.": "de", "minute": "de", "minuten": "de", "minutes": "de", "mins": "de", "'": "de",
          "dk": "tr", "dk.": "tr", "dak": "tr", "dak.": "tr", "dakika": "tr"}
_DURATION = re.compile(r"(?P<number>\d{1,6})\s*(?P<unit>min(?:uten|utes|ute|s)?\.?|dk\.?|dak(?:ika)?\.?|')(?!\w)",
                       re.IGNORECASE)
_LEADING_DURATION = re.compile(r"^\s*\(?" + _DURATION.pattern + r"\)?[\s:,;–—-]*", re.IGNORECASE)
_TRAILING_DURATION = re.compile(r"[\s,;(–—-]*" + _DURATION.pattern + r"\)?\s*$", re.IGNORECASE)
# Printed start times a copied programme table begins with: "09:40 (CET) / 10:40 (TRT)".
_PRINTED_TIMES = re.compile(r"^\s*(?:\d{1,2}[:.]\d{2}\s*(?:\([^)]{1,12}\))?\s*/?\s*)+")
# The title and the speakers are separated by a dash with spaces around it (a hyphen inside a word is no separator).
_SEPARATOR = re.compile(r"\s+[–—-]\s+")

# Words in a title that say what kind of slot it is, in German and Turkish (lower case), first match wins.
KIND_WORDS = (
    (AgendaItemKind.technical_introduction, ("technisch", "teknik")),
    (AgendaItemKind.break_, ("pause", "mola", "ara ")),
    (AgendaItemKind.welcome, ("begrüßung", "grußwort", "selamlama", "açılış", "hoş geldiniz")),
    (AgendaItemKind.practice_example, ("praxisbeispiel", "uygulama örne")),
    (AgendaItemKind.discussion, ("diskussion", "tartışma")),
    (AgendaItemKind.summary, ("zusammenfassung", "schlusswort", "özet", "kapanış")),
    (AgendaItemKind.impulse_talk, ("impuls",)),
    (AgendaItemKind.working_block, ("arbeitsblock", "çalışma bloğu")),
    (AgendaItemKind.introduction, ("einführung", "giriş")),
)


@dataclass(frozen=True)
class ProposedItem:
    """What one pasted line proposes: a duration, a title in the language the line is written in, and speakers."""

    line_number: int
    source: str
    language: str
    title: str
    duration_minutes: int | None
    kind: str
    speakers: str
    notes: tuple[str, ...] = field(default_factory=tuple)


def read_lines(text: str, default_language: str = "de") -> list[ProposedItem]:
    """One proposal for every non-blank line of `text`, in order; notes name what a line did not say."""
    if not isinstance(text, str):
        return []
    proposals = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            proposals.append(read_line(line, number, default_language))
    return proposals


def read_line(line: str, line_number: int = 1, default_language: str = "de") -> ProposedItem:
    """The proposal of one line; its whole text survives in `source`, and in the title when nothing else is found."""
    source = line.strip()
    if "\t" in source:
        rest, duration, unit = _from_columns(source)
    else:
        rest, duration, unit = _take_duration(source)
    language = _UNITS.get(unit.lower(), default_language) if unit else default_language
    rest = _PRINTED_TIMES.sub("", rest).strip() or rest
    title, speakers = _split_speakers(rest)
    notes = []
    if duration is None:
        notes.append("no_duration")
    elif not 1 <= duration <= MAX_DURATION_MINUTES:
        notes.append("duration_range")
        duration = None
    if not title:
        title, speakers = source, ""
        notes.append("no_title")
    return ProposedItem(line_number=line_number, source=source, language=language, title=title,
                        duration_minutes=duration, kind=guess_kind(title).value, speakers=speakers,
                        notes=tuple(notes))


def _take_duration(line: str) -> tuple[str, int | None, str]:
    """The line without its leading or trailing duration, the minutes and the unit as written."""
    for pattern in (_LEADING_DURATION, _TRAILING_DURATION):
        found = pattern.search(line)
        if found:
            rest = (line[:found.start()] + " " + line[found.end():]).strip()
            return rest, int(found.group("number")), found.group("unit")
    return line, None, ""


def _from_columns(line: str) -> tuple[str, int | None, str]:
    """A row copied from a table ("09:40 (CET) / 10:40 (TRT)<tab>Title<tab>Speaker<tab>10 Min."): the duration is the
    cell that holds one, the title and speakers are the other cells after the printed times."""
    cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
    duration, unit, kept = None, "", []
    for cell in cells:
        found = _DURATION.fullmatch(cell) if duration is None else None
        if found:
            duration, unit = int(found.group("number")), found.group("unit")
        elif not _PRINTED_TIMES.fullmatch(cell):
            kept.append(cell)
    if len(kept) >= 2:
        return f"{kept[0]} – {'; '.join(kept[1:])}", duration, unit
    return " ".join(kept), duration, unit


def _split_speakers(rest: str) -> tuple[str, str]:
    """Title and speakers at the first spaced dash; without one, the whole text is the title."""
    parts = _SEPARATOR.split(rest, maxsplit=1)
    if len(parts) == 2:
        return parts[0].strip(" :;,"), parts[1].strip(" :;,")
    return rest.strip(" :;,–—-") or rest.strip(), ""


def guess_kind(title: str) -> AgendaItemKind:
    """The kind a title's words suggest; a presentation when they suggest none (most slots are contributions)."""
    lowered = f"{title.lower()} "
    for kind, words in KIND_WORDS:
        if any(word in lowered for word in words):
            return kind
    return AgendaItemKind.presentation
