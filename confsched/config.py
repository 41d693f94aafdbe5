"""Defaults and the rules for overriding them (instance/config.py, then the environment)."""
from __future__ import annotations

import json
import os

DEVELOPMENT_SECRET_KEY = "dev-only-not-secret"


class DefaultConfig:
    """Settings that let a fresh clone run the demo on the embedded SQLite database."""

    SECRET_KEY = DEVELOPMENT_SECRET_KEY
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


def apply_environment(config) -> None:
    """Let DATABASE_URL and CONFSCHED_* variables override files, as twelve-factor deployments expect."""
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(database_url)
    if os.environ.get("SECRET_KEY"):
        config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    for name, value in os.environ.items():
        if name.startswith("CONFSCHED_") and name not in ("CONFSCHED_TEST_DATABASE_URL",):
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
