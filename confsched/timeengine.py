"""UTC instants, IANA zones and their date-dependent labels; no Flask here.

Every wall-clock time in confsched passes through this module. pytz is only
used through ``localize()`` and ``normalize()``: building a datetime with
``tzinfo=pytz.timezone(...)`` silently picks the zone's first historical
offset (Berlin +00:53 LMT), which is the classic way programmes go wrong.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import pytz
from babel.core import Locale, get_global
from babel.dates import get_timezone_location

UTC = pytz.utc
MAX_ZONE_NAME_LENGTH = 64
_ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}$")

class TimeEngineError(ValueError):
    """Base for refusals a caller must turn into a message for the user."""


class UnknownZoneError(TimeEngineError):
    """The zone name is not an IANA zone we know."""

    def __init__(self, zone_name: str):
        self.zone_name = zone_name
        super().__init__(f"unknown time zone {zone_name[:MAX_ZONE_NAME_LENGTH]!r}")


@dataclass(frozen=True)
class Reading:
    """One possible interpretation of a wall-clock time in a zone: its UTC instant and label."""

    utc: dt.datetime
    utc_offset_minutes: int
    abbreviation: str
    zone_name: str

    def in_words(self, language: str) -> str:
        """The reading as the zone's own clocks show it, labelled in the language: 02:30 read with standard time's
        offset, on the night the clocks skip it, is "03:30 MESZ"."""
        local = to_zone(self.utc, self.zone_name)
        return f"{local:%H:%M} {local_abbreviation(local, self.zone_name, language)}"

    def __str__(self) -> str:
        """In English, for the CLI and logs: describe_reading()."""
        return describe_reading(self)


class NonExistentLocalTimeError(TimeEngineError):
    """The wall-clock time falls into a spring-forward gap."""

    def __init__(self, local: dt.datetime, zone_name: str, readings: tuple[Reading, Reading]):
        self.local, self.zone_name, self.readings = local, zone_name, readings
        super().__init__(
            f"{local:%Y-%m-%d %H:%M} does not exist in {zone_name} (the clocks skip it); "
            f"it could mean {describe_reading(readings[0])} or {describe_reading(readings[1])}"
        )


class AmbiguousLocalTimeError(TimeEngineError):
    """The wall-clock time occurs twice when the clocks fall back."""

    def __init__(self, local: dt.datetime, zone_name: str, readings: tuple[Reading, Reading]):
        self.local, self.zone_name, self.readings = local, zone_name, readings
        super().__init__(
            f"{local:%Y-%m-%d %H:%M} is ambiguous in {zone_name} (it occurs twice); "
            f"it could mean {describe_reading(readings[0])} or {describe_reading(readings[1])}"
        )


def describe_reading(reading: Reading) -> str:
    """One reading of a doubtful wall-clock time as every refusal names it: "00:30 UTC (CEST, UTC+2)"."""
    return f"{reading.utc:%H:%M} UTC ({reading.abbreviation}, {format_offset(reading.utc_offset_minutes)})"


def is_valid_zone(zone_name: str) -> bool:
    """Tell whether a user-supplied zone name is a known IANA zone (or alias), cheaply and safely."""
    if not isinstance(zone_name, str) or len(zone_name) > MAX_ZONE_NAME_LENGTH:
        return False
    return bool(_ZONE_NAME.match(zone_name)) and zone_name in _known_zones() and not is_abbreviation_zone(zone_name)


def same_zone(zone_a: str, zone_b: str) -> bool:
    """True when two names are one zone (Turkey and Europe/Istanbul), following tzdata's links."""
    return canonical_zone(zone_a) == canonical_zone(zone_b)


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    """All zone names pytz can load, computed once."""
    return frozenset(pytz.all_timezones)


def canonical_zone_name(zone_name: str) -> str | None:
    """The IANA spelling of a zone name written in any case ('europe/istanbul' → 'Europe/Istanbul'), or None."""
    if not isinstance(zone_name, str) or len(zone_name) > MAX_ZONE_NAME_LENGTH:
        return None
    return _zones_by_folded_name().get(zone_name.casefold())


@lru_cache(maxsize=1)
def _zones_by_folded_name() -> dict[str, str]:
    """Every known zone name by its case-folded form, computed once."""
    return {zone_name.casefold(): zone_name for zone_name in _known_zones()}


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    """tzdata's links (the `backward` file among them), alias -> zone, read from the tzdata pytz ships."""
    links = {}
    with open(os.path.join(os.path.dirname(pytz.__file__), "zoneinfo", "tzdata.zi"), encoding="ascii") as data:
        for line in data:
            if line.startswith("L "):
                _, target, alias = line.split()
                links[alias] = target
    return links


