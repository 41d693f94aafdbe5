"""Feeds and frab exports say what is spoken and interpreted; frab's <language> is the spoken language's code."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest
from lxml import etree

SLUG = "dolmetschen"
SCHEMAS = Path("/work/shared/schemas/frab")
if not SCHEMAS.exists():
    SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "frab"


@pytest.fixture
def interpreted(load_document, make_document):
    """Workshop 1 Turkish interpreted into German, one item German into Turkish; workshop 2 states nothing."""
    document = make_document(slug=SLUG, workshops=2)
    day = document["workshops"][0]["days"][0]
    day.update(spoken_languages=["tr"], interpreted_into=["de"])
    day["items"][2].update(spoken_languages=["de"], interpreted_into=["tr"])
    load_document(document)
    return document


def descriptions(client, lang: str) -> dict[str, str]:
    """Each event's DESCRIPTION by its first line's workshop."""
    feed = icalendar.Calendar.from_ical(client.get(f"/{lang}/{SLUG}/calendar.ics").data)
    return {str(event["SUMMARY"]): str(event["DESCRIPTION"]) for event in feed.walk("VEVENT")}


@pytest.mark.parametrize(("lang", "day", "item"), [
    ("de", "Sprache und Verdolmetschung: Türkisch, simultan gedolmetscht ins Deutsche",
     "Programmpunkt 3 – Person Yiğit 3 (ORG) (Deutsch, simultan gedolmetscht ins Türkische)"),
    ("tr", "Dil ve tercüme: Türkçe, Almancaya simultane tercüme edilir",
     "Program maddesi 3 – Person Yiğit 3 (ORG) (Almanca, Türkçeye simultane tercüme edilir)"),
])
def test_feed_description_names_languages(interpreted, client, lang, day, item):
    """The day's statement under its window, the differing item's after its line; nothing where nothing is said."""
    first, second = sorted(descriptions(client, lang).items())
    assert day in first[1].splitlines()
    assert any(line.endswith(item) for line in first[1].splitlines()), first[1]
    assert sum("gedolmetscht" in line or "tercüme" in line for line in first[1].splitlines()) == 2
    assert "Verdolmetschung" not in second[1] and "tercüme" not in second[1]


def test_frab_language_is_the_spoken_one_and_valid(interpreted, client, tmp_path):
    """frab's one <language> per event is the day's spoken language (left out when unsaid), valid against the XSD."""
    data = client.get(f"/de/{SLUG}/schedule.xml").data
    events = etree.fromstring(data).findall(".//event")
    assert [event.findtext("language") for event in events] == ["tr", None]
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))
    assert schema.validate(etree.fromstring(data).getroottree()), schema.error_log
    if shutil.which("xmllint"):
        path = tmp_path / "schedule.xml"
        path.write_bytes(data)
        result = subprocess.run(["xmllint", "--noout", "--schema", str(SCHEMAS / "schedule.xml.xsd"), str(path)],
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
    schedule = json.loads(client.get(f"/tr/{SLUG}/schedule.json").data)
    languages = [event["language"] for day in schedule["schedule"]["conference"]["days"]
                 for events in day["rooms"].values() for event in events]
    assert sorted(languages, key=str) == ["tr", None] or languages == ["tr", None]


def test_frab_language_of_the_demo_is_a_code_not_a_list(demo, client):
    """The demo's days are spoken in German and Turkish: frab gets the first, never "de/tr"."""
    events = etree.fromstring(client.get("/de/vorkonferenz-2020/schedule.xml").data).findall(".//event")
    assert {event.findtext("language") for event in events} == {"de"}
