"""The editor and the API take one or two reference zones and refuse two names of one zone."""
from __future__ import annotations

import lxml.html
import pytest

from confsched.programme.queries import load_programme

EDIT = "/organiser/conferences/vorkonferenz-2020/edit"


def submitted_form(editor, **changes) -> dict:
    """The conference form as the editor shows it, with some fields changed."""
    document = lxml.html.fromstring(editor.get(EDIT).get_data(as_text=True))
    form = dict(document.xpath("//form[.//input[@name='slug']]")[0].form_values())
    return {**form, **changes}


@pytest.mark.parametrize("second", ["Europe/Berlin", "Europe/Istanbul"])
def test_the_editor_refuses_the_same_zone_twice(app, editor, draft_programme, second):
    """[Berlin, Berlin] was accepted and gave duplicate columns; İstanbul and its alias Turkey are one zone too."""
    first = "Turkey" if second == "Europe/Istanbul" else "Europe/Berlin"
    response = editor.post(EDIT, data=submitted_form(editor, primary_zone=first, secondary_zone=second))
    assert response.status_code == 400
    assert "Die beiden Bezugszeitzonen sind dieselbe Zeitzone" in response.get_data(as_text=True)
    with app.app_context():
        assert draft_programme("vorkonferenz-2020").reference_zones == ("Europe/Berlin", "Europe/Istanbul")


def test_the_editor_takes_one_zone(app, editor, client, draft_programme, publish):
    """An empty second zone leaves a conference with one reference zone."""
    response = editor.post(EDIT, data=submitted_form(editor, secondary_zone=""))
    assert response.status_code == 302
    with app.app_context():
        assert draft_programme("vorkonferenz-2020").reference_zones == ("Europe/Berlin",)
        assert load_programme("vorkonferenz-2020").reference_zones == ("Europe/Berlin", "Europe/Istanbul")
    publish()
    with app.app_context():
        assert load_programme("vorkonferenz-2020").reference_zones == ("Europe/Berlin",)


def test_the_api_refuses_the_same_zone_twice_and_takes_one(app, editor, api_token, publish):
    """PATCH names the field; null removes the second zone and the public document then states one."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {api_token()}"}
    url = "/api/v1/conferences/vorkonferenz-2020"
    refused = client.patch(url, json={"primary_zone": "Turkey"}, headers={**headers, "Accept-Language": "de"})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["field"] == "secondary_zone"
    assert refused.get_json()["error"]["message"].startswith("Die beiden Bezugszeitzonen")
    accepted = client.patch(url, json={"secondary_zone": None}, headers=headers)
    assert accepted.status_code == 200
    assert accepted.get_json()["conference"]["secondary_zone"] is None
    assert client.get(url).get_json()["conference"]["reference_zones"] == ["Europe/Berlin", "Europe/Istanbul"]
    publish()
    assert client.get(url).get_json()["conference"]["reference_zones"] == ["Europe/Berlin"]
