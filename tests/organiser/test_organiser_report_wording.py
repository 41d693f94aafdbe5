"""The editor's problem reports in the organiser's language: places in words, errors first, repeats counted."""
from __future__ import annotations

import copy
import datetime as dt
import json
import re

import lxml.html
import pytest

from confsched.programme.cli import demo_text


def report_items(page: str, list_id: str | None = None) -> list[str]:
    """The text of each top-level line of a problem report in a page."""
    tree = lxml.html.fromstring(page)
    lists = tree.xpath(f'//ul[@id="{list_id}"]' if list_id else '//ul[contains(@class, "report")]')
    return [" ".join(item.text_content().split()) for report in lists for item in report.xpath("./li")]


@pytest.mark.parametrize(("language", "typo", "repeated"), [
    ("de", "Fachworkshop 2, 15. Juni, gedruckt in „Programmentwurf“: Gedruckt als 13:00 (TRT)",
     "30 Zeiten sind als CET (UTC+1) gedruckt, aber in Berlin gilt zu diesen Zeiten MESZ (UTC+2)."),
    ("tr", "2. Çalıştay, 15 Haziran, “Programmentwurf” belgesinde basılı: 13:00 (TRT) olarak basılmış",
     "30 yerde saat CET (UTC+1) olarak basılmış, ancak Berlin o tarihlerde CEST (UTC+2) saatindedir."),
])
def test_the_dry_run_puts_the_typo_first_and_counts_the_label_notes(editor, demo, language, typo, repeated):
    response = editor.post("/organiser/import", data={"text": demo_text()}, headers={"Accept-Language": language})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    lines = report_items(page, "import-warnings")
    assert len(lines) == 3
    assert lines[0].startswith(typo)
    assert lines[2].startswith(repeated)
    assert ("Fachworkshop 1" if language == "de" else "1. Çalıştay") in lines[2]
    assert "workshops[" not in page and "printed[" not in page and "items[" not in page


@pytest.mark.parametrize(("language", "note"), [
    ("de", "Fachworkshop 1, 15. Dezember: Gedruckt als EET (UTC+2), aber Istanbul gilt am 15.12.2016 UTC+3 (UTC+3)."),
    ("tr", "1. Çalıştay, 15 Aralık: EET (UTC+2) olarak basılmış, ancak İstanbul 15 Ara 2016 tarihinde TSİ (UTC+3) "
           "saatindedir."),
])
def test_a_printed_label_note_names_the_label_in_force_as_the_report_s_language_writes_it(editor, demo, make_document,
                                                                                          language, note):
    """Istanbul left EET in 2016: an 'EET' printed for December says Istanbul was on TSİ then, in a Turkish report."""
    document = make_document(slug=demo, first_date=dt.date(2016, 12, 15))
    document["workshops"][0]["days"][0]["printed"] = [{"label": "EET", "start": "11:00"}]
    response = editor.post("/organiser/import", data={"text": json.dumps(document)},
                           headers={"Accept-Language": language})
    assert report_items(response.get_data(as_text=True), "import-warnings") == [note]


@pytest.mark.parametrize(("language", "place"), [("de", "Fachworkshop 1: "), ("tr", "1. Çalıştay: ")])
def test_a_refused_import_names_the_workshop_in_words(editor, demo, demo_document, language, place):
    broken = copy.deepcopy(demo_document)
    broken["workshops"][0]["title"] = {"de": " ", "tr": ""}
    response = editor.post("/organiser/import", data={"text": json.dumps(broken, ensure_ascii=False)},
                           headers={"Accept-Language": language})
    assert response.status_code == 400
    lines = report_items(response.get_data(as_text=True))
    assert lines and lines[0].startswith(place)
    assert "workshops[0]" not in response.get_data(as_text=True)


@pytest.mark.parametrize(("language", "place", "english"), [
    ("de", "Fachworkshop 1, 15. Juni: ", "workshop 1, day 1"),
    ("tr", "1. Çalıştay, 15 Haziran: ", "workshop 1, day 1"),
])
def test_the_live_preview_words_its_problems_in_the_page_language(editor, demo, language, place, english):
    base = f"/organiser/conferences/{demo}/workshops/1/days/1"
    form = {"kind": "break", "duration_minutes": "10", "action": "preview", "title_de": "Pause", "title_tr": "Ara"}
    fragment = editor.post(f"{base}/items/preview", data=form, headers={"Accept-Language": language})
    text = fragment.get_data(as_text=True)
    lines = report_items(text)
    assert lines and lines[0].startswith(place)
    assert english not in text


def test_the_command_line_words_places_and_counts_repeats(runner, tmp_path):
    path = tmp_path / "programme.json"
    path.write_text(demo_text(), encoding="utf-8")
    result = runner.invoke(args=["import", "--dry-run", str(path)])
    assert result.exit_code == 0
    notes = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert notes[0].startswith("warning: Fachworkshop 2, June 15, printed in “Programmentwurf” "
                               "(workshops[1].days[0].printed[1]): Printed as 13:00 (TRT)")
    assert notes[2].startswith("warning: 30 times are printed as CET (UTC+1)")
    assert len(notes) == 3
    assert "  - Fachworkshop 1, June 15, item 5 (workshops[0].days[0].items[4].printed[0])" in result.output


@pytest.fixture
def api(app, demo, make_organiser, api_token):
    """A member's bearer-token client of the write API."""
    make_organiser(conferences=(demo,))
    client = app.test_client()
    return lambda path, body, language: client.post(
        f"/api/v1{path}", data=body, content_type="application/json",
        headers={"Authorization": f"Bearer {api_token()}", "Accept-Language": language})


def test_the_api_keeps_machine_locations_and_adds_the_place_in_words(api, demo_document):
    report = api("/imports?dry_run=true", json.dumps(demo_document), "tr").get_json()
    typo = next(warning for warning in report["warnings"] if warning["code"] == "printed_time")
    assert typo["field"] == "workshops[1].days[0].printed[1] (Programmentwurf)"
    assert typo["place"] == "2. Çalıştay, 15 Haziran, “Programmentwurf” belgesinde basılı"
    broken = copy.deepcopy(demo_document)
    broken["workshops"][2]["title"] = {"de": "", "tr": ""}
    refused = api("/imports?dry_run=true", json.dumps(broken), "de")
    assert refused.status_code == 400
    problem = refused.get_json()["error"]["problems"][0]
    assert (problem["field"], problem["place"]) == ("workshops[2].title", "Fachworkshop 3")
