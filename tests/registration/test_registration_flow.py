"""The registration rules through the pages: validation, listeners, waiting list, cancellation, deletion, abuse.

Expected month, weekday and city names are CLDR's and offsets tzdata's, as the Babel and pytz pinned in
requirements/lock.txt give them.
"""
from __future__ import annotations

from sqlalchemy import select

from confsched.extensions import db
from confsched.programme.models import Platform
from confsched.registration import operations, queries
from confsched.registration.models import Registrant, Registration
from tests.registration.conftest import calendar_methods, counts, csrf_token, link, registration_data, text_body


def form_page(client, number=1, lang="de"):
    """The registration form's HTML."""
    response = client.get(f"/{lang}/vorkonferenz-2020/workshops/{number}/register")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_registration_needs_an_invitation_unless_the_workshop_is_open(mail_app, client, open_workshop):
    assert client.get("/de/vorkonferenz-2020/workshops/1/register").status_code == 403
    open_workshop(1)
    assert client.get("/de/vorkonferenz-2020/workshops/1/register").status_code == 200
    assert client.get("/de/vorkonferenz-2020/workshops/9/register").status_code == 404


def test_the_form_asks_for_everything_the_issue_lists(mail_app, client, open_workshop):
    open_workshop(1)
    html = form_page(client, lang="tr")
    for name in ("name", "email", "organisation", "city", "country", "role", "when_full", "language", "zone", "consent"):
        assert f'name="{name}"' in html, name
    assert "90" in html, "the consent states the retention period"
    assert 'value="Europe/Istanbul" selected' in html or 'selected value="Europe/Istanbul"' in html
    assert "browser-zone.js" in html


def test_bad_input_is_refused_in_place_and_changes_nothing(mail_app, client, smtp_server, open_workshop):
    open_workshop(1)
    html = form_page(client)
    cases = [{"zone": "Mars/Olympus"}, {"consent": None}, {"email": "not-an-address"}, {"email": "ayşe@example.com"},
             {"name": "Eve\r\nBcc: victim@example.org"}, {"name": "Ayşe\u2028Yılmaz"}, {"city": "İzmir\u2029Konak"},
             {"country": "XX"}, {"role": "speaker"}, {"language": "en"}]
    for override in cases:
        response = client.post("/de/vorkonferenz-2020/workshops/1/register", data=registration_data(html, **override))
        assert response.status_code == 400, override
        assert 'class="form-errors"' in response.get_data(as_text=True), override
    with mail_app.app_context():
        assert db.session.query(Registrant).count() == 0 and db.session.query(Registration).count() == 0
    assert smtp_server.messages == []


def test_answers_never_reveal_whether_an_address_is_registered(mail_app, client, smtp_server, register, confirm,
                                                               open_workshop):
    open_workshop(1)
    register(1, email="bekannt@example.de", language="de")
    confirm("bekannt@example.de")
    known = register(1, email="bekannt@example.de", language="de", remote_addr="10.9.0.1")
    unknown = register(1, email="neu@example.de", language="de", remote_addr="10.9.0.2")
    assert (known.status_code, known.headers["Location"]) == (unknown.status_code, unknown.headers["Location"])
    assert known.get_data() == unknown.get_data()
    assert "/registration/p/" in text_body(smtp_server.last_to("bekannt@example.de")), "only the owner learns more"
    assert "/registration/confirm/" in text_body(smtp_server.last_to("neu@example.de"))
    with mail_app.app_context():
        assert counts(mail_app)["active"] == 1
    for address, email in (("10.9.0.3", "bekannt@example.de"), ("10.9.0.4", "niemand@example.de")):
        form = client.get("/de/registration/link", environ_base={"REMOTE_ADDR": address})
        answer = client.post("/de/registration/link", environ_base={"REMOTE_ADDR": address},
                             data={"csrf_token": csrf_token(form.get_data(as_text=True)), "email": email})
        assert (answer.status_code, answer.headers["Location"]) == (303, "/de/registration/sent")


