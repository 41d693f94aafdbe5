"""Escaping and folding: user text can never break a content line or smuggle in a property."""
from __future__ import annotations

import icalendar
import pytest
from calendar_parsers import folds_inside_escapes
from hypothesis import given
from hypothesis import strategies as st

from confsched.calendars import contentlines as cl

# Characters that make folding hard: every escaped one, and one of each UTF-8 length.
TRICKY_TEXT = st.text(st.sampled_from(list("\\\\,;\\nNa ığ€😀")), min_size=60, max_size=300)


@pytest.mark.parametrize("text", [
    "Dijital Şehir – Kardeş şehirler, ğüşıöç İĞÜŞÖÇ " * 5,
    "ı" * 200,
    "Straße über Äcker ß" * 10,
    "a" + "ğ" * 100,
    "ab" + "€" * 60 + "😀" * 30,
])
def test_fold_never_splits_a_character_and_keeps_lines_short(text):
    """Every physical line is at most 75 octets and decodes on its own."""
    folded = cl.fold("SUMMARY:" + cl.text(text)).encode("utf-8")
    physical = folded.split(b"\r\n")
    assert physical[-1] == b""
    for line in physical[:-1]:
        assert len(line) <= 75
        line.decode("utf-8")  # raises if a multi-byte character was cut
    assert folded.decode("utf-8").replace("\r\n ", "") == "SUMMARY:" + cl.text(text) + "\r\n"


def calendar_with_summary(prefix: str, value: str) -> bytes:
    """A one-property calendar whose SUMMARY starts after `prefix`, so the folds fall at chosen places."""
    writer = cl.ContentWriter()
    writer.begin("VCALENDAR")
    writer.line("SUMMARY", cl.text(prefix + value))
    writer.end("VCALENDAR")
    return writer.to_bytes()


def test_fold_keeps_an_escaped_line_break_together():
    """The demo's case: a line must not end 'Warth\\' with ' n3.' on the next (collective/icalendar#1501)."""
    data = calendar_with_summary("x" * 61, "Warth\n3. Runde")
    assert folds_inside_escapes(data) == []
    assert b"Warth\\\r\n n3." not in data
    assert str(icalendar.Calendar.from_ical(data)["SUMMARY"]) == "x" * 61 + "Warth\n3. Runde"


@given(prefix=st.text("a", max_size=80), value=TRICKY_TEXT)
def test_folding_is_invisible_to_any_reader(prefix, value):
    """Wherever the folds fall: lines fit 75 octets, decode on their own, never split an escape, and parse back."""
    data = calendar_with_summary(prefix, value)
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    assert folds_inside_escapes(data) == []
    assert str(icalendar.Calendar.from_ical(data)["SUMMARY"]) == prefix + value


def test_short_line_is_not_folded():
    """A line of exactly 75 octets stays one line."""
    line = "X" * 75
    assert cl.fold(line) == line + "\r\n"
    assert cl.fold(line + "Y").startswith(line + "\r\n Y")


def test_text_escapes_specials_and_line_breaks():
    """Backslash, semicolon, comma and every newline form are escaped; other controls vanish."""
    assert cl.text("a,b;c\\d") == "a\\,b\\;c\\\\d"
    assert cl.text("one\r\ntwo\nthree\rfour\u2028five") == "one\\ntwo\\nthree\\nfour\\nfive"
    assert cl.text("bell\x07tab\t") == "belltab\t"


def test_literal_backslash_n_stays_literal():
    """A title containing the two characters '\\N' reads back as exactly those characters, not a line break."""
    writer = cl.ContentWriter()
    writer.begin("VCALENDAR")
    writer.line("SUMMARY", cl.text("Plan \\N und \\n"))
    writer.end("VCALENDAR")
    data = writer.to_bytes()
    assert b"SUMMARY:Plan \\\\N und \\\\n\r\n" in data
    assert str(icalendar.Calendar.from_ical(data)["SUMMARY"]) == "Plan \\N und \\n"


def test_param_quotes_values_with_separators_and_drops_quotes():
    """CN values with ; : , are quoted; a double quote or line break cannot end the parameter."""
    assert cl.param("Ayşe Yılmaz") == "Ayşe Yılmaz"
    assert cl.param("Orga, DST") == '"Orga, DST"'
    assert cl.param('Evil"\r\nATTENDEE:mailto:x@y') == '"Evil\' ATTENDEE:mailto:x@y"'


def test_uri_cannot_end_the_line():
    """Line breaks inside a URL are removed rather than written."""
    assert cl.uri("https://example.org/a\r\nATTENDEE:mailto:x@y") == "https://example.org/aATTENDEE:mailto:x@y"


def test_offsets():
    """UTC offsets in RFC 5545 form."""
    assert [cl.offset(minutes) for minutes in (60, 180, -330, 0)] == ["+0100", "+0300", "-0530", "+0000"]
