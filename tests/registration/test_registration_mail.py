"""Emails as mail clients receive them: MIME structure, encoded Turkish headers, invites, outbox and retries."""
from __future__ import annotations

import datetime as dt
from email import policy
from email.parser import BytesParser

import icalendar
import pytest
import vobject
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select, update

from confsched import create_app
from confsched.config import ConfigurationError
from confsched.extensions import db
from confsched.registration import outbox
from confsched.registration.mail import CalendarPart, Mailbox, build_message
from confsched.registration.models import OutboxMessage, OutboxStatus
from tests.registration.conftest import MailSink, configure_mail, free_port, registration_data, text_body


def registered_and_confirmed(register, confirm, open_workshop, email="ayse@example.com", **fields):
    """One confirmed registration for workshop 1."""
    open_workshop(1)
    register(1, email=email, **fields)
    return confirm(email)


def test_access_mail_is_multipart_with_a_request_inline_and_attached(mail_app, smtp_server, register, confirm,
                                                                    open_workshop):
    registered_and_confirmed(register, confirm, open_workshop)
    message = smtp_server.last_to("ayse@example.com")
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in alternative.get_payload()] == ["text/plain", "text/html", "text/calendar"]
    calendar_part = alternative.get_payload()[2]
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_param("charset") == "utf-8"
    assert attachment.get_content_type() == "application/ics" and attachment.get_filename() == "invite.ics"
    inline_ics = calendar_part.get_payload(decode=True)
    assert inline_ics == attachment.get_payload(decode=True)
    calendar = icalendar.Calendar.from_ical(inline_ics)
    assert calendar["METHOD"] == calendar_part.get_param("method")
    event = calendar.walk("VEVENT")[0]
    assert "Kd-7319-secret" in str(event["DESCRIPTION"])
    assert str(event["ATTENDEE"]) == "mailto:ayse@example.com"
    assert str(event["ORGANIZER"]) == "mailto:" + message["From"].addresses[0].addr_spec
    assert vobject.readOne(inline_ics.decode()).vevent.uid.value == str(event["UID"])
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Kd-7319-secret" in html and "<script" not in html


def test_turkish_letters_in_subject_and_names_are_encoded_on_the_wire(mail_app, smtp_server, register, confirm,
                                                                     open_workshop):
    registered_and_confirmed(register, confirm, open_workshop, name="Şükrü Çağlar Işık")
    raw = smtp_server.envelopes[-1].original_content
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert all(byte < 128 for byte in headers), "headers must be 7-bit, RFC 2047-encoded"
    parsed = BytesParser(policy=policy.default).parsebytes(raw)
    assert parsed["To"].addresses[0].display_name == "Şükrü Çağlar Işık"
    assert parsed["From"].addresses[0].display_name == "Deutscher Städtetag – Türk-Alman"
    assert "Dijital" in str(parsed["Subject"]) or "Çalıştay" in str(parsed["Subject"]) or "Şehir" in str(parsed["Subject"])


def test_a_line_break_in_a_name_cannot_add_a_header():
    message = build_message(
        sender=Mailbox("Organisers", "org@example.org"), recipient=Mailbox("Eve\r\nBcc: victim@example.org", "eve@example.org"),
        subject="Hallo\nBcc: victim@example.org", text="x", html="<p>x</p>", language="de",
        sent_at=dt.datetime(2020, 6, 1, tzinfo=dt.timezone.utc), message_id_domain="example.org",
        calendar=CalendarPart("CANCEL", b"BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n", "cancel.ics"))
    parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes())
    assert parsed["Bcc"] is None
    assert [part.get_param("method") for part in parsed.walk() if part.get_content_type() == "text/calendar"] == ["CANCEL"]


def test_without_smtp_messages_become_eml_files_in_the_outbox_directory(app, demo, client, register, open_workshop,
                                                                         tmp_path):
    app.config["CONFSCHED_OUTBOX_DIR"] = str(tmp_path / "outbox")
    open_workshop(1)
    register(1, email="datei@example.de", language="de")
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert [path.name.split("-", 1)[1] for path in files] == ["confirm.eml"]
    message = BytesParser(policy=policy.default).parsebytes(files[0].read_bytes())
    assert message["To"].addresses[0].addr_spec == "datei@example.de"
    assert "/de/registration/confirm/" in text_body(message)


def test_the_default_outbox_directory_is_instance_outbox(app):
    transport = outbox.transport(app)
    assert transport.directory.as_posix().endswith("instance/outbox")


