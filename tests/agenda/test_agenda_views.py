"""URLs, redirects, the reader's zone, language switching, error pages, conditional requests and caching."""
from __future__ import annotations

import copy
import re

import lxml.html
import pytest
from flask import template_rendered

from confsched.agenda.reader_zone import ZONE_COOKIE
from confsched.i18n import LANGUAGE_COOKIE
from confsched.programme import editing
from confsched.programme.queries import load_programme

W1 = "/de/vorkonferenz-2020/workshops/1/"


@pytest.fixture
def rendered(app):
    """The names of the templates rendered while the test runs."""
    names: list[str] = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


@pytest.mark.parametrize(("accept_language", "target"), [
    ("tr-TR,tr;q=0.9,en;q=0.5", "/tr/"),
    ("de-DE,de;q=0.9", "/de/"),
    ("en-US,en;q=0.9", "/de/"),
    (None, "/de/"),
])
def test_root_redirects_by_accept_language(client, accept_language, target):
    headers = {"Accept-Language": accept_language} if accept_language else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == target
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_root_prefers_the_remembered_language(client):
    client.set_cookie(LANGUAGE_COOKIE, "tr")
    assert client.get("/", headers={"Accept-Language": "de"}).headers["Location"] == "/tr/"


def test_conference_list_links_to_overviews(demo, page, text_of):
    response, document = page("/tr/")
    links = document.xpath("//ul[@class='conference-list']//a")
    assert [link.get("href") for link in links] == ["/tr/vorkonferenz-2020/"]
    assert text_of(links[0]) == "Türk-Alman Kardeş Şehirler Konferansı Sanal Ön Konferansı"
    assert "3–18 Haz 2020" in text_of(document.body)
    assert response.headers["Content-Language"] == "tr"


@pytest.mark.parametrize("url", [
    "/en/", "/en/vorkonferenz-2020/", "/de/no-such-conference/", "/de/vorkonferenz-2020/workshops/99/",
    "/de/vorkonferenz-2020/workshops/one/", "/de/vorkonferenz-2020/workshops/0/", "/de/vorkonferenz-2020/extra/path/",
])
def test_unknown_language_conference_or_workshop_is_a_404_page(demo, page, text_of, url):
    response, document = page(url, expected_status=404)
    assert response.mimetype == "text/html"
    assert text_of(document.xpath("//h1")[0]) == "Seite nicht gefunden"
    assert document.xpath("//link[@rel='stylesheet']")


@pytest.mark.parametrize(("lang", "heading", "link"), [
    ("de", "Dieser Fachworkshop wurde entfernt", "Zum Programm"),
    ("tr", "Bu çalıştay programdan çıkarıldı", "Programa git"),
])
def test_a_removed_workshop_is_gone_in_the_page_language_with_a_link_to_the_programme(
        app, demo, demo_document, load_document, page, text_of, lang, heading, link):
    """Workshop 4 left out of an import answers 410 Gone; another number it never had stays 404."""
    shorter = copy.deepcopy(demo_document)
    del shorter["workshops"][3]
    load_document(shorter)
    response, document = page(f"/{lang}/vorkonferenz-2020/workshops/4/", expected_status=410)
    assert response.headers["Content-Language"] == lang and document.get("lang") == lang
    assert text_of(document.xpath("//h1")[0]) == heading
    programme = document.xpath(f"//a[normalize-space()='{link}']/@href")
    assert programme == [f"/{lang}/vorkonferenz-2020/"]
    page(f"/{lang}/vorkonferenz-2020/workshops/5/", expected_status=404)


def test_a_workshop_number_that_returns_is_live_again(app, demo, demo_document, load_document, page):
    """Removed through the editor, re-added by an import: the page answers 200 again."""
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        editing.delete_workshop(conference, editing.find_workshop(conference, 2))
    page("/de/vorkonferenz-2020/workshops/2/", expected_status=410)
    load_document(demo_document)
    page("/de/vorkonferenz-2020/workshops/2/")


def test_404_speaks_the_language_of_the_url_or_the_reader(demo, page, text_of):
    _, document = page("/tr/no-such-conference/", expected_status=404)
    assert document.get("lang") == "tr"
    assert text_of(document.xpath("//h1")[0]) == "Sayfa bulunamadı"
    response, document = page("/nowhere", expected_status=404, headers={"Accept-Language": "tr"})
    assert text_of(document.xpath("//h1")[0]) == "Sayfa bulunamadı"
    assert response.headers["Content-Language"] == "tr"
    assert {"Accept-Language", "Cookie"} <= set(response.vary)
    assert document.xpath("//head/link[@rel='alternate']") == []
    switch = document.xpath("//nav[@class='language-switch']//a/@href")
    assert switch == ["/language/de?next=/nowhere"]


