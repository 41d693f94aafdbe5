"""ASCII slugs that keep Turkish and German words readable (Şanlıurfa → sanliurfa, Straße → strasse). No Flask here.

Letters are transliterated before anything is lower-cased: Python lower-cases
"İ" to "i" plus a combining dot, and dropping non-ASCII letters would turn
"Dijital Şehir" into "dijital-ehir".
"""
from __future__ import annotations

import re
import unicodedata

TRANSLITERATION = str.maketrans({
    "ı": "i", "İ": "I", "ş": "s", "Ş": "S", "ğ": "g", "Ğ": "G", "ç": "c", "Ç": "C",
    "ö": "o", "Ö": "O", "ü": "u", "Ü": "U", "â": "a", "Â": "A", "î": "i", "Î": "I", "û": "u", "Û": "U",
    "ä": "ae", "Ä": "Ae", "ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
    "ł": "l", "Ł": "L", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH",
})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def transliterate(text: str) -> str:
    """Plain ASCII for a Turkish or German text; other accents lose their marks, other scripts are dropped."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).translate(TRANSLITERATION))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def slugify(text: str, max_length: int = 60, separator: str = "-") -> str:
    """Lower-case words joined by the separator, cut at a word boundary; empty when nothing readable is left."""
    words = _NOT_SLUG.sub(" ", transliterate(text).lower()).split()
    slug = ""
    for word in words:
        candidate = f"{slug}{separator}{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug or (words[0][:max_length] if words else "")
