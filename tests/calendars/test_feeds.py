"""Subscribable feeds over HTTP: content, correctness under three parsers, stability, conditional requests, changes.

Expected month, weekday and city names are CLDR's and offsets tzdata's, as the Babel and pytz pinned in
requirements/lock.txt give them.
"""
from __future__ import annotations

import copy
import gzip
import datetime as dt
import uuid

import pytest
from sqlalchemy import event as sqlalchemy_event

from confsched import create_app
from confsched.caching import built_file_cache
from confsched.extensions import db
from confsched.programme.models import Conference, WorkshopStatus
from confsched.programme.queries import load_programme
from confsched.programme.tracking import tracked

from calendar_parsers import SECRETS, event_properties, folds_inside_escapes, parse_everywhere, parse_everywhere_by_vtimezone, properties, unfolded_lines

UTC = dt.timezone.utc
DEMO_FEED = "/de/vorkonferenz-2020/calendar.ics"


def utc(*parts) -> dt.datetime:
    """An aware UTC datetime."""
    return dt.datetime(*parts, tzinfo=UTC)


def get_feed(client, url: str) -> bytes:
    """Fetch a feed and check the response is a calendar."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return response.data


def test_demo_feed_has_the_five_workshop_days(client, demo):
    """One VEVENT per workshop day, at the instants the programme gives, read alike by every parser."""
    data = get_feed(client, DEMO_FEED)
    events = parse_everywhere(data)
    assert sorted(event.start for event in events) == [
        utc(2020, 6, 3, 8, 0), utc(2020, 6, 10, 8, 0), utc(2020, 6, 15, 7, 30), utc(2020, 6, 15, 11, 0),
        utc(2020, 6, 16, 8, 0),
    ]
    assert parse_everywhere_by_vtimezone(data) == events
    assert {event.status for event in events} == {"CONFIRMED"}
    local_parts = [event.uid.removesuffix("@test.confsched.invalid") for event in events]
    assert all(uuid.UUID(local_part).version == 4 for local_part in local_parts)
    assert len({event.uid for event in events}) == 5


def test_feed_texts_follow_the_url_language(client, demo):
    """Turkish URL, Turkish summary, name and agenda; German URL, German texts; both zones labelled for the date."""
    turkish = get_feed(client, "/tr/vorkonferenz-2020/calendar.ics")
    german = get_feed(client, DEMO_FEED)
    assert "Dijital Şehir" in {event.summary for event in parse_everywhere(turkish)}
    assert "Digitale Stadt" in {event.summary for event in parse_everywhere(german)}
    assert properties(turkish, "X-WR-CALNAME") == ["X-WR-CALNAME:Türk-Alman Kardeş Şehirler Konferansı Sanal Ön Konferansı"]
    assert properties(turkish, "NAME")[0].startswith("NAME;LANGUAGE=tr:Türk-Alman")
    german_text = "\n".join(unfolded_lines(german))
    assert "09:30–11:30 Berlin (MESZ) · 10:30–12:30 Istanbul (UTC+3)" in german_text
    assert "Berlin (MESZ) / Istanbul (UTC+3)" in german_text
    assert "09:50 / 10:50  4. Praxisbeispiel aus der Türkei – Harun Yiğit" in german_text
    assert "İstanbul (TSİ)" in "\n".join(unfolded_lines(turkish))


def test_feed_has_the_required_calendar_properties_verbatim(client, demo):
    """No METHOD, refresh hints in exactly the form clients read, URL, LOCATION, CATEGORIES, public events, no people,
    no secrets."""
    data = get_feed(client, DEMO_FEED)
    lines = unfolded_lines(data)
    assert properties(data, "METHOD") == []
    assert set(event_properties(data, "CLASS")) == {"CLASS:PUBLIC"}
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    assert "URL;VALUE=URI:http://localhost/de/vorkonferenz-2020/workshops/1/" in lines
    assert "LOCATION;LANGUAGE=de:Kudo" in lines and "LOCATION;LANGUAGE=de:Zoom" in lines
    categories = next(line for line in lines if line.startswith("CATEGORIES;LANGUAGE=de:"))
    assert categories.endswith(",Virtuelle Vorkonferenz zur Deutsch-Türkischen Städtepartnerschaftskonferenz")
    assert properties(data, "ORGANIZER") == [] and properties(data, "ATTENDEE") == []
    assert event_properties(data, "DTSTART")[0].startswith("DTSTART;TZID=Europe/Berlin:")
    assert lines.count("BEGIN:VTIMEZONE") == 1 and "TZID:Europe/Berlin" in lines
    assert data.count(b"RDATE") == 0
    description = next(line for line in lines if line.startswith("DESCRIPTION;LANGUAGE=de:") and "Digitale Stadt" in line)
    assert "Kudo" in description and "http://localhost/de/vorkonferenz-2020/workshops/1/" in description
    for secret in SECRETS:
        assert secret.encode() not in data


DEMO_FEEDS = [f"/{language}/vorkonferenz-2020/{path}calendar.ics" for language in ("de", "tr")
              for path in ("", "workshops/1/", "workshops/2/", "workshops/3/", "workshops/4/")]


@pytest.mark.parametrize("url", DEMO_FEEDS)
def test_every_physical_line_is_at_most_75_octets(client, demo, url):
    """Folding holds across every demo feed: no line ends inside a character or an escape such as "\\n"."""
    data = get_feed(client, url)
    assert data.endswith(b"END:VCALENDAR\r\n")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert folds_inside_escapes(data) == []


def test_exports_are_byte_identical_across_requests_caches_and_restarts(app, client, demo):
    """Same data, same bytes: twice in a row, after the cache is emptied, and from a second app on the same database."""
    first = get_feed(client, DEMO_FEED)
    assert get_feed(client, DEMO_FEED) == first
    with app.app_context():
        built_file_cache().clear()
    assert get_feed(client, DEMO_FEED) == first
    restarted = create_app(dict(app.config))
    assert get_feed(restarted.test_client(), DEMO_FEED) == first
    with restarted.app_context():
        db.engine.dispose()
    with app.app_context():
        updated = {day.updated_at for workshop in load_programme(demo).workshops for day in workshop.days}
    stamps = {line.split(":", 1)[1] for line in properties(first, "DTSTAMP") + properties(first, "LAST-MODIFIED")}
    assert stamps == {moment.strftime("%Y%m%dT%H%M%SZ") for moment in updated}


def test_workshop_feed_covers_one_workshop(client, demo):
    """Workshop 4's feed has its two days; an unknown workshop or conference is a 404."""
    events = parse_everywhere(get_feed(client, "/tr/vorkonferenz-2020/workshops/4/calendar.ics"))
    assert [event.start for event in events] == [utc(2020, 6, 3, 8), utc(2020, 6, 10, 8)]
    assert all(event.summary.startswith("Katılımcı Odaklı") for event in events)
    assert client.get("/de/vorkonferenz-2020/workshops/9/calendar.ics").status_code == 404
    assert client.get("/de/no-such-conference/calendar.ics").status_code == 404
    assert client.get("/en/vorkonferenz-2020/calendar.ics").status_code == 404


