"""Places of three kinds: each kind's rules, in documents, the editor and the write API alike, in both languages."""
from __future__ import annotations

import copy

import pytest
from flask_babel import force_locale, gettext

from confsched.programme import editing, places
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.queries import load_programme
from confsched.programme.validation import validate

VENUE = {"key": "rathaus", "name": "Rathaus Köln", "kind": "venue", "street_address": "Rathausplatz 2",
         "postcode": "50667", "city": "Köln", "country": "DE"}


def with_place(make_document, **place) -> dict:
    """A synthetic document whose one workshop takes place at the given place."""
    document = copy.deepcopy(make_document("orte"))
    document["platforms"] = [{**VENUE, **place}]
    document["workshops"][0]["platform"] = "rathaus"
    return document


def problems(document) -> list[tuple[str, str]]:
    """(code, location) of every error a document is rejected for."""
    with pytest.raises(ProgrammeRejected) as rejected:
        validate(document)
    return [(problem.code, problem.location) for problem in rejected.value.problems]


@pytest.mark.parametrize("place, expected", [
    ({"postcode": None, "country": None}, [("venue_field_required", "platforms[0].postcode"),
                                           ("venue_field_required", "platforms[0].country")]),
    ({"country": "XX"}, [("unknown_country", "platforms[0].country")]),
    ({"kind": "hybrid"}, [("hybrid_online_name", "platforms[0].online_name")]),
    ({"online_name": "Zoom"}, [("online_name_hybrid_only", "platforms[0].online_name")]),
    ({"kind": "online", "postcode": None, "country": None, "city": None},
     [("venue_field_online", "platforms[0].street_address")]),
], ids=["venue-without-postcode-and-country", "country", "hybrid-without-platform", "venue-with-online-name",
        "online-with-address"])
def test_each_kind_of_place_keeps_its_rules(make_document, place, expected):
    document = with_place(make_document, **place)
    document["platforms"][0] = {key: value for key, value in document["platforms"][0].items() if value is not None}
    assert problems(document) == expected


def test_a_hybrid_event_is_a_venue_with_an_online_platform(make_document):
    validate(with_place(make_document, kind="hybrid", online_name="Zoom", room="Saal 1",
                        accessibility={"de": "Aufzug vorhanden", "tr": "Asansör mevcut"}))


@pytest.mark.parametrize("language, expected", [
    ("de", "Ein Veranstaltungsort oder eine hybride Veranstaltung braucht diesen Teil der Adresse"),
    ("tr", "Bir etkinlik yeri veya hibrit etkinlik, bulunabilmesi için adresinin bu bölümüne ihtiyaç duyar."),
])
def test_the_editor_refuses_an_incomplete_venue_naming_the_field_in_the_users_language(
        app, load_document, make_document, language, expected):
    load_document(make_document("orte"))
    with app.test_request_context(), force_locale(language):
        conference = load_programme("orte", with_access=True)
        with pytest.raises(ProgrammeRejected) as rejected:
            editing.save_platform(conference, {**VENUE, "city": None})
        [problem] = rejected.value.problems
        assert (problem.code, problem.location) == ("venue_field_required", "city")
        assert problem.message(gettext).startswith(expected)


def test_the_write_api_takes_a_place_and_documents_its_fields(app, client, load_document, make_document):
    """The OpenAPI document names the place fields; a venue saved through the API reads back in the document."""
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = [schema for schema in _request_schemas(spec) if "online_name" in schema.get("properties", {})]
    assert schemas and all(schema["properties"]["kind"]["enum"] == ["online", "venue", "hybrid"] for schema in schemas)
    assert set(places.VENUE_ONLY) <= set(schemas[0]["properties"])


def _request_schemas(spec: dict):
    """Every JSON request body schema of an OpenAPI document."""
    for path in spec["paths"].values():
        for operation in path.values():
            if isinstance(operation, dict) and "requestBody" in operation:
                yield operation["requestBody"]["content"]["application/json"]["schema"]


@pytest.mark.parametrize("language, name", [("de", "Türkei"), ("tr", "Türkiye"), ("de", "Deutschland")])
def test_countries_are_named_in_the_page_language_never_by_code(language, name):
    code = {"Türkei": "TR", "Türkiye": "TR", "Deutschland": "DE"}[name]
    assert places.country_name(code, language) == name
