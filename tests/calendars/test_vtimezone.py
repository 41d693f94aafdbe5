"""Compact VTIMEZONE blocks: rule-based where the zone is regular, and read by parsers as the time engine reads the zone."""
from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import vobject

from confsched import timeengine
from confsched.calendars.vtimezone import is_ambiguous, state_at, vtimezone

UTC = dt.timezone.utc


def vtimezone_text(zone: str, first_year: int, last_year: int) -> str:
    """The VTIMEZONE wrapped in a minimal calendar, as text."""
    body = vtimezone(zone, first_year, last_year).to_bytes().decode("utf-8")
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"


def test_berlin_is_two_rules():
    """Europe/Berlin: one STANDARD (last Sunday of October) and one DAYLIGHT (last Sunday of March), open-ended."""
    text = vtimezone_text("Europe/Berlin", 2020, 2021)
    lines = text.split("\r\n")
    assert lines.count("BEGIN:STANDARD") == 1 and lines.count("BEGIN:DAYLIGHT") == 1
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in lines
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in lines
    assert "DTSTART:20200329T020000" in lines and "DTSTART:20191027T030000" in lines
    assert "RDATE" not in text
    assert len(lines) < 25


def test_istanbul_since_2016_is_one_fixed_standard_component():
    """Europe/Istanbul has kept UTC+3 since September 2016: one STANDARD, no rule."""
    lines = vtimezone_text("Europe/Istanbul", 2020, 2021).split("\r\n")
    assert lines.count("BEGIN:STANDARD") == 1 and "BEGIN:DAYLIGHT" not in lines
    assert "TZOFFSETTO:+0300" in lines and not any(line.startswith("RRULE") for line in lines)


def test_rule_that_stops_gets_an_until():
    """Istanbul's last daylight-saving years (2012–2016) end with UNTIL, not an open rule."""
    text = vtimezone_text("Europe/Istanbul", 2012, 2017)
    assert "UNTIL=" in text
    assert "TZOFFSETTO:+0300" in text.split("BEGIN:STANDARD")[-1]


def test_fixed_zone_without_transitions():
    """UTC (no transition table at all) still gets a valid component."""
    lines = vtimezone_text("UTC", 2020, 2020).split("\r\n")
    assert "TZOFFSETFROM:+0000" in lines and "TZOFFSETTO:+0000" in lines


def _instants(year_from: int, year_to: int):
    """Every twelve hours, and every hour in the months clocks usually change."""
    instant = dt.datetime(year_from, 1, 1, tzinfo=UTC)
    while instant.year <= year_to:
        yield instant
        step = 60 if instant.month in (3, 4, 9, 10, 11) else 720
        instant += dt.timedelta(minutes=step)


@pytest.mark.parametrize("zone,first_year,last_year", [
    ("Europe/Berlin", 2020, 2022),
    ("Europe/Istanbul", 2019, 2021),
    ("Europe/Istanbul", 2014, 2017),
    ("America/New_York", 2006, 2008),
    ("Australia/Sydney", 2020, 2021),
    ("Europe/London", 2021, 2021),
])
def test_parsers_build_the_time_engines_offsets_from_our_blocks(zone, first_year, last_year):
    """vobject and icalendar turn the VTIMEZONE into a tzinfo that agrees with the time engine at every probe."""
    # A TZID of its own per case: icalendar and vobject both remember zones by TZID.
    probe = f"Probe-{zone.replace('/', '-')}-{first_year}-{last_year}"
    renamed = vtimezone_text(zone, first_year, last_year).replace(f"TZID:{zone}", f"TZID:{probe}")
    zones = {
        "vobject": vobject.readOne(renamed).vtimezone.gettzinfo(),
        "icalendar": icalendar.Calendar.from_ical(renamed).walk("VTIMEZONE")[0].to_tz(),
    }
    for name, tzinfo in zones.items():
        for instant in _instants(first_year, last_year):
            expected = timeengine.utc_offset_minutes(instant, zone)
            got = instant.astimezone(tzinfo).utcoffset()
            assert got == dt.timedelta(minutes=expected), (name, zone, instant)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Europe/Istanbul", "America/New_York", "UTC"])
def test_transition_table_helpers_agree_with_the_time_engine(zone):
    """Offsets, constant stretches and ambiguous wall times read from the table match the time engine."""
    for instant in _instants(2016, 2020):
        assert state_at(instant, zone)[0] == timeengine.utc_offset_minutes(instant, zone)
        local = timeengine.to_zone(instant, zone).replace(tzinfo=None)
        try:
            timeengine.to_utc(local, zone)
            ambiguous = False
        except timeengine.AmbiguousLocalTimeError:
            ambiguous = True
        assert is_ambiguous(instant, zone) == ambiguous, instant
        later = instant + dt.timedelta(hours=5)
        same = timeengine.utc_offset_minutes(later, zone) == timeengine.utc_offset_minutes(instant, zone)
        if not timeengine.keeps_offset(zone, instant, later):
            assert not same or zone == "Europe/Istanbul"
        else:
            assert same
