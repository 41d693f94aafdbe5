"""Transliterated slugs: Turkish and German letters become readable ASCII instead of disappearing."""
from __future__ import annotations

import pytest

from confsched.calendars.adapters import frab_acronym
from confsched.calendars.slugs import slugify, transliterate


@pytest.mark.parametrize("text,slug", [
    ("Dijital Şehir", "dijital-sehir"),
    ("İstanbul Büyükşehir Belediyesi", "istanbul-buyuksehir-belediyesi"),
    ("Şanlıurfa, Ağrı, Çanakkale, Iğdır", "sanliurfa-agri-canakkale-igdir"),
    ("Straße der Städtepartnerschaft", "strasse-der-staedtepartnerschaft"),
    ("Nürnberg – Köln: Größe & Übung", "nurnberg-koln-grosse-ubung"),
    ("Café Crème", "cafe-creme"),
    ("  --  ", ""),
])
def test_slugify(text, slug):
    """Letters are transliterated (ı→i, İ→I, ş→s, ğ→g, ç→c, ö→o, ü→u, ß→ss, ä→ae) before lower-casing."""
    assert slugify(text) == slug


def test_dotted_capital_i_does_not_leave_a_combining_dot():
    """'İ'.lower() in Python is 'i̇' (two code points); transliterating first avoids it."""
    assert transliterate("İİ") == "II"
    assert slugify("İZMİR") == "izmir"


def test_slugs_are_cut_at_a_word_boundary():
    """Long titles are shortened without cutting a word or leaving a trailing hyphen."""
    slug = slugify("Katılımcı Odaklı Kardeş Şehir İlişkilerinde Gençlik Değişimi", max_length=30)
    assert slug == "katilimci-odakli-kardes-sehir"
    assert len(slug) <= 30


def test_frab_acronym_fits_both_schemas():
    """Hyphens become underscores and short slugs are padded to four characters."""
    assert frab_acronym("vorkonferenz-2020") == "vorkonferenz_2020"
    assert frab_acronym("ab") == "ab__"
