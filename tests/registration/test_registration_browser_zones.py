"""A cold Chromium in India with Turkish settings: its legacy zone name gives the reader's column and the form's zone."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

W1 = "/tr/vorkonferenz-2020/workshops/1/"


@pytest.fixture
def cold_tab(browser, live_server, demo, open_workshop):
    """A new context (no cookies) in tr-TR whose clock is Asia/Calcutta, as Chromium reports it."""
    open_workshop(1)
    context = browser.new_context(locale="tr-TR", timezone_id="Asia/Calcutta")
    tab = context.new_page()
    assert tab.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") in ("Asia/Calcutta", "Asia/Kolkata")
    yield live_server, tab
    context.close()


def time_cells(tab) -> list[str]:
    """The time cells of the agenda's first row."""
    cells = tab.locator("table.agenda tbody tr").first.locator(".agenda__time")
    return [text.strip() for text in cells.all_inner_texts()]


def test_the_reader_column_comes_from_the_browser_without_a_query(cold_tab):
    """13:00 in India for workshop 1's 09:30 Berlin start; the address stays without ?tz=."""
    server, tab = cold_tab
    tab.goto(server + W1)
    tab.wait_for_function("document.querySelectorAll('table.agenda thead th.agenda__time').length === 3")
    assert time_cells(tab) == ["09:30", "10:30", "13:00"]
    assert tab.url == server + W1
    assert tab.locator("select[name=tz]").input_value() == "Asia/Kolkata"


def test_the_registration_form_takes_the_browser_s_zone_and_says_so(cold_tab):
    """The form's zone is Asia/Kolkata 'from your browser', and after the programme page the days show 13:00 too."""
    server, tab = cold_tab
    tab.goto(server + W1 + "register")
    assert tab.locator("#zone").input_value() == "Asia/Kolkata"
    assert tab.locator("#zone-source").inner_text().startswith("Tarayıcınızdan alındı")
    tab.goto(server + W1)
    tab.wait_for_function("document.querySelectorAll('table.agenda thead th.agenda__time').length === 3")
    tab.goto(server + W1 + "register")
    assert tab.locator(".day-times__window").first.inner_text().startswith("13:00–15:00")
    assert tab.locator("#zone").input_value() == "Asia/Kolkata"


def test_a_browser_zone_the_server_does_not_know_is_not_claimed(browser, live_server, demo, open_workshop):
    """A zone name the server does not know keeps the default for the page language, and the form says so."""
    open_workshop(1)
    context = browser.new_context(locale="tr-TR", timezone_id="Asia/Calcutta")
    context.add_init_script("Intl.DateTimeFormat.prototype.resolvedOptions = function () { return {timeZone: 'Mars/Olympus'}; };")
    tab = context.new_page()
    tab.goto(live_server + W1 + "register")
    assert tab.locator("#zone").input_value() == "Europe/Istanbul"
    assert tab.locator("#zone-source").inner_text().startswith("Tarayıcınızın saat dilimi tanınmadı")
    context.close()
