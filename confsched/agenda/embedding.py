"""The snippet an organiser gives partner sites: our embed script with the conference, language and frame title.

No Flask here: the editor hands in the script's public address and the texts in the organiser's language.
"""
from __future__ import annotations

from markupsafe import escape


def snippet(script_url: str, slug: str, language: str, title: str, workshop: int | None = None) -> str:
    """The one line of HTML to paste where the programme should appear; every value escaped for an attribute."""
    attributes = {"src": script_url, "data-conference": slug, "data-lang": language}
    if workshop is not None:
        attributes["data-workshop"] = str(workshop)
    attributes["data-title"] = title
    rendered = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items())
    return f"<script {rendered} async></script>"
