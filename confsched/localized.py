"""Content texts held per language, with an explicit fallback; no Flask here."""
from __future__ import annotations

from dataclasses import dataclass

# The languages content is written and shown in.
CONTENT_LANGUAGES = ("de", "tr")


@dataclass(frozen=True)
class LocalizedValue:
    """A text and the language it is really in; `is_fallback` when that is not the one asked for."""

    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        """Plain text, for places that cannot mark a fallback (calendar and frab files)."""
        return self.text

    def __bool__(self) -> bool:
        """Empty when no language has the text."""
        return bool(self.text)


def pick(texts: dict | None, language: str, fallback_order: tuple[str, ...] = ("de", "tr", "en")) -> LocalizedValue:
    """The text in the language asked for, else the first other language that has it."""
    texts = texts or {}
    if texts.get(language):
        return LocalizedValue(texts[language], language, False)
    for other in fallback_order:
        if other != language and texts.get(other):
            return LocalizedValue(texts[other], other, True)
    return LocalizedValue("", language, False)


def has_text(texts: dict | None) -> bool:
    """Whether any language holds a non-blank text."""
    return any(value and value.strip() for value in (texts or {}).values())


def missing_languages(texts: dict | None, languages) -> list[str]:
    """The languages a text still needs a translation for."""
    texts = texts or {}
    return [language for language in languages if not (texts.get(language) or "").strip()]
