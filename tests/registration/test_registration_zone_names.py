"""The registration form stores the zone a legacy name stands for, and the page adds the reader's remembered zone."""
from __future__ import annotations

import lxml.html

from confsched.extensions import db
from confsched.registration.models import Registrant
from tests.registration.conftest import registration_data

REGISTER = "/{lang}/vorkonferenz-2020/workshops/1/register"


def test_a_legacy_zone_is_stored_as_its_zone(app, demo, open_workshop, register):
    """A browser's Asia/Calcutta is saved as Asia/Kolkata, not refused and not swapped for Istanbul."""
    open_workshop(1)
    register(1, zone="Asia/Calcutta")
    with app.app_context():
        assert db.session.query(Registrant).one().zone == "Asia/Kolkata"


def test_an_abbreviation_is_refused(client, demo, open_workshop):
    """EST is refused with the form's message instead of being stored as Panama."""
    open_workshop(1)
    path = REGISTER.format(lang="de")
    page = client.get(path).get_data(as_text=True)
    response = client.post(path, data=registration_data(page, zone="EST"))
    assert response.status_code == 400
    document = lxml.html.fromstring(response.get_data(as_text=True))
    assert document.xpath("//ul[@id='zone-errors']/li/text()") == ["Bitte wählen Sie eine Zeitzone aus der Liste."]


def test_the_form_says_its_zone_is_a_default_until_the_browser_s_is_known(client, demo, open_workshop):
    """Without the script the hint claims no browser: the zone is the page language's default; the script's two
    truthful texts ride along; the remembered reader zone (from the programme pages) adds its column to the days."""
    open_workshop(1)
    client.set_cookie("confsched_tz", "Asia/Calcutta")
    document = lxml.html.fromstring(client.get(REGISTER.format(lang="tr")).get_data(as_text=True))
    hint = document.get_element_by_id("zone-source")
    assert "varsayılan" in hint.text_content() and "Tarayıcınızdan" not in hint.text_content()
    assert hint.get("data-from-browser").startswith("Tarayıcınızdan alındı")
    assert document.get_element_by_id("zone").get("data-zone-aliases").count('"Asia/Calcutta":"Asia/Kolkata"') == 1
    assert document.xpath("//option[@selected]/@value")[-1] == "Europe/Istanbul"
    windows = [" ".join(span.text_content().split()) for span in document.xpath("//span[@class='day-times__window']")]
    assert windows[0].startswith("13:00–15:00 ") and windows[0].endswith("(IST)")
