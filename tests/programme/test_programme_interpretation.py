"""Spoken languages and interpretation: the rules, their wording, the programme document and the demo."""
from __future__ import annotations

import pytest

from confsched.programme import interpretation
from confsched.programme.document import dumps, export_document
from confsched.programme.interpretation import LanguageStatement
from confsched.programme.models import Conference
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.validation import validate

SLUG = "dolmetschen"


def interpreted_document(make_document) -> dict:
    """A one-day programme in German and Turkish: the day bilingual and interpreted both ways, one item Turkish
    interpreted into German, and Kudo with its channels."""
    document = make_document(slug=SLUG)
    day = document["workshops"][0]["days"][0]
    day["spoken_languages"], day["interpreted_into"] = ["de", "tr"], ["de", "tr"]
    day["items"][1].update(spoken_languages=["tr"], interpreted_into=["de"])
    document["platforms"][0]["interpretation_channels"] = {"de": "Deutsch", "tr": "Türkçe"}
    return document


def codes(document) -> list[tuple[str, str]]:
    """(code, location) of every problem a document has."""
    with pytest.raises(ProgrammeRejected) as refusal:
        validate(document)
    return [(problem.code, problem.location) for problem in refusal.value.problems]


@pytest.mark.parametrize(("spoken", "into", "expected"), [
    (["tr"], ["de"], []),
    (["de", "tr"], ["de", "tr"], []),
    (["de", "tr"], ["de"], []),
    (["tr"], [], []),
    (["tr"], ["tr"], [("interpretation_same_language", "interpreted_into")]),
    ([], ["de"], [("interpretation_without_spoken", "interpreted_into")]),
    (["en"], ["de"], [("language_not_declared", "spoken_languages")]),
    (["tr"], ["en"], [("language_not_declared", "interpreted_into")]),
])
def test_statement_rules(spoken, into, expected):
    """Languages must be the conference's; a target must differ from the only language spoken."""
    assert interpretation.statement_problems(spoken, into, ["de", "tr"]) == expected


def test_an_item_overrides_its_day_and_a_section_its_children():
    """The nearest statement wins: item, then its sections, then the day."""
    class Owner:
        def __init__(self, spoken=(), into=(), parent=None):
            self.spoken_languages, self.interpreted_into, self.parent = list(spoken), list(into), parent

    day = Owner(["de", "tr"], ["de", "tr"])
    section = Owner(["tr"], ["de"])
    child = Owner(parent=section)
    assert interpretation.effective(day, child) == LanguageStatement(("tr",), ("de",))
    assert interpretation.effective(day, Owner()) == LanguageStatement(("de", "tr"), ("de", "tr"))
    assert interpretation.effective(day, Owner(["de"], parent=section)) == LanguageStatement(("de",), ())


@pytest.mark.parametrize(("language", "expected"), [
    ("de", ["ins Deutsche", "ins Türkische", "ins Englische"]),
    ("tr", ["Almancaya", "Türkçeye", "İngilizceye"]),
])
def test_interpretation_targets_are_inflected(language, expected):
    """German says "ins Deutsche", Turkish puts the dative with vowel harmony and buffer y: "Almancaya", "Türkçeye"."""
    assert [interpretation.into_language(code, language) for code in ("de", "tr", "en")] == expected


def test_turkish_dative_of_a_name_that_is_not_a_ca_word():
    """Other names take the suffix after an apostrophe, with vowel harmony."""
    assert interpretation._turkish_dative("Esperanto") == "Esperanto'ya"
    assert interpretation._turkish_dative("Hindi") == "Hindi'ye"
    assert interpretation._turkish_dative("Swahili") == "Swahili'ye"


def test_document_round_trip_keeps_languages_and_channels(load_document, make_document, app):
    """Export → import → export is byte-identical and keeps every statement and channel."""
    load_document(interpreted_document(make_document))
    with app.app_context():
        first = export_document(Conference.query.filter_by(slug=SLUG).one())
    assert first["workshops"][0]["days"][0]["spoken_languages"] == ["de", "tr"]
    assert first["workshops"][0]["days"][0]["interpreted_into"] == ["de", "tr"]
    assert first["workshops"][0]["days"][0]["items"][1]["spoken_languages"] == ["tr"]
    assert first["workshops"][0]["days"][0]["items"][1]["interpreted_into"] == ["de"]
    assert "spoken_languages" not in first["workshops"][0]["days"][0]["items"][0]
    assert first["platforms"][0]["interpretation_channels"] == {"de": "Deutsch", "tr": "Türkçe"}
    load_document(first)
    with app.app_context():
        second = export_document(Conference.query.filter_by(slug=SLUG).one())
    assert dumps(second) == dumps(first)


def test_the_document_refuses_what_the_rules_refuse(make_document):
    """Undeclared languages, interpretation into the only language spoken, and channels of other languages."""
    document = interpreted_document(make_document)
    day = document["workshops"][0]["days"][0]
    day["items"][1]["interpreted_into"] = ["tr"]
    day["items"][2].update(spoken_languages=["en"])
    document["platforms"][0]["interpretation_channels"]["en"] = "English"
    found = codes(document)
    assert ("interpretation_same_language", "workshops[0].days[0].items[1].interpreted_into") in found
    assert ("language_not_declared", "workshops[0].days[0].items[2].spoken_languages") in found
    assert ("language_not_declared", "platforms[0].interpretation_channels") in found


def test_the_schema_refuses_unknown_codes_and_blank_channels(make_document):
    """A language outside de/tr/en and a channel without a name are refused by the schema."""
    document = interpreted_document(make_document)
    document["workshops"][0]["days"][0]["spoken_languages"] = ["fr"]
    document["platforms"][0]["interpretation_channels"]["de"] = "  "
    found = {code for code, _ in codes(document)}
    assert "schema_enum" in found
    assert "schema_pattern" in found


def test_the_demo_is_interpreted_german_turkish_as_the_seed_says(demo_document):
    """"Die Veranstaltungen werden simultan Deutsch-Türkisch gedolmetscht": every day of every workshop is spoken in
    German and Turkish and interpreted both ways, simultaneously; Kudo and Zoom name their channels."""
    assert demo_document["conference"]["languages"] == ["de", "tr"]
    assert demo_document["conference"]["interpretation"] == "simultaneous"
    days = [day for workshop in demo_document["workshops"] for day in workshop["days"]]
    assert len(days) == 5
    assert all(day["spoken_languages"] == ["de", "tr"] and day["interpreted_into"] == ["de", "tr"] for day in days)
    channels = {platform["key"]: platform["interpretation_channels"] for platform in demo_document["platforms"]}
    assert channels == {"kudo": {"de": "Deutsch", "tr": "Türkçe"}, "zoom": {"de": "German", "tr": "Turkish"}}
    validate(demo_document)
