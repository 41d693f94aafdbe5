"""Every route of the app, with malformed values in every URL part and body: never a 500, on either database."""
from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from tests.conftest import DEMO_SLUG

# Values for URL variables: a NUL, a line break, a separator, an over-long and a path-like value.
BAD_VALUES = ["a\x00b", "a\r\nb", "a\u2028b", "x" * 3000, "../../etc", f"{DEMO_SLUG}\x00"]
BAD_NUMBERS = ["0", "99999999999999999999999999"]
VALID = {"lang": "de", "slug": DEMO_SLUG, "key": "kudo", "filename": "x"}
VARIABLE = re.compile(r"<(?:(?P<converter>[^<>]+):)?(?P<name>[^<>:]+)>")
FORM = {"title_de": "Titel\x00", "name": "Ayşe\r\nBcc: x@example.org", "email": "a\x00@example.org",
        "addresses": "x@example.org\x00 de", "text": "[" * 200, "number": "1e309", "date": "9999-12-31",
        "zone": "Pacific/Pago_Pago\x00", "next": "/organiser/\r\nx", "csrf_token": "x"}
JSON_BODIES = ['{"title": {"de": "x\\u0000"}}', "[" * 300 + "]" * 300, '{"date": "9999-12-31", "zone": "Etc/GMT-14"}',
               '"x"', "1"]
BODIES = [{"data": FORM}, *({"data": body, "content_type": "application/json"} for body in JSON_BODIES)]
DESTRUCTIVE = ("delete", "sign_out", "revoke", "erase", "cancel", "reset", "remove", "password")


def urls_for(rule) -> list[str]:
    """The rule's path with valid values, then with one variable at a time set to each malformed value."""
    variables = list(VARIABLE.finditer(rule.rule))
    valid = {match.group(0): _valid(match) for match in variables}
    paths = [_fill(rule.rule, valid)]
    for match in variables:
        numeric = (match["converter"] or "").startswith(("int", "float"))
        for value in BAD_NUMBERS if numeric else BAD_VALUES:
            paths.append(_fill(rule.rule, {**valid, match.group(0): quote(value, safe="")}))
    return paths


def _valid(match) -> str:
    """A value the variable accepts: a language, the demo's slug, an existing number, or any word."""
    converter = match["converter"] or ""
    if converter.startswith("any("):
        return converter[4:].split(",")[0].strip(" )'\"")
    return VALID.get(match["name"], "1" if converter.startswith("int") else "x")


def _fill(pattern: str, values: dict) -> str:
    """The pattern with each <…> replaced by its value."""
    for declared, value in values.items():
        pattern = pattern.replace(declared, value)
    return pattern


@pytest.fixture
def signed_in(app, client, demo, make_organiser, sign_in, api_token):
    """A client signed in as a member of the demo (CSRF off, so bodies reach the views) and an API token."""
    make_organiser(conferences=(demo,))
    sign_in(client)
    app.config["WTF_CSRF_ENABLED"] = False
    return client, {"Authorization": f"Bearer {api_token()}"}


def test_no_route_answers_500_to_malformed_input(app, signed_in):
    client, headers = signed_in
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash is recorded as the 500 a visitor would get
    failures = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        valid_path, *malformed_paths = urls_for(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            # With every value valid, a DELETE or a sign-out would remove what the later routes need.
            destructive = method == "DELETE" or any(word in rule.endpoint for word in DESTRUCTIVE)
            for path in malformed_paths if destructive else [valid_path, *malformed_paths]:
                for body in BODIES if method in ("POST", "PUT", "PATCH") else [{}]:
                    with client.open(path, method=method, headers=headers, **body) as response:
                        status = response.status_code
                    if status >= 500:
                        failures.append(f"{method} {path[:120]!r} {json.dumps(body.get('data'))[:60]}: "
                                        f"{status}")
    assert failures == [], "\n".join(failures)
