"""SQL statements per request stay constant as a programme grows: pages, feeds and documents alike."""
from sqlalchemy import event

from confsched.extensions import db

ROUTES = [
    "/de/{slug}/",
    "/tr/{slug}/workshops/1/",
    "/de/{slug}/embed",
    "/tr/{slug}/workshops/1/embed",
    "/de/{slug}/calendar.ics",
    "/de/{slug}/workshops/1/calendar.ics",
    "/de/{slug}/schedule.xml",
    "/de/{slug}/schedule.json",
    "/api/v1/conferences/{slug}",
]


def statements_for(app, client, path: str) -> int:
    """How many SQL statements one GET sends."""
    statements = []

    def record(connection, cursor, statement, *rest):
        """Remember each statement as the driver receives it."""
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200, path
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def test_statements_per_request_do_not_grow_with_the_programme(app, client, load_document, make_document):
    """A programme 200 times larger, past the 500-row batches of eager loaders, costs exactly as many statements."""
    load_document(make_document(slug="small", workshops=1, days_per_workshop=1, items_per_day=3, people=3))
    load_document(make_document(slug="large", workshops=12, days_per_workshop=2, items_per_day=25, people=60))
    small = {route: statements_for(app, client, route.format(slug="small")) for route in ROUTES}
    large = {route: statements_for(app, client, route.format(slug="large")) for route in ROUTES}
    assert large == small
