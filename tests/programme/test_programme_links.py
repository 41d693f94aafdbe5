"""Addresses people click: only https with a host, wherever a join link comes in or goes out."""
from __future__ import annotations

import copy

import pytest

from confsched.programme import document as programme_document
from confsched.programme.links import HTTPS_URL_PATTERN, is_clickable
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.validation import validate

UNSAFE = [
    "javascript:alert(document.domain)", "JavaScript:alert(1)", "javascript://kudo.example.org/%0aalert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "http://kudo.example.org/join",
    "https://", "https:///path", "https://kudo.example.org@evil.example/", "kudo.example.org/join",
    "//kudo.example.org/join", "https://kudo example.org/", "https://kudo.example.org/\njoin",
    "https:\\\\kudo.example.org", "ftp://kudo.example.org/join",
]
SAFE = ["https://kudo.example.org/join/vorkonferenz-2020", "HTTPS://Zoom.example.org:8443/j/123?pwd=x#y",
        "https://meet.example.org", "https://bbb.stadt-köln.de/b/abc-123"]


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_addresses_are_not_clickable(url):
    assert not is_clickable(url)


@pytest.mark.parametrize("url", SAFE)
def test_https_addresses_with_a_host_are_clickable(url):
    assert is_clickable(url)


def test_the_programme_schema_states_the_same_rule():
    """The document schema carries the pattern the field rules use, so both refuse the same addresses."""
    schema = programme_document.load_schema()
    join_url = schema["$defs"]["platform"]["properties"]["access"]["properties"]["join_url"]
    assert join_url["pattern"] == f"^{HTTPS_URL_PATTERN}$"


@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", "http://kudo.example.org/join"])
def test_import_refuses_an_unsafe_join_link_naming_it(demo_document, url):
    document = copy.deepcopy(demo_document)
    document["platforms"][0]["access"]["join_url"] = url
    with pytest.raises(ProgrammeRejected) as rejection:
        validate(document)
    (problem,) = rejection.value.problems
    assert (problem.code, problem.location) == ("https_url", "platforms[0].access.join_url")
    assert "https://" in problem.message()
