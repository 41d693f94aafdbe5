"""Editor pages and API reads cost a fixed number of SQL statements, however large the programme."""
from __future__ import annotations

import pytest


@pytest.fixture
def statements_for(client, count_statements):
    """Function: how many SQL statements one successful GET runs."""

    def count(path: str, headers=None) -> int:
        with count_statements() as statements:
            response = client.get(path, headers=headers or {})
        assert response.status_code == 200
        return len(statements)

    return count


# The large programme holds more than 500 items: eager loading in batches would add statements there.
SIZES = (("klein", {"workshops": 3, "items_per_day": 3}), ("gross", {"workshops": 30, "items_per_day": 10}))


@pytest.mark.parametrize("path", [
    "/organiser/conferences/{slug}/",
    "/organiser/conferences/{slug}/workshops/1/days/1/",
    "/organiser/conferences/{slug}/workshops/1/days/1/items/new",
    "/organiser/conferences/{slug}/people/",
    "/organiser/conferences/{slug}/history",
])
def test_editor_pages_run_a_fixed_number_of_statements(client, load_document, make_document, make_organiser,
                                                       sign_in, statements_for, path):
    for slug, size in SIZES:
        load_document(make_document(slug=slug, days_per_workshop=2, people=20, **size))
    make_organiser(conferences=("klein", "gross"))
    sign_in(client)
    client.get("/organiser/")
    for slug, _size in SIZES:  # the first request after the (publishing) import copies the programme into the draft
        client.get(path.format(slug=slug))
    assert statements_for(path.format(slug="klein")) == statements_for(path.format(slug="gross"))


def test_the_api_agenda_runs_a_fixed_number_of_statements(client, load_document, make_document, make_organiser,
                                                         api_token, statements_for):
    for slug, size in SIZES:
        load_document(make_document(slug=slug, days_per_workshop=2, people=20, **size))
    make_organiser(conferences=("klein", "gross"))
    headers = {"Authorization": f"Bearer {api_token()}"}
    client.get("/api/v1/conferences/klein/history", headers=headers)  # notes the token's first use
    for slug, _size in SIZES:  # the first request after the (publishing) import copies the programme into the draft
        client.get(f"/api/v1/conferences/{slug}/workshops/1/days/1/agenda", headers=headers)
    assert (statements_for("/api/v1/conferences/klein/workshops/1/days/1/agenda", headers)
            == statements_for("/api/v1/conferences/gross/workshops/1/days/1/agenda", headers))
