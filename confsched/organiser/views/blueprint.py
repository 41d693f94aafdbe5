"""The editor's blueprint and what its pages share: sign-in first, no caching, loading what a URL names (404/403),
and the skeletons of every form and every delete or restore confirmation."""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, Response, abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from confsched import collation
from confsched.agenda.templating import page_language
from confsched.organiser import day_table, deleting, forms
from confsched.organiser.history import acting_as, problem_text
from confsched.programme import editing, releases
from confsched.programme.models import Conference
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.queries import load_conference_row


bp = Blueprint("organiser", __name__, url_prefix="/organiser")


@bp.before_request
def _require_sign_in():
    """Every editor page except sign-in needs a signed-in organiser; pages are never cached."""
    if request.endpoint != "organiser.sign_in" and not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    return None


@bp.after_request
def _private(response: Response) -> Response:
    """Editor pages show unpublished data and secrets: keep them out of shared caches."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


def editing_as_organiser(view):
    """Attribute every programme change the view makes to the signed-in organiser (history)."""
    @wraps(view)
    def wrapped(**kwargs):
        with acting_as(current_user._get_current_object(), "editor"):
            return view(**kwargs)

    return wrapped


def editable_conference(slug: str, whole: bool = True) -> Conference:
    """The working draft of a conference the organiser may edit, fully loaded (with access data), or 404/403.

    `whole=False` loads only its own row, for pages and edits of one workshop (which load that workshop).
    """
    return _may_edit(releases.working_draft(slug, whole, may_make=current_user.can_edit))


def published_conference(slug: str, whole: bool = True) -> Conference:
    """The published row of a conference the organiser may edit, released or not, for what belongs to the conference
    rather than its draft (its members, its releases; deleting it), or 404/403; `whole` loads its programme."""
    return _may_edit(releases.published_programme(slug) if whole else load_conference_row(slug, released=False))


def _may_edit(conference: Conference | None) -> Conference:
    """The conference if the signed-in organiser may edit it; else 404 (none) or 403."""
    if conference is None:
        abort(404)
    if not current_user.can_edit(conference):
        abort(403)
    return conference


def found_or_404(value_or_call):
    """Run a lookup that refuses with ProgrammeRejected(not_found) as a 404."""
    try:
        return value_or_call()
    except ProgrammeRejected:
        abort(404)


def problems_by_field(rejection: ProgrammeRejected) -> dict:
    """Put each problem on its field (by name) for the template, in the organiser's language."""
    errors: dict[str, list[str]] = {}
    for problem in rejection.problems:
        errors.setdefault(problem.location or "", []).append(problem_text(problem))
    return errors


def flash_outcome(outcome: editing.Outcome | None = None, message: str | None = None) -> None:
    """Confirm a save, or say that it changed nothing, and show warnings, which do not stop it."""
    if message is None and outcome is not None and not outcome.changes:
        flash(_("No changes."), "info")
    else:
        flash(message or _("Saved."), "success")
    for warning in (outcome.warnings if outcome else []):
        flash(problem_text(warning), "warning")


# Deleting and restoring: every delete asks first (a GET page, or a bare POST, shows what goes and whom it affects);
# only a POST carrying the token from that page acts. The token is the programme's version, so a confirmation given
# for an older state of the programme is asked again.


def confirmed(token: str) -> bool:
    """Whether this request is the confirmed POST: CSRF-valid and carrying the confirmation page's token."""
    return (request.method == "POST" and forms.ConfirmForm().validate_on_submit()
            and request.form.get("confirm") == token)


def confirmation_page(heading: str, consequences: deleting.Consequences, action: str, back: str, token: str,
                       danger: bool = True, refusal: str | None = None):
    """The page that names what a delete or restore does and asks for the confirming POST."""
    return render_template("organiser/confirm.html", heading=heading, consequences=consequences, action=action,
                           back=back, token=token, danger=danger, refusal=refusal,
                           confirm=forms.ConfirmForm()), 409 if refusal else 200


def delete_page(kind: str, summary: dict, conference: Conference, back: str, workshops=()):
    """The confirmation page of a delete."""
    consequences = deleting.deleting(kind, summary, workshops, conference)
    return confirmation_page(_("Delete this?"), consequences, _("Delete"), back, str(conference.version))


def _form_page(form, spec, errors, heading, conference=None, intro=None, extra_fields=()):
    """The generic editor form page; 400 when the submitted values were refused."""
    status = 400 if errors or form.errors else 200
    return render_template("organiser/form.html", form=form, spec=spec, errors=errors, heading=heading,
                           conference=conference, intro=intro, extra_fields=extra_fields), status


def form_view(form, spec, save, heading, conference=None, intro=None, extra_fields=()):
    """Every editor form's one skeleton: a valid submission is cleaned by `spec` and handed to `save`, which runs
    the operation and answers (a redirect); refused values show the form again, each problem at its field."""
    errors = {}
    if form.validate_on_submit():
        try:
            return save(spec.clean(forms.form_values(form, spec)))
        except ProgrammeRejected as rejection:
            errors = problems_by_field(rejection)
    return _form_page(form, spec, errors, heading, conference, intro, extra_fields)


def reference_choices(form, conference: Conference) -> None:
    """Offer the conference's platforms, people and organisations (named and sorted in the page language) and the
    zones (by city) in the form's select fields."""
    language = page_language()
    organisations = [(row.key, day_table.organisation_name(row, language)) for row in conference.organisations]
    options = {
        "platform": [(row.key, row.name) for row in conference.platforms],
        "person": [(row.key, row.display_name) for row in conference.people],
        "organisation": organisations,
        "organisations": organisations,
    }
    for name, pairs in options.items():
        if name in form:
            ordered = collation.sorted_by_name(pairs, language, name=lambda pair: pair[1])
            form[name].choices = forms.choices(ordered if name == "organisations" else [("", "—"), *ordered])
    forms.offer_zones(form, language)


def day_context(slug: str, number: int, day: int):
    """The conference, workshop and day a day URL names (the other workshops are not loaded)."""
    conference = editable_conference(slug, whole=False)
    workshop = found_or_404(lambda: editing.find_edited_workshop(conference, number))
    return conference, workshop, found_or_404(lambda: editing.find_day(workshop, day))


def day_url(conference: Conference, workshop_day) -> str:
    """The agenda editor of a day."""
    return url_for("organiser.day", slug=conference.slug, number=workshop_day.workshop.number,
                   day=workshop_day.position + 1)
