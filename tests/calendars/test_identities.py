"""Calendar UIDs, frab ids and frab GUIDs name one workshop day for good: never moved, never reused."""
from __future__ import annotations

import copy
import datetime as dt
import json

from calendar_parsers import parse_everywhere

from confsched.programme import editing
from confsched.programme.document import export_document
from confsched.programme.queries import load_programme

DEMO_FEED = "/de/vorkonferenz-2020/calendar.ics"
DEMO_SCHEDULE = "/de/vorkonferenz-2020/schedule.json"
NEW_DAY = {"date": dt.date(2020, 6, 22), "local_start": dt.time(9, 30), "local_end": dt.time(11, 30),
           "zone": "Europe/Berlin"}


def feed_uids(client) -> dict[str, str]:
    """The UID of each event of the demo feed, by the date and hour it starts (UTC)."""
    return {event.start.strftime("%Y-%m-%d %H"): event.uid for event in parse_everywhere(client.get(DEMO_FEED).data)}


def frab_events(client) -> dict[str, dict]:
    """Every event of the demo's schedule.json, by the local date and hour it starts."""
    schedule = json.loads(client.get(DEMO_SCHEDULE).data)
    return {event["date"][:13].replace("T", " "): event for day in schedule["schedule"]["conference"]["days"]
            for events in day["rooms"].values() for event in events}


def test_a_new_day_never_takes_the_identity_of_a_removed_one(app, client, demo):
    """Remove workshop 4's second day, add a second day to workshop 1: the new day gets a UID, frab id and GUID
    that no feed or export has ever published (SQLite hands the removed row's id to the new one)."""
    uids_before, frab_before = feed_uids(client), frab_events(client)
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        workshop = editing.find_workshop(conference, 4)
        editing.delete_day(conference, workshop, workshop.days[1])
        conference = load_programme(demo, with_access=True)
        editing.add_day(conference, editing.find_workshop(conference, 1), NEW_DAY)
    uids_after, frab_after = feed_uids(client), frab_events(client)
    assert "2020-06-10 08" not in uids_after
    assert uids_after["2020-06-22 07"] not in uids_before.values()
    added = frab_after["2020-06-22 09"]
    assert added["id"] not in {event["id"] for event in frab_before.values()}
    assert added["guid"] not in {event["guid"] for event in frab_before.values()}
    for date, uid in uids_after.items():
        if date != "2020-06-22 07":
            assert uids_before[date] == uid


def test_an_import_without_the_first_day_keeps_the_second_days_identity(app, client, demo, load_document):
    """The exported document minus workshop 4's first day removes that day; 10 June keeps its UID, frab id and GUID."""
    uids_before, frab_before = feed_uids(client), frab_events(client)
    with app.app_context():
        document = export_document(load_programme(demo, with_access=True))
    del document["workshops"][3]["days"][0]
    load_document(document)
    uids_after, frab_after = feed_uids(client), frab_events(client)
    assert "2020-06-03 08" not in uids_after
    assert uids_after == {date: uid for date, uid in uids_before.items() if date != "2020-06-03 08"}
    assert "2020-06-03 10" not in frab_after
    assert {date: (event["id"], event["guid"]) for date, event in frab_after.items()} == {
        date: (event["id"], event["guid"]) for date, event in frab_before.items() if date != "2020-06-03 10"}


def test_a_copied_workshop_gets_identities_of_its_own(app, client, demo):
    """Duplicating workshop 4 onto other dates gives both copied days new UIDs and frab ids; originals keep theirs."""
    uids_before, frab_before = feed_uids(client), frab_events(client)
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        editing.duplicate_workshop(conference, editing.find_workshop(conference, 4), 5, dt.date(2020, 7, 1))
    uids_after, frab_after = feed_uids(client), frab_events(client)
    copies = {date: uid for date, uid in uids_after.items() if date not in uids_before}
    assert sorted(copies) == ["2020-07-01 08", "2020-07-08 08"]
    assert not set(copies.values()) & set(uids_before.values())
    assert len(set(copies.values())) == 2
    copied_ids = {frab_after[date]["id"] for date in ("2020-07-01 10", "2020-07-08 10")}
    assert len(copied_ids) == 2 and not copied_ids & {event["id"] for event in frab_before.values()}


def test_a_document_without_identities_matches_days_by_position(client, demo, demo_document, load_document):
    """Documents written before identities existed (like the demo) keep every day's UID on re-import."""
    uids_before = feed_uids(client)
    load_document(copy.deepcopy(demo_document))
    assert feed_uids(client) == uids_before
