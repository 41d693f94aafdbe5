"""Reminder offsets: set, changed or switched off in the editor, the write API and the programme document alike."""
from __future__ import annotations

import copy
import json

import pytest

from confsched.organiser import fields, forms
from confsched.organiser.fields import TypedText
from confsched.programme import releases
from confsched.programme.document import dumps, export_document
from confsched.programme.importer import import_document
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.queries import load_programme
from tests.organiser.test_organiser_api import api  # noqa: F401 - the fixture

REFUSALS = {
    "de": "Eine Erinnerung muss zwischen 5 Minuten und 14 Tagen vor dem Tag verschickt werden.",
    "tr": "Hatırlatma, günün başlangıcından en az 5 dakika, en çok 14 gün önce gönderilmelidir.",
}


@pytest.fixture
def stored(app, draft_programme):
    """Factory: a conference's reminder offsets as stored in its working draft, which the editor and the API change
    (`released`: as last published, which reminders to registrants follow)."""

    def offsets(slug: str, released: bool = False) -> list:
        with app.app_context():
            return (load_programme(slug) if released else draft_programme(slug)).reminder_minutes

    return offsets


def test_a_new_conference_reminds_24_hours_and_1_hour_before(app, demo, stored):
    assert stored(demo) == [1440, 60]


@pytest.mark.parametrize(("given", "kept"), [
    ([60, 1440], [1440, 60]), (TypedText("180, 30"), [180, 30]), (TypedText("90; 15 ,"), [90, 15]),
    (TypedText(""), []), (None, []), ([], []), ([20160, 5], [20160, 5]), ([60.0], [60]),
])
def test_the_rule_keeps_distinct_offsets_longest_first(given, kept):
    assert fields.ReminderOffsets().clean(given) == kept


@pytest.mark.parametrize(("given", "code"), [
    ([0], "reminder_range"), ([4], "reminder_range"), ([20161], "reminder_range"), ([-60], "reminder_range"),
    ([60, 60], "reminder_duplicate"), ([10, 20, 30, 40, 50, 60], "reminder_count"), (TypedText("24h"), "reminder_format"),
    (TypedText("1 440"), "reminder_format"), (TypedText("-5"), "reminder_range"),
    ("1440, 60", "schema_type"), ("", "schema_type"), (["60"], "schema_type"), ([60.5], "schema_type"),
    ({"minutes": 60}, "schema_type"), ([True], "schema_type"),
])
def test_the_rule_refuses_what_cannot_be_a_reminder(given, code):
    with pytest.raises(fields.FieldProblem) as refusal:
        fields.ReminderOffsets().clean(given)
    assert refusal.value.code == code


def test_the_api_changes_and_switches_off_reminders(app, api, demo, stored, publish):  # noqa: F811 - the fixture
    changed = api("PATCH", f"/conferences/{demo}", json={"reminder_minutes": [30, 2880]}, expect=200)
    assert changed.get_json()["conference"]["reminder_minutes"] == [2880, 30]
    assert stored(demo) == [2880, 30]
    api("PATCH", f"/conferences/{demo}", json={"reminder_minutes": []}, expect=200)
    assert stored(demo) == [] and stored(demo, released=True) == [1440, 60]
    publish()
    assert stored(demo, released=True) == []


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_the_api_refuses_an_offset_out_of_range_in_the_readers_language(app, api, demo, stored, lang):  # noqa: F811
    response = api("PATCH", f"/conferences/{demo}", json={"reminder_minutes": [1]},
                   headers={"Accept-Language": lang}, expect=400)
    error = response.get_json()["error"]
    assert error["field"] == "reminder_minutes" and error["message"] == REFUSALS[lang]
    assert stored(demo) == [1440, 60]


def test_the_openapi_document_describes_the_offsets(client):
    document = client.get("/api/v1/openapi.json").get_json()
    body = document["paths"]["/api/v1/conferences/{slug}"]["patch"]["requestBody"]["content"]["application/json"]["schema"]
    schema = json.dumps(body)
    assert "reminder_minutes" in schema and '"maximum": 20160' in schema and '"maxItems": 5' in schema


def editor_form(app, slug: str, **changes) -> dict:
    """The conference form as the editor fills it in from the working draft, with some fields changed."""
    with app.app_context():
        conference = releases.working_draft(slug)
        values = {name: getattr(conference, name) for name in fields.CONFERENCE.fields}
    data = forms.initial_data(fields.CONFERENCE, values)
    return {key: value for key, value in {**data, **changes}.items() if value is not None}


def test_the_editor_shows_changes_and_switches_off_reminders(app, editor, demo, stored):
    path = f"/organiser/conferences/{demo}/edit"
    page = editor.get(path).get_data(as_text=True)
    assert 'value="1440, 60"' in page and "Leave it empty" not in page  # the hint is in German
    assert editor.post(path, data=editor_form(app, demo, reminder_minutes="120; 15")).status_code == 302
    assert stored(demo) == [120, 15]
    assert editor.post(path, data=editor_form(app, demo, reminder_minutes="")).status_code == 302
    assert stored(demo) == []


@pytest.mark.parametrize(("typed", "refusal"), [
    ("1440, 2", REFUSALS["de"]),
    ("24 Stunden", "Geben Sie ganze Minuten durch Kommas getrennt ein, zum Beispiel 1440, 60."),
])
def test_the_editor_names_a_wrong_offset_in_german(app, editor, demo, stored, typed, refusal):
    response = editor.post(f"/organiser/conferences/{demo}/edit", data=editor_form(app, demo, reminder_minutes=typed))
    assert response.status_code == 400
    assert refusal in response.get_data(as_text=True)
    assert stored(demo) == [1440, 60]


@pytest.mark.parametrize(("minutes", "written"), [([1440, 60], None), ([], []), ([2880, 180, 10], [2880, 180, 10])])
def test_documents_carry_the_offsets_through_a_round_trip(app, demo, stored, minutes, written):
    """The default is left out (the demo's file stays as it is); switched off is written as an empty list."""
    with app.app_context():
        conference = load_programme(demo)
        conference.reminder_minutes = minutes
        from confsched.extensions import db

        db.session.commit()
        first = export_document(load_programme(demo, with_access=True), include_access=True)
        assert first["conference"].get("reminder_minutes") == written
        import_document(copy.deepcopy(first))
        second = export_document(load_programme(demo, with_access=True), include_access=True)
    assert dumps(second) == dumps(first)
    assert stored(demo, released=True) == minutes


def test_a_document_with_an_impossible_offset_is_refused(app, demo, demo_document):
    document = copy.deepcopy(demo_document)
    document["conference"]["reminder_minutes"] = [60, 60]
    with app.app_context(), pytest.raises(ProgrammeRejected) as refusal:
        import_document(document)
    assert any("reminder_minutes" in problem.location for problem in refusal.value.problems)
