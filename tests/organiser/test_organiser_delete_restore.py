"""Deleted parts come back from the change history for 30 days, as they were, with the same calendar identities.

Before these tests nothing that was deleted could be restored: the history only said what went.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import func, select

from confsched.extensions import db
from confsched.organiser.models import ChangeLogEntry, Membership
from confsched.programme import deletions, editing
from confsched.programme.document import export_document
from confsched.programme.models import DeletedPart, WorkshopDay
from confsched.programme.queries import load_programme
from confsched.registration.models import Invitation
from tests.conftest import DEMO_SLUG
from tests.organiser.conftest import PASSWORD
from tests.organiser.test_organiser_delete_confirmation import BASE, DELETES, _ids, confirmation_token, document
from tests.programme.test_programme_import_removals import without_parts


def delete_through_the_editor(editor, path: str) -> None:
    """Ask, then confirm, as an organiser would."""
    token = confirmation_token(editor.get(path).get_data(as_text=True))
    assert editor.post(path, data={"confirm": token}).status_code == 302


def restore_link(editor, page: str) -> str:
    """The first "Restore" link on an editor page."""
    html = editor.get(page).get_data(as_text=True)
    return re.search(r'href="([^"]+/deleted/\d+/restore[^"]*)"', html).group(1).replace("&amp;", "&")


def restore_through_the_editor(editor, path: str):
    """Open the restore confirmation and confirm it; returns the answer to the POST."""
    page = editor.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)
    return editor.post(path, data={"confirm": confirmation_token(page.get_data(as_text=True))})


def day_identities(app) -> dict:
    """Each day's frab id by calendar identity, for the published days and their copies in the draft apart."""
    with app.app_context():
        rows = db.session.execute(select(WorkshopDay.draft, WorkshopDay.identity, WorkshopDay.frab_id)).all()
        return {(draft, identity): frab_id for draft, identity, frab_id in rows}


@pytest.mark.parametrize("kind", ["item", "assignment", "day", "workshop", "entry"])
def test_a_deleted_part_comes_back_from_the_history_as_it_was(app, editor, draft_programme, kind):
    path = DELETES[kind](_ids(app, draft_programme))
    before, identities = document(app, draft_programme), day_identities(app)
    delete_through_the_editor(editor, path)
    assert document(app, draft_programme) != before

    editor.set_cookie("confsched_lang", "de")
    history = editor.get(f"{BASE}/history").get_data(as_text=True)
    assert "Wiederherstellen" in history
    restored = restore_through_the_editor(editor, restore_link(editor, f"{BASE}/history"))
    assert restored.status_code == 302

    assert document(app, draft_programme) == before, "every field, identity, frab id, assignment and access data is back"
    assert day_identities(app) == identities, "calendar UIDs never move"
    assert "Wiederherstellen" not in editor.get(f"{BASE}/history").get_data(as_text=True)
    editor.set_cookie("confsched_lang", "tr")
    assert "Geri yükle" not in editor.get(f"{BASE}/history").get_data(as_text=True)


def test_a_restored_day_gets_a_higher_sequence_than_before(app, editor, draft_programme):
    with app.app_context():
        sequence = editing.find_workshop(draft_programme(DEMO_SLUG), 4).days[1].sequence
    delete_through_the_editor(editor, DELETES["day"]({}))
    restore_through_the_editor(editor, restore_link(editor, f"{BASE}/history"))
    with app.app_context():
        assert editing.find_workshop(draft_programme(DEMO_SLUG), 4).days[1].sequence > sequence


def test_a_deleted_item_can_be_restored_from_its_day_page(app, editor, draft_programme):
    ids = _ids(app, draft_programme)
    before = document(app, draft_programme)
    delete_through_the_editor(editor, DELETES["item"](ids))
    day_page = f"{BASE}/workshops/1/days/1/"
    editor.set_cookie("confsched_lang", "tr")
    html = editor.get(day_page).get_data(as_text=True)
    assert "Geri yükle" in html and "Kısa Teknik Bilgilendirme" in html
    answer = restore_through_the_editor(editor, restore_link(editor, day_page))
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/workshops/1/days/1/")
    assert document(app, draft_programme) == before


def test_a_section_comes_back_with_its_children(app, editor, draft_programme):
    with app.app_context():
        conference = draft_programme(DEMO_SLUG, with_access=True)
        section = next(item for workshop in conference.workshops for day in workshop.days for item in day.items
                       if item.children)
        section_id = section.id
    before = document(app, draft_programme)
    delete_through_the_editor(editor, f"{BASE}/items/{section_id}/delete")
    restore_through_the_editor(editor, restore_link(editor, f"{BASE}/history"))
    assert document(app, draft_programme) == before


def test_restoring_refuses_when_the_place_is_taken(app, editor, draft_programme):
    delete_through_the_editor(editor, DELETES["workshop"]({}))
    with app.app_context():
        conference = draft_programme(DEMO_SLUG, with_access=True)
        editing.update_workshop(conference, editing.find_workshop(conference, 2), {"number": 1})
    taken = document(app, draft_programme)
    editor.set_cookie("confsched_lang", "de")
    page = editor.get(restore_link(editor, f"{BASE}/history"))
    html = page.get_data(as_text=True)
    assert page.status_code == 409 and "Die Nummer 1 ist wieder vergeben" in html
    assert editor.post(restore_link(editor, f"{BASE}/history"), data={"confirm": "1"}).status_code == 409
    assert document(app, draft_programme) == taken


