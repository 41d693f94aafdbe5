"""The pages in a real Chromium: language switch, the browser's own zone, narrow screens, print and Turkish casing.

Expected month, weekday and city names are CLDR's and offsets tzdata's, as the Babel and pytz pinned in
requirements/lock.txt give them.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

W1 = "/de/vorkonferenz-2020/workshops/1/"


@pytest.fixture
def open_page(browser, live_server, demo):
    """Factory: a fresh browser context (own cookies, zone, viewport) on a page of the demo."""
    contexts = []

    def open_(path: str, timezone_id: str = "Europe/Berlin", width: int = 1280):
        context = browser.new_context(timezone_id=timezone_id, viewport={"width": width, "height": 900})
        contexts.append(context)
        tab = context.new_page()
        tab.goto(live_server + path)
        return tab

    yield open_
    for context in contexts:
        context.close()


def first_row_times(tab) -> list[str]:
    """The time cells of the agenda's first row."""
    cells = tab.locator("table.agenda tbody tr").first.locator(".agenda__time")
    return [text.strip() for text in cells.all_inner_texts()]


def test_language_switch_keeps_the_page(open_page):
    tab = open_page(W1)
    tab.get_by_role("link", name="Türkçe").click()
    tab.wait_for_url("**/tr/vorkonferenz-2020/workshops/1/")
    assert tab.locator("html").get_attribute("lang") == "tr"
    assert "Dijital Şehir" in tab.locator("h1").inner_text()
    tab.get_by_role("link", name="Deutsch").click()
    tab.wait_for_url("**/de/vorkonferenz-2020/workshops/1/")
    assert "Digitale Stadt" in tab.locator("h1").inner_text()


def test_browser_zone_is_preselected_as_third_column(open_page):
    tab = open_page(W1, timezone_id="America/New_York")
    tab.wait_for_function("document.querySelectorAll('table.agenda thead th.agenda__time').length === 3")
    assert tab.url.endswith(W1)
    assert tab.locator("select[name=tz]").input_value() == "America/New_York"
    assert tab.locator("table.agenda thead th.agenda__time").all_inner_texts()[2].strip() == "New York (EDT)"
    assert first_row_times(tab) == ["09:30", "10:30", "03:30"]
    tab.goto(tab.url.split("/de/")[0] + "/tr/vorkonferenz-2020/")
    assert "03:30–05:30" in tab.locator("table.programme-table").inner_text()


def test_browser_in_a_reference_zone_stays_on_two_columns(open_page):
    tab = open_page(W1, timezone_id="Europe/Istanbul")
    assert tab.locator("select[name=tz]").input_value() == "Europe/Istanbul"
    assert tab.url.endswith(W1)
    assert tab.locator("table.agenda thead th.agenda__time").count() == 2


def test_picker_works_and_an_explicit_no_is_respected(open_page):
    tab = open_page(W1, timezone_id="Asia/Tokyo")
    tab.wait_for_function("document.querySelectorAll('table.agenda thead th.agenda__time').length === 3")
    assert first_row_times(tab) == ["09:30", "10:30", "16:30"]
    tab.locator("select[name=tz]").select_option("")
    tab.get_by_role("button", name="Anzeigen").click()
    tab.wait_for_url("**/workshops/1/?tz=")
    tab.goto(tab.url.split("?")[0])
    assert first_row_times(tab) == ["09:30", "10:30"]


def test_narrow_screen_has_no_horizontal_scrolling_and_keeps_zone_labels(open_page):
    tab = open_page(W1, width=360)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    first_time = tab.locator("table.agenda tbody tr").first.locator(".agenda__time").first
    label = first_time.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Berlin (MESZ)"'


def test_printed_agenda_keeps_the_table_and_drops_the_controls(open_page):
    tab = open_page(W1 + "?tz=Asia/Tokyo")
    tab.emulate_media(media="print")
    assert tab.locator("table.agenda").is_visible()
    assert tab.locator("table.agenda").evaluate("table => getComputedStyle(table).display") == "table"
    assert tab.locator("table.agenda tbody tr").count() == 10
    assert not tab.locator("form.zone-picker").is_visible()
    assert not tab.locator("header.site-header").is_visible()
    pdf = tab.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_turkish_upper_case_comes_from_css_with_the_dotted_capital_i(open_page):
    tab = open_page("/tr/vorkonferenz-2020/workshops/1/")
    eyebrow = tab.locator("p.eyebrow")
    assert eyebrow.evaluate("element => element.closest('[lang]').lang") == "tr"
    assert eyebrow.inner_text() == "TÜRK-ALMAN KARDEŞ ŞEHİRLER KONFERANSI SANAL ÖN KONFERANSI · 3–18 HAZ 2020"
    assert eyebrow.text_content() == "Türk-Alman Kardeş Şehirler Konferansı Sanal Ön Konferansı · 3–18 Haz 2020"


def test_keyboard_focus_is_visible(open_page):
    tab = open_page(W1)
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
