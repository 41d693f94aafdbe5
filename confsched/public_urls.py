"""Absolute links for pages, feeds and emails: CONFSCHED_BASE_URL, or in debug mode the address actually used.

In production the configured base URL is the rule, so a forged Host header can never redirect anyone's
confirmation link; in debug mode without one, links follow the server wherever `flask run` put it.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request

DEFAULT_BASE_URL = "http://localhost:5000"


def base_url() -> str:
    """The public base URL without a trailing slash."""
    configured = current_app.config.get("CONFSCHED_BASE_URL")
    if configured:
        return configured.rstrip("/")
    if current_app.debug and has_request_context():
        return request.host_url.rstrip("/")
    return DEFAULT_BASE_URL


def external_url(endpoint: str, **values) -> str:
    """An absolute URL for an endpoint under the public base URL."""
    base = urlsplit(base_url())
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
