"""Importing a programme gives the same rights through the editor's import page and the write API."""
from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import func, select

from confsched.extensions import db
from confsched.organiser.models import Membership

NEW_SLUG = "import-neu-2020"


def memberships(app) -> int:
    """How many memberships exist."""
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Membership)).scalar()


def new_conference(demo_document) -> str:
    """The demo as a document for a conference nobody has yet."""
    document = copy.deepcopy(demo_document)
    document["conference"]["slug"] = NEW_SLUG
    return json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize("is_admin", [False, True])
@pytest.mark.parametrize("interface", ["editor", "api"])
def test_importing_a_new_conference_makes_an_organiser_a_member_and_an_admin_not(
        app, client, demo_document, make_organiser, sign_in, api_token, interface, is_admin):
    make_organiser(email="importer@example.org", is_admin=is_admin)
    text = new_conference(demo_document)
    if interface == "editor":
        sign_in(client, email="importer@example.org")
        app.config["WTF_CSRF_ENABLED"] = False
        response = client.post("/organiser/import", data={"text": text, "apply": "y"})
        assert response.status_code == 302
    else:
        response = client.post("/api/v1/imports", data=text, content_type="application/json",
                               headers={"Authorization": f"Bearer {api_token('importer@example.org')}"})
        assert response.status_code == 200 and response.get_json()["created"] is True
    assert memberships(app) == (0 if is_admin else 1)


@pytest.mark.parametrize("interface", ["editor", "api"])
def test_a_document_for_someone_elses_conference_is_forbidden_in_both(
        app, client, demo, demo_document, make_organiser, sign_in, api_token, interface):
    make_organiser(email="stranger@example.org")
    text = json.dumps(demo_document, ensure_ascii=False)
    if interface == "editor":
        sign_in(client, email="stranger@example.org")
        app.config["WTF_CSRF_ENABLED"] = False
        response = client.post("/organiser/import", data={"text": text})
    else:
        response = client.post("/api/v1/imports?dry_run=true", data=text, content_type="application/json",
                               headers={"Authorization": f"Bearer {api_token('stranger@example.org')}"})
        assert response.get_json()["error"]["field"] == "conference.slug"
    assert response.status_code == 403
