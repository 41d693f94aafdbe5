"""The editor in a real Chromium: sign in, insert a break with the live re-flow preview, save."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import DEMO_SLUG
from tests.organiser.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def in_browser(browser, live_server):
    """Run a scenario with a page of the session's Chromium, signed out and in Berlin."""

    def run(scenario) -> None:
        context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", base_url=live_server)
        try:
            scenario(context.new_page())
        finally:
            context.close()

    return run


def zone_starts(tab) -> list[tuple[str, str]]:
    """Each agenda row's start in both reference zones, as shown (the day table's empty row for a new item aside)."""
    rows = tab.locator("#agenda-table tbody tr:not(.blank-row)")
    return [(rows.nth(index).locator("td.zone-1").inner_text()[:5], rows.nth(index).locator("td.zone-2").inner_text()[:5])
            for index in range(rows.count())]


def test_sign_in_and_insert_a_break_with_live_re_flow(in_browser, demo, make_organiser):
    make_organiser(conferences=(demo,))
    in_browser(sign_in_and_insert_a_break)


def sign_in_and_insert_a_break(tab) -> None:
    """Sign in, open workshop 1 day 1, insert a break after item 3 watching the live preview, save."""
    demo = DEMO_SLUG
    tab.goto("/organiser/")
    assert "/organiser/sign-in" in tab.url
    tab.fill("input[name=email]", "organiser@example.org")
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url("**/organiser/")
    tab.click(f"a[href='/organiser/conferences/{demo}/']")
    tab.click(f"a[href='/organiser/conferences/{demo}/workshops/1/days/1/']")
    before = zone_starts(tab)
    assert before[3] == ("09:50", "10:50")

    row = tab.locator("#agenda-table tbody tr").nth(2)
    row.locator("summary").click()
    row.locator("a[href*='items/new?after=']").click()
    tab.check("input[name=extend_day]")
    tab.fill("input[name=title_de]", "Kaffeepause")
    tab.fill("input[name=title_tr]", "Kahve molası")
    # The script asks the server for the re-flowed agenda while typing; nothing is saved yet.
    # (A locator, not wait_for_function: the page's policy refuses the eval that would need.)
    expect(tab.locator("#agenda-preview tr.moved")).to_have_count(7)
    assert tab.locator("#agenda-preview tr.new-item").count() == 1

    tab.click("button[name=action][value=save]")
    tab.wait_for_url("**/workshops/1/days/1/")
    after = zone_starts(tab)
    assert after[3] == ("09:50", "10:50")
    assert after[4:] == [("10:00", "11:00"), ("10:15", "11:15"), ("10:30", "11:30"), ("10:45", "11:45"),
                         ("11:00", "12:00"), ("11:15", "12:15"), ("11:30", "12:30")]
    assert tab.locator("#agenda-table input[data-column=title_tr][value='Kahve molası']").count() == 1