def test_api_errors_stay_json(client):
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response.is_json and response.json["error"]["status"] == 404


@pytest.mark.parametrize("value", [
    "Mars/Olympus_Mons", "garbage", "x" * 300, "../../etc/passwd", "Europe/../../etc/passwd", "Europe\\Berlin",
    "<script>alert(1)</script>", "Europe/Berlin/Extra", "%2e%2e%2f",
])
def test_invalid_reader_zone_is_a_400_page_in_the_page_language(demo, client, value):
    for lang, heading in (("de", "Unbekannte Zeitzone"), ("tr", "Bilinmeyen saat dilimi")):
        for url in (f"/{lang}/vorkonferenz-2020/workshops/1/", f"/{lang}/vorkonferenz-2020/", f"/{lang}/"):
            response = client.get(url, query_string={"tz": value})
            html = response.get_data(as_text=True)
            assert response.status_code == 400
            assert heading in html
            assert "<script>alert" not in html
            assert ZONE_COOKIE not in response.headers.get("Set-Cookie", "")
            assert len(html) < 60_000


def test_400_page_names_the_zone_and_offers_the_picker(demo, page, text_of):
    _, document = page(W1 + "?tz=Europe/Atlantis", expected_status=400)
    assert "„Europe/Atlantis“ ist keine uns bekannte Zeitzone" in text_of(document.body)
    assert "America/New_York" in document.xpath("//select[@name='tz']//option/@value")
    switch = document.xpath("//nav[@class='language-switch']//a/@href")
    assert switch == ["/tr/vorkonferenz-2020/workshops/1/"]


def test_reader_zone_is_remembered_in_a_cookie(demo, client):
    response = client.get(W1, query_string={"tz": "Asia/Tokyo"})
    assert f"{ZONE_COOKIE}=Asia/Tokyo" in response.headers["Set-Cookie"]
    remembered = client.get("/tr/vorkonferenz-2020/").get_data(as_text=True)
    assert "16:30" in remembered and "Tokyo" in remembered
    cleared = client.get(W1, query_string={"tz": ""})
    assert f"{ZONE_COOKIE}=;" in cleared.headers["Set-Cookie"]
    assert "16:30" not in client.get(W1).get_data(as_text=True)


def test_a_garbage_zone_cookie_is_ignored(demo, client):
    client.set_cookie(ZONE_COOKIE, "../../etc/passwd")
    response = client.get(W1)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


def test_language_switch_keeps_the_page_and_the_zone(demo, page):
    _, document = page(W1 + "?tz=Asia/Tokyo&utm_source=newsletter")
    switch = document.xpath("//nav[@class='language-switch']//a/@href")
    assert switch == ["/tr/vorkonferenz-2020/workshops/1/?tz=Asia/Tokyo"]
    assert document.xpath("//nav[@class='language-switch']//a/@hreflang") == ["tr"]
    assert document.xpath("//head/link[@rel='alternate']/@hreflang") == ["tr"]
    _, remembered = page("/tr/vorkonferenz-2020/")
    assert remembered.xpath("//nav[@class='language-switch']//a/@href") == ["/de/vorkonferenz-2020/?tz=Asia/Tokyo"]
    _, cleared = page("/tr/vorkonferenz-2020/?tz=")
    assert cleared.xpath("//nav[@class='language-switch']//a/@href") == ["/de/vorkonferenz-2020/"]


@pytest.mark.parametrize(("next_url", "target"), [
    ("/organiser/conferences/?page=2", "/organiser/conferences/?page=2"),
    ("/de/vorkonferenz-2020/workshops/1/?tz=Asia/Tokyo", "/tr/vorkonferenz-2020/workshops/1/?tz=Asia/Tokyo"),
    ("/de", "/tr/"),
    ("//evil.example/", "/tr/"),
    ("https://evil.example/", "/tr/"),
    ("/\\evil.example", "/tr/"),
    ("javascript:alert(1)", "/tr/"),
    ("/ok\r\nSet-Cookie: x=y", "/tr/"),
    (None, "/tr/"),
])
def test_language_route_remembers_the_choice_and_only_returns_to_this_site(client, next_url, target):
    query = {"next": next_url} if next_url is not None else {}
    response = client.get("/language/tr", query_string=query)
    assert response.status_code == 303
    assert response.headers["Location"] == target
    assert f"{LANGUAGE_COOKIE}=tr" in response.headers["Set-Cookie"]


