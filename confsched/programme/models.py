"""The programme store: conferences, workshops, their days and ordered agenda items.

Only the day's window is stored as time; every item's start and end is derived
(see ``confsched.programme.schedule``). Instants are UTC, each with the IANA zone
it was entered in.
"""
from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    TypeDecorator,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from confsched import timeengine
from confsched.extensions import db


class UTCDateTime(TypeDecorator):
    """Store naive UTC, hand out aware UTC: no other kind of datetime reaches the database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Refuse naive values; they would be read back as the wrong instant."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        return timeengine.naive_utc(value)

    def process_result_value(self, value, dialect):
        """Attach UTC to what the database returns."""
        return None if value is None else timeengine.as_utc(value)


def LocalizedText():  # noqa: N802 - reads like a column type
    """A content text per language, as {"de": ..., "tr": ...}; assign a new dict to change it.

    Deliberately not MutableDict: its change tracking costs half the time of loading a
    large programme, and every writer replaces texts whole anyway.
    """
    return JSON()


def utcnow() -> dt.datetime:
    """The current instant, aware and in UTC."""
    return dt.datetime.now(timeengine.UTC)


def later_by_a_second(previous: dt.datetime | None, when: dt.datetime) -> dt.datetime:
    """`when`, or the first whole second after `previous` if `when` falls in the same second or earlier."""
    if previous is None or when.replace(microsecond=0) > previous.replace(microsecond=0):
        return when
    return previous.replace(microsecond=0) + dt.timedelta(seconds=1)


# Who changed something when no organiser did: stored as the actor of history entries, deletes and releases.
COMMAND_LINE = "command line"

# Reminders before each day a registrant holds a place on, in minutes: 24 hours and 1 hour.
DEFAULT_REMINDER_MINUTES = (1440, 60)


def new_identity() -> str:
    """A fresh identity for a calendar-visible thing: random, so no later row can ever be given it again."""
    return str(uuid.uuid4())


# Doors open at most this long before a day's start; an informal end runs at most this long past its end.
MAX_AROUND_MINUTES = 720


class WorkshopStatus(enum.StrEnum):
    """Where a workshop stands; calendars show it as TENTATIVE, CONFIRMED or CANCELLED."""

    planned = "planned"
    confirmed = "confirmed"
    cancelled = "cancelled"


class PlatformKind(enum.StrEnum):
    """Where a workshop takes place: an online platform, a venue with an address, or both at once."""

    online = "online"
    venue = "venue"
    hybrid = "hybrid"


class AgendaItemKind(enum.StrEnum):
    """What happens in a slot; decides wording and styling, never timing."""

    technical_introduction = "technical_introduction"
    welcome = "welcome"
    introduction = "introduction"
    practice_example = "practice_example"
    presentation = "presentation"
    impulse_talk = "impulse_talk"
    discussion = "discussion"
    working_block = "working_block"
    summary = "summary"
    break_ = "break"
    section = "section"
    other = "other"


class AssignmentRole(enum.StrEnum):
    """The part a person or organisation plays in a workshop or an item."""

    speaker = "speaker"
    moderator = "moderator"
    rapporteur = "rapporteur"
    welcome = "welcome"


class OrganiserRole(enum.StrEnum):
    """How an organisation stands behind a conference."""

    organiser = "organiser"
    partner = "partner"
    supporter = "supporter"


def enum_column(enum_cls, name):
    """An enum column stored by value, with a named CHECK constraint on every database."""
    return Enum(
        enum_cls,
        name=name,
        values_callable=lambda members: [member.value for member in members],
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=32,
    )


class Conference(db.Model):
    """One conference programme, shown in one or two reference zones and its languages.

    A conference is two rows: the published one, which pages, feeds, registrations and members belong to, and
    its working draft (``draft_of_id`` set), which the editor, the write API and imports change and a release
    copies onto the published row (``confsched.programme.releases``). Both carry the slug; only the published
    row is ever found by it.
    """

    __tablename__ = "conference"
    __table_args__ = (
        Index("uq_conference_published_slug", "slug", unique=True,
              sqlite_where=text("draft_of_id IS NULL"), postgresql_where=text("draft_of_id IS NULL")),
        # The editor and the write API find the working draft by slug on every request.
        Index("ix_conference_draft_slug", "slug",
              sqlite_where=text("draft_of_id IS NOT NULL"), postgresql_where=text("draft_of_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    # The published conference this row is the working draft of; None on the published row itself.
    draft_of_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), unique=True)
    # The number of the release the published row shows; 0 until the first release, when nothing is public.
    release_number: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    title: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    subtitle: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    description: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    goals: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    format_notes: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    primary_zone: Mapped[str] = mapped_column(String(64))
    # None for a conference held in one zone (an evening workshop in one city).
    secondary_zone: Mapped[str | None] = mapped_column(String(64))
    languages: Mapped[list] = mapped_column(JSON, default=list)
    default_language: Mapped[str] = mapped_column(String(8), default="de")
    interpretation: Mapped[str | None] = mapped_column(String(32))
    # What the programme calls its workshops ("Fachworkshop" / "Uzmanlık Çalıştayı"); empty: titles alone.
    session_label: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    # Bumped on every change anywhere in the programme: the cheap key for ETags and page caches.
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The highest frab event id this conference has handed out; it never goes down.
    last_frab_id: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Minutes before each day a registrant holds a place on when a reminder goes out, longest first; [] for none.
    reminder_minutes: Mapped[list] = mapped_column(JSON, default=lambda: list(DEFAULT_REMINDER_MINUTES),
                                                   server_default="[1440, 60]")
    # Web origins (https://host[:port]) whose pages may frame the embeddable agenda; none means no site may.
    embed_origins: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

    organisers: Mapped[list[ConferenceOrganiser]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="ConferenceOrganiser.position"
    )
    workshops: Mapped[list[Workshop]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="Workshop.number"
    )
    organisations: Mapped[list[Organisation]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="Organisation.key"
    )
    people: Mapped[list[Person]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="Person.key"
    )
    platforms: Mapped[list[Platform]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="Platform.key"
    )

    @property
    def published_id(self) -> int:
        """The id of the published row, to which registrations, members, history and deleted parts belong."""
        return self.draft_of_id or self.id

    @property
    def is_draft(self) -> bool:
        """Whether this row is a working draft, which no public page, feed or registrant ever sees."""
        return self.draft_of_id is not None

    @property
    def reference_zones(self) -> tuple[str, ...]:
        """The one or two zones every time is shown in; the first is the one calendars use."""
        return (self.primary_zone, self.secondary_zone) if self.secondary_zone else (self.primary_zone,)

    def touch(self, when: dt.datetime | None = None) -> None:
        """Record that the programme changed, invalidating caches and ETags."""
        self.version = (self.version or 0) + 1
        self.updated_at = when or utcnow()

    def issue_frab_id(self) -> int:
        """The next frab event id: a per-conference counter that never goes down, so no id ever names two days."""
        self.last_frab_id = (self.last_frab_id or 0) + 1
        return self.last_frab_id


class Release(db.Model):
    """A numbered version of a conference as it was published: the document, what changed and the organiser's word.

    ``document`` is the private programme document of the release (access data included), kept so that an
    organiser can go back to it and export it; it is as secret as that document and never shown.
    ``changes`` is what changed since the release before, in data (identities, instants, zones, texts per
    language), so that it reads in any language (``confsched.programme.release_changes``).
    """

    __tablename__ = "release"
    __table_args__ = (UniqueConstraint("conference_id", "number"), CheckConstraint("number >= 1", name="number_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The organiser's address, or the command that published it; never shown on public pages.
    published_by: Mapped[str] = mapped_column(String(254))
    comment: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    changes: Mapped[list] = mapped_column(JSON, default=list)
    document: Mapped[dict] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        """Keep the document (access data) out of logs."""
        return f"<Release conference_id={self.conference_id} number={self.number}>"


class RemovedWorkshop(db.Model):
    """A workshop number the conference had and removed: its public page answers 410 Gone until the number returns."""

    __tablename__ = "removed_workshop"

    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)


class DeletedPart(db.Model):
    """What one delete removed, kept for 30 days so it can be put back with the same calendar identities.

    ``fragment`` is the removed part of the private programme document (days with their identities and frab ids,
    assignments, platform access data; a whole conference with its invitation list and members), so it is as secret
    as the private document and never shown; ``summary`` holds what is needed to name the part in any language.
    A removed conference leaves ``conference_id`` empty and keeps its slug.
    """

    __tablename__ = "deleted_part"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    conference_slug: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    fragment: Mapped[dict] = mapped_column(JSON, default=dict)
    deleted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    deleted_by: Mapped[str] = mapped_column(String(254))
    restored_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        """Keep the fragment (access data) out of logs."""
        return f"<DeletedPart id={self.id} kind={self.kind}>"


class Organisation(db.Model):
    """A body that organises, supports or sends speakers (DST, TBB, a city)."""

    __tablename__ = "organisation"
    __table_args__ = (UniqueConstraint("conference_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    # Per language, like the name: an abbreviation can differ (IBB / İBB).
    short_name: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    name: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    city: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))

    conference: Mapped[Conference] = relationship(back_populates="organisations")


class ConferenceOrganiser(db.Model):
    """An organisation behind the conference, in the order the programme names them."""

    __tablename__ = "conference_organiser"

    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[OrganiserRole] = mapped_column(enum_column(OrganiserRole, "organiser_role"), default=OrganiserRole.organiser)

    conference: Mapped[Conference] = relationship(back_populates="organisers")
    organisation: Mapped[Organisation] = relationship()


class Person(db.Model):
    """Someone who speaks, moderates or reports, spelled exactly as they spell themselves."""

    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("conference_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    academic_title: Mapped[str | None] = mapped_column(String(40))
    function: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    city: Mapped[str | None] = mapped_column(String(120))

    conference: Mapped[Conference] = relationship(back_populates="people")
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def display_name(self) -> str:
        """The name with its academic title, as printed programmes show it."""
        return f"{self.academic_title} {self.name}" if self.academic_title else self.name


class Platform(db.Model):
    """Where a workshop happens (a place): an online platform, a venue, or a venue with an online platform.

    Its public face only; the address of a venue is public, access data lives in PlatformAccess.
    """

    __tablename__ = "platform"
    __table_args__ = (
        UniqueConstraint("conference_id", "key"),
        CheckConstraint("listener_limit IS NULL OR listener_limit >= 1", name="listener_limit_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[PlatformKind] = mapped_column(enum_column(PlatformKind, "platform_kind"), default=PlatformKind.online)
    # A venue's address, in the parts a map search and a letter need; the country as an ISO 3166 code.
    street_address: Mapped[str | None] = mapped_column(String(500))
    postcode: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    room: Mapped[str | None] = mapped_column(String(120))
    accessibility: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    # The online platform of a hybrid event ("Zoom"); its join link is access data, as for online platforms.
    online_name: Mapped[str | None] = mapped_column(String(120))
    # The interpretation channels as the platform names them, by language: {"de": "Deutsch", "tr": "Türkçe"}.
    # Not secret (public pages show them too), but what registrants need with their access data.
    interpretation_channels: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    listener_limit: Mapped[int | None] = mapped_column(Integer)

    conference: Mapped[Conference] = relationship(back_populates="platforms")
    # Never eager-loaded: public queries cannot touch secrets by accident.
    access: Mapped[PlatformAccess | None] = relationship(
        back_populates="platform", cascade="all, delete-orphan", uselist=False, lazy="raise_on_sql"
    )


class PlatformAccess(db.Model):
    """Secret access data; shown only to confirmed registrants and in private exports."""

    __tablename__ = "platform_access"

    platform_id: Mapped[int] = mapped_column(ForeignKey("platform.id", ondelete="CASCADE"), primary_key=True)
    join_url: Mapped[str | None] = mapped_column(String(2000))
    meeting_id: Mapped[str | None] = mapped_column(String(200))
    passcode: Mapped[str | None] = mapped_column(String(200))
    instructions: Mapped[dict] = mapped_column(LocalizedText(), default=dict)

    platform: Mapped[Platform] = relationship(back_populates="access")

    def __repr__(self) -> str:
        """Keep secrets out of logs and tracebacks."""
        return f"<PlatformAccess platform_id={self.platform_id} (redacted)>"


class Workshop(db.Model):
    """A themed workshop of a conference, on one or more days."""

    __tablename__ = "workshop"
    __table_args__ = (
        UniqueConstraint("conference_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    subtitle: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    background: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    goals: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    format_notes: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    platform_id: Mapped[int | None] = mapped_column(ForeignKey("platform.id", ondelete="SET NULL"))
    capacity: Mapped[int | None] = mapped_column(Integer)
    # None until the organiser says whether listeners are admitted: pages then claim neither, and nobody listens.
    listeners_admitted: Mapped[bool | None] = mapped_column(Boolean)
    status: Mapped[WorkshopStatus] = mapped_column(
        enum_column(WorkshopStatus, "workshop_status"), default=WorkshopStatus.planned
    )

    conference: Mapped[Conference] = relationship(back_populates="workshops")
    platform: Mapped[Platform | None] = relationship()
    organising_bodies: Mapped[list[WorkshopOrganisation]] = relationship(
        cascade="all, delete-orphan", order_by="WorkshopOrganisation.position"
    )
    days: Mapped[list[WorkshopDay]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="WorkshopDay.position"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        cascade="all, delete-orphan", order_by="Assignment.position",
        primaryjoin="Workshop.id == Assignment.workshop_id",
    )

    @property
    def organisations(self) -> list[Organisation]:
        """The organising bodies in the order the programme names them."""
        return [link.organisation for link in self.organising_bodies]


class WorkshopOrganisation(db.Model):
    """An organising body of a workshop, ordered."""

    __tablename__ = "workshop_organisation"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    organisation: Mapped[Organisation] = relationship()


class WorkshopDay(db.Model):
    """One date of a workshop: its window, its agenda and its calendar identity."""

    __tablename__ = "workshop_day"
    __table_args__ = (
        UniqueConstraint("workshop_id", "position"),
        # A day and its copy in the conference's draft share the identity; no two published days ever do.
        UniqueConstraint("identity", "draft"),
        CheckConstraint("ends_at > starts_at", name="window_positive"),
        CheckConstraint("sequence >= 0", name="sequence_non_negative"),
        CheckConstraint(
            f"doors_open_minutes IS NULL OR (doors_open_minutes >= 1 AND doors_open_minutes <= {MAX_AROUND_MINUTES})",
            name="doors_open_range",
        ),
        CheckConstraint(
            f"informal_end_minutes IS NULL OR (informal_end_minutes >= 1 AND informal_end_minutes <= {MAX_AROUND_MINUTES})",
            name="informal_end_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    # Assigned once and never derived from the row id: the calendar UID is "<identity>@<CONFSCHED_HOST>".
    identity: Mapped[str] = mapped_column(String(64), default=new_identity)
    # Whether the day belongs to a conference's working draft; set when the row is written (see below).
    draft: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The frab event id, from Conference.issue_frab_id(); unique within the conference's exports.
    frab_id: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    zone: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Around the official window, stored relative to it so no time is typed twice: doors open this many
    # minutes before the start, and the informal part (get-together) runs this many minutes past the end.
    doors_open_minutes: Mapped[int | None] = mapped_column(Integer)
    informal_end_minutes: Mapped[int | None] = mapped_column(Integer)
    label: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    outcomes: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    # The languages spoken on the day and those it is interpreted into, by code; empty when the programme
    # does not say (see confsched.programme.interpretation).
    spoken_languages: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    interpreted_into: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    # iCalendar SEQUENCE: goes up by one on every change of time, title, platform or status.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="days")
    # Flat, so one query loads a whole agenda; schedule.agenda_tree() rebuilds the nesting.
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="workshop_day", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )

    @property
    def local_date(self) -> dt.date:
        """The calendar date of the day in the zone it was entered in."""
        return timeengine.to_zone(self.starts_at, self.zone).date()

    @property
    def doors_open_at(self) -> dt.datetime | None:
        """When the doors open, derived from the start; None when the programme does not say."""
        return self.starts_at - dt.timedelta(minutes=self.doors_open_minutes) if self.doors_open_minutes else None

    @property
    def informal_end_at(self) -> dt.datetime | None:
        """When the informal part after the official end is over; None when there is none."""
        return self.ends_at + dt.timedelta(minutes=self.informal_end_minutes) if self.informal_end_minutes else None

    @property
    def window_minutes(self) -> int:
        """Length of the day's window in elapsed minutes."""
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    def record_change(self, when: dt.datetime | None = None) -> None:
        """Bump SEQUENCE and the last-change stamp after a calendar-relevant change."""
        self.sequence = (self.sequence or 0) + 1
        self.mark_changed(when)

    def mark_changed(self, when: dt.datetime | None = None) -> None:
        """Stamp a change a whole second after the last one, so DTSTAMP and LAST-MODIFIED (seconds) always rise."""
        self.updated_at = later_by_a_second(self.updated_at, when or utcnow())


