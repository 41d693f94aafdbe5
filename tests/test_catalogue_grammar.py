"""Translations hold for any value of their placeholders: no German article glued to one, no Turkish suffix on one."""
from __future__ import annotations

import re

import pytest

from tests.agenda.test_agenda_translations import catalogue

PLACEHOLDER = r"(?:%\(\w+\)[sd]|\{\w+\})"
# A Turkish suffix written onto a value: "%(title)s'in", "{key}’e", "%(workshop)sde".
TURKISH_SUFFIX = re.compile(PLACEHOLDER + r"(?:['’]|[^\W\d_])")
# A German article, pronoun or adjective ending chosen for a value the sentence does not know.
GERMAN_GLUED = re.compile(r"\b(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines|kein|keine|keinen|keinem|"
                          r"keiner|keines|dieser|diese|diesen|diesem|dieses|jede|jeder|jeden|jedem|jedes)\s+"
                          + PLACEHOLDER, re.IGNORECASE)
# "kein(e)", "diese(n/s)", "Teilnehmer(in)": a choice of endings left to the reader.
ENDING_CHOICE = re.compile(r"[^\W\d_]\((?:e|en|er|es|n|r|s|in|innen)(?:/\w+)*\)")
# The old wording the review named: greetings and the promotion notice.
INFORMAL_GREETING = {"de": re.compile(r"^Hallo\b"), "tr": re.compile(r"^Merhaba\b")}


def translations(language: str):
    """(msgid, translation) for every form of every message of a catalogue."""
    for message in catalogue(language):
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for string in strings:
                yield message.id, string


def test_no_turkish_suffix_is_attached_to_a_placeholder():
    assert [string for _, string in translations("tr") if TURKISH_SUFFIX.search(string)] == []


def test_the_suffix_check_sees_the_old_subject():
    assert TURKISH_SUFFIX.search("%(workshop)s'de yeriniz") and TURKISH_SUFFIX.search("{key}’e")
    assert not TURKISH_SUFFIX.search("%(number)s. Çalıştay: %(title)s")


def test_no_german_article_or_adjective_stands_before_a_placeholder():
    assert [string for _, string in translations("de") if GERMAN_GLUED.search(string)] == []


@pytest.mark.parametrize("language", ["de", "tr"])
def test_no_choice_of_endings_is_left_to_the_reader(language):
    assert [string for _, string in translations(language) if ENDING_CHOICE.search(string)] == []


@pytest.mark.parametrize("language", ["de", "tr"])
def test_emails_do_not_open_informally(language):
    assert [string for _, string in translations(language) if INFORMAL_GREETING[language].search(string)] == []


@pytest.mark.parametrize(("wrong", "language"), [
    (r"kişi yer aldı", "tr"), (r"çalıştay(lar)? takviminizde$", "tr"), (r"Davetsiz", "tr"), (r"Hemen kaydol$", "tr"),
    (r"Onaylandı olarak işaretle", "tr"), (r"URL kısaltması", "tr"), (r"çalıştayındaki yeriniz", "tr"),
    (r"^Bekleyen$", "tr"), (r"^planlandı$", "tr"), (r"^Bu kaydı iptal et:", "tr"),
    (r"kein\(e\)", "de"), (r"diese\(n/s\)", "de"), (r"der %\(title\)s", "de"), (r"keine/n", "de"),
])
def test_the_wording_the_review_corrected_is_gone(wrong, language):
    assert [string for _, string in translations(language) if re.search(wrong, string)] == []
