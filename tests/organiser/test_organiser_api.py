"""The write API: bearer tokens, JSON errors with the field, and the done-when edits done over HTTP."""
from __future__ import annotations

import pytest
from flask_babel import gettext

from confsched.programme.document import export_document
from confsched.programme.problems import MESSAGES
from confsched.programme.queries import load_programme
from confsched.programme.texts import MULTI_LINE_PATTERN, SINGLE_LINE_PATTERN
from tests.organiser.conftest import without_printed

NEW_SLUG = "api-aufbau"


@pytest.fixture
def api(app, demo, make_organiser, api_token):
    """A client whose requests carry a member's bearer token."""
    make_organiser(conferences=(demo,))
    headers = {"Authorization": f"Bearer {api_token()}"}
    client = app.test_client()

    def call(method: str, path: str, json=None, expect: int | None = None, **extra):
        response = client.open(f"/api/v1{path}", method=method, json=json,
                               headers={**headers, **extra.pop("headers", {})}, **extra)
        if expect is not None:
            assert response.status_code == expect, response.get_json()
        return response

    return call


@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/api/v1/conferences"),
    ("PATCH", "/api/v1/conferences/vorkonferenz-2020"),
    ("DELETE", "/api/v1/conferences/vorkonferenz-2020/workshops/1"),
    ("GET", "/api/v1/conferences/vorkonferenz-2020/document"),
])
def test_anonymous_writes_get_401_json(client, demo, method, path):
    response = client.open(path, method=method, json={})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert set(response.get_json()["error"]) >= {"message", "field"}


def test_a_wrong_or_cookie_only_credential_is_not_enough(app, client, demo, make_organiser, sign_in):
    make_organiser(conferences=(demo,))
    sign_in(client)
    assert client.patch(f"/api/v1/conferences/{demo}", json={"title": {"de": "X"}}).status_code == 401
    assert client.get(f"/api/v1/conferences/{demo}/history",
                      headers={"Authorization": "Bearer cst_not-a-token"}).status_code == 401


def test_another_organisers_conference_is_forbidden(app, demo, make_organiser, api_token, draft_programme):
    make_organiser(email="other@example.org")
    response = app.test_client().delete(f"/api/v1/conferences/{demo}/workshops/1",
                                        headers={"Authorization": f"Bearer {api_token('other@example.org')}"})
    assert response.status_code == 403
    assert response.get_json()["error"]["field"] == "slug"
    with app.app_context():
        assert len(draft_programme(demo).workshops) == 4


def test_refusals_name_the_field_in_the_readers_language(api, demo):
    response = api("POST", f"/conferences/{demo}/workshops/1/days/1/items",
                   json={"kind": "break", "title": {"de": "Pause"}, "duration_minutes": 0},
                   headers={"Accept-Language": "tr"}, expect=400)
    error = response.get_json()["error"]
    assert error["field"] == "duration_minutes"
    assert error["message"] == "Süre en az 1 dakika ve 24 saatten az olmalıdır."
    overrun = api("POST", f"/conferences/{demo}/workshops/1/days/1/items",
                  json={"kind": "break", "title": {"de": "Pause"}, "duration_minutes": 10}, expect=400)
    assert overrun.get_json()["error"]["problems"][0]["code"] == "day_overrun"
    assert api("POST", f"/conferences/{demo}/workshops", json={"number": 1, "title": {"de": "X"}, "day": {
        "date": "2020-06-20", "local_start": "10:00", "local_end": "11:00", "zone": "Europe/Berlin"}},
        expect=409).get_json()["error"]["field"] == "number"
    assert api("POST", f"/conferences/{demo}/workshops/1/days/1/items", data="[1, 2",
               content_type="application/json", expect=400).get_json()["error"]["field"] is None


def test_oversized_bodies_are_refused(api, demo):
    response = api("POST", f"/conferences/{demo}/people", data="x" * (3 * 1024 * 1024),
                   content_type="application/json", expect=413)
    assert response.get_json()["error"]["field"] is None


