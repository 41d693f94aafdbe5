"""Spoken languages and interpretation of days and items: the rules, and their wording in German and Turkish.

A conference declares its languages (codes such as "de", "tr"). A day states which of them are spoken and
which it is interpreted into; an item that states its spoken languages replaces the statement of its section
or day with its own. Interpretation into a language makes sense only when something else is spoken:
"Turkish, interpreted into German", or "German and Turkish, interpreted both ways". A platform names its
interpretation channels per language ("Deutsch" on Kudo, "German" on Zoom), which registrants are told to pick.

No Flask here: wording takes the translation functions of the caller's language (gettext), and language
names come from Babel (CLDR), so no code ever reaches a reader.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from babel import Locale
from babel.lists import format_list

from confsched.programme.problems import Problem, ProgrammeRejected

# The languages a programme may declare (the document's "language").
KNOWN_LANGUAGES = ("de", "tr", "en")
MAX_CHANNEL_NAME = 80


@dataclass(frozen=True)
class LanguageStatement:
    """What is spoken and what it is interpreted into; empty when the programme does not say."""

    spoken: tuple[str, ...] = ()
    interpreted_into: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        """Whether the programme says anything."""
        return bool(self.spoken)

    @property
    def is_interpreted(self) -> bool:
        """Whether anything is interpreted."""
        return bool(self.spoken and self.interpreted_into)


def statement(owner) -> LanguageStatement:
    """The statement a day or an item makes itself (it may say nothing)."""
    return LanguageStatement(tuple(owner.spoken_languages or ()), tuple(owner.interpreted_into or ()))


def effective(day, item=None) -> LanguageStatement:
    """What holds for an item (or, without one, the day): the nearest statement of the item, its sections, the day."""
    while item is not None:
        own = statement(item)
        if own:
            return own
        item = item.parent
    return statement(day)


def statement_problems(spoken, interpreted_into, declared) -> list[tuple[str, str]]:
    """(code, field) of every rule a statement breaks: languages among the conference's, interpretation only of
    something spoken and never only into the one language spoken."""
    problems = []
    declared = tuple(declared or ())
    for name, languages in (("spoken_languages", spoken), ("interpreted_into", interpreted_into)):
        if any(language not in declared for language in languages or ()):
            problems.append(("language_not_declared", name))
        if len(set(languages or ())) != len(languages or ()):
            problems.append(("schema_items", name))
    if interpreted_into and not spoken:
        problems.append(("interpretation_without_spoken", "interpreted_into"))
    elif any(set(spoken) == {target} for target in interpreted_into or ()):
        problems.append(("interpretation_same_language", "interpreted_into"))
    return problems


def checked(values: dict, declared) -> tuple[list, list]:
    """The spoken languages and interpretation a day or item is given, or a refusal naming the field."""
    spoken, into = list(values.get("spoken_languages") or []), list(values.get("interpreted_into") or [])
    refuse(statement_problems(spoken, into, declared))
    return spoken, into


def refuse(problems: list[tuple[str, str]]) -> None:
    """Raise the problems found, each at its field; nothing when there are none."""
    if problems:
        raise ProgrammeRejected([Problem(code, name) for code, name in problems])


def channel_problems(channels, declared) -> list[tuple[str, str]]:
    """A platform's channels must be for the conference's languages and named."""
    problems = []
    for language, name in (channels or {}).items():
        if language not in tuple(declared or ()):
            problems.append(("language_not_declared", "interpretation_channels"))
        if not str(name or "").strip():
            problems.append(("schema_min_length", "interpretation_channels"))
    return problems


# Wording


def language_name(code: str, language: str) -> str:
    """A language's name as the page language writes it: 'Türkisch', 'Almanca'."""
    return Locale.parse(language).languages.get(code, code)


def _turkish_dative(name: str) -> str:
    """A Turkish language name in the dative: Almanca → Almancaya, Türkçe → Türkçeye, İngilizce → İngilizceye."""
    vowels = [letter for letter in name.lower() if letter in "aıoueiöü"]
    ending = "e" if vowels and vowels[-1] in "eiöü" else "a"
    buffer = "y" if name[-1].lower() in "aıoueiöü" else ""
    # "-ca/-ce/-ça/-çe" names (Almanca, Türkçe) are common nouns; any other is a proper name, suffixed after an apostrophe.
    apostrophe = "" if name.lower().endswith(("ca", "ce", "ça", "çe")) else "'"
    return f"{name}{apostrophe}{buffer}{ending}"


def into_language(code: str, language: str) -> str:
    """'ins Deutsche', 'Almancaya', 'into German': the target of an interpretation, inflected for the language."""
    name = language_name(code, language)
    if language == "tr":
        return _turkish_dative(name)
    if language == "de":
        # German names languages as adjectives: "Deutsch" → "ins Deutsche", "Englisch" → "ins Englische".
        return f"ins {name}e" if name.endswith(("isch", "sch")) else f"in die Sprache {name}"
    return f"into {name}"


def describe(state: LanguageStatement, mode: str | None, language: str,
             gettext: Callable[[str], str]) -> str:
    """The statement as one phrase in the language: 'Türkisch, simultan gedolmetscht ins Deutsche',
    'Türkçe, Almancaya simultane tercüme edilir', 'Deutsch und Türkisch, simultan in beide Richtungen gedolmetscht'.
    Empty when nothing is stated; `gettext` translates into `language`."""
    if not state:
        return ""
    spoken = format_list([language_name(code, language) for code in state.spoken], locale=language)
    if not state.is_interpreted:
        return spoken
    if len(state.spoken) > 1 and set(state.interpreted_into) == set(state.spoken):
        template = {
            "simultaneous": gettext("%(languages)s, simultaneously interpreted both ways"),
            "consecutive": gettext("%(languages)s, consecutively interpreted both ways"),
        }.get(mode or "", gettext("%(languages)s, interpreted both ways"))
        return template % {"languages": spoken}
    targets = format_list([into_language(code, language) for code in state.interpreted_into], locale=language)
    template = {
        "simultaneous": gettext("%(languages)s, simultaneously interpreted %(targets)s"),
        "consecutive": gettext("%(languages)s, consecutively interpreted %(targets)s"),
    }.get(mode or "", gettext("%(languages)s, interpreted %(targets)s"))
    return template % {"languages": spoken, "targets": targets}


def channel_for(platform, registrant_language: str) -> str | None:
    """The interpretation channel a registrant in that language picks on the platform, or None."""
    if platform is None:
        return None
    return (platform.interpretation_channels or {}).get(registrant_language) or None


def channel_list(platform, language: str) -> tuple[tuple[str, str], ...]:
    """The platform's channels as (language name, channel name), in the order of the known languages."""
    channels = (platform.interpretation_channels or {}) if platform is not None else {}
    return tuple((language_name(code, language), channels[code]) for code in KNOWN_LANGUAGES if channels.get(code))
