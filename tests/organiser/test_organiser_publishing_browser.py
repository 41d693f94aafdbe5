"""Drafts and releases in a real Chromium, in German and Turkish: an edit stays in the draft until it is published.

The organiser renames workshop 1 in the editor; the public page still shows the released title, the organiser's
preview of the draft shows the new one, and only after "publish" do the public page and the changelog show it.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import DEMO_SLUG
from tests.organiser.conftest import PASSWORD

pytestmark = pytest.mark.browser
BASE = f"/organiser/conferences/{DEMO_SLUG}"
NEW_TITLES = {"de": "Digitale Stadt und Verwaltung", "tr": "Dijital Şehir ve Yönetim"}
COMMENTS = {"de": "Der Titel von Fachworkshop 1 ist ergänzt.", "tr": "1. Çalıştay'ın başlığı tamamlandı."}
PUBLISH = {"de": "Fassung 2 veröffentlichen", "tr": "2. sürümü yayımla"}
PUBLISHED = {"de": "Fassung 2 ist veröffentlicht.", "tr": "2. sürüm yayımlandı."}


@pytest.fixture(params=["de", "tr"])
def organiser_tab(request, browser, live_server, demo, make_organiser):
    """A signed-in member of the demo in a browser that asks for German or Turkish; yields (tab, language)."""
    language = request.param
    make_organiser(conferences=(demo,))
    context = browser.new_context(locale={"de": "de-DE", "tr": "tr-TR"}[language], timezone_id="Europe/Berlin",
                                  base_url=live_server)
    tab = context.new_page()
    tab.goto(f"/language/{language}?next=/organiser/sign-in")
    tab.fill("input[name=email]", "organiser@example.org")
    tab.fill("input[name=password]", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url("**/organiser/")
    yield tab, language
    context.close()


def test_an_edit_reaches_the_public_only_when_the_draft_is_published(organiser_tab, axe):
    tab, language = organiser_tab
    public = f"/{language}/{DEMO_SLUG}/workshops/1/"
    tab.goto(public)
    released_heading = tab.locator("h1").inner_text()
    assert NEW_TITLES[language] not in released_heading

    tab.goto(f"{BASE}/workshops/1/edit")
    tab.fill("input[name=title_de]", NEW_TITLES["de"])
    tab.fill("input[name=title_tr]", NEW_TITLES["tr"])
    tab.click("form[data-unsaved-guard] button[type=submit]")
    tab.wait_for_url(f"**{BASE}/")

    tab.goto(public)
    expect(tab.locator("h1")).to_have_text(released_heading)
    tab.goto(f"{public}?preview=draft")
    expect(tab.locator(".draft-preview")).to_be_visible()
    expect(tab.locator("h1")).to_contain_text(NEW_TITLES[language])

    tab.goto(f"{BASE}/publish")
    expect(tab.locator("#changes-heading")).to_be_visible()
    expect(tab.locator("main")).to_contain_text(NEW_TITLES[language])
    assert axe(tab) == []
    tab.fill("textarea[name=comment_de]", COMMENTS["de"])
    tab.fill("textarea[name=comment_tr]", COMMENTS["tr"])
    tab.get_by_role("button", name=PUBLISH[language]).click()
    tab.wait_for_url(f"**{BASE}/")
    expect(tab.locator(".flash--success")).to_contain_text(PUBLISHED[language])

    tab.goto(public)
    expect(tab.locator("h1")).to_contain_text(NEW_TITLES[language])
    tab.goto(f"/{language}/{DEMO_SLUG}/changes")
    newest = tab.locator("main article").first
    expect(newest).to_contain_text(COMMENTS[language])
    expect(newest).to_contain_text(NEW_TITLES[language])
    assert axe(tab) == []

    tab.goto(f"{BASE}/releases/")
    expect(tab.locator("tbody tr")).to_have_count(2)
    assert axe(tab) == []
