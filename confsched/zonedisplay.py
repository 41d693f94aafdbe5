"""What a reader sees of an instant in one zone and language: the time, the date when it differs, the label.

Every surface (pages, the printed programme, feeds, emails, the editor and its API) shows times through this
module, so a time on another date is marked the same way everywhere. No Flask here.

- The time is the wall-clock time in the zone, 24-hour ``HH:MM`` (both page languages write it so).
- The date is shown only when the wall-clock date in that zone is not the date the surface shows for the day
  (the reference date): "01:00 (Sa., 7. Nov.)". That date in parentheses is the one next-day (and previous-day)
  marker; in HTML it is shown as such and read to screen readers as the full date in words.
- The label is the zone's abbreviation in force at that instant (``timeengine.abbreviation``: CLDR through
  Babel, tzdata's abbreviation as the fallback). A time repeats it only when it differs from the label of the
  heading above it (the column "Berlin (MEZ)", stated as in force at the day's start).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import format_date, format_skeleton
from markupsafe import Markup

from confsched import timeengine


@dataclass(frozen=True)
class ShownTime:
    """An instant as a reader sees it in one zone and language, on a day shown under a reference date.

    `day_offset` counts the dates its wall-clock date lies after (negative: before) that reference date;
    `heading_label` is the label the heading above it states (None where the heading states none).
    """

    zone: str
    local: dt.datetime
    label: str
    day_offset: int
    language: str
    heading_label: str | None = None

    @property
    def text(self) -> str:
        """The wall-clock time, '01:00'."""
        return "%02d:%02d" % (self.local.hour, self.local.minute)

    @property
    def iso(self) -> str:
        """The local time with its offset, for HTML's datetime attribute: '2020-11-07T01:00+01:00'."""
        return self.local.isoformat(timespec="minutes")

    @property
    def other_date(self) -> str | None:
        """The wall-clock date when it is not the reference date ('Sa., 7. Nov.', '7 Kas Cmt'), else None."""
        return short_date(self.local.date(), self.language) if self.day_offset else None

    @property
    def other_date_in_words(self) -> str | None:
        """That date in words for screen readers ('Samstag, 7. November 2020'), else None."""
        return full_date(self.local.date(), self.language) if self.day_offset else None

    @property
    def shows_label(self) -> bool:
        """Whether the time repeats its label: when no heading states one, or the heading's differs."""
        return self.label != self.heading_label

    @property
    def plain(self) -> str:
        """For feeds and emails: '01:00', '02:00 MESZ' after a clock change, '01:00 (Sa., 7. Nov.)' on another date."""
        text = self.text
        if self.shows_label:
            text += f" {self.label}"
        if self.day_offset:
            text += f" ({self.other_date})"
        return text

    def draft_values(self) -> dict:
        """What email templates read, as JSON types: a stored email draft keeps the texts, not the instant."""
        return {"text": self.text, "plain": self.plain, "label": self.label, "day_offset": self.day_offset,
                "other_date": self.other_date}

    @property
    def html(self) -> Markup:
        """For pages and the editor: the plain form, with the time machine-readable and the date spoken in words."""
        shown = Markup('<time datetime="{}">{}</time>').format(self.iso, self.text)
        if self.shows_label:
            shown += Markup(' <abbr class="zone-abbreviation">{}</abbr>').format(self.label)
        if self.day_offset:
            shown += Markup(' <span class="other-date"><span aria-hidden="true">({})</span>'
                            '<span class="visually-hidden">{}</span></span>').format(self.other_date,
                                                                                    self.other_date_in_words)
        return shown


class ZoneDay:
    """A workshop day's instants as readers of one zone and language see them, under the date shown for the day.

    Built for the day's span (`start` to `end`): when the zone's clocks do not change within it, one offset and one
    label serve every instant inside, so a feed of thousands of lines looks no zone up per line.
    """

    def __init__(self, zone: str, reference_date: dt.date, language: str, start: dt.datetime,
                 end: dt.datetime | None = None):
        """The heading above these times states the label in force at `start`."""
        self.zone, self.reference_date, self.language = zone, reference_date, language
        self.start, self.end = start, end or start
        first = timeengine.to_zone(start, zone)
        self.heading_label = timeengine.local_abbreviation(first, zone, language)
        steady = self.end == self.start or timeengine.keeps_offset(zone, self.start, self.end)
        self._steady = dt.timezone(first.utcoffset()) if steady else None

    @property
    def steady(self) -> bool:
        """Whether the zone keeps one offset and label from start to end."""
        return self._steady is not None

    def __call__(self, instant: dt.datetime, *, with_label: bool = False) -> ShownTime:
        """The instant in this zone and language; `with_label` where the heading states no label (the time says it
        even when it is the heading's)."""
        if self._steady is not None and self.start <= instant <= self.end:
            local, label = instant.astimezone(self._steady), self.heading_label
        else:
            local = timeengine.to_zone(instant, self.zone)
            label = timeengine.local_abbreviation(local, self.zone, self.language)
        return ShownTime(self.zone, local, label, (local.date() - self.reference_date).days, self.language,
                         None if with_label else self.heading_label)


def shown_time(instant: dt.datetime, zone: str, reference_date: dt.date, language: str) -> ShownTime:
    """One instant on its own, under a heading that states the label in force at that instant."""
    return ZoneDay(zone, reference_date, language, instant)(instant)


def window(start: dt.datetime, end: dt.datetime, zone: str, reference_date: dt.date,
           language: str) -> tuple[ShownTime, ShownTime]:
    """A day's start and end in a zone, under a heading that states the label in force at the start."""
    day = ZoneDay(zone, reference_date, language, start, end)
    return day(start), day(end)


def clock_text(instant: dt.datetime, zone: str) -> str:
    """Only the wall-clock time, '09:30', where a surface shows no date (axis ticks, the API, printed-time checks)."""
    return f"{timeengine.to_zone(instant, zone):%H:%M}"


@lru_cache(maxsize=512)
def short_date(date: dt.date, language: str) -> str:
    """'Di., 16. Juni' or '16 Haz Sal': the date marking a time that lands on another date."""
    return format_skeleton("MMMEd", date, locale=language)


@lru_cache(maxsize=512)
def full_date(date: dt.date, language: str) -> str:
    """'Montag, 15. Juni 2020' or '15 Haziran 2020 Pazartesi'."""
    return format_date(date, "full", locale=language)
