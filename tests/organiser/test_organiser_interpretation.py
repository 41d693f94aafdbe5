"""Languages and interpretation in the editor and the write API: the same rules and messages as the document."""
from __future__ import annotations

import lxml.html
import pytest
from flask_babel import gettext

from confsched.programme.problems import MESSAGES
from tests.organiser.test_organiser_api import api  # noqa: F401 - fixture

DAY = "/conferences/vorkonferenz-2020/workshops/1/days/1"


def test_the_api_states_and_returns_a_days_languages(api, publish):
    """PATCH a day to Turkish interpreted into German; GET of the public document returns it once published."""
    saved = api("PATCH", DAY, json={"spoken_languages": ["tr"], "interpreted_into": ["de"]}, expect=200).get_json()
    day = saved["workshop"]["days"][0] if "workshop" in saved else saved["day"]
    assert (day["spoken_languages"], day["interpreted_into"]) == (["tr"], ["de"])
    workshop = api("GET", "/conferences/vorkonferenz-2020").get_json()["workshops"][0]
    assert workshop["days"][0]["spoken_languages"] == ["de", "tr"]  # the draft's, not yet released
    publish()
    workshop = api("GET", "/conferences/vorkonferenz-2020").get_json()["workshops"][0]
    assert workshop["days"][0]["interpreted_into"] == ["de"]


@pytest.mark.parametrize("lang", ["de", "tr"])
@pytest.mark.parametrize(("body", "code"), [
    ({"spoken_languages": ["tr"], "interpreted_into": ["tr"]}, "interpretation_same_language"),
    ({"spoken_languages": [], "interpreted_into": ["de"]}, "interpretation_without_spoken"),
    ({"spoken_languages": ["en"], "interpreted_into": []}, "language_not_declared"),
])
def test_the_api_refuses_in_the_readers_language(app, api, draft_programme, lang, body, code):
    """Each rule is refused with its code, the field and the message in the reader's language; nothing is saved."""
    refused = api("PATCH", DAY, json=body, headers={"Accept-Language": lang}, expect=400).get_json()["error"]
    assert refused["problems"][0]["code"] == code
    with app.test_request_context(f"/{lang}/"):
        assert refused["message"] == gettext(MESSAGES[code])
    assert refused["message"] != MESSAGES[code]
    with app.app_context():
        assert draft_programme("vorkonferenz-2020").workshops[0].days[0].spoken_languages == ["de", "tr"]


def test_the_api_takes_item_languages_and_platform_channels(app, api, draft_programme):
    """An item states its own languages; a platform its channels; both reach the document."""
    agenda = api("GET", f"{DAY}/agenda").get_json()["agenda"]
    item_id = agenda["items"][3]["id"]
    saved = api("PATCH", f"/conferences/vorkonferenz-2020/items/{item_id}",
                json={"spoken_languages": ["tr"], "interpreted_into": ["de"]}, expect=200).get_json()
    row = next(row for row in saved["agenda"]["items"] if row["id"] == item_id)
    assert (row["spoken_languages"], row["interpreted_into"]) == (["tr"], ["de"])
    api("PATCH", "/conferences/vorkonferenz-2020/platforms/kudo",
        json={"interpretation_channels": {"de": "DE – Deutsch", "tr": "TR – Türkçe"}}, expect=200)
    with app.app_context():
        conference = draft_programme("vorkonferenz-2020")
        kudo = next(platform for platform in conference.platforms if platform.key == "kudo")
        assert kudo.interpretation_channels == {"de": "DE – Deutsch", "tr": "TR – Türkçe"}
    refused = api("PATCH", "/conferences/vorkonferenz-2020", json={"languages": []}, expect=400).get_json()["error"]
    assert refused["field"] == "languages"


def test_the_openapi_document_describes_the_fields(client):
    """Request bodies list the language fields with the known codes."""
    openapi = client.get("/api/v1/openapi.json").get_json()
    patch = openapi["paths"]["/api/v1/conferences/{slug}/workshops/{number}/days/{day}"]["patch"]
    schema = patch["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert schema["spoken_languages"]["anyOf"][0]["items"]["enum"] == ["de", "tr", "en"]
    conference = openapi["paths"]["/api/v1/conferences/{slug}"]["patch"]["requestBody"]["content"]
    assert conference["application/json"]["schema"]["properties"]["languages"]["minItems"] == 1


def _form_values(html: str) -> dict:
    """The editor form's current values, as a browser would submit them unchanged."""
    form = lxml.html.fromstring(html).xpath("//main//form[@method='post'][.//input[@name='spoken_languages_de']]")[0]
    return {name: value for name, value in form.form_values()
            if not name.startswith(("spoken_languages_", "interpreted_into_"))}


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_the_editor_sets_a_days_languages_and_refuses_in_the_page_language(app, editor, draft_programme, lang):
    """The day form offers a check box per language, named in the page language; a target equal to the only
    spoken language is refused with the message in the page language."""
    path = "/organiser/conferences/vorkonferenz-2020/workshops/1/days/1/edit"
    page = editor.get(path, headers={"Accept-Language": lang}).get_data(as_text=True)
    boxes = lxml.html.fromstring(page).xpath("//input[starts-with(@name, 'spoken_languages_')]/parent::label")
    assert [" ".join(box.text_content().split()) for box in boxes] == {
        "de": ["Deutsch", "Türkisch", "Englisch"], "tr": ["Almanca", "Türkçe", "İngilizce"]}[lang]
    assert lxml.html.fromstring(page).xpath("//input[@name='spoken_languages_de']/@checked")  # the demo's day
    values = _form_values(page)
    saved = editor.post(path, data={**values, "spoken_languages_tr": "y", "interpreted_into_de": "y"})
    assert saved.status_code == 302
    with app.app_context():
        day = draft_programme("vorkonferenz-2020").workshops[0].days[0]
        assert (day.spoken_languages, day.interpreted_into) == (["tr"], ["de"])
    refused = editor.post(path, data={**values, "spoken_languages_tr": "y", "interpreted_into_tr": "y"},
                          headers={"Accept-Language": lang})
    assert refused.status_code == 400
    with app.test_request_context(f"/{lang}/"):
        expected = gettext(MESSAGES["interpretation_same_language"])
    assert expected in lxml.html.fromstring(refused.get_data(as_text=True)).text_content()


def test_the_conference_form_keeps_its_languages_unless_changed(app, editor, draft_programme):
    """The conference's languages are ticked; a conference whose days speak Turkish cannot drop Turkish."""
    path = "/organiser/conferences/vorkonferenz-2020/edit"
    html = editor.get(path).get_data(as_text=True)
    form = lxml.html.fromstring(html).xpath("//main//form[@method='post'][.//input[@name='slug']]")[0]
    values = dict(form.form_values())
    assert values["languages_de"] == "y" and values["languages_tr"] == "y" and "languages_en" not in values
    assert editor.post(path, data={**values, "languages_en": "y"}).status_code == 302
    with app.app_context():
        assert draft_programme("vorkonferenz-2020").languages == ["de", "tr", "en"]
    del values["languages_tr"]
    assert editor.post(path, data=values).status_code == 400
