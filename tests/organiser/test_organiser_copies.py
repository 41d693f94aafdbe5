"""A copied workshop equals its original in every column of every row, except dates, identities and its status.

The comparison iterates the mappers' columns, so a column added later is compared without touching this test.
"""
from __future__ import annotations

import datetime as dt

import lxml.html
import pytest
from sqlalchemy import inspect

from confsched import timeengine
from confsched.programme.models import AgendaItem, Assignment, Workshop, WorkshopDay, WorkshopOrganisation

# Columns a copy must not share: row ids and links to its own parents, its number and identities, its new dates and
# its own calendar state (a copy starts as a planned event with SEQUENCE 0). The wall-clock window is compared below.
NOT_COPIED = {
    Workshop: {"id", "number", "status"},
    WorkshopOrganisation: {"workshop_id"},
    WorkshopDay: {"id", "workshop_id", "identity", "frab_id", "starts_at", "ends_at", "sequence", "updated_at"},
    AgendaItem: {"id", "workshop_day_id", "parent_id"},
    Assignment: {"id", "workshop_id", "agenda_item_id"},
}
NEW_DATE = dt.date(2020, 11, 16)


def columns(row) -> dict:
    """Every mapped column of a row that a copy must equal."""
    return {attribute.key: getattr(row, attribute.key) for attribute in inspect(type(row)).column_attrs
            if attribute.key not in NOT_COPIED[type(row)]}


def wall_clock(day: WorkshopDay) -> tuple:
    """A day's window as entered: clock times in its zone, which a copy keeps on its new date."""
    return tuple(timeengine.to_zone(instant, day.zone).time() for instant in (day.starts_at, day.ends_at))


def item_path(item: AgendaItem) -> tuple[int, ...]:
    """Where an item sits in its day's agenda (positions from the top level down)."""
    return (*item_path(item.parent), item.position) if item.parent is not None else (item.position,)


def assert_equal_copy(original: Workshop, copy: Workshop) -> None:
    """Row by row, column by column, the copy equals the original."""
    assert columns(copy) == columns(original)
    assert [columns(link) for link in copy.organising_bodies] == [columns(link) for link in original.organising_bodies]
    assert [columns(link) for link in copy.assignments] == [columns(link) for link in original.assignments]
    assert len(copy.days) == len(original.days)
    for copied_day, day in zip(copy.days, original.days):
        assert columns(copied_day) == columns(day)
        assert wall_clock(copied_day) == wall_clock(day)
        assert (copied_day.local_date - copy.days[0].local_date) == (day.local_date - original.days[0].local_date)
        assert copied_day.identity != day.identity and copied_day.frab_id != day.frab_id
        assert len(copied_day.items) == len(day.items)
        # Items are ordered by position within their level only, so pair them by their place in the agenda.
        for copied_item, item in zip(sorted(copied_day.items, key=item_path), sorted(day.items, key=item_path)):
            assert columns(copied_item) == columns(item)
            assert item_path(copied_item) == item_path(item)
            assert [columns(link) for link in copied_item.assignments] == [columns(link) for link in item.assignments]
    assert copy.days[0].local_date == NEW_DATE


@pytest.fixture
def copy_through(app, editor, api_token):
    """Factory: copy a demo workshop through the editor or the API, as a member of the demo conference."""

    def copy(number: int, new_number: int, interface: str) -> None:
        body = {"number": new_number, "date": NEW_DATE.isoformat()}
        if interface == "editor":
            response = editor.post(f"/organiser/conferences/vorkonferenz-2020/workshops/{number}/duplicate", data=body)
            assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        else:
            response = app.test_client().post(
                f"/api/v1/conferences/vorkonferenz-2020/workshops/{number}/copies", json=body,
                headers={"Authorization": f"Bearer {api_token()}"})
            assert response.status_code == 201, response.get_json()

    return copy


@pytest.mark.parametrize("interface", ["editor", "api"])
@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_a_copy_equals_its_original(app, copy_through, draft_programme, interface, number):
    """Every demo workshop, copied through each interface, keeps every field (organisation_itself was dropped)."""
    copy_through(number, 9, interface)
    with app.app_context():
        conference = draft_programme("vorkonferenz-2020")
        workshops = {workshop.number: workshop for workshop in conference.workshops}
        assert_equal_copy(workshops[number], workshops[9])


@pytest.mark.parametrize("interface", ["editor", "api"])
def test_the_copy_of_workshop_1_names_the_platform_provider_itself(client, copy_through, publish, interface):
    """The copy showed "N.N., Plattform-Dienstleister" where the original shows the provider itself."""
    copy_through(1, 9, interface)
    assert client.get("/de/vorkonferenz-2020/workshops/9/").status_code == 404  # the copy is in the draft only
    publish()
    for number in (1, 9):
        html = client.get(f"/de/vorkonferenz-2020/workshops/{number}/").get_data(as_text=True)
        document = lxml.html.fromstring(html)
        cells = [" ".join(cell.text_content().split()) for cell in document.xpath("//td[@class='agenda__speakers']")]
        assert cells[0] == "Plattform-Dienstleister"
