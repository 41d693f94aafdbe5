"""Releases through the write API: list, show, preview with the registrations each change notifies, publish with a
bilingual comment, refusals in the reader's language, revert; the read API shows the latest release only."""
from __future__ import annotations

import pytest

from confsched.extensions import db
from confsched.programme import releases
from confsched.programme.document import export_document
from confsched.programme.models import Release
from confsched.programme.queries import load_conference_row
from confsched.registration.models import Registrant, Registration, RegistrationStatus, Role
from confsched.registration.queries import find_workshop
from tests.conftest import DEMO_SLUG

RELEASES = f"/conferences/{DEMO_SLUG}/releases"
RENAMED = {"de": "Digitale Stadt – neu", "tr": "Dijital Şehir – yeni"}


@pytest.fixture
def api(app, demo, make_organiser, api_token):
    """A client whose requests carry a member's bearer token; German unless a language is asked for."""
    make_organiser(conferences=(demo,))
    headers = {"Authorization": f"Bearer {api_token()}", "Accept-Language": "de"}
    client = app.test_client()

    def call(method: str, path: str, json=None, expect: int | None = None, language: str = "de"):
        response = client.open(f"/api/v1{path}", method=method, json=json,
                               headers={**headers, "Accept-Language": language})
        if expect is not None:
            assert response.status_code == expect, response.get_json()
        return response

    return call


@pytest.fixture
def registrations(app, demo):
    """Factory: registrations of a published workshop in the given statuses."""

    def make(number: int, *statuses: RegistrationStatus) -> None:
        with app.app_context():
            workshop = find_workshop(demo, number)
            for index, status in enumerate(statuses):
                registrant = Registrant(conference_id=workshop.conference_id, email=f"r{number}-{index}@example.org",
                                        name=f"Person {index}", language="de", zone="Europe/Berlin",
                                        consent_given_at=workshop.days[0].starts_at)
                db.session.add(Registration(registrant=registrant, workshop_id=workshop.id, status=status,
                                            role=Role.listener if status is RegistrationStatus.listener else Role.active))
            db.session.commit()

    return make


def public_title(client) -> str:
    """Workshop 1's German title as the read API gives it."""
    return client.get(f"/api/v1/conferences/{DEMO_SLUG}").get_json()["workshops"][0]["title"]["de"]


def test_the_demo_is_release_one_and_lists_without_its_document(api):
    listed = api("GET", RELEASES, expect=200).get_json()
    assert listed["release_number"] == 1
    (release,) = listed["releases"]
    assert release["number"] == 1 and release["kept"] and release["published_at"].endswith("Z")
    assert {change["kind"] for change in release["changes"]} == {"workshop_added"}
    shown = api("GET", f"{RELEASES}/1", expect=200).get_json()["release"]
    assert shown == release
    everything = api("GET", RELEASES).get_data(as_text=True) + api("GET", f"{RELEASES}/1").get_data(as_text=True)
    assert "Kd-7319-secret" not in everything and '"document"' not in everything
    assert api("GET", f"{RELEASES}/7", expect=404).get_json()["error"]["field"] == "release"


def test_preview_then_publish_with_a_bilingual_comment(app, client, api, registrations):
    registrations(1, RegistrationStatus.active, RegistrationStatus.active, RegistrationStatus.listener,
                  RegistrationStatus.waiting, RegistrationStatus.pending, RegistrationStatus.cancelled)
    registrations(2, RegistrationStatus.active)
    api("PATCH", f"/conferences/{DEMO_SLUG}/workshops/1", json={"title": RENAMED}, expect=200)
    api("PATCH", f"/conferences/{DEMO_SLUG}/workshops/2/days/1", json={"local_start": "13:30", "local_end": "15:30"},
        expect=200)
    assert public_title(client) == "Digitale Stadt"  # the draft is nobody's business but the organisers'

    preview = api("POST", f"{RELEASES}?dry_run=true", json={}, expect=200).get_json()
    assert preview["dry_run"] is True and preview["number"] == 2
    by_kind = {(change["kind"], change["workshop"]): change for change in preview["changes"]}
    assert by_kind[("workshop_renamed", 1)]["notifies"] == 3  # two seats and a listener
    assert by_kind[("workshop_renamed", 1)]["old_title"]["de"] == "Digitale Stadt"
    assert by_kind[("day_moved", 2)]["notifies"] == 1
    assert by_kind[("day_moved", 2)]["start"] == "2020-06-15T11:30:00Z"
    assert preview["notifies"] == 4
    assert public_title(client) == "Digitale Stadt"
    assert api("GET", RELEASES).get_json()["release_number"] == 1

    comment = {"de": "Neuer Titel, Workshop 2 beginnt später.", "tr": "Yeni başlık, 2. çalıştay daha geç başlıyor."}
    published = api("POST", RELEASES, json={"comment": comment, "expected": 2}, expect=201).get_json()
    assert published["dry_run"] is False
    release = published["release"]
    assert release["number"] == 2 and release["comment"] == comment
    assert release["published_by"] == "organiser@example.org"
    assert [change["kind"] for change in release["changes"]] == ["day_moved", "workshop_renamed"]
    assert public_title(client) == RENAMED["de"]
    assert [entry["number"] for entry in api("GET", RELEASES).get_json()["releases"]] == [2, 1]


def test_a_removed_workshop_notifies_the_waiting_list_too(api, registrations):
    registrations(3, RegistrationStatus.active, RegistrationStatus.waiting, RegistrationStatus.pending)
    api("DELETE", f"/conferences/{DEMO_SLUG}/workshops/3", expect=200)
    preview = api("POST", f"{RELEASES}?dry_run=true", json={}, expect=200).get_json()
    (removed,) = [change for change in preview["changes"] if change["kind"] == "workshop_removed"]
    assert removed["workshop"] == 3 and removed["notifies"] == 2


