"""The OpenAPI document says what the API does: the methods each path answers, and the bodies it accepts."""
from __future__ import annotations

import re

import jsonschema

import pytest

from tests.conftest import DEMO_SLUG

HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}
# Values for path parameters that exist in the demo, so routing, not a 404, decides the answer.
DEMO_PATH_VALUES = {"slug": DEMO_SLUG, "number": "1", "day": "1", "item_id": "1", "assignment_id": "1",
                    "key": "dst", "release": "1"}


@pytest.fixture
def documented_paths(client):
    """Every path of /api/v1's OpenAPI document with the methods it documents, upper case."""
    document = client.get("/api/v1/openapi.json").get_json()
    return {path: {method.upper() for method in operations} for path, operations in document["paths"].items()}


def test_every_405_of_the_api_says_which_methods_the_path_answers(client, demo, documented_paths):
    """Allow lists exactly the documented methods, plus HEAD where GET is documented and OPTIONS, which Flask answers
    for every route."""
    checked = 0
    for path, documented in documented_paths.items():
        url = re.sub(r"\{(\w+)\}", lambda match: DEMO_PATH_VALUES[match[1]], path)
        expected = documented | {"OPTIONS"} | ({"HEAD"} if "GET" in documented else set())
        for method in sorted(HTTP_METHODS - expected):
            response = client.open(url, method=method, headers={"Authorization": "Bearer cst_unknown"})
            assert response.status_code == 405, (method, url)
            assert set(response.headers["Allow"].split(", ")) == expected, (method, url)
            assert method == "HEAD" or response.get_json()["error"]["message"]
            checked += 1
        assert client.options(url).status_code == 200
        assert set(client.options(url).headers["Allow"].split(", ")) == expected
    assert len(documented_paths) >= 20
    assert checked >= 4 * len(documented_paths)


# The editor and the write API change the working draft, whose items have their own ids: "{item}" in a path, and
# FIRST_ITEM as a body's "after", stand for the id of the draft's first item (workshop 1, day 1), as a number.
ITEM_PATH = f"/api/v1/conferences/{DEMO_SLUG}/items/{{item}}"
FIRST_ITEM = "first item of the draft"
WORKSHOP_PATH = f"/api/v1/conferences/{DEMO_SLUG}/workshops/1"
CONFERENCE_PATH = f"/api/v1/conferences/{DEMO_SLUG}"


@pytest.fixture
def first_draft_item(app, demo, draft_programme) -> int:
    """The id of the first item of workshop 1's first day in the demo's working draft, which the API edits."""
    with app.app_context():
        return draft_programme(demo).workshops[0].days[0].items[0].id


def body_schema(document: dict, path: str, method: str) -> jsonschema.Draft202012Validator:
    """A validator for the request body the document states for an operation, its references resolvable."""
    schema = document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return jsonschema.Draft202012Validator({**schema, "components": document["components"]},
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize(("method", "documented_path", "url", "body", "accepted"), [
    ("patch", "/api/v1/conferences/{slug}", CONFERENCE_PATH, {"title": {}}, False),
    ("patch", "/api/v1/conferences/{slug}", CONFERENCE_PATH, {"title": {"de": " ", "tr": ""}}, False),
    ("patch", "/api/v1/conferences/{slug}", CONFERENCE_PATH, {"description": None}, True),
    ("patch", "/api/v1/conferences/{slug}", CONFERENCE_PATH, {"start_date": ""}, True),
    ("patch", "/api/v1/conferences/{slug}", CONFERENCE_PATH, {"interpretation": ""}, True),
    ("patch", "/api/v1/conferences/{slug}", CONFERENCE_PATH, {"end_date": "1899-12-31"}, False),
    ("patch", "/api/v1/conferences/{slug}/workshops/{number}", WORKSHOP_PATH, {"capacity": 40.0}, True),
    ("patch", "/api/v1/conferences/{slug}/workshops/{number}", WORKSHOP_PATH, {"organisations": ["dst", "dst"]},
     False),
    ("patch", "/api/v1/conferences/{slug}/workshops/{number}", WORKSHOP_PATH, {"platform": ""}, True),
    ("post", "/api/v1/conferences/{slug}/people", f"{CONFERENCE_PATH}/people", {"key": "x1", "name": "  "}, False),
    ("patch", "/api/v1/conferences/{slug}/platforms/{key}", f"{CONFERENCE_PATH}/platforms/kudo",
     {"join_url": "https://meet.example.org/\u008b"}, False),
    ("post", "/api/v1/conferences/{slug}/workshops/{number}/days/{day}/items", f"{WORKSHOP_PATH}/days/1/items",
     {"kind": "break", "title": {"de": "Pause"}, "duration_minutes": 5, "after": FIRST_ITEM, "extend_day": True}, True),
    ("post", "/api/v1/conferences/{slug}/items/{item_id}/move", f"{ITEM_PATH}/move", {"direction": "up"}, True),
    ("post", "/api/v1/conferences/{slug}/items/{item_id}/move", f"{ITEM_PATH}/move",
     {"direction": "up", "extra": 1}, False),
])
def test_the_document_and_the_api_agree_on_a_body(app, demo, make_organiser, api_token, first_draft_item, method,
                                                   documented_path, url, body, accepted):
    make_organiser(conferences=(demo,))
    url = url.format(item=first_draft_item)
    body = {name: float(first_draft_item) if value == FIRST_ITEM else value for name, value in body.items()}
    client = app.test_client()
    document = client.get("/api/v1/openapi.json").get_json()
    assert body_schema(document, documented_path, method).is_valid(body) is accepted
    response = client.open(url, method=method.upper(), json=body, headers={"Authorization": f"Bearer {api_token()}"})
    assert (response.status_code < 300) is accepted, response.get_json()


def test_an_import_whose_title_is_blank_is_refused_by_the_document_and_the_api(app, demo_document, make_organiser,
                                                                                api_token):
    make_organiser()
    client = app.test_client()
    blank = {**demo_document, "conference": {**demo_document["conference"], "slug": "leer", "title": {"de": " "}}}
    document = client.get("/api/v1/openapi.json").get_json()
    assert body_schema(document, "/api/v1/imports", "post").is_valid(demo_document)
    assert not body_schema(document, "/api/v1/imports", "post").is_valid(blank)
    response = client.post("/api/v1/imports?dry_run=true", json=blank, headers={"Authorization": f"Bearer {api_token()}"})
    assert response.status_code == 400
    assert response.get_json()["error"]["problems"][0]["code"] == "empty_title"


@pytest.mark.parametrize(("dry_run", "status"), [("true", 200), ("false", 200), ("-1", 400), ("yes", 400)])
def test_dry_run_is_a_boolean(app, demo, make_organiser, api_token, first_draft_item, dry_run, status):
    make_organiser(conferences=(demo,))
    response = app.test_client().patch(f"{ITEM_PATH.format(item=first_draft_item)}?dry_run={dry_run}", json={},
                                       headers={"Authorization": f"Bearer {api_token()}"})
    assert response.status_code == status


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE", "POST"])
def test_a_number_beyond_what_a_column_holds_is_a_404_for_every_method(client, demo, method):
    """Not a 405 whose Allow names the route's other methods (werkzeug bounds only the rule of the method asked)."""
    response = client.open(f"/api/v1/conferences/{DEMO_SLUG}/items/2147483648", method=method,
                           headers={"Authorization": "Bearer cst_unknown"})
    assert response.status_code == 404
