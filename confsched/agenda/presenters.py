"""Turn a loaded programme, a page language and the reader's zone into what the agenda pages show.

No Flask here: every function takes plain values, formats dates with Babel for the
page language and shows every time in a zone through ``confsched.zonedisplay``.
UI words ("N.N.", "tbc", headings) stay in the templates, so they go through gettext.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from babel.dates import format_interval
from babel.units import format_unit

from confsched import timeengine
from confsched.localized import LocalizedValue, pick
from confsched.programme import interpretation, places
from confsched.programme.interpretation import LanguageStatement
from confsched.programme.models import AgendaItemKind, AssignmentRole
from confsched.programme.schedule import lay_out_day
from confsched.zonedisplay import ShownTime, ZoneDay, clock_text, full_date

# Roles shown in the speaker column without a label; moderators and rapporteurs get one.
SPEAKING_ROLES = (AssignmentRole.speaker, AssignmentRole.welcome)


@dataclass(frozen=True)
class ZoneColumn:
    """One time column: a reference zone or the reader's own, labelled for one date."""

    zone_name: str
    city: str
    label: str
    abbreviation: str
    is_reader: bool


@dataclass(frozen=True)
class Window:
    """Start and end of a workshop day in one zone."""

    column: ZoneColumn
    start: ShownTime
    end: ShownTime
    doors_open: ShownTime | None = None
    informal_end: ShownTime | None = None


@dataclass(frozen=True)
class TextBlock:
    """A paragraph (one or more lines) or a bullet list of a content text."""

    kind: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class RichText:
    """A content text in the best available language, split into blocks."""

    value: LocalizedValue
    blocks: tuple[TextBlock, ...]

    def __bool__(self) -> bool:
        """Empty when no language has the text."""
        return bool(self.value)


@dataclass(frozen=True)
class OrganisationName:
    """An organisation as programmes print it: 'Deutscher Städtetag (DST)'."""

    name: LocalizedValue
    short_name: str | None


@dataclass(frozen=True)
class Participant:
    """A speaker, moderator or rapporteur; without a name, either "N.N." (`placeholder`) or the organisation itself."""

    role: str
    name: str | None
    placeholder: bool
    function: LocalizedValue | None
    organisation: OrganisationName | None
    city: str | None
    note: LocalizedValue | None
    tbc: bool


@dataclass(frozen=True)
class AgendaRow:
    """One line of the agenda table."""

    number: str
    depth: int
    kind: str
    is_section: bool
    title: LocalizedValue
    description: RichText
    times: tuple[ShownTime | None, ...]
    speakers: tuple[Participant, ...]
    moderators: tuple[Participant, ...]
    duration: str | None
    # Only when the item is spoken or interpreted otherwise than its section or day.
    languages: LanguageStatement = LanguageStatement()


@dataclass(frozen=True)
class AgendaDay:
    """A workshop day: its date, window, columns and agenda."""

    position: int
    iso_date: str
    date_text: str
    label: LocalizedValue
    columns: tuple[ZoneColumn, ...]
    windows: tuple[Window, ...]
    rows: tuple[AgendaRow, ...]
    outcomes: RichText
    has_times: bool
    has_durations: bool
    is_numbered: bool
    languages: LanguageStatement = LanguageStatement()


@dataclass(frozen=True)
class Place:
    """Where a workshop takes place, as pages show it: a platform's name, or a venue with its public address."""

    kind: str
    name: str
    city: str | None
    address_lines: tuple[str, ...]
    map_url: str | None
    accessibility: RichText | None
    online_name: str | None
    # (language name, channel name as the platform names it); not secret, so pages may show them.
    channels: tuple[tuple[str, str], ...] = ()

    @property
    def is_venue(self) -> bool:
        """People come to an address (a venue, or a hybrid event's venue)."""
        return places.has_venue(self.kind)


@dataclass(frozen=True)
class WorkshopSummary:
    """What the overview shows of a workshop: title, bodies, platform and windows per day."""

    number: int
    status: str
    title: LocalizedValue
    subtitle: LocalizedValue
    organisations: tuple[OrganisationName, ...]
    platform_name: str | None
    place: Place | None
    days: tuple[AgendaDay, ...]
    # What every day states about its languages, when they all state the same; else each day says its own.
    languages: LanguageStatement


