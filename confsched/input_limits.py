"""What input may look like before anything parses or stores it: no control characters, bounded nesting (no Flask)."""
from __future__ import annotations

import re
from itertools import accumulate

# A programme document is about 12 levels deep with sections nested 8 deep; 64 leaves room and stays far
# below the recursion limits of json, the schema check and the importer.
MAX_JSON_DEPTH = 64
# C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
_CONTROL = {*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029}
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_NUL_ESCAPE = re.compile(r"\\u0000", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")


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


def lone_surrogate_path(value) -> tuple | None:
    """The path (keys and indexes) to the first string in parsed JSON that holds a lone surrogate, or None; for such
    a key, the path of its object.

    JSON may escape half of a UTF-16 pair on its own ("\\ud800"); Python parses it, but no UTF-8 text can hold
    it, so no database, page, feed or validator could take it on.
    """
    pending = [((), value)]
    while pending:
        path, node = pending.pop()
        if isinstance(node, str):
            if _holds_surrogate(node):
                return path
        elif isinstance(node, dict):
            if any(isinstance(key, str) and _holds_surrogate(key) for key in node):
                return path
            pending.extend(((*path, key), child) for key, child in node.items())
        elif isinstance(node, list):
            pending.extend(((*path, index), child) for index, child in enumerate(node))
    return None


def _holds_surrogate(text: str) -> bool:
    """True when the text holds a UTF-16 surrogate, which only ever comes alone from JSON's escapes."""
    return not text.isascii() and _SURROGATE.search(text) is not None
