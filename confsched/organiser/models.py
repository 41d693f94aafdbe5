"""Organiser accounts, their conference memberships, API tokens and the per-conference change history."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from confsched.extensions import db
from confsched.programme.changes import Change
from confsched.programme.models import Conference, UTCDateTime, utcnow

# scrypt is werkzeug's default and memory-hard; the method is stored in the hash, so it can change later.
PASSWORD_METHOD = "scrypt"
TOKEN_PREFIX = "cst_"
MAX_EMAIL_LENGTH = 254
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200


class Organiser(UserMixin, db.Model):
    """Someone who edits programmes; an admin may also manage who edits which conference."""

    __tablename__ = "organiser"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(MAX_EMAIL_LENGTH), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Part of every session cookie's user id; raising it (sign-out, new password) ends every session at once.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="organiser", cascade="all, delete-orphan")
    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="organiser", cascade="all, delete-orphan", order_by="ApiToken.created_at.desc()"
    )

    def get_id(self) -> str:
        """The session's user id: the account and its session version, so a raised version ends old sessions."""
        return f"{self.id}.{self.session_version}"

    def set_password(self, password: str) -> None:
        """Store only a salted, slow hash of the password."""
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)

    def check_password(self, password: str) -> bool:
        """Compare a password with the stored hash in constant time."""
        return check_password_hash(self.password_hash, password)

    def can_edit(self, conference: Conference) -> bool:
        """Admins edit everything; everyone else only the conferences they are a member of (and so their drafts)."""
        return self.is_admin or any(link.conference_id == conference.published_id for link in self.memberships)


class Membership(db.Model):
    """An organiser's right to edit one conference."""

    __tablename__ = "organiser_membership"
    __table_args__ = (UniqueConstraint("organiser_id", "conference_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id", ondelete="CASCADE"), index=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    organiser: Mapped[Organiser] = relationship(back_populates="memberships")
    conference: Mapped[Conference] = relationship()


def new_token_secret() -> str:
    """A new API token's clear text: a prefix that logs and scanners recognise, and 256 random bits."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Tokens are long random strings, so a fast digest is enough to keep stolen rows useless."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ApiToken(db.Model):
    """A bearer token for the write API; only its digest is stored, and it can be revoked."""

    __tablename__ = "organiser_api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, so an organiser can tell tokens apart without the secret.
    hint: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    organiser: Mapped[Organiser] = relationship(back_populates="tokens")

    @classmethod
    def issue(cls, organiser: Organiser, name: str) -> tuple[ApiToken, str]:
        """A new token for the organiser; the clear text is returned once and never stored."""
        secret = new_token_secret()
        token = cls(organiser=organiser, name=name, token_hash=hash_token(secret), hint=secret[: len(TOKEN_PREFIX) + 4])
        db.session.add(token)
        return token, secret

    @property
    def is_active(self) -> bool:
        """Revoked tokens stay listed but open nothing."""
        return self.revoked_at is None

    def __repr__(self) -> str:
        """Never print the digest."""
        return f"<ApiToken {self.id} {self.hint}…>"


class ChangeLogEntry(db.Model):
    """One recorded change of a conference's programme: who, through what, when and what."""

    __tablename__ = "organiser_change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"), index=True)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organiser.id", ondelete="SET NULL"))
    # Kept as text so the history still names someone after their account is deleted.
    actor: Mapped[str] = mapped_column(String(MAX_EMAIL_LENGTH))
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    code: Mapped[str] = mapped_column(String(40))
    location: Mapped[str] = mapped_column(String(200))
    params: Mapped[dict] = mapped_column(JSON, default=dict)

    @property
    def change(self) -> Change:
        """The change again, so it can be told in the reader's language."""
        return Change(self.code, self.location, dict(self.params))
