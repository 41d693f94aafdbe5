"""A corpus of malformed input against public pages, the editor and the write API: refused, never a 500."""
from __future__ import annotations

import json
import logging

import pytest

from confsched import create_app
from tests.conftest import DEMO_SLUG
from tests.organiser.conftest import PASSWORD

API = "/api/v1"
DEEP_JSON = "[" * 1000 + "]" * 1000
DEEP_OBJECT = '{"a":' * 1000 + "1" + "}" * 1000
HALF_A_PAIR = '{"format": "confsched-programme", "version": 1, "conference": {"slug": "x", "title": {"de": "A\\ud800"}}}'


def deeply_nested_sections(depth: int) -> list:
    """An agenda whose sections nest `depth` deep, which the importer would walk recursively."""
    item = {"kind": "presentation", "title": {"de": "Innen"}, "duration_minutes": 5}
    for _ in range(depth):
        item = {"kind": "section", "title": {"de": "Abschnitt"}, "items": [item]}
    return [item]


@pytest.fixture
def api(app, demo, make_organiser, api_token):
    """A client whose requests carry a member's bearer token; returns the response."""
    make_organiser(conferences=(demo,))
    headers = {"Authorization": f"Bearer {api_token()}"}
    client = app.test_client()

    def call(method: str, path: str, **extra):
        return client.open(f"{API}{path}", method=method, headers=headers, **extra)

    return call


@pytest.mark.parametrize("url", [
    "/de/a%00b/", f"/de/{DEMO_SLUG}%00/", f"/tr/{DEMO_SLUG}/workshops/1%0A/", "/%00", f"/de/{DEMO_SLUG}/calendar.ics%00",
])
def test_control_characters_in_a_path_are_a_404(demo, client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "<html" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["tz=Europe/Berlin%00", "tz=%0D%0ASet-Cookie:x=1", "q%00=1", "invitation=%00",
                                   "tz=Europe%E2%80%A8Berlin"])
def test_control_characters_in_a_query_are_a_400_in_the_page_language(demo, client, query):
    response = client.get(f"/tr/{DEMO_SLUG}/workshops/1/?{query}")
    assert response.status_code == 400
    assert response.headers["Content-Language"] == "tr"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("body", [DEEP_JSON, DEEP_OBJECT])
