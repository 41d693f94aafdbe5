"""Every delete in the editor names what it removes and whom it affects, and acts only when confirmed.

Before these tests, one POST without any confirmation deleted an item, an assignment, a day, a workshop, an entry
or the whole conference with its invitation list.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from confsched.extensions import db
from confsched.programme import editing
from confsched.programme.document import export_document
from confsched.programme.models import utcnow
from confsched.programme.queries import load_programme
from confsched.registration.models import Invitation, Registrant, Registration, RegistrationStatus, Role
from tests.conftest import DEMO_SLUG

BASE = f"/organiser/conferences/{DEMO_SLUG}"


def document(app, draft_programme) -> dict | None:
    """The demo's working draft, which the editor's deletes change, as a private document as it is stored now (None
    once the conference is gone)."""
    with app.app_context():
        conference = draft_programme(DEMO_SLUG, with_access=True)
        return export_document(conference, include_access=True) if conference else None


def published_document(app) -> dict | None:
    """The demo's private document as last released (None once the conference is gone)."""
    with app.app_context():
        conference = load_programme(DEMO_SLUG, with_access=True)
        return export_document(conference, include_access=True) if conference else None


def _ids(app, draft_programme) -> dict:
    """Row ids the delete URLs need: workshop 1's first item and an item assignment of the working draft."""
    with app.app_context():
        conference = draft_programme(DEMO_SLUG, with_access=True)
        day = conference.workshops[0].days[0]
        item = min(day.items, key=lambda entry: (entry.parent_id is not None, entry.position))
        assigned = next(entry for entry in day.items if entry.assignments)
        editing.save_person(conference, {"key": "unbenutzt", "name": "Ayşe Unbenutzt"})
        return {"item": item.id, "assignment": assigned.assignments[0].id}


DELETES = {
    "item": lambda ids: f"{BASE}/items/{ids['item']}/delete",
    "assignment": lambda ids: f"{BASE}/assignments/{ids['assignment']}/delete",
    "day": lambda ids: f"{BASE}/workshops/4/days/2/delete",
    "workshop": lambda ids: f"{BASE}/workshops/1/delete",
    "entry": lambda ids: f"{BASE}/people/unbenutzt/delete",
    "conference": lambda ids: f"{BASE}/delete",
}


def confirmation_token(html: str) -> str:
    """The token the confirmation page's form posts."""
    return re.search(r'name="confirm" value="([^"]+)"', html).group(1)


@pytest.mark.parametrize("kind", list(DELETES))
def test_a_delete_asks_first_and_a_bare_post_changes_nothing(app, editor, draft_programme, kind):
    path = DELETES[kind](_ids(app, draft_programme))
    before, released = document(app, draft_programme), published_document(app)

    page = editor.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="confirm"' in html and "30" in html
    bare = editor.post(path)
    assert bare.status_code == 200 and 'name="confirm"' in bare.get_data(as_text=True)
    wrong = editor.post(path, data={"confirm": "0"})
    assert wrong.status_code == 200
    assert document(app, draft_programme) == before, "nothing is deleted without the confirmation"

    done = editor.post(path, data={"confirm": confirmation_token(html)})
    assert done.status_code == 302
    assert document(app, draft_programme) != before
    # A part goes from the draft only; deleting the conference takes its releases with it.
    assert published_document(app) == (None if kind == "conference" else released)
    from confsched.programme.models import DeletedPart  # new with this test; the test runs against old code too

    with app.app_context():
        part = db.session.execute(select(DeletedPart)).scalar_one()
        assert part.kind == kind and part.deleted_by == "organiser@example.org"