def test_registration_is_rate_limited_per_client(mail_app, client, open_workshop):
    open_workshop(1)
    statuses = []
    for index in range(12):
        html = form_page(client)
        statuses.append(client.post("/de/vorkonferenz-2020/workshops/1/register",
                                    data=registration_data(html, email=f"spam{index}@example.org")).status_code)
    assert statuses[:10] == [303] * 10 and statuses[10:] == [429, 429]


def test_full_workshops_offer_listening_and_the_waiting_list(mail_app, client, register, confirm, open_workshop):
    open_workshop(1, capacity=2)
    for index, when_full in enumerate(("waiting_list", "waiting_list", "listener", "waiting_list")):
        register(1, email=f"p{index}@example.de", language="de", when_full=when_full, remote_addr=f"10.1.0.{index}")
        confirm(f"p{index}@example.de", remote_addr=f"10.1.0.{index}")
    register(1, email="hoerer@example.de", language="de", role="listener", remote_addr="10.1.0.9")
    confirm("hoerer@example.de", remote_addr="10.1.0.9")
    assert counts(mail_app) == {"desk_active": 2, "desk_listeners": 2, "active": 2, "listener": 2, "waiting": 1}
    html = form_page(client)
    seats_note = html.split('class="seats"', 1)[1].split("</p>", 1)[0]
    assert not any(char.isdigit() for char in seats_note), "no seat count once the workshop is full"
    assert 'value="waiting_list"' in html and 'value="listener"' in html


def test_the_platform_listener_limit_holds(mail_app, client, register, confirm, open_workshop):
    open_workshop(1)
    with mail_app.app_context():
        db.session.execute(select(Platform).where(Platform.key == "kudo")).scalar_one().listener_limit = 2
        db.session.commit()
    for index in range(3):
        register(1, email=f"l{index}@example.de", language="de", role="listener", remote_addr=f"10.2.0.{index}")
        confirm(f"l{index}@example.de", remote_addr=f"10.2.0.{index}")
    assert counts(mail_app) == {"desk_active": 0, "desk_listeners": 2, "listener": 2, "waiting": 1}


def test_cancelling_promotes_the_first_waiting_and_mails_both(mail_app, client, smtp_server, register, confirm,
                                                              open_workshop):
    open_workshop(1, capacity=1)
    for index, email in enumerate(("sitz@example.de", "erste@example.de", "zweite@example.de")):
        register(1, email=email, language="de", remote_addr=f"10.3.0.{index}")
        confirm(email, remote_addr=f"10.3.0.{index}")
    cancel_path = link(smtp_server.to("sitz@example.de")[1], "/cancel/")
    page = client.get(cancel_path)
    assert client.post(cancel_path, data={"csrf_token": csrf_token(page.get_data(as_text=True))}).status_code == 303
    assert calendar_methods(smtp_server.last_to("sitz@example.de")) == ["CANCEL"]
    assert calendar_methods(smtp_server.last_to("erste@example.de")) == ["REQUEST"]
    assert "Kd-7319-secret" in text_body(smtp_server.last_to("erste@example.de"))
    assert calendar_methods(smtp_server.last_to("zweite@example.de")) == [], "still waiting, no invite"
    assert counts(mail_app) == {"desk_active": 1, "desk_listeners": 0, "active": 1, "waiting": 1, "cancelled": 1}


def test_multi_day_workshops_send_one_invite_per_day(mail_app, client, smtp_server, register, confirm, open_workshop):
    open_workshop(4)
    register(4, email="zweitaegig@example.com.tr", language="tr")
    confirm("zweitaegig@example.com.tr")
    messages = smtp_server.to("zweitaegig@example.com.tr")[1:]
    assert [calendar_methods(message) for message in messages] == [["REQUEST"], ["REQUEST"]]
    assert "Zm-4482-secret" in text_body(messages[0])


