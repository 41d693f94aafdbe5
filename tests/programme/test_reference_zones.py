"""One or two reference zones: a conference in one city shows one zone, and two names of one zone are refused."""
from __future__ import annotations

import icalendar
import lxml.html
import pytest

from confsched.programme import document as programme_document
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.queries import load_programme
from confsched.programme.validation import validate

SLUG = "abendworkshop"


def one_zone_document(make_document, zones=("Europe/Berlin",)) -> dict:
    """An evening workshop in Berlin, planned in one zone only."""
    document = make_document(slug=SLUG)
    document["conference"]["reference_zones"] = list(zones)
    day = document["workshops"][0]["days"][0]
    day.update(local_start="18:00", local_end="20:00")
    return document


def codes(document) -> list[tuple[str, str]]:
    """(code, location) of every error the document is refused for."""
    with pytest.raises(ProgrammeRejected) as refused:
        validate(document)
    return [(problem.code, problem.location) for problem in refused.value.problems]


@pytest.mark.parametrize("zones", [
    ("Europe/Berlin", "Europe/Berlin"),
    ("Europe/Istanbul", "Turkey"),
    ("Asia/Istanbul", "Europe/Istanbul"),
    ("Asia/Kolkata", "Asia/Calcutta"),
])
def test_two_names_of_one_zone_are_refused(make_document, zones):
    """[Berlin, Berlin] used to be accepted and gave duplicate columns; aliases are the same zone too."""
    assert codes(one_zone_document(make_document, zones)) == [("same_zone", "conference.reference_zones[1]")]


def test_three_zones_are_refused(make_document):
    """A conference has one or two reference zones, never more."""
    document = one_zone_document(make_document, ("Europe/Berlin", "Europe/Istanbul", "Europe/Kyiv"))
    assert codes(document) == [("schema_items", "conference.reference_zones")]


def test_one_zone_survives_export_and_import(app, load_document, make_document):
    """The document states the one zone, and exporting it again gives the same bytes."""
    load_document(one_zone_document(make_document))
    with app.app_context():
        conference = load_programme(SLUG)
        assert conference.reference_zones == ("Europe/Berlin",)
        exported = programme_document.export_document(conference, False)
    assert exported["conference"]["reference_zones"] == ["Europe/Berlin"]
    load_document(exported)
    with app.app_context():
        again = programme_document.export_document(load_programme(SLUG), False)
    assert programme_document.dumps(again) == programme_document.dumps(exported)


def column_labels(client, url: str) -> list[str]:
    """The agenda table's time column headings on a page."""
    response = client.get(url)
    assert response.status_code == 200
    document = lxml.html.fromstring(response.get_data(as_text=True))
    return [" ".join(cell.text_content().split())
            for cell in document.xpath("//table[contains(@class, 'agenda')]/thead//th[contains(@class, 'agenda__time')]")]


def test_a_one_zone_page_shows_one_column_plus_the_readers(client, load_document, make_document):
    """An event in one city no longer needs a second zone; the reader's column comes only when it differs."""
    load_document(one_zone_document(make_document))
    url = f"/de/{SLUG}/workshops/1/"
    assert column_labels(client, url) == ["Berlin (MESZ)"]
    assert column_labels(client, url + "?tz=Europe/Berlin") == ["Berlin (MESZ)"]
    assert column_labels(client, url + "?tz=Europe/Istanbul") == ["Berlin (MESZ)", "Istanbul (UTC+3)"]


def test_a_one_zone_feed_describes_times_in_one_zone(client, load_document, make_document):
    """The feed's description lists each time once, labelled with the one zone."""
    load_document(one_zone_document(make_document))
    response = client.get(f"/de/{SLUG}/calendar.ics")
    assert response.status_code == 200
    (event,) = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    description = str(event["DESCRIPTION"])
    assert "18:00–20:00 Berlin (MESZ)" in description
    assert "İstanbul" not in description and "Istanbul" not in description
    assert "18:00  1. Programmpunkt 1" in description
