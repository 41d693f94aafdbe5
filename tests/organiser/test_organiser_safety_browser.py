"""Safety in a real Chromium: typed changes are not lost without a warning, and a delete asks in a dialog.

Before these tests, a click on any link dropped what was typed into an editor form, and "Löschen" deleted at once.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import DEMO_SLUG
from tests.organiser.conftest import day_path

pytestmark = pytest.mark.browser
BASE = f"/organiser/conferences/{DEMO_SLUG}"


def test_a_link_click_warns_before_typed_changes_are_lost(signed_in_tab):
    tab = signed_in_tab(path=f"{BASE}/workshops/1/edit")
    dialogs = []

    def dismiss(dialog):
        dialogs.append((dialog.type, dialog.message))
        dialog.dismiss()

    tab.on("dialog", dismiss)
    tab.click("nav.editor-nav a[href='/organiser/']")  # nothing typed yet: no question
    tab.wait_for_url("**/organiser/")
    assert dialogs == []

    tab.goto(f"{BASE}/workshops/1/edit")
    tab.fill("input[name=title_de]", "Ein neuer Titel")
    tab.click("nav.editor-nav a[href='/organiser/']")
    assert dialogs and dialogs[0][0] == "confirm" and "nicht gespeichert" in dialogs[0][1]
    assert tab.url.endswith("/workshops/1/edit"), "dismissing keeps the page and what was typed"
    assert tab.input_value("input[name=title_de]") == "Ein neuer Titel"

    tab.remove_listener("dialog", dismiss)
    asked = []
    tab.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    tab.click("form[data-unsaved-guard] button[type=submit]")
    tab.wait_for_url(f"**{BASE}/")
    assert asked == [], "saving is not leaving: no warning after submit"
    expect(tab.locator(".flash--success")).to_contain_text("Gespeichert.")


def test_leaving_by_other_means_asks_the_browser_to_warn(signed_in_tab):
    tab = signed_in_tab(path=f"{BASE}/workshops/1/edit")
    tab.fill("input[name=title_tr]", "Yeni başlık")
    kinds = []

    def note(dialog):
        kinds.append(dialog.type)
        dialog.dismiss()

    tab.on("dialog", note)
    tab.close(run_before_unload=True)
    tab.wait_for_timeout(500)
    assert kinds == ["beforeunload"]


def test_a_delete_asks_in_a_dialog_and_deletes_only_when_confirmed(signed_in_tab, axe):
    tab = signed_in_tab(path=day_path(4, 2))
    rows = tab.locator("#agenda-table tbody tr").count()
    first = tab.locator("#agenda-table tbody tr").first
    first.locator("summary").click()
    first.locator("a[data-confirm-dialog]").click()
    dialog = tab.locator("dialog#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Programmpunkt „Review der Arbeitsphase“ (Fachworkshop 4, 10.06.2020)")
    expect(dialog).to_contain_text("30 Tage")
    assert axe(tab) == []
    dialog.locator("[data-confirm-cancel]").click()
    expect(dialog).to_be_hidden()
    assert tab.locator("#agenda-table tbody tr").count() == rows

    if not first.locator("a[data-confirm-dialog]").is_visible():
        first.locator("summary").click()
    first.locator("a[data-confirm-dialog]").click()
    tab.locator("dialog#confirm-dialog button[type=submit]").click()
    tab.wait_for_url("**/workshops/4/days/2/")
    assert tab.locator("#agenda-table tbody tr").count() == rows - 1
    restore = tab.locator(".deleted-parts a", has_text="Wiederherstellen")
    expect(restore).to_have_count(1)
    restore.click()
    tab.locator("dialog#confirm-dialog button[type=submit]").click()
    tab.wait_for_url("**/workshops/4/days/2/")
    expect(tab.locator(".flash--success")).to_contain_text("Wiederhergestellt.")
    assert tab.locator("#agenda-table tbody tr").count() == rows
    assert tab.locator("#agenda-table tbody tr").first.locator("input[data-column=title_de]").input_value() == (
        "Review der Arbeitsphase")