@pytest.mark.parametrize("header", ["If-None-Match", "If-Modified-Since"])
def test_conditional_get_is_a_304_after_one_statement(client, demo, count_statements, header):
    """A current client copy costs one query and no building; ETag and Last-Modified come with every feed."""
    first = client.get(DEMO_FEED)
    value = first.headers["ETag"] if header == "If-None-Match" else first.headers["Last-Modified"]
    with count_statements() as statements:
        response = client.get(DEMO_FEED, headers={header: value})
    assert response.status_code == 304
    assert response.data == b""
    assert len(statements) == 1


def test_cached_feed_costs_one_statement_and_a_change_rebuilds_it(app, client, demo, count_statements):
    """A second full request comes from the cache; after a tracked edit the new version is built."""
    first = get_feed(client, DEMO_FEED)
    with count_statements() as statements:
        assert get_feed(client, DEMO_FEED) == first
    assert len(statements) == 1
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        with tracked(conference):
            conference.workshops[0].title = {"de": "Digitale Stadt – neu", "tr": "Dijital Şehir"}
        db.session.commit()
    changed = get_feed(client, DEMO_FEED)
    assert "Digitale Stadt – neu" in {event.summary for event in parse_everywhere(changed)}


def _event(data: bytes, start: dt.datetime):
    """The one parsed event starting at that instant."""
    return next(event for event in parse_everywhere(data) if event.start == start)


