"""The changelog page in a real Chromium: axe-core's WCAG 2.1 AA rules in both languages, a 360 px screen and print."""
from __future__ import annotations

import pytest

from tests.agenda.test_agenda_changelog import publish, second_release
from tests.conftest import DEMO_SLUG

pytestmark = pytest.mark.browser


@pytest.fixture
def open_changes(browser, live_server, app, demo, demo_document):
    """Factory: the demo's changelog after a second release (a German comment only), in a fresh browser context."""
    publish(app, second_release(demo_document), {"de": "Referentinnen und Referenten bestätigt.", "tr": ""})
    contexts = []

    def open_(language: str, width: int = 1280):
        context = browser.new_context(timezone_id="Europe/Berlin", viewport={"width": width, "height": 900})
        contexts.append(context)
        tab = context.new_page()
        tab.goto(f"{live_server}/{language}/{DEMO_SLUG}/changes")
        return tab

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("language", ["de", "tr"])
def test_the_changelog_passes_axe(open_changes, axe, language):
    tab = open_changes(language)
    assert tab.locator("article.release").count() == 2
    assert axe(tab) == []


@pytest.mark.parametrize("language", ["de", "tr"])
def test_the_changelog_fits_a_narrow_screen(open_changes, language):
    tab = open_changes(language, width=360)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    assert tab.locator("article.release li").first.is_visible()


def test_the_printed_changelog_keeps_the_releases_and_drops_the_controls(open_changes):
    tab = open_changes("de")
    tab.emulate_media(media="print")
    assert tab.locator("article.release").first.is_visible()
    assert tab.locator("article.release li").count() == 3
    for control in ("form.zone-picker", "p.changes-feed", "header.site-header"):
        assert not tab.locator(control).is_visible(), control
    pdf = tab.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
