"""Emails tag a title that fell back to the other language with that language, as the pages do."""
from __future__ import annotations

import lxml.html
from sqlalchemy.orm.attributes import flag_modified

from confsched.extensions import db
from confsched.registration import queries
from tests.registration.conftest import html_body


def test_a_fallback_title_in_an_email_carries_its_own_lang(mail_app, smtp_server, register, open_workshop):
    open_workshop(1)
    with mail_app.app_context():
        workshop = queries.find_workshop("vorkonferenz-2020", 1)
        german_title = workshop.title["de"]
        workshop.title = {"de": german_title}
        flag_modified(workshop, "title")
        db.session.commit()
    register(1, email="ayse@example.com", language="tr")
    document = lxml.html.fromstring(html_body(smtp_server.last_to("ayse@example.com")).encode())
    assert document.get("lang") == "tr"
    tagged = document.xpath("//h2//span[@lang]")
    assert [(span.get("lang"), span.text_content()) for span in tagged] == [("de", german_title)]
