"""Web origins an organiser lets show the embeddable agenda in a frame: https, a host, an optional port, nothing else.

Each origin becomes a source of the embed page's CSP ``frame-ancestors``, so it must be exactly
``scheme://host[:port]``: a path, query, wildcard, quote, space or semicolon would change what the
policy says. Plain ``http:`` is allowed only for a partner trying the snippet on their own machine
(localhost). Origins have no case, so they are stored in lower case. One pattern serves the field
rule, the programme schema, the OpenAPI document and the header. No Flask here.
"""
from __future__ import annotations

import re

MAX_ORIGINS = 20
MAX_ORIGIN_LENGTH = 300
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PORT = r"(?::(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?"
_LOCAL_HOST = r"(?:[lL][oO][cC][aA][lL][hH][oO][sS][tT]|127\.0\.0\.1|\[::1\])"
# https://host[:port], or http://localhost[:port]; as ECMA-262 and Python regular expressions alike.
ORIGIN_PATTERN = rf"(?:[hH][tT][tT][pP][sS]://{_LABEL}(?:\.{_LABEL})*|[hH][tT][tT][pP]://{_LOCAL_HOST}){_PORT}"
_ORIGIN = re.compile(ORIGIN_PATTERN)
EXAMPLE = "https://www.example.org"


def is_origin(value) -> bool:
    """Whether a value may be listed as an origin allowed to frame the agenda."""
    return isinstance(value, str) and len(value) <= MAX_ORIGIN_LENGTH and _ORIGIN.fullmatch(value) is not None


def canonical(origins) -> list[str]:
    """Valid origins in lower case, each once, in the order given."""
    return list(dict.fromkeys(origin.lower() for origin in origins))


def shown(value) -> str:
    """A refused value, shortened for an error message."""
    text = str(value)
    return text if len(text) <= 80 else text[:80] + "…"
