"""Emails stored as drafts with the change that causes them, and rendered after that change commits.

A draft holds plain values only (the template, language, recipient, the values the
template shows and the ready calendar part), so it survives a restart like any row and
rendering templates never happens while a request holds a seat lock or the database's
write lock. Drafts may carry access data: they are never shown or logged.
"""
from __future__ import annotations

import base64
import dataclasses
from collections.abc import Sequence

from flask import render_template
from flask_babel import force_locale

from confsched.calendars.itip import ItipMessage
from confsched.programme.models import utcnow
from confsched.registration.mail import CalendarPart, Mailbox, build_message


def draft(kind: str, *, to: Mailbox, language: str, context: dict, calendar: ItipMessage | None = None,
          further_calendars: Sequence[tuple[str, ItipMessage]] = ()) -> dict:
    """A JSON-ready draft; dataclasses in the context become mappings, which templates read the same way.

    `further_calendars` are (file name, message) pairs attached after the first calendar.
    """
    part = None if calendar is None else _calendar_part(calendar, calendar.filename)
    stored = {"kind": kind, "language": language, "to": {"name": to.name, "email": to.email},
              "context": _plain(context), "calendar": part}
    if further_calendars:
        stored["further_calendars"] = [_calendar_part(message, filename) for filename, message in further_calendars]
    return stored


def _calendar_part(calendar: ItipMessage, filename: str) -> dict:
    """An iTIP message as JSON values."""
    return {"method": calendar.method.value, "filename": filename,
            "body": base64.b64encode(calendar.body).decode("ascii")}


def _stored_part(part: dict) -> CalendarPart:
    """The calendar part a draft keeps, ready to attach."""
    return CalendarPart(part["method"], base64.b64decode(part["body"]), part["filename"])


def _plain(value):
    """A value as JSON types: dataclasses to dicts (or to what their draft_values() gives), tuples to lists."""
    if hasattr(value, "draft_values"):
        return _plain(value.draft_values())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(item) for item in value]
    return value


def render(stored: dict, *, subject: str, sender: Mailbox, message_id_domain: str) -> bytes:
    """The complete RFC 5322 message of a draft, with both bodies rendered in its language."""
    kind, language, context = stored["kind"], stored["language"], stored["context"]
    with force_locale(language):
        text = render_template(f"registration/email/{kind}.txt", **context)
        html = render_template(f"registration/email/{kind}.html", **context)
    part = stored.get("calendar")
    message = build_message(sender=sender, recipient=Mailbox(stored["to"]["name"], stored["to"]["email"]),
                            subject=subject, text=text, html=html, language=language, sent_at=utcnow(),
                            message_id_domain=message_id_domain, calendar=_stored_part(part) if part else None,
                            further_calendars=[_stored_part(further)
                                               for further in stored.get("further_calendars", ())])
    return message.as_bytes()
