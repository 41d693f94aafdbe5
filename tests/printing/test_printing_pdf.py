"""The printed programme: real WeasyPrint output read back with poppler, as the organisers' hand-made PDF is read."""
from __future__ import annotations

import copy
import gzip
import re

import pytest
from flask_babel import force_locale, gettext

from confsched.extensions import db
from confsched.programme import releases
from confsched.programme.tracking import tracked

from pdf_pages import POPPLER_MISSING, fonts, pages, plain_text

pytestmark = pytest.mark.skipif(POPPLER_MISSING, reason="poppler-utils (pdftotext, pdffonts) not installed")

PDF = "/{lang}/vorkonferenz-2020/programme.pdf"
# Pages of the demo: opening, overview, then workshops 1–4 taking 2, 2, 2 and 2 pages.
DEMO_PAGES = 10
FOOTERS = {
    "de": (r"Fassung {release}, gedruckt am \w+, \d+\. \w+ \d{{4}}", "Seite {page} von {pages}"),
    "tr": (r"Sürüm {release}, basım tarihi: \d+ \w+ \d{{4}} \w+", "Sayfa {page} / {pages}"),
}
TABLE_HEADINGS = ("Date and time", "Workshop", "Platform", "Programme item", "Speakers", "Duration")


def get_pdf(client, lang: str, **query):
    """GET the printed programme and check it is a PDF."""
    response = client.get(PDF.format(lang=lang), query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    return response


def translated_headings(app, lang: str) -> list[str]:
    """The table column headings as the PDF prints them in that language."""
    with app.test_request_context(), force_locale(lang):
        return [gettext(heading) for heading in TABLE_HEADINGS]


def is_table_header(line: str, headings: list[str]) -> bool:
    """A line that holds two or more column headings is a table's header row."""
    return sum(heading in line for heading in headings) >= 2


def check_pages(app, pdf: bytes, languages: tuple[str, ...], release: int = 1) -> list:
    """What every printed page must satisfy, whatever the edition; returns the pages."""
    printed = pages(pdf, footer_lines=len(languages))
    headings = [heading for lang in languages for heading in translated_headings(app, lang)]
    for number, page in enumerate(printed, start=1):
        # No page holds a single line (the issue's "last page holding one bullet").
        assert len(page.body) >= 3, (number, page.body)
        # A table header is never the last thing on a page: at least one row follows it there.
        assert not is_table_header(page.body[-1], headings), (number, page.body[-3:])
        # The footer names the release, the print date and the page count in each language of the edition.
        for lang in languages:
            release_pattern, page_pattern = FOOTERS[lang]
            assert re.search(release_pattern.format(release=release), page.footer), page.footer
            assert page_pattern.format(page=number, pages=len(printed)) in page.footer, page.footer
    return printed


def workshop_openings(printed, lang_prefix: str) -> list[int]:
    """Page numbers (1-based) whose body starts with a workshop heading in that language."""
    return [number for number, page in enumerate(printed, start=1) if page.body[0].startswith(lang_prefix)]


@pytest.mark.parametrize("lang, workshop_heading", [("de", "Fachworkshop"), ("tr", "1. Çalıştay")])
def test_one_language_reads_like_the_hand_made_programme(app, client, demo, lang, workshop_heading):
    """Conference and background, the overview on its own page, then each workshop from a new page."""
    pdf = get_pdf(client, lang).data
    printed = check_pages(app, pdf, (lang,))
    assert len(printed) == DEMO_PAGES
    text = plain_text(pdf)
    assert "Virtuelle Vorkonferenz" in printed[0].header or "Sanal Ön Konferans" in printed[0].header
    overview = "\n".join(printed[1].body)
    assert "09:30–11:30" in overview and "10:30–12:30" in overview and "Kudo" in overview and "Zoom" in overview
    if lang == "de":
        assert [page.body[0].split(":")[0] for page in printed if page.body[0].startswith("Fachworkshop ")] == [
            f"Fachworkshop {number}" for number in (1, 2, 3, 4)]
        assert "Berlin (MESZ)" in overview and "Istanbul (UTC+3)" in overview
    else:
        assert workshop_openings(printed, workshop_heading) == [3]
        assert "İstanbul (TSİ)" in overview
    # Workshop 3 fits on two pages, as in the hand-made programme (the browser print ran to four).
    third = workshop_openings(printed, "Fachworkshop 3" if lang == "de" else "3. Çalıştay")
    fourth = workshop_openings(printed, "Fachworkshop 4" if lang == "de" else "4. Çalıştay")
    assert fourth[0] - third[0] == 2
    # Only public data: the platforms' access data never reaches paper.
    for secret in ("Kd-7319-secret", "Zm-4482-secret", "kudo.example.org", "zoom.example.org"):
        assert secret not in text
    # A link prints its address.
    register = "Anmelden" if lang == "de" else "Kaydol"
    assert f"{register}(http://localhost/{lang}/vorkonferenz-2020/workshops/1/register)" in "".join(text.split())


def test_turkish_letters_are_embedded_and_extract_as_written(app, client, demo):
    """ğ, ş, İ and ı come out of the PDF as they went in, from fonts the file carries (no casing slips)."""
    pdf = get_pdf(client, "tr").data
    used = fonts(pdf)
    assert used and all(font.embedded for font in used), used
    assert all("DejaVu" in font.name for font in used), used
    text = plain_text(pdf)
    for word in ("Çalıştay", "İstanbul", "Büyükşehir", "Yiğit", "İbrahim", "Sağiroğlu"):
        assert word in text, word
    for letter in "ğşİı":
        assert letter in text


def test_bilingual_edition_sets_each_chapter_in_german_then_turkish(app, client, demo):
    """`?edition=both`: every chapter in the URL's language, then the other; both footers on every page."""
    pdf = get_pdf(client, "de", edition="both").data
    printed = check_pages(app, pdf, ("de", "tr"))
    assert len(printed) == 2 * DEMO_PAGES
    german = workshop_openings(printed, "Fachworkshop 1")
    turkish = workshop_openings(printed, "1. Çalıştay")
    assert german and turkish and german[0] < turkish[0]
    assert fonts(pdf) and all(font.embedded for font in fonts(pdf))


@pytest.mark.parametrize("edition", ["fr", "", "BOTH", "de,tr", "tr"])
def test_an_edition_that_does_not_exist_is_a_400_that_says_why(client, demo, edition):
    """Not a 500, and not a PDF: a page naming the editions there are."""
    response = client.get(PDF.format(lang="de"), query_string={"edition": edition})
    assert response.status_code == 400
    assert "edition=both" in response.get_data(as_text=True)


def test_unknown_conference_is_a_404(client, demo):
    """No programme, no PDF, even when asked conditionally."""
    assert client.get("/de/no-such-conference/programme.pdf").status_code == 404
    assert client.get("/de/no-such-conference/programme.pdf", headers={"If-None-Match": "*"}).status_code == 404


def test_cached_per_version_and_answers_conditional_requests(app, client, demo, count_statements, publish):
    """A second request is one statement and the same bytes; 304 by ETag or date; a change prints the new release."""
    first = get_pdf(client, "de")
    assert first.headers["Content-Disposition"] == 'inline; filename="vorkonferenz-2020-de.pdf"'
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    with count_statements() as statements:
        again = get_pdf(client, "de")
    assert again.data == first.data and len(statements) == 1
    for header, value in (("If-None-Match", first.headers["ETag"]), ("If-Modified-Since", first.headers["Last-Modified"])):
        with count_statements() as statements:
            conditional = client.get(PDF.format(lang="de"), headers={header: value})
        assert conditional.status_code == 304 and len(statements) == 1
        assert conditional.headers["ETag"] == first.headers["ETag"]
    other_edition = client.get(PDF.format(lang="de"), query_string={"edition": "both"},
                               headers={"If-None-Match": first.headers["ETag"]})
    assert other_edition.status_code == 200
    packed = client.get(PDF.format(lang="de"), headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.data) == first.data
    assert packed.headers["ETag"] != first.headers["ETag"]
    with app.app_context():
        draft = releases.working_draft(demo)
        with tracked(draft):
            draft.workshops[0].title = {"de": "Digitale Stadt – neu", "tr": "Dijital Şehir"}
        db.session.commit()
    unreleased = client.get(PDF.format(lang="de"), headers={"If-None-Match": first.headers["ETag"]})
    assert unreleased.status_code == 304, "the draft is not printed"
    assert publish(demo) == 2
    changed = client.get(PDF.format(lang="de"), headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    check_pages(app, changed.data, ("de",), release=2)
    assert "Digitale Stadt – neu" in plain_text(changed.data)


def test_a_one_zone_conference_prints_its_one_column(app, client, load_document, demo_document):
    """A conference in one city prints one time per window and agenda row, and still passes every page rule."""
    document = copy.deepcopy(demo_document)
    document["conference"]["reference_zones"] = ["Europe/Berlin"]
    load_document(document)
    pdf = get_pdf(client, "de").data
    printed = check_pages(app, pdf, ("de",))
    overview = "\n".join(printed[1].body)
    assert "09:30–11:30 Berlin (MESZ)" in overview and "Istanbul" not in overview


def test_a_venue_prints_as_a_place_with_its_address(app, client, load_document, demo_document):
    """A workshop in a town hall prints under "Ort" with its address, as its page shows it, never as a platform."""
    document = copy.deepcopy(demo_document)
    document["platforms"].append({"key": "rathaus", "name": "Historisches Rathaus", "kind": "venue",
                                  "street_address": "Rathausplatz 2", "postcode": "50667", "city": "Köln",
                                  "country": "DE", "room": "Hansasaal"})
    document["workshops"][0]["platform"] = "rathaus"
    load_document(document)
    printed = check_pages(app, get_pdf(client, "de").data, ("de",))
    overview = " ".join(" ".join(printed[1].body).split())
    assert "Ort" in overview and "Historisches" in overview and "Köln" in overview
    workshop = "\n".join(line for page in printed[2:4] for line in page.body)
    assert "Ort" in workshop and "Rathausplatz 2" in workshop and "50667 Köln" in workshop
    assert not re.search(r"^\s*Plattform\b", workshop, re.M)
