"""The browser's own print of the agenda pages (Chromium's print to PDF), held to the printed programme's standard.

Issue 16 found workshop 3 leaving an orphaned table header at the foot of page 1 and running to four A4
pages, the last holding one bullet; the overview's first page half empty and timeline titles clipped;
"Anmelden" printed without its address, and no print date.
"""
from __future__ import annotations

import re

import pytest

from pdf_pages import POPPLER_MISSING, lowest_text, pages, plain_text

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(POPPLER_MISSING, reason="poppler-utils (pdftotext, pdffonts) not installed")]

W3 = "/{lang}/vorkonferenz-2020/workshops/3/"
HEADER_ROWS = {"de": ("Programmpunkt", "Redner/innen"), "tr": ("Program maddesi", "Konuşmacılar")}
PRINT_DATES = {"de": r"Gedruckt am \w+, \d{1,2}\. \w+ \d{4}", "tr": r"Basım tarihi: \d{1,2} \w+ \d{4} \w+"}
REGISTER = {"de": "Anmelden", "tr": "Kaydol"}


@pytest.fixture
def printed(browser, live_server, demo):
    """Factory: a page of the demo printed by Chromium to A4, as a reader's print dialogue would."""
    contexts = []

    def print_(path: str, **options):
        # The viewport is A4's printable width, so what the page measures is what the paper shows.
        context = browser.new_context(timezone_id="Europe/Berlin", viewport={"width": 703, "height": 1000})
        contexts.append(context)
        tab = context.new_page()
        tab.goto(live_server + path)
        tab.emulate_media(media="print")
        return tab, tab.pdf(format="A4", **options)

    yield print_
    for context in contexts:
        context.close()


def body_pages(pdf: bytes) -> list[list[str]]:
    """Each page's non-blank lines (Chromium prints no running header or footer here)."""
    return [[page.header, *page.body, page.footer] for page in pages(pdf)]


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_workshop_3_prints_whole_on_three_pages_at_most(printed, lang):
    """No orphaned table header, no page with a lone line or bullet, the registration address and a print date."""
    tab, pdf = printed(W3.format(lang=lang))
    sheets = body_pages(pdf)
    assert len(sheets) <= 3, [sheet[-1] for sheet in sheets]
    for number, lines in enumerate(sheets, start=1):
        assert len(lines) >= 3, (number, lines)
        assert not all(word in lines[-1] for word in HEADER_ROWS[lang]), (number, lines[-3:])
    register_url = f"http://localhost/{lang}/vorkonferenz-2020/workshops/3/register"
    link = tab.locator("a[data-print-url]")
    assert link.inner_text().strip() == REGISTER[lang]
    assert register_url in link.evaluate("a => getComputedStyle(a, '::after').content")
    text = plain_text(pdf)
    # pdftotext drops a hyphen where the address wraps after one, so compare without hyphens and spaces.
    assert register_url.replace("-", "") in "".join(text.split()).replace("-", "")
    assert re.search(PRINT_DATES[lang], " ".join(text.split()))


def test_overview_fills_its_first_page_and_prints_whole_timeline_titles(printed):
    """The timeline starts on page 1 (not pushed whole to page 2), and no block clips its title or times."""
    tab, pdf = printed("/de/vorkonferenz-2020/")
    first = "\n".join(body_pages(pdf)[0])
    assert "Auf einen Blick" in first
    assert lowest_text(pdf, 1) > 0.85
    clipped = tab.eval_on_selector_all(
        ".timeline-block a, .timeline-block__title",
        "elements => elements.filter(e => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1)"
        ".map(e => e.textContent.trim())")
    assert clipped == []
