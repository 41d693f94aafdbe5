"""Registrants, their workshop registrations, invitations, per-workshop seat ledgers and the mail outbox.

Link tokens are not stored: they are HMACs of a per-row random key under the
app's SECRET_KEY, so a database dump alone hands out no personal page,
confirmation or feed link, and replacing the key invalidates every old link.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from confsched.extensions import db
from confsched.programme.models import Conference, UTCDateTime, Workshop, enum_column, utcnow


class Role(enum.StrEnum):
    """How someone takes part: speaking in the room (limited seats) or listening."""

    active = "active"
    listener = "listener"


class WhenFull(enum.StrEnum):
    """What an active registrant wants when every seat is taken."""

    waiting_list = "waiting_list"
    listener = "listener"


class RegistrationStatus(enum.StrEnum):
    """Where a registration stands; only active and listener registrations hold a place."""

    pending = "pending"
    active = "active"
    listener = "listener"
    waiting = "waiting"
    cancelled = "cancelled"
    # The organisers removed the workshop, its conference, or all of its days the registrant held a place on.
    cancelled_by_organiser = "cancelled_by_organiser"


class OutboxStatus(enum.StrEnum):
    """Delivery state of a queued email."""

    queued = "queued"
    sending = "sending"
    sent = "sent"
    failed = "failed"


class RegistrationDesk(db.Model):
    """One workshop's registration settings and seat counters; its row is the lock for seat changes."""

    __tablename__ = "registration_desk"
    __table_args__ = (
        CheckConstraint("active_taken >= 0", name="active_taken_non_negative"),
        CheckConstraint("listeners_taken >= 0", name="listeners_taken_non_negative"),
    )

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    # Without an invitation, only workshops with open registration accept sign-ups.
    open_registration: Mapped[bool] = mapped_column(Boolean, default=False)
    active_taken: Mapped[int] = mapped_column(Integer, default=0)
    listeners_taken: Mapped[int] = mapped_column(Integer, default=0)

    workshop: Mapped[Workshop] = relationship()


