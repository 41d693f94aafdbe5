"""Zone names as readers and browsers give them: legacy names are their zone, abbreviations are refused."""
from __future__ import annotations

import pytest

W1 = "/{lang}/vorkonferenz-2020/workshops/1/"


def time_headings(document) -> list[str]:
    """The agenda table's time column headings."""
    return [" ".join(cell.text_content().split())
            for cell in document.xpath("//table[contains(@class, 'agenda')]/thead//th[contains(@class, 'agenda__time')]")]


def first_row_times(document) -> list[str]:
    """The time cells of the agenda's first row."""
    row = document.xpath("//table[contains(@class, 'agenda')]/tbody/tr")[0]
    return [" ".join(cell.text_content().split()) for cell in row.xpath("./*[contains(@class, 'agenda__time')]")]


def picked(document) -> list[str]:
    """The picker's selected zone."""
    return document.xpath("//form[contains(@class, 'zone-picker')]//option[@selected]/@value")


@pytest.mark.parametrize("alias", ["Turkey", "Asia/Istanbul", "Europe/Istanbul"])
def test_another_name_of_a_reference_zone_adds_no_column(demo, page, alias):
    """?tz=Turkey is İstanbul, already a column: no duplicate."""
    _, document = page(W1.format(lang="tr") + f"?tz={alias}")
    assert time_headings(document) == ["Berlin (CEST)", "İstanbul (TSİ)"]


def test_a_legacy_browser_name_is_its_zone_in_the_column_and_the_picker(demo, page):
    """Chromium's Asia/Calcutta is Asia/Kolkata: the reader's column, and the picker shows it chosen."""
    response, document = page(W1.format(lang="tr") + "?tz=Asia/Calcutta")
    assert first_row_times(document)[2] == "13:00"
    assert time_headings(document)[2].endswith("(IST)")
    assert picked(document) == ["Asia/Kolkata"]
    assert "confsched_tz=Asia/Kolkata" in response.headers["Set-Cookie"]


def test_a_zone_remembered_from_the_browser_adds_its_column_without_a_query(demo, client, page):
    """The page's script leaves the browser's name in the cookie; the address needs no ?tz=."""
    client.set_cookie("confsched_tz", "Asia/Calcutta")
    _, document = page(W1.format(lang="tr"))
    assert first_row_times(document) == ["09:30", "10:30", "13:00"]


@pytest.mark.parametrize(("lang", "label"), [("de", "Kiew (OESZ)"), ("tr", "Kiev (EEST)")])
def test_kiev_is_labelled_as_kyiv(demo, page, lang, label):
    """Europe/Kiev was 'UTC+3'; it is Europe/Kyiv, on Eastern European summer time in June."""
    _, document = page(W1.format(lang=lang) + "?tz=Europe/Kiev")
    assert time_headings(document)[2] == label


@pytest.mark.parametrize("abbreviation", ["EST", "MST", "HST", "CET", "EST5EDT"])
def test_abbreviations_are_refused_with_a_clear_message(demo, page, text_of, abbreviation):
    """EST is tzdata's Panama: instead of a 'Panama' column the reader is asked for a city."""
    _, document = page(W1.format(lang="de") + f"?tz={abbreviation}", expected_status=400)
    explanation = text_of(document.xpath("//main//p[contains(., 'Abkürzung')]")[0])
    assert explanation.startswith(f"„{abbreviation}“ ist eine Abkürzung, keine Zeitzone")
    assert not document.xpath("//table[contains(@class, 'agenda')]")
