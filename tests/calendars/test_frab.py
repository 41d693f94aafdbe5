"""frab schedule.xml and schedule.json: valid against the c3voc schemas, stable, secret-free, transliterated."""
from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path

import jsonschema
import pytest
from calendar_parsers import SECRETS, parse_everywhere
from lxml import etree

from confsched.calendars.events import event_guid

SCHEMAS = Path("/work/shared/schemas/frab")
if not SCHEMAS.exists():
    SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "frab"


@pytest.fixture(scope="module")
def xml_schema():
    """The c3voc XSD, loaded once."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))


@pytest.fixture(scope="module")
def json_validator():
    """The c3voc JSON Schema with format checking switched on."""
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)


def fetch(client, url: str, content_type: str) -> bytes:
    """Fetch an export and check its media type."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    return response.data


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_schedule_xml_validates_against_the_xsd(client, demo, xml_schema, tmp_path, lang):
    """lxml and xmllint both accept the demo's schedule.xml in either language."""
    data = fetch(client, f"/{lang}/vorkonferenz-2020/schedule.xml", "application/xml; charset=utf-8")
    document = etree.fromstring(data)
    assert xml_schema.validate(etree.ElementTree(document)), xml_schema.error_log
    if shutil.which("xmllint"):
        path = tmp_path / "schedule.xml"
        path.write_bytes(data)
        result = subprocess.run(["xmllint", "--noout", "--schema", str(SCHEMAS / "schedule.xml.xsd"), str(path)],
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_schedule_json_validates_against_the_schema(client, demo, json_validator, lang):
    """jsonschema accepts the demo's schedule.json; GUIDs are real UUIDs."""
    data = json.loads(fetch(client, f"/{lang}/vorkonferenz-2020/schedule.json", "application/json; charset=utf-8"))
    errors = [f"{list(error.path)}: {error.message}" for error in json_validator.iter_errors(data)]
    assert errors == []
    conference = data["schedule"]["conference"]
    for day in conference["days"]:
        for events in day["rooms"].values():
            for event in events:
                uuid.UUID(event["guid"])
                assert all(uuid.UUID(person["guid"]) for person in event["persons"])
    assert all(uuid.UUID(room["guid"]) for room in conference["rooms"])


def test_days_rooms_and_events_follow_the_programme(client, demo):
    """Four conference days (3, 10, 15, 16 June), platforms as rooms, five events, durations HH:MM in Berlin time."""
    schedule = json.loads(fetch(client, "/de/vorkonferenz-2020/schedule.json", "application/json; charset=utf-8"))
    conference = schedule["schedule"]["conference"]
    assert [day["date"] for day in conference["days"]] == ["2020-06-03", "2020-06-10", "2020-06-15", "2020-06-16"]
    assert conference["daysCount"] == 4 and conference["time_zone_name"] == "Europe/Berlin"
    assert conference["acronym"] == "vorkonferenz_2020"
    assert [room["name"] for room in conference["rooms"]] == ["Kudo", "Zoom"]
    june_15 = conference["days"][2]["rooms"]["Kudo"]
    assert [(event["start"], event["duration"], event["date"]) for event in june_15] == [
        ("09:30", "02:00", "2020-06-15T09:30:00+02:00"), ("13:00", "02:00", "2020-06-15T13:00:00+02:00")]
    assert june_15[0]["title"] == "Digitale Stadt"
    assert "Harun Yiğit" in [person["name"] for person in june_15[0]["persons"]]
    assert conference["days"][0]["rooms"]["Zoom"][0]["duration"] == "06:00"


def test_guids_derive_from_the_calendar_uid(client, demo):
    """Each frab GUID is uuid5 of the feed's UID, so apps and calendars name a workshop day the same way."""
    feed_uids = {event.uid for event in parse_everywhere(client.get("/de/vorkonferenz-2020/calendar.ics").data)}
    schedule = json.loads(client.get("/de/vorkonferenz-2020/schedule.json").data)
    guids = {event["guid"] for day in schedule["schedule"]["conference"]["days"]
             for events in day["rooms"].values() for event in events}
    assert guids == {event_guid(uid) for uid in feed_uids}
    xml_guids = set(etree.fromstring(client.get("/tr/vorkonferenz-2020/schedule.xml").data).xpath("//event/@guid"))
    assert xml_guids == guids


def test_slugs_are_transliterated_not_stripped(client, demo):
    """Turkish titles keep their letters in slugs: 'Dijital Şehir' → 'dijital-sehir'."""
    schedule = json.loads(client.get("/tr/vorkonferenz-2020/schedule.json").data)
    slugs = [event["slug"] for day in schedule["schedule"]["conference"]["days"]
             for events in day["rooms"].values() for event in events]
    assert any(slug.endswith("-dijital-sehir") for slug in slugs)
    assert any("surdurulebilir-kentsel-gelisim" in slug for slug in slugs)
    assert all(slug.isascii() for slug in slugs)


@pytest.mark.parametrize("url", ["/de/vorkonferenz-2020/schedule.xml", "/tr/vorkonferenz-2020/schedule.json"])
def test_exports_are_secret_free_stable_and_conditional(client, demo, url):
    """No access data, identical bytes twice, and a 304 for a current copy; unknown conferences are 404."""
    first = client.get(url)
    for secret in SECRETS:
        assert secret.encode() not in first.data
    assert client.get(url).data == first.data
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.get(url.replace("vorkonferenz-2020", "nope")).status_code == 404


def test_a_programme_without_days_still_validates(client, load_document, make_document, xml_schema, json_validator):
    """An empty programme gives one empty day, which both schemas accept."""
    document = make_document("leer", workshops=0)
    document["conference"]["start_date"] = "2021-05-03"
    load_document(document)
    assert xml_schema.validate(etree.ElementTree(etree.fromstring(client.get("/de/leer/schedule.xml").data)))
    assert list(json_validator.iter_errors(json.loads(client.get("/de/leer/schedule.json").data))) == []


def test_hostile_text_stays_text_in_xml(app, client, demo, xml_schema):
    """Markup and control characters in a title are escaped or dropped, and the file still validates."""
    from confsched.extensions import db
    from confsched.programme.queries import load_programme
    from confsched.programme.tracking import tracked

    with app.app_context():
        conference = load_programme(demo, with_access=True)
        with tracked(conference):
            conference.workshops[0].title = {"de": "<b>Stadt</b> & \x01Co </title>", "tr": "Dijital Şehir"}
        db.session.commit()
    document = etree.fromstring(client.get("/de/vorkonferenz-2020/schedule.xml").data)
    assert xml_schema.validate(etree.ElementTree(document)), xml_schema.error_log
    assert "<b>Stadt</b> & Co </title>" in document.xpath("//event/title/text()")


def test_venue_and_unannounced_platform(client, load_document, make_document, xml_schema, json_validator):
    """A venue shows its address as LOCATION and room description, with the country named in the feed's language;
    a workshop without platform still validates."""
    document = make_document("vor-ort", workshops=2)
    # Access data only because the importer cannot yet store a platform without it (reported to the lead).
    document["platforms"] = [{"key": "rathaus", "name": "Rathaus Köln", "kind": "venue",
                              "street_address": "Rathausplatz 2", "postcode": "50667", "city": "Köln",
                              "country": "DE",
                              "access": {"instructions": {"de": "Eingang B", "tr": "B girişi"}}}]
    document["workshops"][0]["platform"] = "rathaus"
    del document["workshops"][1]["platform"]
    load_document(document)
    feed = client.get("/de/vor-ort/calendar.ics").data.decode().replace("\r\n ", "")
    assert "LOCATION;LANGUAGE=de:Rathaus Köln\\, Rathausplatz 2\\, 50667 Köln\\, Deutschland" in feed
    schedule = json.loads(client.get("/de/vor-ort/schedule.json").data)
    assert list(json_validator.iter_errors(schedule)) == []
    rooms = schedule["schedule"]["conference"]["rooms"]
    assert rooms[0]["description"] == "Rathausplatz 2, 50667 Köln, Deutschland" and rooms[0]["type"] == "other"
    assert len(rooms) == 2
    assert xml_schema.validate(etree.ElementTree(etree.fromstring(client.get("/tr/vor-ort/schedule.xml").data)))
