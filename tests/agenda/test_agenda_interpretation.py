"""Pages say in the page language what is spoken and what it is interpreted into, next to the day and the item."""
from __future__ import annotations

import pytest

SLUG = "dolmetschen"


@pytest.fixture
def interpreted(load_document, make_document):
    """Two workshops: one whose day is Turkish interpreted into German with a German item, one bilingual day."""
    document = make_document(slug=SLUG, workshops=2)
    first = document["workshops"][0]["days"][0]
    first.update(spoken_languages=["tr"], interpreted_into=["de"])
    first["items"][2].update(spoken_languages=["de"], interpreted_into=["tr"])
    second = document["workshops"][1]["days"][0]
    second.update(spoken_languages=["de", "tr"], interpreted_into=["de", "tr"])
    document["platforms"][0]["interpretation_channels"] = {"de": "Deutsch", "tr": "Türkçe"}
    load_document(document)
    return document


@pytest.mark.parametrize(("lang", "day", "item"), [
    ("de", "Türkisch, simultan gedolmetscht ins Deutsche", "Deutsch, simultan gedolmetscht ins Türkische"),
    ("tr", "Türkçe, Almancaya simultane tercüme edilir", "Almanca, Türkçeye simultane tercüme edilir"),
])
def test_workshop_page_states_the_day_and_the_item_that_differs(interpreted, page, text_of, lang, day, item):
    """The day's statement is among the facts; only the item spoken otherwise carries its own, with a label."""
    _, document = page(f"/{lang}/{SLUG}/workshops/1/")
    facts = text_of(document.xpath("//dl[@class='facts']")[0])
    assert day in facts
    label = {"de": "Sprache und Verdolmetschung", "tr": "Dil ve tercüme"}[lang]
    assert label in facts
    marked = [text_of(element) for element in document.xpath("//*[contains(@class, 'agenda__languages')]")]
    assert marked == [f"{label}: {item}"]
    row = document.xpath("//*[contains(@class, 'agenda__languages')]/ancestor::tr")[0]
    assert "3" in text_of(row)


@pytest.mark.parametrize(("lang", "expected", "channels"), [
    ("de", "Deutsch und Türkisch, simultan in beide Richtungen gedolmetscht",
     "Dolmetschkanäle in Kudo: Deutsch: Kanal „Deutsch“; Türkisch: Kanal „Türkçe“"),
    ("tr", "Almanca ve Türkçe, karşılıklı simultane tercüme edilir",
     "Kudo tercüme kanalları: Almanca: “Deutsch” kanalı; Türkçe: “Türkçe” kanalı"),
])
def test_bilingual_day_and_channels(interpreted, page, text_of, lang, expected, channels):
    """Both ways is said as such; the channels are public (not secret) and listed with the statement."""
    _, document = page(f"/{lang}/{SLUG}/workshops/2/")
    facts = text_of(document.xpath("//dl[@class='facts']")[0])
    assert expected in facts
    assert channels in facts


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", ["Türkisch, simultan gedolmetscht ins Deutsche",
            "Deutsch und Türkisch, simultan in beide Richtungen gedolmetscht"]),
    ("tr", ["Türkçe, Almancaya simultane tercüme edilir", "Almanca ve Türkçe, karşılıklı simultane tercüme edilir"]),
])
def test_overview_and_embed_state_each_day(interpreted, page, text_of, lang, expected):
    """The overview and the embeddable agenda put the statement under each day's window."""
    for url in (f"/{lang}/{SLUG}/", f"/{lang}/{SLUG}/embed"):
        _, document = page(url)
        shown = [text_of(element).split(": ", 1)[1]
                 for element in document.xpath("//*[contains(@class, 'workshop-languages') or "
                                                       "contains(@class, 'day-window__languages')]")]
        assert shown == expected, url
    _, document = page(f"/{lang}/{SLUG}/workshops/1/embed")
    assert expected[0] in text_of(document.xpath("//*[contains(@class, 'day-languages')]")[0])


def test_no_code_reaches_the_page(interpreted, page, text_of):
    """Languages are named, never shown as codes; nothing is said where the programme says nothing."""
    _, document = page(f"/de/{SLUG}/workshops/1/")
    marked = " ".join(text_of(element) for element in document.xpath("//*[contains(@class, 'languages')]"))
    for code in (" de", " tr", "de,", "tr,"):
        assert code not in marked


def test_a_programme_that_says_nothing_shows_nothing(load_document, make_document, page, text_of):
    """Without statements no day or item is labelled."""
    load_document(make_document(slug=SLUG))
    _, document = page(f"/de/{SLUG}/workshops/1/")
    assert not document.xpath("//*[contains(@class, 'agenda__languages') or contains(@class, 'day-languages')]")
    assert "Sprache und Verdolmetschung" not in text_of(document.xpath("//main")[0])


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "Deutsch und Türkisch, simultan in beide Richtungen gedolmetscht"),
    ("tr", "Almanca ve Türkçe, karşılıklı simultane tercüme edilir"),
])
def test_the_demo_says_it_is_interpreted(demo, page, text_of, lang, expected):
    """Every demo workshop is simultaneously interpreted German–Turkish, with Kudo's channels named."""
    for number in (1, 4):
        _, document = page(f"/{lang}/vorkonferenz-2020/workshops/{number}/")
        assert expected in text_of(document.xpath("//dl[@class='facts']")[0])
    _, overview = page(f"/{lang}/vorkonferenz-2020/")
    statements = overview.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' languages ')]")
    # Said once above the list, as the printed programme says it: repeated on each row, it pushed the timeline
    # off the first printed page.
    assert [text_of(statement).split(": ", 1)[1] for statement in statements] == [expected]
