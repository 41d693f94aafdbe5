"""Problems in words: places a reader knows instead of document paths, errors first, repeated notes once."""
from __future__ import annotations

import copy

import pytest
from babel.support import Translations

from confsched import PROJECT_ROOT
from confsched.programme.problems import Problem
from confsched.programme.reporting import outline_of_document, place_in_words, report_lines
from confsched.programme.validation import validate


def catalogue(language: str):
    """gettext and ngettext of the shipped catalogue of a language."""
    translations = Translations.load(PROJECT_ROOT / "translations", [language])
    return translations.gettext, translations.ngettext


@pytest.fixture(scope="module")
def demo_notes(demo_document):
    """The notes the importer finds in the 2020 printed programme, and the document's outline."""
    return validate(copy.deepcopy(demo_document)).warnings, outline_of_document(demo_document)


@pytest.mark.parametrize(("language", "expected"), [
    ("de", "Fachworkshop 2, 15. Juni, Punkt 5"),
    ("tr", "2. Çalıştay, 15 Haziran, madde 5"),
])
def test_an_item_is_named_by_the_workshop_the_date_and_its_number(demo_document, language, expected):
    gettext, _ngettext = catalogue(language)
    outline = outline_of_document(demo_document)
    assert place_in_words("workshops[1].days[0].items[4].printed[0]", outline, language, gettext) == expected


@pytest.mark.parametrize(("language", "expected"), [
    ("de", "Fachworkshop 2, 15. Juni, gedruckt in „Programmentwurf“"),
    ("tr", "2. Çalıştay, 15 Haziran, “Programmentwurf” belgesinde basılı"),
])
def test_a_printed_line_names_where_it_was_printed(demo_document, language, expected):
    gettext, _ngettext = catalogue(language)
    outline = outline_of_document(demo_document)
    assert place_in_words("workshops[1].days[0].printed[1] (Programmentwurf)", outline, language, gettext) == expected


def test_the_editor_s_places_and_nested_items_are_worded_too(demo_document):
    gettext, _ngettext = catalogue("tr")
    outline = outline_of_document(demo_document)
    assert place_in_words("workshop 1, day 1, item 3", outline, "tr", gettext) == "1. Çalıştay, 15 Haziran, madde 3"
    assert place_in_words("workshop 4", outline, "tr", gettext) == "4. Çalıştay"
    assert place_in_words("workshops[0].days[0].items[1].children[0]", outline, "de", catalogue("de")[0]) == (
        "Fachworkshop 1, 15. Juni, Punkt 2.1")


def test_without_a_session_label_a_workshop_is_a_workshop(demo_document):
    document = copy.deepcopy(demo_document)
    del document["conference"]["session_label"]
    gettext, _ngettext = catalogue("tr")
    assert place_in_words("workshops[1].days[0]", outline_of_document(document), "tr", gettext) == (
        "2. Çalıştay, 15 Haziran")


def test_entries_are_named_and_unknown_places_stay_as_they_are(demo_document):
    outline = outline_of_document(demo_document)
    gettext, _ngettext = catalogue("de")
    first_platform = demo_document["platforms"][0]["name"]
    assert place_in_words("platforms[0].city", outline, "de", gettext) == f"Plattform „{first_platform}“"
    assert place_in_words("conference.reference_zones[1]", outline, "de", gettext) == "Konferenz"
    assert place_in_words("workshops[99].days[0]", outline, "de", gettext) == "workshops[99].days[0]"
    assert place_in_words("", outline, "de", gettext) == ""
    # A refused document may be anything; the outline leaves out what it cannot read.
    assert place_in_words("workshops[0].title", outline_of_document({"workshops": [{"number": "x"}]}), "de",
                          gettext) == "workshops[0].title"


def test_the_one_wrong_time_comes_before_thirty_repeated_label_notes(demo_notes):
    notes, _outline = demo_notes
    lines = report_lines(notes)
    assert [(line.first.code, line.count) for line in lines] == [
        ("printed_time", 1), ("printed_time", 1), ("printed_label", 30)]
    assert lines[0].first.params["printed"] == "13:00"


@pytest.mark.parametrize(("language", "expected"), [
    ("de", "30 Zeiten sind als CET (UTC+1) gedruckt, aber in Europe/Berlin gilt zu diesen Zeiten CEST (UTC+2)."),
    ("tr", "30 yerde saat CET (UTC+1) olarak basılmış, ancak Europe/Berlin o tarihlerde CEST (UTC+2) saatindedir."),
])
def test_a_repeated_note_is_one_line_with_its_count(demo_notes, language, expected):
    notes, _outline = demo_notes
    gettext, ngettext = catalogue(language)
    assert report_lines(notes)[-1].message(gettext, ngettext) == expected


def test_errors_come_before_notes_and_identical_notes_are_counted():
    problems = [
        Problem("unknown_label", "workshops[0].days[0].printed[0]", {"label": "XYZ"}, severity="warning"),
        Problem("empty_title", "workshops[1].title"),
        Problem("unknown_label", "workshops[0].days[0].printed[1]", {"label": "XYZ"}, severity="warning"),
        Problem("empty_title", "workshops[2].title"),
    ]
    lines = report_lines(problems)
    assert [(line.severity, line.count) for line in lines] == [("error", 1), ("error", 1), ("warning", 2)]
    gettext, ngettext = catalogue("de")
    assert lines[-1].message(gettext, ngettext).endswith("(2-mal)")
