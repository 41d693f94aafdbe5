"""The time engine: UTC conversion, date-dependent labels, DST refusals and the pytz trap."""
import datetime as dt

import pytest
import pytz
from babel.dates import get_timezone_location

from confsched import timeengine


def utc(*args) -> dt.datetime:
    """An aware UTC instant."""
    return pytz.utc.localize(dt.datetime(*args))


def test_the_pytz_trap_is_real_and_avoided():
    """tzinfo=pytz.timezone(...) gives Berlin's 1893 LMT offset; the engine never does that."""
    trap = dt.datetime(2020, 6, 15, 9, 30, tzinfo=pytz.timezone("Europe/Berlin"))
    assert trap.utcoffset() == dt.timedelta(minutes=53)
    assert timeengine.to_utc(dt.datetime(2020, 6, 15, 9, 30), "Europe/Berlin") == utc(2020, 6, 15, 7, 30)


@pytest.mark.parametrize(
    ("local", "zone", "expected"),
    [
        (dt.datetime(2020, 6, 15, 9, 30), "Europe/Berlin", utc(2020, 6, 15, 7, 30)),
        (dt.datetime(2020, 12, 15, 9, 30), "Europe/Berlin", utc(2020, 12, 15, 8, 30)),
        (dt.datetime(2020, 6, 15, 10, 30), "Europe/Istanbul", utc(2020, 6, 15, 7, 30)),
        (dt.datetime(2020, 12, 15, 10, 30), "Europe/Istanbul", utc(2020, 12, 15, 7, 30)),
        (dt.datetime(2020, 6, 15, 10, 30), "Europe/Kyiv", utc(2020, 6, 15, 7, 30)),
    ],
)
def test_wall_clock_to_utc(local, zone, expected):
    """Summer and winter times convert with the offset valid on that date."""
    assert timeengine.to_utc(local, zone) == expected


def test_gap_between_berlin_and_istanbul_depends_on_the_date():
    """One hour in June, two in December: never a constant."""
    assert timeengine.zone_gap_minutes(utc(2020, 6, 15, 7, 30), "Europe/Berlin", "Europe/Istanbul") == 60
    assert timeengine.zone_gap_minutes(utc(2020, 12, 15, 8, 30), "Europe/Berlin", "Europe/Istanbul") == 120


def test_winter_workshop_reads_two_hours_apart():
    """09:30 in Berlin in December is 11:30 in Istanbul."""
    instant = timeengine.to_utc(dt.datetime(2020, 12, 7, 9, 30), "Europe/Berlin")
    assert timeengine.to_zone(instant, "Europe/Istanbul").strftime("%H:%M") == "11:30"


@pytest.mark.parametrize(
    ("instant", "zone", "language", "abbreviation"),
    [
        (utc(2020, 6, 15, 7, 30), "Europe/Berlin", "de", "MESZ"),
        (utc(2020, 12, 15, 8, 30), "Europe/Berlin", "de", "MEZ"),
        (utc(2020, 6, 15, 7, 30), "Europe/Berlin", "tr", "CEST"),
        (utc(2020, 6, 15, 7, 30), "Europe/Istanbul", "tr", "TSİ"),
        (utc(2020, 6, 15, 7, 30), "Europe/Istanbul", "de", "UTC+3"),
        (utc(2020, 6, 15, 7, 30), "Europe/Kyiv", "de", "OESZ"),
        (utc(2020, 12, 15, 7, 30), "Europe/Kyiv", "de", "OEZ"),
        (utc(2020, 6, 15, 7, 30), "Asia/Tokyo", "de", "JST"),
    ],
)
def test_zone_labels_are_valid_for_the_date_and_language(instant, zone, language, abbreviation):
    """Column headings name the abbreviation in force on that date, after the city as CLDR spells it.

    The city is CLDR's (Kyiv became Kiew in German with Babel 2.19), so it is compared with Babel's own
    answer for that locale; the abbreviation and the format are ours.
    """
    city = get_timezone_location(pytz.timezone(zone), locale=language, return_city=True)
    assert timeengine.city_name(zone, language) == city
    assert timeengine.abbreviation(instant, zone, language) == abbreviation
    assert timeengine.zone_label(instant, zone, language) == f"{city} ({abbreviation})"


def test_nonexistent_local_time_is_refused_with_both_readings():
    """02:30 on the spring-forward night does not exist in Berlin; nothing is shifted silently."""
    with pytest.raises(timeengine.NonExistentLocalTimeError) as refusal:
        timeengine.to_utc(dt.datetime(2021, 3, 28, 2, 30), "Europe/Berlin")
    readings = {reading.utc for reading in refusal.value.readings}
    assert readings == {utc(2021, 3, 28, 1, 30), utc(2021, 3, 28, 0, 30)}
    assert "does not exist" in str(refusal.value) and "Europe/Berlin" in str(refusal.value)


def test_ambiguous_local_time_is_refused_with_both_readings():
    """02:30 on the fall-back night happens twice in Berlin."""
    with pytest.raises(timeengine.AmbiguousLocalTimeError) as refusal:
        timeengine.to_utc(dt.datetime(2020, 10, 25, 2, 30), "Europe/Berlin")
    readings = refusal.value.readings
    assert {reading.utc for reading in readings} == {utc(2020, 10, 25, 1, 30), utc(2020, 10, 25, 0, 30)}
    assert {reading.abbreviation for reading in readings} == {"CET", "CEST"}


def test_a_doubtful_time_s_readings_are_described_one_way():
    """The engine's refusal, the editor's and the importer's problems all name a reading with describe_reading."""
    with pytest.raises(timeengine.AmbiguousLocalTimeError) as refusal:
        timeengine.to_utc(dt.datetime(2020, 10, 25, 2, 30), "Europe/Berlin")
    described = [timeengine.describe_reading(reading) for reading in refusal.value.readings]
    assert sorted(described) == ["00:30 UTC (CEST, UTC+2)", "01:30 UTC (CET, UTC+1)"]
    assert all(text in str(refusal.value) for text in described)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "../etc/passwd", "Europe/Berlin" * 10, "", "CET;DROP"])
def test_unknown_zones_are_refused(zone):
    """Only known IANA names load; path characters and overlong names never reach pytz."""
    assert not timeengine.is_valid_zone(zone)
    with pytest.raises(timeengine.UnknownZoneError):
        timeengine.to_utc(dt.datetime(2020, 6, 15, 9, 30), zone)


def test_shift_counts_elapsed_minutes_across_a_dst_change():
    """Three elapsed hours from 01:00 CET on the spring-forward night end at 05:00 CEST."""
    start = timeengine.to_utc(dt.datetime(2021, 3, 28, 1, 0), "Europe/Berlin")
    end = timeengine.shift(start, 180)
    assert timeengine.to_zone(end, "Europe/Berlin").strftime("%H:%M %Z") == "05:00 CEST"


@pytest.mark.parametrize(("label", "offset"), [("CET", 60), ("MESZ", 120), ("TRT", 180), ("TSİ", 180),
                                               ("UTC+3", 180), ("GMT-4", -240), ("UTC+5:30", 330), ("XYZ", None)])
def test_printed_labels_claim_offsets(label, offset):
    """Printed programmes' labels are read as the offset they claim."""
    assert timeengine.claimed_offset(label) == offset
