"""Zone labels as tzdata and CLDR give them for each instant, and zone names as tzdata links them."""
import datetime as dt
import zoneinfo

import pytest
import pytz

from confsched import timeengine


def utc(*args) -> dt.datetime:
    """An aware UTC instant."""
    return pytz.utc.localize(dt.datetime(*args))


def hours(first: dt.datetime, last: dt.datetime):
    """Every whole hour from first to last, as aware UTC instants."""
    while first <= last:
        yield first
        first += dt.timedelta(hours=1)


def tzdata_label(instant: dt.datetime, zone: str) -> str:
    """What tzdata (read by zoneinfo, not pytz) calls the zone at the instant, offsets written as 'UTC+3'."""
    local = instant.astimezone(zoneinfo.ZoneInfo(zone))
    name = local.tzname()
    if name[0] in "+-":
        return timeengine.format_offset(int(local.utcoffset().total_seconds() // 60))
    return name


@pytest.mark.parametrize("zone", ["Europe/Istanbul", "Europe/Berlin"])
def test_english_style_labels_are_tzdata_s_for_every_hour_of_2015_and_2016(zone):
    """17,544 hours per zone: Istanbul is EET/EEST until 2016-09-07 and +03 after, Berlin CET/CEST throughout."""
    for instant in hours(utc(2015, 1, 1), utc(2016, 12, 31, 23)):
        assert timeengine.abbreviation(instant, zone, "en") == tzdata_label(instant, zone), instant


def test_istanbul_labels_follow_turkey_s_2016_change_in_every_language():
    """German readers get CLDR's OEZ/OESZ while Turkey was on EET/EEST, Turkish readers CLDR's TSİ after it."""
    winter, summer, after = utc(2015, 12, 15, 9), utc(2016, 7, 1, 9), utc(2016, 12, 15, 9)
    assert [timeengine.abbreviation(instant, "Europe/Istanbul", "de") for instant in (winter, summer, after)] == [
        "OEZ", "OESZ", "UTC+3"]
    assert [timeengine.abbreviation(instant, "Europe/Istanbul", "tr") for instant in (winter, summer, after)] == [
        "EET", "EEST", "TSİ"]
    assert timeengine.zone_label(winter, "Europe/Istanbul", "tr") == "İstanbul (EET)"


def test_the_2016_03_27_switch_changes_both_labels_at_the_same_instant():
    """Berlin and Istanbul both sprang forward at 01:00 UTC on 2016-03-27; labels change at that instant."""
    before, after = utc(2016, 3, 27, 0, 59), utc(2016, 3, 27, 1, 0)
    assert [timeengine.abbreviation(before, zone, "de") for zone in ("Europe/Berlin", "Europe/Istanbul")] == [
        "MEZ", "OEZ"]
    assert [timeengine.abbreviation(after, zone, "de") for zone in ("Europe/Berlin", "Europe/Istanbul")] == [
        "MESZ", "OESZ"]


@pytest.mark.parametrize(("zone", "language", "expected"), [
    ("Europe/Kiev", "de", "OESZ"), ("Europe/Kiev", "tr", "EEST"), ("Asia/Calcutta", "tr", "IST"), ("America/New_York", "en", "EDT"),
    ("Asia/Tokyo", "de", "JST"), ("Asia/Dubai", "de", "UTC+4"), ("Europe/Istanbul", "en", "UTC+3"),
])
def test_labels_of_other_zones_come_from_cldr_or_tzdata(zone, language, expected):
    """Legacy names get their zone's label (Kiev was 'UTC+3'); where CLDR has no short name, tzdata's abbreviation."""
    assert timeengine.abbreviation(utc(2020, 6, 15, 9), zone, language) == expected


def test_a_zone_state_is_worded_later_in_any_language_and_is_one_for_a_whole_season():
    """A note keeps the state of the clocks, not an English label; every June instant of Berlin is the same state."""
    june = timeengine.zone_state(utc(2020, 6, 15, 7, 30), "Europe/Berlin")
    assert june == timeengine.zone_state(utc(2020, 6, 29, 12, 0), "Europe/Berlin")
    assert june != timeengine.zone_state(utc(2020, 12, 7, 8, 0), "Europe/Berlin")
    assert (str(june), june.abbreviation("de"), june.abbreviation("tr")) == ("CEST", "MESZ", "CEST")
    istanbul = timeengine.zone_state(utc(2016, 12, 15, 8, 0), "Turkey")
    assert [istanbul.abbreviation(language) for language in ("en", "de", "tr")] == ["UTC+3", "UTC+3", "TSİ"]


def test_refusals_name_the_readings_with_the_date_s_labels():
    """A time skipped in Istanbul in 2016 names EET and EEST, not today's '+03'."""
    with pytest.raises(timeengine.NonExistentLocalTimeError) as refusal:
        timeengine.to_utc(dt.datetime(2016, 3, 27, 3, 30), "Europe/Istanbul")
    assert {reading.abbreviation for reading in refusal.value.readings} == {"EET", "EEST"}


@pytest.mark.parametrize(("alias", "zone"), [
    ("Asia/Calcutta", "Asia/Kolkata"), ("Europe/Kiev", "Europe/Kyiv"), ("Turkey", "Europe/Istanbul"),
    ("US/Eastern", "America/New_York"), ("Asia/Istanbul", "Europe/Istanbul"), ("Etc/UTC", "UTC"),
    ("Europe/Berlin", "Europe/Berlin"),
])
def test_legacy_names_are_canonicalised_from_tzdata_s_links(alias, zone):
    """tzdata's `backward` links, read from the installed tzdata, give the zone each alias stands for."""
    assert timeengine.canonical_zone(alias) == zone


def test_every_link_in_tzdata_is_followed():
    """zoneinfo agrees that each alias behaves as its canonical zone (same offsets across 2015-2016)."""
    links = timeengine._links()
    assert len(links) > 200
    for alias in links:
        if timeengine.is_abbreviation_zone(alias) or alias not in pytz.all_timezones:
            continue
        zone = timeengine.canonical_zone(alias)
        assert timeengine.is_valid_zone(zone), alias
        for instant in (utc(2015, 1, 15), utc(2016, 7, 15)):
            assert instant.astimezone(zoneinfo.ZoneInfo(alias)).utcoffset() == timeengine.to_zone(
                instant, zone).utcoffset(), alias


@pytest.mark.parametrize("name", ["EST", "MST", "HST", "CET", "EET", "WET", "EST5EDT", "PST8PDT"])
def test_abbreviations_are_not_zones(name):
    """'EST' is tzdata's Panama; nobody who types it means Panama, so it is refused, not shown as Panama."""
    assert timeengine.is_abbreviation_zone(name)
    assert not timeengine.is_valid_zone(name)


@pytest.mark.parametrize("name", ["UTC", "GMT", "Turkey", "GB", "Japan", "Europe/Berlin", "Etc/GMT-3"])
def test_names_of_places_and_of_utc_stay_valid(name):
    """Country links and UTC are places or exact offsets, not abbreviations."""
    assert timeengine.is_valid_zone(name)


def test_the_picker_offers_current_names_and_never_a_renamed_one():
    """Browsers report Asia/Calcutta and Europe/Kiev; the picker offers the zones under their current names."""
    zones = set(timeengine.common_zones())
    assert {"Asia/Kolkata", "Europe/Kyiv", "UTC"} <= zones
    assert not {"Asia/Calcutta", "Europe/Kiev", "Asia/Istanbul", "Turkey", "EST"} & zones
