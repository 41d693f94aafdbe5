"""The commit of an edit of one workshop keeps that workshop loaded as saved and expires the rest as any commit does."""
from __future__ import annotations

from sqlalchemy import update

from confsched.extensions import db
from confsched.programme import editing, queries
from confsched.programme.models import Workshop


def test_the_edited_workshop_stays_loaded_and_every_other_row_is_read_again(app, load_document, make_document,
                                                                           count_statements):
    load_document(make_document(slug="behalten", workshops=2, days_per_workshop=2, items_per_day=5, people=10,
                                platforms=2))
    with app.app_context():
        conference = queries.load_conference_row("behalten")
        other = queries.edited_workshop(conference, 2)
        workshop = queries.edited_workshop(conference, 1)
        item = workshop.days[0].items[1]
        with db.engine.begin() as connection:  # another request renames workshop 2 meanwhile
            connection.execute(update(Workshop).where(Workshop.id == other.id)
                               .values(title={"de": "Umbenannt", "tr": "Yeniden adlandırıldı"}))

        editing.update_item(conference, item, {"duration_minutes": 25}, extend_day=True)

        with count_statements() as statements:
            rows = editing.agenda_rows(item.workshop_day)
            speakers = [assignment.person.key for day in workshop.days for entry in day.items
                        for assignment in entry.assignments]
        assert statements == []
        assert other.title["de"] == "Umbenannt"
        kept = [(row.item_id, row.title, row.duration_minutes, row.start, row.end) for row in rows]

    with app.app_context():
        conference = queries.load_conference_row("behalten")
        saved = queries.edited_workshop(conference, 1)
        assert [(row.item_id, row.title, row.duration_minutes, row.start, row.end)
                for row in editing.agenda_rows(saved.days[0])] == kept
        assert [assignment.person.key for day in saved.days for entry in day.items
                for assignment in entry.assignments] == speakers
        assert kept[1][2] == 25
