"""Links are secrets: long enough, single-use where they should be, expiring, revocable, replaced on reset."""
from __future__ import annotations

import base64
import datetime as dt

import pytest
from itsdangerous import URLSafeTimedSerializer

from confsched.extensions import db
from confsched.registration import operations, outbox, queries, tokens
from confsched.registration.models import Invitation, Registration
from tests.registration.conftest import csrf_token, link, registration_data


def test_tokens_carry_at_least_128_bits_and_check_their_purpose():
    key = tokens.new_key()
    token = tokens.make_token("secret", "page", 7, key)
    row_id, mac = token.split(".")
    assert row_id == "7" and len(base64.urlsafe_b64decode(mac + "=")) * 8 >= 128
    assert tokens.token_matches("secret", "page", token, 7, key)
    assert not tokens.token_matches("secret", "confirm", token, 7, key), "a page token is no confirmation token"
    assert not tokens.token_matches("other", "page", token, 7, key), "bound to the app secret"
    assert not tokens.token_matches("secret", "page", token, 7, tokens.new_key()), "a new key invalidates it"
    assert not tokens.token_matches("secret", "page", token, 7, None), "revoked"
    assert tokens.token_row_id("12.short") is None and tokens.token_row_id("x" * 50) is None


def personal_page(client, register, confirm, email="ich@example.de"):
    """Register, confirm and return the personal page path."""
    register(1, email=email, language="de")
    return confirm(email).headers["Location"].replace("http://localhost", "")


def test_reset_invalidates_every_old_link_and_mails_the_new_one(mail_app, client, smtp_server, register, confirm,
                                                                open_workshop):
    open_workshop(1)
    old_page = personal_page(client, register, confirm)
    access_mail = smtp_server.last_to("ich@example.de")
    old_cancel = link(access_mail, "/cancel/")
    page = client.get(old_page)
    reset = client.post(old_page + "/reset", data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert reset.status_code == 303
    new_page = reset.headers["Location"].replace("http://localhost", "")
    assert new_page != old_page
    for stale in (old_page, old_page + "/calendar.ics", old_cancel):
        assert client.get(stale).status_code == 404, stale
    assert client.get(new_page).status_code == 200
    assert link(smtp_server.last_to("ich@example.de"), "/registration/p/") == new_page


def test_revoked_links_stop_working_until_a_new_one_is_requested(mail_app, client, smtp_server, register, confirm,
                                                                 open_workshop):
    open_workshop(1)
    page_path = personal_page(client, register, confirm)
    page = client.get(page_path)
    revoked = client.post(page_path + "/revoke", data={"csrf_token": csrf_token(page.get_data(as_text=True))})
    assert revoked.status_code == 200
    assert client.get(page_path).status_code == 404
    assert client.get(page_path + "/calendar.ics").status_code == 404
    form = client.get("/de/registration/link")
    client.post("/de/registration/link", data={"csrf_token": csrf_token(form.get_data(as_text=True)),
                                               "email": "Ich@Example.de"})
    fresh = link(smtp_server.last_to("ich@example.de"), "/registration/p/")
    assert fresh != page_path and client.get(fresh).status_code == 200


def test_confirmation_links_work_once_and_expire(mail_app, client, smtp_server, register, confirm, open_workshop):
    open_workshop(1)
    register(1, email="einmal@example.de", language="de")
    confirm_path = link(smtp_server.last_to("einmal@example.de"), "/registration/confirm/")
    assert confirm("einmal@example.de").status_code == 303
    assert client.get(confirm_path).status_code == 404, "used"
    register(1, email="spaet@example.de", language="de")
    late_path = link(smtp_server.last_to("spaet@example.de"), "/registration/confirm/")
    with mail_app.app_context():
        registration = db.session.get(Registration, int(late_path.rsplit("/", 1)[1].split(".")[0]))
        registration.confirmation_requested_at -= dt.timedelta(days=8)
        db.session.commit()
    assert client.get(late_path).status_code == 404, "expired"
    assert client.get(late_path[:-3] + "abc").status_code == 404, "tampered"


def invite(app, email="gast@example.com", language="tr") -> str:
    """An invitation's link path, as the invitee receives it."""
    with app.app_context():
        conference = queries.find_conference("vorkonferenz-2020")
        invitation = operations.create_invitations(conference, [operations.InvitationLine(email, language)])[0]
        db.session.commit()
        outbox.deliver(app)
        return operations.invitation_url(invitation).replace("http://localhost", "")


def test_an_invitation_is_good_for_one_registration(mail_app, client, smtp_server, register):
    landing = invite(mail_app)
    assert client.get(landing).status_code == 200
    token = landing.rsplit("/", 1)[1]
    register(1, invitation=token, email="gast@example.com")
    assert client.get(landing).status_code == 404
    again = client.get(f"/tr/vorkonferenz-2020/workshops/2/register?invitation={token}")
    assert again.status_code == 403 and 'name="email"' not in again.get_data(as_text=True)


def test_a_parallel_second_use_of_one_invitation_is_refused(mail_app, client, smtp_server):
    token = invite(mail_app).rsplit("/", 1)[1]
    path = f"/tr/vorkonferenz-2020/workshops/1/register?invitation={token}"
    first, second = client.get(path).get_data(as_text=True), client.get(path).get_data(as_text=True)
    assert client.post(path, data=registration_data(first, email="a@example.com")).status_code == 303
    assert client.post(path, data=registration_data(second, email="b@example.com")).status_code == 403
    with mail_app.app_context():
        assert db.session.query(Registration).count() == 1


@pytest.mark.parametrize("forge", ["expired", "foreign", "garbage"])
def test_forged_or_expired_invitations_are_refused(mail_app, client, forge):
    landing = invite(mail_app)
    with mail_app.app_context():
        invitation_id = db.session.query(Invitation.id).scalar()
    if forge == "expired":
        signer = URLSafeTimedSerializer("test-secret", salt=tokens.INVITATION_SALT)
        token = signer.dumps(invitation_id)
        mail_app.config["CONFSCHED_INVITATION_DAYS"] = -1
    elif forge == "foreign":
        token = URLSafeTimedSerializer("another-secret", salt=tokens.INVITATION_SALT).dumps(invitation_id)
    else:
        token = landing.rsplit("/", 1)[1][:-4] + "AAAA"
    assert client.get(f"/de/registration/invitation/{token}").status_code == 404
    response = client.get(f"/de/vorkonferenz-2020/workshops/1/register?invitation={token}")
    assert response.status_code == 403
