"""Reminders before each workshop day, worked out when a sender runs from each day's current start.

Nothing is scheduled ahead. A reminder is due for a registration that holds a place, a day of its
workshop (not cancelled) and one of the conference's offsets once `start - offset` has passed and
the day has not begun. Each reminder given is a row keyed by (registration, day identity, offset),
inserted with ON CONFLICT DO NOTHING in the same transaction as its outbox message, so of several
senders running at once exactly one queues it. Because the start is read afresh every time:

- a moved day reminds at its new time (an offset already sent for that day is not sent again);
- a cancelled workshop, a removed day and a cancelled registration get none;
- when several offsets of a day are due at once (no sender ran for a while), only the shortest goes
  out and the others are recorded as passed over;
- an offset whose moment had passed when the registration got its place is never sent: the email
  that gave the place carried the same details minutes or hours before.

The outbox then delivers each queued reminder exactly once, with its retries.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import selectinload

from confsched import timeengine, zonedisplay
from confsched.agenda.presenters import PageZones, agenda_day
from confsched.calendars.adapters import access_data
from confsched.extensions import db
from confsched.localized import pick
from confsched.programme import places, queries
from confsched.programme.models import Conference, PlatformAccess, Workshop, WorkshopDay, WorkshopStatus, utcnow
from confsched.public_urls import external_url
from confsched.registration import drafts
from confsched.registration.mail import Mailbox
from confsched.registration.models import OutboxMessage, OutboxStatus, Registration, RegistrationStatus, Reminder
from confsched.transactions import begin_write


@dataclass(frozen=True)
class DueReminder:
    """One reminder to give now: the registration, the day, the offset, and the offsets it passes over."""

    registration_id: int
    day_id: int
    day_identity: str
    day_starts_at: dt.datetime
    minutes_before: int
    passed_over: tuple[int, ...]


def choose(offsets, starts_at: dt.datetime, placed_at: dt.datetime | None, given: set[int],
           now: dt.datetime) -> tuple[int, tuple[int, ...]] | None:
    """The offset to send now for one registration and day, and the due ones it passes over; None when nothing is due.

    Due: its moment has passed, the day has not begun, and the moment came after the place was given.
    """
    if starts_at <= now:
        return None
    due = sorted(minutes for minutes in offsets
                 if starts_at - dt.timedelta(minutes=minutes) <= now
                 and (placed_at is None or starts_at - dt.timedelta(minutes=minutes) >= placed_at))
    if not due or due[0] in given:
        return None
    return due[0], tuple(minutes for minutes in due[1:] if minutes not in given)


def find_due(now: dt.datetime) -> list[DueReminder]:
    """Every reminder due now, in three statements however many conferences, days and registrants there are."""
    offsets = [minutes for (stored,) in db.session.execute(select(Conference.reminder_minutes))
               for minutes in stored or ()]
    if not offsets:
        return []
    horizon = now + dt.timedelta(minutes=max(offsets))
    holders = (select(Registration.id.label("registration_id"), WorkshopDay.id.label("day_id"),
                      WorkshopDay.identity, WorkshopDay.starts_at, Registration.placed_at,
                      Conference.reminder_minutes)
               .join(Workshop, Workshop.id == Registration.workshop_id)
               .join(Conference, Conference.id == Workshop.conference_id)
               .join(WorkshopDay, WorkshopDay.workshop_id == Workshop.id)
               .where(Registration.status.in_(Registration.PLACE_STATUSES),
                      Workshop.status != WorkshopStatus.cancelled,
                      WorkshopDay.starts_at > now, WorkshopDay.starts_at <= horizon))
    candidates = db.session.execute(holders).all()
    if not candidates:
        return []
    given = defaultdict(set)
    previous = (select(Reminder.registration_id, Reminder.day_identity, Reminder.minutes_before)
                .join(Registration, Registration.id == Reminder.registration_id)
                .join(WorkshopDay, (WorkshopDay.workshop_id == Registration.workshop_id)
                      & (WorkshopDay.identity == Reminder.day_identity))
                .where(Registration.status.in_(Registration.PLACE_STATUSES),
                       WorkshopDay.starts_at > now, WorkshopDay.starts_at <= horizon))
    for registration_id, identity, minutes in db.session.execute(previous):
        given[registration_id, identity].add(minutes)
    due = []
    for row in candidates:
        chosen = choose(row.reminder_minutes or (), row.starts_at, row.placed_at,
                        given[row.registration_id, row.identity], now)
        if chosen is not None:
            due.append(DueReminder(row.registration_id, row.day_id, row.identity, row.starts_at, *chosen))
    return due


def queue_due(now: dt.datetime | None = None) -> int:
    """Queue every reminder due now in the outbox, each exactly once whoever else runs; returns how many were queued.

    One transaction in constant statements: the rows that make a reminder unique are claimed first
    (a concurrent sender's claim of the same row waits for this one and then finds it taken, also
    when both read the same reminders as due), then the emails are drafted for the claims that were won.
    """
    now = now or utcnow()
    session = db.session
    try:
        due = find_due(now)
        if not due:
            session.commit()
            return 0
        begin_write(session)  # only now: an idle sender never takes SQLite's write lock
        won = _claim(due, now)
        chosen = [reminder for reminder in due
                  if (reminder.registration_id, reminder.day_identity, reminder.minutes_before) in won]
        if chosen:
            _queue(_drafts(chosen, utcnow()), won)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return len(chosen)


def _queue(messages: dict[tuple, dict], won: dict[tuple, int]) -> None:
    """Store the messages with one INSERT and link each reminder row to its message.

    The INSERT runs row by row in the given order inside this transaction, so its ids rise in that
    order; they are read back by this run's stamp (other senders' rows are not visible until they commit).
    """
    keys, rows = list(messages), list(messages.values())
    db.session.execute(insert(OutboxMessage), rows)
    ids = db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.kind == "reminder",
                                                            OutboxMessage.created_at == rows[0]["created_at"])
                             .order_by(OutboxMessage.id)).all()
    db.session.execute(update(Reminder), [{"id": won[key], "outbox_message_id": message_id}
                                          for key, message_id in zip(keys, ids)])


def _claim(due: list[DueReminder], now: dt.datetime) -> dict[tuple, int]:
    """Insert the reminder rows (sent and passed over) unless they exist; the keys this sender inserted, with their ids."""
    rows = [{"registration_id": reminder.registration_id, "day_identity": reminder.day_identity,
             "minutes_before": minutes, "day_starts_at": reminder.day_starts_at, "created_at": now}
            for reminder in due for minutes in (reminder.minutes_before, *reminder.passed_over)]
    insert = postgresql_insert if db.session.connection().dialect.name == "postgresql" else sqlite_insert
    statement = (insert(Reminder).values(rows)
                 .on_conflict_do_nothing(index_elements=["registration_id", "day_identity", "minutes_before"])
                 .returning(Reminder.id, Reminder.registration_id, Reminder.day_identity, Reminder.minutes_before))
    return {(registration_id, identity, minutes): reminder_id
            for reminder_id, registration_id, identity, minutes in db.session.execute(statement)}


def _drafts(chosen: list[DueReminder], stamp: dt.datetime) -> dict[tuple, dict]:
    """One outbox row per reminder, drafted in the registrant's language and zone (constant statements)."""
    registrations = {registration.id: registration for registration in db.session.execute(
        select(Registration).where(Registration.id.in_({reminder.registration_id for reminder in chosen}))
        .options(selectinload(Registration.registrant))).scalars()}
    # The workshops and conferences stay referenced here: the identity map holds rows weakly.
    days, _workshops, _conferences = _load_days({reminder.day_id for reminder in chosen})
    secrets = _access_rows({days[reminder.day_id].workshop.platform_id for reminder in chosen
                            if registrations[reminder.registration_id].status is RegistrationStatus.active})
    messages = {}
    for reminder in chosen:
        registration, day = registrations[reminder.registration_id], days[reminder.day_id]
        subject, draft = _draft(registration, day, secrets)
        messages[reminder.registration_id, reminder.day_identity, reminder.minutes_before] = {
            "kind": "reminder", "recipient": registration.registrant.email, "subject": subject[:400], "draft": draft,
            "conference_id": day.workshop.conference_id, "registrant_id": registration.registrant_id,
            "status": OutboxStatus.queued, "attempts": 0, "created_at": stamp, "next_attempt_at": stamp}
    return messages


