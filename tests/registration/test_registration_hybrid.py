"""A hybrid day: the venue is public in pages and feeds, the online link reaches only confirmed registrants."""
from __future__ import annotations

from urllib.parse import urlsplit

import icalendar

from confsched.extensions import db
from confsched.programme import editing
from confsched.programme.queries import load_programme

from tests.registration.conftest import DEMO_SECRETS

SLUG = "vorkonferenz-2020"
VENUE = {"name": "Rathaus Hannover", "kind": "hybrid", "street_address": "Trammplatz 2", "postcode": "30159",
         "city": "Hannover", "country": "DE", "room": "Hodlersaal", "online_name": "Zoom"}
LOCATION = "Rathaus Hannover, Hodlersaal, Trammplatz 2, 30159 Hannover, Deutschland"


def make_zoom_hybrid(app) -> None:
    """Workshop 4's platform (Zoom, with access data) becomes a hybrid event in Hannover's town hall."""
    with app.app_context():
        conference = load_programme(SLUG, with_access=True)
        platform = next(platform for platform in conference.platforms if platform.key == "zoom")
        editing.save_platform(conference, dict(VENUE), platform)
        db.session.remove()


def invites(smtp_server, address: str) -> list[icalendar.Event]:
    """The VEVENTs of every REQUEST sent to an address."""
    events = []
    for message in smtp_server.to(address):
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                if str(calendar["METHOD"]) == "REQUEST":
                    events += calendar.walk("VEVENT")
    return events


def test_a_hybrid_day_shows_its_venue_publicly_and_its_link_only_to_registrants(mail_app, client, smtp_server,
                                                                                register, confirm, open_workshop):
    make_zoom_hybrid(mail_app)
    page = client.get(f"/de/{SLUG}/workshops/4/").get_data(as_text=True)
    assert "Trammplatz 2" in page and "Auch online über Zoom; Angemeldete erhalten die Zugangsdaten." in page
    feed = client.get(f"/de/{SLUG}/workshops/4/calendar.ics").data.replace(b"\r\n ", b"").decode()
    locations = {str(event["LOCATION"]) for event in icalendar.Calendar.from_ical(feed).walk("VEVENT")}
    assert locations == {LOCATION}
    for secret in DEMO_SECRETS:
        assert secret not in page and secret not in feed

    open_workshop(4)
    register(4, email="hybrid@example.de", language="de")
    page_path = confirm("hybrid@example.de").headers["Location"]
    events = invites(smtp_server, "hybrid@example.de")
    assert events and {str(event["LOCATION"]) for event in events} == {LOCATION}
    assert {str(event["CONFERENCE"]) for event in events} == {"https://zoom.example.org/j/81234567890"}
    assert all(str(event["CLASS"]) == "PRIVATE" for event in events)
    assert all("Zugangsdaten für Zoom" in str(event["DESCRIPTION"]) for event in events)
    private_feed = client.get(urlsplit(page_path).path + "/calendar.ics").data.replace(b"\r\n ", b"")
    assert b"zoom.example.org/j/81234567890" in private_feed
    assert LOCATION.replace(",", "\\,").encode() in private_feed
