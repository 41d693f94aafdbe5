"""Schemathesis against the write API's own OpenAPI document: generated requests, authenticated, no 5xx,
every response as the document says.

Schemathesis is driven through its library API (one Hypothesis strategy per operation), not its pytest
plugin, which reaches into pytest's private node attributes and breaks with pytest releases.
"""
from __future__ import annotations

import flask
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import DEMO_SLUG

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Valid and invalid data for every operation; the schemathesis pytest plugin sent 805 requests over the
# 32 operations with 25 examples each, and this keeps at least that many.
EXAMPLES_PER_OPERATION = 30
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

# Generated identifiers are folded onto ones the demo has, so most requests reach the operations
# instead of stopping at a 404; values that are not numbers or keys are left alone (they test refusals).
EXISTING = {"number": 4, "day": 2, "item_id": 70, "assignment_id": 50}
DEMO_KEYS = {
    "organisations": ["dst", "tbb", "antalya", "plattform-dienstleister", "zero360"],
    "people": ["sabine-drees", "harun-yigit", "stefan-bege", "alexander-wagner"],
    "platforms": ["kudo", "zoom"],
}
# Deletions go to a second copy of the demo, so they run for real without emptying the first one.
TARGET_OF_DELETES = "vorkonferenz-kopie"


def aim_at_the_demo(case) -> None:
    """Point most generated path parameters at the demo conference and its rows."""
    parameters = case.path_parameters or {}
    if "slug" in parameters:
        parameters["slug"] = TARGET_OF_DELETES if case.method == "DELETE" else DEMO_SLUG
    for name, count in EXISTING.items():
        if isinstance(parameters.get(name), int) and not isinstance(parameters[name], bool):
            parameters[name] = parameters[name] * 7919 % count + 1
    if isinstance(parameters.get("key"), str):
        keys = DEMO_KEYS[case.path.split("/")[5]]
        parameters["key"] = keys[len(parameters["key"]) % len(keys)]
    if isinstance(case.body, dict) and case.path == "/api/v1/conferences/{slug}":
        case.body.pop("slug", None)  # renaming the demo would send every later request to a 404


def fuzz(loaded_schema, headers: dict, prepare=lambda case: None) -> tuple[int, dict[str, str]]:
    """Send generated valid and invalid requests to every operation; the count sent and each failing operation."""
    sent = 0
    failures = {}
    operations = [result.ok() for result in loaded_schema.get_all_operations()]
    assert operations, "the document describes no operation"
    for operation in operations:
        cases = st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                          operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

        @FUZZ_SETTINGS
        @given(case=cases)
        def send(case):
            nonlocal sent
            prepare(case)
            sent += 1
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            send()
        except (Failure, FailureGroup) as failure:  # every operation is fuzzed, then all failures are reported
            failures[operation.label] = str(failure)
    return sent, failures


@pytest.fixture
def api_schema(app, demo, demo_document, load_document, make_organiser, api_token):
    """The API's document, loaded from the running app, with a member's token for every request."""
    load_document({**demo_document, "conference": {**demo_document["conference"], "slug": TARGET_OF_DELETES}})
    make_organiser(conferences=(demo, TARGET_OF_DELETES))
    token = api_token()
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # Schemathesis' WSGI transport does not undo gzip; compression is tested with the feeds.
    return loaded, {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}


def test_generated_requests_get_no_server_error_and_match_the_document(api_schema):
    loaded, headers = api_schema
    operations = sum(1 for _ in loaded.get_all_operations())
    sent, failures = fuzz(loaded, headers, prepare=aim_at_the_demo)
    assert failures == {}
    assert operations >= 32
    assert sent >= 25 * operations


def test_the_fuzzer_reports_a_server_error():
    """The harness itself must fail on a 5xx: an API whose one operation breaks on some input."""
    broken = flask.Flask("broken")

    @broken.get("/openapi.json")
    def document():
        return {
            "openapi": "3.1.0", "info": {"title": "broken", "version": "1"},
            "paths": {"/items/{number}": {"get": {
                "parameters": [{"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}},
            }}},
        }

    @broken.get("/items/<int(signed=True):number>")
    def item(number):
        if number % 3 == 0:
            flask.abort(500)
        return {}

    sent, failures = fuzz(schemathesis.openapi.from_wsgi("/openapi.json", broken), headers={})
    assert sent > 0
    assert list(failures) == ["GET /items/{number}"]
    assert "500" in failures["GET /items/{number}"]
