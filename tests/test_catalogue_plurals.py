"""Plurals as CLDR has them: catalogue headers from Babel, and every count said through ngettext in both forms."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.support import Translations

from confsched import PROJECT_ROOT
from confsched.programme.problems import Problem
from tests.agenda.test_agenda_translations import KEYWORDS, LANGUAGES, catalogue

# Placeholders that carry a quantity. Not here: `number` and `day` (a workshop's or a day's number, a name
# rather than a count: "Fachworkshop 3"), `position` (a place in a queue: "Platz 3").
COUNT_PLACEHOLDERS = {"count", "n", "num", "minutes", "hours", "days", "limit", "lines", "failures", "minimum",
                      "maximum", "total", "seats", "people"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
CATALOGUE_FILE = PROJECT_ROOT / "translations" / "{language}" / "LC_MESSAGES" / "messages.po"


def extracted_messages() -> list[tuple[str, int, str | tuple]]:
    """Every message in code and templates, as `pybabel extract -F babel.cfg` sees it, with its place."""
    with (PROJECT_ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    return [(filename, line, message) for filename, line, message, _, _ in
            extract_from_dir(str(PROJECT_ROOT), method_map, options_map, keywords=KEYWORDS)]


def counts_in(message: str) -> set[str]:
    """The count placeholders a message formats."""
    return {a or b for a, b in PLACEHOLDER.findall(message)} & COUNT_PLACEHOLDERS


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_header_states_the_plural_rule_babel_takes_from_cldr(language):
    text = Path(str(CATALOGUE_FILE).format(language=language)).read_text(encoding="utf-8")
    assert re.search(r'"Plural-Forms: (.*?)\\n"', text).group(1) == get_plural(language).plural_forms


def test_turkish_has_two_plural_forms_as_cldr_says():
    """CLDR gives Turkish "one" and "other" (1 gün / 2 gün): two forms, so a catalogue with one hides plural bugs."""
    assert get_plural("tr").num_plurals == 2
    assert get_plural("tr").plural_expr == "(n != 1)"


def test_every_count_in_a_message_goes_through_ngettext():
    without_plural = [f"{filename}:{line}: {message}" for filename, line, message in extracted_messages()
                      if isinstance(message, str) and counts_in(message)]
    assert without_plural == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_message_has_all_its_forms_translated(language):
    expected = get_plural(language).num_plurals
    for message in catalogue(language):
        if message.pluralizable:
            assert len(message.string) == expected and all(message.string), message.id


@pytest.mark.parametrize(("language", "one", "two"), [
    ("de", "1 Einladung ist unterwegs.", "2 Einladungen sind unterwegs."),
    ("tr", "1 davet gönderiliyor.", "2 davet gönderiliyor."),
])
def test_the_compiled_catalogue_chooses_the_form_by_count(language, one, two):
    translations = Translations.load(str(PROJECT_ROOT / "translations"), [language])
    singular, plural = "%(num)s invitation is on its way.", "%(num)s invitations are on their way."
    assert translations.ngettext(singular, plural, 1) % {"num": 1} == one
    assert translations.ngettext(singular, plural, 2) % {"num": 2} == two


@pytest.mark.parametrize(("language", "count", "expected"), [
    ("de", 1, "Rapporteur/in"), ("de", 2, "Rapporteure"), ("tr", 1, "Raportör"), ("tr", 2, "Raportörler"),
    ("tr", 2, "Tarihler"),
])
def test_headings_over_two_people_or_dates_are_plural(language, count, expected):
    translations = Translations.load(str(PROJECT_ROOT / "translations"), [language])
    said = {translations.ngettext("Rapporteur", "Rapporteurs", count), translations.ngettext("Date", "Dates", count)}
    assert expected in said


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
@pytest.mark.parametrize("language", LANGUAGES)
def test_msgfmt_finds_nothing_untranslated_or_fuzzy(language, tmp_path):
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", str(tmp_path / "messages.mo"),
                             str(CATALOGUE_FILE).format(language=language)],
                            capture_output=True, text=True, check=True)
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.parametrize(("count", "expected"), [
    (1, "„ibb“ wird im Programm noch einmal verwendet; entfernen Sie zuerst diese Verwendung."),
    (3, "„ibb“ wird im Programm noch 3-mal verwendet; entfernen Sie zuerst diese Verwendungen."),
])
def test_a_problem_that_states_a_count_is_said_in_the_right_form(count, expected):
    translations = Translations.load(str(PROJECT_ROOT / "translations"), ["de"])
    problem = Problem("still_used", "key", {"key": "ibb", "count": count})
    assert problem.message(translations.gettext, translations.ngettext) == expected


def test_problems_default_to_english_with_its_plural():
    assert Problem("day_overrun", "", {"minutes": 1}).message() == "The agenda runs 1 minute past the end of the day."
    assert Problem("day_overrun", "", {"minutes": 5}).message() == "The agenda runs 5 minutes past the end of the day."
