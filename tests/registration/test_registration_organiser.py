"""Organiser views: counts per workshop, resend and cancel, invitations, failed mail and the CSV export."""
from __future__ import annotations

import csv
import io
import re

import pytest
from flask_babel import force_locale

from confsched.extensions import db
from confsched.organiser import accounts, membership
from confsched.programme.queries import load_programme
from confsched.registration import labels
from confsched.registration.models import Invitation, Registrant, Registration, Role, WhenFull
from tests.registration.conftest import (
    DEMO_SECRETS,
    calendar_methods,
    configure_mail,
    counts,
    csrf_token,
    free_port,
    link,
)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def organiser(mail_app, client):
    """A client signed in, through the real form, as a member of the demo conference."""
    with mail_app.app_context():
        accounts.create_organiser("orga@example.org", PASSWORD)
        membership.add_member(load_programme("vorkonferenz-2020"), "orga@example.org")
    form = client.get("/organiser/sign-in").get_data(as_text=True)
    signed_in = client.post("/organiser/sign-in", data={"email": "orga@example.org", "password": PASSWORD,
                                                        "csrf_token": csrf_token(form)})
    assert signed_in.status_code == 302
    return client


def overview(client) -> str:
    """The registrations page of the demo."""
    response = client.get("/organiser/vorkonferenz-2020/registrations")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def press(client, path: str, **fields):
    """Press a button on the overview (a POST carrying the page's CSRF token)."""
    return client.post(path, data={"csrf_token": csrf_token(overview(client)), **fields})


def test_only_signed_in_members_see_registrations(mail_app, client):
    response = client.get("/organiser/vorkonferenz-2020/registrations")
    assert response.status_code == 302 and "/organiser/sign-in" in response.headers["Location"]
    with mail_app.app_context():
        accounts.create_organiser("fremd@example.org", PASSWORD)
    form = client.get("/organiser/sign-in").get_data(as_text=True)
    client.post("/organiser/sign-in", data={"email": "fremd@example.org", "password": PASSWORD, "csrf_token": csrf_token(form)})
    assert client.get("/organiser/vorkonferenz-2020/registrations").status_code == 404
    assert client.get("/organiser/vorkonferenz-2020/registrations.csv").status_code == 404


def test_counts_resend_and_cancel(organiser, mail_app, smtp_server, register, confirm, open_workshop):
    open_workshop(1, capacity=1)
    register(1, email="a@example.de", language="de", remote_addr="10.6.0.1")
    confirm("a@example.de", remote_addr="10.6.0.1")
    register(1, email="b@example.de", language="de", remote_addr="10.6.0.2")
    confirm("b@example.de", remote_addr="10.6.0.2")
    register(1, email="c@example.de", language="de", role="listener", remote_addr="10.6.0.3")
    html = overview(organiser)
    row = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    cells = [cell.split(">", 1)[1].split("<", 1)[0].strip() for cell in row.split("<td")[1:6]]
    assert cells == ["1 / 1", "0", "1", "1", "0"], "active/capacity, listeners, waiting, pending, cancelled"
    for secret in DEMO_SECRETS:
        assert secret not in html

    with mail_app.app_context():
        first = db.session.query(Registration).join(Registrant).filter(Registrant.email == "a@example.de").one().id
    sent_before = len(smtp_server.to("a@example.de"))
    assert press(organiser, f"/organiser/vorkonferenz-2020/registrations/{first}/resend").status_code == 303
    assert len(smtp_server.to("a@example.de")) == sent_before + 1
    assert calendar_methods(smtp_server.last_to("a@example.de")) == ["REQUEST"]

    assert press(organiser, f"/organiser/vorkonferenz-2020/registrations/{first}/cancel").status_code == 303
    assert calendar_methods(smtp_server.last_to("a@example.de")) == ["CANCEL"]
    assert calendar_methods(smtp_server.last_to("b@example.de")) == ["REQUEST"], "promoted from the waiting list"
    assert counts(mail_app) == {"desk_active": 1, "desk_listeners": 0, "active": 1, "cancelled": 1, "pending": 1}


