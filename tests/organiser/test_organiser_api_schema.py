"""Schemathesis against the write API's own OpenAPI document: generated requests, authenticated, no 5xx,
every response as the document says, every request the document allows accepted and every one it refuses
refused, 405 with Allow for methods it does not list, 401 without a token.

Schemathesis is driven through its library API (its coverage cases, then one Hypothesis strategy per
operation), not its pytest plugin, which reaches into pytest's private node attributes and breaks with
pytest releases. CONFSCHED_FUZZ_EXAMPLES raises the examples per operation for a longer run before releases.
"""
from __future__ import annotations

import os
import re

import flask
import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.parameters import ParameterLocation
from schemathesis.checks import (
    CHECKS as REGISTERED_CHECKS,
    allow_header_conformance,
    content_type_conformance,
    ensure_resource_availability,
    ignored_auth,
    load_all_checks,
    missing_required_header,
    negative_data_rejection,
    not_a_server_error,
    object_level_authorization,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
    use_after_free,
)

from tests.conftest import DEMO_SLUG

# Refusal codes of rules the document states (types, bounds, patterns, enums, required fields and texts):
# a request the document allows never gets one. Other refusals are the programme's own rules, which no
# schema can state (a zone the zone database lacks, a key no entry has, a day that would run over).
SHAPE_CODES = {"empty_title", "invalid_date", "date_range", "https_url", "single_line", "control_character"}
# Valid and invalid data for every operation, after the coverage cases; the schemathesis pytest plugin sent
# 805 requests over the 32 operations with 25 examples each, and this keeps at least that many.
EXAMPLES_PER_OPERATION = int(os.environ.get("CONFSCHED_FUZZ_EXAMPLES", 30))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

# Generated identifiers are folded onto ones the demo has, so most requests reach the operations
# instead of stopping at a 404; values that are not numbers or keys are left alone (they test refusals).
EXISTING = {"number": 4, "day": 2, "item_id": 70, "assignment_id": 50, "release": 1}
DEMO_KEYS = {
    "organisations": ["dst", "tbb", "antalya", "plattform-dienstleister", "zero360"],
    "people": ["sabine-drees", "harun-yigit", "stefan-bege", "alexander-wagner"],
    "platforms": ["kudo", "zoom"],
}
# Deletions (and agenda replacements, which delete the items they leave out) go to a second copy of the demo, so
# they run for real without emptying the first one.
TARGET_OF_DELETES = "vorkonferenz-kopie"


def aim_at_the_demo(case) -> None:
    """Point valid generated path parameters at the demo conference and its rows (invalid ones stay as they are)."""
    if isinstance(case.body, dict) and case.path == "/api/v1/conferences/{slug}" and valid_slug(case.body.get("slug")):
        case.body["slug"] = DEMO_SLUG  # renaming the demo would send every later request to a 404
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH):
        return
    parameters = case.path_parameters or {}
    if "slug" in parameters:
        deletes = case.method == "DELETE" or (case.method == "PUT" and case.path.endswith("/agenda"))
        parameters["slug"] = TARGET_OF_DELETES if deletes else DEMO_SLUG
    for name, count in EXISTING.items():
        if isinstance(parameters.get(name), int) and not isinstance(parameters[name], bool):
            parameters[name] = parameters[name] * 7919 % count + 1
    if isinstance(parameters.get("key"), str):
        keys = DEMO_KEYS[case.path.split("/")[5]]
        parameters["key"] = keys[len(parameters["key"]) % len(keys)]


