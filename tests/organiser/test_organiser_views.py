"""The editor as an organiser uses it: sign-in, CSRF, access, rebuilding a workshop, re-flow, import and history."""
from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re

import lxml.html
import pytest
from flask_babel import gettext, ngettext
from markupsafe import escape

from confsched.organiser.models import ChangeLogEntry
from confsched.programme.document import export_document
from confsched.programme.problems import MESSAGES
from confsched.programme.queries import load_programme
from tests.organiser.conftest import PASSWORD, without_printed

NEW_SLUG = "neuaufbau-2020"
MOVED_ROW = re.compile(r'<tr class="depth-0 moved"')


def texts(form: dict, name: str, values: dict | None) -> dict:
    """Put a {language: text} value into the side-by-side form fields."""
    for language in ("de", "tr"):
        form[f"{name}_{language}"] = (values or {}).get(language, "")
    return form


def post_ok(client, path: str, form: dict):
    """Post a form and insist it was accepted (a redirect after saving)."""
    response = client.post(path, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return response


def agenda_times(client, slug: str, number: int = 1, day: int = 1) -> list[tuple[str, str]]:
    """The start times in both zones as the day editor shows them."""
    html = client.get(f"/organiser/conferences/{slug}/workshops/{number}/days/{day}/").get_data(as_text=True)
    first = re.findall(r'<td class="zone-1"[^>]*>\s*(?:<time[^>]*>)?(\d\d:\d\d)', html)
    second = re.findall(r'<td class="zone-2"[^>]*>\s*(?:<time[^>]*>)?(\d\d:\d\d)', html)
    return list(zip(first, second))


@pytest.mark.parametrize("path", [
    "/organiser/", "/organiser/conferences/new", "/organiser/tokens", "/organiser/import",
    "/organiser/conferences/vorkonferenz-2020/workshops/1/days/1/",
])
def test_anonymous_editor_pages_lead_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/organiser/sign-in?next=")


def test_sign_in_and_out(app, client, make_organiser, sign_in):
    make_organiser()
    response = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/organiser/"
    assert client.get("/organiser/").status_code == 200
    app.config["WTF_CSRF_ENABLED"] = False
    client.post("/organiser/sign-out")
    assert client.get("/organiser/").status_code == 302


def test_session_cookie_is_httponly_lax_and_secure_over_https(client, make_organiser, sign_in):
    make_organiser()
    html = client.get("/organiser/sign-in", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = client.post("/organiser/sign-in", base_url="https://localhost",
                           headers={"Referer": "https://localhost/organiser/sign-in"},
                           data={"email": "organiser@example.org", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    plain = client.get("/organiser/sign-in").headers.get("Set-Cookie", "")
    assert "Secure" not in plain


def _refusal(response) -> str:
    """The sign-in page's error paragraph."""
    return re.search(r'<p class="field-error" role="alert">(.*?)</p>', response.get_data(as_text=True)).group(1)


def test_a_wrong_password_is_refused_and_repeated_failures_lock_the_account(app, client, make_organiser, sign_in):
    make_organiser()
    app.config["CONFSCHED_LOCKOUT_FAILURES"] = 3
    for _attempt in range(3):
        response = sign_in(client, password="wrong password!")
        assert response.status_code == 400
    refused = sign_in(client)
    assert refused.status_code == 400
    assert client.get("/organiser/").status_code == 302


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_locked_wrong_and_unknown_get_the_same_answer(app, client, make_organiser, sign_in, lang):
    """Whether the account exists, the password is wrong or the account is locked cannot be told apart."""
    make_organiser()
    client.set_cookie("confsched_lang", lang)
    app.config["CONFSCHED_LOCKOUT_FAILURES"] = 2
    wrong = sign_in(client, password="wrong password!")
    sign_in(client, password="wrong password!")
    locked = sign_in(client)
    unknown = sign_in(client, email="nobody@example.org", password="wrong password!")
    assert wrong.status_code == locked.status_code == unknown.status_code == 400
    assert _refusal(wrong) == _refusal(locked) == _refusal(unknown)
    assert "15" in _refusal(wrong)


def test_sign_in_attempts_are_throttled_per_address(app, client, make_organiser, sign_in):
    make_organiser()
    app.config["CONFSCHED_SIGN_IN_LIMIT"] = "3 per minute"
    statuses = [sign_in(client, email=f"nobody{index}@example.org").status_code for index in range(4)]
    assert statuses == [400, 400, 400, 429]


def test_a_forged_post_without_csrf_token_is_refused(app, client, demo, make_organiser, sign_in):
    make_organiser(conferences=(demo,))
    sign_in(client)
    response = client.post(f"/organiser/conferences/{demo}/workshops/1/delete")
    assert response.status_code == 400
    with app.app_context():
        assert [workshop.number for workshop in load_programme(demo).workshops] == [1, 2, 3, 4]


def test_another_organisers_conference_is_forbidden(app, client, demo, make_organiser, sign_in):
    make_organiser()
    sign_in(client)
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.get(f"/organiser/conferences/{demo}/").status_code == 403
    assert client.post(f"/organiser/conferences/{demo}/workshops/1/delete").status_code == 403
    assert client.get(f"/organiser/conferences/{demo}/members").status_code == 403
    html = client.get("/organiser/").get_data(as_text=True)
    assert demo not in html


def test_admins_manage_members(app, client, demo, make_organiser, sign_in):
    make_organiser(email="admin@example.org", is_admin=True)
    make_organiser(email="helper@example.org")
    sign_in(client, email="admin@example.org")
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.get(f"/organiser/conferences/{demo}/").status_code == 200
    post_ok(client, f"/organiser/conferences/{demo}/members", {"email": "Helper@example.org"})
    assert "helper@example.org" in client.get(f"/organiser/conferences/{demo}/members").get_data(as_text=True)
    with app.app_context():
        from confsched.organiser.accounts import find_organiser

        assert find_organiser("helper@example.org").can_edit(load_programme(demo))


def rebuild_workshop_one(client, slug: str, document: dict) -> None:
    """Type workshop 1 of the demo into the editor, form by form, as a new organiser would."""
    base = f"/organiser/conferences/{slug}"
    workshop = document["workshops"][0]
    used_people = {assignment.get("person") for item in workshop["days"][0]["items"]
                   for assignment in item.get("assignments", [])} | {"alexander-wagner"}
    people = [person for person in document["people"] if person["key"] in used_people]
    used_organisations = {person.get("organisation") for person in people} | set(workshop["organisations"]) | {
        assignment.get("organisation") for item in workshop["days"][0]["items"]
        for assignment in item.get("assignments", [])}
    for organisation in document["organisations"]:
        if organisation["key"] in used_organisations:
            form = texts({key: organisation.get(key, "") for key in ("key", "short_name", "city", "country")},
                         "name", organisation["name"])
            post_ok(client, f"{base}/organisations/new", form)
    for person in people:
        form = {key: person.get(key, "") for key in ("key", "name", "academic_title", "organisation", "city")}
        post_ok(client, f"{base}/people/new", texts(form, "function", person.get("function")))
    platform = document["platforms"][0]
    post_ok(client, f"{base}/platforms/new", texts(
        {"key": platform["key"], "name": platform["name"], "kind": platform["kind"],
         "passcode": platform["access"]["passcode"], "join_url": platform["access"]["join_url"],
         "meeting_id": platform["access"]["meeting_id"]}, "instructions", platform["access"]["instructions"]))
    day = workshop["days"][0]
    form = {"number": "1", "platform": "kudo", "organisations": workshop["organisations"],
            "capacity": str(workshop["capacity"]), "listeners_admitted": "yes", "status": workshop["status"],
            "day_date": day["date"], "day_local_start": day["local_start"], "day_local_end": day["local_end"],
            "day_zone": day["zone"]}
    for name in ("title", "subtitle", "background", "goals", "format_notes"):
        texts(form, name, workshop.get(name))
    post_ok(client, f"{base}/workshops/new", form)
    for assignment in workshop["assignments"]:
        post_ok(client, f"{base}/assignments/new?workshop=1", assignment_form(assignment))
    for item in day["items"]:
        form = texts(texts({"kind": item["kind"], "duration_minutes": str(item["duration"]), "action": "save"},
                           "title", item["title"]), "description", item.get("description"))
        post_ok(client, f"{base}/workshops/1/days/1/items/new", form)
        item_id = latest_item_id(client, slug)
        for assignment in item.get("assignments", []):
            post_ok(client, f"{base}/assignments/new?item={item_id}", assignment_form(assignment))


def assignment_form(assignment: dict) -> dict:
    """An assignment as the assignment form takes it."""
    form = {"role": assignment["role"], "person": assignment.get("person", ""),
            "organisation": assignment.get("organisation", "")}
    for flag in ("tbc", "organisation_itself"):
        if assignment.get(flag):
            form[flag] = "y"
    return texts(form, "note", assignment.get("note"))


def latest_item_id(client, slug: str) -> int:
    """The id of the last item on the day editor."""
    html = client.get(f"/organiser/conferences/{slug}/workshops/1/days/1/").get_data(as_text=True)
    return int(re.findall(r'data-item-id="(\d+)"', html)[-1])


def test_rebuild_workshop_one_in_the_editor_then_insert_a_break(app, editor, demo_document, draft_programme):
    post_ok(editor, "/organiser/conferences/new", texts(texts(
        {"slug": NEW_SLUG, "primary_zone": "Europe/Berlin", "secondary_zone": "Europe/Istanbul",
         "default_language": "de", "interpretation": "simultaneous"}, "title",
        {"de": "Neuaufbau", "tr": "Yeniden kuruluş"}), "subtitle", {}))
    rebuild_workshop_one(editor, NEW_SLUG, demo_document)
    with app.app_context():
        assert load_programme(NEW_SLUG) is None  # built in the draft: nothing of it is public before a release
        rebuilt = export_document(draft_programme(NEW_SLUG, with_access=True), include_access=True)
    expected = without_printed(demo_document["workshops"][0])
    assert rebuilt["workshops"][0] == {**expected, "days": rebuilt["workshops"][0]["days"]}
    assert rebuilt["workshops"][0]["days"][0]["items"] == [
        {**item, "start": rebuilt_item["start"], "end": rebuilt_item["end"]}
        for item, rebuilt_item in zip(expected["days"][0]["items"], rebuilt["workshops"][0]["days"][0]["items"])]
    assert [item["start"] for item in rebuilt["workshops"][0]["days"][0]["items"]] == [
        "2020-06-15T07:30:00Z", "2020-06-15T07:35:00Z", "2020-06-15T07:40:00Z", "2020-06-15T07:50:00Z",
        "2020-06-15T08:05:00Z", "2020-06-15T08:20:00Z", "2020-06-15T08:35:00Z", "2020-06-15T08:50:00Z",
        "2020-06-15T09:05:00Z", "2020-06-15T09:20:00Z"]
    assert "Dijital Şehir" in editor.get(f"/organiser/conferences/{NEW_SLUG}/").get_data(as_text=True)

    before = agenda_times(editor, NEW_SLUG)
    third = int(re.findall(r'data-item-id="(\d+)"', editor.get(
        f"/organiser/conferences/{NEW_SLUG}/workshops/1/days/1/").get_data(as_text=True))[2])
    post_ok(editor, f"/organiser/conferences/{NEW_SLUG}/workshops/1/days/1/items/new?after={third}", texts(
        {"kind": "break", "duration_minutes": "10", "extend_day": "y", "action": "save"}, "title",
        {"de": "Kaffeepause", "tr": "Kahve molası"}))
    after = agenda_times(editor, NEW_SLUG)
    assert after[:3] == before[:3]
    assert after[3] == ("09:50", "10:50")
    assert after[4:] == [(_later(berlin), _later(istanbul)) for berlin, istanbul in before[3:]]
    assert before[3:] == [("09:50", "10:50"), ("10:05", "11:05"), ("10:20", "11:20"), ("10:35", "11:35"),
                          ("10:50", "11:50"), ("11:05", "12:05"), ("11:20", "12:20")]


def _later(clock: str, minutes: int = 10) -> str:
    """A wall-clock time some minutes later (the agenda stays within the day)."""
    hours, rest = divmod(int(clock[:2]) * 60 + int(clock[3:]) + minutes, 60)
    return f"{hours:02d}:{rest:02d}"


def test_preview_shows_the_re_flow_and_saves_nothing(app, editor, demo, draft_programme):
    base = f"/organiser/conferences/{demo}/workshops/1/days/1"
    third = int(re.findall(r'data-item-id="(\d+)"', editor.get(f"{base}/").get_data(as_text=True))[2])
    form = texts({"kind": "break", "duration_minutes": "10", "extend_day": "y", "action": "preview"}, "title",
                 {"de": "Pause", "tr": "Ara"})
    page = editor.post(f"{base}/items/new?after={third}", data=form).get_data(as_text=True)
    assert 'class="depth-0 new-item"' in page
    assert len(MOVED_ROW.findall(page)) == 7
    fragment = editor.post(f"{base}/items/preview?after={third}", data=form).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="agenda-preview"')
    assert len(MOVED_ROW.findall(fragment)) == 7
    with app.app_context():
        assert len(draft_programme(demo).workshops[0].days[0].items) == 10


def test_an_overrun_is_explained_in_turkish_and_nothing_is_saved(app, editor, demo, draft_programme):
    base = f"/organiser/conferences/{demo}/workshops/1/days/1"
    response = editor.post(f"{base}/items/new", headers={"Accept-Language": "tr"}, data=texts(
        {"kind": "break", "duration_minutes": "10", "action": "save"}, "title", {"de": "Pause", "tr": "Ara"}))
    assert response.status_code == 400
    assert "Akış, günün bitişini 10 dakika aşıyor." in response.get_data(as_text=True)
    with app.app_context():
        assert len(draft_programme(demo).workshops[0].days[0].items) == 10


def test_html_in_titles_is_shown_escaped_and_missing_translations_are_marked(app, editor, demo):
    base = f"/organiser/conferences/{demo}/workshops/1/days/1"
    post_ok(editor, f"{base}/edit", texts(texts(
        {"date": "2020-06-15", "local_start": "09:30", "local_end": "11:45", "zone": "Europe/Berlin"},
        "label", {}), "outcomes", {}))
    post_ok(editor, f"{base}/items/new", texts(
        {"kind": "other", "duration_minutes": "5", "action": "save"}, "title", {"de": "<script>alert(1)</script>"}))
    html = editor.get(f"{base}/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'data-missing-translation="tr"' in html


def test_marking_a_speaker_confirmed_from_the_day_editor(app, editor, demo):
    base = f"/organiser/conferences/{demo}"
    html = editor.get(f"{base}/workshops/1/days/1/").get_data(as_text=True)
    tbc_ids = re.findall(r'/assignments/(\d+)/confirmed"', html)
    assert len(tbc_ids) == 2
    post_ok(editor, f"{base}/assignments/{tbc_ids[0]}/confirmed", {})
    html = editor.get(f"{base}/workshops/1/days/1/").get_data(as_text=True)
    assert re.findall(r'/assignments/(\d+)/confirmed"', html) == tbc_ids[1:]


def test_platform_access_is_editable_here_and_never_public(app, editor, demo):
    form_page = editor.get(f"/organiser/conferences/{demo}/platforms/kudo/edit").get_data(as_text=True)
    assert "Kd-7319-secret" in form_page
    public = app.test_client().get(f"/api/v1/conferences/{demo}").get_data(as_text=True)
    assert "Kd-7319-secret" not in public
    private = editor.get(f"/organiser/conferences/{demo}/document.json?access=1")
    assert "Kd-7319-secret" in private.get_data(as_text=True)
    assert "Kd-7319-secret" not in editor.get(f"/organiser/conferences/{demo}/document.json").get_data(as_text=True)
    assert private.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("language, created, command_line, in_editor, date", [
    ("de", "Die Konferenz „vorkonferenz-2020“ wurde angelegt.", "Kommandozeile", "im Editor", "15.06.2020"),
    ("tr", "“vorkonferenz-2020” konferansı oluşturuldu.", "Komut satırı", "program düzenleme panelinde",
     "15 Haz 2020"),
])
def test_history_words_who_and_how_in_the_page_language_and_in_the_past(editor, demo, language, created,
                                                                        command_line, in_editor, date):
    editor.post(f"/organiser/conferences/{demo}/workshops/1/days/1/edit",
                data={"date": "2020-06-15", "local_start": "09:45", "local_end": "11:45", "zone": "Europe/Berlin"})
    editor.set_cookie("confsched_lang", language)
    history = editor.get(f"/organiser/conferences/{demo}/history").get_data(as_text=True)
    visible = re.sub(r"<[^>]+>", " ", history)
    assert created in visible and command_line in visible and in_editor in visible
    assert date in visible and "Europe/Berlin" not in visible and "2020-06-15" not in visible
    for raw in ("command line", "cli", "editor", "will be created", "angelegt werden", "oluşturulacak"):
        assert not re.search(rf"(?<![\w/.-]){raw}(?![\w/.-])", visible), raw


def test_import_upload_reports_a_dry_run_before_applying(app, editor, demo, demo_document, draft_programme, publish):
    changed = copy.deepcopy(demo_document)
    changed["workshops"][0]["days"][0]["items"][3]["duration"] = 20
    changed["workshops"][0]["days"][0]["local_end"] = "11:35"
    text = json.dumps(changed, ensure_ascii=False)
    report = editor.post("/organiser/import", data={"document": (io.BytesIO(text.encode()), "programme.json")},
                         content_type="multipart/form-data")
    page = report.get_data(as_text=True)
    assert report.status_code == 200
    assert "Fachworkshop 1, Tag 1: Zeit 15.06.2020 09:30–11:30 Berlin → 15.06.2020 09:30–11:35 Berlin" in page
    warnings = page[page.index('id="import-warnings"'):]
    assert "10:05" in warnings and "10:10" in warnings
    listed = lxml.html.fromstring(page).get_element_by_id("import-warnings").text_content()
    assert "Berlin" in listed and "Europe/" not in listed and not re.search(r"\d{4}-\d{2}-\d{2}", listed)
    with app.app_context():
        end = draft_programme(demo).workshops[0].days[0].ends_at
    post_ok(editor, "/organiser/import", {"text": text, "apply": "y"})
    with app.app_context():  # an import in the editor changes the draft; the public sees it with the next release
        assert draft_programme(demo).workshops[0].days[0].ends_at == end + dt.timedelta(minutes=5)
        assert load_programme(demo).workshops[0].days[0].sequence == 0
    publish()
    with app.app_context():
        assert load_programme(demo).workshops[0].days[0].sequence == 1
    history = editor.get(f"/organiser/conferences/{demo}/history").get_data(as_text=True)
    assert "organiser@example.org" in history and "import" in history


def test_a_refused_import_lists_its_problems(editor, demo_document):
    broken = copy.deepcopy(demo_document)
    broken["workshops"][0]["days"][0]["zone"] = "Mars/Olympus"
    response = editor.post("/organiser/import", data={"text": json.dumps(broken), "apply": "y"})
    assert response.status_code == 400
    assert "Mars/Olympus" in response.get_data(as_text=True)


def test_history_names_who_changed_what(app, editor, demo):
    post_ok(editor, f"/organiser/conferences/{demo}/workshops/2/duplicate", {"number": "8", "date": "2020-11-16"})
    html = editor.get(f"/organiser/conferences/{demo}/history").get_data(as_text=True)
    assert "Fachworkshop 8 hinzugefügt." in html and "organiser@example.org" in html
    with app.app_context():
        from confsched.extensions import db

        entry = db.session.query(ChangeLogEntry).filter_by(code="workshop_added").one()
        assert (entry.source, entry.params) == ("editor", {"number": 8})


def test_tokens_are_shown_once_and_can_be_revoked(app, editor):
    page = editor.post("/organiser/tokens", data={"name": "Laptop"}).get_data(as_text=True)
    token = re.search(r'<p class="token" id="new-token">([^<]+)</p>', page).group(1)
    assert token.startswith("cst_")
    assert token not in editor.get("/organiser/tokens").get_data(as_text=True)
    assert app.test_client().get("/api/v1/conferences/vorkonferenz-2020/history",
                                 headers={"Authorization": f"Bearer {token}"}).status_code == 200
    token_id = re.search(r'/organiser/tokens/(\d+)/revoke', editor.get("/organiser/tokens").get_data(as_text=True))
    post_ok(editor, f"/organiser/tokens/{token_id.group(1)}/revoke", {})
    assert app.test_client().get("/api/v1/conferences/vorkonferenz-2020/history",
                                 headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_the_editor_refuses_a_join_link_that_is_not_https(app, editor, demo, lang):
    """javascript: as a join link is refused on the platform form, with the reason in the editor's language."""
    editor.set_cookie("confsched_lang", lang)
    path = f"/organiser/conferences/{demo}/platforms/kudo/edit"
    form = {"key": "kudo", "name": "Kudo", "kind": "online", "join_url": "javascript:alert(document.domain)"}
    response = editor.post(path, data=form)
    assert response.status_code == 400
    with app.test_request_context(f"/{lang}/"):
        expected = gettext(MESSAGES["https_url"])
    assert escape(expected) in response.get_data(as_text=True)
    with app.app_context():
        (kudo,) = [platform for platform in load_programme(demo, with_access=True).platforms if platform.key == "kudo"]
        assert kudo.access.join_url == "https://kudo.example.org/join/vorkonferenz-2020"


def _copied_cookie(client) -> str:
    """The session cookie as someone who copied it would hold it."""
    return client.get_cookie("session").value


def test_a_copied_session_cookie_stops_working_after_sign_out(app, client, make_organiser, sign_in):
    """Signing out ends the session on the server: a copy of the cookie taken before opens nothing."""
    make_organiser()
    sign_in(client)
    copied = _copied_cookie(client)
    elsewhere = app.test_client()
    elsewhere.set_cookie("session", copied)
    assert elsewhere.get("/organiser/").status_code == 200
    app.config["WTF_CSRF_ENABLED"] = False
    assert client.post("/organiser/sign-out").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/organiser/").status_code == 302
    assert elsewhere.get("/organiser/").status_code == 302


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_changing_the_password_ends_every_other_session(app, client, make_organiser, sign_in, lang):
    """The new password works, the old one does not, other sessions end and this one continues."""
    make_organiser()
    client.set_cookie("confsched_lang", lang)
    sign_in(client)
    elsewhere = app.test_client()
    elsewhere.set_cookie("session", _copied_cookie(client))
    app.config["WTF_CSRF_ENABLED"] = False
    new_password = "a completely new passphrase"
    refused = client.post("/organiser/password", data={"current": "not the password", "new": new_password,
                                                        "repeated": new_password})
    assert refused.status_code == 400 and 'role="alert"' in refused.get_data(as_text=True)
    assert elsewhere.get("/organiser/").status_code == 200
    changed = client.post("/organiser/password", data={"current": PASSWORD, "new": new_password,
                                                        "repeated": new_password})
    assert changed.status_code == 302
    assert client.get("/organiser/").status_code == 200
    assert elsewhere.get("/organiser/").status_code == 302
    app.config["WTF_CSRF_ENABLED"] = True
    assert sign_in(app.test_client()).status_code == 400
    assert sign_in(app.test_client(), password=new_password).status_code == 302


def test_the_password_form_is_in_the_editors_language(app, editor):
    """The form and its refusals speak the organiser's language."""
    editor.set_cookie("confsched_lang", "tr")
    page = editor.post("/organiser/password", data={"current": PASSWORD, "new": "short", "repeated": "short"})
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    with app.test_request_context("/tr/"):
        assert escape(ngettext("The new password must have %(minimum)s to %(num)s character.",
                               "The new password must have %(minimum)s to %(num)s characters.", 200, minimum=10)) in html
        assert escape(gettext("Change the password")) in html


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_the_editor_refuses_a_line_break_in_a_name(app, editor, demo, lang):
    """A platform name with a line break (a crafted form; inputs cannot send one) is refused in the editor's language."""
    editor.set_cookie("confsched_lang", lang)
    path = f"/organiser/conferences/{demo}/platforms/kudo/edit"
    form = {"key": "kudo", "name": "Kudo\r\nX-INJECTED:1", "kind": "online",
            "join_url": "https://kudo.example.org/join/vorkonferenz-2020"}
    response = editor.post(path, data=form)
    assert response.status_code == 400
    with app.test_request_context(f"/{lang}/"):
        expected = gettext(MESSAGES["single_line"])
    assert escape(expected) in response.get_data(as_text=True)
    with app.app_context():
        (kudo,) = [platform for platform in load_programme(demo).platforms if platform.key == "kudo"]
        assert kudo.name == "Kudo"


def test_editor_zone_fields_offer_cities_grouped_and_keep_the_iana_value(editor, demo):
    editor.set_cookie("confsched_lang", "tr")
    page = editor.get(f"/organiser/conferences/{demo}/workshops/1/days/1/edit").get_data(as_text=True)
    document = lxml.html.fromstring(page)
    zone = document.xpath("//select[@name='zone']")[0]
    assert zone.find("optgroup").get("label") == "Avrupa" and not document.xpath("//datalist")
    chosen = [option for option in zone.iter("option") if option.get("selected") is not None]
    assert [(option.get("value"), option.text_content()) for option in chosen] == [("Europe/Berlin", "Berlin")]
    assert not any("/" in option.text_content() for option in zone.iter("option"))


def test_organisation_choices_are_named_and_sorted_in_the_page_language(editor, demo):
    editor.set_cookie("confsched_lang", "tr")
    page = editor.get(f"/organiser/conferences/{demo}/assignments/new?workshop=1").get_data(as_text=True)
    select = lxml.html.fromstring(page).xpath("//select[@name='organisation']")[0]
    names = [option.text_content() for option in select.iter("option")][1:]
    assert "Konya Büyükşehir Belediyesi" in names and "Stadt Konya" not in names
    assert names.index("Osnabrück Belediyesi") < names.index("Şanlıurfa Büyükşehir Belediyesi") < names.index("TBB")
    assert names.index("Berlin Belediyesi") < names.index("BMZ") < names.index("Bursa Büyükşehir Belediyesi")


def test_entry_lists_are_in_the_page_languages_alphabetical_order(editor, demo):
    editor.set_cookie("confsched_lang", "tr")
    page = editor.get(f"/organiser/conferences/{demo}/organisations/").get_data(as_text=True)
    names = [span.text_content() for span in lxml.html.fromstring(page).xpath("//table//tbody/tr/td[1]/span[@lang='tr']")]
    assert names.index("Osnabrück Belediyesi") < names.index("Şanlıurfa Büyükşehir Belediyesi") \
        < names.index("Türkiye Belediyeler Birliği")
    assert names.index("Essen Belediyesi") < names.index("Göç Politikaları Merkezi") < names.index("Hamburg Belediyesi")
