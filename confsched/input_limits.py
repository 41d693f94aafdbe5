"""What input may look like before anything parses or stores it: no control characters, bounded nesting (no Flask)."""
from __future__ import annotations

import re
from itertools import accumulate

# A programme document is about 12 levels deep with sections nested 8 deep; 64 leaves room and stays far
# below the recursion limits of json, jsonschema and the importer.
MAX_JSON_DEPTH = 64
# C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
_CONTROL = {*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029}
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_NUL_ESCAPE = re.compile(r"\\u0000", re.IGNORECASE)


def has_control_characters(text: str) -> bool:
    """True when the text holds a character that has no place in a URL or a one-line value."""
    return any(ord(character) in _CONTROL for character in text)


def has_nul(text: str) -> bool:
    """True when the text holds NUL, raw or as JSON's \\u0000 escape: no database column can store it."""
    return "\x00" in text or _NUL_ESCAPE.search(text) is not None


def json_too_deep(text: str | bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when arrays and objects nest deeper than `limit`, judged from the brackets outside strings."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", "replace")
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(1 if bracket in "[{" else -1 for bracket in brackets), default=0) > limit