def canonical_zone(zone_name: str) -> str:
    """The IANA zone an alias stands for (Asia/Calcutta -> Asia/Kolkata, Turkey -> Europe/Istanbul), else the name.

    Etc/UTC and its links (UCT, Zulu, Universal) become "UTC", the one name people use for it.
    """
    links = _links()
    seen = {zone_name}
    while zone_name in links and links[zone_name] not in seen:
        zone_name = links[zone_name]
        seen.add(zone_name)
    return "UTC" if zone_name == "Etc/UTC" else zone_name


@lru_cache(maxsize=1)
def zone_aliases() -> dict[str, str]:
    """Every alias people may still use (not the abbreviations), with the zone it stands for."""
    return {alias: canonical_zone(alias) for alias in _links() if alias in _known_zones() and is_valid_zone(alias)}


def accepted_zone(zone_name: str) -> str | None:
    """The canonical zone for a name a person or a document gave, or None when it is not one we accept."""
    return canonical_zone(zone_name) if is_valid_zone(zone_name) else None


@lru_cache(maxsize=1024)
def is_abbreviation_zone(zone_name: str) -> bool:
    """True for tzdata names that are a time's abbreviation or POSIX rule, not a place (EST, MST, HST, CET, EST5EDT).

    tzdata keeps them for old systems and links several to one city (EST is Panama's time), so nobody who
    types them means that city; UTC and GMT say exactly what they mean and stay.
    """
    if "/" in zone_name or zone_name not in _known_zones():
        return False
    if canonical_zone(zone_name) == "UTC" or canonical_zone(zone_name).startswith("Etc/"):
        return False
    if re.fullmatch(r"[A-Z]{3,}\d+[A-Z]{3,}", zone_name):
        return True
    zone = pytz.timezone(zone_name)
    return any(zone.localize(dt.datetime(year, month, 15, 12)).tzname() == zone_name
               for year in (1970, 2000, 2020) for month in (1, 7))


def common_zones() -> list[str]:
    """Zones worth offering in a picker: pytz's common names, which already leave out renamed ones (Asia/Calcutta)."""
    return list(pytz.common_timezones)


@lru_cache(maxsize=256)
def get_zone(zone_name: str) -> pytz.BaseTzInfo:
    """Load a zone by IANA name or refuse it."""
    if not is_valid_zone(zone_name):
        raise UnknownZoneError(str(zone_name))
    return pytz.timezone(zone_name)


# Programmes are planned within these years, which keeps every conversion between zones clear of the limits of
# Python's datetime (year 1 and 9999) and of pytz's transition tables.
SUPPORTED_YEARS = range(1900, 2201)


def is_supported_date(date: dt.date) -> bool:
    """True for dates a programme may use (1900 to 2200)."""
    return date.year in SUPPORTED_YEARS


def to_utc(local: dt.datetime, zone_name: str) -> dt.datetime:
    """Turn a naive wall-clock time in a zone into an aware UTC instant, refusing gaps and overlaps."""
    if local.tzinfo is not None:
        raise TypeError("to_utc() takes a naive wall-clock time")
    zone = get_zone(zone_name)
    try:
        aware = zone.localize(local, is_dst=None)
    except pytz.NonExistentTimeError:
        raise NonExistentLocalTimeError(local, zone_name, _both_readings(zone, local)) from None
    except pytz.AmbiguousTimeError:
        raise AmbiguousLocalTimeError(local, zone_name, _both_readings(zone, local)) from None
    return aware.astimezone(UTC)


def _both_readings(zone: pytz.BaseTzInfo, local: dt.datetime) -> tuple[Reading, Reading]:
    """The standard-time and daylight-time interpretations of a doubtful wall-clock time."""
    readings = []
    for is_dst in (False, True):
        aware = zone.localize(local, is_dst=is_dst)
        readings.append(
            Reading(
                utc=aware.astimezone(UTC),
                utc_offset_minutes=_offset_minutes(aware),
                abbreviation=_label(canonical_zone(zone.zone), aware.tzname(), _offset_minutes(aware),
                                    bool(aware.dst()), "en"),
                zone_name=zone.zone,
            )
        )
    return readings[0], readings[1]