def test_invitations_from_pasted_addresses(organiser, mail_app, smtp_server):
    bad = press(organiser, "/organiser/vorkonferenz-2020/invitations", addresses="ok@example.de de\nkaputt\nx@y.tr en")
    assert bad.status_code == 303
    with mail_app.app_context():
        assert db.session.query(Invitation).count() == 0, "one bad line stops the whole batch"
    assert smtp_server.messages == []
    good = press(organiser, "/organiser/vorkonferenz-2020/invitations",
                 addresses="Ayse@Example.com tr\nmax@example.de\nmax@example.de de\n\n")
    assert good.status_code == 303
    assert smtp_server.last_to("ayse@example.com")["Content-Language"] == "tr"
    assert smtp_server.last_to("max@example.de")["Content-Language"] == "de", "the conference's default language"
    assert len(smtp_server.to("max@example.de")) == 1
    assert link(smtp_server.last_to("ayse@example.com"), "/tr/registration/invitation/")


def test_failed_mail_is_visible_and_can_be_retried(organiser, mail_app, smtp_server, register, open_workshop):
    open_workshop(1)
    configure_mail(mail_app, free_port())
    register(1, email="spaeter@example.de", language="de")
    html = overview(organiser)
    assert "spaeter@example.de" in html and "Connection refused" in html
    configure_mail(mail_app, smtp_server.port)
    message_id = html.split("/outbox/", 1)[1].split("/", 1)[0]
    assert press(organiser, f"/organiser/vorkonferenz-2020/outbox/{message_id}/retry").status_code == 303
    assert len(smtp_server.to("spaeter@example.de")) == 1
    assert "Connection refused" not in overview(organiser)


def test_csv_is_excel_ready_and_neutralises_formulas(organiser, mail_app, register, confirm, open_workshop):
    open_workshop(1)
    register(1, email="formel@example.de", language="de", name="=HYPERLINK(\"http://evil\")",
             organisation="+49 Stadt", city="@Köln")
    confirm("formel@example.de")
    response = organiser.get("/organiser/vorkonferenz-2020/registrations.csv")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    row = rows[1]
    assert "'=HYPERLINK(\"http://evil\")" in row and "'+49 Stadt" in row and "'@Köln" in row
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
    for secret in DEMO_SECRETS:
        assert secret.encode() not in response.data
    comma = organiser.get("/organiser/vorkonferenz-2020/registrations.csv?delimiter=comma")
    assert len(next(csv.reader(io.StringIO(comma.data.decode("utf-8-sig"))))) == len(rows[0])


@pytest.mark.parametrize("language, expected", [
    ("tr", ["Türkiye", "Türkçe", "İstanbul"]), ("de", ["Türkei", "Türkisch", "Istanbul"]),
])
def test_csv_words_every_value_in_the_page_language(organiser, mail_app, register, confirm, open_workshop,
                                                     language, expected):
    open_workshop(1)
    register(1, email="ayse@example.com")
    confirm("ayse@example.com")
    organiser.set_cookie("confsched_lang", language)
    response = organiser.get("/organiser/vorkonferenz-2020/registrations.csv")
    assert response.headers["Content-Language"] == language
    header, row = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert "Europe/Istanbul" not in row and not {"active", "waiting_list", "tr", "TR"} & set(row)
    with mail_app.test_request_context(), force_locale(language):
        worded = [labels.status_label("active"), str(labels.ROLE_LABELS[Role.active]),
                  str(labels.WHEN_FULL_LABELS[WhenFull.waiting_list])]
    assert row[1:4] == worded and row[8:11] == expected
    assert re.fullmatch(r"\d\d\.\d\d\.20\d\d \d\d:\d\d", row[11]) and re.fullmatch(r"\d\d\.\d\d\.20\d\d \d\d:\d\d", row[12])


def test_organisers_open_and_close_registration_without_invitation(organiser, mail_app, client):
    assert client.get("/de/vorkonferenz-2020/workshops/2/register").status_code == 403
    assert press(organiser, "/organiser/vorkonferenz-2020/workshops/2/open-registration", open="1").status_code == 303
    assert client.get("/de/vorkonferenz-2020/workshops/2/register").status_code == 200
    assert press(organiser, "/organiser/vorkonferenz-2020/workshops/2/open-registration", open="0").status_code == 303
    assert client.get("/de/vorkonferenz-2020/workshops/2/register").status_code == 403