def test_changing_a_workshops_time_raises_its_sequence_by_one(client, demo, demo_document, load_document):
    """Re-importing the programme with workshop 1 an hour later bumps that day's SEQUENCE from 0 to 1, and only that."""
    before = parse_everywhere(get_feed(client, DEMO_FEED))
    moved = copy.deepcopy(demo_document)
    day = moved["workshops"][0]["days"][0]
    day.update(local_start="10:30", local_end="12:30")
    for key in ("start", "end"):
        day.pop(key, None)
    for item in day["items"]:
        item.pop("printed", None)
    day.pop("printed", None)
    load_document(moved)
    after = parse_everywhere(get_feed(client, DEMO_FEED))
    moved_event = next(event for event in after if event.uid == _event_uid(before, utc(2020, 6, 15, 7, 30)))
    assert moved_event.start == utc(2020, 6, 15, 8, 30)
    assert moved_event.sequence == 1
    assert sorted(event.sequence for event in after) == [0, 0, 0, 0, 1]


def _event_uid(events, start) -> str:
    """The UID of the event starting at that instant."""
    return next(event.uid for event in events if event.start == start)


def test_cancelled_workshop_stays_in_the_feed_as_cancelled(app, client, demo):
    """Cancelling through change tracking keeps the event, marks it CANCELLED and raises its SEQUENCE."""
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        with tracked(conference):
            conference.workshops[1].status = WorkshopStatus.cancelled
        db.session.commit()
    data = get_feed(client, DEMO_FEED)
    events = parse_everywhere(data)
    assert len(events) == 5
    cancelled = _event(data, utc(2020, 6, 15, 11, 0))
    assert cancelled.status == "CANCELLED" and cancelled.sequence == 1
    assert cancelled.summary.startswith("Cancelled: ") or "Nachhaltige Stadtentwicklung" in cancelled.summary
    assert "TRANSP:TRANSPARENT" in unfolded_lines(data)


def test_planned_workshop_is_tentative(client, load_document, dated_document):
    """A planned workshop is TENTATIVE."""
    load_document(dated_document(("2020-06-15", "Europe/Berlin", "09:00", "11:00"), slug="planned", status="planned"))
    assert {event.status for event in parse_everywhere(get_feed(client, "/de/planned/calendar.ics"))} == {"TENTATIVE"}


@pytest.mark.parametrize("days,expected", [
    # Summer: Berlin UTC+2, Istanbul UTC+3.
    ([("2020-06-15", "Europe/Berlin", "09:30", "11:30")], [(utc(2020, 6, 15, 7, 30), utc(2020, 6, 15, 9, 30))]),
    # Winter: Berlin UTC+1, two hours behind Istanbul.
    ([("2020-12-10", "Europe/Berlin", "09:00", "11:00")], [(utc(2020, 12, 10, 8), utc(2020, 12, 10, 10))]),
    # The night the clocks go forward: 01:00 CET to 05:00 CEST is three hours.
    ([("2021-03-28", "Europe/Berlin", "01:00", "05:00")], [(utc(2021, 3, 28, 0), utc(2021, 3, 28, 3))]),
    # The night they go back: 01:00 CEST to 05:00 CET is five hours.
    ([("2021-10-31", "Europe/Berlin", "01:00", "05:00")], [(utc(2021, 10, 30, 23), utc(2021, 10, 31, 4))]),
    # Entered in Istanbul, both ends inside Berlin's repeated hour: must be written in UTC.
    ([("2021-10-31", "Europe/Istanbul", "03:00", "04:30")], [(utc(2021, 10, 31, 0), utc(2021, 10, 31, 1, 30))]),
    # A workshop spanning years and both kinds of Berlin time.
    ([("2021-12-20", "Europe/Berlin", "10:00", "12:00"), ("2022-07-04", "Europe/Berlin", "10:00", "12:00")],
     [(utc(2021, 12, 20, 9), utc(2021, 12, 20, 11)), (utc(2022, 7, 4, 8), utc(2022, 7, 4, 10))]),
])
def test_every_parser_resolves_the_time_engines_instants(client, load_document, dated_document, days, expected):
    """DTSTART and DTEND mean the same UTC instants to icalendar, vobject and ical, with and without IANA names."""
    load_document(dated_document(*days, slug="dated"))
    data = get_feed(client, "/de/dated/calendar.ics")
    for reading in (parse_everywhere(data), parse_everywhere_by_vtimezone(data)):
        assert [(event.start, event.end) for event in reading] == expected