def test_mail_survives_an_smtp_outage_and_is_retried(mail_app, smtp_server, register, open_workshop, runner):
    configure_mail(mail_app, free_port())  # nothing listens there: the server is "down"
    open_workshop(1)
    register(1, email="geduld@example.de", language="de")
    with mail_app.app_context():
        entry = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == "geduld@example.de")).scalar_one()
        assert entry.status is OutboxStatus.failed and entry.attempts == 1
        assert "Connection" in entry.last_error
        assert entry.next_attempt_at > dt.datetime.now(dt.timezone.utc)
    assert smtp_server.to("geduld@example.de") == []

    result = runner.invoke(args=["send-outbox"])
    assert "sent 0, failed 0" in result.output, "not due yet: nothing is tried before the pause"

    configure_mail(mail_app, smtp_server.port)  # the server is back
    with mail_app.app_context():
        db.session.execute(update(OutboxMessage).values(next_attempt_at=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)))
        db.session.commit()
    result = runner.invoke(args=["send-outbox"])
    assert result.exit_code == 0 and "sent 1, failed 0" in result.output
    assert len(smtp_server.to("geduld@example.de")) == 1
    with mail_app.app_context():
        entry = db.session.execute(select(OutboxMessage)).scalar_one()
        assert entry.status is OutboxStatus.sent and entry.attempts == 2 and entry.last_error is None
    assert "sent 0, failed 0" in runner.invoke(args=["send-outbox"]).output, "a sent message is never sent twice"


def test_smtp_credentials_from_the_configuration_are_used(mail_app, register, open_workshop):
    logins = []

    def authenticate(server, session, envelope, mechanism, auth_data):
        """Accept exactly the configured account."""
        logins.append((mechanism, auth_data.login, auth_data.password))
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"mailer", b"12345")
        return AuthResult(success=ok)

    sink = MailSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port, authenticator=authenticate, auth_require_tls=False)
    controller.start()
    try:
        configure_mail(mail_app, port)
        # From the environment, CONFSCHED_SMTP_PASSWORD=12345 arrives as a number (values are read as JSON).
        mail_app.config.update(CONFSCHED_SMTP_USER="mailer", CONFSCHED_SMTP_PASSWORD=12345)
        open_workshop(1)
        register(1, email="auth@example.de", language="de")
    finally:
        controller.stop()
    assert [login[1:] for login in logins] == [(b"mailer", b"12345")]
    assert len(sink.to("auth@example.de")) == 1


def test_a_misconfigured_smtp_security_fails_at_start_up(app):
    with pytest.raises(ConfigurationError, match="CONFSCHED_SMTP_SECURITY"):
        create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                    "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "CONFSCHED_SMTP_HOST": "mail",
                    "CONFSCHED_SMTP_SECURITY": "tls-please"})


def test_with_sending_in_requests_off_only_the_cron_run_sends(mail_app, smtp_server, register, open_workshop, runner):
    mail_app.config["CONFSCHED_MAIL_SEND_IN_REQUEST"] = False
    open_workshop(1)
    register(1, email="cron@example.de", language="de")
    assert smtp_server.to("cron@example.de") == []
    assert "sent 1, failed 0" in runner.invoke(args=["send-outbox"]).output
    assert len(smtp_server.to("cron@example.de")) == 1


def test_mail_is_queued_as_a_draft_and_rendered_only_when_delivered(mail_app, smtp_server, register, open_workshop,
                                                                   runner):
    mail_app.config["CONFSCHED_MAIL_SEND_IN_REQUEST"] = False
    open_workshop(1)
    register(1, email="entwurf@example.de", language="tr")
    with mail_app.app_context():
        entry = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == "entwurf@example.de")).scalar_one()
        assert entry.message is None and entry.draft["kind"] == "confirm" and entry.draft["language"] == "tr"
    assert runner.invoke(args=["send-outbox"]).exit_code == 0
    message = smtp_server.last_to("entwurf@example.de")
    assert message["Content-Language"] == "tr" and "/registration/confirm/" in text_body(message)
    with mail_app.app_context():
        entry = db.session.execute(select(OutboxMessage).where(OutboxMessage.recipient == "entwurf@example.de")).scalar_one()
        assert entry.draft is None and entry.message.startswith(b"Subject:") and entry.status is OutboxStatus.sent


def test_in_debug_mode_without_a_base_url_emails_link_to_the_address_in_use(mail_app, smtp_server, open_workshop):
    """`flask run --debug --port 8123` sends confirmation links that lead back to port 8123."""
    mail_app.config.update(DEBUG=True, CONFSCHED_BASE_URL=None)
    open_workshop(1)
    client = mail_app.test_client()
    path = "/tr/vorkonferenz-2020/workshops/1/register"
    form = client.get(path, base_url="http://127.0.0.1:8123").get_data(as_text=True)
    assert client.post(path, data=registration_data(form), base_url="http://127.0.0.1:8123").status_code == 303
    body = text_body(smtp_server.last_to("ayse@example.com"))
    assert "http://127.0.0.1:8123/tr/registration/confirm/" in body and "localhost" not in body
