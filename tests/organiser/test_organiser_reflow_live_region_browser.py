"""The item form's live re-flow is announced: the live region stays in the page and its text is updated in place."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.organiser.conftest import day_path

pytestmark = pytest.mark.browser


def test_the_live_region_stays_and_announces_the_re_flow(signed_in_tab):
    tab = signed_in_tab(path=day_path())
    row = tab.locator("#agenda-table tbody tr").nth(3)
    row.locator("summary").click()
    row.locator("a[href*='/items/'][href$='/edit']").click()
    status = tab.locator("#reflow-status")
    expect(status).to_have_attribute("aria-live", "polite")
    handle = status.element_handle()
    tab.check("input[name=extend_day]")
    tab.fill("input[name=duration_minutes]", "20")
    expect(status).to_contain_text("6 Programmpunkte beginnen zu einer neuen Zeit.")
    expect(status).to_contain_text("Ende des Ablaufs: Berlin (MESZ) 11:35, Istanbul (UTC+3) 12:35.")
    # The very node screen readers watch is still in the page; no other live region took its place.
    assert handle.evaluate("node => node.isConnected")
    assert tab.locator("[aria-live]").count() == 1