def test_winter_description_shows_the_two_hour_gap(client, load_document, dated_document):
    """In December the agenda shows Berlin 09:00 beside Istanbul 11:00, labelled MEZ."""
    load_document(dated_document(("2020-12-10", "Europe/Berlin", "09:00", "11:00"), slug="winter"))
    text = "\n".join(unfolded_lines(get_feed(client, "/de/winter/calendar.ics")))
    assert "09:00–11:00 Berlin (MEZ) · 11:00–13:00 Istanbul (UTC+3)" in text
    assert "09:00 / 11:00  1. Programmpunkt 1" in text


def test_ambiguous_wall_time_is_written_in_utc(client, load_document, dated_document):
    """Berlin's 02:00–03:00 on 31 October 2021 happens twice, so those instants are given in UTC, not with TZID."""
    load_document(dated_document(("2021-10-31", "Europe/Istanbul", "03:00", "04:30"), slug="ambiguous"))
    data = get_feed(client, "/de/ambiguous/calendar.ics")
    assert event_properties(data, "DTSTART") == ["DTSTART:20211031T000000Z"]
    assert event_properties(data, "DTEND") == ["DTEND:20211031T013000Z"]
    assert b"BEGIN:VTIMEZONE" not in data


def test_hostile_title_cannot_inject_properties_or_line_breaks(app, client, demo):
    """A title with CRLF + ATTENDEE, a literal \\N, commas and semicolons stays one escaped SUMMARY."""
    hostile = "Digitale Stadt\r\nATTENDEE:mailto:x@y\\N; BEGIN:VALARM, \\n"
    with app.app_context():
        conference = load_programme(demo, with_access=True)
        with tracked(conference):
            conference.workshops[0].title = {"de": hostile, "tr": hostile}
        db.session.commit()
    data = get_feed(client, DEMO_FEED)
    assert properties(data, "ATTENDEE") == []
    assert all(not line.startswith(("ATTENDEE", "BEGIN:VALARM")) for line in unfolded_lines(data))
    assert b"\r\n" not in data.replace(b"\r\n ", b"").replace(b"\r\n", b"\x00").replace(b"\x00", b"")
    summaries = {event.summary for event in parse_everywhere(data)}
    assert hostile.replace("\r\n", "\n") in summaries


def test_conference_version_is_the_validator(app, client, demo):
    """ETag and Last-Modified come from the conference's version and last change."""
    response = client.get(DEMO_FEED)
    with app.app_context():
        conference = db.session.query(Conference).filter_by(slug=demo).one()
        assert response.headers["ETag"] == f'"c-{conference.id}-{conference.version}-ics-de"'
        assert response.last_modified == conference.updated_at.replace(microsecond=0)


