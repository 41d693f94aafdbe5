"""One way to show an instant in a zone and language: the time, the date when it differs, the label."""
import datetime as dt
import importlib.resources
from functools import lru_cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confsched import timeengine, zonedisplay

# DST zones on both hemispheres, the 2015–2016 Istanbul changes, half- and quarter-hour offsets (Lord Howe moves
# its clocks by half an hour), a zone that skipped a whole date (Apia, 2011-12-30) and fixed ones.
ZONES = ["Europe/Berlin", "Europe/Istanbul", "Europe/London", "America/New_York", "America/St_Johns",
         "America/Sao_Paulo", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Tehran", "Australia/Adelaide",
         "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Apia", "Pacific/Kiritimati", "UTC"]
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None)


def utc(*args) -> dt.datetime:
    """An aware UTC instant."""
    return timeengine.UTC.localize(dt.datetime(*args))


@lru_cache(maxsize=None)
def zoneinfo(zone: str) -> ZoneInfo:
    """The standard library's reading of the zone, from the tzdata package: the release pytz ships, where the
    system's own files may be older (Tehran's 1979 history changed since)."""
    with importlib.resources.files("tzdata.zoneinfo").joinpath(*zone.split("/")).open("rb") as data:
        return ZoneInfo.from_file(data, key=zone)


def wall(instant: dt.datetime, zone: str) -> dt.datetime:
    """The wall-clock time as zoneinfo has it: the reference the module is checked against."""
    return instant.astimezone(zoneinfo(zone))


@st.composite
def instants_near_clock_changes(draw, zone: str | None = None):
    """A zone and an instant within three hours of one of its clock changes (1970–2036), or anywhere in those years."""
    zone = zone or draw(st.sampled_from(ZONES))
    changes = [change for change in timeengine._transition_times(zone) if 1970 <= change.year <= 2036]
    if changes and draw(st.booleans()):
        middle = timeengine.UTC.localize(draw(st.sampled_from(changes)))
        return zone, middle + dt.timedelta(minutes=draw(st.integers(-180, 180)))
    anywhere = st.datetimes(dt.datetime(1970, 1, 2), dt.datetime(2036, 12, 30), timezones=st.just(timeengine.UTC))
    return zone, draw(anywhere)


def test_a_time_on_the_next_date_shows_that_date_in_every_form():
    """23:30 in Berlin is 00:30 on the next date in Istanbul: '(Di., 16. Juni)', spoken in full in HTML."""
    shown = zonedisplay.shown_time(utc(2020, 6, 15, 21, 30), "Europe/Istanbul", dt.date(2020, 6, 15), "de")
    assert (shown.text, shown.day_offset, shown.other_date, shown.label) == ("00:30", 1, "Di., 16. Juni", "UTC+3")
    assert shown.iso == "2020-06-16T00:30+03:00"
    assert shown.plain == "00:30 (Di., 16. Juni)"
    assert shown.html == ('<time datetime="2020-06-16T00:30+03:00">00:30</time> <span class="other-date">'
                          '<span aria-hidden="true">(Di., 16. Juni)</span>'
                          '<span class="visually-hidden">Dienstag, 16. Juni 2020</span></span>')
    turkish = zonedisplay.shown_time(utc(2020, 6, 15, 21, 30), "Europe/Istanbul", dt.date(2020, 6, 15), "tr")
    assert (turkish.plain, turkish.other_date_in_words) == ("00:30 (16 Haz Sal)", "16 Haziran 2020 Salı")


def test_a_time_on_the_reference_date_has_no_marker():
    shown = zonedisplay.shown_time(utc(2020, 6, 15, 21, 30), "Europe/Berlin", dt.date(2020, 6, 15), "tr")
    assert (shown.plain, shown.other_date, shown.day_offset) == ("23:30", None, 0)
    assert shown.html == '<time datetime="2020-06-15T23:30+02:00">23:30</time>'


def test_a_time_on_the_previous_date_shows_that_date():
    """Doors that open at 23:45 for a day starting at 00:15 stand under the day's date: the marker names the 14th."""
    doors = zonedisplay.shown_time(utc(2020, 6, 14, 21, 45), "Europe/Berlin", dt.date(2020, 6, 15), "de")
    assert (doors.plain, doors.day_offset) == ("23:45 (So., 14. Juni)", -1)