@dataclass(frozen=True)
class WorkshopPage(WorkshopSummary):
    """Everything the workshop page shows."""

    background: RichText
    goals: RichText
    format_notes: RichText
    moderators: tuple[Participant, ...]
    rapporteurs: tuple[Participant, ...]
    capacity: int | None
    listeners_admitted: bool | None
    listener_limit: int | None


@dataclass(frozen=True)
class TimelineTick:
    """An hour mark on a day's axis, labelled in every column's zone."""

    position: float
    labels: tuple[str, ...]


@dataclass(frozen=True)
class TimelineBlock:
    """A workshop day drawn on the axis: where it starts, how long it is and in which lane."""

    workshop: WorkshopSummary
    day: AgendaDay
    offset: float
    length: float
    lane: int


@dataclass(frozen=True)
class TimelineDay:
    """One calendar day of the conference as an hour axis with workshops on it."""

    iso_date: str
    date_text: str
    columns: tuple[ZoneColumn, ...]
    ticks: tuple[TimelineTick, ...]
    blocks: tuple[TimelineBlock, ...]
    lanes: int


@dataclass(frozen=True)
class ConferenceHeader:
    """The conference as every page names it."""

    slug: str
    title: LocalizedValue
    subtitle: LocalizedValue
    dates_text: str | None
    session_label: LocalizedValue
    reference_zones: tuple[str, ...]
    languages: tuple[str, ...]
    interpretation: str | None


@dataclass(frozen=True)
class OverviewPage:
    """The programme overview: introduction, workshop list and timeline."""

    description: RichText
    goals: RichText
    format_notes: RichText
    organisers: tuple[tuple[str, OrganisationName], ...]
    workshops: tuple[WorkshopSummary, ...]
    timeline: tuple[TimelineDay, ...]
    # Said once above the list when every day of every workshop states the same, as the printed programme does.
    languages: LanguageStatement = LanguageStatement()


@dataclass(frozen=True)
class PageZones:
    """The zones a page shows: the one or two reference zones, then the reader's when it differs."""

    reference: tuple[str, ...]
    reader: str | None = None

    @property
    def shown(self) -> tuple[str, ...]:
        """Zone names in column order; the reader's only when it is another zone, not another name of one of them."""
        reference = {timeengine.canonical_zone(zone) for zone in self.reference}
        extra = (self.reader,) if self.reader and timeengine.canonical_zone(self.reader) not in reference else ()
        return (*self.reference, *extra)


@dataclass
class _Lanes:
    """Greedy interval partitioning, so overlapping workshops sit in separate lanes."""

    ends: list[dt.datetime] = field(default_factory=list)

    def place(self, start: dt.datetime, end: dt.datetime) -> int:
        """The first lane free at `start`; opens a new lane when none is."""
        for lane, lane_end in enumerate(self.ends):
            if lane_end <= start:
                self.ends[lane] = end
                return lane
        self.ends.append(end)
        return len(self.ends) - 1


def date_range(start: dt.date | None, end: dt.date | None, language: str) -> str | None:
    """'3.–18. Juni 2020', or one full date when the conference has a single day."""
    if start is None:
        return None
    if end is None or end == start:
        return full_date(start, language)
    return format_interval(start, end, "yMMMMd", locale=language)


def programme_span(conference) -> tuple[dt.datetime, dt.datetime] | None:
    """The first and the last start of the loaded workshops' days, or None without days."""
    starts = [day.starts_at for workshop in conference.workshops for day in workshop.days]
    return (min(starts), max(starts)) if starts else None


def conference_dates(conference, span: tuple[dt.datetime, dt.datetime] | None) -> tuple[dt.date | None, dt.date | None]:
    """From the earliest to the latest of the conference's own dates and its workshop days (`span`, dated in the first
    reference zone): a workshop before the main days moves the start, so the header never hides it."""
    dates = [date for date in (conference.start_date, conference.end_date) if date is not None]
    if span is not None:
        dates += [timeengine.to_zone(instant, conference.primary_zone).date() for instant in span]
    return (min(dates), max(dates)) if dates else (None, None)


def minutes_text(minutes: int | None, language: str) -> str | None:
    """'15 Min.' or '15 dk.' as the locale abbreviates minutes."""
    if minutes is None:
        return None
    return format_unit(minutes, "duration-minute", length="short", locale=language)


