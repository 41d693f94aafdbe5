"""In-person evening workshops: doors open, an informal end and windows across midnight, on pages, in feeds,
in emails and in the programme document (issue 14, points 1-3)."""
from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from lxml import html

from confsched.programme.queries import load_programme
from confsched.registration.times import day_times

from confsched.programme import document as programme_document

from calendar_parsers import event_properties, parse_everywhere, parse_everywhere_by_vtimezone

UTC = dt.timezone.utc


VENUE = {"key": "rathaus", "name": "Historisches Rathaus", "kind": "venue", "street_address": "Rathausplatz 2",
         "postcode": "50667", "city": "Köln", "country": "DE", "room": "Hansasaal",
         "accessibility": {"de": "Stufenloser Zugang über den Eingang Rathausplatz.",
                           "tr": "Rathausplatz girişinden basamaksız erişim."}}
LOCATION = "Historisches Rathaus, Hansasaal, Rathausplatz 2, 50667 Köln, Deutschland"
MAP = "https://www.openstreetmap.org/search?query=Rathausplatz%202%2C%2050667%20K%C3%B6ln%2C%20"


def evening_document(make_document, slug="abend", zones=("Europe/Berlin",), **day) -> dict:
    """Workshop 1 in Cologne's town hall on an evening, 19:00-21:30 with doors at 18:30 and an informal end at 23:00,
    a moderator, and untimed blocks, in a conference of one reference zone unless `zones` says otherwise;
    `day` replaces any of the day's fields."""
    document = copy.deepcopy(make_document(slug, items_per_day=2))
    document["conference"]["title"] = {"de": "Abendworkshop", "tr": "Akşam atölyesi"}
    document["conference"]["reference_zones"] = list(zones)
    document["platforms"] = [dict(VENUE)]
    workshop = document["workshops"][0]
    workshop["platform"] = "rathaus"
    workshop["assignments"] = [{"role": "moderator", "person": "person-3"}]
    target = workshop["days"][0]
    target.update({"date": "2020-11-05", "local_start": "19:00", "local_end": "21:30", "doors_open_minutes": 30,
                   "informal_end_minutes": 90, **day})
    for item in target["items"]:
        del item["duration"]
    return document


def window_texts(client, url: str) -> list[str]:
    """The text of each zone's window on a page, in column order, as it is seen (without words for screen readers)."""
    page = html.fromstring(client.get(url).get_data(as_text=True))
    for spoken in page.xpath("//*[contains(@class, 'visually-hidden')]"):
        spoken.drop_tree()
    return [" ".join(entry.text_content().split()) for entry in page.xpath("//dl[@class='facts']//ul[contains(@class, 'window-list')]/li")]


TWO_ZONES = ("Europe/Berlin", "Europe/Istanbul")


def test_doors_and_informal_end_are_shown_in_every_zone_column(client, load_document, make_document):
    load_document(evening_document(make_document, zones=TWO_ZONES))
    assert window_texts(client, "/de/abend/workshops/1/") == [
        "19:00–21:30 Berlin (MEZ) Einlass: 18:30 · Informeller Ausklang bis: 23:00",
        "21:00–23:30 Istanbul (UTC+3) Einlass: 20:30 · Informeller Ausklang bis: 01:00 (Fr., 6. Nov.)",
    ]
    reader = window_texts(client, "/tr/abend/workshops/1/?tz=America/New_York")[-1]
    assert reader.startswith("13:00–15:30 New York")
    assert reader.endswith("Kapı açılışı: 12:30 · Resmî olmayan bölümün sonu: 17:00")


def test_feeds_keep_the_official_window_and_describe_doors_and_informal_end(client, load_document, make_document,
                                                                             libical):
    load_document(evening_document(make_document, zones=TWO_ZONES))
    data = client.get("/de/abend/calendar.ics").data
    [event] = parse_everywhere(data)
    assert (event.start, event.end) == (dt.datetime(2020, 11, 5, 18, tzinfo=UTC),
                                        dt.datetime(2020, 11, 5, 20, 30, tzinfo=UTC))
    assert parse_everywhere_by_vtimezone(data) == [event]
    [description] = [line.replace("\\,", ",") for line in event_properties(data, "DESCRIPTION")]
    assert "Einlass: 18:30 Berlin (MEZ) · 20:30 Istanbul (UTC+3)" in description
    assert "Informeller Ausklang bis: 23:00 Berlin (MEZ) · 01:00 (Fr., 6. Nov.) Istanbul (UTC+3)" in description
    assert libical(data) == []


