"""Structured logs: one JSON object per line, with secrets taken out before anything is written.

The app logs through the ``confsched`` logger (``current_app.logger`` and every
``logging.getLogger(__name__)`` in the package); gunicorn's error and access logs use the
same formatter through gunicorn.conf.py. Redaction happens in the formatter, so it covers the
message, its arguments, tracebacks and request paths alike: URL passwords
(``postgresql://user:***@host``), secret query parameters (``?token=***``, ``?invitation=***``),
path segments of personal links, every token confsched issues recognised by its shape wherever it
appears, other strings that look generated, and the literal values of configured secrets
(SECRET_KEY, the database password).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets
import sys

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

REDACTED = "***"
SECRET_PATTERNS = (
    # user:password@ in any URL (database, Redis, SMTP)
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]+@", re.IGNORECASE), rf"\g<1>{REDACTED}@"),
    # secret query parameters and form fields (?invitation= carries a signed invitation link)
    (re.compile(r"(\b\w*(?:token|key|secret|password|passcode|pwd|invitation|signature)=)[^&\s\"']+",
                re.IGNORECASE), rf"\g<1>{REDACTED}"),
    # the token segment of personal links (/p/<token>/, /confirm/<token>, /invitation/<token>)
    (re.compile(r"(/(?:p|confirm|invitation|tokens?)/)[^/?#\s\"]+"), rf"\g<1>{REDACTED}"),
    # the shapes of the tokens confsched issues, wherever they appear: API tokens (cst_ + 43 characters),
    # row tokens (id.HMAC, confsched.registration.tokens) and signed, timed values (itsdangerous:
    # payload.timestamp.signature, as invitation links and CSRF tokens are)
    (re.compile(r"(?<![A-Za-z0-9_-])cst_[A-Za-z0-9_-]{20,}"), REDACTED),
    (re.compile(r"(?<![A-Za-z0-9_.-])[0-9]{1,12}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"), REDACTED),
    (re.compile(r"(?<![A-Za-z0-9_.-])[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27}(?![A-Za-z0-9_-])"),
     REDACTED),
    # generated tokens elsewhere in paths: long hex, or long URL-safe strings that mix cases and digits
    (re.compile(r"(?<![A-Za-z0-9_-])[0-9a-f]{32,}(?![A-Za-z0-9_-])"), REDACTED),
    (re.compile(r"(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*[0-9])"
                r"[A-Za-z0-9_-]{22,}(?![A-Za-z0-9_-])"), REDACTED),
)
# Attributes every LogRecord has; anything else was passed through `extra=` and is logged as a field.
STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def redact(text: str, literals: frozenset[str] = frozenset()) -> str:
    """Take every known kind of secret out of a text bound for a log."""
    for literal in literals:
        text = text.replace(literal, REDACTED)
    for pattern, replacement in SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON that log collectors can index without parsing prose."""

    def __init__(self, literals: frozenset[str] = frozenset()) -> None:
        """Remember the configured secrets that must never be written out verbatim."""
        super().__init__()
        self.literals = literals

    def format(self, record: logging.LogRecord) -> str:
        """Collect time, level, logger, message, request and extra fields, then redact the line."""
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(_access_fields(record))
        entry.update(_request_fields())
        entry.update({key: value for key, value in vars(record).items() if key not in STANDARD_ATTRIBUTES})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps({key: self._redacted(value) for key, value in entry.items()}, ensure_ascii=False)

    def _redacted(self, value):
        """Numbers and empty values pass; everything else is logged as redacted text."""
        if value is None or isinstance(value, (bool, int, float)):
            return value
        return redact(str(value), self.literals)


def _access_fields(record: logging.LogRecord) -> dict:
    """Gunicorn's access log passes its atoms as a dict; keep the useful ones as separate fields."""
    if record.name != "gunicorn.access" or not isinstance(record.args, dict):
        return {}
    atoms = record.args
    return {
        "method": atoms.get("m"),
        "path": atoms.get("U"),
        "status": atoms.get("s"),
        "bytes": atoms.get("B"),
        "duration_ms": round(int(atoms.get("D", 0)) / 1000, 1),
        "remote_addr": atoms.get("h"),
        "user_agent": atoms.get("a"),
    }


def _request_fields() -> dict:
    """The request a record belongs to, so lines of one request can be found together."""
    if not has_request_context():
        return {}
    return {"request_id": g.get("request_id"), "method": request.method, "path": request.path}


class RedactingFilter(logging.Filter):
    """Takes secrets out of records of loggers whose lines confsched does not format, such as the dev server's."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message by its redacted text; every record passes."""
        record.msg, record.args = redact(record.getMessage()), ()
        return True


def configured_secrets(config) -> frozenset[str]:
    """The secret values this deployment is configured with, for literal redaction."""
    values = {config.get("SECRET_KEY")}
    try:
        values.add(make_url(config["SQLALCHEMY_DATABASE_URI"]).password)
    except (ArgumentError, KeyError, TypeError):
        pass
    return frozenset(value for value in values if isinstance(value, str) and len(value) >= 6)


def assign_request_id() -> None:
    """Take the proxy's X-Request-ID (or make one) so the lines of one request can be found together."""
    g.request_id = request.headers.get("X-Request-ID", "")[:64] or secrets.token_hex(8)


def init_app(app: Flask) -> None:
    """Send the app's logs as JSON to standard error, unless debugging or testing (then plain text)."""
    app.before_request(assign_request_id)
    # `flask run` logs every request line through werkzeug's logger, personal links included.
    werkzeug_logger = logging.getLogger("werkzeug")
    if not any(isinstance(existing, RedactingFilter) for existing in werkzeug_logger.filters):
        werkzeug_logger.addFilter(RedactingFilter())
    if app.debug or app.testing:
        return
    logger = logging.getLogger("confsched")
    logger.removeHandler(default_handler)
    handler = next((h for h in logger.handlers if isinstance(h.formatter, JsonFormatter)), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        logger.addHandler(handler)
    handler.setFormatter(JsonFormatter(configured_secrets(app.config)))
    logger.setLevel(app.config.get("CONFSCHED_LOG_LEVEL", "INFO"))
    # The root logger may have a handler of its own (gunicorn's); one line per record is enough.
    logger.propagate = False
