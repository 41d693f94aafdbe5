"""Seats follow capacity: more places promote from the head of the waiting list at once; fewer never demote."""
from __future__ import annotations

import copy

import pytest

from confsched.organiser import accounts, membership
from confsched.programme.queries import load_programme
from tests.conftest import DEMO_SLUG
from tests.registration.conftest import DEMO_SECRETS, calendar_methods, counts, text_body

PASSWORD = "correct horse battery staple"


@pytest.fixture
def api(mail_app):
    """PATCH through the write API as a member of the demo conference, then publish the draft through it: places
    change for registrants only with the release."""
    with mail_app.app_context():
        accounts.create_organiser("organiser@example.org", PASSWORD)
        membership.add_member(load_programme(DEMO_SLUG), "organiser@example.org")
        token = accounts.issue_token(accounts.find_organiser("organiser@example.org"), "test")
    client = mail_app.test_client()

    def patch(path: str, body: dict) -> None:
        response = client.patch(f"/api/v1/conferences/{DEMO_SLUG}{path}", json=body,
                                headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, response.get_json()
        released = client.post(f"/api/v1/conferences/{DEMO_SLUG}/releases", json={},
                               headers={"Authorization": f"Bearer {token}"})
        assert released.status_code == 201, released.get_json()

    return patch


@pytest.fixture
def two_seats_three_waiting(mail_app, register, confirm, open_workshop):
    """Workshop 1 with 2 seats taken and 3 people confirmed on its waiting list, in this order."""
    open_workshop(1, capacity=2)
    emails = ["sitz1@example.de", "sitz2@example.de", "warte1@example.de", "warte2@example.de", "warte3@example.de"]
    for index, email in enumerate(emails):
        register(1, email=email, language="de", remote_addr=f"10.9.0.{index}")
        confirm(email, remote_addr=f"10.9.0.{index}")
    assert counts(mail_app) == {"desk_active": 2, "desk_listeners": 0, "active": 2, "waiting": 3}
    return emails


def test_raising_capacity_promotes_the_first_waiting_at_once(mail_app, api, smtp_server, register, confirm,
                                                              two_seats_three_waiting):
    api("/workshops/1", {"capacity": 4})
    assert counts(mail_app) == {"desk_active": 4, "desk_listeners": 0, "active": 4, "waiting": 1}
    assert calendar_methods(smtp_server.last_to("warte1@example.de")) == ["REQUEST"]
    assert calendar_methods(smtp_server.last_to("warte2@example.de")) == ["REQUEST"]
    assert calendar_methods(smtp_server.last_to("warte3@example.de")) == []
    register(1, email="neu@example.de", language="de", remote_addr="10.9.1.1")
    confirm("neu@example.de", remote_addr="10.9.1.1")
    assert counts(mail_app)["waiting"] == 2, "a newcomer never takes a seat ahead of those waiting"


def test_lowering_capacity_demotes_nobody(mail_app, api, two_seats_three_waiting):
    api("/workshops/1", {"capacity": 4})
    api("/workshops/1", {"capacity": 1})
    assert counts(mail_app) == {"desk_active": 4, "desk_listeners": 0, "active": 4, "waiting": 1}


def test_a_re_import_with_more_places_promotes_too(mail_app, load_document, demo_document, two_seats_three_waiting):
    document = copy.deepcopy(demo_document)
    (workshop,) = [entry for entry in document["workshops"] if entry["number"] == 1]
    workshop["capacity"] = 3
    load_document(document)
    assert counts(mail_app) == {"desk_active": 3, "desk_listeners": 0, "active": 3, "waiting": 2}


def test_a_higher_listener_limit_admits_waiting_listeners(mail_app, api, register, confirm, open_workshop):
    api("/platforms/kudo", {"listener_limit": 1})
    open_workshop(1)
    for index in range(3):
        register(1, email=f"hoer{index}@example.de", language="de", role="listener", remote_addr=f"10.8.0.{index}")
        confirm(f"hoer{index}@example.de", remote_addr=f"10.8.0.{index}")
    assert counts(mail_app) == {"desk_active": 0, "desk_listeners": 1, "listener": 1, "waiting": 2}
    api("/platforms/kudo", {"listener_limit": 2})
    assert counts(mail_app) == {"desk_active": 0, "desk_listeners": 2, "listener": 2, "waiting": 1}


def test_the_editor_says_what_changing_the_capacity_does(mail_app, client, api):
    client.post("/organiser/sign-in", data={"email": "organiser@example.org", "password": PASSWORD})
    mail_app.config["WTF_CSRF_ENABLED"] = False
    client.post("/organiser/sign-in", data={"email": "organiser@example.org", "password": PASSWORD})
    page = client.get(f"/organiser/conferences/{DEMO_SLUG}/workshops/1/edit").get_data(as_text=True)
    assert 'aria-describedby="capacity-hint"' in page
    assert "nimmt niemandem einen Platz" in page


@pytest.mark.parametrize("role", ["active", "listener"])
def test_a_limit_changed_while_waiting_for_the_desk_counts(mail_app, open_workshop, role):
    """Confirming loads the workshop before it locks the desk: the seat is taken against the limit at that moment."""
    from sqlalchemy import text, update

    from confsched.extensions import db
    from confsched.programme.models import Platform, Workshop
    from confsched.registration import operations, queries
    from confsched.registration.models import Role

    open_workshop(1, capacity=5)
    with mail_app.app_context():
        workshop = queries.find_workshop(DEMO_SLUG, 1)
        assert workshop.capacity == 5 and workshop.listeners_admitted
        with db.engine.begin() as organisers:
            organisers.execute(update(Workshop).where(Workshop.id == workshop.id)
                               .values(capacity=1, listeners_admitted=False))
            organisers.execute(update(Platform).where(Platform.id == workshop.platform_id).values(listener_limit=1))
            organisers.execute(text("UPDATE registration_desk SET active_taken = 1 WHERE workshop_id = :id"),
                               {"id": workshop.id})
        operations.lock_desk(workshop.id)
        assert workshop.capacity == 5, "the loaded row still says five seats"
        assert operations.take_place(workshop, Role(role)) is False
        db.session.rollback()


def test_a_seat_freed_after_it_looked_taken_still_comes_with_access_data_and_invites(
        mail_app, smtp_server, register, confirm, open_workshop):
    """What confirming loads before the lock follows a guess at the seat; the email does not depend on the guess."""
    from sqlalchemy import select, text

    from confsched.extensions import db
    from confsched.registration import operations, outbox, queries
    from confsched.registration.models import Registrant, Registration, RegistrationDesk

    open_workshop(1, capacity=1)
    register(1, email="sitz@example.de", language="de", remote_addr="10.9.2.1")
    confirm("sitz@example.de", remote_addr="10.9.2.1")
    register(1, email="spaet@example.de", language="de", remote_addr="10.9.2.2")
    with mail_app.app_context():
        workshop = queries.find_workshop(DEMO_SLUG, 1)
        registration = db.session.execute(select(Registration).join(Registrant).where(
            Registrant.email == "spaet@example.de")).scalar_one()
        desk = db.session.get(RegistrationDesk, workshop.id)
        assert desk.active_taken == 1, "the seat looks taken"
        with db.engine.begin() as elsewhere:
            elsewhere.execute(text("UPDATE registration_desk SET active_taken = 0 WHERE workshop_id = :id"),
                              {"id": workshop.id})
        operations.confirm_registration(registration)
        db.session.commit()
        assert registration.status.value == "active"
        outbox.deliver(mail_app)
    assert calendar_methods(smtp_server.last_to("spaet@example.de")) == ["REQUEST"]
    assert any(secret in text_body(message) for message in smtp_server.to("spaet@example.de") for secret in DEMO_SECRETS)


def test_invites_are_in_the_language_the_registration_form_asked_for(mail_app, smtp_server, open_workshop):
    """A registrant known in German who registers for another workshop in Turkish gets that workshop's invites in Turkish."""
    import icalendar

    from confsched.extensions import db
    from confsched.registration import operations, outbox, queries
    from confsched.registration.models import Role, WhenFull

    open_workshop(1)
    open_workshop(2)
    with mail_app.app_context():
        for number, language in ((1, "de"), (2, "tr")):
            details = operations.RegistrantDetails(name="Ayşe Yılmaz", email="ayse@example.com", organisation=None,
                                                   city=None, country=None, language=language, zone="Europe/Istanbul")
            registration = operations.submit_registration(queries.find_workshop(DEMO_SLUG, number), details,
                                                          Role.active, WhenFull.waiting_list)
            operations.confirm_registration(registration)
            db.session.commit()
        turkish_title = queries.find_workshop(DEMO_SLUG, 2).title["tr"]
        outbox.deliver(mail_app)
    access = next(message for message in reversed(smtp_server.to("ayse@example.com"))
                  if message["Content-Language"] == "tr" and "text/calendar" in str(message))
    summaries = [str(event["SUMMARY"]) for part in access.walk() if part.get_content_type() == "text/calendar"
                 for event in icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")]
    assert summaries and all(turkish_title in summary for summary in summaries), summaries
