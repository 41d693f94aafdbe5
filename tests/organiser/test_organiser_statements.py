"""Editor pages and API reads cost a fixed number of SQL statements, however large the programme.

(Sizes stay below SQLAlchemy's 500-key batches for eager loads, which add a statement per batch.)
"""
from __future__ import annotations

import pytest
from sqlalchemy import event

from confsched.extensions import db


def statements_for(app, client, path: str, headers=None) -> int:
    """How many SQL statements one request runs."""
    statements = []

    def record(connection, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(path, headers=headers or {})
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("path", [
    "/organiser/conferences/{slug}/",
    "/organiser/conferences/{slug}/workshops/1/days/1/",
    "/organiser/conferences/{slug}/workshops/1/days/1/items/new",
    "/organiser/conferences/{slug}/people/",
    "/organiser/conferences/{slug}/history",
])
def test_editor_pages_run_a_fixed_number_of_statements(app, client, load_document, make_document, make_organiser,
                                                       sign_in, path):
    counts = []
    for size, slug in ((3, "klein"), (12, "gross")):
        load_document(make_document(slug=slug, workshops=size, days_per_workshop=2, items_per_day=size,
                                    people=size * 2))
    make_organiser(conferences=("klein", "gross"))
    sign_in(client)
    client.get("/organiser/")
    for slug in ("klein", "gross"):
        counts.append(statements_for(app, client, path.format(slug=slug)))
    assert counts[0] == counts[1]


def test_the_api_agenda_runs_a_fixed_number_of_statements(app, client, load_document, make_document,
                                                         make_organiser, api_token):
    for size, slug in ((3, "klein"), (12, "gross")):
        load_document(make_document(slug=slug, workshops=size, items_per_day=size, people=size * 2))
    make_organiser(conferences=("klein", "gross"))
    headers = {"Authorization": f"Bearer {api_token()}"}
    client.get("/api/v1/conferences/klein/history", headers=headers)  # notes the token's first use
    counts = [statements_for(app, client, f"/api/v1/conferences/{slug}/workshops/1/days/1/agenda", headers)
              for slug in ("klein", "gross")]
    assert counts[0] == counts[1]
