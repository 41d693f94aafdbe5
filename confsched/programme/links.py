"""Addresses people click (platform join links): https with a host, and nothing a browser would run.

A join link leads to, and often carries, a meeting's credentials, and it is rendered as a
link on personal pages, in emails and in calendar invites; so only ``https:`` is accepted.
Every meeting platform in use (Zoom, Kudo, Teams, Webex, Jitsi, BigBlueButton) serves
https, and no field needs plain ``http:``. One pattern serves the field rules, the
programme schema, the OpenAPI document and the migration that checks stored data.
No Flask here.
"""
from __future__ import annotations

import re

# https://host[:port][/path?query#fragment]; the scheme in any case; no user part, spaces or control characters.
HTTPS_URL_PATTERN = (r"[hH][tT][tT][pP][sS]://[^\s\x00-\x1f\x7f/?#@\\:]+(:[0-9]{1,5})?"
                     r"([/?#][^\s\x00-\x1f\x7f]*)?")
_HTTPS_URL = re.compile(HTTPS_URL_PATTERN)


def is_clickable(url: str | None) -> bool:
    """Whether an address may be offered as a link: https with a host, nothing else."""
    return isinstance(url, str) and _HTTPS_URL.fullmatch(url) is not None


def clickable(url: str | None) -> str | None:
    """The address if it may be a link's href, else None (templates show anything else as text)."""
    return url if is_clickable(url) else None