def test_insert_a_break_after_item_3_previewed_then_saved(app, api, demo, draft_programme):
    agenda = api("GET", f"/conferences/{demo}/workshops/1/days/1/agenda", expect=200).get_json()["agenda"]
    third = agenda["items"][2]["id"]
    body = {"kind": "break", "title": {"de": "Pause", "tr": "Ara"}, "duration_minutes": 10, "after": third,
            "extend_day": True}
    preview = api("POST", f"/conferences/{demo}/workshops/1/days/1/items?dry_run=true", json=body,
                  expect=200).get_json()
    assert preview["saved"] is False
    assert [row["moved_minutes"] for row in preview["agenda"]["items"]] == [0, 0, 0, 0] + [10] * 7
    assert preview["agenda"]["items"][3]["id"] is None
    with app.app_context():
        assert len(draft_programme(demo).workshops[0].days[0].items) == 10
    saved = api("POST", f"/conferences/{demo}/workshops/1/days/1/items", json=body, expect=201).get_json()
    items = saved["agenda"]["items"]
    assert [row["moved_minutes"] for row in items] == [0] * 4 + [10] * 7
    for zone, (fourth, last) in {"Europe/Berlin": ("10:00", "11:30"), "Europe/Istanbul": ("11:00", "12:30")}.items():
        assert (items[4]["local_starts"][zone], items[10]["local_starts"][zone]) == (fourth, last)
    assert saved["changes"]
    workshop = api("PATCH", f"/conferences/{demo}/workshops/1", json={}, expect=200).get_json()["workshop"]
    assert workshop["days"][0]["local_end"] == "11:40"
    assert workshop["days"][0]["sequence"] == 1


def test_rebuild_workshop_one_through_the_api(app, api, demo_document, draft_programme):
    api("POST", "/conferences", json={"slug": NEW_SLUG, "title": {"de": "Aufbau", "tr": "Kuruluş"},
                                      "primary_zone": "Europe/Berlin", "secondary_zone": "Europe/Istanbul"},
        expect=201)
    workshop = demo_document["workshops"][0]
    day = workshop["days"][0]
    for organisation in demo_document["organisations"]:
        api("POST", f"/conferences/{NEW_SLUG}/organisations", json=organisation, expect=201)
    for person in demo_document["people"]:
        api("POST", f"/conferences/{NEW_SLUG}/people", json=person, expect=201)
    platform = demo_document["platforms"][0]
    api("POST", f"/conferences/{NEW_SLUG}/platforms",
        json={**{key: platform[key] for key in ("key", "name", "kind")}, **platform["access"]}, expect=201)
    api("POST", f"/conferences/{NEW_SLUG}/workshops", expect=201, json={
        **{name: workshop[name] for name in ("number", "title", "background", "goals", "format_notes",
                                             "organisations", "platform", "capacity", "listeners_admitted", "status")},
        "day": {name: day[name] for name in ("date", "zone", "local_start", "local_end")}})
    for assignment in workshop["assignments"]:
        api("POST", f"/conferences/{NEW_SLUG}/workshops/1/assignments", json=assignment, expect=201)
    for item in day["items"]:
        body = {"kind": item["kind"], "title": item["title"], "duration_minutes": item["duration"]}
        if "description" in item:
            body["description"] = item["description"]
        agenda = api("POST", f"/conferences/{NEW_SLUG}/workshops/1/days/1/items", json=body,
                     expect=201).get_json()["agenda"]
        for assignment in item.get("assignments", []):
            api("POST", f"/conferences/{NEW_SLUG}/items/{agenda['items'][-1]['id']}/assignments", json=assignment,
                expect=201)
    with app.app_context():
        assert load_programme(NEW_SLUG) is None  # built in the draft: nothing of it is public before a release
        rebuilt = export_document(draft_programme(NEW_SLUG, with_access=True), include_access=True)
    assert rebuilt["workshops"][0] == without_printed(workshop) | {"days": rebuilt["workshops"][0]["days"]}
    expected_items = without_printed(workshop)["days"][0]["items"]
    assert [{key: value for key, value in item.items() if key not in ("start", "end")}
            for item in rebuilt["workshops"][0]["days"][0]["items"]] == expected_items
    assert rebuilt["platforms"][0]["access"]["passcode"] == "Kd-7319-secret"
    history = api("GET", f"/conferences/{NEW_SLUG}/history", expect=200).get_json()["history"]
    assert {entry["source"] for entry in history} == {"api"}
    assert history[-1]["who"] == "organiser@example.org"


