"""The mail outbox: drafts are stored with the change that caused them, rendered and delivered afterwards, with retries.

Delivery claims messages with a conditional UPDATE (and SKIP LOCKED on PostgreSQL), so
several workers, a cron run and a request never send one twice. A failed attempt is kept
with its error (organisers see it) and tried again later with growing pauses;
nothing is lost while the SMTP server is down. Each message is delivered in its
own short transaction, apart from the request's session.
"""
from __future__ import annotations

import datetime as dt
import smtplib
import ssl
import threading
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import case, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from confsched.extensions import db
from confsched.programme.models import utcnow
from confsched.registration import drafts
from confsched.registration.mail import parse_mailbox
from confsched.registration.models import OutboxMessage, OutboxStatus
from confsched.transactions import begin_write

# Pauses before the 2nd, 3rd, ... attempt; the last one repeats until MAX attempts.
RETRY_PAUSES = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2))
MAX_ATTEMPTS = 12
# A claim older than this belongs to a worker that died mid-send.
STALE_CLAIM = dt.timedelta(minutes=15)
# When requests do send (CONFSCHED_MAIL_SEND_IN_REQUEST=true), at most this many messages, each connection
# giving up after this many seconds: a registration's one or two mails go out at once, a batch of
# invitations waits for the sender, and a silent relay costs a request seconds, not minutes.
IN_REQUEST_LIMIT = 5
IN_REQUEST_TIMEOUT = 3.0


class DeliveryError(Exception):
    """The transport could not hand the message over."""


