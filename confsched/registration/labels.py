"""Registration values as registrants and organisers read them: in their language, never as raw values."""
from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_datetime
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from confsched import timeengine
from confsched.registration.models import OutboxStatus, RegistrationStatus, Role, WhenFull

STATUS_LABELS = {
    RegistrationStatus.pending: _l("Awaiting confirmation"),
    RegistrationStatus.active: _l("Active participant"),
    RegistrationStatus.listener: _l("Listener"),
    RegistrationStatus.waiting: _l("On the waiting list"),
    RegistrationStatus.cancelled: _l("Cancelled"),
    RegistrationStatus.cancelled_by_organiser: _l("Cancelled by the organisers"),
}
ROLE_LABELS = {Role.active: _l("active participant"), Role.listener: _l("listener")}
WHEN_FULL_LABELS = {WhenFull.waiting_list: _l("put me on the waiting list"),
                    WhenFull.listener: _l("let me take part as a listener")}
OUTBOX_STATUS_LABELS = {
    OutboxStatus.queued: _l("Waiting to be sent"),
    OutboxStatus.sending: _l("Being sent"),
    OutboxStatus.sent: _l("Sent"),
    OutboxStatus.failed: _l("Failed"),
}
# Day, month and year as both German and Turkish spreadsheets read a date, with a 24-hour clock.
SPREADSHEET_INSTANT = "dd.MM.yyyy HH:mm"


def status_label(status: RegistrationStatus | str) -> str:
    """A registration status in the current language."""
    return str(STATUS_LABELS[RegistrationStatus(status)])


def outbox_status_label(status: OutboxStatus | str) -> str:
    """An email's delivery state in the current language."""
    return str(OUTBOX_STATUS_LABELS[OutboxStatus(status)])


def country_name(code: str | None, language: str) -> str:
    """A country code as the country's name in the language ('TR' → 'Türkei' / 'Türkiye')."""
    return Locale.parse(language).territories.get(code, code) if code else ""


def language_name(code: str | None, language: str) -> str:
    """A language code as the language's name in the language ('tr' → 'Türkisch' / 'Türkçe')."""
    return Locale.parse(language).languages.get(code, code) if code else ""


def zone_city(zone_name: str | None, language: str) -> str:
    """A zone as its city in the language ('Europe/Istanbul' → 'Istanbul' / 'İstanbul')."""
    if not zone_name:
        return ""
    return timeengine.city_name(zone_name, language) or zone_name.rsplit("/", 1)[-1].replace("_", " ")


def spreadsheet_instant(instant: dt.datetime | None, language: str) -> str:
    """A UTC instant as a date and time spreadsheets in the language recognise, or empty."""
    return format_datetime(instant, SPREADSHEET_INSTANT, tzinfo=dt.timezone.utc, locale=language) if instant else ""


def in_language(text, text_language, email_language) -> Markup:
    """A text for an HTML email, in a span naming its language when that is not the email's (a fallback title)."""
    if text_language and text_language != email_language:
        return Markup('<span lang="{}">{}</span>').format(text_language, text)
    return escape(text)
