"""The printed programme as bytes: editions, the release it names, its running footer and WeasyPrint (no Flask).

WeasyPrint lays out paged media itself (margin boxes, page counters, repeated table headers,
orphans and widows), so the same HTML and CSS give the same pages on every server.
"""
from __future__ import annotations

import re
from pathlib import Path

STYLESHEET = Path(__file__).with_name("programme.css")
# `?edition=both` sets both languages; without it the PDF is in the URL's language alone.
BOTH = "both"
_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


class UnknownEdition(ValueError):
    """An `edition` value the printed programme does not have."""


def edition_languages(language: str, edition: str | None, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages a PDF sets, the URL's first: one, or every language of the site for `both`."""
    if edition is None or edition == language:
        return (language,)
    if edition == BOTH:
        return (language, *(other for other in languages if other != language))
    raise UnknownEdition(edition)


def css_string(text: str) -> str:
    """`text` as a CSS string literal; every character outside plain printable ASCII is a hex escape."""
    return '"' + "".join(
        character if character.isascii() and character.isprintable() and character not in '"\\' else
        f"\\{ord(character):x} " for character in text) + '"'


def page_counter(template: str) -> str:
    """A CSS `content` value from a translated "Page %(page)s of %(pages)s": text parts plus page counters."""
    parts = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append(css_string(template[position:match.start()]))
        parts.append(f"counter({match.group(1)})")
        position = match.end()
    if position < len(template):
        parts.append(css_string(template[position:]))
    return " ".join(parts)


def footer_stylesheet(release_texts: list[str], page_templates: list[str]) -> str:
    """The running footer of every page: release and print date at the left, "page n of m" at the right,
    one line per language of the edition."""
    line_break = css_string("\n")
    left = css_string("\n".join(release_texts))
    right = f" {line_break} ".join(page_counter(template) for template in page_templates)
    return f"@page {{ @bottom-left {{ content: {left}; }} @bottom-right {{ content: {right}; }} }}"


def render_pdf(html: str, base_url: str, footer_css: str) -> bytes:
    """Lay out the programme's HTML on A4 pages with the printed stylesheet and the footer; fonts are embedded."""
    # Imported here: WeasyPrint loads Pango when imported, and only this route needs it.
    from weasyprint import CSS, HTML

    stylesheets = [CSS(filename=str(STYLESHEET)), CSS(string=footer_css)]
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=stylesheets)
