"""Building email messages: multipart text + HTML, optional iTIP invites, headers safe for any name. No Flask here.

Headers are set through email.message.EmailMessage with the SMTP policy, which
RFC 2047-encodes Turkish and German letters in subjects and display names and
refuses line breaks in header values (no header injection through a name).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr


@dataclass(frozen=True)
class CalendarPart:
    """An iTIP message to send inline (text/calendar with its method) and as an .ics attachment."""

    method: str
    body: bytes
    filename: str


@dataclass(frozen=True)
class Mailbox:
    """A display name and an address."""

    name: str
    email: str

    def address(self) -> Address:
        """The header form; the display name is encoded by the policy, never spliced into the header."""
        local, _, domain = self.email.rpartition("@")
        return Address(display_name=_one_line(self.name), username=local, domain=domain)


def parse_mailbox(text: str) -> Mailbox:
    """Read a configured sender such as 'Städtetag <noreply@example.org>'."""
    name, email = parseaddr(text)
    if "@" not in email:
        raise ValueError(f"not an email address: {text!r}")
    return Mailbox(name, email)


def _one_line(text: str) -> str:
    """Collapse whitespace, so a name typed with a line break cannot end a header early."""
    return " ".join((text or "").split())


def build_message(*, sender: Mailbox, recipient: Mailbox, subject: str, text: str, html: str, language: str,
                  sent_at: dt.datetime, message_id_domain: str, calendar: CalendarPart | None = None,
                  further_calendars: Sequence[CalendarPart] = ()) -> EmailMessage:
    """multipart/alternative (text, HTML, text/calendar), wrapped in multipart/mixed with the .ics when there is one.

    `further_calendars` (a release's other days) follow as attachments of their own, each a text/calendar entity
    with its method (RFC 6047 section 2.4): clients act on one inline iTIP object per message, and Outlook reads
    only the first event of an object, so every day keeps its own.
    """
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = _one_line(subject)
    message["From"] = sender.address()
    message["To"] = recipient.address()
    message["Date"] = format_datetime(sent_at.astimezone(dt.timezone.utc))
    message["Message-ID"] = make_msgid(domain=message_id_domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    if calendar is not None:
        message.add_alternative(calendar.body, maintype="text", subtype="calendar", cte="base64",
                                params={"method": calendar.method, "charset": "utf-8"})
        message.make_mixed()
        message.add_attachment(calendar.body, maintype="application", subtype="ics", filename=calendar.filename)
    for further in further_calendars:
        message.add_attachment(further.body, maintype="text", subtype="calendar", cte="base64",
                               filename=further.filename, params={"method": further.method, "charset": "utf-8"})
    # Set last: make_mixed() moves Content-* headers into the first part.
    message["Content-Language"] = language
    return message
