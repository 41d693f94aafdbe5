"""Sign-in, sign-out and the password; who may edit a conference (admins decide); the organiser's API tokens."""
from __future__ import annotations

from urllib.parse import urlsplit

from babel.units import format_unit
from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from confsched.extensions import db
from confsched.input_limits import has_control_characters
from confsched.organiser import accounts, forms, membership
from confsched.organiser.models import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, ApiToken, Membership
from confsched.organiser.views.blueprint import bp, published_conference
from confsched.programme.problems import ProgrammeRejected
from confsched.ratelimit import limiter


def _safe_next(target: str | None) -> str:
    """Only follow redirects to our own editor pages after sign-in."""
    if (target and target.startswith("/organiser") and not urlsplit(target).netloc and "\\" not in target
            and not has_control_characters(target)):
        return target
    return url_for("organiser.dashboard")


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


@bp.route("/conferences/<slug>/members", methods=["GET", "POST"])
def members(slug: str):
    """Admins decide who may edit a conference."""
    if not current_user.is_admin:
        abort(403)
    conference = published_conference(slug, whole=False)
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
    conference = published_conference(slug, whole=False)
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
