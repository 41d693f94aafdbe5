"""The embeddable agenda: compact, in all zones, cookieless, cacheable, framed only by the sites the organiser lists."""
from __future__ import annotations

import copy

import pytest
from flask import session

from confsched.agenda.embedding import snippet
from confsched.security_headers import EMBEDDABLE_ENDPOINTS
from tests.conftest import DEMO_SLUG
from tests.organiser.conftest import api_token, make_organiser, sign_in  # noqa: F401 - fixtures
from tests.production.test_security_headers import policy

PARTNERS = ["https://www.staedtetag.de", "http://localhost:8000"]
PROGRAMME = f"/de/{DEMO_SLUG}/embed"
WORKSHOP = f"/tr/{DEMO_SLUG}/workshops/1/embed"


@pytest.fixture
def listed(load_document, demo_document) -> str:
    """The demo, with two partner sites allowed to frame its agenda."""
    document = copy.deepcopy(demo_document)
    document["conference"]["embed_origins"] = PARTNERS
    load_document(document)
    return DEMO_SLUG


def time_cells(row, text_of) -> list[str]:
    """The times of an agenda row, as a reader sees them."""
    return [text_of(cell) for cell in row.xpath(".//*[contains(@class, 'agenda__time')]")]


def test_only_the_embed_pages_are_embeddable():
    assert EMBEDDABLE_ENDPOINTS == {"agenda.embed", "agenda.embed_workshop"}


@pytest.mark.parametrize("path", [PROGRAMME, WORKSHOP])
def test_only_the_listed_sites_may_frame_it(client, listed, path):
    response = client.get(path)
    assert policy(response)["frame-ancestors"] == "https://www.staedtetag.de http://localhost:8000"
    assert policy(response)["script-src"] == "'self'"
    # X-Frame-Options cannot name two sites: it is left out rather than contradict the policy.
    assert "X-Frame-Options" not in response.headers


@pytest.mark.parametrize("path", [PROGRAMME, WORKSHOP])
def test_without_listed_sites_nobody_may_frame_it(client, demo, path):
    response = client.get(path)
    assert response.status_code == 200
    assert policy(response)["frame-ancestors"] == "'none'" and response.headers["X-Frame-Options"] == "DENY"


def test_other_pages_stay_unframable_for_the_listed_sites(client, listed):
    response = client.get(f"/de/{DEMO_SLUG}/")
    assert policy(response)["frame-ancestors"] == "'none'" and response.headers["X-Frame-Options"] == "DENY"


def test_the_programme_shows_every_workshop_in_both_reference_zones_and_the_readers(listed, page, text_of):
    response, html = page(PROGRAMME + "?tz=America/New_York")
    assert html.get("lang") == "de" and response.headers["Content-Language"] == "de"
    first = html.xpath("//li[contains(@class, 'embed-workshop')]")[0]
    assert "Fachworkshop 1: Digitale Stadt" in text_of(first.xpath(".//h2")[0])
    windows = [text_of(item) for item in first.xpath(".//ul[contains(@class, 'window-list')]/li")]
    assert windows == ["09:30–11:30 Berlin (MESZ)", "10:30–12:30 Istanbul (UTC+3)", "03:30–05:30 New York (EDT)"]
    assert len(html.xpath("//li[contains(@class, 'embed-workshop')]")) == 4


def test_a_workshop_shows_its_agenda_in_turkish(listed, page, text_of):
    _response, html = page(WORKSHOP + "?tz=Asia/Tokyo")
    assert html.get("lang") == "tr"
    assert text_of(html.xpath("//h1")[0]) == "1. Çalıştay: Dijital Şehir"
    headings = [text_of(cell) for cell in html.xpath("//table//thead//th")]
    assert headings[:3] == ["Berlin (CEST)", "İstanbul (TSİ)", "Tokyo (JST)"]
    first_row = html.xpath("//table//tbody/tr")[0]
    assert time_cells(first_row, text_of) == ["09:30", "10:30", "16:30"]


def test_a_conference_in_one_zone_shows_that_zone_and_the_readers(load_document, demo_document, page, text_of):
    document = copy.deepcopy(demo_document)
    document["conference"]["reference_zones"] = ["Europe/Berlin"]
    load_document(document)
    _response, html = page(f"{PROGRAMME}?tz=Europe/Istanbul")
    first = html.xpath("//li[contains(@class, 'embed-workshop')]")[0]
    windows = [text_of(item) for item in first.xpath(".//ul[contains(@class, 'window-list')]/li")]
    assert windows == ["09:30–11:30 Berlin (MESZ)", "10:30–12:30 Istanbul (UTC+3)"]
    _response, html = page(WORKSHOP)
    assert [text_of(cell) for cell in html.xpath("//table//thead//th")] == ["Berlin (CEST)", "Program maddesi"]


def test_links_open_the_full_pages_in_a_new_tab(listed, page):
    for path in (PROGRAMME + "?tz=Asia/Tokyo", WORKSHOP):
        _response, html = page(path)
        links = html.xpath("//a")
        assert links
        for link in links:
            assert link.get("target") == "_blank" and link.get("rel") == "noopener"
            assert "/embed" not in link.get("href")
    _response, html = page(PROGRAMME + "?tz=Asia/Tokyo")
    assert html.xpath("//a")[0].get("href") == f"/de/{DEMO_SLUG}/workshops/1/?tz=Asia/Tokyo"


