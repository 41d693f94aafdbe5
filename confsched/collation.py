"""Alphabetical order as a language's readers expect it (CLDR collation through ICU); no Flask here."""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Iterable, TypeVar

import icu

T = TypeVar("T")


@lru_cache(maxsize=8)
def _collator(language: str) -> icu.Collator:
    """ICU's collator for the language (Turkish: ç after c, ı before i; German: Å and é with their base letter)."""
    return icu.Collator.createInstance(icu.Locale(language))


def sort_key(text: str, language: str) -> bytes:
    """A key that orders texts as a dictionary in the language does."""
    return _collator(language).getSortKey(text)


def sorted_by_name(entries: Iterable[T], language: str, name: Callable[[T], str] = str) -> list[T]:
    """The entries in the language's alphabetical order of their names."""
    return sorted(entries, key=lambda entry: sort_key(name(entry), language))
