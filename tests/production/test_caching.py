"""Cache validation costs one indexed query; a current client copy gets a 304 before anything renders."""
import datetime as dt
import time

import pytest
from flask import Response
from werkzeug.http import http_date
from sqlalchemy import event, select, text

from confsched import caching
from confsched.caching import not_modified, programme_version, validated
from confsched.extensions import db
from confsched.programme import releases
from confsched.programme.models import Conference
from confsched.programme.queries import finding, load_programme
from confsched.programme.tracking import tracked


@pytest.mark.parametrize("lookup", [{}, {"released": False}, {"draft": True}], ids=["public", "organisers", "draft"])
def test_conference_lookup_by_slug_uses_an_index(app, demo, lookup):
    """The slug lookups behind every page, feed and ETag (the released programme), the organisers' pages (released
    or not) and the editor (the working draft) are index searches, never a table scan."""
    with app.app_context():
        releases.working_draft(demo, whole=False)
        statement = select(Conference.id, Conference.version).where(*finding(demo, **lookup))
        query = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
        if db.engine.dialect.name == "sqlite":
            plan = " ".join(str(row) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {query}")))
            assert "USING INDEX" in plan, plan
        else:
            db.session.execute(text("SET LOCAL enable_seqscan = off"))
            plan = " ".join(row[0] for row in db.session.execute(text(f"EXPLAIN {query}")))
            assert "Index" in plan and "_slug" in plan, plan


def statements_during(app, action) -> int:
    """How many SQL statements an action sends."""
    statements = []

    def listener(connection, cursor, statement, *rest):
        """Remember each statement as the driver receives it."""
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            action()
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_programme_version_is_one_statement_at_any_size(app, load_document, make_document):
    """Finding a conference's version costs one statement, however large the programme."""
    load_document(make_document(slug="small", workshops=1))
    load_document(make_document(slug="large", workshops=40, days_per_workshop=2, items_per_day=10))
    assert statements_during(app, lambda: programme_version("small")) == 1
    assert statements_during(app, lambda: programme_version("large")) == 1
    with app.app_context():
        assert programme_version("missing") is None


def test_current_copy_gets_304_and_stale_copy_renders(app, demo):
    """If-None-Match with the current ETag gives a 304 without body; another ETag means render."""
    with app.app_context():
        version = programme_version(demo)
    etag = f'"{version.etag("de", "Europe/Berlin")}"'
    with app.test_request_context(headers={"If-None-Match": etag}):
        cached = not_modified(version, "de", "Europe/Berlin")
        assert cached.status_code == 304 and cached.get_data() == b""
        assert not_modified(version, "tr", "Europe/Berlin") is None
    with app.test_request_context(headers={"If-None-Match": '"c-1-0-de"'}):
        assert not_modified(version, "de", "Europe/Berlin") is None
        response = validated(Response("page"), version, "de", "Europe/Berlin")
    assert response.headers["ETag"] == etag
    assert response.last_modified == version.updated_at.replace(microsecond=0)
    assert version.updated_at.tzinfo == dt.UTC or version.updated_at.utcoffset() == dt.timedelta(0)


def test_versions_are_remembered_briefly_and_forgotten_on_local_changes(app, demo):
    """With a version memory, repeated lookups need no query; a change in this process is seen at once."""
    app.config["CONFSCHED_VERSION_CACHE_SECONDS"] = 60
    caching.init_app(app)
    with app.app_context():
        first = programme_version(demo)
        db.session.execute(text("UPDATE conference SET version = version + 100 WHERE slug = :slug"), {"slug": demo})
        db.session.commit()
    assert statements_during(app, lambda: programme_version(demo)) == 0
    with app.app_context():
        assert programme_version(demo) == first
        conference = load_programme(demo, with_access=True)
        with tracked(conference):
            conference.title["de"] = "Vorkonferenz, neu betitelt"
        db.session.commit()
        assert programme_version(demo).version == first.version + 101


def test_version_memory_is_off_when_testing(app, demo):
    """Tests and debug runs always ask the database, so a change by any route is visible at once."""
    assert caching.EXTENSION not in app.extensions
    assert statements_during(app, lambda: programme_version(demo)) == 1
    assert statements_during(app, lambda: programme_version(demo)) == 1


def test_remembered_versions_expire():
    """An entry older than its maximum age is not used, and a full memory starts afresh."""
    versions = caching.RecentVersions(max_age=0.05, capacity=2)
    version = caching.ProgrammeVersion(1, 1, dt.datetime(2020, 6, 1, tzinfo=dt.UTC))
    versions.put("a", version)
    assert versions.get("a") == version
    time.sleep(0.06)
    assert versions.get("a") is None
    versions.put("a", version)
    versions.put("b", version)
    versions.put("c", version)
    assert versions.get("a") is None and versions.get("c") == version


def test_if_modified_since_is_honoured_only_without_if_none_match(app, demo):
    """A client without ETag support gets a 304 by date; an ETag it sends wins over its date."""
    with app.app_context():
        version = programme_version(demo)
    later = http_date(version.updated_at + dt.timedelta(seconds=1))
    earlier = http_date(version.updated_at - dt.timedelta(seconds=1))
    with app.test_request_context(headers={"If-Modified-Since": later}):
        assert not_modified(version, "de").status_code == 304
    with app.test_request_context(headers={"If-Modified-Since": earlier}):
        assert not_modified(version, "de") is None
    with app.test_request_context(headers={"If-Modified-Since": later, "If-None-Match": '"c-0-0-de"'}):
        assert not_modified(version, "de") is None
    with app.test_request_context(headers={"If-None-Match": f'W/"{version.etag("de")}", "other"'}):
        assert not_modified(version, "de").headers["ETag"] == f'"{version.etag("de")}"'
    with app.test_request_context():
        assert not_modified(version, "de") is None
