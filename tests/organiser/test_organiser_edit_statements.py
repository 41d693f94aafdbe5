"""An edit of one day's agenda costs what that day and its workshop cost, not what the conference costs.

Each edit goes through the real routes of the editor and the API, once in a conference of
40 items and once in one of 4,000 whose edited workshop looks the same; both must run the same
SQL statements and load the same agenda items (only the edited workshop's).
"""
from __future__ import annotations

import pytest
from sqlalchemy import event, select

from confsched.extensions import db
from confsched.programme.models import AgendaItem, Conference, Workshop, WorkshopDay

# Two days of ten items per workshop: 2 workshops make 40 items, 200 make 4,000 (on platforms enough that no
# two overlap: warnings about other workshops are not what is measured here).
SIZES = {"klein": 2, "gross": 200}


@pytest.fixture
def conferences(app, load_document, make_document, make_organiser):
    """Both conferences loaded, and an organiser who may edit them."""
    for slug, workshops in SIZES.items():
        load_document(make_document(slug=slug, workshops=workshops, days_per_workshop=2, items_per_day=10,
                                    people=20, platforms=workshops // 5 + 1))
    make_organiser(conferences=tuple(SIZES))
    return tuple(SIZES)


@pytest.fixture
def measure(app, count_statements):
    """Function: the statements one request runs and the agenda items it loads from the database."""

    def run(request) -> tuple[int, int]:
        loaded = []

        def on_load(target, context):
            loaded.append(target)

        event.listen(AgendaItem, "load", on_load)
        try:
            with count_statements() as statements:
                response = request()
        finally:
            event.remove(AgendaItem, "load", on_load)
        assert response.status_code in (200, 201, 302), response.get_data(as_text=True)[:500]
        return len(statements), len(loaded)

    return run


def item_ids(app, slug: str, day: int = 1) -> list[int]:
    """The ids of workshop 1's items on a day of the working draft (which the edits change), in agenda order."""
    with app.app_context():
        return list(db.session.execute(
            select(AgendaItem.id).join(WorkshopDay).join(Workshop).join(Conference)
            .where(Conference.slug == slug, Conference.draft_of_id.is_not(None), Workshop.number == 1,
                   WorkshopDay.position == day - 1)
            .order_by(AgendaItem.position)).scalars())


def api_edits(slug: str, items: list[int]):
    """Item and day edits through the write API, each as (name, method, path, body)."""
    base = f"/api/v1/conferences/{slug}"
    return [
        ("insert", "POST", f"{base}/workshops/1/days/1/items",
         {"kind": "break", "title": {"de": "Pause", "tr": "Ara"}, "duration_minutes": 5, "after": items[2],
          "extend_day": True}),
        ("change", "PATCH", f"{base}/items/{items[4]}", {"duration_minutes": 15, "extend_day": True}),
        ("move", "POST", f"{base}/items/{items[5]}/move", {"direction": "up"}),
        ("delete", "DELETE", f"{base}/items/{items[6]}", None),
        ("day", "PATCH", f"{base}/workshops/1/days/2", {"local_start": "08:30"}),
    ]


def test_api_item_and_day_edits_cost_the_same_in_a_small_and_a_large_conference(app, conferences, api_token,
                                                                                measure):
    client = app.test_client()
    headers = {"Authorization": f"Bearer {api_token()}"}
    client.get("/api/v1/conferences/klein/history", headers=headers)  # notes the token's first use
    for slug in conferences:  # the first edit after the (publishing) import copies the programme into the draft
        client.get(f"/api/v1/conferences/{slug}/workshops/1/days/1/agenda", headers=headers)
    costs = {}
    for slug in conferences:
        for name, method, path, body in api_edits(slug, item_ids(app, slug)):
            costs[slug, name] = measure(lambda: client.open(path, method=method, json=body, headers=headers))
    for name, *_rest in api_edits("klein", item_ids(app, "klein")):
        assert costs["klein", name] == costs["gross", name], name


def editor_edits(slug: str, items: list[int]):
    """Item and day edits through the editor's forms, each as (name, path, form)."""
    base = f"/organiser/conferences/{slug}"
    return [
        ("insert", f"{base}/workshops/1/days/1/items/new?after={items[2]}",
         {"kind": "break", "title_de": "Pause", "title_tr": "Ara", "duration_minutes": "5", "extend_day": "y",
          "action": "save"}),
        ("change", f"{base}/items/{items[4]}/edit",
         {"kind": "discussion", "title_de": "Diskussion", "title_tr": "Tartışma", "duration_minutes": "15",
          "extend_day": "y", "action": "save"}),
        ("move", f"{base}/items/{items[5]}/move/up", {}),
        ("delete", f"{base}/items/{items[6]}/delete", {}),
        ("day", f"{base}/workshops/1/days/2/edit",
         {"date": "2020-06-22", "local_start": "08:30", "local_end": "11:00", "zone": "Europe/Berlin"}),
    ]


def test_editor_item_and_day_edits_cost_the_same_in_a_small_and_a_large_conference(app, client, conferences,
                                                                                   sign_in, measure):
    sign_in(client)
    app.config["WTF_CSRF_ENABLED"] = False
    client.get("/organiser/")
    for slug in conferences:  # the first edit after the (publishing) import copies the programme into the draft
        client.get(f"/organiser/conferences/{slug}/workshops/1/days/1/")
    costs = {}
    for slug in conferences:
        for name, path, form in editor_edits(slug, item_ids(app, slug)):
            costs[slug, name] = measure(lambda: client.post(path, data=form))
    for name, *_rest in editor_edits("klein", item_ids(app, "klein")):
        assert costs["klein", name] == costs["gross", name], name


def test_a_day_moved_onto_another_workshops_time_on_its_platform_is_saved_with_a_warning(app, load_document,
                                                                                       make_document, make_organiser,
                                                                                       api_token):
    # Workshops 1 to 5 meet on consecutive dates on one platform; workshop 6 meets with 1 on another.
    load_document(make_document(slug="parallel", workshops=6, platforms=2))
    make_organiser(conferences=("parallel",))
    client, headers = app.test_client(), {"Authorization": f"Bearer {api_token()}"}
    base = "/api/v1/conferences/parallel"

    moved = client.patch(f"{base}/workshops/2/days/1", json={"date": "2020-06-15"}, headers=headers)
    assert moved.status_code == 200, moved.get_json()
    assert [(warning["code"], warning["field"]) for warning in moved.get_json()["warnings"]] == [
        ("platform_overlap", "workshop 1")]

    def warnings_after_changing_an_item_of(number: int) -> list:
        """The warnings an item edit in one workshop reports."""
        item = client.get(f"{base}/workshops/{number}/days/1/agenda", headers=headers).get_json()["agenda"]["items"][0]
        response = client.patch(f"{base}/items/{item['id']}", json={"duration_minutes": 5}, headers=headers)
        assert response.status_code == 200, response.get_json()
        return [warning["field"] for warning in response.get_json()["warnings"]]

    assert warnings_after_changing_an_item_of(1) == ["workshop 1"]
    assert warnings_after_changing_an_item_of(3) == []  # an overlap elsewhere is not this edit's
    assert warnings_after_changing_an_item_of(6) == []  # same time, another platform
