"""Structured logs: JSON lines with request context, and no secret ever written out."""
import io
import random
import secrets
import json
import logging
import sys

import pytest
from flask import Flask

from confsched import logging as structured_logging
from confsched.logging import JsonFormatter, configured_secrets, redact


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("connecting to postgresql+psycopg://confsched:Pg-s3cret-pass@db.internal/confsched", "Pg-s3cret-pass"),
        ("redis://:R3dis-pass@127.0.0.1:6379/0 unreachable", "R3dis-pass"),
        ("GET /de/vorkonferenz-2020/calendar.ics?token=abcDEF123secret HTTP/1.1", "abcDEF123secret"),
        ("form field passcode=Kd-7319-secret rejected", "Kd-7319-secret"),
        ("POST /organiser/sign-in csrf_token=IjQ2ZmE1Yj&api_key=k3y-value", "k3y-value"),
        ("POST /organiser/sign-in csrf_token=IjQ2ZmE1Yj&api_key=k3y-value", "IjQ2ZmE1Yj"),
        ("GET /de/registration/feeds/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08/", "9f86d081884c"),
        ("GET /de/registration/feeds/Zq3xT0kVb1_aP9-LmN2wQe7Rty5UiOp4/calendar.ics", "Zq3xT0kVb1_aP9"),
    ],
)
def test_secrets_are_redacted(text, secret):
    """Passwords in URLs, secret parameters and generated tokens in paths never reach a log."""
    cleaned = redact(text)
    assert secret not in cleaned and structured_logging.REDACTED in cleaned


@pytest.mark.parametrize("text", [
    "GET /tr/deutsch-tuerkische-staedtepartnerschaftskonferenz-2021/workshops/12/calendar.ics",
    "psycopg.errors.InvalidTextRepresentation raised in confsched.registration.notifications",
    "GET /static/confsched.css?v=3f2a9c1 HTTP/1.1 version 1.2.3",
])
def test_public_paths_stay_readable(text):
    """Slugs, languages, workshop numbers and dotted names in tracebacks are not mistaken for tokens."""
    assert redact(text) == text


