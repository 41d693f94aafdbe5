"""Every kind of email, in German and Turkish, addresses an official formally and shows no raw value."""
from __future__ import annotations

import copy
import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from confsched import PROJECT_ROOT
from confsched.extensions import db
from confsched.programme.document import export_document
from confsched.programme.importer import import_document
from confsched.programme import editing as editor
from confsched.programme.models import WorkshopStatus, utcnow
from confsched.programme.queries import load_programme
from confsched.programme.tracking import tracked
from confsched.registration import notifications, operations, outbox, queries, reminders
from confsched.registration.models import OutboxMessage, Registrant, Registration
from confsched.registration.queries import find_conference
from tests.registration.conftest import html_body, text_body
from tests.registration.test_registration_reminders import shifted

EMAIL_TEMPLATES = PROJECT_ROOT / "templates" / "registration" / "email"
ZONE_ID = re.compile(r"\b(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/\w+")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# Stored values of the registration, workshop and platform enums, as they would leak into a sentence.
ENUM_VALUE = re.compile(r"\b(?:active|listener|waiting(?:_list)?|pending|cancelled(?:_by_organisers)?|planned|"
                        r"confirmed|online|venue|speaker|moderator|rapporteur|REQUEST|CANCEL|SEQUENCE)\b")
LANGUAGE_CODE = {"de": re.compile(r"\b(?:de|tr|en|DE|TR|EN)\b"), "tr": re.compile(r"\b(?:tr|TR|DE|EN)\b")}
URL = re.compile(r"https?://\S+")
# DIN 5008: after "Guten Tag …," the letter goes on in lower case, except for the polite "Sie" and its forms.
SIE_FORMS = {"Sie", "Ihre", "Ihr", "Ihren", "Ihrem", "Ihrer", "Ihres", "Ihnen"}
GREETING = {"de": ("Guten Tag {name},", "Guten Tag,"), "tr": ("Sayın {name},", "Sayın İlgili,")}


class VisibleText(HTMLParser):
    """The text a mail client shows in the message of an HTML body (head, tags and attribute values dropped)."""

    def __init__(self):
        """Start with no text, outside the body."""
        super().__init__()
        self.parts = []
        self.in_body = False

    def handle_starttag(self, tag, attrs):
        """Text counts from the body on."""
        self.in_body = self.in_body or tag == "body"

    def handle_data(self, data):
        """Keep what is shown."""
        if self.in_body:
            self.parts.append(data)


def shown(html: str) -> str:
    """The visible text of an HTML body."""
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def email_kinds() -> set[str]:
    """Every email template confsched has (the layout and the included parts are not emails)."""
    return {path.stem for path in EMAIL_TEMPLATES.glob("*.txt") if not path.stem.startswith("_") and path.stem != "layout"}


def stored_programme(app) -> dict:
    """The stored programme as a document, with its access data."""
    with app.app_context():
        return copy.deepcopy(export_document(load_programme("vorkonferenz-2020", with_access=True),
                                             include_access=True))


def import_and_send(app, document: dict) -> None:
    """Import a document as an organiser would, and send what that queued."""
    with app.app_context():
        import_document(document)
        db.session.commit()
        outbox.deliver(app)


def changed_programme(app, change) -> None:
    """Import the stored programme after `change` edited its document."""
    document = stored_programme(app)
    change(document)
    import_and_send(app, document)


def workshop_four(document: dict) -> dict:
    """Workshop 4 (two days, Zoom) of a programme document."""
    return next(workshop for workshop in document["workshops"] if workshop["number"] == 4)


