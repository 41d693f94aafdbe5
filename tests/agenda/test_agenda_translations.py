"""Both catalogues are complete: every extracted message translated, nothing fuzzy, placeholders kept."""
from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from confsched import PROJECT_ROOT

LANGUAGES = ("de", "tr")
# Keep in step with the README's `pybabel extract -k ...` command.
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None,
            "lazy_gettext": None, "_l": None}
GETTEXT_ALIAS = re.compile(r"import (?:lazy_)?gettext as (\w+)")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}")


@pytest.fixture(scope="module")
def extracted_ids() -> set[str]:
    """Every msgid in the code and templates, extracted the way `pybabel extract -F babel.cfg` does."""
    with (PROJECT_ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(PROJECT_ROOT), method_map, options_map, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalogue(language: str):
    """The language's .po catalogue."""
    with (PROJECT_ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale=language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete_and_not_fuzzy(language):
    messages = [message for message in catalogue(language) if message.id]
    untranslated = [message.id for message in messages
                    if not (all(message.string) if isinstance(message.string, tuple) else message.string)]
    fuzzy = [message.id for message in messages if message.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_holds_every_extracted_message(language, extracted_ids):
    present = {message.id[0] if isinstance(message.id, tuple) else message.id for message in catalogue(language)}
    assert sorted(extracted_ids - present) == []


def test_every_gettext_alias_is_an_extraction_keyword():
    """A new alias (`lazy_gettext as _x`) would silently hide its strings from the catalogues."""
    aliases = {alias for path in (PROJECT_ROOT / "confsched").rglob("*.py")
               for alias in GETTEXT_ALIAS.findall(path.read_text(encoding="utf-8"))}
    assert aliases <= set(KEYWORDS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    for message in catalogue(language):
        if not message.id or not message.string:
            continue
        source = message.id[-1] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= set(PLACEHOLDER.findall(source)) | {"%(num)d"}, message.id