def test_emails_name_doors_and_informal_end_in_the_readers_zones(app, load_document, make_document):
    load_document(evening_document(make_document, zones=TWO_ZONES))
    with app.app_context():
        workshop = load_programme("abend").workshops[0]
        [day] = day_times(workshop, ["Europe/Istanbul", "Europe/Berlin"], "tr")
    assert day.windows == ("21:00–23:30 İstanbul (TSİ)", "19:00–21:30 Berlin (CET)")
    assert day.doors_open == ("20:30 İstanbul (TSİ)", "18:30 Berlin (CET)")
    assert day.informal_end == ("01:00 (6 Kas Cum) İstanbul (TSİ)", "23:00 Berlin (CET)")


def test_a_window_across_midnight_on_pages_feeds_emails_and_in_the_document(app, client, load_document,
                                                                            make_document, libical):
    """20:00-01:00 Berlin: the end carries the next date wherever it is shown; DTEND is the next day."""
    document = evening_document(make_document, zones=TWO_ZONES, local_start="20:00", local_end="01:00",
                                ends_next_day=True)
    for name in ("doors_open_minutes", "informal_end_minutes"):
        del document["workshops"][0]["days"][0][name]
    load_document(document)
    assert window_texts(client, "/de/abend/workshops/1/") == [
        "20:00–01:00 (Fr., 6. Nov.) Berlin (MEZ)", "22:00–03:00 (Fr., 6. Nov.) Istanbul (UTC+3)"]
    data = client.get("/de/abend/workshops/1/calendar.ics").data
    [event] = parse_everywhere(data)
    assert (event.start, event.end) == (dt.datetime(2020, 11, 5, 19, tzinfo=UTC), dt.datetime(2020, 11, 6, tzinfo=UTC))
    assert libical(data) == []
    [description] = [line.replace("\\,", ",") for line in event_properties(data, "DESCRIPTION")]
    assert "Donnerstag, 5. November 2020, 20:00–01:00 (Fr., 6. Nov.) Berlin (MEZ)" in description
    with app.app_context():
        [day] = day_times(load_programme("abend").workshops[0], ["Europe/Berlin"], "de")
    assert day.windows == ("20:00–01:00 (Fr., 6. Nov.) Berlin (MEZ)",)
    document = json.loads(client.get("/api/v1/conferences/abend").data)
    stated = document["workshops"][0]["days"][0]
    assert (stated["local_end"], stated["ends_next_day"], stated["end"]) == ("01:00", True, "2020-11-06T00:00:00Z")


def facts(client, url: str) -> dict[str, str]:
    """A workshop page's facts as {term: text}."""
    page = html.fromstring(client.get(url).get_data(as_text=True))
    return {" ".join(entry.xpath("string(dt)").split()): " ".join(" ".join(entry.xpath("dd//text()")).split())
            for entry in page.xpath("//dl[@class='facts']/div")}


@pytest.mark.parametrize("lang, heading, country, other", [("de", "Ort", "Deutschland", "Plattform"),
                                                            ("tr", "Yer", "Almanya", "Platform")])
def test_the_venue_shows_its_address_under_place_and_links_to_openstreetmap(client, load_document, make_document,
                                                                          lang, heading, country, other):
    """The defect: the address reached the feed only, and the venue was labelled 'Plattform'."""
    load_document(evening_document(make_document))
    url = f"/{lang}/abend/workshops/1/"
    shown = facts(client, url)
    assert other not in shown
    assert shown[heading].startswith(f"Historisches Rathaus Hansasaal Rathausplatz 2 50667 Köln {country}")
    assert "Stufenloser Zugang" in shown[heading] or "basamaksız erişim" in shown[heading]
    page = html.fromstring(client.get(url).get_data(as_text=True))
    [link] = page.xpath("//dl[@class='facts']//a[contains(@href, 'openstreetmap')]")
    assert link.get("href") == MAP + {"de": "Deutschland", "tr": "Almanya"}[lang]
    assert not page.xpath("//*[contains(@src, 'openstreetmap')]")
    overview = html.fromstring(client.get(f"/{lang}/abend/").get_data(as_text=True))
    assert heading in [" ".join(cell.text_content().split()) for cell in overview.xpath("//table//thead//th")]


