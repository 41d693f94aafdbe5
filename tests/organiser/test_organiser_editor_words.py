"""The editor speaks the organiser's language: no keys, no internal terms, untimed items said in words."""
from __future__ import annotations

import copy
import json

import lxml.html
import pytest
from flask_babel import force_locale, gettext



def visible_text(page: str) -> str:
    """The text a reader sees, without markup."""
    return " ".join(lxml.html.fromstring(page).text_content().split())


@pytest.mark.parametrize("language", ["de", "tr"])
def test_untimed_items_say_they_have_no_fixed_time(app, editor, demo, language):
    page = editor.get(f"/organiser/conferences/{demo}/workshops/4/days/1/", headers={"Accept-Language": language})
    text = visible_text(page.get_data(as_text=True))
    with app.test_request_context(), force_locale(language):
        untimed = gettext("no fixed time")
    assert untimed != "no fixed time" or language == "en"
    assert text.count(untimed) == 2 * 4  # four items, two reference zones
    assert "–––" not in text


@pytest.mark.parametrize(("language", "added", "changed"), [
    ("de", "Hinzugefügt: Stadt Köln.", "Geändert: Plattform-Dienstleister."),
    ("tr", "Köln Belediyesi", "Platform Hizmet Sağlayıcısı"),
])
def test_a_dry_run_names_added_and_changed_organisations(editor, demo, demo_document, language, added, changed):
    document = copy.deepcopy(demo_document)
    document["organisations"].append({"key": "koeln", "name": {"de": "Stadt Köln", "tr": "Köln Belediyesi"}})
    provider = next(row for row in document["organisations"] if row["key"] == "plattform-dienstleister")
    provider["city"] = "Bonn"
    page = editor.post("/organiser/import", data={"text": json.dumps(document, ensure_ascii=False)},
                       headers={"Accept-Language": language}).get_data(as_text=True)
    report = lxml.html.fromstring(page).get_element_by_id("dry-run-report").text_content()
    assert added in report and changed in report
    assert "koeln" not in report and "plattform-dienstleister" not in report


def test_the_organisation_list_shows_names_not_keys(editor, demo):
    page = editor.get(f"/organiser/conferences/{demo}/organisations/").get_data(as_text=True)
    cells = [" ".join(cell.text_content().split()) for cell in lxml.html.fromstring(page).xpath("//tbody//td")]
    assert "plattform-dienstleister" not in cells and "antalya" not in cells
    assert any(cell.startswith("Plattform-Dienstleister") for cell in cells)


def test_a_doubtful_time_on_the_day_form_is_refused_in_words(editor, demo):
    """The form showed "2020-10-25 02:30 ist in Europe/Berlin mehrdeutig … 01:30 UTC (CET, UTC+1)"."""
    response = editor.post(f"/organiser/conferences/{demo}/workshops/1/days/1/edit", headers={"Accept-Language": "de"},
                           data={"date": "2020-10-25", "local_start": "02:30", "local_end": "05:00",
                                 "zone": "Europe/Berlin"})
    assert response.status_code == 400
    text = visible_text(response.get_data(as_text=True))
    assert "25.10.2020, 02:30 ist in Berlin mehrdeutig" in text
    assert "Gemeint sein könnte 02:30 MEZ oder 02:30 MESZ" in text
    assert "UTC (" not in text and "2020-10-25" not in text