@event.listens_for(WorkshopDay, "before_insert")
def _mark_draft_day(_mapper, _connection, day: WorkshopDay) -> None:
    """A day written into a draft is marked so, whichever operation (editor, import, restore, copy) wrote it."""
    day.draft = day.workshop.conference.draft_of_id is not None


class AgendaItem(db.Model):
    """A slot in a day's agenda; sections hold child items. Its times are derived, never stored.

    Feeds and frab exports show items only inside their day's description, so an item
    needs no published identity of its own.
    """

    __tablename__ = "agenda_item"
    __table_args__ = (
        CheckConstraint(
            "duration_minutes IS NULL OR (duration_minutes >= 1 AND duration_minutes < 1440)",
            name="duration_range",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_day_id: Mapped[int] = mapped_column(ForeignKey("workshop_day.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[AgendaItemKind] = mapped_column(enum_column(AgendaItemKind, "agenda_item_kind"), default=AgendaItemKind.other)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    description: Mapped[dict] = mapped_column(LocalizedText(), default=dict)
    # When the item states its spoken languages, they and its interpretation replace the day's (or section's).
    spoken_languages: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    interpreted_into: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

    workshop_day: Mapped[WorkshopDay] = relationship(back_populates="items")
    parent: Mapped[AgendaItem | None] = relationship(remote_side=[id], back_populates="children")
    # No delete-orphan: an item taken out of a section moves to the level above (the day's list owns items, and
    # deleting a section still deletes the items inside it).
    children: Mapped[list[AgendaItem]] = relationship(
        back_populates="parent", cascade="all", order_by="AgendaItem.position"
    )
    assignments: Mapped[list[Assignment]] = relationship(
        cascade="all, delete-orphan", order_by="Assignment.position",
        primaryjoin="AgendaItem.id == Assignment.agenda_item_id",
    )


class Assignment(db.Model):
    """A person, an organisation whose person is not yet known ("N.N."), or an organisation itself, in a role."""

    __tablename__ = "assignment"
    __table_args__ = (
        CheckConstraint("(workshop_id IS NULL) <> (agenda_item_id IS NULL)", name="one_owner"),
        CheckConstraint("person_id IS NOT NULL OR organisation_id IS NOT NULL", name="someone"),
        CheckConstraint(
            "NOT organisation_itself OR (person_id IS NULL AND organisation_id IS NOT NULL)",
            name="organisation_itself_without_person",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[AssignmentRole] = mapped_column(enum_column(AssignmentRole, "assignment_role"), default=AssignmentRole.speaker)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    tbc: Mapped[bool] = mapped_column(Boolean, default=False)
    # The organisation takes the role itself ("Plattform-Dienstleister"); otherwise an
    # organisation without a person is a slot whose person is not known yet ("N.N.").
    organisation_itself: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    note: Mapped[dict] = mapped_column(LocalizedText(), default=dict)

    person: Mapped[Person | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def is_placeholder(self) -> bool:
        """True for "N.N.": the organisation is known, the person not yet."""
        return self.person is None and not self.organisation_itself

    @property
    def shown_organisation(self) -> Organisation | None:
        """The organisation to print beside the name: the slot's own, else the person's."""
        return self.organisation or (self.person.organisation if self.person else None)
