"""Registration statuses as registrants and organisers read them: in their language, never as raw values."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from confsched.registration.models import RegistrationStatus

STATUS_LABELS = {
    RegistrationStatus.pending: _l("Awaiting confirmation"),
    RegistrationStatus.active: _l("Active participant"),
    RegistrationStatus.listener: _l("Listener"),
    RegistrationStatus.waiting: _l("On the waiting list"),
    RegistrationStatus.cancelled: _l("Cancelled"),
    RegistrationStatus.cancelled_by_organiser: _l("Cancelled by the organisers"),
}


def status_label(status: RegistrationStatus | str) -> str:
    """A registration status in the current language."""
    return str(STATUS_LABELS[RegistrationStatus(status)])
