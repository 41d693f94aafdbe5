"""The sites that may frame the embeddable agenda: one rule for the editor, the write API and the programme document."""
from __future__ import annotations

import copy

import lxml.html
import pytest
from flask_babel import gettext
from markupsafe import escape

from confsched.organiser import fields
from confsched.programme import document as programme_document
from confsched.programme import editing
from confsched.programme.origins import ORIGIN_PATTERN, is_origin
from confsched.programme.problems import MESSAGES, ProgrammeRejected
from confsched.programme.queries import load_programme
from confsched.programme.validation import validate
from tests.organiser.test_organiser_api import api  # noqa: F401 - fixture

ACCEPTED = ["https://www.example.org", "https://partner.example.org:8443", "https://izmir.bel.tr",
            "HTTPS://WWW.Example.ORG", "http://localhost", "http://localhost:8000", "http://127.0.0.1:5000",
            "http://[::1]:3000", "https://192.0.2.10"]
REFUSED = ["http://www.example.org", "https://www.example.org/", "https://www.example.org/programme",
           "https://www.example.org?x=1", "https://*.example.org", "www.example.org", "https://",
           "https://www.example.org:0", "https://www.example.org:70000", "https://user@www.example.org",
           "https://www.example.org 'unsafe-inline'", "https://a.org; script-src *", "javascript:alert(1)",
           "https://-bad.example.org", " https://www.example.org", "'self'", "*", "https://www.example.org#top"]


@pytest.mark.parametrize("value", ACCEPTED)
def test_an_origin_is_https_host_and_port(value):
    assert is_origin(value)


@pytest.mark.parametrize("value", REFUSED)
def test_anything_that_would_change_the_policy_is_refused(value):
    """A path, wildcard, quote, space or semicolon would say more than "this site" in frame-ancestors."""
    assert not is_origin(value)
    with pytest.raises(ProgrammeRejected) as refusal:
        fields.CONFERENCE.clean({"embed_origins": [value]}, partial=True)
    assert refusal.value.problems[0].code == "embed_origin"


def test_origins_are_stored_in_lower_case_once():
    cleaned = fields.CONFERENCE.clean({"embed_origins": ["HTTPS://Partner.Example.org", "https://partner.example.org",
                                                         "http://localhost:8000"]}, partial=True)
    assert cleaned["embed_origins"] == ["https://partner.example.org", "http://localhost:8000"]
    assert fields.CONFERENCE.clean({"embed_origins": None}, partial=True)["embed_origins"] == []
    with pytest.raises(ProgrammeRejected):
        fields.CONFERENCE.clean({"embed_origins": [f"https://s{index}.example.org" for index in range(21)]}, partial=True)


def test_the_schemas_state_the_same_pattern(client):
    conference = programme_document.load_schema()["$defs"]["conference"]["properties"]
    assert conference["embed_origins"]["items"]["pattern"] == f"^{ORIGIN_PATTERN}$"
    openapi = client.get("/api/v1/openapi.json").get_json()
    body = openapi["paths"]["/api/v1/conferences/{slug}"]["patch"]["requestBody"]["content"]["application/json"]
    item = body["schema"]["properties"]["embed_origins"]["anyOf"][0]["items"]
    assert item["pattern"] == f"^{ORIGIN_PATTERN}$"


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_the_api_keeps_origins_and_refuses_a_path_in_the_readers_language(app, api, demo, publish, lang):
    released = api("GET", f"/conferences/{demo}").get_json()["conference"].get("embed_origins")
    saved = api("PATCH", f"/conferences/{demo}", json={"embed_origins": ["https://www.izmir.bel.tr"]}, expect=200)
    assert saved.get_json()["conference"]["embed_origins"] == ["https://www.izmir.bel.tr"]
    refused = api("PATCH", f"/conferences/{demo}", json={"embed_origins": ["https://www.izmir.bel.tr/programm"]},
                  headers={"Accept-Language": lang}, expect=400).get_json()["error"]
    assert refused["field"] == "embed_origins" and refused["problems"][0]["code"] == "embed_origin"
    with app.test_request_context(f"/{lang}/"):
        expected = gettext(MESSAGES["embed_origin"]).format(origin="https://www.izmir.bel.tr/programm")
    assert refused["message"] == expected
    assert ("https://www.example.org" in expected) and expected != MESSAGES["embed_origin"].format(
        origin="https://www.izmir.bel.tr/programm")
    # The read API is the public programme: the draft's origins reach it with the next release.
    assert api("GET", f"/conferences/{demo}").get_json()["conference"].get("embed_origins") == released
    publish()
    assert api("GET", f"/conferences/{demo}").get_json()["conference"]["embed_origins"] == ["https://www.izmir.bel.tr"]