def test_confirmation_pages_name_the_part_in_words_of_the_page_language(app, editor, draft_programme):
    ids = _ids(app, draft_programme)
    editor.set_cookie("confsched_lang", "de")
    item = editor.get(DELETES["item"](ids)).get_data(as_text=True)
    assert "Programmpunkt „Kurze technische Einführung“ (Fachworkshop 1, 15.06.2020)" in item
    day = editor.get(DELETES["day"](ids)).get_data(as_text=True)
    assert "Tag 2 von Fachworkshop 4 (10.06.2020)" in day
    editor.set_cookie("confsched_lang", "tr")
    day = editor.get(DELETES["day"](ids)).get_data(as_text=True)
    assert "4. Çalıştay, 2. gün (10 Haz 2020)" in day
    entry = editor.get(DELETES["entry"](ids)).get_data(as_text=True)
    assert "Kişi: “Ayşe Unbenutzt”" in entry or "Kişi “Ayşe Unbenutzt”" in entry


def _register(app, number: int, *statuses: RegistrationStatus) -> None:
    """Registrations of a demo workshop, one per status, written straight to the store."""
    with app.app_context():
        conference = load_programme(DEMO_SLUG)
        workshop = editing.find_workshop(conference, number)
        for index, status in enumerate(statuses):
            registrant = Registrant(conference_id=conference.id, email=f"r{number}-{index}@example.org",
                                    name=f"Registrant {index}", language="de", zone="Europe/Berlin",
                                    consent_given_at=utcnow())
            db.session.add(Registration(registrant=registrant, workshop_id=workshop.id, role=Role.active,
                                        status=status))
        db.session.add(Invitation(conference_id=conference.id, email="eingeladen@example.org", language="de"))
        db.session.commit()


def test_confirmation_pages_count_the_registrations_affected(app, editor):
    _register(app, 4, RegistrationStatus.active, RegistrationStatus.listener, RegistrationStatus.waiting)
    _register(app, 1, RegistrationStatus.active)
    editor.set_cookie("confsched_lang", "de")
    day = editor.get(DELETES["day"]({})).get_data(as_text=True)
    assert "2 Anmeldungen haben einen Platz an diesem Tag und erhalten dafür eine Absage per E-Mail." in day
    workshop = editor.get(f"{BASE}/workshops/1/delete").get_data(as_text=True)
    assert "1 Anmeldung wird von den Organisatoren abgesagt" in workshop
    conference = editor.get(DELETES["conference"]({})).get_data(as_text=True)
    assert "4 Anmeldungen werden von den Organisatoren abgesagt" in conference
    assert "Einladungsliste mit 2 Adressen" in conference
    editor.set_cookie("confsched_lang", "tr")
    day = editor.get(DELETES["day"]({})).get_data(as_text=True)
    assert "2 kaydın bu günde yeri var" in day


def test_a_stale_confirmation_is_asked_again(app, editor, draft_programme):
    """The token is the draft's version: a confirmation given before another change does not delete."""
    path = DELETES["workshop"]({})
    token = confirmation_token(editor.get(path).get_data(as_text=True))
    with app.app_context():
        conference = draft_programme(DEMO_SLUG, with_access=True)
        editing.update_workshop(conference, editing.find_workshop(conference, 2), {"capacity": 99})
    again = editor.post(path, data={"confirm": token})
    assert again.status_code == 200 and 'name="confirm"' in again.get_data(as_text=True)
    assert [workshop["number"] for workshop in document(app, draft_programme)["workshops"]] == [1, 2, 3, 4]


def test_deleting_the_conference_keeps_its_invitation_list_for_restoring(app, editor):
    _register(app, 1, RegistrationStatus.active)
    path = DELETES["conference"]({})
    token = confirmation_token(editor.get(path).get_data(as_text=True))
    assert editor.post(path, data={"confirm": token}).status_code == 302
    from confsched.programme.models import DeletedPart

    with app.app_context():
        assert db.session.execute(select(func.count(Invitation.id))).scalar_one() == 0
        part = db.session.execute(select(DeletedPart)).scalar_one()
        assert [entry["email"] for entry in part.fragment["invitations"]] == ["eingeladen@example.org"]
        assert part.deleted_at > utcnow() - dt.timedelta(minutes=1)
