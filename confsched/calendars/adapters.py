"""From a loaded programme to the plain values the calendar and frab builders take, in one language.

This is the only calendars module that knows the models and gettext: it runs
inside an app context, words everything in the language asked for (not the
request's), and never touches platform access data unless it is handed over.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext

from confsched import timeengine, zonedisplay
from confsched.calendars.events import CalendarEvent, CalendarFeed, EventStatus, event_guid, event_uid, name_uuid
from confsched.calendars.frab import FrabEvent, FrabPerson, FrabRoom, FrabSchedule, FrabTrack
from confsched.calendars.ical import sorted_events
from confsched.calendars.itip import AccessData
from confsched.calendars.slugs import slugify
from confsched.calendars.vtimezone import state_at
from confsched.localized import pick
from confsched.programme import interpretation, places
from confsched.programme.models import AssignmentRole, PlatformKind, WorkshopStatus
from confsched.programme.schedule import lay_out_day
from confsched.public_urls import base_url

STATUS = {
    WorkshopStatus.confirmed: EventStatus.confirmed,
    WorkshopStatus.planned: EventStatus.tentative,
    WorkshopStatus.cancelled: EventStatus.cancelled,
}


def conference_url(conference, language: str) -> str:
    """The public page of a conference in a language."""
    return f"{base_url()}/{language}/{conference.slug}/"


def workshop_url(conference, workshop, language: str) -> str:
    """The public page of a workshop in a language; calendars and frab link to it."""
    return f"{conference_url(conference, language)}workshops/{workshop.number}/"


def conference_feed(conference, language: str) -> CalendarFeed:
    """The whole conference as a feed: one event per workshop day, cancelled ones included."""
    with force_locale(language):
        wording = Wording(conference, language)
        events = [wording.event(workshop, day) for workshop in conference.workshops for day in workshop.days]
        title, subtitle = pick(conference.title, language), pick(conference.subtitle, language)
        return CalendarFeed(
            name=str(title) or conference.slug,
            description=str(subtitle),
            language=language,
            url=conference_url(conference, language),
            events=sorted_events(events),
            name_language=title.language, description_language=subtitle.language,
        )


def workshop_feed(conference, workshop, language: str) -> CalendarFeed:
    """One workshop with all its days as a feed."""
    with force_locale(language):
        wording = Wording(conference, language)
        name = wording.heading(workshop)
        conference_title = pick(conference.title, language)
        return CalendarFeed(
            name=name,
            description=str(conference_title),
            description_language=conference_title.language,
            language=language,
            url=workshop_url(conference, workshop, language),
            events=sorted_events(wording.event(workshop, day) for day in workshop.days),
        )


def workshop_events(conference, workshop, language: str, days=None) -> list[CalendarEvent]:
    """One event per day of a workshop (or per given day, such as removed ones), worded in the language
    (a registrant's, for iTIP messages)."""
    with force_locale(language):
        wording = Wording(conference, language)
        return [wording.event(workshop, day) for day in (workshop.days if days is None else days)]


def access_data(platform, access, language: str) -> AccessData | None:
    """A platform's secret access data worded for one registrant, or None when there is none to send."""
    if access is None or not (access.join_url or access.meeting_id or access.passcode):
        return None
    # A hybrid event's access data is its online platform's; the venue needs none.
    name = platform.online_name or platform.name
    with force_locale(language):
        lines = [_("Access data for %(platform)s (personal, please do not pass on):", platform=name)]
        if access.join_url:
            lines.append(_("Join link: %(url)s", url=access.join_url))
        if access.meeting_id:
            lines.append(_("Meeting ID: %(id)s", id=access.meeting_id))
        if access.passcode:
            lines.append(_("Passcode: %(passcode)s", passcode=access.passcode))
        channel = interpretation.channel_for(platform, language)
        if channel:
            lines.append(_("Choose the channel “%(channel)s” in the interpretation menu.", channel=channel))
        instructions = pick(access.instructions, language)
        if instructions:
            lines.append(str(instructions))
    return AccessData(name, access.join_url, access.meeting_id, access.passcode, "\n".join(lines), channel)


def frab_schedule(conference, language: str, generator_version: str) -> FrabSchedule:
    """The conference as a frab schedule in one language: platforms as rooms, workshop days as events."""
    with force_locale(language):
        wording = Wording(conference, language)
        rooms = {platform.id: wording.room(platform) for platform in conference.platforms}
        events = tuple(
            wording.frab_event(workshop, day, rooms.get(workshop.platform_id) or wording.unknown_room())
            for workshop in conference.workshops for day in workshop.days
        )
        used = {event.room.guid for event in events}
        return FrabSchedule(
            title=str(pick(conference.title, language)) or conference.slug,
            acronym=frab_acronym(conference.slug),
            zone=conference.primary_zone,
            version=str(conference.version),
            url=conference_url(conference, language),
            base_url=f"{base_url()}/",
            fallback_date=conference.start_date or conference.updated_at.date(),
            generator_version=generator_version,
            tracks=tuple(wording.track(workshop) for workshop in conference.workshops),
            rooms=tuple(room for room in (*rooms.values(), wording.unknown_room()) if room.guid in used),
            events=events,
        )


def frab_acronym(slug: str) -> str:
    """The conference slug as a frab acronym: underscores for hyphens (the JSON schema forbids them), 4+ characters."""
    return slugify(slug, max_length=80, separator="_").ljust(4, "_")


class Wording:
    """Words workshop days in one language; looks up phrases, labels and names once so big feeds stay linear."""

    def __init__(self, conference, language: str):
        """Look up everything that does not change from one day to the next."""
        self.conference = conference
        self.language = language
        self.host = current_app.config["CONFSCHED_HOST"]
        self.conference_title = str(pick(conference.title, language))
        self.people = {person.id: person for person in conference.people}
        self.organisations = {organisation.id: organisation for organisation in conference.organisations}
        self.platforms = {platform.id: platform for platform in conference.platforms}
        self._labels: dict = {}
        self._names: dict = {}
        # Looked up once: gettext per line would dominate the cost of a large feed.
        self.phrases = {
            "workshop": _("Workshop"),
            "workshop_number": _("Workshop %(number)s"),
            "session_title": _("%(label)s %(number)s: %(title)s"),
            "cancelled_title": _("Cancelled: %(title)s"),
            "cancelled": _("This workshop has been cancelled."),
            "planned": _("This workshop is planned; the time may still change."),
            "agenda_times": _("Agenda, times in %(zones)s:"),
            "agenda": _("Agenda:"),
            "platform": _("Platform: %(name)s"),
            "place": _("Place: %(name)s"),
            "also_online": _("Also online via %(platform)s; registrants receive the access data."),
            "doors_open": _("Doors open: %(time)s"),
            "informal_end": _("Informal end: %(time)s"),
            "languages": _("Language and interpretation: %(languages)s"),
            "details": _("Details: %(url)s"),
            "tbc": f"({_('tbc')})",
            "nn": _("N.N."),
            "no_platform": _("Platform to be announced"),
        }
        self.roles = {
            AssignmentRole.moderator: _("Moderation"),
            AssignmentRole.rapporteur: _("Rapporteurs"),
            AssignmentRole.speaker: _("Speakers"),
            AssignmentRole.welcome: _("Welcome"),
        }

    def event(self, workshop, day) -> CalendarEvent:
        """The calendar event of one workshop day."""
        return CalendarEvent(
            uid=event_uid(day, self.host),
            sequence=day.sequence or 0,
            status=STATUS[workshop.status],
            starts_at=day.starts_at,
            ends_at=day.ends_at,
            zone=self.conference.primary_zone,
            last_modified=day.updated_at,
            summary=self.summary(workshop, day),
            description=self.description(workshop, day),
            location=self.location(workshop),
            url=workshop_url(self.conference, workshop, self.language),
            categories=(self.phrases["workshop"], self.conference_title),
            language=self.language,
            summary_language=self.summary_language(workshop),
        )

    def room(self, platform) -> FrabRoom:
        """A place as a frab room: a venue (of a hybrid event too) named with its room, its address as the description."""
        name = ", ".join(part for part in (platform.name, platform.room) if part) if places.has_venue(platform.kind) \
            else platform.name
        return FrabRoom(
            name=name,
            guid=name_uuid(f"platform-{platform.id}@{self.host}"),
            slug=slugify(name) or slugify(platform.key) or f"platform-{platform.id}",
            kind="online" if platform.kind == PlatformKind.online else "other",
            capacity=platform.listener_limit,
            description=", ".join(places.address_lines(platform, self.language)[1 if platform.room else 0:]),
        )

    def unknown_room(self) -> FrabRoom:
        """The room for workshops whose platform is not announced yet."""
        return FrabRoom(
            name=self.phrases["no_platform"],
            guid=name_uuid(f"conference-{self.conference.id}-no-platform@{self.host}"),
            slug="tba", kind="other",
        )

    def track(self, workshop) -> FrabTrack:
        """A workshop as a track, so apps group its days; the slug is the same in every language."""
        return FrabTrack(name=self.phrases["workshop_number"] % {"number": workshop.number},
                         slug=f"workshop-{workshop.number}")

    def frab_event(self, workshop, day, room: FrabRoom) -> FrabEvent:
        """A workshop day as a frab event; the slug is acronym, frab id and title, transliterated."""
        title = self.summary(workshop, day)
        return FrabEvent(
            id=day.frab_id,
            guid=event_guid(event_uid(day, self.host)),
            slug=f"{frab_acronym(self.conference.slug)}-{day.frab_id}-{slugify(title, max_length=50) or 'workshop'}",
            title=title,
            subtitle=str(pick(workshop.subtitle, self.language)),
            track=self.track(workshop).name,
            type="workshop",
            language=self.spoken_language(day),
            abstract=str(pick(workshop.goals, self.language) or pick(workshop.background, self.language)),
            description=self.description(workshop, day),
            url=workshop_url(self.conference, workshop, self.language),
            room=room,
            starts_at=day.starts_at,
            ends_at=day.ends_at,
            persons=self.frab_persons(workshop, day),
        )

    @staticmethod
    def spoken_language(day) -> str | None:
        """frab's one language of an event: the day's spoken language, the first it names when it names several;
        None when the programme does not say."""
        spoken = interpretation.statement(day).spoken
        return spoken[0] if spoken else None

    def languages(self, state) -> str:
        """'Türkisch, simultan gedolmetscht ins Deutsche', worded once per statement."""
        key = ("languages", state)
        if key not in self._labels:
            self._labels[key] = interpretation.describe(state, self.conference.interpretation, self.language, _)
        return self._labels[key]

    def frab_persons(self, workshop, day) -> tuple[FrabPerson, ...]:
        """Everyone with a role in the workshop or the day's agenda, once each, in order of appearance."""
        persons: dict[int, FrabPerson] = {}
        for assignment in [*workshop.assignments, *(a for item in day.items for a in item.assignments)]:
            person = self.people.get(assignment.person_id)
            if person is not None and person.id not in persons:
                persons[person.id] = FrabPerson(person.id, name_uuid(f"person-{person.id}@{self.host}"), person.display_name)
        return tuple(persons.values())

    def summary(self, workshop, day) -> str:
        """The workshop title, with the day when a workshop has several and a marker when it is cancelled."""
        title = str(pick(workshop.title, self.language)) or self.phrases["workshop_number"] % {"number": workshop.number}
        if len(workshop.days) > 1:
            label = str(pick(day.label, self.language)) or ngettext(
                "day %(number)s of %(num)s", "day %(number)s of %(num)s", len(workshop.days), number=day.position + 1)
            title = f"{title} ({label})"
        if workshop.status == WorkshopStatus.cancelled:
            return self.phrases["cancelled_title"] % {"title": title}
        return title

    def summary_language(self, workshop) -> str:
        """The language the summary is mostly in: its title's, which is another one when the title fell back."""
        return pick(workshop.title, self.language).language

    def location(self, workshop) -> str:
        """The platform's name, or the venue's name and address (a hybrid event's too: its online link is private)."""
        platform = self.platforms.get(workshop.platform_id)
        return places.location_text(platform, self.language) if platform is not None else ""

    def zone_label(self, instant, zone: str) -> str:
        """'Berlin (MESZ)' for this instant, computed once per zone state (offset and tzdata abbreviation)."""
        key = ("label", zone, state_at(instant, zone))
        if key not in self._labels:
            self._labels[key] = timeengine.zone_label(instant, zone, self.language)
        return self._labels[key]

    def city(self, zone: str) -> str:
        """'Berlin' or 'İstanbul' in the language, looked up once per zone."""
        key = ("city", zone)
        if key not in self._labels:
            self._labels[key] = timeengine.city_name(zone, self.language)
        return self._labels[key]

    def window(self, day, shown: list[zonedisplay.ZoneDay]) -> str:
        """The day's window in both reference zones, e.g. '09:30–11:30 Berlin (MESZ) · 10:30–12:30 İstanbul (TSİ)'."""
        return " · ".join(f"{in_zone(day.starts_at).plain}–{in_zone(day.ends_at).plain} "
                          f"{self.zone_label(day.starts_at, in_zone.zone)}" for in_zone in shown)

    def around(self, day, local_date) -> list[str]:
        """Doors open and the informal end in both reference zones, when the day has them; DTSTART/DTEND stay
        the official window."""
        lines = []
        for name, instant in (("doors_open", day.doors_open_at), ("informal_end", day.informal_end_at)):
            if instant is None:
                continue
            times = " · ".join(
                f"{zonedisplay.shown_time(instant, zone, local_date, self.language).plain} "
                f"{self.zone_label(instant, zone)}"
                for zone in self.conference.reference_zones
            )
            lines.append(self.phrases[name] % {"time": times})
        return lines

    def heading(self, workshop) -> str:
        """'Fachworkshop 1: Digitale Stadt' with the conference's name for its workshops, else the title alone."""
        title = str(pick(workshop.title, self.language))
        label = str(pick(self.conference.session_label, self.language))
        if not label:
            return title
        return self.phrases["session_title"] % {"label": label, "number": workshop.number, "title": title}

    def description(self, workshop, day) -> str:
        """The day's agenda with times in both reference zones, the people, the platform and the page URL."""
        phrases = self.phrases
        local_date = timeengine.to_zone(day.starts_at, self.conference.primary_zone).date()
        timed_items = lay_out_day(day)
        last = max([day.ends_at, *(entry.end for entry in timed_items if entry.is_timed)])
        shown = [zonedisplay.ZoneDay(zone, local_date, self.language, day.starts_at, last)
                 for zone in self.conference.reference_zones]
        lines = [self.heading(workshop)]
        subtitle = pick(workshop.subtitle, self.language)
        if subtitle:
            lines.append(str(subtitle))
        if workshop.status in (WorkshopStatus.cancelled, WorkshopStatus.planned):
            lines.append(phrases[workshop.status.value])
        lines.append(f"{zonedisplay.full_date(local_date, self.language)}, {self.window(day, shown)}")
        lines += self.around(day, local_date)
        day_languages = interpretation.statement(day)
        if day_languages:
            lines.append(phrases["languages"] % {"languages": self.languages(day_languages)})
        lines += self.agenda(day, timed_items, shown)
        lines += self.roles_lines(workshop)
        platform = self.platforms.get(workshop.platform_id)
        if platform is not None:
            phrase = phrases["place"] if places.has_venue(platform.kind) else phrases["platform"]
            lines.append(phrase % {"name": self.location(workshop)})
            if platform.online_name:
                lines.append(phrases["also_online"] % {"platform": platform.online_name})
        lines.append(phrases["details"] % {"url": workshop_url(self.conference, workshop, self.language)})
        return "\n".join(lines)

    def agenda(self, day, timed_items, shown: list[zonedisplay.ZoneDay]) -> list[str]:
        """One line per agenda item: its times in both reference zones (when it has them), number, title, people."""
        if not timed_items:
            return []
        # A day across a clock change labels each line with what is in force at its time, not the day's start.
        switching = not all(in_zone.steady for in_zone in shown)
        if not any(entry.is_timed for entry in timed_items):
            lines = ["", self.phrases["agenda"]]
        else:
            columns = " / ".join(self.city(in_zone.zone) if switching else self.zone_label(day.starts_at, in_zone.zone)
                                 for in_zone in shown)
            lines = ["", self.phrases["agenda_times"] % {"zones": columns}]
        for entry in timed_items:
            times = " / ".join(in_zone(entry.start, with_label=switching).plain
                               for in_zone in shown) + "  " if entry.is_timed else ""
            line = f"{'  ' * entry.depth}{times}{entry.number}. {pick(entry.item.title, self.language)}"
            people = self.names(entry.item.assignments)
            line = f"{line} – {people}" if people else line
            own = interpretation.effective(day, entry.item)
            if own and own != interpretation.effective(day, entry.item.parent):
                line += f" ({self.languages(own)})"
            lines.append(line)
        lines.append("")
        return lines

    def roles_lines(self, workshop) -> list[str]:
        """Workshop-wide roles such as moderation, each with its people."""
        by_role: dict = {}
        for assignment in workshop.assignments:
            by_role.setdefault(assignment.role, []).append(assignment)
        return [f"{self.roles[role]}: {self.names(assignments)}" for role, assignments in by_role.items()]

    def names(self, assignments) -> str:
        """People as printed: title and name, 'N.N. (organisation)' for open slots, an organisation acting itself
        by its name, marked when unconfirmed."""
        return ", ".join(self.name(assignment) for assignment in assignments)

    def name(self, assignment) -> str:
        """One assignment as printed, remembered by person, organisation, confirmation and note."""
        note = str(pick(assignment.note, self.language))
        key = (assignment.person_id, assignment.organisation_id, bool(assignment.tbc),
               bool(assignment.organisation_itself), note)
        if key not in self._names:
            person = self.people.get(assignment.person_id)
            organisation_id = assignment.organisation_id or (person.organisation_id if person else None)
            organisation = self.organisations.get(organisation_id)
            organisation_name = (str(pick(organisation.short_name, self.language))
                                 or str(pick(organisation.name, self.language))) if organisation else ""
            if assignment.organisation_itself:
                name = str(pick(organisation.name, self.language)) if organisation else ""
            else:
                name = person.display_name if person else self.phrases["nn"]
                if organisation_name:
                    name += f" ({organisation_name})"
            if assignment.tbc:
                name += " " + self.phrases["tbc"]
            self._names[key] = f"{name}: {note}" if note else name
        return self._names[key]
