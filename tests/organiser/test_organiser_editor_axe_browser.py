"""Every editor page in a real Chromium, in German and Turkish: no WCAG 2.1 AA violation axe-core finds, at a desktop
width and on a 360 px phone, and no page wider than the phone."""
from __future__ import annotations

import re

import pytest

from confsched.programme import deletions
from confsched.programme.queries import load_programme
from tests.conftest import DEMO_SLUG
from tests.organiser.conftest import BROWSER_LOCALES, day_path

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
CONFERENCE = f"/organiser/conferences/{DEMO_SLUG}"
# Every page of the editor an organiser can open, by path; {item} and {assignment} are filled from the day page.
PAGES = [
    "/organiser/",
    "/organiser/conferences/new",
    f"{CONFERENCE}/",
    f"{CONFERENCE}/edit",
    f"{CONFERENCE}/workshops/new",
    f"{CONFERENCE}/workshops/1/edit",
    f"{CONFERENCE}/workshops/1/duplicate",
    f"{CONFERENCE}/workshops/1/days/new",
    f"{CONFERENCE}/workshops/1/days/1/",
    f"{CONFERENCE}/workshops/1/days/1/edit",
    f"{CONFERENCE}/workshops/1/days/1/items/new",
    f"{CONFERENCE}/items/{{item}}/edit",
    f"{CONFERENCE}/assignments/new?workshop=1",
    f"{CONFERENCE}/assignments/{{assignment}}/edit",
    f"{CONFERENCE}/organisations/",
    f"{CONFERENCE}/people/",
    f"{CONFERENCE}/platforms/",
    f"{CONFERENCE}/organisations/new",
    f"{CONFERENCE}/history",
    f"{CONFERENCE}/members",
    "/organiser/tokens",
    "/organiser/password",
]


@pytest.fixture
def editor_tab(signed_in_tab):
    """Factory: a signed-in admin's page in a language, and the editor's page paths with real ids filled in."""

    def open_tab(language: str):
        tab = signed_in_tab(language, day_path(), admin=True, viewport=DESKTOP)
        html = tab.content()
        ids = {"item": re.search(r"/items/(\d+)/edit", html).group(1),
               "assignment": re.search(r"/assignments/(\d+)/edit", html).group(1)}
        return tab, [page.format(**ids) for page in PAGES]

    return open_tab


def with_import_report(tab, demo_document_path) -> None:
    """The import page showing a dry-run report of the demo document (its notes and changes)."""
    tab.goto("/organiser/import")
    tab.set_input_files("input[type=file]", str(demo_document_path))
    tab.locator("form[enctype] button[type=submit]").click()
    tab.wait_for_selector("#dry-run-report")


def signed_out(browser, live_server, language: str):
    """A fresh, signed-out page on the sign-in form."""
    context = browser.new_context(locale=BROWSER_LOCALES[language], base_url=live_server, viewport=DESKTOP)
    tab = context.new_page()
    tab.goto("/organiser/sign-in")
    return context, tab


def page_width(tab) -> int:
    """How wide the page is laid out: wider than the viewport means the reader scrolls sideways."""
    return tab.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")


def check_every_page(tab, paths, demo_document_path, check) -> list[str]:
    """Run `check` on each editor page (and the import page with a report); the lines of what it found."""
    found = []
    for path in paths:
        tab.goto(path)
        found += [f"{path}: {line}" for line in check(tab)]
    with_import_report(tab, demo_document_path)
    found += [f"/organiser/import (report): {line}" for line in check(tab)]
    return found


@pytest.fixture
def demo_document_path():
    """The demo programme document as shipped."""
    from confsched import PROJECT_ROOT
    return PROJECT_ROOT / "confsched" / "programme" / "demo" / "vorkonferenz-2020.json"


@pytest.mark.parametrize("language", ["de", "tr"])
def test_every_editor_page_passes_axe_at_desktop_and_phone_width(editor_tab, browser, live_server, axe, language,
                                                                 demo_document_path):
    tab, paths = editor_tab(language)

    def both_widths(page) -> list[str]:
        lines = []
        for name, size in (("desktop", DESKTOP), ("360 px", PHONE)):
            page.set_viewport_size(size)
            lines += [f"{name}: {violation}" for violation in axe(page)]
        page.set_viewport_size(DESKTOP)
        return lines

    found = check_every_page(tab, paths, demo_document_path, both_widths)
    context, sign_in_tab = signed_out(browser, live_server, language)
    try:
        found += [f"/organiser/sign-in: {line}" for line in both_widths(sign_in_tab)]
    finally:
        context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", ["de", "tr"])
def test_no_editor_page_is_wider_than_a_360_px_phone(editor_tab, browser, live_server, language, demo_document_path):
    tab, paths = editor_tab(language)
    tab.set_viewport_size(PHONE)

    def too_wide(page) -> list[str]:
        width = page_width(page)
        return [f"{width} px wide"] if width > PHONE["width"] else []

    found = check_every_page(tab, paths, demo_document_path, too_wide)
    context, sign_in_tab = signed_out(browser, live_server, language)
    try:
        sign_in_tab.set_viewport_size(PHONE)
        found += [f"/organiser/sign-in: {line}" for line in too_wide(sign_in_tab)]
    finally:
        context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("language", ["de", "tr"])
def test_the_history_s_deleted_parts_and_changes_are_cards_on_a_phone(app, demo, signed_in_tab, axe, language):
    """Both tables of the history page become one labelled card per row at 360 px, as the editor's other tables do."""
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        deletions.delete_item(conference, conference.workshops[0].days[0].items[0])
    tab = signed_in_tab(language, f"{CONFERENCE}/history", admin=True, viewport=PHONE)
    tables = tab.locator("main table")
    assert tables.count() == 2
    for index in range(2):
        row = tables.nth(index).locator("tbody tr").first
        assert row.evaluate("row => getComputedStyle(row).display") == "block"
        labelled = row.locator("td[data-label]").first
        assert labelled.evaluate("cell => getComputedStyle(cell, '::before').content") != "none"
    assert page_width(tab) <= PHONE["width"]
    assert axe(tab) == []
