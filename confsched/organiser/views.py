"""The organiser's pages: sign-in, the programme editor, import and export, history, members and API tokens.

Thin controllers: load the conference, check that the organiser may edit it,
clean the form through the shared field rules, call an operation, redirect.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlsplit

from babel.units import format_unit
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from jinja2 import pass_context
from sqlalchemy import select

from confsched import collation, timeengine, zonedisplay
from confsched.agenda import embedding
from confsched.agenda.templating import page_language
from confsched.extensions import db
from confsched.input_limits import has_control_characters
from confsched.localized import missing_languages, pick
from confsched.organiser import accounts, day_table, deleting, fields, forms, membership, publishing
from confsched.organiser.history import acting_as, actor_label, change_wording, conference_history, source_label
from confsched.organiser.models import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, ApiToken, Membership
from confsched.programme import document as programme_document
from confsched.programme import agenda_lines, deletions, editing, releases, reporting
from confsched.programme.models import COMMAND_LINE, Conference
from confsched.programme.problems import Problem, ProgrammeRejected
from confsched.programme.queries import list_conferences, load_conference_row
from confsched.programme.speakers import SpeakerWords
from confsched.public_urls import external_url
from confsched.ratelimit import limiter

bp = Blueprint("organiser", __name__, url_prefix="/organiser")

ENTRY_SPECS = {"organisations": fields.ORGANISATION, "people": fields.PERSON, "platforms": fields.PLATFORM}
ENTRY_KINDS = {"organisations": "organisation", "people": "person", "platforms": "platform"}
ENTRY_SAVERS = {"organisations": editing.save_organisation, "people": editing.save_person,
                "platforms": editing.save_platform}


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


@bp.context_processor
def _editor_context() -> dict:
    """Helpers the editor templates share."""
    return {"missing_languages": lambda texts: missing_languages(texts, fields.LANGUAGES),
            "languages": fields.LANGUAGES, "language_names": forms.LANGUAGE_NAMES,
            "choice_labels": forms.CHOICE_LABELS,
            "zone_label": timeengine.zone_label, "translate": _, "translate_plural": ngettext,
            "change_message": _change_message, "source_label": source_label, "actor_label": actor_label,
            "organisation_label": lambda organisation: _organisation_name(organisation, page_language()),
            "in_page_language": lambda texts: pick(texts, page_language()).text,
            "describe_part": lambda part: deleting.describe(part.kind, part.summary),
            "deleted_by": deleting.deleted_by,
            "restore_until": deletions.restore_until}


@pass_context
def _change_message(context, change, done: bool = False) -> str:
    """A change in the page language, its fields, dates and zones worded, an organisation, person or platform by
    its name (from the page's document outline or conference); past tense where it happened."""
    language = page_language()
    word = change_wording(language, forms.LABELS)
    programme = context.get("outline") or context.get("conference")
    outline = None
    if isinstance(programme, reporting.Outline):
        outline = programme
    elif programme is not None:
        outlines = g.setdefault("conference_outlines", {})  # a history page words hundreds of changes
        outline = outlines.get(id(programme)) or outlines.setdefault(id(programme),
                                                                     reporting.outline_of_conference(programme))

    def word_with_names(name: str, value):
        if name == "key" and outline is not None:
            return outline.entry_name(change.location, str(value), language)
        return word(name, value)

    return change.message(_, word_with_names, done=done)


def editing_as_organiser(view):
    """Attribute every programme change the view makes to the signed-in organiser (history)."""
    @wraps(view)
    def wrapped(**kwargs):
        with acting_as(current_user._get_current_object(), "editor"):
            return view(**kwargs)

    return wrapped


def _conference(slug: str, whole: bool = True) -> Conference:
    """The working draft of a conference the organiser may edit, fully loaded (with access data), or 404/403.

    `whole=False` loads only its own row, for pages and edits of one workshop (which load that workshop).
    """
    conference = releases.working_draft(slug, whole)
    if conference is None:
        abort(404)
    if not current_user.can_edit(conference):
        abort(403)
    return conference


def _published(slug: str, whole: bool = True) -> Conference:
    """The published row of a conference the organiser may edit, released or not, for what belongs to the conference
    rather than its draft (its members, its releases; deleting it), or 404/403; `whole` loads its programme."""
    conference = releases.published_programme(slug) if whole else load_conference_row(slug, released=False)
    if conference is None:
        abort(404)
    if not current_user.can_edit(conference):
        abort(403)
    return conference


def _refusal(value_or_call):
    """Run a lookup that refuses with ProgrammeRejected(not_found) as a 404."""
    try:
        return value_or_call()
    except ProgrammeRejected:
        abort(404)


def _safe_next(target: str | None) -> str:
    """Only follow redirects to our own editor pages after sign-in."""
    if (target and target.startswith("/organiser") and not urlsplit(target).netloc and "\\" not in target
            and not has_control_characters(target)):
        return target
    return url_for("organiser.dashboard")


def _problems_by_field(rejection: ProgrammeRejected) -> dict:
    """Put each problem on its field (by name) for the template, in the organiser's language."""
    errors: dict[str, list[str]] = {}
    for problem in rejection.problems:
        errors.setdefault(problem.location or "", []).append(problem.message(_, ngettext))
    return errors


def _flash_outcome(outcome: editing.Outcome | None = None, message: str | None = None) -> None:
    """Confirm a save, or say that it changed nothing, and show warnings, which do not stop it."""
    if message is None and outcome is not None and not outcome.changes:
        flash(_("No changes."), "info")
    else:
        flash(message or _("Saved."), "success")
    for warning in (outcome.warnings if outcome else []):
        flash(warning.message(_, ngettext), "warning")


# Deleting and restoring: every delete asks first (a GET page, or a bare POST, shows what goes and whom it affects);
# only a POST carrying the token from that page acts. The token is the programme's version, so a confirmation given
# for an older state of the programme is asked again.


def _confirmed(token: str) -> bool:
    """Whether this request is the confirmed POST: CSRF-valid and carrying the confirmation page's token."""
    return (request.method == "POST" and forms.ConfirmForm().validate_on_submit()
            and request.form.get("confirm") == token)


def _confirmation_page(heading: str, consequences: deleting.Consequences, action: str, back: str, token: str,
                       danger: bool = True, refusal: str | None = None):
    """The page that names what a delete or restore does and asks for the confirming POST."""
    return render_template("organiser/confirm.html", heading=heading, consequences=consequences, action=action,
                           back=back, token=token, danger=danger, refusal=refusal,
                           confirm=forms.ConfirmForm()), 409 if refusal else 200


def _delete_page(kind: str, summary: dict, conference: Conference, back: str, workshops=()):
    """The confirmation page of a delete."""
    consequences = deleting.deleting(kind, summary, workshops, conference)
    return _confirmation_page(_("Delete this?"), consequences, _("Delete"), back, str(conference.version))


# Sign-in


def _sign_in_limit() -> str:
    """The per-address throttle for sign-in attempts, configurable per deployment."""
    return current_app.config["CONFSCHED_SIGN_IN_LIMIT"]


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    """Sign in with email and password; failures are throttled per address and lock the account for a while."""
    form = forms.SignInForm(next=request.args.get("next", ""))
    error = None
    if form.validate_on_submit():
        organiser = accounts.authenticate(form.email.data, form.password.data)
        if organiser is not None:
            session.clear()
            login_user(organiser)
            return redirect(_safe_next(form.next.data))
        # One answer for an unknown email, a wrong password and a locked account.
        error = ngettext("The email or the password is wrong, or the account is locked for %(duration)s "
                         "after %(num)s failed attempt in a row.",
                         "The email or the password is wrong, or the account is locked for %(duration)s "
                         "after %(num)s failed attempts in a row.",
                         current_app.config["CONFSCHED_LOCKOUT_FAILURES"],
                         duration=format_unit(current_app.config["CONFSCHED_LOCKOUT_MINUTES"], "duration-minute",
                                              length="long", locale=get_locale()))
    status = 200 if error is None and not form.errors else 400
    return render_template("organiser/sign_in.html", form=form, error=error), status


@bp.post("/sign-out")
def sign_out():
    """Sign out (a POST with a CSRF token, so no other site can sign an organiser out)."""
    if forms.ConfirmForm().validate_on_submit():
        accounts.end_sessions(current_user)
        logout_user()
        session.clear()
        flash(_("You are signed out on every device."), "info")
        return redirect(url_for("organiser.sign_in"))
    abort(400)


@bp.route("/password", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def change_password():
    """Change the password; every other session of the account ends, this one continues."""
    form = forms.PasswordForm()
    error = None
    if form.validate_on_submit():
        organiser = current_user._get_current_object()
        try:
            accounts.change_password(organiser, form.current.data, form.new.data, form.repeated.data)
        except accounts.PasswordRefused as refusal:
            error = _password_refusal(refusal.reason)
        else:
            login_user(organiser)
            flash(_("Your password is changed. Every other session of this account is signed out."), "success")
            return redirect(url_for("organiser.dashboard"))
    status = 400 if error or form.errors else 200
    return render_template("organiser/password.html", form=form, error=error), status


def _password_refusal(reason: str) -> str:
    """Why a new password was not set, in the organiser's language."""
    if reason == "wrong_current":
        return _("The current password is wrong.")
    if reason == "mismatch":
        return _("The two new passwords are not the same.")
    return ngettext("The new password must have %(minimum)s to %(num)s character.",
                    "The new password must have %(minimum)s to %(num)s characters.",
                    MAX_PASSWORD_LENGTH, minimum=MIN_PASSWORD_LENGTH)


# Overview and conferences


@bp.get("/")
def dashboard():
    """The conferences this organiser may edit."""
    conferences = [conference for conference in list_conferences(released=False) if current_user.can_edit(conference)]
    return render_template("organiser/dashboard.html", conferences=conferences, confirm=forms.ConfirmForm(),
                           deleted=deletions.deleted_conferences(current_user))


@bp.route("/conferences/new", methods=["GET", "POST"])
@editing_as_organiser
def new_conference():
    """Create a conference."""
    form = forms.ConferenceForm(data=forms.initial_data(fields.CONFERENCE, {
        "primary_zone": "Europe/Berlin", "secondary_zone": "Europe/Istanbul", "default_language": "de",
        "languages": ["de", "tr"]}))
    forms.offer_zones(form, page_language())

    def save(values):
        conference = membership.create_conference(values, current_user)
        _flash_outcome(message=_("The conference was created."))
        return redirect(url_for("organiser.conference", slug=conference.slug))

    return _form_view(form, fields.CONFERENCE, save, _("New conference"))


def _form_page(form, spec, errors, heading, conference=None, intro=None, extra_fields=()):
    """The generic editor form page; 400 when the submitted values were refused."""
    status = 400 if errors or form.errors else 200
    return render_template("organiser/form.html", form=form, spec=spec, errors=errors, heading=heading,
                           conference=conference, intro=intro, extra_fields=extra_fields), status


def _form_view(form, spec, save, heading, conference=None, intro=None, extra_fields=()):
    """Every editor form's one skeleton: a valid submission is cleaned by `spec` and handed to `save`, which runs
    the operation and answers (a redirect); refused values show the form again, each problem at its field."""
    errors = {}
    if form.validate_on_submit():
        try:
            return save(spec.clean(forms.form_values(form, spec)))
        except ProgrammeRejected as rejection:
            errors = _problems_by_field(rejection)
    return _form_page(form, spec, errors, heading, conference, intro, extra_fields)


@bp.get("/conferences/<slug>/")
def conference(slug: str):
    """A conference's workshops and days, with every window in both reference zones."""
    conference = _conference(slug)
    published = load_conference_row(slug, released=False)
    return render_template("organiser/conference.html", conference=conference, confirm=forms.ConfirmForm(),
                           warnings=editing.platform_overlaps(conference), embed_snippet=_embed_snippet(conference),
                           published=published, pending=releases.has_unpublished_changes(conference, published))


def _embed_snippet(conference: Conference) -> str:
    """The code partner sites paste to show the programme, in the organiser's language."""
    language = page_language()
    title = _("Programme: %(title)s", title=pick(conference.title, language).text)
    return embedding.snippet(external_url("static", filename="embed.js"), conference.slug, language, title)


@bp.route("/conferences/<slug>/edit", methods=["GET", "POST"])
@editing_as_organiser
def edit_conference(slug: str):
    """Change a conference's fields."""
    conference = _conference(slug)
    form = forms.ConferenceForm(data=forms.initial_data(fields.CONFERENCE, _conference_values(conference)))
    forms.offer_zones(form, page_language())

    def save(values):
        _flash_outcome(editing.update_conference(conference, values))
        return redirect(url_for("organiser.conference", slug=values["slug"]))

    return _form_view(form, fields.CONFERENCE, save, _("Edit the conference"), conference)


def _conference_values(conference: Conference) -> dict:
    """A conference's editable fields."""
    return {name: getattr(conference, name) for name in fields.CONFERENCE.fields}


@bp.route("/conferences/<slug>/delete", methods=["GET", "POST"])
@editing_as_organiser
def delete_conference(slug: str):
    """Delete a conference with everything in it, after confirmation; it can be restored for 30 days."""
    conference = _published(slug)
    if _confirmed(str(conference.version)):
        deleting.delete_conference(conference)
        flash(_("The conference was deleted."), "success")
        return redirect(url_for("organiser.dashboard"))
    return _delete_page("conference", deletions.conference_summary(conference), conference,
                        url_for("organiser.conference", slug=slug), conference.workshops)


# Workshops and days


@bp.route("/conferences/<slug>/workshops/new", methods=["GET", "POST"])
@editing_as_organiser
def new_workshop(slug: str):
    """Create a workshop with its first day."""
    conference = _conference(slug)
    number = max((workshop.number for workshop in conference.workshops), default=0) + 1
    form = forms.NewWorkshopForm(data={**forms.initial_data(fields.WORKSHOP, {"number": number, "status": "planned"}),
                                       "day_zone": conference.primary_zone})
    _reference_choices(form, conference)

    def save(values):
        first_day = fields.DAY.clean({name: form[f"day_{name}"].data for name in
                                      ("date", "local_start", "local_end", "zone")})
        workshop = editing.create_workshop(conference, values, first_day)
        _flash_outcome(message=_("The workshop was created."))
        return redirect(url_for("organiser.day", slug=slug, number=workshop.number, day=1))

    return _form_view(form, fields.WORKSHOP, save, _("New workshop"), conference,
                      extra_fields=("day_date", "day_local_start", "day_local_end", "day_zone"))


def _reference_choices(form, conference: Conference) -> None:
    """Offer the conference's platforms, people and organisations (named and sorted in the page language) and the
    zones (by city) in the form's select fields."""
    language = page_language()
    organisations = [(row.key, _organisation_name(row, language)) for row in conference.organisations]
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


def _organisation_name(organisation, language: str) -> str:
    """The organisation's short name, else its name, in the page language."""
    return (pick(organisation.short_name, language).text or pick(organisation.name, language).text
            or organisation.key)


@bp.route("/conferences/<slug>/workshops/<int:number>/edit", methods=["GET", "POST"])
@editing_as_organiser
def edit_workshop(slug: str, number: int):
    """Change a workshop's fields."""
    conference = _conference(slug)
    workshop = _refusal(lambda: editing.find_workshop(conference, number))
    form = forms.WorkshopForm(data=forms.initial_data(fields.WORKSHOP, _workshop_values(workshop)))
    _reference_choices(form, conference)

    def save(values):
        _flash_outcome(editing.update_workshop(conference, workshop, values))
        return redirect(url_for("organiser.conference", slug=slug))

    return _form_view(form, fields.WORKSHOP, save, _("Edit workshop %(number)s", number=number), conference)


def _workshop_values(workshop) -> dict:
    """A workshop's editable fields, references as keys."""
    values = {name: getattr(workshop, name) for name in (*editing.WORKSHOP_TEXTS, "number", "capacity",
                                                         "listeners_admitted")}
    values.update(status=workshop.status.value, platform=workshop.platform.key if workshop.platform else None,
                  organisations=[organisation.key for organisation in workshop.organisations])
    return values


@bp.route("/conferences/<slug>/workshops/<int:number>/delete", methods=["GET", "POST"])
@editing_as_organiser
def delete_workshop(slug: str, number: int):
    """Delete a workshop after confirmation."""
    conference = _conference(slug)
    workshop = _refusal(lambda: editing.find_workshop(conference, number))
    if _confirmed(str(conference.version)):
        _flash_outcome(deletions.delete_workshop(conference, workshop), _("The workshop was deleted."))
        return redirect(url_for("organiser.conference", slug=slug))
    return _delete_page("workshop", deletions.workshop_summary(workshop), conference,
                        url_for("organiser.conference", slug=slug), [workshop])


@bp.route("/conferences/<slug>/workshops/<int:number>/duplicate", methods=["GET", "POST"])
@editing_as_organiser
def duplicate_workshop(slug: str, number: int):
    """Copy a workshop's structure and texts onto another date."""
    conference = _conference(slug)
    workshop = _refusal(lambda: editing.find_workshop(conference, number))
    next_number = max(other.number for other in conference.workshops) + 1
    form = forms.DuplicateForm(data={"number": next_number})

    def save(values):
        copy = editing.duplicate_workshop(conference, workshop, values["number"], values["date"])
        _flash_outcome(message=_("The workshop was copied."))
        return redirect(url_for("organiser.day", slug=slug, number=copy.number, day=1))

    return _form_view(form, fields.DUPLICATE, save, _("Copy workshop %(number)s to another date", number=number),
                      conference, intro=_("Items, speakers and texts are copied; wall-clock times stay the same, "
                                          "so both zones are computed again for the new date."))


@bp.route("/conferences/<slug>/workshops/<int:number>/days/new", methods=["GET", "POST"])
@editing_as_organiser
def new_day(slug: str, number: int):
    """Add a day to a workshop."""
    conference = _conference(slug, whole=False)
    workshop = _refusal(lambda: editing.find_edited_workshop(conference, number))
    last = editing.day_values(workshop.days[-1])
    form = forms.DayForm(data=forms.initial_data(fields.DAY, {**last, "date": None, "label": {}, "outcomes": {}}))
    forms.offer_zones(form, page_language())

    def save(values):
        editing.add_day(conference, workshop, values)
        _flash_outcome()
        return redirect(url_for("organiser.day", slug=slug, number=number, day=len(workshop.days)))

    return _form_view(form, fields.DAY, save, _("New day for workshop %(number)s", number=number), conference)


def _day_context(slug: str, number: int, day: int):
    """The conference, workshop and day a day URL names (the other workshops are not loaded)."""
    conference = _conference(slug, whole=False)
    workshop = _refusal(lambda: editing.find_edited_workshop(conference, number))
    return conference, workshop, _refusal(lambda: editing.find_day(workshop, day))


@bp.get("/conferences/<slug>/workshops/<int:number>/days/<int:day>/")
def day(slug: str, number: int, day: int):
    """The agenda editor: the day as one table of rows, every start and end in both reference zones."""
    conference, workshop, workshop_day = _day_context(slug, number, day)
    rows = day_table.rows_of_day(workshop_day, page_language(), *_speaker_wording())
    return _day_page(conference, workshop, workshop_day, day, rows)


def _speaker_wording():
    """The words the speakers line reads and writes for N.N. and tbc: the page language's and the plain ones."""
    placeholder, tbc = _("N.N."), _("tbc")
    words = SpeakerWords(placeholder=tuple({"n.n.", "nn", "n.n", placeholder.casefold()}),
                         tbc=tuple({"tbc", tbc.casefold()}))
    return words, placeholder, tbc


def _day_page(conference, workshop, workshop_day, day_number, rows, errors=None, preview=None, notes=(), status=200):
    """The day table with its rows, times from the saved agenda or a preview, and problems under their fields."""
    preview = preview or editing.Preview(editing.agenda_rows(conference, workshop_day))
    times = preview.rows if len(preview.rows) == len(rows) else [None] * len(rows)
    errors = errors or {}
    return render_template("organiser/day.html", conference=conference, workshop=workshop, day=workshop_day,
                           day_number=day_number, rows=rows, times=times, preview=preview,
                           numbers=day_table.outline_numbers(rows), errors=errors,
                           first_error=next((name for name in errors if name.startswith("rows-")), None), notes=notes,
                           items={item.id: item for item in workshop_day.items}, confirm=forms.ConfirmForm(),
                           kinds=[(kind, forms.CHOICE_LABELS[kind]) for kind in fields.ITEM.fields["kind"].options],
                           deleted=deletions.restorable_on_day(conference, workshop_day)), status


@bp.post("/conferences/<slug>/workshops/<int:number>/days/<int:day>/")
@editing_as_organiser
def save_day(slug: str, number: int, day: int):
    """Save the day table whole (action=save), lay it out unsaved (preview; JSON for the page's script), or add rows
    proposed from pasted lines (propose)."""
    conference, workshop, workshop_day = _day_context(slug, number, day)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    rows = day_table.rows_of_form(request.form)
    action = request.form.get("action", "save")
    if action == "propose":
        return _propose_rows(conference, workshop, workshop_day, day, rows)
    words = _speaker_wording()[0]
    extend_day = request.form.get("extend_day") == "y"
    try:
        edit = deletions.replace_agenda_edit(conference, workshop_day, day_table.clean_rows(conference, rows, words),
                                           extend_day=extend_day)
        if action == "preview":
            preview = edit.preview()
            preview = editing.Preview(preview.rows, day_table.locate(preview.problems, rows))
        else:
            outcome = edit.save()
            if outcome.changes:
                _flash_outcome(outcome)
            else:
                flash(_("Nothing changed: the agenda is as it was."), "info")
            return redirect(url_for("organiser.day", slug=slug, number=number, day=day))
    except ProgrammeRejected as rejection:
        preview = editing.Preview(editing.agenda_rows(conference, workshop_day),
                                  day_table.locate(rejection.problems, rows))
    if request.accept_mimetypes.best == "application/json":
        return _preview_json(conference, workshop_day, preview, rows)
    errors = _problems_by_field(ProgrammeRejected(preview.problems)) if preview.problems else {}
    return _day_page(conference, workshop, workshop_day, day, rows, errors, preview,
                     status=400 if errors and action == "save" else 200)


def _propose_rows(conference, workshop, workshop_day, day_number, rows):
    """Rows proposed from pasted lines, after the rows already in the table, for review; nothing is saved."""
    proposals = agenda_lines.read_lines(request.form.get("lines", "")[:100_000], page_language())
    notes = [_proposal_note(proposal) for proposal in proposals if proposal.notes]
    if proposals:
        flash(ngettext("%(num)s row was proposed from your lines. Check it, then save.",
                       "%(num)s rows were proposed from your lines. Check them, then save.", len(proposals)), "info")
    return _day_page(conference, workshop, workshop_day, day_number, rows + day_table.rows_of_proposals(proposals),
                     notes=notes)


def _proposal_note(proposal) -> str:
    """What a pasted line did not say, in the organiser's language."""
    if "no_title" in proposal.notes:
        return _("Line %(line)s has no title: “%(text)s”.", line=proposal.line_number, text=proposal.source[:200])
    return _("Line %(line)s has no duration (or an impossible one): enter the minutes of “%(text)s”.",
             line=proposal.line_number, text=proposal.source[:200])


def _preview_json(conference, workshop_day, preview, rows):
    """The re-flowed times per row, the problems by field and a sentence for the live region."""
    times = preview.rows if len(preview.rows) == len(rows) else []
    clocks = _day_clocks(conference, workshop_day, times)
    return jsonify(
        rows=[{"number": row.number, "times": [f"{_zone_text(clock, row.start)}–{_zone_text(clock, row.end)}"
                                               for clock in clocks]} for row in times],
        problems=[{"field": problem.location, "message": problem.message(_, ngettext)} for problem in preview.problems],
        summary=" ".join(render_template("organiser/_reflow_summary.html", conference=conference, day=workshop_day,
                                         preview=preview).split()),
    )


def _zone_text(clock: zonedisplay.ZoneDay, instant) -> str:
    """A time as the table shows it, in plain text for the script to put in a cell: "–" when untimed."""
    return clock(instant).plain if instant is not None else "–"


@bp.route("/conferences/<slug>/workshops/<int:number>/days/<int:day>/edit", methods=["GET", "POST"])
@editing_as_organiser
def edit_day(slug: str, number: int, day: int):
    """Change a day's window or texts; the agenda re-flows from the new start."""
    conference, workshop, workshop_day = _day_context(slug, number, day)
    form = forms.DayForm(data=forms.initial_data(fields.DAY, editing.day_values(workshop_day)))
    forms.offer_zones(form, page_language())

    def save(values):
        _flash_outcome(editing.update_day(conference, workshop_day, values))
        return redirect(url_for("organiser.day", slug=slug, number=number, day=day))

    return _form_view(form, fields.DAY, save, _("Workshop %(number)s, day %(day)s", number=number, day=day),
                      conference)


@bp.route("/conferences/<slug>/workshops/<int:number>/days/<int:day>/delete", methods=["GET", "POST"])
@editing_as_organiser
def delete_day(slug: str, number: int, day: int):
    """Delete a day after confirmation."""
    conference, workshop, workshop_day = _day_context(slug, number, day)
    if _confirmed(str(conference.version)):
        try:
            _flash_outcome(deletions.delete_day(conference, workshop, workshop_day), _("The day was deleted."))
        except ProgrammeRejected as rejection:
            flash(rejection.problems[0].message(_, ngettext), "error")
        return redirect(url_for("organiser.conference", slug=slug))
    return _delete_page("day", deletions.day_summary(workshop, workshop_day), conference,
                        _day_url(conference, workshop_day), [workshop])


# Agenda items, with the live re-flow


def _placement(conference: Conference, workshop_day) -> dict:
    """Where a new item goes, from the query string: after or before an item, or into a section."""
    where = {}
    for name in ("after", "before", "parent"):
        value = request.args.get(name, type=int)
        if value is not None:
            where[name] = _refusal(lambda value=value: editing.find_item_near(conference, workshop_day, value))
    return where


def _item_edit(conference, workshop_day, form, item=None, where=None) -> editing.AgendaEdit:
    """The edit a submitted item form describes: a new item placed `where`, or a change of `item`."""
    values = fields.ITEM.clean(forms.form_values(form, fields.ITEM))
    extend_day = bool(form.extend_day.data)
    if item is None:
        return editing.insert_item_edit(conference, workshop_day, values, extend_day, **where)
    return editing.update_item_edit(conference, item, values, extend_day)


@bp.route("/conferences/<slug>/workshops/<int:number>/days/<int:day>/items/new", methods=["GET", "POST"])
@editing_as_organiser
def new_item(slug: str, number: int, day: int):
    """Insert an item anywhere, seeing every later start move before saving."""
    conference, workshop, workshop_day = _day_context(slug, number, day)
    form = forms.ItemForm(data={"kind": editing.DEFAULT_ITEM_KIND.value, "duration_minutes": "10"} if request.method == "GET" else None)
    return _item_page(conference, workshop, workshop_day, day, form, where=_placement(conference, workshop_day))


@bp.route("/conferences/<slug>/items/<int:item_id>/edit", methods=["GET", "POST"])
@editing_as_organiser
def edit_item(slug: str, item_id: int):
    """Change an item, seeing every later start move before saving."""
    conference = _conference(slug, whole=False)
    item = _refusal(lambda: editing.find_edited_item(conference, item_id))
    workshop_day = item.workshop_day
    form = forms.ItemForm(data=forms.initial_data(fields.ITEM, {
        "kind": item.kind.value, "title": item.title, "description": item.description,
        "duration_minutes": item.duration_minutes, "spoken_languages": item.spoken_languages,
        "interpreted_into": item.interpreted_into}))
    return _item_page(conference, workshop_day.workshop, workshop_day, workshop_day.position + 1, form, item=item)


def _item_page(conference, workshop, workshop_day, day_number, form, item=None, where=None):
    """Show the item form with the agenda re-flowed for the unsaved values; save when asked and allowed."""
    errors, preview = {}, None
    if form.validate_on_submit():
        try:
            edit = _item_edit(conference, workshop_day, form, item, where)
            if request.form.get("action") == "save":
                _flash_outcome(edit.save())
                return redirect(url_for("organiser.day", slug=conference.slug, number=workshop.number,
                                        day=day_number))
            preview = edit.preview()
        except ProgrammeRejected as rejection:
            errors = _problems_by_field(rejection)
    if preview is None:
        preview = editing.Preview(editing.agenda_rows(conference, workshop_day))
    status = 400 if errors or form.errors else 200
    return render_template(
        "organiser/item.html", conference=conference, workshop=workshop, day=workshop_day, day_number=day_number,
        form=form, spec=fields.ITEM, errors=errors, preview=preview, item=item,
        preview_url=url_for("organiser.preview_item", slug=conference.slug, item_id=item.id) if item else
        url_for("organiser.preview_new_item", slug=conference.slug, number=workshop.number, day=day_number,
                **request.args),
    ), status


@bp.post("/conferences/<slug>/workshops/<int:number>/days/<int:day>/items/preview")
def preview_new_item(slug: str, number: int, day: int):
    """The re-flowed agenda for an unsaved new item, as an HTML fragment for the editor's script."""
    conference, workshop, workshop_day = _day_context(slug, number, day)
    return _preview_fragment(conference, workshop, workshop_day, where=_placement(conference, workshop_day))


@bp.post("/conferences/<slug>/items/<int:item_id>/preview")
def preview_item(slug: str, item_id: int):
    """The re-flowed agenda for an unsaved change of an item, as an HTML fragment."""
    conference = _conference(slug, whole=False)
    item = _refusal(lambda: editing.find_edited_item(conference, item_id))
    return _preview_fragment(conference, item.workshop_day.workshop, item.workshop_day, item=item)


def _preview_fragment(conference, workshop, workshop_day, item=None, where=None):
    """Run the unsaved edit, lay the day out and render the agenda table (problems included)."""
    form = forms.ItemForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        preview = _item_edit(conference, workshop_day, form, item, where).preview()
    except ProgrammeRejected as rejection:
        preview = editing.Preview(editing.agenda_rows(conference, workshop_day), rejection.problems)
    return render_template("organiser/_preview.html", conference=conference, day=workshop_day, preview=preview)


@bp.post("/conferences/<slug>/items/<int:item_id>/move/<any(up,down):direction>")
@editing_as_organiser
def move_item(slug: str, item_id: int, direction: str):
    """Move an item one place up or down among its siblings."""
    conference = _conference(slug, whole=False)
    item = _refusal(lambda: editing.find_edited_item(conference, item_id))
    workshop_day = item.workshop_day
    target = url_for("organiser.day", slug=slug, number=workshop_day.workshop.number, day=workshop_day.position + 1)
    if forms.ConfirmForm().validate_on_submit():
        try:
            outcome = editing.move_item(conference, item, -1 if direction == "up" else 1)
            if outcome.changes:
                _flash_outcome(outcome)
            else:
                flash(_("Nothing changed: the item is already first.") if direction == "up" else
                      _("Nothing changed: the item is already last."), "info")
        except ProgrammeRejected as rejection:
            flash(rejection.problems[0].message(_, ngettext), "error")
    return redirect(target)


@bp.route("/conferences/<slug>/items/<int:item_id>/delete", methods=["GET", "POST"])
@editing_as_organiser
def delete_item(slug: str, item_id: int):
    """Delete an item (with a section's children) after confirmation."""
    conference = _conference(slug, whole=False)
    item = _refusal(lambda: editing.find_edited_item(conference, item_id))
    workshop_day = item.workshop_day
    target = _day_url(conference, workshop_day)
    if _confirmed(str(conference.version)):
        _flash_outcome(deletions.delete_item(conference, item), _("The item was deleted."))
        return redirect(target)
    return _delete_page("item", deletions.item_summary(item), conference, target, [workshop_day.workshop])


# Assignments


@bp.route("/conferences/<slug>/assignments/new", methods=["GET", "POST"])
@editing_as_organiser
def new_assignment(slug: str):
    """Assign a person, or an organisation as N.N., to a workshop (?workshop=) or an item (?item=)."""
    conference = _conference(slug)
    owner, back = _assignment_owner(conference)
    form = forms.AssignmentForm(data={"role": "speaker"} if request.method == "GET" else None)
    _reference_choices(form, conference)

    def save(values):
        editing.add_assignment(conference, owner, values)
        _flash_outcome()
        return redirect(back)

    return _form_view(form, fields.ASSIGNMENT, save, _("Assign someone"), conference)


def _assignment_owner(conference: Conference):
    """The workshop or item named in the query string, and the page to return to."""
    item_id = request.args.get("item", type=int)
    if item_id is not None:
        item = _refusal(lambda: editing.find_item(conference, item_id))
        return item, _day_url(conference, item.workshop_day)
    workshop = _refusal(lambda: editing.find_workshop(conference, request.args.get("workshop", 0, type=int)))
    return workshop, url_for("organiser.conference", slug=conference.slug)


def _day_url(conference: Conference, workshop_day) -> str:
    """The agenda editor of a day."""
    return url_for("organiser.day", slug=conference.slug, number=workshop_day.workshop.number,
                   day=workshop_day.position + 1)


def _owner_url(conference: Conference, owner) -> str:
    """Where an assignment is shown: its item's day, or the conference page for a workshop's."""
    if hasattr(owner, "workshop_day"):
        return _day_url(conference, owner.workshop_day)
    return url_for("organiser.conference", slug=conference.slug)


@bp.route("/conferences/<slug>/assignments/<int:assignment_id>/edit", methods=["GET", "POST"])
@editing_as_organiser
def edit_assignment(slug: str, assignment_id: int):
    """Change an assignment."""
    conference = _conference(slug)
    owner, assignment = _refusal(lambda: editing.find_assignment(conference, assignment_id))
    form = forms.AssignmentForm(data=forms.initial_data(fields.ASSIGNMENT, {
        "role": assignment.role.value, "person": assignment.person.key if assignment.person else None,
        "organisation": assignment.organisation.key if assignment.organisation else None,
        "tbc": assignment.tbc, "organisation_itself": assignment.organisation_itself, "note": assignment.note}))
    _reference_choices(form, conference)

    def save(values):
        back = _owner_url(conference, owner)
        _flash_outcome(editing.update_assignment(conference, assignment, values))
        return redirect(back)

    return _form_view(form, fields.ASSIGNMENT, save, _("Edit the assignment"), conference)


@bp.post("/conferences/<slug>/assignments/<int:assignment_id>/<any(tbc,confirmed):state>")
@editing_as_organiser
def mark_assignment(slug: str, assignment_id: int, state: str):
    """Mark a speaker as to be confirmed, or as confirmed, in one click."""
    conference = _conference(slug)
    owner, assignment = _refusal(lambda: editing.find_assignment(conference, assignment_id))
    back = _owner_url(conference, owner)
    if forms.ConfirmForm().validate_on_submit():
        _flash_outcome(editing.update_assignment(conference, assignment, {"tbc": state == "tbc"}))
    return redirect(back)


@bp.route("/conferences/<slug>/assignments/<int:assignment_id>/delete", methods=["GET", "POST"])
@editing_as_organiser
def delete_assignment(slug: str, assignment_id: int):
    """Remove an assignment after confirmation."""
    conference = _conference(slug)
    owner, assignment = _refusal(lambda: editing.find_assignment(conference, assignment_id))
    back = _owner_url(conference, owner)
    if _confirmed(str(conference.version)):
        _flash_outcome(deletions.delete_assignment(conference, owner, assignment), _("The assignment was removed."))
        return redirect(back)
    workshop = owner if hasattr(owner, "days") else owner.workshop_day.workshop
    return _delete_page("assignment", deletions.assignment_summary(owner, assignment), conference, back, [workshop])


# Organisations, people and platforms (one set of views, the list passed as a parameter)


@bp.get("/conferences/<slug>/<any(organisations,people,platforms):collection>/")
def entries(slug: str, collection: str):
    """The organisations, people or platforms of a conference, in the page language's alphabetical order."""
    conference = _conference(slug)
    language = page_language()
    rows = collation.sorted_by_name(getattr(conference, collection), language, name=lambda row: (
        pick(row.name, language).text if collection == "organisations"
        else row.display_name if collection == "people" else row.name))
    return render_template("organiser/entries.html", conference=conference, collection=collection, rows=rows,
                           uses={row.key: editing.uses_of(conference, row) for row in rows},
                           confirm=forms.ConfirmForm())


@bp.route("/conferences/<slug>/<any(organisations,people,platforms):collection>/new", methods=["GET", "POST"])
@bp.route("/conferences/<slug>/<any(organisations,people,platforms):collection>/<key>/edit",
          methods=["GET", "POST"])
@editing_as_organiser
def edit_entry(slug: str, collection: str, key: str | None = None):
    """Create or change an organisation, person or platform (platform access data is edited here only)."""
    conference = _conference(slug)
    spec = ENTRY_SPECS[collection]
    row = _refusal(lambda: editing.find_entry(conference, ENTRY_KINDS[collection], key)) if key else None
    form = forms.ENTRY_FORMS[collection](data=forms.initial_data(spec, _entry_values(conference, row)) if row else
                                         ({"kind": "online"} if collection == "platforms" else None))
    _reference_choices(form, conference)

    def save(values):
        version = conference.version
        ENTRY_SAVERS[collection](conference, values, row)
        _flash_outcome(message=_("No changes.") if row is not None and conference.version == version else None)
        return redirect(url_for("organiser.entries", slug=slug, collection=collection))

    return _form_view(form, spec, save, _entry_heading(collection, row), conference)


def _entry_heading(collection: str, row) -> str:
    """The form heading for a new or existing entry."""
    headings = {
        "organisations": (_("New organisation"), _("Edit the organisation")),
        "people": (_("New person"), _("Edit the person")),
        "platforms": (_("New platform"), _("Edit the platform")),
    }
    return headings[collection][row is not None]


# A place's own fields besides key, name and city (which other entries share).
PLACE_FIELDS = ("street_address", "postcode", "room", "accessibility", "online_name")


def _entry_values(conference: Conference, row) -> dict:
    """An entry's editable fields, references as keys, a platform's access data included."""
    values = {name: getattr(row, name, None) for name in ("key", "short_name", "name", "city", "country",
                                                          "academic_title", "function", "listener_limit",
                                                          "interpretation_channels", *PLACE_FIELDS)}
    values["conference_role"] = editing.conference_role(conference, row)
    organisation = getattr(row, "organisation", None)
    values["organisation"] = organisation.key if organisation is not None else None
    if hasattr(row, "access"):
        values["kind"] = row.kind.value
        access = row.access
        for name in editing.ACCESS_FIELDS:
            values[name] = getattr(access, name) if access else None
    return values


@bp.route("/conferences/<slug>/<any(organisations,people,platforms):collection>/<key>/delete",
          methods=["GET", "POST"])
@editing_as_organiser
def delete_entry(slug: str, collection: str, key: str):
    """Delete an entry the programme no longer uses, after confirmation."""
    conference = _conference(slug)
    row = _refusal(lambda: editing.find_entry(conference, ENTRY_KINDS[collection], key))
    back = url_for("organiser.entries", slug=slug, collection=collection)
    if _confirmed(str(conference.version)):
        try:
            _flash_outcome(deletions.delete_entry(conference, row), _("Deleted."))
        except ProgrammeRejected as rejection:
            flash(rejection.problems[0].message(_, ngettext), "error")
        return redirect(back)
    return _delete_page("entry", deletions.entry_summary(row), conference, back)


# Import, export and history


@bp.route("/import", methods=["GET", "POST"])
@editing_as_organiser
def import_document():
    """Upload a programme document, see what it would change, then apply it."""
    form = forms.ImportForm()
    report, problems, text, outline = None, [], "", reporting.Outline()
    if form.validate_on_submit():
        text = form.document.data.read().decode("utf-8-sig", errors="replace") if form.document.data else (
            form.text.data or "")
        try:
            document = membership.importable(current_user, text)
            outline = reporting.outline_of_document(document)
            report = membership.import_programme(current_user, document, dry_run=not form.apply.data)
            if not report.dry_run:
                flash(_("The programme was imported into the draft. Publish the draft when the public should see it."),
                      "success")
                return redirect(url_for("organiser.conference", slug=report.slug))
        except membership.NotAMember:
            abort(403)
        except ProgrammeRejected as rejection:
            problems = rejection.problems
    status = 400 if problems else 200
    return render_template("organiser/import.html", form=form, report=report, problems=problems, text=text,
                           outline=outline), status


@bp.get("/conferences/<slug>/document.json")
def download_document(slug: str):
    """Download the draft's programme document, or with ?release=N that release's; with ?access=1 including
    platform access data (keep it private)."""
    with_access = request.args.get("access") == "1"
    number = request.args.get("release", "")
    if number:
        release = releases.find_release(_published(slug, whole=False), int(number)) if number.isdigit() else None
        if release is None or not release.document:
            abort(404)
        document, name = releases.release_document(release, with_access), f"{slug}-release-{release.number}"
    else:
        document, name = programme_document.export_document(_conference(slug), include_access=with_access), slug
    body = programme_document.dumps(document)
    filename = f"{name}{'-private' if with_access else ''}.json"
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/conferences/<slug>/history")
def history(slug: str):
    """Who changed what and when."""
    conference = _conference(slug)
    return render_template("organiser/history.html", conference=conference, entries=conference_history(conference),
                           deleted=deletions.restorable(conference))


@bp.route("/conferences/<slug>/deleted/<int:part_id>/restore", methods=["GET", "POST"])
@editing_as_organiser
def restore_part(slug: str, part_id: int):
    """Put a deleted item, assignment, day, workshop or entry back, after confirmation."""
    conference = _conference(slug)
    part = deletions.find_part(part_id, conference)
    if part is None:
        abort(404)
    back = request.args.get("back") == "day" and _part_day_url(conference, part) or url_for(
        "organiser.history", slug=slug)
    return _restore(part, conference, back, str(conference.version))


def _part_day_url(conference: Conference, part) -> str | None:
    """The day page a deleted item belonged to, if that day is still there."""
    day = next((day for workshop in conference.workshops for day in workshop.days
                if day.identity == part.summary.get("identity")), None)
    return _day_url(conference, day) if day is not None else None


@bp.route("/deleted/<int:part_id>/restore", methods=["GET", "POST"])
@editing_as_organiser
def restore_conference(part_id: int):
    """Put a deleted conference back, after confirmation (admins, its members and whoever deleted it)."""
    part = deletions.find_part(part_id)
    if part is None or not deletions.may_restore_conference(current_user, part):
        abort(404)
    return _restore(part, None, url_for("organiser.dashboard"), str(part.id))


def _restore(part, conference: Conference | None, back: str, token: str):
    """The restore confirmation page, or the restore itself; a refusal says why on the same page."""
    consequences = deleting.Consequences(deleting.describe(part.kind, part.summary), deleting.restoring(part.kind))
    refusal = None
    try:
        deletions.check_restorable(part, conference)
        if _confirmed(token):
            restored = deleting.restore(part, conference)
            flash(_("Restored."), "success")
            if part.kind == "conference":
                return redirect(url_for("organiser.conference", slug=restored.slug))
            return redirect(back)
    except deletions.RestoreRefused as refused:
        refusal = refused.message(_)
    except ProgrammeRejected as rejection:
        refusal = rejection.problems[0].message(_, ngettext)
    return _confirmation_page(_("Restore this?"), consequences, _("Restore"), back, token, danger=False,
                              refusal=refusal)


# Members and tokens


@bp.route("/conferences/<slug>/members", methods=["GET", "POST"])
def members(slug: str):
    """Admins decide who may edit a conference."""
    if not current_user.is_admin:
        abort(403)
    conference = _published(slug)
    form = forms.MemberForm()
    error = None
    if form.validate_on_submit():
        try:
            membership.add_member(conference, form.email.data)
            flash(_("Saved."), "success")
            return redirect(url_for("organiser.members", slug=slug))
        except ProgrammeRejected:
            error = _("There is no organiser with this email. Create the account first.")
    memberships = db.session.execute(
        select(Membership).where(Membership.conference_id == conference.id)).scalars().all()
    return render_template("organiser/members.html", conference=conference, form=form, error=error,
                           memberships=memberships, confirm=forms.ConfirmForm()), 400 if error else 200


@bp.post("/conferences/<slug>/members/<int:membership_id>/delete")
def remove_member(slug: str, membership_id: int):
    """Take away an organiser's right to edit a conference."""
    if not current_user.is_admin:
        abort(403)
    conference = _published(slug)
    link = db.session.get(Membership, membership_id)
    if link is None or link.conference_id != conference.id:
        abort(404)
    if forms.ConfirmForm().validate_on_submit():
        membership.remove_member(link)
        flash(_("Saved."), "success")
    return redirect(url_for("organiser.members", slug=slug))


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    """The organiser's API tokens: create one (shown once) or revoke one."""
    form = forms.TokenForm()
    new_token = None
    if form.validate_on_submit():
        new_token = accounts.issue_token(current_user, form.name.data)
    return render_template("organiser/tokens.html", form=form, new_token=new_token, tokens=current_user.tokens,
                           confirm=forms.ConfirmForm())


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int):
    """Revoke one of the organiser's tokens."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.organiser_id != current_user.id:
        abort(404)
    if forms.ConfirmForm().validate_on_submit():
        accounts.revoke_token(token)
        flash(_("The token was revoked."), "success")
    return redirect(url_for("organiser.tokens"))


@dataclass(frozen=True)
class ReportEntry:
    """One line of a problem report as the editor shows it: where (in words), what, and every place of a repeat."""

    severity: str
    place: str
    message: str
    count: int
    places: tuple[str, ...]


def problem_report(problems: list[Problem], programme) -> list[ReportEntry]:
    """Problems as report lines in the organiser's language: errors first, a repeated note once with its count,
    places worded against the programme (a conference, or an outline of a document); zones and dates worded (the
    zone an organiser typed wrongly stays as typed)."""
    language = page_language()
    outline = programme if isinstance(programme, reporting.Outline) else reporting.outline_of_conference(programme)
    word = change_wording(language, forms.LABELS)
    entries = []
    for line in reporting.report_lines(problems):
        places = tuple(reporting.place_in_words(location, outline, language, _) for location in line.locations)
        message = line.message(_, ngettext, lambda name, value, code=line.first.code:
                               value if code == "unknown_zone" else word(name, value))
        entries.append(ReportEntry(line.severity, places[0] if line.count == 1 else "", message, line.count,
                                   places if line.count > 1 else ()))
    return entries


@bp.app_template_global("organiser_report")
def _organiser_report(problems, programme):
    """Template access to problem_report."""
    return problem_report(problems, programme)


@bp.app_template_global("day_window")
def _day_window(day, zone: str) -> tuple[zonedisplay.ShownTime, zonedisplay.ShownTime]:
    """A day's start and end in a zone, for the editor's window lines (marked like every time on another date)."""
    return zonedisplay.window(day.starts_at, day.ends_at, zone, day.local_date, page_language())


@bp.app_template_global("day_clocks")
def _day_clocks(conference, day, rows) -> list[zonedisplay.ZoneDay]:
    """The agenda table's times in each reference zone, under the day's date and its columns' labels (`rows`:
    re-flowed rows, None where a row has no times yet)."""
    last = max([day.ends_at, *(row.end for row in rows if row is not None and row.end is not None)])
    return [zonedisplay.ZoneDay(zone, day.local_date, page_language(), day.starts_at, last)
            for zone in conference.reference_zones]


@bp.app_template_global("organiser_problems")
@pass_context
def _organiser_problems(context, problems) -> list[str]:
    """Problems as one line each ("Fachworkshop 1, 15. Juni: …"), worded against the page's conference."""
    programme = context.get("conference") or reporting.Outline()
    return [f"{entry.place}: {entry.message}" if entry.place else entry.message
            for entry in problem_report(problems, programme)]


