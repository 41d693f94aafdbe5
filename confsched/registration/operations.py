"""Registration rules as plain functions: submit, confirm, place, cancel, promote, erase.

Seats are counted in one RegistrationDesk row per workshop and only ever taken
with a conditional UPDATE (``... WHERE active_taken < capacity``), so the
database itself refuses the 31st seat whatever the number of concurrent
requests. Every seat change first locks the desk: ``BEGIN IMMEDIATE`` on
SQLite (one writer at a time, without the deadlock a deferred transaction can
run into), ``SELECT ... FOR UPDATE`` on PostgreSQL. The caller commits.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass

from flask import current_app
from sqlalchemy import delete, func, or_, select, true, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from confsched import transactions
from confsched.extensions import db
from confsched.programme.models import Conference, Platform, Workshop, WorkshopDay, WorkshopStatus, utcnow
from confsched.public_urls import external_url
from confsched.registration import notifications, tokens
from confsched.registration.addresses import is_email, normalise_email
from confsched.registration.models import (
    Invitation,
    OutboxMessage,
    OutboxStatus,
    Registrant,
    Registration,
    RegistrationDesk,
    RegistrationStatus,
    Role,
    WhenFull,
)

CONFIRM_PURPOSE = "confirm"
PAGE_PURPOSE = "page"


class RegistrationRefused(Exception):
    """A rule forbids the request; `code` names the rule so the view can say it in the reader's language."""

    def __init__(self, code: str):
        """Keep the rule's code for the view."""
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class RegistrantDetails:
    """What the registration form collects about a person."""

    name: str
    email: str
    organisation: str | None
    city: str | None
    country: str | None
    language: str
    zone: str


def begin_write() -> None:
    """Make the request's transaction a writer from its first statement on."""
    transactions.begin_write(db.session)


def lock_desk(workshop_id: int) -> RegistrationDesk:
    """The workshop's desk, created if missing and locked until commit, with fresh counters."""
    begin_write()
    dialect = db.session.connection().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(RegistrationDesk).values(workshop_id=workshop_id, open_registration=False, active_taken=0,
                                        listeners_taken=0).on_conflict_do_nothing(index_elements=["workshop_id"])
    )
    statement = (select(RegistrationDesk).where(RegistrationDesk.workshop_id == workshop_id)
                 .with_for_update().execution_options(populate_existing=True))
    return db.session.execute(statement).scalar_one()


def listener_limit(workshop: Workshop) -> int | None:
    """How many listeners the workshop's platform takes, or None for no limit."""
    return workshop.platform.listener_limit if workshop.platform is not None else None


def _counter(role: Role):
    """The desk column counting places of a role."""
    return RegistrationDesk.active_taken if role is Role.active else RegistrationDesk.listeners_taken


def take_place(workshop: Workshop, role: Role) -> bool:
    """Take one seat or listener place if one is free; the UPDATE's condition is what prevents overbooking.

    The limits are read by the UPDATE itself, so a capacity the organisers changed while this
    transaction waited for the desk counts, whatever was loaded before the lock.
    """
    column = _counter(role)
    this_workshop = Workshop.id == workshop.id
    if role is Role.active:
        admitted = true()
        limit = select(Workshop.capacity).where(this_workshop).scalar_subquery()
    else:
        admitted = select(Workshop.listeners_admitted).where(this_workshop).scalar_subquery()
        limit = (select(Platform.listener_limit).join(Workshop, Workshop.platform_id == Platform.id)
                 .where(this_workshop).scalar_subquery())
    statement = (update(RegistrationDesk)
                 .where(RegistrationDesk.workshop_id == workshop.id, admitted, or_(limit.is_(None), column < limit))
                 .values({column.key: column + 1}).execution_options(synchronize_session=False))
    return db.session.execute(statement).rowcount == 1


def release_place(workshop_id: int, role: Role) -> None:
    """Give back one seat or listener place."""
    column = _counter(role)
    db.session.execute(
        update(RegistrationDesk)
        .where(RegistrationDesk.workshop_id == workshop_id, column > 0)
        .values({column.key: column - 1})
        .execution_options(synchronize_session=False)
    )


