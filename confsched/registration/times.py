"""Workshop days as registrants read them: the date and the window in their zone and both reference zones."""
from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_date

from confsched import timeengine


@dataclass(frozen=True)
class DayTime:
    """One workshop day: its position, its date in the reader's zone and its window in each zone shown."""

    position: int
    date: str
    windows: tuple[str, ...]


def shown_zones(reader_zone: str | None, conference) -> list[str]:
    """The reader's zone first, then the conference's reference zones not already shown."""
    zones = [reader_zone] if reader_zone else []
    return zones + [zone for zone in conference.reference_zones if zone not in zones]


def day_times(workshop, zones: list[str], language: str, days=None) -> list[DayTime]:
    """Each day's (or each given day's) date and window in every zone, labelled as valid on that date ('İstanbul (TSİ)')."""
    shown = []
    for day in workshop.days if days is None else days:
        windows = []
        for zone in zones:
            start, end = timeengine.to_zone(day.starts_at, zone), timeengine.to_zone(day.ends_at, zone)
            windows.append(f"{start:%H:%M}–{end:%H:%M} {timeengine.zone_label(day.starts_at, zone, language)}")
        local_date = timeengine.to_zone(day.starts_at, zones[0]).date()
        shown.append(DayTime(day.position, format_date(local_date, "full", locale=language), tuple(windows)))
    return shown
