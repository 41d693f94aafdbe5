"""Factories for organiser tests: accounts, signed-in clients, API tokens."""
from __future__ import annotations

import copy
import re

import pytest

from confsched import PROJECT_ROOT
from confsched.organiser import accounts, membership
from confsched.programme.queries import load_programme

PASSWORD = "correct horse battery staple"



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