def test_deleting_my_data_cancels_frees_the_seat_and_removes_me(mail_app, client, smtp_server, register, confirm,
                                                                open_workshop):
    open_workshop(1, capacity=1)
    register(1, email="weg@example.de", language="de", remote_addr="10.4.0.1")
    page_path = confirm("weg@example.de", remote_addr="10.4.0.1").headers["Location"].replace("http://localhost", "")
    register(1, email="nach@example.de", language="de", remote_addr="10.4.0.2")
    confirm("nach@example.de", remote_addr="10.4.0.2")
    form = client.get(page_path + "/delete")
    assert client.post(page_path + "/delete", data={"csrf_token": csrf_token(form.get_data(as_text=True))}).status_code == 200
    with mail_app.app_context():
        assert db.session.execute(select(Registrant).where(Registrant.email == "weg@example.de")).scalar() is None
    assert calendar_methods(smtp_server.last_to("weg@example.de")) == ["CANCEL"]
    assert counts(mail_app) == {"desk_active": 1, "desk_listeners": 0, "active": 1}
    assert client.get(page_path).status_code == 404


def test_a_confirmed_registrant_adds_a_workshop_from_the_personal_page(mail_app, client, smtp_server, register,
                                                                       confirm, open_workshop):
    open_workshop(1)
    register(1, email="mehr@example.de", language="de")
    page_path = confirm("mehr@example.de").headers["Location"].replace("http://localhost", "")
    with mail_app.app_context():
        workshop_id = queries.find_workshop("vorkonferenz-2020", 2).id
    page = client.get(page_path)
    joined = client.post(page_path + "/join", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                    "workshop": workshop_id, "role": "active", "when_full": "waiting_list"})
    assert joined.status_code == 303
    assert counts(mail_app, 2) == {"desk_active": 1, "desk_listeners": 0, "active": 1}
    assert calendar_methods(smtp_server.last_to("mehr@example.de")) == ["REQUEST"]


def test_purge_deletes_stale_requests_and_data_past_retention(mail_app, register, open_workshop, runner):
    open_workshop(1)
    register(1, email="vergessen@example.de", language="de")
    result = runner.invoke(args=["purge-registrations"])
    assert "deleted 0 unconfirmed requests and 1 registrants" in result.output, "2020 ended long before retention"
    with mail_app.app_context():
        assert db.session.query(Registrant).count() == 0
        assert operations.purge_expired() == (0, 0)


def test_preferences_change_the_zone_and_language_of_the_personal_page_and_mails(mail_app, client, smtp_server,
                                                                                 register, confirm, open_workshop):
    open_workshop(1)
    register(1, email="umzug@example.de", language="de", zone="Europe/Berlin")
    page_path = confirm("umzug@example.de").headers["Location"].replace("http://localhost", "")
    page = client.get(page_path)
    assert page.headers["Content-Language"] == "de"
    saved = client.post(page_path + "/preferences", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                          "language": "tr", "zone": "America/New_York"})
    assert saved.status_code == 303
    assert "03:30–05:30 New York" in client.get(page_path).get_data(as_text=True)
    refused = client.post(page_path + "/preferences", data={"csrf_token": csrf_token(page.get_data(as_text=True)),
                                                            "language": "tr", "zone": "Mars/Olympus"})
    assert refused.status_code == 400
    with mail_app.app_context():
        registrant = db.session.execute(select(Registrant).where(Registrant.email == "umzug@example.de")).scalar_one()
        assert (registrant.language, registrant.zone) == ("tr", "America/New_York")
        registration_id = registrant.registrations[0].id
    cancel_page = client.get(f"{page_path}/cancel/{registration_id}")
    client.post(f"{page_path}/cancel/{registration_id}", data={"csrf_token": csrf_token(cancel_page.get_data(as_text=True))})
    assert smtp_server.last_to("umzug@example.de")["Content-Language"] == "tr"
