"""Accounts: creating organisers, checking passwords with a per-account lockout, and bearer tokens."""
from __future__ import annotations

import datetime as dt
import re
import secrets
from functools import lru_cache

from flask import current_app
from sqlalchemy import case, literal, null, or_, select, update
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from confsched.extensions import db
from confsched.input_limits import has_control_characters
from confsched.organiser.models import (
    MAX_EMAIL_LENGTH,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    PASSWORD_METHOD,
    ApiToken,
    Organiser,
    hash_token,
)
from confsched.programme.models import UTCDateTime, utcnow

EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked against when the email is unknown, so a wrong email costs as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(16), method=PASSWORD_METHOD)


class AccountError(ValueError):
    """An account cannot be created as asked; the message is for the command line."""


def normalise_email(email: str) -> str:
    """Emails compare case-insensitively, as people type them both ways."""
    return (email or "").strip().lower()


def create_organiser(email: str, password: str, is_admin: bool = False) -> Organiser:
    """A new organiser account with a hashed password."""
    email = normalise_email(email)
    if len(email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.fullmatch(email):
        raise AccountError(f"{email[:80]!r} is not an email address")
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise AccountError(f"the password must have {MIN_PASSWORD_LENGTH} to {MAX_PASSWORD_LENGTH} characters")
    if find_organiser(email) is not None:
        raise AccountError(f"an organiser with the email {email} exists already")
    organiser = Organiser(email=email, is_admin=is_admin, failed_sign_ins=0)
    organiser.set_password(password)
    db.session.add(organiser)
    db.session.commit()
    return organiser


def find_organiser(email: str) -> Organiser | None:
    """The organiser with that email, if any; text that cannot be an address (a NUL, say) never reaches the query."""
    address = normalise_email(email)
    if len(address) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.fullmatch(address) or has_control_characters(address):
        return None
    return db.session.execute(select(Organiser).where(Organiser.email == address)).scalar()


def authenticate(email: str, password: str) -> Organiser | None:
    """The organiser if the password is right and the account is open.

    Every refusal looks the same (unknown email, wrong password, locked account), and each
    costs one password hash, so neither the answer nor its timing tells whether an account exists.
    """
    organiser = find_organiser(email)
    if organiser is None or not _claim_attempt(organiser.id, utcnow()):
        check_password_hash(_dummy_hash(), password)
        return None
    if not organiser.check_password(password):
        return None
    db.session.execute(update(Organiser).where(Organiser.id == organiser.id)
                       .values(failed_sign_ins=0, locked_until=None).execution_options(synchronize_session=False))
    db.session.commit()
    return organiser


def _claim_attempt(organiser_id: int, now: dt.datetime) -> bool:
    """Count an attempt as failed before its password is checked, in one conditional UPDATE.

    Parallel attempts cannot read the same count, so no more passwords are checked than the
    limit allows; the attempt that reaches the limit locks the account at once (a right
    password lifts the lock again). False when the account is locked.
    """
    limit = current_app.config["CONFSCHED_LOCKOUT_FAILURES"]
    lock_ends = now + dt.timedelta(minutes=current_app.config["CONFSCHED_LOCKOUT_MINUTES"])
    reaches_limit = Organiser.failed_sign_ins + 1 >= limit
    claimed = db.session.execute(
        update(Organiser)
        .where(Organiser.id == organiser_id, or_(Organiser.locked_until.is_(None), Organiser.locked_until <= now))
        .values(failed_sign_ins=case((reaches_limit, 0), else_=Organiser.failed_sign_ins + 1),
                locked_until=case((reaches_limit, literal(lock_ends, UTCDateTime())), else_=null()))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return claimed == 1


def organiser_for_session(session_user_id: str) -> Organiser | None:
    """The organiser a session cookie names ("id.version"), unless that session was ended since."""
    organiser_id, _, version = (session_user_id or "").partition(".")
    if not (organiser_id.isdigit() and version.isdigit()):
        return None
    organiser = db.session.get(Organiser, int(organiser_id))
    if organiser is None or organiser.session_version != int(version):
        return None
    return organiser


def end_sessions(organiser: Organiser) -> None:
    """End every session of the account, on every device: copied session cookies stop working too."""
    db.session.execute(update(Organiser).where(Organiser.id == organiser.id)
                       .values(session_version=Organiser.session_version + 1)
                       .execution_options(synchronize_session=False))
    db.session.commit()


class PasswordRefused(ValueError):
    """A password change cannot be made; `reason` says why (wrong_current, length, mismatch)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def change_password(organiser: Organiser, current: str, new: str, repeated: str) -> None:
    """Set a new password after checking the current one, and end every session of the account."""
    if not organiser.check_password(current):
        raise PasswordRefused("wrong_current")
    if not MIN_PASSWORD_LENGTH <= len(new) <= MAX_PASSWORD_LENGTH:
        raise PasswordRefused("length")
    if new != repeated:
        raise PasswordRefused("mismatch")
    organiser.set_password(new)
    organiser.session_version = Organiser.session_version + 1
    db.session.commit()


def issue_token(organiser: Organiser, name: str) -> str:
    """Create an API token and return its clear text, which is shown once."""
    _, secret = ApiToken.issue(organiser, name.strip()[:80] or "API")
    db.session.commit()
    return secret


def revoke_token(token: ApiToken) -> None:
    """Make a token useless from now on; it stays listed so its use can be traced."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()


def organiser_for_token(secret: str) -> Organiser | None:
    """The organiser a bearer token belongs to, if it is known and not revoked."""
    if not secret or len(secret) > 200:
        return None
    token = db.session.execute(select(ApiToken).where(ApiToken.token_hash == hash_token(secret))
                               .options(joinedload(ApiToken.organiser))).scalar()
    if token is None or not token.is_active:
        return None
    now = utcnow()
    # Note use at most once a minute, so reading does not turn every request into a write.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        token.last_used_at = now
        db.session.commit()
    return token.organiser
