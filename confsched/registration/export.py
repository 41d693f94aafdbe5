"""CSV of a conference's registrations for spreadsheets: UTF-8 with a BOM, formulas neutralised. No Flask here."""
from __future__ import annotations

import csv
import io
from typing import Iterable, Sequence

BOM = "\ufeff"
# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """The cell as text; a leading formula trigger is defused with an apostrophe (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def registrations_csv(header: Sequence[str], rows: Iterable[Sequence], delimiter: str = ";") -> bytes:
    """The table as CSV bytes; ';' by default because German and Turkish Excel split on it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
