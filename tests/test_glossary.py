"""The catalogues follow translations/GLOSSARY.md: no translation uses a variant the glossary lists as wrong."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from confsched import PROJECT_ROOT
from tests.agenda.test_agenda_translations import LANGUAGES, catalogue

GLOSSARY = PROJECT_ROOT / "translations" / "GLOSSARY.md"
CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
PATTERN = re.compile(r"`([^`]+)`")
# Placeholders, quoted literals (JSON field names, button labels) and code (data-workshop="1") are not prose the
# glossary governs.
NOT_PROSE = re.compile(r"%\(\w+\)[sd]|\{\w+\}|“[^”]*”|„[^“]*“|[\w-]+=\"[^\"]*\"|\"[^\"]*\"")


@dataclass(frozen=True)
class Term:
    """One glossary row: which messages it governs and the translations it rules out per language."""

    name: str
    source: re.Pattern
    wrong: dict[str, tuple[re.Pattern, ...]]


def glossary_terms() -> list[Term]:
    """The rows of the glossary's table, after its header and separator."""
    terms = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip().replace("\\|", "|") for cell in CELL_SEPARATOR.split(line.strip())[1:-1]]
        if len(cells) != 6 or cells[0] in ("Term", "---"):
            continue
        name, _, _, source, wrong, _ = cells
        by_language = {}
        for part in wrong.split(";"):
            language, _, patterns = part.strip().partition(":")
            by_language[language.strip()] = tuple(re.compile(pattern) for pattern in PATTERN.findall(patterns))
        terms.append(Term(name, re.compile(PATTERN.fullmatch(source).group(1)), by_language))
    return terms


def test_the_glossary_names_the_terms_the_issue_asks_for():
    names = {term.name for term in glossary_terms()}
    assert {"workshop", "organiser (person)", "organising body", "editor", "registration", "active participant",
            "listener", "waiting list", "access data", "passcode", "password", "API token", "feed, subscription",
            "release", "change history", "venue", "interpretation", "tbc", "N.N.", "role", "function",
            "entry key"} <= names
    assert all(term.wrong for term in glossary_terms())


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_uses_a_known_wrong_variant(language):
    found = []
    messages = [message for message in catalogue(language) if message.id]
    for term in glossary_terms():
        for message in messages:
            sources = [NOT_PROSE.sub("", source) for source in
                       (message.id if isinstance(message.id, tuple) else (message.id,))]
            if not any(term.source.search(source) for source in sources):
                continue
            strings = [NOT_PROSE.sub("", string) for string in
                       (message.string if isinstance(message.string, tuple) else (message.string,))]
            found += [f"{term.name}: {wrong.pattern!r} in {string!r}" for wrong in term.wrong.get(language, ())
                      for string in strings if wrong.search(string)]
    assert found == []


def test_the_check_catches_a_wrong_variant():
    """The parser must really read the rules: the old Turkish passcode and greeting are caught."""
    terms = {term.name: term for term in glossary_terms()}
    assert any(rule.search("Parola: 1234") for rule in terms["passcode"].wrong["tr"])
    assert any(rule.search("Merhaba Ayşe,") for rule in terms["salutation"].wrong["tr"])
    assert terms["passcode"].source.search("Passcode (secret)")
    assert not terms["passcode"].source.search("Password")