def zone_column(instant: dt.datetime, zone_name: str, language: str, is_reader: bool = False) -> ZoneColumn:
    """A column heading valid at that instant: 'Berlin (MESZ)', 'İstanbul (TSİ)'."""
    city = timeengine.city_name(zone_name, language)
    abbreviation = timeengine.abbreviation(instant, zone_name, language)
    label = city if city == abbreviation else timeengine.zone_label(instant, zone_name, language)
    return ZoneColumn(zone_name, city, label, abbreviation, is_reader)


def rich_text(texts: dict | None, language: str) -> RichText:
    """Split a content text into paragraphs (blank lines) and bullet lists (lines starting '- ')."""
    value = pick(texts, language)
    blocks: list[TextBlock] = []
    for chunk in value.text.replace("\r\n", "\n").split("\n\n"):
        blocks.extend(_chunk_blocks([line.strip() for line in chunk.split("\n") if line.strip()]))
    return RichText(value, tuple(blocks))


def _chunk_blocks(lines: list[str]) -> list[TextBlock]:
    """Group a paragraph's lines into runs of plain lines and runs of bullets."""
    blocks: list[TextBlock] = []
    for line in lines:
        is_bullet = line.startswith("- ")
        kind = "list" if is_bullet else "paragraph"
        text = line[2:].strip() if is_bullet else line
        if blocks and blocks[-1].kind == kind:
            blocks[-1] = TextBlock(kind, blocks[-1].lines + (text,))
        else:
            blocks.append(TextBlock(kind, (text,)))
    return blocks


def organisation_name(organisation, language: str) -> OrganisationName | None:
    """The organisation's name in the language, with its short name when that adds something."""
    if organisation is None:
        return None
    name = pick(organisation.name, language)
    short = pick(organisation.short_name, language).text
    if not name:
        return OrganisationName(LocalizedValue(short or organisation.key, language, False), None)
    return OrganisationName(name, short if short and short not in name.text else None)


def participant(assignment, language: str) -> Participant:
    """A person, "N.N." of an organisation, or an organisation itself, with function, city, note and tbc."""
    person = assignment.person
    function = pick(person.function, language) if person is not None else None
    note = pick(assignment.note, language)
    organisation = assignment.shown_organisation
    return Participant(
        role=str(assignment.role),
        name=person.display_name if person is not None else None,
        placeholder=assignment.is_placeholder,
        function=function or None,
        organisation=organisation_name(organisation, language),
        city=_city_beside(person.city if person is not None else None, organisation),
        note=note or None,
        tbc=bool(assignment.tbc),
    )


def _city_beside(city: str | None, organisation) -> str | None:
    """A person's city, unless the organisation's name says it in some language ('Stadt Essen', 'Şanlıurfa
    Büyükşehir Belediyesi'); 'Migration Policy Center, Ankara' needs it."""
    if not city or organisation is None:
        return city or None
    names = [*(organisation.name or {}).values(), organisation.short_name or ""]
    return None if any(city in name for name in names) else city


def conference_header(conference, language: str,
                      span: tuple[dt.datetime, dt.datetime] | None = None) -> ConferenceHeader:
    """The conference's names, and its dates as its workshop days give them (`span`), in the page language."""
    return ConferenceHeader(
        slug=conference.slug,
        title=pick(conference.title, language),
        subtitle=pick(conference.subtitle, language),
        dates_text=date_range(*conference_dates(conference, span), language),
        session_label=pick(conference.session_label, language),
        reference_zones=conference.reference_zones,
        languages=tuple(conference.languages or ()),
        interpretation=conference.interpretation,
    )


def agenda_day(day, zones: PageZones, language: str, with_rows: bool = True) -> AgendaDay:
    """A workshop day with its columns labelled for its date and every item placed in time."""
    reference_date = day.local_date
    columns = tuple(
        zone_column(day.starts_at, zone_name, language, is_reader=index >= len(zones.reference))
        for index, zone_name in enumerate(zones.shown)
    )
    entries = lay_out_day(day) if with_rows else ()
    last = max([day.ends_at, *(entry.end for entry in entries if entry.end is not None)])
    # One per column; its heading states the label in force at the start, as the column's does.
    shown = tuple(ZoneDay(column.zone_name, reference_date, language, day.starts_at, last) for column in columns)
    windows = tuple(_window(day, column, in_zone) for column, in_zone in zip(columns, shown))
    rows = tuple(_agenda_row(entry, shown, language) for entry in entries)
    return AgendaDay(
        position=day.position,
        iso_date=reference_date.isoformat(),
        date_text=full_date(reference_date, language),
        label=pick(day.label, language),
        columns=columns,
        windows=windows,
        rows=rows,
        outcomes=rich_text(day.outcomes, language),
        has_times=any(row.times[0] is not None for row in rows),
        has_durations=any(row.duration for row in rows),
        is_numbered=any(row.depth for row in rows),
        languages=interpretation.statement(day),
    )


