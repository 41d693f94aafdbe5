"""Schemathesis against the write API's own OpenAPI document: generated requests, authenticated, no 5xx,
every response as the document says."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import DEMO_SLUG

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(app, demo, demo_document, load_document, make_organiser, api_token):
    """The API's document, loaded from the running app, with a member's token for every request."""
    load_document({**demo_document, "conference": {**demo_document["conference"], "slug": TARGET_OF_DELETES}})
    make_organiser(conferences=(demo, TARGET_OF_DELETES))
    app.config["CONFSCHED_SCHEMATHESIS_TOKEN"] = api_token()
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # The deterministic coverage phase alone sends thousands of boundary cases through full
    # programme checks; random generation (valid and invalid data) keeps this test near a minute.
    loaded.config.phases.coverage.enabled = False
    return loaded


schema = schemathesis.pytest.from_fixture("api_schema")


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


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_generated_requests_get_no_server_error_and_match_the_document(case, app):
    aim_at_the_demo(case)
    # Schemathesis' WSGI transport does not undo gzip; compression is tested with the feeds.
    headers = {"Authorization": f"Bearer {app.config['CONFSCHED_SCHEMATHESIS_TOKEN']}", "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers, checks=CHECKS)
