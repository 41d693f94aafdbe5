"""Registration pages and emails name a workshop as the agenda does: with the conference's own label, or by title."""
from __future__ import annotations

import pytest
from sqlalchemy.orm.attributes import flag_modified

from confsched.extensions import db
from confsched.registration import queries
from tests.registration.conftest import html_body, link, text_body

SLUG = "vorkonferenz-2020"


def relabel(app, label: dict) -> None:
    """Give the demo conference another name for its workshops ({} for none)."""
    with app.app_context():
        conference = queries.find_conference(SLUG)
        conference.session_label = label
        flag_modified(conference, "session_label")
        db.session.commit()


@pytest.mark.parametrize(("lang", "label", "heading"), [
    ("de", {"de": "Werkstatt", "tr": "Atölye"}, "Werkstatt 1: Digitale Stadt"),
    ("tr", {"de": "Werkstatt", "tr": "Atölye"}, "1. Atölye: Dijital Şehir"),
    ("de", {}, "Digitale Stadt"),
    ("tr", {}, "Dijital Şehir"),
])
def test_emails_and_pages_use_the_conferences_label(mail_app, smtp_server, client, register, confirm, open_workshop,
                                                     lang, label, heading):
    """They said "Fachworkshop 1" whatever the conference called its workshops, even when it named none."""
    relabel(mail_app, label)
    open_workshop(1)
    form = client.get(f"/{lang}/{SLUG}/workshops/1/register").get_data(as_text=True)
    assert "Fachworkshop 1" not in form and "1. Çalıştay" not in form
    register(1, lang=lang, email="ayse@example.com", language=lang)
    request = smtp_server.last_to("ayse@example.com")
    assert heading in str(request["Subject"])
    confirmation_page = client.get(link(request, "/registration/confirm/")).get_data(as_text=True)
    assert heading.split(": ")[-1] in confirmation_page
    confirm("ayse@example.com")
    placed = smtp_server.last_to("ayse@example.com")
    for body in (text_body(placed), html_body(placed)):
        assert "Fachworkshop 1" not in body and "1. Çalıştay" not in body
    assert heading in text_body(placed)
    personal = client.get(link(placed, "/registration/p/")).get_data(as_text=True)
    assert ("Werkstatt 1" in personal or "1. Atölye" in personal) == bool(label)
    assert "Fachworkshop 1" not in personal and "1. Çalıştay" not in personal