def _record(message, *args, **extra) -> logging.LogRecord:
    """A log record as the logging machinery would build it."""
    record = logging.LogRecord("confsched.test", logging.WARNING, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    return record


def test_formatter_writes_one_json_object_with_extra_fields():
    """Each record becomes one line of JSON with time, level, logger, message and any extra fields."""
    line = JsonFormatter().format(_record("imported %s", "vorkonferenz-2020", conference="vorkonferenz-2020"))
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "warning" and entry["logger"] == "confsched.test"
    assert entry["message"] == "imported vorkonferenz-2020" and entry["conference"] == "vorkonferenz-2020"
    assert entry["time"].endswith("+00:00")


def test_formatter_removes_configured_secret_values():
    """The configured SECRET_KEY and database password are removed wherever they appear, even in tracebacks."""
    config = {"SECRET_KEY": "the-secret-key-value", "SQLALCHEMY_DATABASE_URI": "postgresql://u:Pw%22quoted@h/d"}
    formatter = JsonFormatter(configured_secrets(config))
    try:
        raise ValueError("bad key the-secret-key-value")
    except ValueError:
        record = _record("password is %s", 'Pw"quoted', exc_info=sys.exc_info())
        record.exc_info = sys.exc_info()
    line = formatter.format(record)
    assert "the-secret-key-value" not in line and 'Pw\\"quoted' not in line and "Pw" not in line
    assert "ValueError" in json.loads(line)["exception"]


def test_gunicorn_access_records_become_fields():
    """Gunicorn's access atoms are logged as separate fields, with the path redacted."""
    atoms = {"m": "GET", "U": "/de/registration/feeds/Zq3xT0kVb1_aP9-LmN2wQe7Rty5UiOp4/calendar.ics",
             "s": "200", "B": 512, "D": 2500, "h": "127.0.0.1", "a": "Thunderbird"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(m)s %(U)s", (atoms,), None)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["method"] == "GET" and entry["status"] == "200" and entry["duration_ms"] == 2.5
    assert entry["path"] == "/de/registration/feeds/***/calendar.ics"
    assert "Zq3xT0kVb1" not in entry["message"]


@pytest.fixture
def production_log(tmp_path):
    """A non-testing app with structured logging into a buffer; the handler is removed afterwards."""
    app = Flask("logging-test", instance_path=str(tmp_path))
    app.config.update(SECRET_KEY="the-secret-key-value", SQLALCHEMY_DATABASE_URI="sqlite://")
    structured_logging.init_app(app)
    logger = logging.getLogger("confsched")
    (handler,) = [h for h in logger.handlers if isinstance(h.formatter, JsonFormatter)]
    buffer = io.StringIO()
    handler.setStream(buffer)
    yield app, logger, buffer
    logger.removeHandler(handler)


def test_app_logs_carry_the_request(production_log):
    """Lines logged during a request name its id (taken from the proxy), method and path."""
    app, logger, buffer = production_log
    with app.test_request_context("/de/vorkonferenz-2020/?token=abcDEF123secret", headers={"X-Request-ID": "req-42"}):
        app.preprocess_request()
        logger.warning("rendering the-secret-key-value")
    entry = json.loads(buffer.getvalue())
    assert entry["request_id"] == "req-42" and entry["method"] == "GET"
    assert entry["path"] == "/de/vorkonferenz-2020/"
    assert entry["message"] == "rendering ***"


@pytest.mark.parametrize("path", [
    "/de/registration/p/17.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq/calendar.ics",
    "/tr/registration/confirm/17.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq",
    "/de/registration/invitation/IjEyIg.ZyXwVu.abcdefghijklmnop",
])
def test_personal_link_tokens_are_redacted_whatever_they_look_like(path):
    """The token of a personal link is removed even when it happens to look like plain words."""
    cleaned = redact(path)
    assert "abcdefghijklmnop" not in cleaned and "/***" in cleaned


TOKENS_PER_KIND = 100_000


def _issued_tokens(kind: str, count: int) -> list[tuple[str, str]]:
    """(token, its secret part) as the app issues them, with fresh keys and ids."""
    from confsched.organiser.models import new_token_secret
    from confsched.registration import tokens

    secret_key = secrets.token_hex(32)
    if kind == "api":
        made = [new_token_secret() for _ in range(count)]
        return [(token, token.removeprefix("cst_")) for token in made]
    if kind == "invitation":
        made = [tokens.sign_invitation(secret_key, random.randrange(1, 10**9)) for _ in range(count)]
    else:
        made = [tokens.make_token(secret_key, kind, random.randrange(1, 10**9), tokens.new_key()) for _ in range(count)]
    return [(token, token.rpartition(".")[2]) for token in made]


LINK_SHAPES = {
    "api": "GET /api/v1/conferences?token={token} HTTP/1.1",
    "invitation": "GET /de/vorkonferenz-2020/workshops/1/register?invitation={token} HTTP/1.1",
    "confirm": "GET /tr/registration/confirm/{token} HTTP/1.1",
    "page": 'GET /de/vorkonferenz-2020/ HTTP/1.1 "https://programme.example.org/de/registration/p/{token}"',
}


@pytest.mark.parametrize("kind", sorted(LINK_SHAPES))
def test_every_issued_token_is_redacted_by_name_and_by_shape(kind):
    """100,000 tokens of each kind never survive redaction, in their own links or loose in any text."""
    issued = _issued_tokens(kind, TOKENS_PER_KIND)
    for shape in (LINK_SHAPES[kind], "mail to a@example.org failed for {token}; retrying"):
        lines = redact("\n".join(shape.format(token=token) for token, _ in issued)).split("\n")
        leaked = [token for (token, secret), line in zip(issued, lines) if secret in line]
        assert len(lines) == len(issued) and leaked == [], (shape, len(leaked), leaked[:3])


def test_the_development_server_logs_no_personal_link(live_server, caplog):
    """`flask run` (werkzeug's server) writes one line per request: the token of a personal link is not in it."""
    import urllib.error
    import urllib.request

    token = "17.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq"
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{live_server}/de/registration/p/{token}", timeout=10)
    request_lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any("/de/registration/p/***" in line for line in request_lines), request_lines
    assert not any(token[3:] in line for line in request_lines)
