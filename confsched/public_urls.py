"""Absolute links for pages, feeds and emails: CONFSCHED_BASE_URL, or on a development server the address used.

In production the configured base URL is the rule, so a forged Host header can never redirect anyone's
confirmation link. On `flask run` (debug or not; it is never a production server) without one, links
follow the server wherever it was started (`--port 8080`).
"""
from __future__ import annotations

import os
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request

DEFAULT_BASE_URL = "http://localhost:5000"


def base_url() -> str:
    """The public base URL without a trailing slash."""
    configured = current_app.config.get("CONFSCHED_BASE_URL")
    if configured:
        return configured.rstrip("/")
    if (current_app.debug or os.environ.get("FLASK_RUN_FROM_CLI") == "true") and has_request_context():
        return request.host_url.rstrip("/")
    return DEFAULT_BASE_URL


def base_url_warning(config) -> str | None:
    """What to tell the operator of a production server that has no CONFSCHED_BASE_URL."""
    if config.get("CONFSCHED_BASE_URL"):
        return None
    return f"CONFSCHED_BASE_URL is not set: links in feeds and emails point to {DEFAULT_BASE_URL}"


def external_url(endpoint: str, **values) -> str:
    """An absolute URL for an endpoint under the public base URL."""
    base = urlsplit(base_url())
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