@pytest.mark.parametrize(("asked", "shown"), [("europe/vienna", "Europe/Vienna"), ("ASIA/TOKYO", "Asia/Tokyo")])
def test_a_zone_in_any_case_is_spelled_the_iana_way(listed, page, asked, shown):
    response, html = page(f"{PROGRAMME}?tz={asked}")
    assert f"-de-{shown}-" in response.headers["ETag"]
    assert html.xpath("//a")[0].get("href").endswith(f"?tz={shown}")


@pytest.mark.parametrize("asked", ["Nowhere/Else", "Europe/Berlin%0Aevil", "x" * 500, ""])
def test_an_unknown_zone_shows_the_reference_zones_only(listed, page, text_of, asked):
    """Inside a partner's page an error page would help no one: the third column is simply left out."""
    _response, html = page(f"{PROGRAMME}?tz={asked}")
    first = html.xpath("//li[contains(@class, 'embed-workshop')]")[0]
    assert len(first.xpath(".//ul[contains(@class, 'window-list')]/li")) == 2
    assert "?" not in html.xpath("//a")[0].get("href")


@pytest.mark.parametrize("path", [PROGRAMME + "?tz=Asia/Tokyo", WORKSHOP + "?tz=Asia/Tokyo", WORKSHOP])
def test_it_sets_no_cookie_and_does_not_vary_by_one(app, client, listed, make_organiser, sign_in, path):
    """Not even for a signed-in organiser, whose session would otherwise be refreshed, nor for a zone asked for."""
    make_organiser()
    sign_in(client)
    client.set_cookie("confsched_tz", "Asia/Kolkata")
    response = client.get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "cookie" not in response.headers.get("Vary", "").lower()
    assert "Kolkata" not in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "public, no-cache"


def test_no_cookie_leaves_even_when_a_hook_sets_one_or_writes_the_session(app, listed):
    """The guarantee does not rest on today's hooks: a later feature that writes the session or sets a cookie on
    every response still cannot make the embedded page set one (while other pages do)."""

    @app.before_request
    def write_session():
        session["seen"] = True

    @app.after_request
    def set_cookie(response):
        response.set_cookie("feature", "1")
        return response

    client = app.test_client()
    assert "Set-Cookie" not in client.get(PROGRAMME).headers
    assert "Set-Cookie" not in client.get(WORKSHOP + "?tz=Asia/Tokyo").headers
    assert len(client.get(f"/de/{DEMO_SLUG}/").headers.getlist("Set-Cookie")) == 2


def test_answers_304_to_a_current_copy_and_200_after_a_release(app, client, listed, api_token, make_organiser,
                                                               publish):
    first = client.get(PROGRAMME)
    etag = first.headers["ETag"]
    again = client.get(PROGRAMME, headers={"If-None-Match": etag})
    assert again.status_code == 304 and "Set-Cookie" not in again.headers
    assert policy(again)["frame-ancestors"] == "https://www.staedtetag.de http://localhost:8000"
    make_organiser(conferences=(listed,))
    changed = app.test_client().patch(f"/api/v1/conferences/{listed}", json={"embed_origins": ["https://www.tbb.gov.tr"]},
                                      headers={"Authorization": f"Bearer {api_token()}"})
    assert changed.status_code == 200
    # The change is in the draft: the embedded agenda and the sites allowed to frame it stay as released.
    unchanged = client.get(PROGRAMME, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    assert policy(unchanged)["frame-ancestors"] == "https://www.staedtetag.de http://localhost:8000"
    publish(listed)
    after = client.get(PROGRAMME, headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert policy(after)["frame-ancestors"] == "https://www.tbb.gov.tr"
    assert 'data-parent-origins="https://www.tbb.gov.tr"' in after.get_data(as_text=True)


def test_a_warm_page_and_a_304_cost_two_statements(client, listed, count_statements):
    """The listed origins and the version; the page itself comes from the render cache."""
    etag = client.get(WORKSHOP).headers["ETag"]
    with count_statements() as statements:
        assert client.get(WORKSHOP).status_code == 200
    assert len(statements) == 2
    with count_statements() as statements:
        assert client.get(WORKSHOP, headers={"If-None-Match": etag}).status_code == 304
    assert len(statements) == 2


def test_the_frame_script_posts_only_to_the_listed_sites(listed, page):
    _response, html = page(PROGRAMME)
    (script,) = html.xpath("//script")
    assert script.get("src").startswith("/static/embed-frame.js")
    assert script.get("data-parent-origins") == "https://www.staedtetag.de http://localhost:8000"


@pytest.mark.parametrize(("path", "status"), [(f"/de/{DEMO_SLUG}/workshops/99/embed", 404),
                                              ("/de/no-such-conference/embed", 404),
                                              (f"/fr/{DEMO_SLUG}/embed", 404)])
def test_what_does_not_exist_is_a_404(client, listed, path, status):
    assert client.get(path).status_code == status


def test_a_removed_workshop_is_gone(app, client, listed, demo_document, load_document):
    document = copy.deepcopy(demo_document)
    document["conference"]["embed_origins"] = PARTNERS
    document["workshops"] = [workshop for workshop in document["workshops"] if workshop["number"] != 4]
    load_document(document)
    assert client.get(f"/de/{DEMO_SLUG}/workshops/4/embed").status_code == 410


def test_the_snippet_escapes_every_value():
    code = snippet("https://programme.example.org/static/embed.js", "vorkonferenz-2020", "tr",
                   'Program: "Kardeş" <Şehirler> & Co')
    assert code == ('<script src="https://programme.example.org/static/embed.js" data-conference="vorkonferenz-2020" '
                    'data-lang="tr" data-title="Program: &#34;Kardeş&#34; &lt;Şehirler&gt; &amp; Co" async></script>')
