"""Zones entering through the write API and the document import are stored under their canonical names."""
from __future__ import annotations

import copy

import pytest

from confsched.extensions import db
from confsched.programme.models import Conference
from confsched.registration.queries import find_workshop


@pytest.fixture
def api(app, demo, make_organiser, api_token):
    """A client whose requests carry a member's bearer token."""
    make_organiser(conferences=(demo,))
    headers = {"Authorization": f"Bearer {api_token()}"}
    client = app.test_client()

    def call(method: str, path: str, json=None, expect: int | None = None):
        response = client.open(f"/api/v1{path}", method=method, json=json, headers=headers)
        if expect is not None:
            assert response.status_code == expect, response.get_json()
        return response

    return call


def test_the_api_stores_a_legacy_day_zone_as_its_zone(app, api, demo, draft_programme, publish):
    """PATCHing a day to Asia/Istanbul stores Europe/Istanbul (the same wall-clock window, one zone name), in the
    draft and, once published, in the release."""
    api("PATCH", f"/conferences/{demo}/workshops/1/days/1", json={"zone": "Asia/Istanbul", "local_start": "10:30",
                                                                   "local_end": "12:30"}, expect=200)
    with app.app_context():
        assert draft_programme(demo).workshops[0].days[0].zone == "Europe/Istanbul"
    publish()
    with app.app_context():
        assert find_workshop(demo, 1).days[0].zone == "Europe/Istanbul"


def test_the_api_refuses_an_abbreviation_as_a_zone(api, demo):
    """EST would be stored as Panama; it is refused as unknown instead."""
    response = api("PATCH", f"/conferences/{demo}/workshops/1/days/1", json={"zone": "EST"}, expect=400)
    assert response.get_json()["error"]["field"].endswith("zone")


def test_an_imported_document_s_aliases_are_stored_canonical(app, load_document, demo_document):
    """reference_zones [Europe/Berlin, Turkey] and a day in Europe/Kiev are stored as Europe/Istanbul and Europe/Kyiv."""
    document = copy.deepcopy(demo_document)
    document["conference"]["reference_zones"] = ["Europe/Berlin", "Turkey"]
    day = document["workshops"][0]["days"][0]
    day["zone"] = "Europe/Kiev"
    day.update(local_start="10:30", local_end="12:30")
    day.pop("printed", None)
    for item in day["items"]:
        item.pop("printed", None)
    load_document(document)
    with app.app_context():
        conference = db.session.query(Conference).filter_by(slug=document["conference"]["slug"]).one()
        assert (conference.primary_zone, conference.secondary_zone) == ("Europe/Berlin", "Europe/Istanbul")
        assert find_workshop(conference.slug, 1).days[0].zone == "Europe/Kyiv"