@pytest.mark.parametrize(("language", "words"), [("de", "nichts zu veröffentlichen"), ("tr", "yayımlanacak")])
def test_nothing_to_publish_is_refused_in_the_readers_language(api, language, words):
    for path in (RELEASES, f"{RELEASES}?dry_run=true"):
        error = api("POST", path, json={}, expect=409, language=language).get_json()["error"]
        assert words in error["message"].lower()
        assert error["problems"][0]["code"] == "nothing_to_release"
    assert api("GET", RELEASES).get_json()["release_number"] == 1


def test_an_outdated_expected_number_is_refused(app, api):
    api("PATCH", f"/conferences/{DEMO_SLUG}/workshops/1", json={"title": RENAMED}, expect=200)
    error = api("POST", RELEASES, json={"expected": 5}, expect=409, language="tr").get_json()["error"]
    assert error["problems"][0]["code"] == "release_outdated" and "1" in error["message"]
    assert api("POST", f"{RELEASES}?dry_run=true", json={"expected": 3}, expect=409).status_code == 409
    assert api("GET", RELEASES).get_json()["release_number"] == 1
    assert api("POST", RELEASES, json={"expected": 2}, expect=201).get_json()["release"]["number"] == 2


def test_a_comment_and_a_body_are_checked(api):
    assert api("POST", RELEASES, json={"comment": {"fr": "non"}}, expect=400).get_json()["error"]["field"] == "comment"
    assert api("POST", RELEASES, json={"expected": 0}, expect=400).get_json()["error"]["field"] == "expected"
    assert api("POST", RELEASES, json={"unknown": 1}, expect=400).status_code == 400
    assert api("POST", RELEASES, json=[], expect=400).status_code == 400


def test_revert_makes_the_draft_a_release_and_leaves_the_public_alone(app, client, api):
    api("PATCH", f"/conferences/{DEMO_SLUG}/workshops/1", json={"title": RENAMED}, expect=200)
    api("POST", RELEASES, json={}, expect=201)
    api("PATCH", f"/conferences/{DEMO_SLUG}/workshops/2", json={"capacity": 12}, expect=200)
    reverted = api("POST", f"{RELEASES}/1/revert", expect=200).get_json()
    assert reverted["release"] == 1 and reverted["changed"]
    with app.app_context():
        published = releases.published_programme(DEMO_SLUG)
        kept = releases.find_release(published, 1).document
        draft = export_document(releases.working_draft(DEMO_SLUG), include_access=True)
    assert {**draft, "last_frab_id": kept["last_frab_id"]} == kept
    assert public_title(client) == RENAMED["de"]
    assert api("POST", RELEASES, json={}, expect=201).get_json()["release"]["number"] == 3
    assert public_title(client) == "Digitale Stadt"


def test_revert_refuses_unknown_and_unkept_releases(app, api):
    assert api("POST", f"{RELEASES}/9/revert", expect=404).get_json()["error"]["field"] == "release"
    with app.app_context():
        release = db.session.execute(db.select(Release)).scalar_one()
        release.document = {}  # as migration 0017 leaves the release 1 of an existing conference
        db.session.commit()
    error = api("POST", f"{RELEASES}/1/revert", expect=409).get_json()["error"]
    assert error["problems"][0]["code"] == "release_not_kept"
    assert api("GET", f"{RELEASES}/1").get_json()["release"]["kept"] is False


def test_releases_are_for_the_conferences_organisers_only(app, demo, make_organiser, api_token):
    make_organiser(email="other@example.org")
    headers = {"Authorization": f"Bearer {api_token('other@example.org')}"}
    client = app.test_client()
    assert client.get(f"/api/v1{RELEASES}", headers=headers).status_code == 403
    assert client.post(f"/api/v1{RELEASES}", json={}, headers=headers).status_code == 403
    assert client.post(f"/api/v1{RELEASES}", json={}).status_code == 401


def test_the_read_api_answers_404_until_the_first_release(app, client, api):
    created = {"slug": "noch-geheim", "title": {"de": "Geheim", "tr": "Gizli"}, "primary_zone": "Europe/Berlin"}
    api("POST", "/conferences", json=created, expect=201)
    assert client.get("/api/v1/conferences/noch-geheim").status_code == 404
    assert api("GET", "/conferences/noch-geheim/releases", expect=200).get_json() == {"release_number": 0,
                                                                                       "releases": []}
    first = api("POST", "/conferences/noch-geheim/releases", json={}, expect=201).get_json()["release"]
    assert first["number"] == 1
    assert client.get("/api/v1/conferences/noch-geheim").get_json()["conference"]["title"]["de"] == "Geheim"
    with app.app_context():
        assert load_conference_row("noch-geheim").release_number == 1


def test_a_non_member_is_refused_without_a_draft_being_made(app, load_document, make_document, make_organiser,
                                                           api_token, sign_in):
    """A refused request made the conference's working draft before its permission was checked."""
    load_document(make_document(slug="ohne-entwurf"))
    make_organiser(email="other@example.org")
    api = app.test_client().patch("/api/v1/conferences/ohne-entwurf/workshops/1", json={"title": {"de": "X"}},
                                  headers={"Authorization": f"Bearer {api_token('other@example.org')}"})
    browser = app.test_client()
    sign_in(browser, "other@example.org")
    editor = browser.get("/organiser/conferences/ohne-entwurf/")
    assert (api.status_code, editor.status_code) == (403, 403)
    with app.app_context():
        assert load_conference_row("ohne-entwurf", draft=True) is None