@bp.app_template_filter("editor_clock")
def _editor_clock(instant, zone: str) -> str:
    """An instant's wall-clock time in a zone, for the editor's window lines."""
    return timeengine.to_zone(instant, zone).strftime("%H:%M")


# Releases


@bp.route("/conferences/<slug>/publish", methods=["GET", "POST"])
@editing_as_organiser
def publish(slug: str):
    """Publish the draft as the next release, after seeing what it changes and whom it reaches."""
    published = _published(slug)
    form = forms.PublishForm()
    errors, error, status = {}, None, 200
    if form.validate_on_submit():
        comment = {"de": form.comment_de.data, "tr": form.comment_tr.data}
        expected = int(form.expected.data) if (form.expected.data or "").isdigit() else None
        try:
            release = releases.publish(slug, current_user.email, comment, expected)
        except ProgrammeRejected as rejection:
            errors = _problems_by_field(rejection)
            error = "; ".join(problem.message(_, ngettext) for problem in rejection.problems
                              if not problem.location.startswith("comment."))
            status = 409 if error else 400
            published = _published(slug)
        else:
            flash(_("Release %(number)s is published.", number=release.number), "success")
            return redirect(url_for("organiser.conference", slug=slug))
    preview = releases.preview(published)
    form.expected.data = str(preview.number)
    return render_template("organiser/publish.html", conference=published, preview=preview, form=form,
                           errors={name.removeprefix("comment."): text for name, text in errors.items()},
                           error=error, reach=publishing.reach(published.id, preview),
                           changes=worded_changes(preview.changes, page_language(), published.reference_zones)
                           ), status


