"""An edit of one workshop answers with the workshop as saved (kept loaded over the commit): what a later read shows."""
from __future__ import annotations

import pytest

BASE = "/api/v1/conferences/vorkonferenz-2020"


@pytest.fixture
def api(app, demo, make_organiser, api_token):
    """Function: a request with a member's bearer token, its status checked, its JSON returned."""
    make_organiser(conferences=(demo,))
    client, headers = app.test_client(), {"Authorization": f"Bearer {api_token()}"}

    def call(method: str, path: str, json=None, expect: int = 200) -> dict:
        response = client.open(f"{BASE}{path}", method=method, json=json, headers=headers)
        assert response.status_code == expect, response.get_json()
        return response.get_json()

    return call


def as_read(agenda: dict) -> dict:
    """An agenda without how far each row moved, which only an edit's answer tells."""
    return {**agenda, "items": [{**row, "moved_minutes": 0} for row in agenda["items"]]}


def read_agenda(api, day: int) -> dict:
    """Workshop 4's agenda of a day as a fresh request reads it."""
    return api("GET", f"/workshops/4/days/{day}/agenda")["agenda"]


def test_agenda_edits_answer_with_the_agenda_a_later_read_returns(api):
    # Workshop 4's second day holds a section (its third item) with children.
    items = read_agenda(api, 2)["items"]
    section = items[2]["id"]
    children = [row["id"] for row in items if row["depth"] == 1]
    edits = [
        ("POST", "/workshops/4/days/2/items", {"kind": "break", "title": {"de": "Pause", "tr": "Ara"},
                                                "duration_minutes": 5, "parent": section, "extend_day": True}),
        ("PATCH", f"/items/{children[0]}", {"duration_minutes": 25, "extend_day": True}),
        ("POST", f"/items/{children[1]}/move", {"direction": "up"}),
        ("DELETE", f"/items/{section}", None),
    ]
    for method, path, body in edits:
        answer = api(method, path, body, expect=201 if method == "POST" and path.endswith("items") else 200)
        assert answer["changed"], path
        assert as_read(answer["agenda"]) == read_agenda(api, 2), path


def test_day_edits_answer_with_the_workshop_a_later_read_returns(api):
    added = api("POST", "/workshops/4/days", {"date": "2020-06-25", "zone": "Europe/Istanbul",
                                              "local_start": "10:00", "local_end": "12:00"}, expect=201)
    assert added["workshop"] == api("PATCH", "/workshops/4", {})["workshop"]
    moved = api("PATCH", "/workshops/4/days/2", {"local_start": "08:30"})
    assert moved["changed"]
    assert moved["workshop"] == api("PATCH", "/workshops/4", {})["workshop"]
