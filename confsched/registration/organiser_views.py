"""Organiser views for registrations: counts per workshop, resend and cancel, invitations, CSV and the outbox.

Signed-in organisers see only conferences they may edit (Organiser.can_edit);
access data never appears here or in the export.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from confsched.extensions import db
from confsched.localized import pick
from confsched.programme.models import Conference, utcnow
from confsched.registration import export, labels, operations, queries
from confsched.registration.forms import ActionForm, InvitationForm
from confsched.registration.labels import status_label
from confsched.registration.models import (
    Invitation,
    OutboxMessage,
    OutboxStatus,
    Registrant,
    Registration,
    RegistrationStatus,
)
from confsched.registration.outbox import retry_now

bp = Blueprint("registration_organiser", __name__, url_prefix="/organiser")


def _conference_or_404(slug: str) -> Conference:
    """The conference, if it exists and the signed-in organiser may manage it (404 either way, no probing)."""
    conference = queries.find_conference(slug, released=False)
    if conference is None or not current_user.can_edit(conference):
        abort(404)
    return conference


def _registration_or_404(conference: Conference, registration_id: int) -> Registration:
    """A registration of one of the conference's workshops."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.registrant.conference_id != conference.id:
        abort(404)
    return registration


def _registrations(conference: Conference) -> list[Registration]:
    """Every registration of the conference with its registrant, those of removed workshops included, in arrival order."""
    return list(db.session.execute(
        select(Registration).join(Registrant).where(Registrant.conference_id == conference.id)
        .options(selectinload(Registration.registrant))
        .order_by(Registration.created_at, Registration.id)
    ).scalars())


@bp.get("/<slug>/registrations")
@login_required
def overview(slug: str):
    """Counts per workshop (active, listeners, waiting, pending), every registration, failed mail and invitations."""
    conference = _conference_or_404(slug)
    language = _page_language()
    counts = queries.status_counts(conference.id)
    desks = queries.desks_by_workshop(workshop.id for workshop in conference.workshops)
    registrations = _registrations(conference)
    workshops = []
    for workshop in conference.workshops:
        seats_left, listener_places_left = operations.places_left(workshop, desks.get(workshop.id))
        workshops.append({
            "workshop": workshop, "title": pick(workshop.title, language),
            "counts": counts.get(workshop.id, {state.value: 0 for state in RegistrationStatus}),
            "desk": desks.get(workshop.id), "seats_left": seats_left,
            "listener_limit": operations.listener_limit(workshop), "listener_places_left": listener_places_left,
            "registrations": [entry for entry in registrations if entry.workshop_id == workshop.id],
        })
    removed = [{"registration": entry, "title": pick(entry.workshop_title, language)}
               for entry in sorted((entry for entry in registrations if entry.workshop_id is None),
                                   key=lambda entry: entry.workshop_number or 0)]
    undelivered = db.session.execute(
        select(OutboxMessage).where(OutboxMessage.conference_id == conference.id,
                                    OutboxMessage.status.in_([OutboxStatus.failed, OutboxStatus.queued,
                                                              OutboxStatus.sending]))
        .order_by(OutboxMessage.id)
    ).scalars().all()
    invitations = db.session.execute(
        select(Invitation).where(Invitation.conference_id == conference.id).order_by(Invitation.id.desc())
    ).scalars().all()
    return render_template(
        "registration/organiser/overview.html", conference=conference, workshops=workshops, removed=removed,
        title=pick(conference.title, language), undelivered=undelivered, invitations=invitations,
        session_label=pick(conference.session_label, language).text,
        action_form=ActionForm(), invitation_form=InvitationForm(),
    )


def _page_language() -> str:
    """The language organiser pages are shown in."""
    from confsched.i18n import select_locale

    return select_locale()


def _back(conference: Conference):
    """Return to the overview after an action."""
    return redirect(url_for(".overview", slug=conference.slug), 303)


def _checked_action() -> None:
    """Every state-changing button posts a CSRF token."""
    if not ActionForm().validate_on_submit():
        abort(400)


@bp.post("/<slug>/registrations/<int:registration_id>/resend")
@login_required
def resend(slug: str, registration_id: int):
    """Send the registrant's current email again."""
    conference = _conference_or_404(slug)
    _checked_action()
    operations.resend(_registration_or_404(conference, registration_id))
    db.session.commit()
    flash(_("The email has been sent again."))
    return _back(conference)


@bp.post("/<slug>/registrations/<int:registration_id>/cancel")
@login_required
def cancel(slug: str, registration_id: int):
    """Cancel a registration for the registrant; the next person waiting moves up."""
    conference = _conference_or_404(slug)
    _checked_action()
    promoted = operations.cancel_registration(_registration_or_404(conference, registration_id))
    db.session.commit()
    if promoted:
        flash(ngettext("The registration has been cancelled; %(num)s person on the waiting list has been given a place.",
                       "The registration has been cancelled; %(num)s people on the waiting list have been given a place.",
                       len(promoted)))
    else:
        flash(_("The registration has been cancelled."))
    return _back(conference)