def places_left(workshop: Workshop, desk: RegistrationDesk | None) -> tuple[int | None, int | None]:
    """Free seats and free listener places (None: unlimited; 0 for listeners when none are admitted)."""
    active_taken = desk.active_taken if desk else 0
    listeners_taken = desk.listeners_taken if desk else 0
    seats = None if workshop.capacity is None else max(workshop.capacity - active_taken, 0)
    if not workshop.listeners_admitted:
        return seats, 0
    limit = listener_limit(workshop)
    return seats, None if limit is None else max(limit - listeners_taken, 0)


def accepts_registrations(workshop: Workshop) -> bool:
    """Cancelled workshops take no registrations."""
    return workshop.status is not WorkshopStatus.cancelled


def _secret_key() -> str:
    """The app secret the link tokens are bound to."""
    return current_app.config["SECRET_KEY"]


def confirmation_token(registration: Registration) -> str:
    """The token of the registration's confirmation link."""
    return tokens.make_token(_secret_key(), CONFIRM_PURPOSE, registration.id, registration.confirmation_key)


def page_token(registrant: Registrant) -> str:
    """The token of the registrant's personal page and private feed."""
    return tokens.make_token(_secret_key(), PAGE_PURPOSE, registrant.id, registrant.page_key)


def registration_by_confirmation_token(token: str) -> Registration | None:
    """The pending registration a current, unexpired confirmation link belongs to."""
    row_id = tokens.token_row_id(token)
    registration = db.session.get(Registration, row_id) if row_id is not None else None
    if registration is None or not tokens.token_matches(
        _secret_key(), CONFIRM_PURPOSE, token, registration.id, registration.confirmation_key
    ):
        return None
    valid_for = dt.timedelta(days=current_app.config["CONFSCHED_CONFIRMATION_DAYS"])
    if registration.confirmation_requested_at + valid_for < utcnow():
        return None
    return registration


def registrant_by_page_token(token: str) -> Registrant | None:
    """The registrant whose current personal-page token this is."""
    row_id = tokens.token_row_id(token)
    registrant = db.session.get(Registrant, row_id) if row_id is not None else None
    if registrant is None or not tokens.token_matches(
        _secret_key(), PAGE_PURPOSE, token, registrant.id, registrant.page_key
    ):
        return None
    return registrant


@dataclass(frozen=True)
class PrivateFeedVersion:
    """What a registrant's private feed is built from, read in one statement: it validates the feed's ETag."""

    registrant_id: int
    # "<conference id>.<version>": any programme change, access data included, moves it; "-" once removed.
    programme: str
    # The registrations holding a place, which decide the feed's workshops.
    places: tuple[int, ...]
    # No Last-Modified: a place can change while the programme does not.
    updated_at: None = None

    def etag(self, *variant: str) -> str:
        """A strong ETag for one representation (language, encoding) of the feed as of this version."""
        places = hashlib.sha256(",".join(map(str, self.places)).encode()).hexdigest()[:16]
        return "-".join(["p", str(self.registrant_id), self.programme, places, *variant])


def private_feed_version(token: str) -> PrivateFeedVersion | None:
    """The version of the private feed a current page token opens (one statement), else None."""
    row_id = tokens.token_row_id(token)
    if row_id is None:
        return None
    rows = db.session.execute(
        select(Registrant.page_key, Conference.id, Conference.version, Registration.id)
        .select_from(Registrant)
        .outerjoin(Conference, Conference.id == Registrant.conference_id)
        .outerjoin(Registration, (Registration.registrant_id == Registrant.id)
                   & Registration.status.in_(Registration.PLACE_STATUSES))
        .where(Registrant.id == row_id)
        .order_by(Registration.id)
    ).all()
    if not rows or not tokens.token_matches(_secret_key(), PAGE_PURPOSE, token, row_id, rows[0].page_key):
        return None
    conference_id, version = rows[0][1], rows[0][2]
    programme = f"{conference_id}.{version}" if conference_id is not None else "-"
    return PrivateFeedVersion(row_id, programme, tuple(row[3] for row in rows if row[3] is not None))


def invitation_by_token(token: str, conference_id: int | None = None) -> Invitation:
    """The unused invitation a genuine, unexpired link names (for this conference, if given), else RegistrationRefused."""
    max_age = current_app.config["CONFSCHED_INVITATION_DAYS"] * 86400
    try:
        invitation_id = tokens.read_invitation(_secret_key(), token, max_age)
    except tokens.InvitationLinkError as error:
        raise RegistrationRefused("invitation_expired" if error.expired else "invitation_invalid") from None
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or conference_id not in (None, invitation.conference_id):
        raise RegistrationRefused("invitation_invalid")
    if invitation.used_at is not None:
        raise RegistrationRefused("invitation_used")
    return invitation


