"""Where a workshop takes place: the rules of the three kinds of place, and how a venue's address reads.

Pure functions over plain values (a platform row, a document entry or editor values alike); no Flask, no database.
"""
from __future__ import annotations

from urllib.parse import quote

from babel import Locale

# What a venue must say so that people find it, and what only a venue can say.
VENUE_REQUIRED = ("street_address", "postcode", "city", "country")
VENUE_ONLY = (*VENUE_REQUIRED, "room", "accessibility")
MAP_SEARCH = "https://www.openstreetmap.org/search?query="


def has_venue(kind: str) -> bool:
    """Whether people come to an address: a venue, or the venue of a hybrid event."""
    return kind in ("venue", "hybrid")


def place_problems(kind: str, values: dict) -> list[tuple[str, str, dict]]:
    """(code, field, parameters) for each rule of the kind the values break: a venue needs its address, an online
    platform has none, and only a hybrid event names an online platform besides its venue."""
    problems = []
    if has_venue(kind):
        problems += [("venue_field_required", name, {}) for name in VENUE_REQUIRED if not values.get(name)]
        if values.get("country") and not is_country(values["country"]):
            problems.append(("unknown_country", "country", {"country": values["country"]}))
    else:
        problems += [("venue_field_online", name, {}) for name in VENUE_ONLY if values.get(name)]
    if kind == "hybrid" and not values.get("online_name"):
        problems.append(("hybrid_online_name", "online_name", {}))
    if kind != "hybrid" and values.get("online_name"):
        problems.append(("online_name_hybrid_only", "online_name", {}))
    return problems


def is_country(code: str) -> bool:
    """Whether a code is an ISO 3166 country CLDR names (DE, TR, ...)."""
    return code in Locale("en").territories and code.isalpha() and len(code) == 2


def country_name(code: str | None, language: str) -> str | None:
    """The country's name in the language ('Türkei', 'Almanya'), never the bare code where CLDR has a name."""
    if not code:
        return None
    return Locale.parse(language).territories.get(code, code)


def town(platform) -> str:
    """Postcode and city, '50667 Köln' (empty when the place has neither)."""
    return " ".join(part for part in (platform.postcode, platform.city) if part)


def address_lines(platform, language: str) -> tuple[str, ...]:
    """A venue's address as it is written on an envelope: room, street, postcode and city, country."""
    if not has_venue(platform.kind):
        return ()
    lines = (platform.room, platform.street_address, town(platform), country_name(platform.country, language))
    return tuple(line for line in lines if line)


def location_text(platform, language: str) -> str:
    """The place in one line, as calendars' LOCATION carries it: a venue's name and address, else the platform's name.

    A hybrid event's online platform is left out: its link reaches registrants only, with their access data.
    """
    return ", ".join((platform.name, *address_lines(platform, language)))


def map_url(platform, language: str) -> str | None:
    """A plain OpenStreetMap search for the venue's address (a link only: nothing is loaded from the map)."""
    if not has_venue(platform.kind) or not (platform.street_address or platform.city):
        return None
    parts = (platform.street_address, town(platform), country_name(platform.country, language))
    query = ", ".join(part for part in parts if part)
    return MAP_SEARCH + quote(query, safe="")
