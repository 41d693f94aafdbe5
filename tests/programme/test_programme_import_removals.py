"""What an import removes is kept for 30 days and comes back as the editor's deletes do.

Before these tests, a document without a workshop, a day, an item or an organisation, person or platform
deleted it for good: only the editor's own deletes were kept in ``deleted_part``.
"""
from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from confsched.extensions import db
from confsched.programme import deletions, editing, importer
from confsched.programme.document import export_document
from confsched.programme.importer import import_document
from confsched.programme.models import DeletedPart, WorkshopDay
from confsched.programme.queries import load_programme
from tests.conftest import DEMO_SLUG


def document(app) -> dict:
    """The demo's private document as it is stored now."""
    with app.app_context():
        return export_document(load_programme(DEMO_SLUG, with_access=True), include_access=True)


def day_identities(app) -> dict:
    """Every day's calendar identity with its frab id."""
    with app.app_context():
        return dict(db.session.execute(select(WorkshopDay.identity, WorkshopDay.frab_id)).all())


def parts(app) -> list[DeletedPart]:
    """Every kept part, oldest first, detached with its values."""
    with app.app_context():
        found = list(db.session.execute(select(DeletedPart).order_by(DeletedPart.id)).scalars())
        db.session.expunge_all()
        return found


@pytest.fixture
def with_unused_entries(app, demo):
    """The demo with an organisation, a person of it and a platform that nothing in the programme uses."""
    with app.app_context():
        conference = load_programme(DEMO_SLUG, with_access=True)
        editing.save_organisation(conference, {"key": "ungenutzt", "name": {"de": "Ungenutzter Verein",
                                                                            "tr": "Kullanılmayan Dernek"}})
        editing.save_person(conference, {"key": "ayse-ungenutzt", "name": "Ayşe Ungenutzt",
                                         "organisation": "ungenutzt"})
        editing.save_platform(conference, {"key": "reserve", "name": "Reserveraum", "kind": "online",
                                           "join_url": "https://meet.example.org/reserve", "passcode": "geheim"})
    return DEMO_SLUG


def without_parts(full: dict) -> dict:
    """The document without workshop 2, workshop 4's first day, four items and the unused entries."""
    changed = copy.deepcopy(full)
    changed["workshops"] = [workshop for workshop in changed["workshops"] if workshop["number"] != 2]
    first, third, fourth = (next(workshop for workshop in changed["workshops"] if workshop["number"] == number)
                            for number in (1, 3, 4))
    del first["days"][0]["items"][1]  # "Begrüßung des Moderators"
    del third["days"][0]["items"][1]  # a section with two items inside
    del fourth["days"][0]
    second_day = fourth["days"][0]["items"]
    del second_day[2]["children"][0]  # an item inside a section that stays
    del second_day[0]
    for collection, key in (("organisations", "ungenutzt"), ("people", "ayse-ungenutzt"), ("platforms", "reserve")):
        changed[collection] = [entry for entry in changed[collection] if entry["key"] != key]
    return changed


def import_file(runner, tmp_path, changed: dict, *options: str):
    """Import a document through `flask import`."""
    path = tmp_path / "programme.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    result = runner.invoke(args=["import", *options, str(path)])
    assert result.exit_code == 0, result.output
    return result


def test_an_import_keeps_one_part_for_each_workshop_day_item_and_entry_it_removes(app, runner, tmp_path,
                                                                                 with_unused_entries):
    before = document(app)
    import_file(runner, tmp_path, without_parts(before))

    kept = parts(app)
    assert sorted((part.kind, part.summary.get("workshop") or part.summary.get("key")) for part in kept) == [
        ("day", 4), ("entry", "ayse-ungenutzt"), ("entry", "reserve"), ("entry", "ungenutzt"),
        ("item", 1), ("item", 3), ("item", 4), ("item", 4), ("workshop", 2)]
    assert {part.deleted_by for part in kept} == {deletions.COMMAND_LINE}
    section = next(part for part in kept if part.kind == "item" and part.summary["workshop"] == 3)
    assert section.summary["items"] == 6 and len(section.fragment["item"]["children"]) == 2
    platform = next(part for part in kept if part.summary.get("key") == "reserve")
    assert platform.fragment["entry"]["access"]["passcode"] == "geheim"


def test_every_part_an_import_removed_comes_back_as_it_was(app, runner, tmp_path, with_unused_entries):
    before, identities = document(app), day_identities(app)
    import_file(runner, tmp_path, without_parts(before))
    assert document(app) != before

    order = {"entry": 0, "workshop": 1, "day": 2, "item": 3}
    for part in sorted(parts(app), key=lambda part: (order[part.kind], part.id)):
        with app.app_context():
            deletions.restore(db.session.get(DeletedPart, part.id), load_programme(DEMO_SLUG, with_access=True))

    assert document(app) == before, "every field, identity, frab id, assignment, nesting and access data is back"
    assert day_identities(app) == identities, "calendar UIDs never move"


def test_a_dry_run_keeps_nothing(app, runner, tmp_path, with_unused_entries):
    before = document(app)
    import_file(runner, tmp_path, without_parts(before), "--dry-run")
    assert document(app) == before and parts(app) == []


def test_an_import_that_fails_after_applying_keeps_nothing(app, with_unused_entries, monkeypatch):
    before = document(app)

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(importer, "record_changes", fail)
    with app.app_context(), pytest.raises(RuntimeError):
        import_document(without_parts(before))
    assert document(app) == before and parts(app) == []


def test_an_import_that_changes_nothing_keeps_nothing(app, runner, tmp_path, demo):
    import_file(runner, tmp_path, document(app))
    assert parts(app) == []


def test_an_item_renamed_in_one_language_is_not_taken_for_a_removed_one(app, runner, tmp_path, demo):
    changed = document(app)
    item = changed["workshops"][0]["days"][0]["items"][4]
    item["title"]["tr"] = "Almanya'dan bir uygulama örneği"
    item["duration"] = 10
    import_file(runner, tmp_path, changed)
    assert parts(app) == []


def test_what_an_import_removes_costs_no_statement_per_removed_row(app, count_statements, load_document,
                                                                   make_document):
    """The parts are stored in one statement and found in what the import loaded anyway: an import removing 80
    parts (8 workshops, 8 days, 64 items) reads as much as one removing 3."""
    reads, stores = {}, {}
    for removed in (1, 8):
        slug = f"gross-{removed}"
        full = make_document(slug=slug, workshops=30, days_per_workshop=2, items_per_day=10, people=20)
        load_document(full)
        changed = copy.deepcopy(full)
        changed["workshops"] = changed["workshops"][removed:]
        for workshop in changed["workshops"][:removed]:
            del workshop["days"][1]
            del workshop["days"][0]["items"][:removed]
        with count_statements() as statements:
            load_document(changed)
        with app.app_context():
            kept = db.session.execute(select(func.count(DeletedPart.id)).where(
                DeletedPart.conference_slug == slug)).scalar_one()
        assert kept == removed + removed + removed * removed  # workshops, days, and items of the days that stay
        # The registration layer looks up each removed workshop's registrations (to cancel them): not counted here.
        reads[removed] = [statement for statement in statements if statement.lstrip().upper().startswith("SELECT")
                          and "FROM registration" not in statement]
        stores[removed] = [statement for statement in statements if "INSERT INTO deleted_part" in statement]
    assert len(reads[1]) == len(reads[8])
    assert len(stores[1]) == len(stores[8]) == 1
