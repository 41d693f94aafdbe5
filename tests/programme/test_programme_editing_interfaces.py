"""The editor's pages and the write API run the same operations: one edit previews, refuses and saves alike in both."""
from __future__ import annotations

import copy

import lxml.html
import pytest

from confsched.organiser import membership
from confsched.programme.queries import load_programme
from tests.organiser.conftest import api_token, editor, make_organiser, sign_in  # noqa: F401 - fixtures used here

COPY_SLUG = "vorkonferenz-2020-kopie"
ZONES = ("Europe/Berlin", "Europe/Istanbul")


@pytest.fixture
def api(app, editor, api_token):  # noqa: F811 - the fixtures imported above
    """Requests with the bearer token of the organiser the `editor` client is signed in as."""
    headers = {"Authorization": f"Bearer {api_token()}", "Accept-Language": "de"}
    client = app.test_client()

    def call(method: str, path: str, json=None, expect: int | None = None):
        response = client.open(f"/api/v1{path}", method=method, json=json, headers=headers)
        if expect is not None:
            assert response.status_code == expect, response.get_json()
        return response.get_json()

    return call


def form(values: dict, title: dict) -> dict:
    """An item form as the editor posts it, the title in its side-by-side fields."""
    return {**values, "title_de": title.get("de", ""), "title_tr": title.get("tr", "")}


def page_rows(html: str) -> list[tuple]:
    """Each agenda row the editor shows: item id, whether it moved, and its start in both zones."""
    rows = []
    for row in lxml.html.fromstring(html).xpath('//table[@id="agenda-table"]/tbody/tr'):
        starts = tuple(row.xpath(f'string(td[@class="zone-{index}"])').strip()[:5] for index in (1, 2))
        rows.append((int(row.get("data-item-id")) if row.get("data-item-id") else None,
                     "moved" in row.get("class").split(), starts))
    return rows


def api_rows(agenda: dict) -> list[tuple]:
    """The same, as the API answers it."""
    return [(item["id"], bool(item["moved_minutes"]), tuple(item["local_starts"][zone] for zone in ZONES))
            for item in agenda["items"]]


def page_problems(html: str) -> list[str]:
    """The problems a preview fragment names."""
    return [line.text_content().strip() for line in lxml.html.fromstring(html).xpath('//*[@class="problems"]//li')]


def agenda_ids(api, slug: str) -> list[int]:
    """The ids of the first day's items of workshop 1, in agenda order."""
    return [item["id"] for item in api("GET", f"/conferences/{slug}/workshops/1/days/1/agenda",
                                       expect=200)["agenda"]["items"]]


def test_inserting_previews_the_same_re_flow_in_the_editor_and_the_api(app, editor, api, demo):  # noqa: F811
    third = agenda_ids(api, demo)[2]
    title = {"de": "Pause", "tr": "Ara"}
    fragment = editor.post(f"/organiser/conferences/{demo}/workshops/1/days/1/items/preview?after={third}",
                           data=form({"kind": "break", "duration_minutes": "10", "extend_day": "y"}, title),
                           headers={"Accept-Language": "de"})
    assert fragment.status_code == 200
    answer = api("POST", f"/conferences/{demo}/workshops/1/days/1/items?dry_run=true",
                 json={"kind": "break", "title": title, "duration_minutes": 10, "after": third, "extend_day": True},
                 expect=200)
    assert page_rows(fragment.get_data(as_text=True)) == api_rows(answer["agenda"])
    assert sum(moved for _id, moved, _starts in api_rows(answer["agenda"])) == 7
    with app.app_context():
        assert len(load_programme(demo).workshops[0].days[0].items) == 10


def test_changing_a_duration_previews_the_same_re_flow_and_the_same_refusal(app, editor, api, demo):  # noqa: F811
    second = agenda_ids(api, demo)[1]
    values = {"kind": "presentation", "duration_minutes": "25"}
    title = {"de": "Vortrag", "tr": "Sunum"}
    fragment = editor.post(f"/organiser/conferences/{demo}/items/{second}/preview",
                           data=form({**values, "extend_day": "y"}, title)).get_data(as_text=True)
    answer = api("PATCH", f"/conferences/{demo}/items/{second}?dry_run=true",
                 json={"kind": "presentation", "title": title, "duration_minutes": 25, "extend_day": True},
                 expect=200)
    assert page_rows(fragment) == api_rows(answer["agenda"])
    refused_fragment = editor.post(f"/organiser/conferences/{demo}/items/{second}/preview", data=form(values, title),
                                   headers={"Accept-Language": "de"}).get_data(as_text=True)
    refused = api("PATCH", f"/conferences/{demo}/items/{second}?dry_run=true",
                  json={"kind": "presentation", "title": title, "duration_minutes": 25}, expect=400)
    assert [problem["code"] for problem in refused["error"]["problems"]] == ["day_overrun"]
    assert page_problems(refused_fragment) and all(
        problem["message"] in line for problem, line in zip(refused["error"]["problems"],
                                                            page_problems(refused_fragment)))


def test_saving_one_edit_through_either_interface_stores_the_same_day(app, editor, api, demo,  # noqa: F811
                                                                      demo_document, load_document):
    copied = copy.deepcopy(demo_document)
    copied["conference"]["slug"] = COPY_SLUG
    load_document(copied)
    with app.app_context():
        membership.add_member(load_programme(COPY_SLUG), "organiser@example.org")
    title = {"de": "Pause", "tr": "Ara"}
    after_page, after_api = agenda_ids(api, demo)[2], agenda_ids(api, COPY_SLUG)[2]
    saved = editor.post(f"/organiser/conferences/{demo}/workshops/1/days/1/items/new?after={after_page}",
                        data=form({"kind": "break", "duration_minutes": "10", "extend_day": "y", "action": "save"},
                                  title))
    assert saved.status_code == 302
    answer = api("POST", f"/conferences/{COPY_SLUG}/workshops/1/days/1/items",
                 json={"kind": "break", "title": title, "duration_minutes": 10, "after": after_api,
                       "extend_day": True}, expect=201)
    assert answer["saved"] is True

    def stored(slug: str) -> tuple:
        agenda = api("GET", f"/conferences/{slug}/workshops/1/days/1/agenda", expect=200)["agenda"]
        workshop = api("PATCH", f"/conferences/{slug}/workshops/1", json={}, expect=200)["workshop"]
        return ([{name: item[name] for name in ("number", "kind", "title", "duration_minutes", "start",
                                                 "local_starts", "local_ends")} for item in agenda["items"]],
                workshop["days"][0])

    by_page, by_api = stored(demo), stored(COPY_SLUG)
    assert by_page == by_api
    assert by_api[1]["local_end"] == "11:40" and by_api[1]["sequence"] == 1