def test_pages_say_their_language_and_what_they_vary_on(demo, client):
    response = client.get(W1)
    assert response.headers["Content-Language"] == "de"
    assert "Cookie" in response.vary
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.get_etag()[0].startswith("c-")


def test_conditional_request_gets_304_without_rendering_or_loading(demo, client, rendered, count_statements):
    etag = client.get(W1 + "?tz=Asia/Tokyo").get_etag()[0]
    rendered.clear()
    with count_statements() as statements:
        response = client.get(W1 + "?tz=Asia/Tokyo", headers={"If-None-Match": f'"{etag}"'})
    assert response.status_code == 304
    assert rendered == []
    assert len(statements) == 1
    other_zone = client.get(W1 + "?tz=America/New_York", headers={"If-None-Match": f'"{etag}"'})
    assert other_zone.status_code == 200
    other_language = client.get(W1.replace("/de/", "/tr/") + "?tz=Asia/Tokyo", headers={"If-None-Match": f'"{etag}"'})
    assert other_language.status_code == 200


def test_rendered_pages_are_cached_until_the_programme_changes(demo, demo_document, load_document, client, rendered,
                                                               count_statements):
    first = client.get(W1).get_data(as_text=True)
    rendered.clear()
    with count_statements() as statements:
        second = client.get(W1).get_data(as_text=True)
    assert second == first
    assert rendered == [] and len(statements) == 1
    document = copy.deepcopy(demo_document)
    document["workshops"][0]["title"]["de"] = "Digitale Stadt und Verwaltung"
    load_document(document)
    changed = client.get(W1)
    assert "Digitale Stadt und Verwaltung" in changed.get_data(as_text=True)
    assert rendered


@pytest.mark.parametrize("path", ["/de/{slug}/", "/de/{slug}/workshops/1/", "/tr/{slug}/workshops/1/?tz=Asia/Tokyo"])
def test_sql_statements_per_page_do_not_grow_with_the_programme(make_document, load_document, client,
                                                                count_statements, path):
    load_document(make_document(slug="small", workshops=1, items_per_day=3))
    load_document(make_document(slug="large", workshops=50, days_per_workshop=2, items_per_day=12, people=40))
    counts = []
    for slug in ("small", "large"):
        with count_statements() as statements:
            response = client.get(path.format(slug=slug))
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_500_page_is_calm_and_localized(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/broken-for-test")
    def broken():
        raise RuntimeError("boom")

    client = app.test_client()
    response = client.get("/broken-for-test", headers={"Accept-Language": "tr"})
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Bir sorun oluştu" in html and "boom" not in html
    assert response.headers["Content-Language"] == "tr"


def test_405_uses_the_generic_error_page(client):
    response = client.post("/de/")
    assert response.status_code == 405
    assert "Der Vorgang konnte nicht ausgeführt werden" in response.get_data(as_text=True)
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("url", ["/de/", "/tr/vorkonferenz-2020/", W1, "/de/nowhere/at/all"])
def test_every_asset_comes_from_the_app_itself(demo, client, url):
    response = client.get(url)
    document = lxml.html.fromstring(response.get_data(as_text=True))
    assets = document.xpath("//link/@href | //script/@src | //img/@src | //iframe/@src")
    assert assets and all(asset.startswith("/") and not asset.startswith("//") for asset in assets)
    for asset in document.xpath("//link[@rel='stylesheet']/@href | //script/@src"):
        with client.get(asset) as served:
            assert served.status_code == 200


def test_favicon_answers_where_browsers_look_for_it(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.content_type == "image/vnd.microsoft.icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO directory
        assert response.cache_control.max_age == 24 * 60 * 60


@pytest.mark.parametrize("url", ["/de/", "/de/vorkonferenz-2020/", W1, "/tr/vorkonferenz-2020/workshops/1/register"])
def test_versioned_assets_are_kept_for_a_year_and_others_revalidate(demo, client, url):
    """Every asset on a page has a versioned URL that browsers keep; an unversioned or old one revalidates."""
    assets = re.findall(r'(?:href|src)="(/[^"]*static/[^"]+)"', client.get(url).get_data(as_text=True))
    assert assets
    for asset in assets:
        with client.get(asset) as response:
            assert response.status_code == 200, asset
            assert response.cache_control.max_age == 365 * 24 * 60 * 60 and response.cache_control.immutable, asset
            assert not response.cache_control.no_cache, asset
        with client.get(asset.replace("?v=", "?v=old")) as stale:
            assert stale.cache_control.max_age != 365 * 24 * 60 * 60, asset