def _use_invitation(invitation: Invitation) -> None:
    """Mark the invitation used, once: a parallel use of the same link is refused."""
    used = db.session.execute(
        update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    if used != 1:
        raise RegistrationRefused("invitation_used")


def submit_registration(workshop: Workshop, details: RegistrantDetails, role: Role, when_full: WhenFull,
                        invitation: Invitation | None = None) -> Registration:
    """Record a request and email a confirmation link; the same answer whether or not the address is known."""
    begin_write()
    if not accepts_registrations(workshop):
        raise RegistrationRefused("workshop_cancelled")
    desk = db.session.get(RegistrationDesk, workshop.id)
    if invitation is None and not (desk and desk.open_registration):
        raise RegistrationRefused("invitation_required")
    if invitation is not None:
        _use_invitation(invitation)
    details = RegistrantDetails(**{**asdict(details), "email": normalise_email(details.email)})
    registrant = _registrant_for(workshop.conference_id, details)
    registration = db.session.execute(
        select(Registration).where(Registration.registrant_id == registrant.id,
                                   Registration.workshop_id == workshop.id)
    ).scalar_one_or_none()
    if registration is not None and registration.status in (
        RegistrationStatus.active, RegistrationStatus.listener, RegistrationStatus.waiting
    ):
        notifications.already_registered(registration, details.language)
        return registration
    if registration is None:
        registration = Registration(registrant=registrant, workshop=workshop)
        db.session.add(registration)
    registration.invitation_id = invitation.id if invitation is not None else registration.invitation_id
    registration.role, registration.when_full = role, when_full
    registration.status = RegistrationStatus.pending
    registration.submitted_details = asdict(details)
    registration.confirmation_key = tokens.new_key()
    registration.confirmation_requested_at = utcnow()
    registration.cancelled_at = None
    db.session.flush()
    notifications.confirmation_request(registration, details.language)
    return registration


def add_registration(registrant: Registrant, workshop: Workshop, role: Role, when_full: WhenFull) -> Registration:
    """A confirmed registrant joins another workshop from their personal page: placed at once, no new opt-in."""
    if not accepts_registrations(workshop):
        raise RegistrationRefused("workshop_cancelled")
    begin_write()
    registration = db.session.execute(
        select(Registration).where(Registration.registrant_id == registrant.id,
                                   Registration.workshop_id == workshop.id)
    ).scalar_one_or_none()
    if registration is None:
        registration = Registration(registrant=registrant, workshop=workshop)
        db.session.add(registration)
    elif registration.status is not RegistrationStatus.cancelled:
        return registration
    registration.role, registration.when_full = role, when_full
    registration.status = RegistrationStatus.pending
    registration.confirmation_requested_at = utcnow()
    registration.cancelled_at = None
    db.session.flush()
    return confirm_registration(registration)


def _registrant_for(conference_id: int, details: RegistrantDetails) -> Registrant:
    """The registrant with this address, created unconfirmed if new; a confirmed one is never overwritten here."""
    registrant = db.session.execute(
        select(Registrant).where(Registrant.conference_id == conference_id, Registrant.email == details.email)
    ).scalar_one_or_none()
    if registrant is None:
        registrant = Registrant(conference_id=conference_id, consent_given_at=utcnow(), **asdict(details))
        db.session.add(registrant)
        db.session.flush()
    return registrant


def confirm_registration(registration: Registration) -> Registration:
    """Confirm the address, apply the submitted details and place the registrant (seat, listener or waiting)."""
    placing = notifications.prepare_placing(registration, _place_looks_free(registration))
    lock_desk(registration.workshop_id)
    db.session.refresh(registration, ["status", "submitted_details"])
    if registration.status is not RegistrationStatus.pending:
        return registration
    now = utcnow()
    registrant = registration.registrant
    for name, value in (registration.submitted_details or {}).items():
        setattr(registrant, name, value)
    registrant.consent_given_at = now
    registrant.confirmed_at = registrant.confirmed_at or now
    if registrant.page_key is None:
        registrant.page_key = tokens.new_key()
    registration.confirmation_key = None
    registration.submitted_details = None
    registration.confirmed_at = now
    registration.status = _place(registration)
    registration.waiting_since = now if registration.status is RegistrationStatus.waiting else None
    registration.placed_at = now if registration.holds_place else None
    db.session.flush()
    notifications.placed(registration, placing)
    return registration


def _place_looks_free(registration: Registration) -> bool:
    """Whether a place the registrant would take seems free, read without the lock: it only decides what to load first."""
    seats, listener_places = places_left(registration.workshop,
                                         db.session.get(RegistrationDesk, registration.workshop_id))
    seat = registration.role is Role.active and (seats is None or seats > 0)
    listener = ((registration.role is Role.listener or registration.when_full is WhenFull.listener)
                and (listener_places is None or listener_places > 0))
    return seat or listener


def _place(registration: Registration) -> RegistrationStatus:
    """The best place free for what the registrant asked for."""
    workshop = registration.workshop
    if registration.role is Role.active:
        if take_place(workshop, Role.active):
            return RegistrationStatus.active
        if registration.when_full is WhenFull.listener and take_place(workshop, Role.listener):
            return RegistrationStatus.listener
        return RegistrationStatus.waiting
    return RegistrationStatus.listener if take_place(workshop, Role.listener) else RegistrationStatus.waiting


def waiting_list(workshop_id: int) -> list[Registration]:
    """Waiting registrations, first come first served."""
    return list(db.session.execute(
        select(Registration).where(Registration.workshop_id == workshop_id,
                                   Registration.status == RegistrationStatus.waiting)
        .order_by(Registration.waiting_since, Registration.id)
    ).scalars())


def waiting_position(registration: Registration) -> int:
    """Where a waiting registration stands in its workshop's list (1 = next), counted without loading the list."""
    ahead = (Registration.waiting_since < registration.waiting_since) | (
        (Registration.waiting_since == registration.waiting_since) & (Registration.id < registration.id))
    return 1 + db.session.execute(
        select(func.count()).select_from(Registration)
        .where(Registration.workshop_id == registration.workshop_id,
               Registration.status == RegistrationStatus.waiting, ahead)
    ).scalar_one()


def fill_free_places(workshop: Workshop) -> list[Registration]:
    """Promote waiting registrants, in order, into whatever places are free; call with the desk locked."""
    promoted, full = [], set()
    for registration in waiting_list(workshop.id):
        if registration.role in full:
            continue
        if not take_place(workshop, registration.role):
            full.add(registration.role)
            continue
        registration.status = RegistrationStatus(registration.role.value)
        registration.waiting_since = None
        registration.placed_at = utcnow()
        promoted.append(registration)
        notifications.promoted(registration)
    db.session.flush()
    return promoted


def cancel_registration(registration: Registration) -> list[Registration]:
    """Cancel, free the place and promote the first waiting registrants; returns who was promoted."""
    workshop = registration.workshop
    if workshop is None:
        return []  # its workshop was removed, and the registration with it cancelled by the organisers
    lock_desk(workshop.id)
    db.session.refresh(registration)
    previous = registration.status
    if previous is RegistrationStatus.cancelled:
        return []
    registration.status = RegistrationStatus.cancelled
    registration.cancelled_at = utcnow()
    registration.confirmation_key = None
    registration.waiting_since = None
    if previous in (RegistrationStatus.active, RegistrationStatus.listener):
        release_place(workshop.id, Role(previous.value))
    db.session.flush()
    if previous is not RegistrationStatus.pending:
        notifications.cancelled(registration, had_place=previous in (RegistrationStatus.active,
                                                                     RegistrationStatus.listener))
    return fill_free_places(workshop)


def reset_page_token(registrant: Registrant) -> str:
    """Replace the personal-page key: every earlier page, cancellation and feed link stops working."""
    registrant.page_key = tokens.new_key()
    return page_token(registrant)


def revoke_page_token(registrant: Registrant) -> None:
    """Switch the personal page and private feed off until a new link is requested."""
    registrant.page_key = None


def erase_registrant(registrant: Registrant) -> None:
    """Delete a registrant's data on request, after cancelling their places (and telling their calendar)."""
    for registration in list(registrant.registrations):
        cancel_registration(registration)
    db.session.delete(registrant)
    db.session.flush()


def purge_expired(now: dt.datetime | None = None) -> tuple[int, int]:
    """Delete unconfirmed requests past their link's life, registrants past the retention period, and old mail."""
    now = now or utcnow()
    config = current_app.config
    stale_before = now - dt.timedelta(days=config["CONFSCHED_CONFIRMATION_DAYS"])
    begin_write()
    stale = db.session.execute(
        select(Registration).where(Registration.status == RegistrationStatus.pending,
                                   Registration.confirmation_requested_at < stale_before)
    ).scalars().all()
    for registration in stale:
        db.session.delete(registration)
    db.session.flush()
    orphans = db.session.execute(
        select(Registrant).where(Registrant.confirmed_at.is_(None), ~Registrant.registrations.any())
    ).scalars().all()
    expired = _past_retention(now - dt.timedelta(days=config["CONFSCHED_RETENTION_DAYS"]))
    for registrant in [*orphans, *expired]:
        db.session.delete(registrant)
    # Sent messages hold addresses and access data; keep them only as long as organisers may need to check them.
    db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.status == OutboxStatus.sent,
        OutboxMessage.sent_at < now - dt.timedelta(days=config["CONFSCHED_OUTBOX_KEEP_DAYS"])))
    db.session.execute(delete(Invitation).where(Invitation.conference_id.in_(_ended_conferences(
        now - dt.timedelta(days=config["CONFSCHED_RETENTION_DAYS"])))))
    db.session.flush()
    return len(stale), len(orphans) + len(expired)


