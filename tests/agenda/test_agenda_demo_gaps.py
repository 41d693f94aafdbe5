"""The three demo gaps: Prof. Sağiroğlu's city, workshop 4's numbering and the header's dates."""
from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_interval


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "Prof. Ali Zafer Sağiroğlu, Migration Policy Center, Ankara"),
    ("tr", "Prof. Ali Zafer Sağiroğlu, Göç Politikaları Merkezi, Ankara"),
])
def test_professor_sagiroglus_city_is_shown(demo, page, text_of, lang, expected):
    """The seed prints "Migration Policy Center, Ankara"; the page lost Ankara."""
    _, document = page(f"/{lang}/vorkonferenz-2020/workshops/3/")
    people = [text_of(element) for element in document.xpath("//span[@class='participant']")]
    assert expected in people


def test_a_city_already_in_the_organisations_name_is_not_repeated(demo, page, text_of):
    """'Stadt Urfa' is Şanlıurfa Büyükşehir Belediyesi in Turkish: no ', Şanlıurfa' after it."""
    _, document = page("/de/vorkonferenz-2020/workshops/3/")
    people = [text_of(element) for element in document.xpath("//span[@class='participant']")]
    assert "İbrahim Karatüme, Fachbereichsleitung Migration, Stadt Urfa" in people
    assert "Harun Yiğit" not in " ".join(people)


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_workshop_4_numbers_both_days_alike(demo, page, text_of, lang):
    """Day 1's items were unnumbered while day 2's were numbered."""
    _, document = page(f"/{lang}/vorkonferenz-2020/workshops/4/")
    tables = document.xpath("//table[contains(@class, 'agenda')]")
    numbers = [[text_of(number) for number in table.xpath(".//span[@class='agenda__number']")] for table in tables]
    assert numbers == [["1.", "2.", "3.", "4."], ["1.", "2.", "3.", "3.1.", "3.2.", "4.", "5.", "6.", "7."]]


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_the_header_dates_cover_every_workshop_day(demo, page, text_of, lang):
    """The header said "15.–18. Juni 2020" although workshop 4 runs on 3 and 10 June."""
    expected = format_interval(dt.date(2020, 6, 3), dt.date(2020, 6, 18), "yMMMMd", locale=lang)
    assert expected == {"de": "3.–18. Juni 2020", "tr": "3–18 Haz 2020"}[lang]
    _, overview = page(f"/{lang}/vorkonferenz-2020/")
    assert [text_of(element) for element in overview.xpath("//p[@class='page-header__dates']")] == [expected]
    _, workshop = page(f"/{lang}/vorkonferenz-2020/workshops/1/")
    assert text_of(workshop.xpath("//p[@class='eyebrow']")[0]).endswith(f"· {expected}")
    _, listing = page(f"/{lang}/")
    assert [text_of(element) for element in listing.xpath("//p[@class='conference-card__dates']")] == [expected]
