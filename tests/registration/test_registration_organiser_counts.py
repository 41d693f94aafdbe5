"""The organiser's notices say their counts in the right form: one invitation, one line, one person moved up."""
from __future__ import annotations

from html import unescape

from confsched.extensions import db
from confsched.registration.models import Registrant, Registration
from tests.registration.test_registration_organiser import organiser, overview, press  # noqa: F401 - fixture

INVITATIONS = "/organiser/vorkonferenz-2020/invitations"


def notice(client, response) -> str:
    """The page the organiser lands on after pressing a button, with its notice."""
    assert response.status_code == 303
    return unescape(overview(client))


def test_one_invitation_is_one_in_german(organiser):  # noqa: F811 - the fixture imported above
    organiser.set_cookie("confsched_lang", "de")
    assert "1 Einladung ist unterwegs." in notice(organiser, press(organiser, INVITATIONS, addresses="max@example.de"))
    assert "2 Einladungen sind unterwegs." in notice(
        organiser, press(organiser, INVITATIONS, addresses="a@example.de\nb@example.de"))


def test_one_bad_line_is_named_as_one(organiser):  # noqa: F811 - the fixture imported above
    organiser.set_cookie("confsched_lang", "de")
    page = notice(organiser, press(organiser, INVITATIONS, addresses="ok@example.de\nkaputt"))
    assert "Bitte prüfen Sie Zeile 2:" in page and "Zeilen" not in page
    organiser.set_cookie("confsched_lang", "tr")
    page = notice(organiser, press(organiser, INVITATIONS, addresses="ok@example.de\nkaputt"))
    assert "Lütfen şu satırı kontrol edin: 2." in page and "satırlarını" not in page


def test_the_promotion_notice_says_who_was_given_a_place(organiser, mail_app, register, confirm,  # noqa: F811
                                                         open_workshop):
    open_workshop(1, capacity=1)
    for number, email in enumerate(("a@example.de", "b@example.de"), start=1):
        register(1, email=email, language="de", remote_addr=f"10.7.0.{number}")
        confirm(email, remote_addr=f"10.7.0.{number}")
    with mail_app.app_context():
        first = db.session.query(Registration).join(Registrant).filter(Registrant.email == "a@example.de").one().id
    organiser.set_cookie("confsched_lang", "tr")
    page = notice(organiser, press(organiser, f"/organiser/vorkonferenz-2020/registrations/{first}/cancel"))
    assert "Kayıt iptal edildi; bekleme listesinden 1 kişiye yer açıldı." in page
    assert "kişi yer aldı" not in page
