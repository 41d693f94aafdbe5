"""The registration form and the personal page offer zones by city, grouped as on the agenda pages, and name each
language in itself."""
from __future__ import annotations

import lxml.html
import pytest


def _zone_select(html: str):
    """The page's zone select element."""
    return lxml.html.fromstring(html).get_element_by_id("zone")


def _assert_cities_grouped(select, europe: str, istanbul: str) -> None:
    """Options are grouped by region, labelled by city and valued by IANA name; no raw zone id is shown."""
    groups = select.findall("optgroup")
    assert groups and groups[0].get("label") == europe
    labels = {option.get("value"): option.text_content() for option in select.iter("option")}
    assert labels["Europe/Istanbul"] == istanbul and labels["America/New_York"] == "New York"
    assert not any("/" in label or "_" in label for label in labels.values())


@pytest.mark.parametrize("language, europe, istanbul", [("tr", "Avrupa", "İstanbul"), ("de", "Europa", "Istanbul")])
def test_registration_form_offers_cities_grouped_by_region(mail_app, client, open_workshop, language, europe,
                                                          istanbul):
    open_workshop(1)
    html = client.get(f"/{language}/vorkonferenz-2020/workshops/1/register").get_data(as_text=True)
    _assert_cities_grouped(_zone_select(html), europe, istanbul)


def test_personal_page_offers_cities_and_keeps_the_chosen_zone(mail_app, client, register, confirm, open_workshop):
    open_workshop(1)
    register(1, email="sehir@example.com", language="tr", zone="Asia/Shanghai")
    page_path = confirm("sehir@example.com").headers["Location"].replace("http://localhost", "")
    select = _zone_select(client.get(page_path).get_data(as_text=True))
    _assert_cities_grouped(select, "Avrupa", "İstanbul")
    assert [option.text_content() for option in select.iter("option") if option.get("selected") is not None] == \
        ["Şanghay"]


def test_language_choices_carry_their_own_language(mail_app, client, open_workshop):
    open_workshop(1)
    document = lxml.html.fromstring(client.get("/de/vorkonferenz-2020/workshops/1/register").get_data(as_text=True))
    labels = {choice.get("value"): choice.getparent() for choice in document.xpath("//input[@name='language']")}
    assert [labels["de"].find(".//*[@lang]").get("lang"), labels["tr"].find(".//*[@lang]").get("lang")] == ["de", "tr"]
    assert labels["tr"].text_content().strip() == "Türkçe"
