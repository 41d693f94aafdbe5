"""PUT …/days/<d>/agenda replaces a day's agenda in one request through the day table's own operation.

Before this route, an API client had to rebuild a day item by item (a request per insert, change, move and
delete, each re-checked and recorded apart), while the editor's table saved it in one edit.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from confsched.extensions import db
from confsched.organiser.models import ChangeLogEntry
from confsched.programme import deletions
from confsched.programme.models import DeletedPart
from confsched.programme.queries import load_programme
from tests.conftest import DEMO_SLUG
from tests.organiser.test_organiser_delete_confirmation import document
from tests.organiser.test_organiser_edit_statements import conferences, item_ids, measure  # noqa: F401 (fixtures)

COPY = "vorkonferenz-kopie"


def agenda_path(slug: str, number: int = 1, day: int = 1) -> str:
    """The agenda URL of a day."""
    return f"/api/v1/conferences/{slug}/workshops/{number}/days/{day}/agenda"


@pytest.fixture
def api(app, demo, demo_document, load_document, make_organiser, api_token):
    """A client, and headers with a token of an organiser of the demo and of a second copy of it."""
    load_document({**demo_document, "conference": {**demo_document["conference"], "slug": COPY}})
    make_organiser(conferences=(demo, COPY))
    return app.test_client(), {"Authorization": f"Bearer {api_token()}"}


def agenda(api, slug: str = DEMO_SLUG) -> list[dict]:
    """Workshop 1's first day as the API reads it."""
    client, headers = api
    return client.get(agenda_path(slug), headers=headers).get_json()["agenda"]["items"]


# One edit of workshop 1's first day, written once for each interface: (item index or None for a new item, depth,
# kind, German title, Turkish title, minutes, speakers as the table's line, speakers by key).
EDIT = [
    (0, 0, "technical_introduction", "Kurze technische Einführung", "Kısa Teknik Bilgilendirme", 5,
     "plattform-dienstleister", [{"organisation": "plattform-dienstleister", "organisation_itself": True}]),
    (1, 0, "welcome", "Begrüßung des Moderators", "Moderatörün Selamlaması", 5, "alexander-wagner",
     [{"person": "alexander-wagner"}]),
    (2, 0, "welcome", "Begrüßung und Einführung", "Açılış ve Giriş", 5, "sabine-drees", [{"person": "sabine-drees"}]),
    (None, 0, "section", "Praxisblock", "Uygulama bloğu", 30, "", []),
    (3, 1, "practice_example", "Praxisbeispiel aus der Türkei", "Türkiye'den Uygulama Örneği", 15, "harun-yigit",
     [{"person": "harun-yigit"}]),
    (None, 1, "discussion", "Nachfragen", "Sorular", 10, "sabine-drees (tbc)", [{"person": "sabine-drees", "tbc": True}]),
    (4, 0, "practice_example", "Praxisbeispiel aus Niedersachsen", "Aşağı Saksonya'dan Uygulama Örneği", 15,
     "peter-aldelskamp", [{"person": "peter-aldelskamp"}]),
    (6, 0, "practice_example", "Praxisbeispiel aus der Türkei", "Türkiye'den Uygulama Örneği", 15, "antalya",
     [{"organisation": "antalya", "organisation_itself": True}]),
    (7, 0, "practice_example", "Praxisbeispiel aus Deutschland", "Almanya'dan Uygulama Örneği", 15,
     "stefan-bege (tbc)", [{"person": "stefan-bege", "tbc": True}]),
    (9, 0, "summary", "Zusammenfassung und Schlusswort", "Özet ve Kapanış Konuşması", 10, "kerim-taskan; frauke-jansen",
     [{"person": "kerim-taskan"}, {"person": "frauke-jansen"}]),
]


def edit_as_rows(ids: list[int]) -> list[dict]:
    """The edit as the API's body rows, for a day whose items have these ids."""
    return [{"id": None if index is None else ids[index], "depth": depth, "kind": kind, "title": {"de": de, "tr": tr},
             "duration_minutes": minutes, "speakers": speakers}
            for index, depth, kind, de, tr, minutes, _line, speakers in EDIT]


def edit_as_form(ids: list[int]) -> dict:
    """The edit as the day table's form sends it."""
    form = {"action": "save"}
    for row, (index, depth, kind, de, tr, minutes, line, _speakers) in enumerate(EDIT):
        form.update({f"rows-{row}-id": "" if index is None else str(ids[index]), f"rows-{row}-depth": str(depth),
                     f"rows-{row}-kind": kind, f"rows-{row}-title_de": de, f"rows-{row}-title_tr": tr,
                     f"rows-{row}-duration": str(minutes), f"rows-{row}-speakers": line})
    return form


