"""Factories for organiser tests: accounts, signed-in clients and browser pages, API tokens."""
from __future__ import annotations

import copy
import re

import pytest

from confsched.organiser import accounts, membership
from confsched.programme.queries import load_programme
from tests.conftest import DEMO_SLUG

PASSWORD = "correct horse battery staple"
ADMIN_EMAIL = "admin@example.org"
BROWSER_LOCALES = {"de": "de-DE", "tr": "tr-TR"}


@pytest.fixture
def make_organiser(app):
    """Factory: an organiser account, optionally a member of some conferences."""

    def make(email: str = "organiser@example.org", password: str = PASSWORD, is_admin: bool = False,
             conferences: tuple = ()):
        with app.app_context():
            organiser = accounts.create_organiser(email, password, is_admin=is_admin)
            for slug in conferences:
                membership.add_member(load_programme(slug), email)
            return organiser.id

    return make


@pytest.fixture
def sign_in(app):
    """Factory: sign a client in through the real form, CSRF token included."""

    def do(client, email: str = "organiser@example.org", password: str = PASSWORD):
        html = client.get("/organiser/sign-in").get_data(as_text=True)
        token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        return client.post("/organiser/sign-in", data={"email": email, "password": password, "csrf_token": token})

    return do


@pytest.fixture
def editor(app, client, demo, make_organiser, sign_in):
    """A client signed in as a member of the demo conference, with CSRF checks off (tests here are not about CSRF)."""
    make_organiser(conferences=(demo,))
    sign_in(client)
    app.config["WTF_CSRF_ENABLED"] = False
    return client


def day_path(workshop: int = 1, day: int = 1) -> str:
    """The day table of one of the demo's workshop days."""
    return f"/organiser/conferences/{DEMO_SLUG}/workshops/{workshop}/days/{day}/"


def sign_in_tab(tab, email: str = "organiser@example.org") -> None:
    """Sign a browser page in through the real form, as a person does."""
    tab.goto("/organiser/sign-in")
    tab.fill("input[name=email]", email)
    tab.fill("input[name=password]", PASSWORD)
    tab.click("form[action$='/sign-in'] button[type=submit]")
    tab.wait_for_url("**/organiser/")


@pytest.fixture
def signed_in_tab(browser, live_server, demo, make_organiser):
    """Factory: a page of the session's Chromium in a language and Berlin's time, signed in as a member of the demo
    (or as an admin), on `path` if given; its browser context closes after the test."""
    contexts, accounts_made = [], set()

    def open_tab(language: str = "de", path: str | None = None, admin: bool = False, viewport: dict | None = None):
        email = ADMIN_EMAIL if admin else "organiser@example.org"
        if email not in accounts_made:
            make_organiser(email, is_admin=admin, conferences=() if admin else (demo,))
            accounts_made.add(email)
        context = browser.new_context(locale=BROWSER_LOCALES[language], timezone_id="Europe/Berlin",
                                      base_url=live_server, **({"viewport": viewport} if viewport else {}))
        contexts.append(context)
        tab = context.new_page()
        sign_in_tab(tab, email)
        if path is not None:
            tab.goto(path)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def api_token(app):
    """Factory: a bearer token for an organiser by email."""

    def make(email: str = "organiser@example.org") -> str:
        with app.app_context():
            return accounts.issue_token(accounts.find_organiser(email), "test")

    return make


def without_printed(workshop: dict) -> dict:
    """A workshop as stored: printed times are checked on import, never kept."""
    workshop = copy.deepcopy(workshop)
    for day in workshop["days"]:
        day.pop("printed", None)
        for item in day["items"]:
            item.pop("printed", None)
    return workshop
