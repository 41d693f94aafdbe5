"""Defaults, the rules for overriding them (instance/config.py, then the environment), and checks of every value."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import click
from flask import Config

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
    # Public base URL of links in pages, feeds and emails. Unset: in debug mode the address the
    # server is reached at, otherwise http://localhost:5000 (confsched.public_urls).
    CONFSCHED_BASE_URL: str | None = None
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


class ConfigurationError(click.ClickException):
    """A setting holds a value confsched cannot use; the flask command prints it as one line and stops."""


def load_config(config: Config, instance_path: str, overrides: dict | None = None) -> None:
    """Fill `config`: defaults, instance/config.py, the environment, then `overrides`; every value checked."""
    config.from_object(DefaultConfig)
    config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(instance_path) / "confsched.sqlite")
    config.from_pyfile(str(Path(instance_path) / "config.py"), silent=True)
    apply_environment(config)
    if overrides:
        config.from_mapping(overrides)
    check_settings(config)


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
    """Route plain postgres:// URLs (in any case) through psycopg 3, the driver we ship for PostgreSQL."""
    scheme, separator, rest = url.strip().partition("://")
    if separator and scheme.lower() in ("postgres", "postgresql"):
        return "postgresql+psycopg://" + rest
    if separator and scheme.lower() == "sqlite":
        return "sqlite://" + rest
    return url


def _choice(*options: str, upper: bool = False) -> Callable[[Any], str]:
    """One of a few words, in any case ('warning', 'WARNING'), normalised to the case the code uses."""
    def read(value):
        word = str(value).strip().lower()
        if word not in options:
            raise ValueError(f"use one of {', '.join(options)}")
        return word.upper() if upper else word
    return read


def _boolean_or_auto(value) -> bool | None:
    """A boolean, or None ('auto', empty) for the feature's own default."""
    if value is None or str(value).strip().lower() in ("", "auto"):
        return None
    return _boolean(value)


def _boolean(value) -> bool:
    """true/false, yes/no, on/off or 1/0, in any case."""
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in ("true", "yes", "on", "1"):
        return True
    if word in ("false", "no", "off", "0"):
        return False
    raise ValueError("use true or false")


def _whole(minimum: int, maximum: int | None = None, optional: bool = False) -> Callable[[Any], int | None]:
    """A whole number within bounds ('10' from the environment as well as 10)."""
    def read(value):
        if optional and value in (None, ""):
            return None
        if isinstance(value, bool) or not str(value).strip().lstrip("+-").isdigit():
            raise ValueError("use a whole number")
        number = int(str(value).strip())
        if number < minimum or (maximum is not None and number > maximum):
            raise ValueError(f"use a number from {minimum}" + (f" to {maximum}" if maximum is not None else " up"))
        return number
    return read


def _seconds(optional: bool = False, positive: bool = False) -> Callable[[Any], float | None]:
    """A non-negative (or positive) number of seconds."""
    def read(value):
        if optional and value in (None, ""):
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError("use a number of seconds") from None
        if number < 0 or (positive and number == 0) or number != number:
            raise ValueError("use a number of seconds above 0" if positive else "use a number of seconds, 0 or more")
        return number
    return read


def _base_url(value) -> str | None:
    """An http(s) URL with a host; None or empty leaves it unset."""
    if value in (None, ""):
        return None
    url = str(value).strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError("use an address such as https://programme.example.org")
    return url.rstrip("/")


def _host(value) -> str:
    """A host name for calendar UIDs and Message-IDs (letters, digits, dots and hyphens)."""
    host = str(value).strip()
    if not host or any(not (character.isalnum() or character in ".-") for character in host) or not host.isascii():
        raise ValueError("use a host name such as programme.example.org")
    return host


def _rate_limits(value) -> str:
    """Flask-Limiter's notation, e.g. '10 per minute; 60 per hour'."""
    from limits import parse_many

    try:
        parse_many(str(value))
    except ValueError:
        raise ValueError("use limits such as '10 per minute; 60 per hour'") from None
    return str(value)


def _mailbox(value) -> str:
    """A sender such as 'Städtetag <noreply@example.org>'."""
    from email.utils import parseaddr

    if "@" not in parseaddr(str(value))[1]:
        raise ValueError("use an address such as 'confsched <noreply@example.org>'")
    return str(value)


SETTINGS: dict[str, Callable[[Any], Any]] = {
    "CONFSCHED_LOG_LEVEL": _choice("debug", "info", "warning", "error", "critical", upper=True),
    "CONFSCHED_SMTP_SECURITY": _choice("starttls", "ssl", "none"),
    "CONFSCHED_MAIL_SEND_IN_REQUEST": _boolean_or_auto,
    "CONFSCHED_PROXY_COUNT": _whole(0, 10),
    "CONFSCHED_SMTP_PORT": _whole(1, 65535, optional=True),
    "CONFSCHED_SMTP_TIMEOUT": _seconds(positive=True),
    "CONFSCHED_VERSION_CACHE_SECONDS": _seconds(optional=True),
    "CONFSCHED_PAGE_CACHE_SIZE": _whole(0),
    "CONFSCHED_FEED_CACHE_SIZE": _whole(0),
    "CONFSCHED_CONFIRMATION_DAYS": _whole(1),
    "CONFSCHED_INVITATION_DAYS": _whole(1),
    "CONFSCHED_RETENTION_DAYS": _whole(0),
    "CONFSCHED_OUTBOX_KEEP_DAYS": _whole(0),
    "CONFSCHED_LOCKOUT_FAILURES": _whole(1),
    "CONFSCHED_LOCKOUT_MINUTES": _whole(1),
    "CONFSCHED_BASE_URL": _base_url,
    "CONFSCHED_HOST": _host,
    "CONFSCHED_SIGN_IN_LIMIT": _rate_limits,
    "CONFSCHED_MAIL_SENDER": _mailbox,
}


def _database_url(value) -> str:
    """SQLite or PostgreSQL, the two databases confsched is tested on."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        backend = make_url(str(value)).get_backend_name()
    except ArgumentError:
        backend = None
    if backend not in ("sqlite", "postgresql"):
        raise ValueError("use sqlite:///PATH or postgresql://USER@HOST/DATABASE")
    return value


def check_settings(config) -> None:
    """Normalise every known setting that is present; the first unusable one stops start-up, named."""
    database_url = config["SQLALCHEMY_DATABASE_URI"]
    try:
        _database_url(database_url)
    except ValueError as problem:
        raise ConfigurationError(f"DATABASE_URL={database_url!r} cannot be used: {problem}.") from None
    for name, read in SETTINGS.items():
        if name in config:
            try:
                config[name] = read(config[name])
            except ValueError as problem:
                raise ConfigurationError(f"{name}={config[name]!r} cannot be used: {problem}.") from None