def _load_days(day_ids: set[int]) -> tuple[dict[int, WorkshopDay], list[Workshop], list[Conference]]:
    """The days with their workshops, conferences (and the directory names resolve against) and agendas."""
    days = list(db.session.execute(select(WorkshopDay).where(WorkshopDay.id.in_(day_ids))).scalars())
    workshops = list(db.session.execute(select(Workshop).where(Workshop.id.in_({day.workshop_id for day in days})))
                     .scalars())
    conferences = db.session.execute(
        select(Conference).where(Conference.id.in_({workshop.conference_id for workshop in workshops}))
        .options(selectinload(Conference.organisations), selectinload(Conference.people),
                 selectinload(Conference.platforms))).scalars().all()
    queries.attach_agendas(days)
    return {day.id: day for day in days}, workshops, conferences


def _access_rows(platform_ids: set) -> dict[int, PlatformAccess]:
    """The secret access data of these platforms, loaded explicitly, for active participants' reminders only."""
    platform_ids.discard(None)
    if not platform_ids:
        return {}
    return {row.platform_id: row for row in db.session.execute(
        select(PlatformAccess).where(PlatformAccess.platform_id.in_(platform_ids))).scalars()}


def _draft(registration: Registration, day: WorkshopDay, secrets: dict) -> tuple[str, dict]:
    """The subject and draft of one reminder, worded in the registrant's language and shown in their zone."""
    from confsched.registration.operations import page_token

    registrant, workshop = registration.registrant, day.workshop
    conference, language = workshop.conference, registrant.language
    local_start = timeengine.to_zone(day.starts_at, registrant.zone)
    with force_locale(language):
        date = zonedisplay.full_date(local_start.date(), language)
        title = str(pick(workshop.title, language))
        subject = _("Reminder for workshop %(number)s on %(date)s: %(title)s", number=workshop.number, date=date,
                    title=title)
        access = None
        if registration.status is RegistrationStatus.active and workshop.platform is not None:
            access = access_data(workshop.platform, secrets.get(workshop.platform_id), language)
        token = page_token(registrant) if registrant.page_key is not None else None
        context = {
            "language": language, "name": registrant.name, "conference_title": str(pick(conference.title, language)),
            "conference_title_lang": pick(conference.title, language).language,
            "session_label": str(pick(conference.session_label, language)),
            "workshop_number": workshop.number, "workshop_title": title,
            "workshop_title_lang": pick(workshop.title, language).language, "days": [],
            "platform_name": workshop.platform.name if workshop.platform else "",
            "venue": (places.location_text(workshop.platform, language)
                      if workshop.platform is not None and places.has_venue(workshop.platform.kind) else ""),
            "status": registration.status.value,
            "date": date, "time": zonedisplay.clock_text(day.starts_at, registrant.zone),
            "zone": timeengine.zone_label(day.starts_at, registrant.zone, language),
            "agenda": agenda_day(day, PageZones(conference.reference_zones, registrant.zone), language),
            "access": access,
            **({"page_url": external_url("registration.personal_page", lang=language, token=token),
                "cancel_url": external_url("registration.cancel", lang=language, token=token,
                                           registration_id=registration.id)} if token else {}),
        }
    to = Mailbox(registrant.name, registrant.email)
    return subject, drafts.draft("reminder", to=to, language=language, context=context)
