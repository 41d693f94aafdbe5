"""Pasted agenda lines become proposals for review: every line read, none lost, nothing raised."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confsched.programme.agenda_lines import guess_kind, read_line, read_lines

SEED_TABLE_ROW = "09:40 (CET) / 10:40 (TRT)\tBegrüßung und Einführung\tSabine Drees, Deutscher Städtetag (DST)\t10 Min."


@pytest.mark.parametrize("line, expected", [
    ("10 Min. Begrüßung – Sabine Drees, DST", ("de", "Begrüßung", 10, "welcome", "Sabine Drees, DST")),
    ("10 dk. Açılış ve Giriş – Sabine Drees, DST", ("tr", "Açılış ve Giriş", 10, "welcome", "Sabine Drees, DST")),
    ("15 dakika Türkiye'den Uygulama Örneği — Harun Yiğit", ("tr", "Türkiye'den Uygulama Örneği", 15,
                                                            "practice_example", "Harun Yiğit")),
    ("5 Minuten Kurze technische Einführung - Plattform-Dienstleister",
     ("de", "Kurze technische Einführung", 5, "technical_introduction", "Plattform-Dienstleister")),
    ("Diskussionsrunde – alle – 15 Min.", ("de", "Diskussionsrunde", 15, "discussion", "alle")),
    ("Praxisbeispiel aus Deutschland – Stefan Bege, Stadt Nürnberg (tbc) 15 Min.",
     ("de", "Praxisbeispiel aus Deutschland", 15, "practice_example", "Stefan Bege, Stadt Nürnberg (tbc)")),
    (SEED_TABLE_ROW, ("de", "Begrüßung und Einführung", 10, "welcome", "Sabine Drees, Deutscher Städtetag (DST)")),
    ("20 dk. Kahve molası", ("tr", "Kahve molası", 20, "break", "")),
    ("10 Min. COVID-19-Krise in Städten", ("de", "COVID-19-Krise in Städten", 10, "presentation", "")),
])
def test_a_line_proposes_language_title_duration_kind_and_speakers(line, expected):
    proposal = read_line(line)
    assert (proposal.language, proposal.title, proposal.duration_minutes, proposal.kind, proposal.speakers) == expected
    assert proposal.notes == ()
    assert proposal.source == line.strip()


def test_a_line_without_a_duration_or_with_an_impossible_one_is_kept_with_a_note():
    first, second, third = read_lines("Diskussionsrunde\n0 Min. Nichts\n99999 dk. Çok uzun", "tr")
    assert (first.title, first.duration_minutes, first.notes, first.language) == (
        "Diskussionsrunde", None, ("no_duration",), "tr")
    assert (second.title, second.duration_minutes, second.notes) == ("Nichts", None, ("duration_range",))
    assert (third.title, third.duration_minutes, third.notes) == ("Çok uzun", None, ("duration_range",))


def test_blank_lines_are_skipped_and_line_numbers_kept():
    proposals = read_lines("\n10 Min. Begrüßung – Sabine Drees, DST\n   \n\n15 Min. Diskussionsrunde\n")
    assert [(proposal.line_number, proposal.title) for proposal in proposals] == [(2, "Begrüßung"),
                                                                                   (5, "Diskussionsrunde")]


def test_a_line_of_only_a_duration_keeps_its_text_as_the_title():
    (proposal,) = read_lines("10 Min.")
    assert (proposal.title, proposal.duration_minutes, proposal.notes) == ("10 Min.", 10, ("no_title",))


def test_the_kind_defaults_to_a_presentation():
    assert guess_kind("Smart City in Konya").value == "presentation"
    assert guess_kind("Zusammenfassung und Schlusswort").value == "summary"


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_any_text_is_read_without_raising_and_without_losing_a_line(text):
    proposals = read_lines(text)
    lines = [line for line in text.splitlines() if line.strip()]
    assert [proposal.source for proposal in proposals] == [line.strip() for line in lines]
    for proposal in proposals:
        assert proposal.title, proposal
        assert proposal.duration_minutes is None or 1 <= proposal.duration_minutes < 1440
        assert proposal.language in ("de", "tr")


AGENDA_WORDS = st.sampled_from(["10 Min.", "15 dk.", "5'", "–", "-", "—", "\t", "Begrüßung", "Açılış", "İstanbul",
                                "(tbc)", "09:40 (CET) /", "Sabine Drees, DST", ";", " ", "0 Min.", "Min", "dk"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(AGENDA_WORDS, max_size=8).map(" ".join), max_size=12).map("\n".join))
def test_lines_made_of_agenda_words_are_each_proposed(text):
    proposals = read_lines(text)
    assert len(proposals) == sum(1 for line in text.splitlines() if line.strip())
    for proposal in proposals:
        assert proposal.title and proposal.kind