@bp.post("/<slug>/registrants/<int:registrant_id>/delete")
@login_required
def delete_registrant(slug: str, registrant_id: int):
    """Delete a registrant's data when they ask the organisers instead of using their personal page."""
    conference = _conference_or_404(slug)
    _checked_action()
    registrant = db.session.get(Registrant, registrant_id)
    if registrant is None or registrant.conference_id != conference.id:
        abort(404)
    operations.erase_registrant(registrant)
    db.session.commit()
    flash(_("The registrant's data has been deleted."))
    return _back(conference)


@bp.post("/<slug>/workshops/<int:number>/open-registration")
@login_required
def open_registration(slug: str, number: int):
    """Let anyone register for the workshop without an invitation, or stop it; fills places freed meanwhile."""
    conference = _conference_or_404(slug)
    _checked_action()
    workshop = next((entry for entry in conference.workshops if entry.number == number), None)
    if workshop is None:
        abort(404)
    operations.set_open_registration(workshop, request.form.get("open") == "1")
    db.session.commit()
    return _back(conference)


@bp.post("/<slug>/invitations")
@login_required
def invite(slug: str):
    """Send personal invitations to pasted addresses; a single bad line stops the whole batch, with its number."""
    conference = _conference_or_404(slug)
    form = InvitationForm()
    if not form.validate_on_submit():
        abort(400)
    lines, bad = operations.parse_invitation_lines(form.addresses.data, conference.default_language,
                                                  tuple(conference.languages or ("de", "tr")))
    if bad or not lines:
        flash(ngettext("Nothing was sent. Please check line %(lines)s: each line needs one address, optionally "
                       "followed by de or tr.",
                       "Nothing was sent. Please check lines %(lines)s: each line needs one address, optionally "
                       "followed by de or tr.",
                       len(bad), lines=", ".join(map(str, bad)) or "–"), "error")
        return _back(conference)
    operations.create_invitations(conference, lines)
    db.session.commit()
    flash(ngettext("%(num)s invitation is on its way.", "%(num)s invitations are on their way.", len(lines)))
    return _back(conference)


@bp.post("/<slug>/invitations/<int:invitation_id>/resend")
@login_required
def resend_invitation(slug: str, invitation_id: int):
    """Send an unused invitation again, with a fresh expiry."""
    conference = _conference_or_404(slug)
    _checked_action()
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.conference_id != conference.id or invitation.used_at is not None:
        abort(404)
    operations.begin_write()
    operations.send_invitation(conference, invitation)
    db.session.commit()
    flash(_("The invitation has been sent again."))
    return _back(conference)


@bp.post("/<slug>/outbox/<int:message_id>/retry")
@login_required
def retry(slug: str, message_id: int):
    """Try a failed email again now instead of waiting for its next scheduled attempt."""
    conference = _conference_or_404(slug)
    _checked_action()
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.conference_id != conference.id or message.status is OutboxStatus.sent:
        abort(404)
    operations.begin_write()
    retry_now(message)
    db.session.commit()
    return _back(conference)


@bp.get("/<slug>/registrations.csv")
@login_required
def registrations_csv(slug: str):
    """Every registration as CSV for Excel: UTF-8 with a BOM, formula injection neutralised, no access data."""
    conference = _conference_or_404(slug)
    language = _page_language()
    header = [_("Workshop"), _("Status"), _("Role"), _("If full"), _("Name"), _("Email address"), _("Organisation"),
              _("City"), _("Country"), _("Language"), _("Time zone"), _("Registered (UTC)"), _("Confirmed (UTC)")]
    rows = [_csv_row(entry, language)
            for entry in sorted(_registrations(conference), key=lambda entry: entry.workshop_number or 0)]
    delimiter = "," if request.args.get("delimiter") == "comma" else ";"
    body = export.registrations_csv(header, rows, delimiter=delimiter)
    filename = f"{conference.slug}-registrations-{utcnow():%Y%m%d}.csv"
    return Response(body, content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store",
        "Content-Language": language})


def _csv_row(entry: Registration, language: str) -> list:
    """One registration as spreadsheet cells, every value worded in the language (no codes, no enum values)."""
    registrant = entry.registrant
    return [entry.workshop_number, status_label(entry.status), str(labels.ROLE_LABELS[entry.role]),
            str(labels.WHEN_FULL_LABELS[entry.when_full]), registrant.name, registrant.email, registrant.organisation,
            registrant.city, labels.country_name(registrant.country, language),
            labels.language_name(registrant.language, language), labels.zone_city(registrant.zone, language),
            labels.spreadsheet_instant(entry.created_at, language),
            labels.spreadsheet_instant(entry.confirmed_at, language)]