@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/imports"),
    ("PATCH", f"/conferences/{DEMO_SLUG}"),
    ("PATCH", f"/conferences/{DEMO_SLUG}/workshops/1"),
    ("POST", f"/conferences/{DEMO_SLUG}/workshops/1/days/1/items"),
])
def test_json_nested_a_thousand_deep_is_refused_before_parsing(api, method, path, body):
    response = api(method, path, data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.is_json


@pytest.mark.parametrize("body", ['{"conference": []}', '"x"', "1", "null", "[]", '{"conference": "x"}'])
def test_import_of_something_that_is_not_a_document_is_refused(api, runner, tmp_path, body):
    assert api("POST", "/imports", data=body, content_type="application/json").status_code == 400
    path = tmp_path / "document.json"
    path.write_text(body)
    assert runner.invoke(args=["import", str(path)]).exit_code == 1


def test_the_editor_refuses_documents_that_are_too_deep_or_not_documents(editor):
    for text in (DEEP_JSON, '{"conference": []}', "1", HALF_A_PAIR):
        response = editor.post("/organiser/import", data={"text": text, "apply": "y"})
        assert response.status_code == 400, text[:20]


def test_sections_nested_four_hundred_deep_are_refused(api, demo_document):
    document = json.loads(json.dumps(demo_document))
    document["workshops"][0]["days"][0]["items"] = deeply_nested_sections(400)
    response = api("POST", "/imports", data=json.dumps(document), content_type="application/json")
    assert response.status_code == 400


def test_a_date_whose_zone_conversion_would_overflow_is_refused(api):
    response = api("PATCH", f"/conferences/{DEMO_SLUG}/workshops/1/days/1",
                   json={"date": "9999-12-31", "zone": "Pacific/Pago_Pago"})
    assert response.status_code == 400
    assert response.get_json()["error"]["problems"][0]["field"] == "date"


def test_an_item_of_another_day_is_no_place_to_insert_after(app, editor, api_token):
    """The API (saving and previewing) and the editor (saving and previewing) refuse it alike."""
    headers = {"Authorization": f"Bearer {api_token()}"}
    agenda = app.test_client().get(f"{API}/conferences/{DEMO_SLUG}/workshops/4/days/2/agenda", headers=headers)
    other_day_item = agenda.get_json()["agenda"]["items"][0]["id"]
    path = f"{API}/conferences/{DEMO_SLUG}/workshops/1/days/1/items"
    item = {"kind": "presentation", "title": {"de": "Neu"}, "duration_minutes": 10, "after": other_day_item}
    for query in ("", "?dry_run=true"):
        response = app.test_client().post(path + query, json=item, headers=headers)
        assert response.status_code == 400, query
        assert response.get_json()["error"]["problems"][0]["field"] == "after"
    form = {"kind": "presentation", "title_de": "Neu", "title_tr": "Yeni", "duration_minutes": "10"}
    editor_path = f"/organiser/conferences/{DEMO_SLUG}/workshops/1/days/1/items"
    saved = editor.post(f"{editor_path}/new?after={other_day_item}", data={**form, "action": "save"})
    assert saved.status_code == 400 and "gehört zu einem anderen Tag" in saved.get_data(as_text=True)
    # Previews show a problem beside the unchanged agenda, as they do for every other refusal.
    for preview in (editor.post(f"{editor_path}/new?after={other_day_item}", data={**form, "action": "preview"}),
                    editor.post(f"{editor_path}/preview?after={other_day_item}", data=form)):
        assert preview.status_code < 500 and "gehört zu einem anderen Tag" in preview.get_data(as_text=True)


def test_a_next_with_a_line_break_after_signing_in_goes_to_the_dashboard(app, client, demo, make_organiser):
    make_organiser(conferences=(demo,))
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/organiser/sign-in", data={"email": "organiser@example.org", "password": PASSWORD,
                                                        "next": "/organiser/\r\nSet-Cookie: x=1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/organiser/"


def test_an_unreachable_database_is_a_503_page_and_one_log_line(caplog):
    """A real refused connection: the page says so in the page language; the log holds one line, no traceback."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                      "SQLALCHEMY_DATABASE_URI": "postgresql://postgres@127.0.0.1:1/unreachable"})
    with caplog.at_level(logging.ERROR):
        page = app.test_client().get("/tr/")
        api = app.test_client().get(f"{API}/conferences/{DEMO_SLUG}")
    assert page.status_code == 503 and api.status_code == 503
    assert page.headers["Content-Language"] == "tr" and page.headers["Retry-After"]
    assert "Kısa süreliğine" in page.get_data(as_text=True)
    assert api.get_json()["error"]["status"] == 503
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 2 and all(record.getMessage().startswith("database unreachable: ") for record in errors)
    assert all(record.exc_info is None and "\n" not in record.getMessage() for record in errors)


@pytest.mark.parametrize("text", ["Vor\x00trag", "Vor\\u0000trag"])
def test_a_nul_in_any_text_is_refused_on_every_database(app, api, text):
    """PostgreSQL cannot store NUL: a JSON string or a form field carrying one is a 400, never a 500."""
    body = '{"title": {"de": "' + text + '"}}'
    response = api("PATCH", f"/conferences/{DEMO_SLUG}", data=body, content_type="application/json")
    assert response.status_code == 400
    response = api("PATCH", f"/conferences/{DEMO_SLUG}", json={"description": {"de": "Zeile\x00Zeile"}})
    assert response.status_code == 400


def test_a_nul_in_a_form_field_is_refused(app, client, demo, make_organiser):
    """Sign-in answers 400 with the form again and registration refuses too; no query ever sees the NUL."""
    make_organiser()
    app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/organiser/sign-in", data={"email": "organiser@example.org\x00", "password": PASSWORD})
    assert response.status_code == 400
    response = client.post(f"/tr/{DEMO_SLUG}/workshops/1/register", data={"name": "Ayşe\x00", "consent": "y"})
    assert 400 <= response.status_code < 500 and response.headers["Content-Language"] == "tr"


def test_a_document_with_a_nul_is_refused_by_every_import(api, runner, tmp_path, demo_document):
    document = json.loads(json.dumps(demo_document))
    document["workshops"][0]["title"]["de"] = "Digitale\x00Stadt"
    text = json.dumps(document)
    assert api("POST", "/imports", data=text, content_type="application/json").status_code == 400
    path = tmp_path / "document.json"
    path.write_text(text)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1 and "workshops[0].title" in result.output


def test_half_a_character_pair_in_an_import_is_refused_where_it_stands(api, runner, tmp_path):
    """A lone surrogate escape was imported (SQLite stored it; no page, feed or mail could encode it)."""
    response = api("POST", "/imports", data=HALF_A_PAIR, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["problems"][0]["field"] == "conference.title.de"
    path = tmp_path / "document.json"
    path.write_text(HALF_A_PAIR)
    assert runner.invoke(args=["import", str(path)]).exit_code == 1


def test_half_a_character_pair_in_an_edit_is_refused(api):
    response = api("PATCH", f"/conferences/{DEMO_SLUG}/workshops/1", data='{"title": {"de": "A\\udfff"}}',
                   content_type="application/json")
    assert response.status_code == 400
    assert response.is_json
