"""Which characters a stored text may hold: one line for names, titles and labels, several for descriptions.

A title becomes an iCalendar SUMMARY, an email subject, a frab title and a page heading; a line
break, NUL or U+2028 in it splits a SUMMARY into several lines. Single-line texts therefore refuse
every line or paragraph separator and every C0 or C1 control except TAB. Multi-line texts keep
their line breaks (the calendar writer escapes them as "\\n") and refuse the other controls, which
no reader can use (PostgreSQL cannot even store NUL). One pattern per kind serves the field rules,
the programme schema and the OpenAPI document, as ECMA-262 and Python regular expressions alike.
No Flask here.
"""
from __future__ import annotations

import re

SINGLE_LINE_PATTERN = r"[^\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]*"
# TAB, LF, CR and NEL stay; U+2028 and U+2029 are not controls and stay too.
MULTI_LINE_PATTERN = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]*"
_SINGLE_LINE = re.compile(SINGLE_LINE_PATTERN)
_MULTI_LINE = re.compile(MULTI_LINE_PATTERN)


def refusal(text: str, multiline: bool) -> str | None:
    """The problem code for a text with characters its kind of field cannot hold, else None."""
    if multiline:
        return None if _MULTI_LINE.fullmatch(text) else "control_character"
    return None if _SINGLE_LINE.fullmatch(text) else "single_line"


def schema_pattern(multiline: bool) -> str:
    """The JSON Schema pattern of a text field of this kind."""
    return f"^{MULTI_LINE_PATTERN if multiline else SINGLE_LINE_PATTERN}$"