def test_the_programme_document_round_trips_the_origins(app, load_document, demo_document):
    document = copy.deepcopy(demo_document)
    document["conference"]["embed_origins"] = ["https://www.staedtetag.de", "http://localhost:8000"]
    load_document(document)
    with app.app_context():
        exported = programme_document.export_document(load_programme(document["conference"]["slug"]))
    assert exported["conference"]["embed_origins"] == ["https://www.staedtetag.de", "http://localhost:8000"]
    load_document(exported)
    with app.app_context():
        again = programme_document.export_document(load_programme(document["conference"]["slug"]))
    assert programme_document.dumps(again) == programme_document.dumps(exported)


def test_a_document_with_a_path_in_an_origin_is_refused_with_its_message(demo_document):
    document = copy.deepcopy(demo_document)
    document["conference"]["embed_origins"] = ["https://www.staedtetag.de/programm"]
    with pytest.raises(ProgrammeRejected) as refusal:
        validate(document)
    (problem,) = refusal.value.problems
    assert (problem.code, problem.location) == ("embed_origin", "conference.embed_origins[0]")
    assert "https://www.staedtetag.de/programm" in problem.message()


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_the_editor_takes_one_origin_per_line(app, editor, demo, draft_programme, lang):
    page = editor.get(f"/organiser/conferences/{demo}/edit", headers={"Accept-Language": lang})
    form = _form_values(page.get_data(as_text=True))
    form["embed_origins"] = "https://www.staedtetag.de\r\n\r\n  https://www.tbb.gov.tr  \r\n"
    assert editor.post(f"/organiser/conferences/{demo}/edit", data=form).status_code == 302
    with app.app_context():
        assert draft_programme(demo).embed_origins == ["https://www.staedtetag.de", "https://www.tbb.gov.tr"]
    shown = editor.get(f"/organiser/conferences/{demo}/edit").get_data(as_text=True)
    assert "https://www.staedtetag.de\nhttps://www.tbb.gov.tr</textarea>" in shown
    form["embed_origins"] = "https://www.staedtetag.de/programm"
    refused = editor.post(f"/organiser/conferences/{demo}/edit", data=form, headers={"Accept-Language": lang})
    assert refused.status_code == 400
    with app.test_request_context(f"/{lang}/"):
        expected = gettext(MESSAGES["embed_origin"]).format(origin="https://www.staedtetag.de/programm")
    assert _escaped(expected) in refused.get_data(as_text=True)


def _form_values(html: str) -> dict:
    """The editor form's current values, as a browser would submit them unchanged."""
    form = lxml.html.fromstring(html).xpath("//main//form[@method='post']")[0]
    return {name: value for name, value in form.form_values()}


def _escaped(text: str) -> str:
    """Text as Jinja escapes it in a page."""
    return str(escape(text))


@pytest.mark.parametrize(("lang", "title"), [
    ("de", "Programm: Virtuelle Vorkonferenz zur Deutsch-Türkischen Städtepartnerschaftskonferenz"),
    ("tr", "Program: Türk-Alman Kardeş Şehirler Konferansı Sanal Ön Konferansı"),
])
def test_the_conference_page_shows_the_snippet_to_paste(app, editor, demo, draft_programme, lang, title):
    html = editor.get(f"/organiser/conferences/{demo}/", headers={"Accept-Language": lang}).get_data(as_text=True)
    (code,) = lxml.html.fromstring(html).xpath("//textarea[@id='embed-snippet-code']")
    assert code.text == (f'<script src="http://localhost/static/embed.js" data-conference="{demo}" data-lang="{lang}" '
                         f'data-title="{title}" async></script>')
    assert '<script src="http://localhost/static/embed.js"' not in html  # shown as text, never run here
    with app.test_request_context(f"/{lang}/"):
        warning = gettext("No site may show it yet: list the sites in the conference fields first; browsers refuse "
                          "the frame on any other site.")
    assert _escaped(warning) in html



@pytest.mark.parametrize("lang", ["de", "tr"])
def test_the_conference_page_says_which_sites_may_show_it_now_and_after_publishing(app, editor, demo, draft_programme,
                                                                                     publish, lang):
    """Browsers follow the published release's list; the page said a site listed only in the draft could show it."""
    with app.app_context():
        editing.update_conference(draft_programme(demo, with_access=True), {"embed_origins": ["https://www.tbb.gov.tr"]})
    with app.test_request_context(f"/{lang}/"):
        none_yet = gettext("No site may show it yet: list the sites in the conference fields first; browsers refuse "
                           "the frame on any other site.")
        pending = gettext("When you publish, these sites may show it: %(sites)s. Until then, the published "
                          "programme’s list applies.", sites="https://www.tbb.gov.tr")
        allowed = gettext("These sites may show it: %(sites)s.", sites="https://www.tbb.gov.tr")
    html = editor.get(f"/organiser/conferences/{demo}/", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert _escaped(pending) in html and _escaped(allowed) not in html
    publish(demo)
    html = editor.get(f"/organiser/conferences/{demo}/", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert _escaped(allowed) in html and _escaped(pending) not in html and _escaped(none_yet) not in html
