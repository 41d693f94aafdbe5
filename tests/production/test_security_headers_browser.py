"""The Content-Security-Policy in a real Chromium: the main pages in both languages and the editor run without a
single violation (inline scripts or styles the policy blocks would show up here)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import DEMO_SLUG
from tests.organiser.conftest import day_path, make_organiser, sign_in_tab  # noqa: F401 - fixture
# The registration and organiser fixtures, for a personal page and a signed-in editor.
from tests.registration.conftest import confirm, mail_app, open_workshop, register, smtp_server  # noqa: F401

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile);
});
"""
PUBLIC_PAGES = ["/{lang}/", f"/{{lang}}/{DEMO_SLUG}/", f"/{{lang}}/{DEMO_SLUG}/workshops/1/",
                f"/{{lang}}/{DEMO_SLUG}/workshops/2/register", "/{lang}/registration/link"]
EDITOR_PAGES = ["/organiser/", f"/organiser/conferences/{DEMO_SLUG}/",
                f"/organiser/conferences/{DEMO_SLUG}/workshops/1/days/1/", "/organiser/tokens", "/organiser/password",
                f"/organiser/conferences/{DEMO_SLUG}/platforms/", f"/organiser/{DEMO_SLUG}/registrations",
                "/organiser/import"]


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_main_pages_and_the_editor_run_without_a_policy_violation(browser, live_server, mail_app, client, register,
                                                                  confirm, open_workshop, make_organiser, lang):
    make_organiser(conferences=(DEMO_SLUG,))
    open_workshop(1)
    register(1, lang=lang, email="csp@example.org", language=lang)
    personal_page = confirm("csp@example.org").headers["Location"]
    context = browser.new_context(locale=f"{lang}-{lang.upper()}", timezone_id="America/New_York",
                                  base_url=live_server)
    context.add_cookies([{"name": "confsched_lang", "value": lang, "url": live_server}])
    context.add_init_script(RECORD_VIOLATIONS)
    console = []
    violations = {}
    try:
        tab = context.new_page()
        tab.on("console", lambda message: console.append(message.text))

        def visit(path: str) -> None:
            response = tab.goto(path)
            assert response.status < 400 or path.endswith("register"), (path, response.status)
            tab.wait_for_load_state("load")
            violations[path] = tab.evaluate("window.__violations")

        for path in PUBLIC_PAGES:
            visit(path.format(lang=lang))
        visit(personal_page)
        sign_in_tab(tab)
        for path in EDITOR_PAGES:
            visit(path)
        # The item form's script fetches the live preview and swaps it into the page.
        tab.goto(day_path())
        row = tab.locator("#agenda-table tbody tr").nth(2)
        row.locator("summary").click()  # the day table keeps each item's own pages under "More"
        row.locator("a[href*='items/new?after=']").click()
        tab.fill("input[name=title_de]", "Kaffeepause")
        expect(tab.locator("#agenda-preview tr.moved").first).to_be_visible()
        violations["item form"] = tab.evaluate("window.__violations")
    finally:
        context.close()
    assert {path: found for path, found in violations.items() if found} == {}
    assert len(violations) == len(PUBLIC_PAGES) + len(EDITOR_PAGES) + 2
    assert [text for text in console if "Content Security Policy" in text] == []