def to_zone(instant: dt.datetime, zone_name: str) -> dt.datetime:
    """Express an aware instant as wall-clock time in a zone."""
    if instant.tzinfo is None:
        raise TypeError("to_zone() takes an aware instant")
    zone = get_zone(zone_name)
    return zone.normalize(instant.astimezone(zone))


def as_utc(instant: dt.datetime) -> dt.datetime:
    """Attach UTC to a naive instant read back from the database (which stores UTC)."""
    if instant.tzinfo is None:
        return UTC.localize(instant)
    return instant.astimezone(UTC)


def naive_utc(instant: dt.datetime) -> dt.datetime:
    """Strip an aware instant to naive UTC for storage."""
    return instant.astimezone(UTC).replace(tzinfo=None)


def shift(instant: dt.datetime, minutes: int) -> dt.datetime:
    """Move a UTC instant by elapsed minutes (not wall-clock minutes)."""
    return UTC.normalize(instant.astimezone(UTC) + dt.timedelta(minutes=minutes))


def _offset_minutes(aware: dt.datetime) -> int:
    """UTC offset of an aware datetime in whole minutes."""
    return int(aware.utcoffset().total_seconds() // 60)


def format_offset(minutes: int) -> str:
    """Format an offset as 'UTC+2', 'UTC+5:30' or 'UTC-4'."""
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def keeps_offset(zone_name: str, start: dt.datetime, end: dt.datetime) -> bool:
    """True when the zone's clocks and abbreviation do not change from start to end (one offset serves a day)."""
    changes = _transition_times(zone_name)
    return bisect_right(changes, naive_utc(start)) == bisect_right(changes, naive_utc(end))


@lru_cache(maxsize=256)
def _transition_times(zone_name: str) -> tuple[dt.datetime, ...]:
    """The naive UTC instants at which the zone's offset or abbreviation changes (none for fixed zones)."""
    return tuple(getattr(get_zone(zone_name), "_utc_transition_times", ()))


def utc_offset_minutes(instant: dt.datetime, zone_name: str) -> int:
    """The zone's offset from UTC at that instant, in minutes."""
    return _offset_minutes(to_zone(instant, zone_name))


def zone_gap_minutes(instant: dt.datetime, zone_a: str, zone_b: str) -> int:
    """How far zone_b's clocks are ahead of zone_a's at that instant (never a constant)."""
    return utc_offset_minutes(instant, zone_b) - utc_offset_minutes(instant, zone_a)


def abbreviation(instant: dt.datetime, zone_name: str, language: str) -> str:
    """The zone's abbreviation in force at that instant, as readers of the language write it.

    CLDR's short name of the metazone in force (German MEZ/OESZ, Turkish TSİ) where the language has
    one, else tzdata's own abbreviation (CET, EEST), else the offset ("UTC+3") where tzdata's is numeric.
    """
    return local_abbreviation(to_zone(instant, zone_name), zone_name, language)


def local_abbreviation(local: dt.datetime, zone_name: str, language: str) -> str:
    """abbreviation() for a wall-clock time that to_zone() already gave, without converting again."""
    return _label(canonical_zone(zone_name), local.tzname(), _offset_minutes(local), bool(local.dst()),
                  _babel_locale(language))


@dataclass(frozen=True)
class ZoneState:
    """How a zone's clocks stand at some instant: all its label depends on, so a note can keep it unworded and each
    reader's language write it (equal for every instant with the same state, so repeated notes group)."""

    zone_name: str
    tz_abbreviation: str
    offset_minutes: int
    daylight: bool

    def abbreviation(self, language: str) -> str:
        """The label in force, as readers of the language write it (see abbreviation())."""
        return _label(self.zone_name, self.tz_abbreviation, self.offset_minutes, self.daylight,
                      _babel_locale(language))

    def __str__(self) -> str:
        """In English, for the CLI, logs and any message nobody words for a language."""
        return self.abbreviation("en")


def zone_state(instant: dt.datetime, zone_name: str) -> ZoneState:
    """The zone's state at that instant, for a message that words its label later."""
    local = to_zone(instant, zone_name)
    return ZoneState(canonical_zone(zone_name), local.tzname(), _offset_minutes(local), bool(local.dst()))


@lru_cache(maxsize=4096)
def _label(zone_name: str, tz_abbreviation: str, offset_minutes: int, daylight: bool, locale: str) -> str:
    """The label for one state of a zone (abbreviation, offset, daylight) in a locale, computed once."""
    metazone = _metazone_in_force(zone_name, tz_abbreviation, offset_minutes)
    names = Locale.parse(locale).meta_zones.get(metazone, {}).get("short", {}) if metazone else {}
    name = names.get("daylight" if daylight else "standard")
    if name:
        return name
    if _is_numeric(tz_abbreviation):
        return format_offset(offset_minutes)
    return tz_abbreviation


def _is_numeric(tz_abbreviation: str) -> bool:
    """tzdata writes zones without an agreed abbreviation as their offset: '+03', '-0330'."""
    return tz_abbreviation[:1] in "+-"


def _metazone_in_force(zone_name: str, tz_abbreviation: str, offset_minutes: int) -> str | None:
    """CLDR's metazone for the zone in that state, or None.

    Babel only knows each zone's present metazone (Istanbul: Turkey), which is wrong for its past (EET until
    2016). So the present one counts only where tzdata shows the zone in the same state today; otherwise
    the metazone is the one whose zones use the same tzdata abbreviation at the same offset today.
    """
    present = _present_metazone(zone_name)
    if present and (tz_abbreviation, offset_minutes) in _present_states(zone_name):
        return present
    if _is_numeric(tz_abbreviation):
        return None
    candidates = _metazones_by_state().get((tz_abbreviation, offset_minutes), frozenset())
    return next(iter(candidates)) if len(candidates) == 1 else None


def _present_metazone(zone_name: str) -> str | None:
    """The metazone CLDR gives the zone today, looked up under CLDR's name for it (Asia/Calcutta)."""
    meta_zones = get_global("meta_zones")
    return meta_zones.get(zone_name) or meta_zones.get(get_global("zone_aliases").get(zone_name, ""))


@lru_cache(maxsize=1024)
def _present_states(zone_name: str) -> frozenset[tuple[str, int]]:
    """tzdata's (abbreviation, offset) pairs for the zone in this year's winter and summer."""
    zone = pytz.timezone(zone_name)
    year = dt.date.today().year
    states = set()
    for month in (1, 7):
        local = zone.localize(dt.datetime(year, month, 15, 12))
        states.add((local.tzname(), _offset_minutes(local)))
    return frozenset(states)


@lru_cache(maxsize=1)
def _metazones_by_state() -> dict[tuple[str, int], frozenset[str]]:
    """Which metazones' zones use each (tzdata abbreviation, offset) today: ('EET', 120) -> Europe_Eastern."""
    found: dict[tuple[str, int], set[str]] = {}
    for zone_name in pytz.all_timezones:
        metazone = _present_metazone(canonical_zone(zone_name)) or _present_metazone(zone_name)
        if metazone and not is_abbreviation_zone(zone_name):
            for state in _present_states(zone_name):
                found.setdefault(state, set()).add(metazone)
    return {state: frozenset(metazones) for state, metazones in found.items()}


def city_name(zone_name: str, language: str) -> str:
    """The zone's exemplar city in the language ('İstanbul' in Turkish, 'Istanbul' in German)."""
    zone = get_zone(zone_name)
    if canonical_zone(zone_name) == "UTC":
        return "UTC"
    return get_timezone_location(zone, locale=_babel_locale(language), return_city=True)


def zone_label(instant: dt.datetime, zone_name: str, language: str) -> str:
    """A column heading such as 'Berlin (MESZ)' or 'İstanbul (TSİ)' valid on that date."""
    return f"{city_name(zone_name, language)} ({abbreviation(instant, zone_name, language)})"


def _babel_locale(language: str) -> str:
    """Babel locale for a page language; English is the neutral fallback."""
    return language if language in ("de", "tr") else "en"


# Abbreviations printed programmes use, mapped to the zone family and offset they
# claim. A label is checked against the offset the zone really has on that date.
PRINTED_LABELS = {
    "CET": 60, "MEZ": 60, "CEST": 120, "MESZ": 120,
    "EET": 120, "OEZ": 120, "EEST": 180, "OESZ": 180,
    "TRT": 180, "TSİ": 180, "TSI": 180,
    "UTC": 0, "GMT": 0,
}


def claimed_offset(label: str) -> int | None:
    """The UTC offset in minutes a printed label claims, or None if unknown or free-form."""
    label = label.strip()
    if label in PRINTED_LABELS:
        return PRINTED_LABELS[label]
    match = re.fullmatch(r"(?:UTC|GMT)([+-])(\d{1,2})(?::?(\d{2}))?", label)
    if not match:
        return None
    minutes = int(match.group(2)) * 60 + int(match.group(3) or 0)
    return minutes if match.group(1) == "+" else -minutes
