"""Reading a PDF as a person would: each page's text through poppler's pdftotext, and its fonts through pdffonts."""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

POPPLER_MISSING = not (shutil.which("pdftotext") and shutil.which("pdffonts"))


@dataclass(frozen=True)
class Page:
    """One printed page: the running header, the body lines and the footer line, as pdftotext lays them out."""

    header: str
    body: tuple[str, ...]
    footer: str


@dataclass(frozen=True)
class Font:
    """One row of pdffonts: the font's name and whether the file carries it."""

    name: str
    embedded: bool


def _with_file(pdf: bytes, command: list[str]) -> str:
    """Run a poppler tool on the PDF and return what it prints."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "programme.pdf"
        path.write_bytes(pdf)
        return subprocess.run([*command, str(path), *(["-"] if command[0] == "pdftotext" else [])],
                              check=True, capture_output=True, text=True).stdout


def pages(pdf: bytes, footer_lines: int = 1) -> list[Page]:
    """Every page's non-blank lines, split into running header, body and footer (one line per language)."""
    result = []
    for text in _with_file(pdf, ["pdftotext", "-layout", "-enc", "UTF-8"]).split("\f"):
        lines = [line.rstrip() for line in text.splitlines() if line.strip()]
        if lines:
            footer = " ".join(" ".join(lines[-footer_lines:]).split())
            result.append(Page(lines[0].strip(), tuple(lines[1:-footer_lines]), footer))
    return result


def plain_text(pdf: bytes) -> str:
    """The whole text in reading order, as copied out of a PDF viewer."""
    return _with_file(pdf, ["pdftotext", "-enc", "UTF-8"])


def fonts(pdf: bytes) -> list[Font]:
    """The fonts the PDF uses, with their embedding."""
    rows = _with_file(pdf, ["pdffonts"]).splitlines()[2:]
    found = []
    for row in rows:
        columns = row.split()
        # name, type (one or two words), encoding, emb, sub, uni, object, id: emb is 5th from the end.
        found.append(Font(columns[0], columns[-5] == "yes"))
    return found


def lowest_text(pdf: bytes, page: int) -> float:
    """How far down a page its lowest word reaches, as a fraction of the page height."""
    boxes = _with_file(pdf, ["pdftotext", "-bbox", "-f", str(page), "-l", str(page)])
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', boxes).group(1))
    return max(float(value) for value in re.findall(r'yMax="([\d.]+)"', boxes)) / height