def walk_every_email(app, client, smtp_server, register, confirm, open_workshop, language: str) -> None:
    """Cause every email confsched sends, through the pages and operations people and organisers use."""
    import_and_send(app, shifted(stored_programme(app), utcnow().date() + dt.timedelta(days=7)))  # reminders due
    open_workshop(4, capacity=1)
    register(4, lang=language, language=language, email="erste@example.org", name="Ayşe Yılmaz",
             when_full="waiting_list")                                            # confirm
    confirm("erste@example.org")                                                  # placed, calendar_entry
    register(4, lang=language, language=language, email="erste@example.org", name="Ayşe Yılmaz")  # already_registered
    register(4, lang=language, language=language, email="zweite@example.org", name="Jürgen Weiß",
             when_full="waiting_list", zone="America/Sao_Paulo", remote_addr="10.0.0.2")
    confirm("zweite@example.org", remote_addr="10.0.0.2")                        # waiting
    with app.app_context():
        first = db.session.execute(select(Registrant).where(Registrant.email == "erste@example.org")).scalar_one()
        operations.cancel_registration(first.registrations[0])                    # cancelled, promoted
        db.session.commit()
        first_day = queries.find_workshop("vorkonferenz-2020", 4).days[0]
        reminders.queue_due(first_day.starts_at - dt.timedelta(minutes=30))       # reminder
        second = db.session.execute(select(Registrant).where(Registrant.email == "zweite@example.org")).scalar_one()
        notifications.page_links([second], language)                              # page_links
        conference = find_conference("vorkonferenz-2020")
        lines, _ = operations.parse_invitation_lines(f"eingeladen@example.org {language}", "de", ("de", "tr"))
        operations.create_invitations(conference, lines)                          # invitation
        db.session.commit()
        outbox.deliver(app)
    changed_programme(app, lambda document: workshop_four(document)["days"][0].update(local_start="10:30"))  # release
    # Edits of the published programme outside a release send one email per kind.
    shorter = dt.timedelta(minutes=30)
    published_edit(app, lambda conference: setattr(four(conference).days[0], "ends_at",
                                                   four(conference).days[0].ends_at - shorter))  # rescheduled
    published_edit(app, lambda conference: setattr(four(conference).platform.access, "passcode",
                                                   "Zm-9999-new"))  # access_changed
    published_edit(app, lambda conference: four(conference).days.pop())  # days_removed
    published_edit(app, lambda conference: setattr(four(conference), "status",
                                                   WorkshopStatus.cancelled))  # workshop_cancelled
    with app.app_context():
        editor.delete_conference(load_programme("vorkonferenz-2020", with_access=True))  # workshop_removed
        outbox.deliver(app)


def four(conference):
    """Workshop 4 of a loaded programme."""
    return next(workshop for workshop in conference.workshops if workshop.number == 4)


def published_edit(app, change) -> None:
    """Change the published programme in place, as deleting and restoring do, and send what that queued."""
    with app.app_context():
        conference = load_programme("vorkonferenz-2020", with_access=True)
        with tracked(conference):
            change(conference)
        db.session.commit()
        outbox.deliver(app)


@pytest.mark.parametrize("language", ["de", "tr"])
def test_every_email_is_formal_and_free_of_raw_values(mail_app, client, smtp_server, register, confirm,
                                                      open_workshop, language):
    walk_every_email(mail_app, client, smtp_server, register, confirm, open_workshop, language)
    with mail_app.app_context():
        sent_kinds = {row.kind for row in db.session.execute(select(OutboxMessage)).scalars()}
        names = {registrant.email: registrant.name for registrant in db.session.execute(select(Registrant)).scalars()}
        assert db.session.execute(select(Registration)).first() is not None
    assert sent_kinds == email_kinds(), "every email kind must be walked (and no other)"
    assert len(smtp_server.messages) >= len(email_kinds())
    problems = []
    for message in smtp_server.messages:
        address = message["To"].addresses[0].addr_spec
        name = names.get(address, "")
        greeting = GREETING[language][0].format(name=name) if name else GREETING[language][1]
        subject = str(message["Subject"])
        for part, text in (("text", text_body(message)), ("html", shown(html_body(message)))):
            where = f"{subject} ({part})"
            if not text.lstrip().startswith(greeting):
                problems.append(f"{where}: does not open with {greeting!r}: {text.lstrip()[:60]!r}")
            first_word = text.lstrip()[len(greeting):].split(maxsplit=1)[0]
            if language == "de" and first_word[0].isupper() and first_word not in SIE_FORMS:
                problems.append(f"{where}: German goes on in lower case after the salutation, not {first_word!r}")
            prose = URL.sub(" ", text)
            for pattern in (ZONE_ID, ISO_DATE, ENUM_VALUE, LANGUAGE_CODE[language]):
                problems += [f"{where}: raw value {found!r}" for found in pattern.findall(prose)]
        if subject.count(":") > 1:
            problems.append(f"{subject}: more than one colon in the subject")
        if message["Content-Language"] != language:
            problems.append(f"{subject}: Content-Language {message['Content-Language']}")
    assert problems == [], "\n".join(problems)
    assert any("Paulo" in text_body(message) for message in smtp_server.to("zweite@example.org")), \
        "a registrant's own zone is among those checked"


@pytest.mark.parametrize(("language", "expected", "wrong"), [
    ("de", "zu den Fachworkshops der Veranstaltung „Virtuelle Vorkonferenz", "der Virtuelle Vorkonferenz"),
    ("tr", "Sayın İlgili,", "Merhaba"),
])
def test_the_invitation_reads_as_a_letter_to_an_official(app, demo, smtp_server, language, expected, wrong):
    from tests.registration.conftest import configure_mail

    configure_mail(app, smtp_server.port)
    with app.app_context():
        lines, _ = operations.parse_invitation_lines(f"buergermeisteramt@example.org {language}", "de", ("de", "tr"))
        operations.create_invitations(find_conference("vorkonferenz-2020"), lines)
        db.session.commit()
        outbox.deliver(app)
    body = text_body(smtp_server.last_to("buergermeisteramt@example.org"))
    assert expected in body and wrong not in body