def _window(day, column: ZoneColumn, in_zone: ZoneDay) -> Window:
    """The official window in one zone, with the doors-open time and the informal end when the day has them."""
    def at(instant):
        return in_zone(instant) if instant is not None else None

    return Window(column, at(day.starts_at), at(day.ends_at), at(day.doors_open_at), at(day.informal_end_at))


def _agenda_row(entry, shown: tuple[ZoneDay, ...], language: str) -> AgendaRow:
    """One placed item as a table row."""
    item = entry.item
    people = [participant(assignment, language) for assignment in item.assignments]
    return AgendaRow(
        number=entry.number,
        depth=entry.depth,
        kind=str(item.kind),
        is_section=entry.has_children or item.kind == AgendaItemKind.section,
        title=pick(item.title, language),
        description=rich_text(item.description, language),
        times=tuple(in_zone(entry.start) if entry.is_timed else None for in_zone in shown),
        speakers=tuple(person for person in people if person.role in SPEAKING_ROLES),
        moderators=tuple(person for person in people if person.role not in SPEAKING_ROLES),
        duration=minutes_text(entry.duration_minutes, language),
        languages=_row_languages(item),
    )


def _row_languages(item) -> LanguageStatement:
    """The item's languages when they differ from what its section or day states; nothing to repeat otherwise."""
    own = interpretation.effective(item.workshop_day, item)
    return own if own != interpretation.effective(item.workshop_day, item.parent) else LanguageStatement()


def place(platform, language: str) -> Place | None:
    """A workshop's place in the page language; only public fields (access data is never loaded here)."""
    if platform is None:
        return None
    accessibility = rich_text(platform.accessibility, language) if places.has_venue(platform.kind) else None
    return Place(
        kind=str(platform.kind),
        name=platform.name,
        city=platform.city if places.has_venue(platform.kind) else None,
        address_lines=places.address_lines(platform, language),
        map_url=places.map_url(platform, language),
        accessibility=accessibility or None,
        online_name=platform.online_name,
        channels=interpretation.channel_list(platform, language),
    )


def workshop_summary(workshop, zones: PageZones, language: str) -> WorkshopSummary:
    """A workshop as the overview lists it, with its day windows but no agenda rows."""
    return WorkshopSummary(**_summary_fields(workshop, zones, language, with_rows=False))


def _summary_fields(workshop, zones: PageZones, language: str, with_rows: bool) -> dict:
    """Fields shared by the overview entry and the workshop page; when one day numbers its items, every day does."""
    days = tuple(agenda_day(day, zones, language, with_rows) for day in workshop.days)
    if any(day.is_numbered for day in days):
        days = tuple(replace(day, is_numbered=True) for day in days)
    return dict(
        number=workshop.number,
        status=str(workshop.status),
        title=pick(workshop.title, language),
        subtitle=pick(workshop.subtitle, language),
        organisations=tuple(organisation_name(body, language) for body in workshop.organisations),
        platform_name=workshop.platform.name if workshop.platform is not None else None,
        place=place(workshop.platform, language),
        days=days,
        languages=_shared_languages(workshop.days),
    )


def _shared_languages(days) -> LanguageStatement:
    """The statement all these days make, or nothing when they differ."""
    statements = {interpretation.statement(day) for day in days}
    return statements.pop() if len(statements) == 1 else LanguageStatement()


def workshop_page(workshop, zones: PageZones, language: str) -> WorkshopPage:
    """Everything a registrant needs to know about one workshop, in the page language."""
    people = [participant(assignment, language) for assignment in workshop.assignments]
    platform = workshop.platform
    return WorkshopPage(
        **_summary_fields(workshop, zones, language, with_rows=True),
        background=rich_text(workshop.background, language),
        goals=rich_text(workshop.goals, language),
        format_notes=rich_text(workshop.format_notes, language),
        moderators=tuple(person for person in people if person.role == AssignmentRole.moderator),
        rapporteurs=tuple(person for person in people if person.role == AssignmentRole.rapporteur),
        capacity=workshop.capacity,
        listeners_admitted=workshop.listeners_admitted,
        listener_limit=platform.listener_limit if platform is not None else None,
    )