@bp.get("/conferences/<slug>/releases/")
def release_list(slug: str):
    """Every release of the conference, newest first, each one a draft can go back to."""
    published = _published(slug, whole=False)
    return render_template("organiser/releases.html", conference=published, listed=releases.releases(published),
                           release_author=_release_author)


def _release_author(release) -> str:
    """Who published a release: the organiser's address, or the command line in the page language."""
    return release.published_by if release.published_by != COMMAND_LINE else _("Command line")


@bp.route("/conferences/<slug>/releases/<int:number>/revert", methods=["GET", "POST"])
@editing_as_organiser
def revert_release(slug: str, number: int):
    """Make the draft what a release was, after confirmation; the public sees it once the draft is published."""
    published = _published(slug, whole=False)
    release = releases.find_release(published, number)
    if release is None:
        abort(404)
    back = url_for("organiser.release_list", slug=slug)
    if _confirmed(str(number)):
        releases.revert(releases.published_programme(slug), number)
        flash(_("The draft is now release %(number)s. Publish it when the public should see it again.",
                number=number), "success")
        return redirect(url_for("organiser.publish", slug=slug))
    consequences = deleting.Consequences(
        _("Release %(number)s", number=number),
        [_("Every change made to the draft since then is replaced; the published programme stays as it is until "
           "you publish the draft.")])
    refusal = None if release.document else _("This release was published before releases were kept.")
    return _confirmation_page(_("Go back to this release?"), consequences, _("Make the draft this release"), back,
                              str(number), danger=False, refusal=refusal)


def worded_changes(changes: list[dict], language: str, zones) -> list:
    """Placeholder until the changelog's wording module lands on this branch."""
    return []