class Registrant(db.Model):
    """A person registered for one or more workshops of a conference, known by a confirmed address."""

    __tablename__ = "registrant"
    __table_args__ = (UniqueConstraint("conference_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None once the organisers removed the conference; the registrant is then kept until the retention
    # period after `removed_conference_ended_at` has passed, with the conference's title for their page.
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id", ondelete="SET NULL"), index=True)
    removed_conference_title: Mapped[dict | None] = mapped_column(db.JSON)
    removed_conference_ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(8))
    zone: Mapped[str] = mapped_column(String(64))
    consent_given_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Random key the personal-page and feed token is derived from; None when revoked, replaced on reset.
    page_key: Mapped[bytes | None] = mapped_column(LargeBinary(16))

    # The backref lets a conference's removal keep its registrants: the ORM sets their conference_id to NULL.
    conference: Mapped[Conference | None] = relationship(backref=backref("registrants", lazy="select"))
    registrations: Mapped[list[Registration]] = relationship(
        back_populates="registrant", cascade="all, delete-orphan", order_by="Registration.id"
    )

    def __repr__(self) -> str:
        """Keep addresses and tokens out of logs and tracebacks."""
        return f"<Registrant id={self.id}>"

    @property
    def conference_title(self) -> dict:
        """The conference's title per language, also after the conference was removed."""
        return self.conference.title if self.conference is not None else (self.removed_conference_title or {})


class Registration(db.Model):
    """A registrant's place (or wish for one) in one workshop."""

    __tablename__ = "registration"
    __table_args__ = (
        UniqueConstraint("registrant_id", "workshop_id"),
        Index("ix_registration_waiting", "workshop_id", "status", "waiting_since"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registrant_id: Mapped[int] = mapped_column(ForeignKey("registrant.id", ondelete="CASCADE"), index=True)
    # None once the organisers removed the workshop; its number and title are then kept below.
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshop.id", ondelete="SET NULL"), index=True)
    removed_workshop_number: Mapped[int | None] = mapped_column(Integer)
    removed_workshop_title: Mapped[dict | None] = mapped_column(db.JSON)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id", ondelete="SET NULL"))
    role: Mapped[Role] = mapped_column(enum_column(Role, "registration_role"))
    when_full: Mapped[WhenFull] = mapped_column(enum_column(WhenFull, "registration_when_full"), default=WhenFull.waiting_list)
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus, "registration_status"), default=RegistrationStatus.pending
    )
    # Details typed with this request; applied to the registrant only once the address is confirmed.
    submitted_details: Mapped[dict | None] = mapped_column(db.JSON)
    # Random key the confirmation link is derived from; cleared once used.
    confirmation_key: Mapped[bytes | None] = mapped_column(LargeBinary(16))
    confirmation_requested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    waiting_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # When the registration last got its seat or listener place: a reminder due before then would be stale.
    placed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    registrant: Mapped[Registrant] = relationship(back_populates="registrations")
    # The backref lets a removal see the registrations of a deleted workshop: the ORM loads them and
    # sets their workshop_id to NULL instead of the database deleting them.
    workshop: Mapped[Workshop | None] = relationship(backref=backref("registrations", lazy="select"))

    PLACE_STATUSES = (RegistrationStatus.active, RegistrationStatus.listener)

    @property
    def holds_place(self) -> bool:
        """Whether the registration has a seat or a listener place (and so gets the access data)."""
        return self.status in self.PLACE_STATUSES

    @property
    def workshop_number(self) -> int | None:
        """The workshop's number, also after the workshop was removed."""
        return self.workshop.number if self.workshop is not None else self.removed_workshop_number

    @property
    def workshop_title(self) -> dict:
        """The workshop's title per language, also after the workshop was removed."""
        return self.workshop.title if self.workshop is not None else (self.removed_workshop_title or {})


class CalendarDelivery(db.Model):
    """The last iTIP message a registrant was sent for one calendar UID, so the next one sorts after it.

    RFC 5546 clients keep the copy with the higher SEQUENCE, and of equal ones the newer DTSTAMP;
    a registration's cancellation and re-joining change nothing in the programme, so the day's own
    SEQUENCE cannot order them.
    """

    __tablename__ = "calendar_delivery"
    __table_args__ = (CheckConstraint("sequence >= 0", name="sequence_non_negative"),)

    registrant_id: Mapped[int] = mapped_column(ForeignKey("registrant.id", ondelete="CASCADE"), primary_key=True)
    uid: Mapped[str] = mapped_column(String(255), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer)
    # DTSTAMP of that message, to the second as iCalendar writes it.
    stamped_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Reminder(db.Model):
    """A reminder of one day, one offset, for one registration: its key makes a second one impossible.

    Keyed by the day's identity, which survives re-imports and moves, so a moved day is not
    reminded twice for the same offset. `outbox_message_id` names the email that carries it;
    it is None when a shorter reminder of the same day was due as well and went instead
    (or once the outbox has forgotten the sent email).
    """

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint("registration_id", "day_identity", "minutes_before"),
        CheckConstraint("minutes_before >= 1", name="minutes_before_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id", ondelete="CASCADE"))
    day_identity: Mapped[str] = mapped_column(String(64))
    minutes_before: Mapped[int] = mapped_column(Integer)
    # The day's start the reminder was reckoned from.
    day_starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id", ondelete="SET NULL"),
                                                          index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Invitation(db.Model):
    """A personal invitation to register, good for one registration until it expires."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        """Keep addresses out of logs."""
        return f"<Invitation id={self.id}>"


class OutboxMessage(db.Model):
    """An email waiting for, or past, delivery: nothing is lost while the SMTP server is down."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        Index("ix_outbox_message_due", "status", "next_attempt_at"),
        CheckConstraint("attempts >= 0", name="attempts_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # SET NULL: the cancellations a conference's removal queues outlive the conference.
    conference_id: Mapped[int | None] = mapped_column(ForeignKey("conference.id", ondelete="SET NULL"), index=True)
    registrant_id: Mapped[int | None] = mapped_column(ForeignKey("registrant.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(400))
    # The complete RFC 5322 message once rendered, else the draft it is rendered from after the change commits;
    # either may carry access data, so neither is ever shown or logged.
    message: Mapped[bytes | None] = mapped_column(LargeBinary)
    draft: Mapped[dict | None] = mapped_column(db.JSON)
    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus, "outbox_status"), default=OutboxStatus.queued)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        """Keep addresses and bodies out of logs."""
        return f"<OutboxMessage id={self.id} kind={self.kind} status={self.status}>"