def overview_page(conference, zones: PageZones, language: str) -> OverviewPage:
    """The programme overview of a conference."""
    workshops = tuple(workshop_summary(workshop, zones, language) for workshop in conference.workshops)
    days_by_workshop = {summary.number: workshop.days for summary, workshop in zip(workshops, conference.workshops)}
    return OverviewPage(
        description=rich_text(conference.description, language),
        goals=rich_text(conference.goals, language),
        format_notes=rich_text(conference.format_notes, language),
        organisers=tuple(
            (str(link.role), organisation_name(link.organisation, language)) for link in conference.organisers
        ),
        workshops=workshops,
        timeline=timeline(workshops, days_by_workshop, zones, language),
        languages=_shared_languages([day for workshop in conference.workshops for day in workshop.days]),
    )


def timeline(workshops, days_by_workshop: dict, zones: PageZones, language: str) -> tuple[TimelineDay, ...]:
    """Group workshop days by their date in the first reference zone; every date shares one hour axis."""
    by_date: dict[dt.date, list[tuple[WorkshopSummary, AgendaDay, object]]] = {}
    for summary in workshops:
        for shown, stored in zip(summary.days, days_by_workshop[summary.number]):
            date = timeengine.to_zone(stored.starts_at, zones.reference[0]).date()
            by_date.setdefault(date, []).append((summary, shown, stored))
    if not by_date:
        return ()
    spans = [_local_span(entries, zones.reference[0]) for entries in by_date.values()]
    first_hour = min(start for start, _ in spans) // 60
    last_hour = max(1 + first_hour, -(-max(end for _, end in spans) // 60))
    return tuple(
        _timeline_day(date, by_date[date], first_hour, last_hour, zones, language) for date in sorted(by_date)
    )


def _local_span(entries: list, zone_name: str) -> tuple[int, int]:
    """Minutes after local midnight (first reference zone) of a date's first start and last end."""
    first_start = min(stored.starts_at for _, _, stored in entries)
    last_end = max(stored.ends_at for _, _, stored in entries)
    local_start = timeengine.to_zone(first_start, zone_name)
    start_minutes = local_start.hour * 60 + local_start.minute
    return start_minutes, start_minutes + int((last_end - first_start).total_seconds() // 60)


def _timeline_day(date: dt.date, entries: list, first_hour: int, last_hour: int, zones: PageZones,
                  language: str) -> TimelineDay:
    """One date on the shared axis; positions are elapsed minutes, so DST days stay truthful."""
    first_start = min(stored.starts_at for _, _, stored in entries)
    local_start = timeengine.to_zone(first_start, zones.reference[0])
    axis_start = timeengine.shift(first_start, first_hour * 60 - (local_start.hour * 60 + local_start.minute))
    hours = last_hour - first_hour
    span = hours * 60
    columns = tuple(
        zone_column(first_start, zone_name, language, is_reader=index >= len(zones.reference))
        for index, zone_name in enumerate(zones.shown)
    )
    ticks = tuple(
        TimelineTick(
            position=100 * hour / hours,
            labels=tuple(
                clock_text(timeengine.shift(axis_start, hour * 60), zone_name)
                for zone_name in zones.shown
            ),
        )
        for hour in range(hours + 1)
    )
    lanes = _Lanes()
    blocks = []
    for summary, shown, stored in sorted(entries, key=lambda entry: (entry[2].starts_at, entry[0].number)):
        offset = (stored.starts_at - axis_start).total_seconds() / 60
        length = (stored.ends_at - stored.starts_at).total_seconds() / 60
        blocks.append(
            TimelineBlock(summary, shown, 100 * offset / span, 100 * length / span,
                          lanes.place(stored.starts_at, stored.ends_at))
        )
    return TimelineDay(
        iso_date=date.isoformat(),
        date_text=full_date(date, language),
        columns=columns,
        ticks=ticks,
        blocks=tuple(blocks),
        lanes=max(1, len(lanes.ends)),
    )
