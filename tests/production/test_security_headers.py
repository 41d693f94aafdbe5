"""Every response carries the standard defences; pages whose URL is a secret are never cached nor sent as Referer."""
from __future__ import annotations

import re

import pytest

from confsched import PROJECT_ROOT

SLUG = "vorkonferenz-2020"
PUBLIC_PATHS = ["/de/", "/tr/", f"/de/{SLUG}/", f"/tr/{SLUG}/workshops/1/", f"/de/{SLUG}/calendar.ics",
                f"/api/v1/conferences/{SLUG}", "/organiser/sign-in", "/de/no-such-conference/", "/healthz"]
TOKEN_PATHS = [
    f"/de/{SLUG}/workshops/1/register?invitation=IjEyIg.aw_LXg.abcdefghijklmnopqrstuvwxyz0",
    "/tr/registration/invitation/IjEyIg.aw_LXg.abcdefghijklmnopqrstuvwxyz0",
    "/de/registration/confirm/17.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq",
    "/de/registration/p/17.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq",
    "/tr/registration/p/17.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq/cancel/3",
]


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy as {directive: sources}."""
    directives = (part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


@pytest.mark.parametrize("path", PUBLIC_PATHS + TOKEN_PATHS)
def test_every_response_has_a_policy_without_inline_scripts_and_cannot_be_framed(client, demo, path):
    response = client.get(path)
    directives = policy(response)
    assert directives["script-src"] == "'self'" and "unsafe" not in directives["default-src"]
    assert directives["style-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'" and response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", TOKEN_PATHS)
def test_pages_whose_url_is_a_secret_are_not_stored_nor_sent_as_referer(client, demo, path):
    """Whether the token is good or not: its URL never reaches a cache or another site's logs."""
    response = client.get(path)
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", PUBLIC_PATHS[:4])
def test_public_pages_keep_their_caching(client, demo, path):
    response = client.get(path)
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


PAGE_TEMPLATES = [path for path in sorted((PROJECT_ROOT / "templates").rglob("*.html")) if "email" not in path.parts]


@pytest.mark.parametrize("template", PAGE_TEMPLATES, ids=lambda path: str(path.relative_to(PROJECT_ROOT / "templates")))
def test_page_templates_have_no_inline_script_or_style_element(template):
    """What the policy would block: inline scripts, event handler attributes, javascript: URLs, <style> elements."""
    text = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)", text)
    assert not re.search(r"<style\b", text)
    assert not re.search(r"\son[a-z]+\s*=", text)
    assert "javascript:" not in text
