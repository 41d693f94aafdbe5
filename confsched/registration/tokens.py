"""Link tokens: HMACs of per-row random keys, compared in constant time; signed, expiring invitation links.

No Flask here: the secret is passed in, so the rules are testable on their own.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

KEY_BYTES = 16  # 128 random bits per row; the derived token carries 256 bits of HMAC.
INVITATION_SALT = "confsched.registration.invitation"


def new_key() -> bytes:
    """A fresh random key for a row; replacing it invalidates every token derived from the old one."""
    return secrets.token_bytes(KEY_BYTES)


def _mac(secret_key: str, purpose: str, row_id: int, key: bytes) -> str:
    """The unguessable part of a token, bound to its purpose, its row and the row's current key."""
    message = f"{purpose}:{row_id}:".encode() + key
    digest = hmac.new(secret_key.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def make_token(secret_key: str, purpose: str, row_id: int, key: bytes) -> str:
    """A URL-safe token naming its row, so checking it needs one primary-key lookup."""
    return f"{row_id}.{_mac(secret_key, purpose, row_id, key)}"


def token_row_id(token: str) -> int | None:
    """The row a token claims to belong to, or None for anything malformed."""
    row_id, _, mac = (token or "").partition(".")
    if not (row_id.isascii() and row_id.isdigit() and len(row_id) <= 12 and 40 <= len(mac) <= 64):
        return None
    return int(row_id)


def token_matches(secret_key: str, purpose: str, token: str, row_id: int, key: bytes | None) -> bool:
    """Whether the token is the current one for this row, compared in constant time."""
    if key is None:
        return False
    expected = make_token(secret_key, purpose, row_id, key)
    return hmac.compare_digest(expected.encode(), (token or "").encode())


class InvitationLinkError(ValueError):
    """The invitation link is forged, damaged or expired."""

    def __init__(self, expired: bool):
        """Remember whether the link was genuine but too old."""
        self.expired = expired
        super().__init__("invitation link expired" if expired else "invitation link invalid")


def _invitation_serializer(secret_key: str) -> URLSafeTimedSerializer:
    """Signs invitation ids with the app secret, apart from every other signed value."""
    return URLSafeTimedSerializer(secret_key, salt=INVITATION_SALT)


def sign_invitation(secret_key: str, invitation_id: int) -> str:
    """The token of a personal invitation link; its age is part of the signature."""
    return _invitation_serializer(secret_key).dumps(invitation_id)


def read_invitation(secret_key: str, token: str, max_age_seconds: int) -> int:
    """The invitation id of a genuine, unexpired link, else InvitationLinkError."""
    try:
        invitation_id = _invitation_serializer(secret_key).loads(token, max_age=max_age_seconds)
    except SignatureExpired:
        raise InvitationLinkError(expired=True) from None
    except BadSignature:
        raise InvitationLinkError(expired=False) from None
    if not isinstance(invitation_id, int):
        raise InvitationLinkError(expired=False)
    return invitation_id
