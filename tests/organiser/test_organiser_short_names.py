"""A short name per language (IBB / İBB): editor, write API, programme document, pages and feeds."""
from __future__ import annotations

import copy

from confsched.programme.document import export_document
from confsched.programme.queries import load_programme


def _ibb(document: dict) -> dict:
    """The Istanbul municipality's entry of a document."""
    return next(entry for entry in document["organisations"] if entry["key"] == "ibb")


def test_document_round_trip_keeps_one_string_or_a_name_per_language(app, load_document, demo_document):
    document = copy.deepcopy(demo_document)
    _ibb(document)["short_name"] = {"de": "IBB", "tr": "İBB"}
    load_document(document)
    with app.app_context():
        exported = export_document(load_programme("vorkonferenz-2020"))
    assert _ibb(exported)["short_name"] == {"de": "IBB", "tr": "İBB"}
    dst = next(entry for entry in exported["organisations"] if entry["key"] == "dst")
    assert dst["short_name"] == "DST"


def test_pages_and_feeds_show_the_short_name_of_their_language(client, load_document, demo_document):
    document = copy.deepcopy(demo_document)
    _ibb(document)["short_name"] = {"de": "IBB", "tr": "İBB"}
    load_document(document)
    turkish_feed = client.get("/tr/vorkonferenz-2020/calendar.ics").get_data(as_text=True).replace("\r\n ", "")
    german_feed = client.get("/de/vorkonferenz-2020/calendar.ics").get_data(as_text=True).replace("\r\n ", "")
    assert "(İBB)" in turkish_feed and "(IBB)" not in turkish_feed
    assert "(IBB)" in german_feed and "İBB" not in german_feed
    pages = {language: "".join(client.get(f"/{language}/vorkonferenz-2020/workshops/{number}/").get_data(as_text=True)
                               for number in range(1, 5)) for language in ("de", "tr")}
    assert "İBB" in pages["tr"] and "İBB" not in pages["de"]


def test_editor_holds_a_short_name_per_language(app, editor, demo, draft_programme):
    page = editor.get(f"/organiser/conferences/{demo}/organisations/ibb/edit").get_data(as_text=True)
    assert 'name="short_name_de"' in page and 'name="short_name_tr"' in page
    response = editor.post(f"/organiser/conferences/{demo}/organisations/ibb/edit", data={
        "key": "ibb", "short_name_de": "IBB", "short_name_tr": "İBB", "name_de": "Stadt Istanbul",
        "name_tr": "İstanbul Büyükşehir Belediyesi", "city": "", "country": "TR", "conference_role": "supporter"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        ibb = next(row for row in draft_programme(demo).organisations if row.key == "ibb")
        assert ibb.short_name == {"de": "IBB", "tr": "İBB"}


def test_api_takes_a_short_name_per_language_or_one_for_all(app, demo, make_organiser, api_token):
    make_organiser(conferences=(demo,))
    client = app.test_client()
    headers = {"Authorization": f"Bearer {api_token()}"}
    per_language = client.patch(f"/api/v1/conferences/{demo}/organisations/ibb", headers=headers,
                                json={"short_name": {"de": "IBB", "tr": "İBB"}})
    assert per_language.status_code == 200, per_language.get_json()
    assert per_language.get_json()["entry"]["short_name"] == {"de": "IBB", "tr": "İBB"}
    one = client.patch(f"/api/v1/conferences/{demo}/organisations/ibb", headers=headers, json={"short_name": "IBB"})
    assert one.get_json()["entry"]["short_name"] == "IBB"
    body = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/conferences/{slug}/organisations"]
    short_name = body["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]["short_name"]
    assert [branch["type"] for branch in short_name["anyOf"]] == ["string", ["object", "null"]]
