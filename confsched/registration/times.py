"""Workshop days as registrants read them: the date and the window in their zone and both reference zones."""
from __future__ import annotations

from dataclasses import dataclass

from confsched import timeengine, zonedisplay


@dataclass(frozen=True)
class DayTime:
    """One workshop day: its position, its date in the reader's zone and its window in each zone shown."""

    position: int
    date: str
    windows: tuple[str, ...]
    doors_open: tuple[str, ...] = ()
    informal_end: tuple[str, ...] = ()


def shown_zones(reader_zone: str | None, conference) -> list[str]:
    """The reader's zone first, then the conference's reference zones that are not that zone under another name."""
    zones = [reader_zone] if reader_zone else []
    return zones + [zone for zone in conference.reference_zones
                    if not any(timeengine.same_zone(zone, shown) for shown in zones)]


def day_times(workshop, zones: list[str], language: str, days=None) -> list[DayTime]:
    """Each day's (or each given day's) date in the first zone and its window in every zone, labelled as valid on
    that date ('İstanbul (TSİ)'); a time on another date than that one is marked with its date."""
    shown = []
    for day in workshop.days if days is None else days:
        local_date = timeengine.to_zone(day.starts_at, zones[0]).date()
        windows = []
        for zone in zones:
            start, end = zonedisplay.window(day.starts_at, day.ends_at, zone, local_date, language)
            windows.append(f"{start.plain}–{end.plain} {timeengine.zone_label(day.starts_at, zone, language)}")
        shown.append(DayTime(day.position, zonedisplay.full_date(local_date, language), tuple(windows),
                             _around(day.doors_open_at, local_date, zones, language),
                             _around(day.informal_end_at, local_date, zones, language)))
    return shown


def _around(instant, local_date, zones: list[str], language: str) -> tuple[str, ...]:
    """Doors open or the informal end in every zone shown, or nothing when the day has none."""
    if instant is None:
        return ()
    return tuple(f"{zonedisplay.shown_time(instant, zone, local_date, language).plain} "
                 f"{timeengine.zone_label(instant, zone, language)}" for zone in zones)
