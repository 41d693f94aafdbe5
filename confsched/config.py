"""Defaults and the rules for overriding them (instance/config.py, then the environment)."""
from __future__ import annotations

import json
import os

DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"


class DefaultConfig:
    """Settings that let a fresh clone run the demo on the embedded SQLite database."""

    # None: debug and test runs use DEVELOPMENT_SECRET_KEY, other runs a key generated in
    # instance/secret_key; the development key itself is refused outside debug and testing
    # (confsched.deployment).
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled from the instance path
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    JSON_SORT_KEYS = False
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    # Host name that makes iCalendar UIDs globally unique; keep it stable for the life of a deployment.
    CONFSCHED_HOST = "confsched.localhost"
    # Public base URL used in feeds and emails when there is no request to take it from.
    CONFSCHED_BASE_URL = "http://localhost:5000"
    LANGUAGES = ("de", "tr")
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    CONFSCHED_PROXY_COUNT = 0
    CONFSCHED_LOG_LEVEL = "INFO"
    # How long a process may answer conditional requests from the versions it read (confsched.caching);
    # None: 1 s in production, 0 (always ask the database) when testing or debugging.
    CONFSCHED_VERSION_CACHE_SECONDS: float | None = None
    # Rate limits (confsched.ratelimit): per process in memory; set a redis:// URI when several
    # workers or instances must share one count.
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True


def apply_environment(config) -> None:
    """Let DATABASE_URL and CONFSCHED_* variables override files, as twelve-factor deployments expect."""
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(database_url)
    if os.environ.get("SECRET_KEY"):
        config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = os.environ["RATELIMIT_STORAGE_URI"]
    for name, value in os.environ.items():
        if name.startswith("CONFSCHED_") and not name.startswith("CONFSCHED_TEST_"):
            config[name] = _parse(value)


def _parse(value: str):
    """Read numbers and booleans from the environment as JSON, anything else as text."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def normalise_database_url(url: str) -> str:
    """Route plain postgres:// URLs through psycopg 3, the driver we ship for PostgreSQL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
