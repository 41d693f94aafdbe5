"""The reader's own time zone: from ?tz=, else from the cookie that remembers it; and the picker's choices.

No Flask here: the view hands in the query value and the cookie, and gets back a
choice or an ``UnknownReaderZone`` refusal it turns into a 400 page.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from confsched import collation, timeengine

ZONE_COOKIE = "confsched_tz"
ZONE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
# The IANA areas, in the order a picker lists them; everything else ("UTC") goes last.
ZONE_REGIONS = ("Europe", "Asia", "Africa", "America", "Atlantic", "Indian", "Pacific", "Australia",
                "Antarctica", "Arctic")


class UnknownReaderZone(ValueError):
    """The ?tz= value is not a zone we know, or an abbreviation such as EST; `shown_value` is safe to echo (shortened)."""

    def __init__(self, value: str):
        self.shown_value = value if len(value) <= timeengine.MAX_ZONE_NAME_LENGTH else (
            value[:timeengine.MAX_ZONE_NAME_LENGTH] + "…")
        self.is_abbreviation = timeengine.is_abbreviation_zone(value)
        super().__init__(f"unknown reader zone {self.shown_value!r}")


@dataclass(frozen=True)
class ZoneChoice:
    """The reader's zone for this request, and whether the query asked for it (then remember it)."""

    zone_name: str | None
    from_query: bool

    @property
    def cookie_value(self) -> str:
        """What to remember: the zone, or an empty value for "only the reference zones"."""
        return self.zone_name or ""


def choose_zone(query_value: str | None, cookie_value: str | None) -> ZoneChoice:
    """The query's zone (refusing unknown ones), else a valid remembered zone (the browser's, set by the page's
    script), else none; legacy names become the zone they stand for (Asia/Calcutta is Asia/Kolkata)."""
    if query_value is not None:
        value = query_value.strip()
        if not value:
            return ZoneChoice(None, from_query=True)
        if not timeengine.is_valid_zone(value):
            raise UnknownReaderZone(value)
        return ZoneChoice(timeengine.canonical_zone(value), from_query=True)
    if cookie_value and timeengine.is_valid_zone(cookie_value):
        return ZoneChoice(timeengine.canonical_zone(cookie_value), from_query=False)
    return ZoneChoice(None, from_query=False)


def embedded_zone(query_value: str | None) -> str | None:
    """The zone a snippet asks for, in its IANA spelling and under the name tzdata links it to; an unknown one (or an
    abbreviation such as EST) shows the reference zones only, since an error page inside a partner's site would help
    no one (and the embedded page remembers nothing)."""
    if not query_value:
        return None
    spelled = timeengine.canonical_zone_name(query_value.strip())
    return timeengine.accepted_zone(spelled) if spelled else None


@dataclass(frozen=True)
class ZoneOption:
    """One entry of the picker: the IANA name and the city in the page language."""

    zone_name: str
    city: str


@lru_cache(maxsize=4)
def picker_groups(language: str) -> tuple[tuple[str, tuple[ZoneOption, ...]], ...]:
    """Every offered zone, grouped by IANA area and sorted by its city name in the language's alphabetical order."""
    groups: dict[str, list[ZoneOption]] = {}
    for zone_name in offered_zones():
        area = zone_name.split("/", 1)[0] if "/" in zone_name else ""
        label = _option_city(zone_name, language) if area else zone_name
        groups.setdefault(area, []).append(ZoneOption(zone_name, label))
    ordered = [*ZONE_REGIONS, ""]
    return tuple(
        (area, tuple(sorted(groups[area],
                            key=lambda option: (collation.sort_key(option.city, language), option.zone_name))))
        for area in ordered if area in groups
    )


def offered_zones() -> list[str]:
    """The common zones a picker offers: every city of an IANA area, and UTC. Legacy names (US/Eastern,
    Canada/Pacific) are left out: their city is already there under its own name, and browsers never report them."""
    return [zone_name for zone_name in timeengine.common_zones()
            if zone_name == "UTC" or zone_name.split("/", 1)[0] in ZONE_REGIONS]


def _option_city(zone_name: str, language: str) -> str:
    """The city Babel names for the zone, else the last part of its IANA name."""
    return timeengine.city_name(zone_name, language) or zone_name.rsplit("/", 1)[-1].replace("_", " ")
