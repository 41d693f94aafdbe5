"""Settings are read as a person means them, and an unusable one stops start-up with one line naming it."""
import subprocess
import sys

import pytest

from confsched import PROJECT_ROOT, create_app
from confsched.config import ConfigurationError

BASE = {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": "sqlite://"}


@pytest.mark.parametrize(("name", "given", "read"), [
    ("CONFSCHED_LOG_LEVEL", "warning", "WARNING"),
    ("CONFSCHED_LOG_LEVEL", " Debug ", "DEBUG"),
    ("CONFSCHED_SMTP_SECURITY", "STARTTLS", "starttls"),
    ("CONFSCHED_MAIL_SEND_IN_REQUEST", "False", False),
    ("CONFSCHED_MAIL_SEND_IN_REQUEST", "yes", True),
    ("CONFSCHED_MAIL_SEND_IN_REQUEST", "OFF", False),
    ("CONFSCHED_PROXY_COUNT", "1", 1),
    ("CONFSCHED_SMTP_PORT", "", None),
    ("CONFSCHED_VERSION_CACHE_SECONDS", "0.5", 0.5),
    ("CONFSCHED_BASE_URL", "HTTPS://programme.example.org/", "HTTPS://programme.example.org"),
])
def test_environment_values_are_read_as_meant(monkeypatch, name, given, read):
    monkeypatch.setenv(name, given)
    assert create_app(BASE).config[name] == read


@pytest.mark.parametrize(("name", "value"), [
    ("CONFSCHED_LOG_LEVEL", "verbose"),
    ("CONFSCHED_SMTP_SECURITY", "tls-please"),
    ("CONFSCHED_MAIL_SEND_IN_REQUEST", "maybe"),
    ("CONFSCHED_PROXY_COUNT", "-1"),
    ("CONFSCHED_SMTP_PORT", "70000"),
    ("CONFSCHED_SMTP_TIMEOUT", "0"),
    ("CONFSCHED_LOCKOUT_FAILURES", "five"),
    ("CONFSCHED_BASE_URL", "javascript:alert(1)"),
    ("CONFSCHED_BASE_URL", "programme.example.org"),
    ("CONFSCHED_HOST", "bad host/"),
    ("CONFSCHED_SIGN_IN_LIMIT", "lots"),
    ("CONFSCHED_MAIL_SENDER", "nobody"),
])
def test_unusable_values_stop_start_up_naming_the_setting(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as refusal:
        create_app(BASE)
    message = refusal.value.format_message()
    assert message.startswith(f"{name}=") and " cannot be used: " in message and "\n" not in message


def test_the_flask_command_prints_one_line_and_fails(tmp_path):
    """No traceback: the operator reads which setting to fix."""
    environment = {"PATH": "/usr/bin:/bin", "CONFSCHED_LOG_LEVEL": "verbose",
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite'}"}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "confsched", "export", "x"], cwd=PROJECT_ROOT,
                            env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert result.stderr.splitlines() == [
        "Error: CONFSCHED_LOG_LEVEL='verbose' cannot be used: use one of debug, info, warning, error, critical."
    ]


@pytest.mark.parametrize(("given", "used"), [
    ("POSTGRESQL://u@db/confsched", "postgresql+psycopg://u@db/confsched"),
    ("postgres://u@db/confsched", "postgresql+psycopg://u@db/confsched"),
    ("SQLite:///x.sqlite", "sqlite:///x.sqlite"),
])
def test_database_urls_are_read_in_any_case(monkeypatch, given, used):
    monkeypatch.setenv("DATABASE_URL", given)
    assert create_app({"TESTING": True, "SECRET_KEY": "test-secret"}).config["SQLALCHEMY_DATABASE_URI"] == used


@pytest.mark.parametrize("url", ["mysql://u@db/confsched", "not a url"])
def test_a_database_we_do_not_support_stops_start_up(monkeypatch, url):
    monkeypatch.setenv("DATABASE_URL", url)
    with pytest.raises(ConfigurationError, match="^DATABASE_URL=.* cannot be used: use sqlite"):
        create_app({"TESTING": True, "SECRET_KEY": "test-secret"})
