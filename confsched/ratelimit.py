"""One rate limiter for every feature, so abuse-prone endpoints share storage and configuration.

Usage in a feature's views (sign-in, registration, password reset, anything that sends mail)::

    from confsched.ratelimit import limiter

    @bp.post("/organiser/sign-in")
    @limiter.limit("10 per minute; 50 per hour", methods=["POST"])
    def sign_in(): ...

    # or for a whole blueprint:  limiter.limit("30 per minute")(bp)

Limits count per client address (``request.remote_addr``; behind a reverse proxy set
CONFSCHED_PROXY_COUNT so that address is the client's, not the proxy's). Nothing is limited
unless a view asks for it: there are no default limits, so feeds polled by calendar clients
are never throttled by accident.

Storage comes from RATELIMIT_STORAGE_URI: ``memory://`` (the default) counts per process,
which is right for one server process; when several gunicorn workers or instances run,
point it at Redis (``redis://127.0.0.1:6379/0``) so they share one count; gunicorn.conf.py
warns at start-up when more than one worker would count in memory. If Redis is
unreachable, counting falls back to memory instead of failing the request.

Tests get a fresh in-memory count per app; set RATELIMIT_ENABLED=False in a test's config
to switch limiting off for that app.
"""
from __future__ import annotations

from flask import Flask, jsonify, request
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import TooManyRequests

limiter = Limiter(key_func=get_remote_address)


def per_worker_warning(config, workers: int) -> str | None:
    """What to tell the operator when several workers would each keep their own counts (memory storage)."""
    storage = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if workers <= 1 or not config.get("RATELIMIT_ENABLED", True) or not storage.startswith("memory://"):
        return None
    return (f"rate limits are counted per worker: with {workers} workers and RATELIMIT_STORAGE_URI={storage} "
            f"up to {workers} times as many attempts get through; set RATELIMIT_STORAGE_URI=redis://host:6379/0 "
            "to share one count")


def init_app(app: Flask) -> None:
    """Bind the limiter to the app's storage and answer breaches in the reader's language."""
    limiter.init_app(app)
    app.register_error_handler(TooManyRequests, too_many_requests)


def too_many_requests(error: TooManyRequests):
    """A 429 that says, in the reader's language, to wait; JSON for the API, plain text elsewhere.

    The limiter's after-request hook adds Retry-After and the X-RateLimit headers to it.
    """
    message = _("Too many attempts. Please wait a moment and try again.")
    if request.path.startswith("/api/"):
        return jsonify(error={"message": message}), 429
    return message, 429, {"Content-Type": "text/plain; charset=utf-8"}