def _ended_conferences(cutoff: dt.datetime):
    """Ids of conferences whose last workshop day ended before the cutoff, as a subquery."""
    last_end = (select(db.func.max(WorkshopDay.ends_at)).join(Workshop)
                .where(Workshop.conference_id == Conference.id).correlate(Conference).scalar_subquery())
    return select(Conference.id).where(last_end < cutoff)


def _past_retention(cutoff: dt.datetime) -> list[Registrant]:
    """Registrants of conferences that ended before the cutoff, removed conferences counted by their planned last day."""
    return list(db.session.execute(
        select(Registrant).where(Registrant.conference_id.in_(_ended_conferences(cutoff))
                                 | (Registrant.conference_id.is_(None) & (Registrant.removed_conference_ended_at < cutoff)))
    ).scalars())


@dataclass(frozen=True)
class InvitationLine:
    """One address to invite, in a language."""

    email: str
    language: str


def parse_invitation_lines(text: str, default_language: str, languages: tuple[str, ...]) -> tuple[list[InvitationLine], list[int]]:
    """Addresses, one per line, optionally followed by a language; returns the lines and the numbers of bad ones."""
    lines, bad, seen = [], [], set()
    for number, raw in enumerate(text.splitlines(), start=1):
        parts = raw.replace(",", " ").replace(";", " ").split()
        if not parts:
            continue
        email, language = normalise_email(parts[0]), (parts[1].lower() if len(parts) > 1 else default_language)
        if len(parts) > 2 or not is_email(email) or language not in languages:
            bad.append(number)
        elif email not in seen:
            seen.add(email)
            lines.append(InvitationLine(email, language))
    return lines, bad


