"""What a conference calls its workshops, and whether listeners are admitted, come from its data and nowhere else."""
from __future__ import annotations

import icalendar
import pytest

SLUG = "werkstatt"


def load(load_document, make_document, **conference):
    """A one-workshop programme without a session label or a listener statement, plus the given conference fields."""
    document = make_document(slug=SLUG)
    del document["workshops"][0]["listeners_admitted"]
    document["conference"].update(conference)
    load_document(document)
    return document


def headline(page, text_of, lang: str) -> str:
    """The workshop page's main heading."""
    _, document = page(f"/{lang}/{SLUG}/workshops/1/")
    return text_of(document.xpath("//h1")[0]), text_of(document.xpath("//dl[@class='facts']")[0])


def test_without_a_label_the_title_stands_alone_and_nothing_is_claimed(load_document, make_document, page, text_of,
                                                                       client):
    """Every workshop was called "Fachworkshop N", and "Zuhörer/innen sind zugelassen" shown though nobody said so."""
    load(load_document, make_document)
    heading, facts = headline(page, text_of, "de")
    assert heading == "Fachworkshop 1: Städtepartnerschaft"  # the synthetic title itself says so
    assert "Zuhörer" not in facts
    _, overview = page(f"/de/{SLUG}/")
    assert text_of(overview.xpath("//table//a[contains(@href, 'workshops/1/')]")[0]) == heading
    feed = icalendar.Calendar.from_ical(client.get(f"/de/{SLUG}/calendar.ics").data)
    (event,) = feed.walk("VEVENT")
    assert str(event["DESCRIPTION"]).splitlines()[0] == heading


def test_a_label_and_a_statement_are_shown_as_the_organiser_set_them(load_document, make_document, page, text_of,
                                                                   app):
    """The label is the conference's, per language; "not admitted" is said when the organiser said it."""
    document = load(load_document, make_document, session_label={"de": "Werkstatt", "tr": "Atölye"})
    document["workshops"][0]["listeners_admitted"] = False
    load_document(document)
    heading, facts = headline(page, text_of, "de")
    assert heading == "Werkstatt 1: Fachworkshop 1: Städtepartnerschaft"
    assert "Zuhörer/innen sind nicht zugelassen." in facts
    assert headline(page, text_of, "tr")[0] == "1. Atölye: 1. Atölye: Kardeş şehirler"


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "Fachworkshop 1: Digitale Stadt"),
    ("tr", "1. Çalıştay: Dijital Şehir"),
])
def test_the_demo_states_its_label_and_that_listeners_are_admitted(demo, page, text_of, lang, expected):
    """The seed calls its workshops "Fachworkshop" and admits listeners: the demo says so through its data."""
    _, document = page(f"/{lang}/vorkonferenz-2020/workshops/1/")
    assert text_of(document.xpath("//h1")[0]) == expected
    facts = text_of(document.xpath("//dl[@class='facts']")[0])
    assert {"de": "Zuhörer/innen sind zugelassen", "tr": "Dinleyici"}[lang] in facts