def test_the_evening_workshop_with_moderator_and_untimed_blocks_on_its_page(client, load_document, make_document):
    load_document(evening_document(make_document))
    shown = facts(client, "/de/abend/workshops/1/")
    assert shown["Moderation"].startswith("Person Yiğit 3")
    page = html.fromstring(client.get("/de/abend/workshops/1/").get_data(as_text=True))
    [table] = page.xpath("//table[contains(@class, 'agenda')]")
    assert "agenda--untimed" in table.get("class")
    assert [" ".join(row.text_content().split()) for row in table.xpath(".//tbody/tr/th")] == [
        "Programmpunkt 1", "Programmpunkt 2"]


def test_feeds_carry_the_venue_and_its_address_in_location(client, load_document, make_document, libical):
    load_document(evening_document(make_document))
    for lang, country in (("de", "Deutschland"), ("tr", "Almanya")):
        data = client.get(f"/{lang}/abend/calendar.ics").data
        [location] = event_properties(data, "LOCATION")
        assert location.endswith(LOCATION.replace("Deutschland", country).replace(",", "\\,"))
        [description] = [line.replace("\\,", ",") for line in event_properties(data, "DESCRIPTION")]
        assert {"de": "Ort: ", "tr": "Yer: "}[lang] + LOCATION.replace("Deutschland", country) in description
        assert libical(data) == []
        parse_everywhere(data)
    schedule = json.loads(client.get("/de/abend/schedule.json").data)
    [room] = schedule["schedule"]["conference"]["rooms"]
    assert (room["name"], room["description"]) == ("Historisches Rathaus, Hansasaal",
                                                   "Rathausplatz 2, 50667 Köln, Deutschland")


def test_the_programme_document_carries_the_place_and_the_day_and_round_trips(app, load_document, make_document):
    load_document(evening_document(make_document))
    with app.app_context():
        first = programme_document.dumps(programme_document.export_document(load_programme("abend")))
    document = json.loads(first)
    assert document["platforms"] == [VENUE]
    day = document["workshops"][0]["days"][0]
    assert (day["doors_open"], day["start"], day["end"], day["informal_end"]) == (
        "2020-11-05T17:30:00Z", "2020-11-05T18:00:00Z", "2020-11-05T20:30:00Z", "2020-11-05T22:00:00Z")
    assert document["workshops"][0]["assignments"] == [{"role": "moderator", "person": "person-3"}]
    load_document(document)
    with app.app_context():
        assert programme_document.dumps(programme_document.export_document(load_programme("abend"))) == first


def test_the_in_person_evening_workshop_in_one_zone_on_its_page_in_feeds_and_in_the_document(
        app, client, load_document, make_document, libical):
    """Issue 14's first 'done when': one reference zone (plus the reader's), the venue, doors, informal end, moderator
    and untimed blocks, everywhere they are shown."""
    load_document(evening_document(make_document))
    assert window_texts(client, "/de/abend/workshops/1/") == [
        "19:00–21:30 Berlin (MEZ) Einlass: 18:30 · Informeller Ausklang bis: 23:00"]
    reader = window_texts(client, "/de/abend/workshops/1/?tz=Europe/Istanbul")
    assert len(reader) == 2 and reader[1].startswith("21:00–23:30 ")
    assert reader[1].endswith("Einlass: 20:30 · Informeller Ausklang bis: 01:00 (Fr., 6. Nov.)")
    shown = facts(client, "/de/abend/workshops/1/")
    assert shown["Ort"].startswith("Historisches Rathaus Hansasaal Rathausplatz 2 50667 Köln Deutschland")
    assert shown["Moderation"].startswith("Person Yiğit 3")
    data = client.get("/de/abend/calendar.ics").data
    [event] = parse_everywhere(data)
    assert (event.start, event.end) == (dt.datetime(2020, 11, 5, 18, tzinfo=UTC),
                                        dt.datetime(2020, 11, 5, 20, 30, tzinfo=UTC))
    assert libical(data) == []
    [location] = event_properties(data, "LOCATION")
    assert location.endswith(LOCATION.replace(",", "\\,"))
    [description] = [line.replace("\\,", ",") for line in event_properties(data, "DESCRIPTION")]
    assert "Einlass: 18:30 Berlin (MEZ)" in description and "Informeller Ausklang bis: 23:00 Berlin (MEZ)" in description
    assert "Istanbul" not in description
    document = json.loads(client.get("/api/v1/conferences/abend").data)
    assert document["conference"]["reference_zones"] == ["Europe/Berlin"]
    assert document["platforms"] == [VENUE]
    assert document["workshops"][0]["days"][0]["doors_open"] == "2020-11-05T17:30:00Z"