def saved_day(api, slug: str) -> list[dict]:
    """The saved day without the row ids that differ between conferences."""
    return [{**row, "id": None, "assignments": [{**entry, "id": None} for entry in row["assignments"]]}
            for row in agenda(api, slug)]


def kept_parts(app, slug: str) -> list[tuple]:
    """The deleted parts stored for a conference, without what names its own rows and day."""
    with app.app_context():
        parts = deletions.restorable(load_programme(slug))
        return sorted((part.kind, {**part.summary, "identity": None}, part.fragment["position"],
                       part.fragment["parent_id"] is None, part.fragment["item"]) for part in parts)


def test_the_api_saves_the_same_day_as_the_day_table(app, api, client, sign_in):
    sign_in(client)
    app.config["WTF_CSRF_ENABLED"] = False
    table = client.post(f"/organiser/conferences/{COPY}/workshops/1/days/1/",
                        data=edit_as_form([row["id"] for row in agenda(api, COPY)]))
    assert table.status_code == 302

    api_client, headers = api
    response = api_client.put(agenda_path(DEMO_SLUG), json={"items": edit_as_rows([row["id"] for row in agenda(api)])},
                              headers=headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["changed"] is True and body["saved"] is True

    assert saved_day(api, DEMO_SLUG) == saved_day(api, COPY)
    assert [(row["number"], row["local_starts"]["Europe/Istanbul"]) for row in body["agenda"]["items"]][3:6] == [
        ("4", "10:45"), ("4.1", "10:45"), ("4.2", "11:00")]
    assert kept_parts(app, DEMO_SLUG) == kept_parts(app, COPY)
    assert [part[1]["title"]["de"] for part in kept_parts(app, DEMO_SLUG)] == ["Diskussionsrunde", "Diskussionsrunde"]


def test_a_dry_run_shows_the_reflowed_day_and_changes_nothing(app, api, draft_programme):
    client, headers = api
    before = document(app, draft_programme)
    rows = edit_as_rows([row["id"] for row in agenda(api)])
    response = client.put(agenda_path(DEMO_SLUG) + "?dry_run=true", json={"items": rows}, headers=headers)
    assert response.status_code == 200, response.get_json()
    preview = response.get_json()
    assert preview["saved"] is False and preview["changes"] == []
    assert [(row["number"], row["id"] is None, row["local_starts"]) for row in preview["agenda"]["items"]][5] == (
        "4.2", True, {"Europe/Berlin": "10:00", "Europe/Istanbul": "11:00"})
    assert document(app, draft_programme) == before
    with app.app_context():
        assert db.session.execute(select(func.count(DeletedPart.id))).scalar_one() == 0


def test_sending_the_day_as_it_is_changes_nothing(app, api, draft_programme):
    client, headers = api
    rows = [{"id": row["id"], "depth": row["depth"], "kind": row["kind"], "title": row["title"],
             "duration_minutes": row["duration_minutes"]} for row in agenda(api)]
    with app.app_context():
        history = db.session.execute(select(func.count(ChangeLogEntry.id))).scalar_one()
    before = document(app, draft_programme)
    response = client.put(agenda_path(DEMO_SLUG), json={"items": rows}, headers=headers)
    assert response.status_code == 200 and response.get_json()["changed"] is False
    assert response.get_json()["changes"] == []
    assert document(app, draft_programme) == before
    with app.app_context():
        assert db.session.execute(select(func.count(ChangeLogEntry.id))).scalar_one() == history
        assert db.session.execute(select(func.count(DeletedPart.id))).scalar_one() == 0


@pytest.mark.parametrize("language, change, field, words", [
    ("de", lambda rows, other: rows[1].update(depth=1), "items.1.title", "in einen Abschnitt"),
    ("tr", lambda rows, other: rows[2].update(id=other), "items.2.title", "başka bir güne ait"),
    ("de", lambda rows, other: rows[3].update(speakers=[{"person": "niemand"}]), "items.3.speakers.0.person",
     "„niemand“"),
    ("tr", lambda rows, other: rows[4].update(title={"de": " "}), "items.4.title", "boş"),
    ("de", lambda rows, other: rows[8].update(duration_minutes=200), "workshop 1, day 1", "165 Minuten"),
    ("tr", lambda rows, other: rows[5].update(duration_minutes=20), "items.3.duration_minutes", "5 dakika"),
    ("tr", lambda rows, other: rows[6].update(speakers=[{"person": "sabine-drees", "organisation": "dst"}]),
     "items.6.speakers", None),
])
def test_a_refused_agenda_changes_nothing_and_says_why_in_the_requests_language(app, api, language, change, field,
                                                                                words, draft_programme):
    client, headers = api
    rows = edit_as_rows([row["id"] for row in agenda(api)])
    other_day = agenda_path(DEMO_SLUG, 4, 2)
    change(rows, client.get(other_day, headers=headers).get_json()["agenda"]["items"][0]["id"])
    before = document(app, draft_programme)
    response = client.put(agenda_path(DEMO_SLUG), json={"items": rows},
                          headers={**headers, "Accept-Language": language})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert field in [problem["field"] for problem in error["problems"]]
    assert words is None or words in error["message"], error["message"]
    assert document(app, draft_programme) == before
    with app.app_context():
        assert db.session.execute(select(func.count(DeletedPart.id))).scalar_one() == 0


@pytest.mark.parametrize("path", [agenda_path(DEMO_SLUG, 99, 1), agenda_path(DEMO_SLUG, 1, 9),
                                  agenda_path("keine-konferenz", 1, 1)])
def test_an_unknown_workshop_or_day_is_not_found(api, path):
    client, headers = api
    response = client.put(path, json={"items": []}, headers={**headers, "Accept-Language": "tr"})
    assert response.status_code == 404 and response.get_json()["error"]["message"]


def test_a_malformed_body_is_refused_naming_the_field(api):
    client, headers = api
    for body, field in [({}, "items"), ({"items": [{"kind": "break"}]}, "items.0.title"),
                        ({"items": [], "extra": 1}, "extra"), ({"items": [{"kind": "nap", "title": {"de": "x"}}]},
                                                               "items.0.kind")]:
        response = client.put(agenda_path(DEMO_SLUG), json=body, headers=headers)
        assert response.status_code == 400
        assert response.get_json()["error"]["field"] == field


def test_an_item_the_agenda_leaves_out_can_be_restored(app, api, draft_programme):
    client, headers = api
    before = document(app, draft_programme)
    rows = agenda(api)
    kept = [{"id": row["id"], "depth": 0, "kind": row["kind"], "title": row["title"],
             "duration_minutes": row["duration_minutes"]} for row in rows if row["id"] != rows[5]["id"]]
    response = client.put(agenda_path(DEMO_SLUG), json={"items": kept}, headers=headers)
    assert response.status_code == 200 and response.get_json()["changed"] is True
    with app.app_context():
        (part,) = deletions.restorable(load_programme(DEMO_SLUG))
        assert part.kind == "item" and part.deleted_by == "organiser@example.org"
        deletions.restore(part, draft_programme(DEMO_SLUG, with_access=True))
    assert document(app, draft_programme) == before


def test_the_document_describes_the_operation(api):
    client, _headers = api
    operation = client.get("/api/v1/openapi.json").get_json()["paths"][
        "/api/v1/conferences/{slug}/workshops/{number}/days/{day}/agenda"]["put"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["items"] and body["additionalProperties"] is False
    assert set(body["properties"]["items"]["items"]["properties"]) == {
        "id", "depth", "kind", "title", "duration_minutes", "speakers"}
    assert {"200", "400", "401", "403", "404"} <= set(operation["responses"])
    assert [parameter["name"] for parameter in operation["parameters"]] == ["slug", "number", "day", "dry_run"]


def test_replacing_a_days_agenda_costs_the_same_in_a_small_and_a_large_conference(app, conferences, api_token,
                                                                                 measure):
    client = app.test_client()
    headers = {"Authorization": f"Bearer {api_token()}"}
    client.get("/api/v1/conferences/klein/history", headers=headers)  # notes the token's first use
    costs = {}
    for slug in conferences:
        rows = client.get(agenda_path(slug), headers=headers).get_json()["agenda"]["items"]
        body = [{"id": row["id"], "depth": 0, "kind": row["kind"], "title": row["title"],
                 "duration_minutes": row["duration_minutes"], "speakers": [{"person": "person-1"}]}
                for row in rows[1:]]
        body.append({"kind": "break", "title": {"de": "Pause"}, "duration_minutes": 5})
        for dry_run in ("true", "false"):
            costs[slug, dry_run] = measure(lambda: client.put(f"{agenda_path(slug)}?dry_run={dry_run}",
                                                              json={"items": body, "extend_day": True},
                                                              headers=headers))
    assert costs["klein", "true"] == costs["gross", "true"]
    assert costs["klein", "false"] == costs["gross", "false"]