def valid_slug(value) -> bool:
    """Whether a generated value is a conference slug the document allows."""
    return isinstance(value, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", value) is not None


def refused_only_by_programme_rules(ctx, response, case) -> None:
    """A request the document allows is refused with 400 only for rules of the programme it cannot state."""
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code != 400:
        return
    if not document_allows(case):
        return  # the coverage cases overlook dependentSchemas (an assignment with person and organisation_itself)
    codes = {problem["code"] for problem in response.json()["error"].get("problems", [])}
    stated = {code for code in codes if code.startswith("schema_") or code in SHAPE_CODES}
    if stated or not codes:
        raise AssertionError(f"a request the document allows was refused for {sorted(stated) or 'no stated reason'}")


def document_allows(case) -> bool:
    """Whether the document really allows the case's body."""
    document = case.operation.schema.raw_schema
    body = document["paths"][case.operation.path][case.method.lower()].get("requestBody")
    if body is None:
        return True
    schema = {**body["content"]["application/json"]["schema"], "components": document["components"]}
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
                                           ).is_valid(case.body)


def headers_for(case, headers: dict) -> dict:
    """Our token, except where the case itself leaves out or spoils a declared header (then it must get a 401)."""
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER):
        return {name: value for name, value in headers.items() if name != "Authorization"}
    return headers


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection, positive_data_acceptance, missing_required_header,
          unsupported_method, allow_header_conformance, use_after_free, ensure_resource_availability, ignored_auth,
          object_level_authorization, refused_only_by_programme_rules]
# positive_data_acceptance lets 400 through: refused_only_by_programme_rules tells the programme's own rules apart.
# Both take 413, the documented answer to a body larger than the server reads: the coverage phase builds
# schema-valid documents with every string at its maximum length, which can pass the 2 MiB limit.
CONFIG = schemathesis.Config.from_dict({"checks": {
    "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409", "413", "429"]},
    "negative_data_rejection": {"expected-statuses": ["400", "401", "403", "404", "405", "409", "413", "415", "422"]},
}})


def fuzz(loaded_schema, headers: dict, prepare=lambda case: None) -> tuple[int, dict[str, str]]:
    """Send generated valid and invalid requests to every operation; the count sent and each failing operation."""
    sent = 0
    failures = {}
    operations = [result.ok() for result in loaded_schema.get_all_operations()]
    assert operations, "the document describes no operation"
    for operation in operations:
        coverage = loaded_schema.iter_coverage_cases(
            operation, generation_modes=list(GenerationMode),
            generation_config=loaded_schema.config.generation_for(operation=operation, phase="coverage"))
        failed = []
        for case in coverage:
            prepare(case)
            sent += 1
            try:
                case.call_and_validate(headers=headers_for(case, headers), checks=CHECKS)
            except (Failure, FailureGroup) as failure:
                failed.append(f"{case.method} {case.formatted_path} {case.body!r}: {failure}")
        if failed:
            failures[operation.label + " (coverage)"] = "\n".join(failed[:5]) + f"\n({len(failed)} in all)"
        cases = st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                          operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

        @FUZZ_SETTINGS
        @given(case=cases)
        def send(case):
            nonlocal sent
            prepare(case)
            sent += 1
            case.call_and_validate(headers=headers_for(case, headers), checks=CHECKS)

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
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=CONFIG)
    # Schemathesis' WSGI transport does not undo gzip; compression is tested with the feeds.
    return loaded, {"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"}


def test_generated_requests_get_no_server_error_and_match_the_document(api_schema):
    loaded, headers = api_schema
    operations = sum(1 for _ in loaded.get_all_operations())
    sent, failures = fuzz(loaded, headers, prepare=aim_at_the_demo)
    print(f"{sent} requests to {operations} operations")
    assert not failures, "\n\n".join(f"{label}:\n{failure}" for label, failure in failures.items())
    assert operations >= 32
    assert sent >= 25 * operations


def test_the_fuzzer_runs_every_check_schemathesis_has():
    load_all_checks()
    assert {check.__name__ for check in REGISTERED_CHECKS.get_all()} <= {check.__name__ for check in CHECKS}


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
    assert set(failures) <= {"GET /items/{number}", "GET /items/{number} (coverage)"}
    assert all("500" in failure for failure in failures.values())
