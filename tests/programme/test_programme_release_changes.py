"""What a release changed, computed from two documents by the identities that never move."""
from __future__ import annotations

import copy

import pytest

from confsched.programme.document import export_document
from confsched.programme.queries import load_programme
from confsched.programme.release_changes import KINDS, between


@pytest.fixture
def released(app, demo) -> dict:
    """The demo as its first release stored it: the private document, with identities and derived times."""
    with app.app_context():
        return export_document(load_programme(demo, with_access=True), include_access=True)


def first_workshop(document: dict) -> dict:
    """Workshop 1 of a document."""
    return next(workshop for workshop in document["workshops"] if workshop["number"] == 1)


def kinds(changes: list[dict]) -> list[str]:
    """The kinds of the changes, in order."""
    return [change["kind"] for change in changes]


def test_the_first_release_lists_every_workshop_as_added(released):
    changes = between(None, released)
    assert kinds(changes) == ["workshop_added"] * len(released["workshops"])


def test_nothing_changed_is_no_change(released):
    assert between(released, copy.deepcopy(released)) == []


def test_a_moved_day_is_one_change_not_one_per_item(released):
    after = copy.deepcopy(released)
    day = first_workshop(after)["days"][0]
    old_start, old_end = day["start"], day["end"]
    day["start"], day["end"] = "2020-06-15T08:30:00Z", "2020-06-15T10:30:00Z"
    for item in day["items"]:  # the items keep their place in the day: derived times move with it
        for name in ("start", "end"):
            if name in item:
                hour = int(item[name][11:13]) + 1
                item[name] = f"{item[name][:11]}{hour:02d}{item[name][13:]}"
    (change,) = between(released, after)
    assert change["kind"] == "day_moved"
    assert (change["old_start"], change["old_end"]) == (old_start, old_end)
    assert (change["start"], change["end"]) == ("2020-06-15T08:30:00Z", "2020-06-15T10:30:00Z")
    assert change["day"] == day["identity"] and change["zone"] == day["zone"]


def test_an_item_whose_place_in_the_day_changes_is_retimed(released):
    after = copy.deepcopy(released)
    items = first_workshop(after)["days"][0]["items"]
    last = items[-1]
    last["start"] = last["start"][:14] + "25" + last["start"][16:]
    changes = between(released, after)
    assert kinds(changes) == ["item_retimed"]
    assert changes[0]["item"] == last["title"]


def test_items_added_removed_and_renamed_are_told_apart(released):
    after = copy.deepcopy(released)
    items = first_workshop(after)["days"][0]["items"]
    removed = items.pop(1)
    items[0]["title"] = {"de": "Technische Einführung", "tr": "Teknik Bilgilendirme"}
    items.append({"kind": "break", "title": {"de": "Pause", "tr": "Ara"}, "duration": 5})
    found = {change["kind"]: change for change in between(released, after)}
    assert set(found) >= {"item_removed", "item_added", "item_renamed"}
    assert found["item_removed"]["item"] == removed["title"]
    assert found["item_added"]["item"] == {"de": "Pause", "tr": "Ara"}
    assert found["item_renamed"]["old_item"] == first_workshop(released)["days"][0]["items"][0]["title"]


def test_a_confirmed_tbc_and_a_named_placeholder_are_said_as_such(released):
    after = copy.deepcopy(released)
    tbc = next((owner, index) for owner in _owners(after) for index, entry in enumerate(owner.get("assignments", []))
               if entry.get("tbc") and entry.get("person"))
    owner, index = tbc
    owner["assignments"][index]["tbc"] = False
    placeholder = next((owner, index) for owner in _owners(after)
                       for index, entry in enumerate(owner.get("assignments", []))
                       if not entry.get("person") and entry.get("organisation") and not entry.get("organisation_itself"))
    owner, index = placeholder
    after["people"].append({"key": "named-speaker", "name": "Ayşe Kaya"})
    owner["assignments"][index]["person"] = "named-speaker"
    owner["assignments"][index]["tbc"] = False
    found = {change["kind"]: change for change in between(released, after)}
    assert "speaker_confirmed" in found and found["speaker_confirmed"]["person"]
    assert found["speaker_confirmed"]["organisation"], "a person's own organisation names them"
    assert found["speaker_named"]["person"] == "Ayşe Kaya" and found["speaker_named"]["organisation"]


def test_a_removed_day_and_a_cancelled_workshop_come_first(released):
    after = copy.deepcopy(released)
    workshop = next(workshop for workshop in after["workshops"] if len(workshop["days"]) > 1)
    workshop["days"].pop()
    first_workshop(after)["status"] = "cancelled"
    first_workshop(after)["title"] = {"de": "Neu", "tr": "Yeni"}
    changes = between(released, after)
    assert kinds(changes)[:2] == ["workshop_cancelled", "day_removed"]
    assert kinds(changes) == sorted(kinds(changes), key=KINDS.index)


def _owners(document: dict) -> list[dict]:
    """Every item of every day, depth first: what carries assignments."""
    found = []

    def walk(items):
        for item in items:
            found.append(item)
            walk(item.get("children", []))

    for workshop in document["workshops"]:
        for day in workshop["days"]:
            walk(day.get("items", []))
    return found