def create_invitations(conference, lines: list[InvitationLine]) -> list[Invitation]:
    """One invitation per address, sent in its language; each link works for one registration."""
    begin_write()
    created = []
    for line in lines:
        invitation = Invitation(conference_id=conference.id, email=line.email, language=line.language)
        db.session.add(invitation)
        db.session.flush()
        send_invitation(conference, invitation)
        created.append(invitation)
    return created


def invitation_url(invitation: Invitation) -> str:
    """The personal link of an invitation, with a fresh signature (and so a fresh expiry)."""
    token = tokens.sign_invitation(_secret_key(), invitation.id)
    return external_url("registration.invitation", lang=invitation.language, token=token)


def send_invitation(conference, invitation: Invitation) -> None:
    """Queue the invitation email; sending again restarts the link's expiry."""
    invitation.sent_at = utcnow()
    notifications.invitation(invitation, conference, invitation_url(invitation))


def resend(registration: Registration) -> None:
    """Send the registrant's current email again: the confirmation link, the access data or the waiting notice."""
    begin_write()
    if registration.status is RegistrationStatus.pending:
        details = registration.submitted_details or {}
        notifications.confirmation_request(registration, details.get("language") or registration.registrant.language)
    elif registration.status in (RegistrationStatus.active, RegistrationStatus.listener, RegistrationStatus.waiting):
        notifications.placed(registration)


def set_open_registration(workshop: Workshop, is_open: bool) -> list[Registration]:
    """Open or close registration without invitation; also fills places freed by a larger capacity."""
    desk = lock_desk(workshop.id)
    desk.open_registration = is_open
    return fill_free_places(workshop)
