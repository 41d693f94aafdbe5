"""Links follow the address the server is reached at in debug mode without CONFSCHED_BASE_URL; otherwise the setting."""
import pytest

from tests.conftest import DEMO_SLUG

WORKSHOP_PAGE = f"/de/{DEMO_SLUG}/workshops/1/"
FEED = f"/de/{DEMO_SLUG}/workshops/1/calendar.ics"
REACHED_AT = "http://127.0.0.1:8123"


@pytest.fixture
def debug_app(app, demo):
    """The demo app as `flask run --debug` serves it, with no base URL configured."""
    app.config.update(DEBUG=True, CONFSCHED_BASE_URL=None)
    return app


def test_debug_pages_and_feeds_link_to_the_address_in_use(debug_app):
    client = debug_app.test_client()
    page = client.get(WORKSHOP_PAGE, base_url=REACHED_AT).get_data(as_text=True)
    feed = client.get(FEED, base_url=REACHED_AT).get_data(as_text=True)
    assert f"{REACHED_AT}{FEED}" in page and "webcal://127.0.0.1:8123/" in page
    assert "localhost:5000" not in page
    assert f"URL;VALUE=URI:{REACHED_AT}/de/{DEMO_SLUG}/workshops/1/" in feed.replace("\r\n ", "")
    other_port = client.get(FEED, base_url="http://127.0.0.1:9000").get_data(as_text=True)
    assert "127.0.0.1:9000" in other_port.replace("\r\n ", "") and REACHED_AT not in other_port


def test_flask_run_without_debug_links_to_the_address_in_use(app, demo, monkeypatch):
    """`flask run --port 8123` is a development server too: its links follow the port it runs on."""
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    app.config.update(CONFSCHED_BASE_URL=None)
    page = app.test_client().get(WORKSHOP_PAGE, base_url=REACHED_AT).get_data(as_text=True)
    assert f"{REACHED_AT}{FEED}" in page


@pytest.mark.parametrize(("debug", "configured", "expected"), [
    (False, None, "http://localhost:5000"),
    (False, "https://programme.example.org", "https://programme.example.org"),
    (True, "https://programme.example.org", "https://programme.example.org"),
])
def test_outside_debug_or_when_configured_the_setting_is_the_rule(app, demo, debug, configured, expected):
    """A forged Host never reaches a link in production."""
    app.config.update(DEBUG=debug, CONFSCHED_BASE_URL=configured)
    page = app.test_client().get(WORKSHOP_PAGE, base_url="http://attacker.example").get_data(as_text=True)
    assert f"{expected}{FEED}" in page and "attacker.example" not in page