class FileTransport:
    """The embedded default: each message becomes an .eml file, for development and demos."""

    def __init__(self, directory: Path):
        """Write into this directory."""
        self.directory = directory

    def send(self, message_id: int, kind: str, raw: bytes, sender: str, recipient: str) -> None:
        """Write the message atomically (temporary file, then rename)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / f"{message_id:08d}-{kind}.eml"
        partial = target.with_suffix(".part")
        partial.write_bytes(raw)
        partial.replace(target)


class SMTPTransport:
    """Delivery through an SMTP server, plain, with STARTTLS or over SSL."""

    def __init__(self, host: str, port: int, security: str, user: str | None, password: str | None, timeout: float):
        """Remember how to reach and log in to the server."""
        self.host, self.port, self.security = host, port, security
        self.user, self.password, self.timeout = user, password, timeout

    def send(self, message_id: int, kind: str, raw: bytes, sender: str, recipient: str) -> None:
        """Hand one message over; any SMTP or network failure becomes a DeliveryError."""
        try:
            with self._connect() as server:
                if self.user:
                    server.login(self.user, self.password or "")
                server.sendmail(sender, [recipient], raw)
        except (smtplib.SMTPException, OSError, UnicodeError) as error:
            raise DeliveryError(f"{type(error).__name__}: {error}") from error

    def _connect(self) -> smtplib.SMTP:
        """An open connection, encrypted as configured."""
        context = ssl.create_default_context()
        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        server = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            server.starttls(context=context)
        return server


def transport(app: Flask):
    """SMTP when CONFSCHED_SMTP_HOST is set, else .eml files under instance/outbox/."""
    config = app.config
    host = config.get("CONFSCHED_SMTP_HOST")
    if not host:
        return FileTransport(Path(config.get("CONFSCHED_OUTBOX_DIR") or Path(app.instance_path) / "outbox"))
    security = config.get("CONFSCHED_SMTP_SECURITY") or "starttls"  # checked and lower-cased by confsched.config
    default_port = {"ssl": 465, "starttls": 587, "none": 25}[security]
    user, password = config.get("CONFSCHED_SMTP_USER"), config.get("CONFSCHED_SMTP_PASSWORD")
    return SMTPTransport(str(host), int(config.get("CONFSCHED_SMTP_PORT") or default_port), security,
                         str(user) if user else None, str(password) if password is not None else None,
                         float(config.get("CONFSCHED_SMTP_TIMEOUT") or 10))


def queue(draft: dict, *, kind: str, recipient: str, subject: str, conference_id: int | None,
          registrant_id: int | None) -> OutboxMessage:
    """Store a draft in the current transaction; it is rendered and delivered once that commits."""
    entry = OutboxMessage(
        kind=kind, recipient=recipient, subject=subject[:400], draft=draft,
        conference_id=conference_id, registrant_id=registrant_id, status=OutboxStatus.queued,
        attempts=0, next_attempt_at=utcnow(),
    )
    db.session.add(entry)
    db.session.flush()
    g.setdefault("queued_mail", []).append(entry.id)
    return entry


def queue_all(messages: list[dict]) -> None:
    """Store many drafts (each with queue()'s arguments) in one INSERT, so a release costs the same for any number."""
    if not messages:
        return
    now = utcnow()
    rows = [{**message, "subject": message["subject"][:400], "status": OutboxStatus.queued, "attempts": 0,
             "created_at": now, "next_attempt_at": now} for message in messages]
    ids = db.session.scalars(insert(OutboxMessage).returning(OutboxMessage.id), rows)
    g.setdefault("queued_mail", []).extend(ids.all())


def sends_in_request(app: Flask) -> bool:
    """Whether requests deliver the mail they queued: by default only to the outbox folder, which cannot hang."""
    setting = app.config.get("CONFSCHED_MAIL_SEND_IN_REQUEST")
    return not app.config.get("CONFSCHED_SMTP_HOST") if setting is None else setting


def deliver_queued_after_request(response):
    """After a request that queued mail (and committed), send a few at once; the sender takes the rest.

    By default only the outbox folder is written in the request. With SMTP the `worker` command
    (or `send-outbox` from cron) delivers, so a slow or silent relay never holds a request; a
    deployment that sets CONFSCHED_MAIL_SEND_IN_REQUEST=true sends up to IN_REQUEST_LIMIT
    messages in the request, each with a short timeout.
    """
    message_ids = g.pop("queued_mail", None)
    app = current_app._get_current_object()
    if message_ids and response.status_code < 400 and sends_in_request(app):
        deliver(app, message_ids[:IN_REQUEST_LIMIT], timeout=IN_REQUEST_TIMEOUT)
    return response


def deliver(app: Flask, message_ids: list[int] | None = None, limit: int = 100,
            timeout: float | None = None) -> tuple[int, int]:
    """Try the given (or up to `limit` due) messages once each; returns (sent, failed).

    Uses the current session, whose request work is committed by now: taking a second
    connection per request could exhaust the pool while every thread waits for one.
    """
    sender = _address(app.config["CONFSCHED_MAIL_SENDER"])
    mailer = transport(app)
    if timeout is not None and isinstance(mailer, SMTPTransport):
        mailer.timeout = min(mailer.timeout, timeout)
    session = db.session
    sent = failed = 0
    if message_ids is None:
        claimed = _claim_due(session, limit)
    else:
        claimed = [entry for entry in (_claim(session, entry_id) for entry_id in message_ids) if entry is not None]
    for entry in claimed:
        if entry.message is None:
            try:
                _render(app, session, entry)
            except Exception as error:  # a template fault must not turn the committed request into an error
                session.rollback()
                _record_failure(session, entry, f"rendering failed: {type(error).__name__}")
                failed += 1
                app.logger.exception("mail %s (%s) could not be rendered", entry.id, entry.kind)
                continue
        try:
            mailer.send(entry.id, entry.kind, entry.message, sender, entry.recipient)
        except DeliveryError as error:
            _record_failure(session, entry, str(error))
            failed += 1
            app.logger.warning("mail %s (%s) not delivered, attempt %s: %s", entry.id, entry.kind, entry.attempts, error)
        else:
            _record(session, entry, status=OutboxStatus.sent, sent_at=utcnow(), last_error=None)
            sent += 1
    return sent, failed


def run_worker(app: Flask, stop: threading.Event, interval: float = 5.0, batch: int = 100,
               queue_due: Callable[[], object] | None = None) -> None:
    """Deliver due mail until `stop` is set: straight on while there is work, every `interval` seconds otherwise.

    Each round first calls `queue_due` (the reminders), so what becomes due goes out in the same round.
    """
    while not stop.is_set():
        try:
            if queue_due is not None:
                queue_due()
            sent, failed = deliver(app, limit=batch)
        except SQLAlchemyError as error:
            db.session.rollback()
            app.logger.error("outbox worker: database unreachable: %s", str(getattr(error, "orig", error)).splitlines()[0])
            sent = failed = 0
        finally:
            db.session.close()
        if sent + failed < batch:
            stop.wait(interval)


def _render(app: Flask, session: Session, entry: OutboxMessage) -> None:
    """Turn a claimed draft into its message and keep that, so every retry sends the same bytes (one Message-ID)."""
    message = drafts.render(entry.draft, subject=entry.subject, sender=parse_mailbox(app.config["CONFSCHED_MAIL_SENDER"]),
                            message_id_domain=app.config["CONFSCHED_HOST"])
    _record(session, entry, message=message, draft=None)
    session.refresh(entry)


def _address(sender: str) -> str:
    """The envelope sender: the bare address of the configured From."""
    return parse_mailbox(sender).email


def _claim_due(session: Session, limit: int) -> list[OutboxMessage]:
    """Claim up to `limit` messages that are due, oldest first, in one transaction.

    PostgreSQL skips rows another sender has locked (FOR UPDATE SKIP LOCKED), so senders share
    the queue without waiting on each other; SQLite lets one writer in at a time (BEGIN
    IMMEDIATE). Either way a message is claimed by exactly one sender.
    """
    now = utcnow()
    begin_write(session)
    due = select(OutboxMessage.id).where(
        or_(
            OutboxMessage.status.in_([OutboxStatus.queued, OutboxStatus.failed])
            & (OutboxMessage.next_attempt_at <= now) & (OutboxMessage.attempts < MAX_ATTEMPTS),
            (OutboxMessage.status == OutboxStatus.sending) & (OutboxMessage.claimed_at < now - STALE_CLAIM),
        )
    ).order_by(OutboxMessage.id).limit(limit)
    if session.connection().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(session.execute(due).scalars())
    if ids:
        session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids))
                        .values(status=OutboxStatus.sending, claimed_at=now, attempts=OutboxMessage.attempts + 1)
                        .execution_options(synchronize_session=False))
    session.commit()
    if not ids:
        return []
    return list(session.execute(select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
                                .execution_options(populate_existing=True)).scalars())