def test_statements_per_built_feed_do_not_grow_with_the_programme(app, client, load_document, make_document,
                                                                  count_statements):
    """Building a feed from scratch costs the same number of SQL statements for 1 and for 12 workshops."""
    counts = []
    for slug, workshops in (("small", 1), ("large", 12)):
        load_document(make_document(slug, workshops=workshops, days_per_workshop=2, items_per_day=4))
        with app.app_context():
            built_file_cache().clear()
        with count_statements() as statements:
            assert len(parse_everywhere(get_feed(client, f"/tr/{slug}/calendar.ics"))) == workshops * 2
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_shared_cache_directory_serves_other_workers(app, demo, tmp_path):
    """With CONFSCHED_FEED_CACHE_DIR, a second app (another worker) serves the first one's file after one query."""
    shared = {**app.config, "CONFSCHED_FEED_CACHE_DIR": str(tmp_path / "built")}
    first_worker, second_worker = create_app(shared), create_app(shared)
    built = get_feed(first_worker.test_client(), DEMO_FEED)
    statements = []
    with second_worker.app_context():
        engine = db.engine
    sqlalchemy_event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert get_feed(second_worker.test_client(), DEMO_FEED) == built
    assert len(statements) == 1
    for worker in (first_worker, second_worker):
        with worker.app_context():
            db.engine.dispose()
    assert len(list((tmp_path / "built").glob("*.bin"))) == 1


def test_gzip_for_clients_that_accept_it(client, demo):
    """With Accept-Encoding: gzip the same bytes arrive compressed, deterministically, under their own ETag."""
    plain = client.get(DEMO_FEED)
    packed = client.get(DEMO_FEED, headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert client.get(DEMO_FEED, headers={"Accept-Encoding": "gzip"}).data == packed.data
    assert packed.headers["ETag"] != plain.headers["ETag"]
    again = client.get(DEMO_FEED, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304
    assert client.get(DEMO_FEED, headers={"Accept-Encoding": "gzip;q=0"}).data == plain.data


PUBLIC_FILES = [DEMO_FEED, "/tr/vorkonferenz-2020/workshops/4/calendar.ics", "/de/vorkonferenz-2020/schedule.xml",
                "/tr/vorkonferenz-2020/schedule.json", "/api/v1/conferences/vorkonferenz-2020"]


@pytest.mark.parametrize("url", PUBLIC_FILES)
@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_a_304_says_what_its_200_says_about_caching(client, demo, url, encoding):
    """Cache-Control and Vary of the 304 equal the 200's (RFC 9110 §15.4.5), and neither varies by cookie."""
    full = client.get(url, headers={"Accept-Encoding": encoding})
    again = client.get(url, headers={"Accept-Encoding": encoding, "If-None-Match": full.headers["ETag"]})
    assert (full.status_code, again.status_code) == (200, 304)
    assert again.headers["Cache-Control"] == full.headers["Cache-Control"] == "public, no-cache"
    assert again.headers["Vary"] == full.headers["Vary"] == "Accept-Encoding"


def test_public_feeds_do_not_vary_by_cookie_even_for_a_signed_in_browser(client, demo):
    """The same bytes go to everyone: a session or zone cookie in the request changes no header."""
    client.set_cookie("session", "eyJfZnJlc2giOmZhbHNlfQ.anything")
    client.set_cookie("tz", "Asia/Tokyo")
    for url in PUBLIC_FILES:
        response = client.get(url)
        assert "Cookie" not in response.headers.get("Vary", ""), url
        assert "Set-Cookie" not in response.headers, url


@pytest.mark.parametrize("url", ["/de/vorkonferenz-2020/workshops/9/calendar.ics", "/de/no-such-conference/calendar.ics",
                                 "/de/vorkonferenz-2020/workshops/9/", "/de/no-such-conference/"])
def test_what_does_not_exist_is_a_404_even_to_if_none_match_star(client, demo, url):
    """'*' matches any current representation; a workshop the conference does not have has none (404 beats 304)."""
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 404


@pytest.mark.parametrize("url", ["/de/vorkonferenz-2020/workshops/1/calendar.ics", "/de/vorkonferenz-2020/workshops/1/"])
def test_if_none_match_star_is_a_304_for_what_exists(client, demo, url):
    """A GET with 'If-None-Match: *' for something that exists is answered 304, as RFC 9110 §13.1.2 says."""
    assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304


def test_descriptions_name_organisations_acting_themselves(client, demo):
    """The feed prints the platform provider as itself and keeps N.N. for the unnamed Antalya speaker."""
    description = event_properties(get_feed(client, "/de/vorkonferenz-2020/workshops/1/calendar.ics"), "DESCRIPTION")[0]
    assert "Plattform-Dienstleister" in description and "N.N. (Plattform" not in description
    assert "N.N. (" in description
