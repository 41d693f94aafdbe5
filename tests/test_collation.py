"""The lists people scan follow each language's CLDR alphabet (ICU), not code points or casefold()."""
from __future__ import annotations

from confsched.agenda.reader_zone import picker_groups
from confsched.collation import sorted_by_name
from confsched.registration.forms import country_choices


def _cities(language: str, area: str) -> list[str]:
    """The picker's city names of one area, in the order offered."""
    return [option.city for option in dict(picker_groups(language))[area]]


def test_turkish_order_puts_each_letter_after_its_base_letter():
    names = ["Zürih", "Üsküp", "Şanghay", "Şam", "Sofya", "Dakar", "Çita", "Cenevre", "İzmir", "Iğdır", "Ödemiş",
             "Ordu", "Gümüşhane", "Ğ", "Gazze", "Ulan Batur"]
    assert sorted_by_name(names, "tr") == ["Cenevre", "Çita", "Dakar", "Gazze", "Gümüşhane", "Ğ", "Iğdır", "İzmir",
                                            "Ordu", "Ödemiş", "Sofya", "Şam", "Şanghay", "Ulan Batur", "Üsküp", "Zürih"]


def test_turkish_zone_picker_is_in_turkish_alphabetical_order():
    europe, asia = _cities("tr", "Europe"), _cities("tr", "Asia")
    assert europe.index("Üsküp") < europe.index("Zürih")
    assert europe.index("Ulyanovsk") < europe.index("Üsküp") < europe.index("Vaduz")
    assert asia.index("Cakarta") < asia.index("Çita") < asia.index("Dakka")
    assert asia.index("Srednekolymsk") < asia.index("Şam") < asia.index("Şanghay") < asia.index("Tahran")
    assert asia.index("Irkutsk" if "Irkutsk" in asia else "İrkutsk") < asia.index("Jayapura")


def test_german_zone_picker_sorts_umlauts_with_their_base_letter():
    asia = _cities("de", "Asia")
    assert asia.index("Ulaanbaatar") < asia.index("Ürümqi") < asia.index("Ust-Nera")


def test_countries_sort_by_each_languages_alphabet():
    turkish = [choice.label for choice in country_choices("tr")]
    german = [choice.label for choice in country_choices("de")]
    assert turkish[1:3] == ["Almanya", "Türkiye"] and german[1:3] == ["Deutschland", "Türkei"]
    assert turkish.index("Cezayir") < turkish.index("Çin") < turkish.index("Danimarka")
    assert turkish.index("Åland Adaları") < turkish.index("Arjantin") < turkish.index("Bahreyn")
    assert turkish.index("Vietnam") < turkish.index("Wallis ve Futuna") < turkish.index("Yemen")
    assert german.index("Afghanistan") < german.index("Ägypten") < german.index("Ålandinseln") < german.index("Albanien")
    assert german.index("Réunion") < german.index("Ruanda") < german.index("Russland")
    assert german.index("Vietnam") < german.index("Wallis und Futuna") < german.index("Zypern")
