"""Invitations, registration with double opt-in, seats, waiting lists and the emails that go with them."""
from __future__ import annotations

from flask import Flask

# Settings this feature reads, with the embedded defaults (override in instance/config.py or CONFSCHED_* env).
DEFAULTS = {
    # From of every email and ORGANIZER of every invite.
    "CONFSCHED_MAIL_SENDER": "confsched <noreply@confsched.localhost>",
    # SMTP; without a host, messages are written as .eml files under instance/outbox/.
    "CONFSCHED_SMTP_HOST": None,
    "CONFSCHED_SMTP_PORT": None,
    "CONFSCHED_SMTP_SECURITY": "starttls",
    "CONFSCHED_SMTP_USER": None,
    "CONFSCHED_SMTP_PASSWORD": None,
    "CONFSCHED_SMTP_TIMEOUT": 10,
    "CONFSCHED_OUTBOX_DIR": None,
    # Deliver in the request that queued a message? None (auto): only to the outbox folder, never over SMTP,
    # where the `worker` command or `send-outbox` from cron delivers (confsched.registration.outbox).
    "CONFSCHED_MAIL_SEND_IN_REQUEST": None,
    # How long confirmation and invitation links work, and how long data is kept after a conference.
    "CONFSCHED_CONFIRMATION_DAYS": 7,
    "CONFSCHED_INVITATION_DAYS": 60,
    "CONFSCHED_RETENTION_DAYS": 90,
    "CONFSCHED_OUTBOX_KEEP_DAYS": 30,
}


def init_app(app: Flask) -> None:
    """Register the registrant and organiser pages, the outbox hook, the change listener and the commands."""
    from confsched.registration import cli, labels, mail, organiser_views, outbox, propagation, views

    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    outbox.transport(app)  # a misconfigured SMTP setting fails at start-up, not in a registrant's request
    mail.parse_mailbox(app.config["CONFSCHED_MAIL_SENDER"])
    app.register_blueprint(views.bp)
    app.register_blueprint(organiser_views.bp)
    app.after_request(outbox.deliver_queued_after_request)
    app.add_template_global(labels.status_label, "registration_status_label")
    app.add_template_global(labels.outbox_status_label, "outbox_status_label")
    app.add_template_filter(labels.in_language, "in_language")
    propagation.connect()
    cli.init_app(app)