def test_import_through_the_api_with_a_dry_run(app, api, demo, demo_document, draft_programme, publish):
    import json

    changed = json.loads(json.dumps(demo_document))
    changed["workshops"][1]["title"]["tr"] = "Sürdürülebilir Kent"
    report = api("POST", "/imports?dry_run=true", data=json.dumps(changed), content_type="application/json",
                 expect=200).get_json()
    assert report["dry_run"] is True and report["changes"]
    with app.app_context():
        assert draft_programme(demo).workshops[1].days[0].sequence == 0
    api("POST", "/imports", data=json.dumps(changed), content_type="application/json", expect=200)
    with app.app_context():
        assert draft_programme(demo).workshops[1].title["tr"] == "Sürdürülebilir Kent"
        assert load_programme(demo).workshops[1].days[0].sequence == 0
        assert load_programme(demo).workshops[1].title["tr"] != "Sürdürülebilir Kent"
    publish()
    with app.app_context():
        assert load_programme(demo).workshops[1].days[0].sequence == 1
        assert load_programme(demo).workshops[1].title["tr"] == "Sürdürülebilir Kent"


def test_the_openapi_document_describes_every_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    described = {(method.upper(), path) for path, operations in document["paths"].items() for method in operations}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in ("organiser_api", "programme_api"):
            path = rule.rule
            for name in rule.arguments:
                path = path.replace(f"<int:{name}>", f"{{{name}}}").replace(f"<{name}>", f"{{{name}}}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (method, path) in described


@pytest.mark.parametrize("lang", ["de", "tr"])
@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", "http://kudo.example.org/join", "kudo.example.org"])
def test_a_join_link_must_be_https_with_a_host(app, api, demo, lang, url, draft_programme):
    """The API refuses a join link a browser could run or send in clear, saying why in the reader's language."""
    response = api("PATCH", f"/conferences/{demo}/platforms/kudo", json={"join_url": url},
                   headers={"Accept-Language": lang}, expect=400)
    error = response.get_json()["error"]
    assert error["field"] == "join_url" and error["problems"][0]["code"] == "https_url"
    with app.test_request_context(f"/{lang}/"):
        assert error["message"] == gettext(MESSAGES["https_url"])
    with app.app_context():
        (kudo,) = [platform for platform in draft_programme(demo, with_access=True).platforms if platform.key == "kudo"]
        assert kudo.access.join_url == "https://kudo.example.org/join/vorkonferenz-2020"


@pytest.mark.parametrize("lang", ["de", "tr"])
@pytest.mark.parametrize(("path", "body", "field"), [
    ("/workshops/1", {"title": {"de": "Digitale Stadt\r\nATTENDEE:mailto:x@example.org"}}, "title"),
    ("/workshops/1", {"subtitle": {"tr": "Dijital\u2028Şehir"}}, "subtitle"),
    ("/platforms/kudo", {"name": "Kudo\x00"}, "name"),
    ("/people/" + "{person}", {"name": "Ayşe\nYılmaz"}, "name"),
])
def test_single_line_fields_refuse_line_breaks(app, api, demo, lang, path, body, field):
    """A title, subtitle or name with a line break or NUL is refused, saying why in the reader's language."""
    with app.app_context():
        person = load_programme(demo).people[0].key
    response = api("PATCH", f"/conferences/{demo}" + path.format(person=person), json=body,
                   headers={"Accept-Language": lang}, expect=400)
    error = response.get_json()["error"]
    assert error["field"] == field and error["problems"][0]["code"] == "single_line"
    with app.test_request_context(f"/{lang}/"):
        assert error["message"] == gettext(MESSAGES["single_line"])


def test_multi_line_fields_keep_their_line_breaks(app, api, demo, draft_programme):
    """Goals are several lines: the API keeps them, and the calendar writer escapes them."""
    goals = {"de": "Erstens: Austausch.\nZweitens: Netzwerk.", "tr": "Birincisi.\nİkincisi."}
    api("PATCH", f"/conferences/{demo}/workshops/1", json={"goals": goals}, expect=200)
    with app.app_context():
        (workshop,) = [workshop for workshop in draft_programme(demo).workshops if workshop.number == 1]
        assert workshop.goals == goals


def test_the_openapi_document_says_which_texts_take_one_line(client):
    """Every text property of every request body carries the pattern its rule enforces."""
    document = client.get("/api/v1/openapi.json").get_json()
    texts = []

    def collect(schema):
        """Gather every string schema."""
        if isinstance(schema, dict):
            if schema.get("type") == "string":
                texts.append(schema)
            for value in schema.values():
                collect(value)
        elif isinstance(schema, list):
            for value in schema:
                collect(value)

    for operations in document["paths"].values():
        for operation in operations.values():
            collect(operation.get("requestBody", {}))
    patterns = {schema.get("pattern") for schema in texts if "enum" not in schema and schema.get("format") != "date"}
    assert f"^{SINGLE_LINE_PATTERN}$" in patterns and f"^{MULTI_LINE_PATTERN}$" in patterns
    assert all("maxLength" not in schema or "pattern" in schema for schema in texts)


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "Die Datei ist kein gültiges JSON: hier fehlt ein Komma (Zeile 2, Spalte 5)."),
    ("tr", "Dosya geçerli bir JSON değil: burada virgül bekleniyor (satır 2, sütun 5)."),
])
def test_a_broken_import_says_what_is_wrong_in_the_readers_language(api, lang, expected):
    """Python's parser says "Expecting ',' delimiter", which the message quoted in English in both languages."""
    response = api("POST", "/imports", data='{"format": 1\n    "version": 1}', content_type="application/json",
                   headers={"Accept-Language": lang}, expect=400)
    assert response.get_json()["error"]["message"] == expected