def test_a_time_repeats_its_label_only_after_a_clock_change():
    """On 2020-10-25 the Berlin column is headed MESZ; 03:00 after the change says MEZ, 01:30 before it says nothing."""
    start = timeengine.to_utc(dt.datetime(2020, 10, 25, 1, 30), "Europe/Berlin")
    day = zonedisplay.ZoneDay("Europe/Berlin", dt.date(2020, 10, 25), "de", start, start + dt.timedelta(hours=4))
    before, after = day(start), day(start + dt.timedelta(hours=2, minutes=30))
    assert (before.plain, after.plain) == ("01:30", "03:00 MEZ")
    assert after.html == ('<time datetime="2020-10-25T03:00+01:00">03:00</time> '
                          '<abbr class="zone-abbreviation">MEZ</abbr>')
    assert day(start, with_label=True).plain == "01:30 MESZ"


def test_istanbul_in_2015_is_labelled_from_tzdata_for_that_date():
    shown = zonedisplay.shown_time(utc(2015, 12, 15, 8), "Europe/Istanbul", dt.date(2015, 12, 15), "de")
    assert (shown.text, shown.label) == ("10:00", "OEZ")


def test_user_supplied_text_cannot_reach_the_html():
    """Every part is formatted from the instant and CLDR, and escaped all the same."""
    shown = zonedisplay.ShownTime("Europe/Berlin", wall(utc(2020, 6, 15, 8), "Europe/Berlin"), "<b>", 0, "de")
    assert "<b>" not in shown.html and "&lt;b&gt;" in shown.html


@pytest.mark.parametrize(("language", "expected"), [
    ("de", "Montag, 15. Juni 2020"),
    ("tr", "15 Haziran 2020 Pazartesi"),
])
def test_full_dates_follow_the_locale(language, expected):
    assert zonedisplay.full_date(dt.date(2020, 6, 15), language) == expected


@SETTINGS
@given(instants_near_clock_changes(), st.integers(-1, 1), st.sampled_from(["de", "tr"]))
def test_the_time_is_zoneinfos_wall_time_and_the_marker_shows_exactly_another_date(zone_and_instant, days, language):
    zone, instant = zone_and_instant
    expected = wall(instant, zone)
    reference = expected.date() + dt.timedelta(days=days)
    shown = zonedisplay.shown_time(instant, zone, reference, language)
    assert shown.text == f"{expected:%H:%M}"
    assert shown.local.utcoffset() == expected.utcoffset()
    assert shown.label == timeengine.abbreviation(instant, zone, language)
    assert shown.day_offset == -days
    marked = "(" in shown.plain
    assert marked == (expected.date() != reference)
    assert ('class="other-date"' in shown.html) == marked
    if marked:
        assert shown.plain.endswith(f"({zonedisplay.short_date(expected.date(), language)})")


@SETTINGS
@given(instants_near_clock_changes(), st.integers(0, 26 * 60), st.integers(0, 100), st.sampled_from(["de", "tr"]))
def test_a_day_shows_every_instant_as_zoneinfo_does(zone_and_start, span_minutes, percent, language):
    """One offset serves a day only where no clock change falls inside it; every instant still matches zoneinfo."""
    zone, start = zone_and_start
    end = start + dt.timedelta(minutes=span_minutes)
    reference = wall(start, zone).date()
    day = zonedisplay.ZoneDay(zone, reference, language, start, end)
    for instant in (start, start + dt.timedelta(minutes=span_minutes * percent // 100), end,
                    start - dt.timedelta(minutes=30)):
        shown, expected = day(instant), wall(instant, zone)
        assert (shown.text, shown.local.date()) == (f"{expected:%H:%M}", expected.date())
        assert shown.label == timeengine.abbreviation(instant, zone, language)
        assert shown.shows_label == (shown.label != timeengine.abbreviation(start, zone, language))
        assert (shown.other_date is not None) == (expected.date() != reference)


@SETTINGS
@given(instants_near_clock_changes("Europe/Istanbul"))
def test_istanbul_2015_and_2016_follow_tzdata(zone_and_instant):
    """Turkey moved its clock changes in 2015 and 2016 and stayed on +03 from 2016-09-07."""
    zone, instant = zone_and_instant
    shown = zonedisplay.shown_time(instant, zone, wall(instant, zone).date(), "de")
    assert shown.text == f"{wall(instant, zone):%H:%M}"


@pytest.mark.parametrize(("zone", "start", "hours", "steady"), [
    ("Europe/Berlin", utc(2020, 6, 15, 7), 10, True),
    ("Europe/Berlin", utc(2020, 10, 24, 22), 4, False),
    ("Europe/Istanbul", utc(2016, 9, 6, 20), 4, False),   # EEST becomes +03 at the same offset: the label changes
    ("UTC", utc(2020, 6, 15), 48, True),
])
def test_one_offset_serves_a_day_only_without_a_change(zone, start, hours, steady):
    assert timeengine.keeps_offset(zone, start, start + dt.timedelta(hours=hours)) == steady
