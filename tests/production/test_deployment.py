"""A deployment gets a secret key of its own and trusts only the proxies it is told about."""
import stat

import pytest
from flask import Flask, request

from confsched import create_app
from confsched.config import DEVELOPMENT_SECRET_KEY
from confsched.deployment import InsecureConfiguration, settle_secret_key, trust_proxies


@pytest.fixture
def bare_app(tmp_path):
    """Factory: a plain Flask app with its own instance folder, to apply one deployment rule to."""

    def make(**config) -> Flask:
        app = Flask("deployment-test", instance_path=str(tmp_path))
        app.config.update({"SECRET_KEY": None, **config})
        return app

    return make


def test_development_key_is_refused_in_production(monkeypatch):
    """Configuring the published development key stops the app from starting outside debug and testing."""
    monkeypatch.setenv("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    with pytest.raises(InsecureConfiguration, match="published development key"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_development_key_is_allowed_when_testing(monkeypatch):
    """Tests and debug runs may use the development key."""
    monkeypatch.setenv("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY


def test_unset_key_in_production_is_generated_once_and_private(bare_app, tmp_path):
    """Without a configured key a random one is made in the instance folder, owner-only, and reused."""
    first = bare_app()
    settle_secret_key(first)
    second = bare_app()
    settle_secret_key(second)
    key_file = tmp_path / "secret_key"
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) == 64 and first.config["SECRET_KEY"] != DEVELOPMENT_SECRET_KEY
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]


def test_unset_key_in_debug_uses_the_development_key(bare_app, tmp_path):
    """A debug run needs no key file."""
    app = bare_app(DEBUG=True)
    settle_secret_key(app)
    assert app.config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY
    assert not (tmp_path / "secret_key").exists()


def test_explicit_key_wins(bare_app, tmp_path):
    """A configured key is used as it is and no file is written."""
    app = bare_app(SECRET_KEY="a-long-random-production-key")
    settle_secret_key(app)
    assert app.config["SECRET_KEY"] == "a-long-random-production-key"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(("proxy_count", "seen_address"), [(0, "127.0.0.1"), (1, "203.0.113.7")])
def test_forwarded_client_address_is_trusted_only_behind_a_configured_proxy(bare_app, proxy_count, seen_address):
    """X-Forwarded-For is believed only when CONFSCHED_PROXY_COUNT says a proxy sets it."""
    app = bare_app(CONFSCHED_PROXY_COUNT=proxy_count)
    app.add_url_rule("/address", view_func=lambda: request.remote_addr)
    trust_proxies(app)
    response = app.test_client().get("/address", headers={"X-Forwarded-For": "203.0.113.7"})
    assert response.get_data(as_text=True) == seen_address