@pytest.mark.parametrize(("lang", "date", "expected"), [
    ("de", "2020-03-29", "29.03.2020, 02:30 gibt es in Berlin nicht: Die Uhren überspringen diese Zeit. Gemeint sein "
                         "könnte 03:30 MESZ oder 01:30 MEZ; bitte geben Sie die gemeinte Zeit ein."),
    ("de", "2020-10-25", "25.10.2020, 02:30 ist in Berlin mehrdeutig: Diese Zeit kommt zweimal vor. Gemeint sein könnte "
                         "02:30 MEZ oder 02:30 MESZ; bitte geben Sie eine eindeutige Zeit ein."),
    ("tr", "2020-03-29", "29 Mar 2020, 02:30, Berlin saat diliminde yoktur: saatler bu zamanı atlar. 03:30 CEST veya "
                         "01:30 CET kastedilmiş olabilir; lütfen kastettiğiniz saati girin."),
])
def test_a_doubtful_time_is_refused_in_the_readers_words(api, demo, lang, date, expected):
    """The refusal named "2020-03-29 02:30", "Europe/Berlin" and "01:30 UTC (CET, UTC+1)": an ISO date, a zone id and
    English labels of UTC instants. It now names the date and city as the language writes them, and each reading as
    Berlin's clocks would show it."""
    response = api("PATCH", f"/conferences/{demo}/workshops/1/days/1", json={
        "date": date, "local_start": "02:30", "local_end": "05:00", "zone": "Europe/Berlin"},
        headers={"Accept-Language": lang}, expect=400)
    assert response.get_json()["error"]["message"] == expected


def test_a_conference_ending_before_it_starts_is_refused_as_such(api, demo):
    """It was refused as "the day ends (2020-06-18) before it starts (2020-07-01)"."""
    response = api("PATCH", f"/conferences/{demo}", json={"start_date": "2020-07-01"},
                   headers={"Accept-Language": "de"}, expect=400)
    error = response.get_json()["error"]
    assert error["field"] == "end_date"
    assert error["message"] == "Der letzte Tag der Konferenz (18.06.2020) liegt vor ihrem ersten (01.07.2020)."
