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
    doors_open: tuple[str, ...] = ()
    informal_end: tuple[str, ...] = ()


def shown_zones(reader_zone: str | None, conference) -> list[str]:
    """The reader's zone first, then the conference's reference zones that are not that zone under another name."""
    zones = [reader_zone] if reader_zone else []
    return zones + [zone for zone in conference.reference_zones
                    if not any(timeengine.same_zone(zone, shown) for shown in zones)]


def day_times(workshop, zones: list[str], language: str, days=None) -> list[DayTime]:
    """Each day's (or each given day's) date and window in every zone, labelled as valid on that date ('İstanbul (TSİ)')."""
    shown = []
    for day in workshop.days if days is None else days:
        local_date = timeengine.to_zone(day.starts_at, zones[0]).date()
        windows = []
        for zone in zones:
            start = timeengine.to_zone(day.starts_at, zone)
            end = _clock(day.ends_at, zone, start.date())
            windows.append(f"{start:%H:%M}–{end} {timeengine.zone_label(day.starts_at, zone, language)}")
        shown.append(DayTime(day.position, format_date(local_date, "full", locale=language), tuple(windows),
                             _around(day, day.doors_open_at, zones, language),
                             _around(day, day.informal_end_at, zones, language)))
    return shown


def _clock(instant, zone: str, reference_date) -> str:
    """'01:00', marked '(+1)' or '(-1)' when it falls on another date than the day's start in that zone."""
    local = timeengine.to_zone(instant, zone)
    shift = (local.date() - reference_date).days
    return f"{local:%H:%M}" + (f" ({shift:+d})" if shift else "")


def _around(day, instant, zones: list[str], language: str) -> tuple[str, ...]:
    """Doors open or the informal end in every zone shown, or nothing when the day has none."""
    if instant is None:
        return ()
    return tuple(f"{_clock(instant, zone, timeengine.to_zone(day.starts_at, zone).date())} "
                 f"{timeengine.zone_label(instant, zone, language)}" for zone in zones)
