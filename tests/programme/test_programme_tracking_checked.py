"""An edit's tracking compares the document its checks validated: that export must be what a snapshot holds."""
from __future__ import annotations

from confsched.programme import editing, queries, tracking


def test_the_checked_document_holds_what_a_snapshot_holds(app, demo):
    with app.app_context():
        conference = queries.load_programme(demo, with_access=True)
        _warnings, whole = editing.checked_programme(conference)
        assert tracking.compared_part(whole) == tracking.snapshot(conference)

    with app.app_context():
        conference = queries.load_conference_row(demo)
        scope = (queries.edited_workshop(conference, 4),)
        _warnings, part = editing.checked_programme(conference, scope)
        assert tracking.compared_part(part, scope) == tracking.snapshot(conference, scope)
        assert len(part["workshops"][0]["days"]) == 2