def _claim(session: Session, entry_id: int) -> OutboxMessage | None:
    """Take a message for sending unless someone else has it or it is done."""
    now = utcnow()
    begin_write(session)
    claimed = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == entry_id,
               or_(OutboxMessage.status.in_([OutboxStatus.queued, OutboxStatus.failed]),
                   (OutboxMessage.status == OutboxStatus.sending) & (OutboxMessage.claimed_at < now - STALE_CLAIM)))
        .values(status=OutboxStatus.sending, claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    return session.get(OutboxMessage, entry_id) if claimed == 1 else None


def _record_failure(session: Session, entry: OutboxMessage, error: str) -> None:
    """Keep the error for organisers and schedule the next attempt."""
    pause = RETRY_PAUSES[min(entry.attempts, len(RETRY_PAUSES)) - 1]
    _record(session, entry, status=OutboxStatus.failed, last_error=error[:2000], next_attempt_at=utcnow() + pause)


def _record(session: Session, entry: OutboxMessage, **values) -> None:
    """Store the outcome of an attempt in its own transaction."""
    begin_write(session)
    session.execute(update(OutboxMessage).where(OutboxMessage.id == entry.id).values(**values)
                    .execution_options(synchronize_session=False))
    session.commit()


def retry_failed_now() -> int:
    """Make every failed message due at once, also those past the last attempt (`send-outbox --now`); returns how many."""
    session = db.session
    begin_write(session)
    count = session.execute(
        update(OutboxMessage).where(OutboxMessage.status == OutboxStatus.failed)
        .values(next_attempt_at=utcnow(),
                attempts=case((OutboxMessage.attempts >= MAX_ATTEMPTS, MAX_ATTEMPTS - 1), else_=OutboxMessage.attempts))
        .execution_options(synchronize_session=False)
    ).rowcount
    session.commit()
    return count


def retry_now(entry: OutboxMessage) -> None:
    """Let an organiser send a failed message again without waiting for its pause."""
    entry.next_attempt_at = utcnow()
    if entry.attempts >= MAX_ATTEMPTS:
        entry.attempts = MAX_ATTEMPTS - 1
    g.setdefault("queued_mail", []).append(entry.id)
