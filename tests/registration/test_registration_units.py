"""Plain helpers on their own: addresses, CSV cells, invitation lines."""
from __future__ import annotations

import pytest

from confsched.registration import export
from confsched.registration.addresses import is_email, normalise_email
from confsched.registration.operations import InvitationLine, parse_invitation_lines


@pytest.mark.parametrize("address, expected", [
    ("ayse@example.com", True), ("a.b+tag@belediye.bel.tr", True), ("x@şehir.tr", True),
    ("ayşe@example.com", False), ("no-at-sign", False), ("a@b", False), ("a b@example.org", False),
    ("a@example.org\r\nBcc: x@y.z", False), ("<a@example.org>", False), ("a@" + "x" * 250 + ".de", False),
])
def test_addresses_are_what_plain_smtp_and_headers_take(address, expected):
    assert is_email(address) is expected


def test_addresses_are_normalised_to_one_spelling():
    assert normalise_email("  Ayse@Example.COM ") == "ayse@example.com"
    assert normalise_email("x@Şehir.tr") == normalise_email("x@şehir.tr") == "x@xn--ehir-45a.tr"


@pytest.mark.parametrize("cell, shown", [
    ("=1+1", "'=1+1"), ("+49 30", "'+49 30"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("Ayşe", "Ayşe"), (None, ""), (7, "7"),
])
def test_csv_cells_that_spreadsheets_would_run_are_defused(cell, shown):
    assert export.neutralise(cell) == shown


def test_csv_starts_with_a_bom_and_uses_crlf():
    body = export.registrations_csv(["Name"], [["Çağrı"]])
    assert body == "\ufeffName\r\nÇağrı\r\n".encode()


def test_invitation_lines_take_an_optional_language_and_report_bad_lines():
    lines, bad = parse_invitation_lines("a@example.org tr\nB@example.org\n\nb@example.org de\nx y z\nc@example.org en",
                                        "de", ("de", "tr"))
    assert lines == [InvitationLine("a@example.org", "tr"), InvitationLine("b@example.org", "de")]
    assert bad == [5, 6]
