"""RFC 5545 content lines written by hand: escaping, parameter quoting and octet-safe folding. No Flask here.

icalendar 7.3 is not used for writing: it renders ``REFRESH-INTERVAL`` without
``VALUE=DURATION`` and ``X-PUBLISHED-TTL`` as "1:00:00", emits 1970–2038 RDATE
time zones, and costs far more per event than a linear writer over plain values.
Every property value that comes from users passes through ``text()`` or
``param()``, so no title can smuggle in a line break or a property.
"""
from __future__ import annotations

import datetime as dt
import re

CRLF = "\r\n"
MAX_LINE_OCTETS = 75

# Control characters other than TAB are not allowed in TEXT (RFC 5545 §3.3.11); line breaks become "\n".
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")
_NEEDS_CLEANING = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_TEXT_SPECIALS = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,"})


def text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and every kind of line break; drop other controls."""
    escaped = str(value).translate(_TEXT_SPECIALS)
    if _NEEDS_CLEANING.search(escaped) is None:
        return escaped
    return _CONTROL.sub("", _LINE_BREAK.sub(r"\\n", escaped))


def text_list(values) -> str:
    """A comma-separated list of TEXT values (CATEGORIES), each escaped on its own."""
    return ",".join(text(value) for value in values)


def param(value: str) -> str:
    """A parameter value (CN=...): DQUOTE-quoted when needed; quotes and controls cannot be expressed, so they go."""
    cleaned = _CONTROL.sub("", _LINE_BREAK.sub(" ", str(value))).replace('"', "'")
    return f'"{cleaned}"' if re.search(r"[;:,]", cleaned) else cleaned


def uri(value: str) -> str:
    """A URI value; line breaks and controls are removed so a URL cannot end the line early."""
    return _CONTROL.sub("", _LINE_BREAK.sub("", str(value)))


def utc_stamp(instant: dt.datetime) -> str:
    """A DATE-TIME in UTC form, e.g. 20200615T073000Z."""
    return instant.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(local: dt.datetime) -> str:
    """A floating or TZID-qualified local DATE-TIME, e.g. 20200615T093000."""
    return local.strftime("%Y%m%dT%H%M%S")


def offset(minutes: int) -> str:
    """A UTC-OFFSET value such as +0200 or -0330."""
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{rest:02d}"


def fold(line: str) -> str:
    """Fold one content line at 75 octets, never inside a UTF-8 sequence or an escape; continuation lines start with a space.

    RFC 5545 allows a fold anywhere, but clients that unfold badly (Google Calendar drops the
    event, collective/icalendar#1501) break on a line that ends in the backslash of an escape.
    """
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_LINE_OCTETS:
        return line + CRLF
    parts = []
    start, limit = 0, MAX_LINE_OCTETS
    while len(encoded) - start > limit:
        end = start + limit
        while encoded[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character's first byte
            end -= 1
        if _opens_escape(encoded, end):
            end -= 1  # keep the backslash with the character it escapes
        parts.append(encoded[start:end].decode("utf-8"))
        start, limit = end, MAX_LINE_OCTETS - 1  # the leading space counts against the next line
    parts.append(encoded[start:].decode("utf-8"))
    return (CRLF + " ").join(parts) + CRLF


def _opens_escape(encoded: bytes, end: int) -> bool:
    """Whether the byte before `end` is a backslash that escapes the character at `end`.

    Escapes pair from the left, so that backslash starts one exactly when the run of backslashes
    ending there is odd. A backslash byte never occurs inside a multi-byte UTF-8 sequence.
    """
    run = 0
    while end - run > 0 and encoded[end - run - 1] == 0x5C:
        run += 1
    return run % 2 == 1


class ContentWriter:
    """Collects folded content lines and returns the calendar as UTF-8 bytes."""

    def __init__(self) -> None:
        """Start with no lines."""
        self._lines: list[str] = []

    def line(self, name: str, content: str, /, **params: str) -> None:
        """Write one property whose value (and parameter values) the caller has already escaped."""
        rendered = "".join(f";{key.replace('_', '-').upper()}={item}" for key, item in params.items())
        self._lines.append(fold(f"{name}{rendered}:{content}"))

    def begin(self, component: str) -> None:
        """Open a component."""
        self._lines.append(f"BEGIN:{component}{CRLF}")

    def end(self, component: str) -> None:
        """Close a component."""
        self._lines.append(f"END:{component}{CRLF}")

    def extend(self, other: ContentWriter) -> None:
        """Append lines written elsewhere (a cached VTIMEZONE)."""
        self._lines.extend(other._lines)

    def to_bytes(self) -> bytes:
        """The calendar as sent over the wire."""
        return "".join(self._lines).encode("utf-8")