def test_restoring_after_30_days_is_refused_and_the_part_is_purged(app, editor, runner):
    delete_through_the_editor(editor, DELETES["day"]({}))
    link = restore_link(editor, f"{BASE}/history")
    with app.app_context():
        part = db.session.execute(select(DeletedPart)).scalar_one()
        part.deleted_at -= dt.timedelta(days=31)
        db.session.commit()
    assert "Wiederherstellen" not in editor.get(f"{BASE}/history", headers={"Accept-Language": "de"}).get_data(
        as_text=True)
    editor.set_cookie("confsched_lang", "de")
    page = editor.get(link)
    assert page.status_code == 409 and "vor mehr als 30 Tagen gelöscht" in page.get_data(as_text=True)
    result = runner.invoke(args=["purge-registrations"])
    assert "1 deleted programme parts past their 30 days" in result.output
    with app.app_context():
        assert db.session.execute(select(func.count(DeletedPart.id))).scalar_one() == 0


def test_restoring_says_cancelled_registrations_stay_cancelled(app, editor):
    delete_through_the_editor(editor, DELETES["workshop"]({}))
    editor.set_cookie("confsched_lang", "de")
    html = editor.get(restore_link(editor, f"{BASE}/history")).get_data(as_text=True)
    assert "bleiben abgesagt" in html and "erneut anmelden" in html


def test_a_deleted_conference_comes_back_with_its_invitations_members_and_history(app, editor, draft_programme):
    with app.app_context():
        conference = load_programme(DEMO_SLUG)
        db.session.add(Invitation(conference_id=conference.id, email="eingeladen@example.org", language="tr"))
        db.session.commit()
        invitation_id = db.session.execute(select(Invitation.id)).scalar_one()
        history = db.session.execute(select(func.count(ChangeLogEntry.id))).scalar_one()
    before, identities = document(app, draft_programme), day_identities(app)
    delete_through_the_editor(editor, DELETES["conference"]({}))
    assert document(app, draft_programme) is None

    editor.set_cookie("confsched_lang", "de")
    dashboard = editor.get("/organiser/").get_data(as_text=True)
    assert "Gelöschte Konferenzen" in dashboard and "Wiederherstellen" in dashboard
    answer = restore_through_the_editor(editor, restore_link(editor, "/organiser/"))
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/conferences/{DEMO_SLUG}/")

    assert document(app, draft_programme) == before and day_identities(app) == identities
    with app.app_context():
        conference = load_programme(DEMO_SLUG)
        invitation = db.session.execute(select(Invitation)).scalar_one()
        assert (invitation.id, invitation.email, invitation.conference_id) == (
            invitation_id, "eingeladen@example.org", conference.id)
        assert db.session.execute(select(Membership).where(Membership.conference_id == conference.id)).first()
        assert db.session.execute(select(func.count(ChangeLogEntry.id))).scalar_one() > history


def test_a_deleted_conference_is_refused_when_its_address_is_taken_again(app, editor, load_document,
                                                                          demo_document):
    delete_through_the_editor(editor, DELETES["conference"]({}))
    load_document(demo_document)
    page = editor.get(restore_link(editor, "/organiser/"))
    assert page.status_code == 409


def test_other_organisers_do_not_see_a_deleted_conference(app, editor, make_organiser):
    delete_through_the_editor(editor, DELETES["conference"]({}))
    with app.app_context():
        part_id = db.session.execute(select(DeletedPart.id)).scalar_one()
    make_organiser(email="fremd@example.org")
    other = app.test_client()
    other.post("/organiser/sign-in", data={"email": "fremd@example.org", "password": PASSWORD})
    assert other.get(f"/organiser/deleted/{part_id}/restore").status_code == 404
    assert "/restore" not in other.get("/organiser/").get_data(as_text=True)


def test_deleting_through_the_api_keeps_the_part_for_restoring(app, demo, make_organiser, api_token, draft_programme):
    make_organiser(conferences=(demo,))
    headers = {"Authorization": f"Bearer {api_token()}"}
    before = document(app, draft_programme)
    response = app.test_client().delete(f"/api/v1/conferences/{demo}/workshops/4/days/2", headers=headers)
    assert response.status_code == 200 and response.get_json()["changed"] is True
    with app.app_context():
        part = db.session.execute(select(DeletedPart)).scalar_one()
        assert part.kind == "day" and part.deleted_by == "organiser@example.org"
        deletions.restore(part, draft_programme(demo, with_access=True))
    assert document(app, draft_programme) == before


def test_the_change_history_offers_what_an_import_removed(app, api_token, editor, draft_programme):
    changed = without_parts(document(app, draft_programme))
    response = app.test_client().post("/api/v1/imports", data=json.dumps(changed),
                                      headers={"Authorization": f"Bearer {api_token()}"})
    assert response.status_code == 200, response.get_json()
    with app.app_context():
        kept = db.session.execute(select(DeletedPart)).scalars().all()
        assert {part.deleted_by for part in kept} == {"organiser@example.org"}

    editor.set_cookie("confsched_lang", "de")
    history = editor.get(f"{BASE}/history").get_data(as_text=True)
    assert len(re.findall(r'href="[^"]+/deleted/\d+/restore', history)) == 6
    assert "Tag 1 von Fachworkshop 4" in history and "Begrüßung des Moderators" in history
    restored = restore_through_the_editor(editor, restore_link(editor, f"{BASE}/history"))
    assert restored.status_code == 302
