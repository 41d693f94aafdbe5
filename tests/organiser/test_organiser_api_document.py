"""The OpenAPI document says what the API does: the methods each path answers, and the bodies it accepts."""
from __future__ import annotations

import re

import pytest

from tests.conftest import DEMO_SLUG

HTTP_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}
# Values for path parameters that exist in the demo, so routing, not a 404, decides the answer.
DEMO_PATH_VALUES = {"slug": DEMO_SLUG, "number": "1", "day": "1", "item_id": "1", "assignment_id": "1",
                    "key": "dst"}


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
