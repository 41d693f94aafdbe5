"""A save that changes nothing says so ("Keine Änderungen." / "Değişiklik yok."), in the editor and the API.

Before these tests, a move past the end of a list or a form sent back unchanged said "Gespeichert." and the API
gave no way to tell a no-op from a change.
"""
from __future__ import annotations

import pytest

from tests.conftest import DEMO_SLUG

BASE = f"/organiser/conferences/{DEMO_SLUG}"


def first_item(app, draft_programme):
    """Workshop 1's first item in the working draft, which the editor and the API change: its id and its fields as
    the item form sends them."""
    with app.app_context():
        day = draft_programme(DEMO_SLUG).workshops[0].days[0]
        item = min((entry for entry in day.items if entry.parent_id is None), key=lambda entry: entry.position)
        return item.id, {"kind": item.kind.value, "title_de": item.title.get("de", ""),
                         "title_tr": item.title.get("tr", ""), "description_de": item.description.get("de", ""),
                         "description_tr": item.description.get("tr", ""),
                         "duration_minutes": str(item.duration_minutes or ""), "action": "save"}


@pytest.mark.parametrize(("lang", "message"), [("de", "Keine Änderungen."), ("tr", "Değişiklik yok.")])
def test_an_unchanged_form_says_nothing_changed(app, editor, draft_programme, lang, message):
    item_id, values = first_item(app, draft_programme)
    editor.set_cookie("confsched_lang", lang)
    response = editor.post(f"{BASE}/items/{item_id}/edit", data=values, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert message in html and ("Gespeichert." not in html and "Kaydedildi." not in html)
    moved = editor.post(f"{BASE}/items/{item_id}/move/up", follow_redirects=True).get_data(as_text=True)
    assert "Gespeichert." not in moved and "Kaydedildi." not in moved, "moving the first item up changes nothing"


def test_a_changed_form_still_says_saved(app, editor, draft_programme):
    item_id, values = first_item(app, draft_programme)
    editor.set_cookie("confsched_lang", "de")
    html = editor.post(f"{BASE}/items/{item_id}/edit", data={**values, "title_de": "Neu"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Gespeichert." in html and "Keine Änderungen." not in html


def test_an_unchanged_entry_form_says_nothing_changed(app, editor, draft_programme):
    editor.set_cookie("confsched_lang", "de")
    page = editor.get(f"{BASE}/people/sabine-drees/edit").get_data(as_text=True)
    assert page
    with app.app_context():
        person = next(row for row in draft_programme(DEMO_SLUG).people if row.key == "sabine-drees")
        values = {"key": person.key, "name": person.name, "academic_title": person.academic_title or "",
                  "function_de": (person.function or {}).get("de", ""), "function_tr": (person.function or {}).get("tr", ""),
                  "organisation": person.organisation.key if person.organisation else "", "city": person.city or ""}
    html = editor.post(f"{BASE}/people/sabine-drees/edit", data=values, follow_redirects=True).get_data(as_text=True)
    assert "Keine Änderungen." in html


def test_the_api_says_whether_a_write_changed_anything(app, demo, make_organiser, api_token, draft_programme):
    make_organiser(conferences=(demo,))
    headers = {"Authorization": f"Bearer {api_token()}"}
    item_id, values = first_item(app, draft_programme)
    client = app.test_client()
    same = client.patch(f"/api/v1/conferences/{demo}/items/{item_id}", headers=headers,
                        json={"duration_minutes": int(values["duration_minutes"])})
    assert same.status_code == 200 and same.get_json()["changed"] is False and same.get_json()["changes"] == []
    other = client.patch(f"/api/v1/conferences/{demo}/items/{item_id}", headers=headers,
                         json={"title": {"de": "Neu", "tr": "Yeni"}})
    assert other.status_code == 200 and other.get_json()["changed"] is True
    entry = client.patch(f"/api/v1/conferences/{demo}/people/sabine-drees", headers=headers, json={})
    assert entry.status_code == 200 and entry.get_json()["changed"] is False
    schema = client.get("/api/v1/openapi.json").get_json()
    assert "changed" in schema["components"]["schemas"]["Outcome"]["properties"]
