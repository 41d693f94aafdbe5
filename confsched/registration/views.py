"""Registrant pages: register, confirm, the personal page with its private feed, cancel, lost link, invitation.

Thin controllers: load, check the token, call an operation, commit, redirect.
Every answer about an address is the same whether or not it is registered.
Personal pages carry a secret in their URL, so they are never cached and never
send a Referer to the platforms they link to.
"""
from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from confsched import timeengine
from confsched.agenda.reader_zone import ZONE_COOKIE, choose_zone
from confsched.caching import encoded_response, gzip_bytes, not_modified, validated
from confsched.calendars.events import CalendarFeed
from confsched.calendars.ical import build_feed, sorted_events
from confsched.extensions import db
from confsched.localized import pick
from confsched.programme.models import Conference
from confsched.public_urls import external_url
from confsched.ratelimit import limiter
from confsched.registration import notifications, operations, queries
from confsched.registration.addresses import normalise_email
from confsched.registration.forms import ActionForm, JoinForm, LinkRequestForm, PreferencesForm, RegistrationForm
from confsched.registration.models import Registrant, RegistrationDesk, Role, WhenFull
from confsched.registration.times import day_times, shown_zones

bp = Blueprint("registration", __name__, static_folder="static", static_url_path="/registration/static")

REFUSALS = {
    "invitation_required": _l("Registration for this workshop is by invitation only. "
                              "Please use the personal link from your invitation email."),
    "invitation_invalid": _l("This invitation link is not valid. Please check that it was copied completely."),
    "invitation_expired": _l("This invitation link has expired. Please ask the organisers for a new one."),
    "invitation_used": _l("This invitation link has already been used for a registration. "
                          "Your personal page lets you register for further workshops."),
    "workshop_cancelled": _l("This workshop has been cancelled; registration is closed."),
}
# Registration sends mail, so it is limited per client address (see confsched.ratelimit).
SUBMIT_LIMIT = "10 per minute; 60 per hour"
TOKEN_LIMIT = "30 per minute; 300 per hour"
# Private feeds are counted per feed, not per address: calendar services poll thousands of them from a few addresses.
FEED_LIMIT = "20 per minute; 200 per hour"
LANGUAGE_ZONES = {"de": "Europe/Berlin", "tr": "Europe/Istanbul"}


@bp.after_request
def _language_headers(response: Response) -> Response:
    """Say which language the page is in; the same URL differs by the reader's cookie only for the zone picker."""
    response.headers.setdefault("Content-Language", str(get_locale()))
    response.vary.add("Cookie")
    return response


def _private(response) -> Response:
    """Headers for pages whose URL is a secret: no caches, no Referer, no search engines."""
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _refused(code: str, status: int = 403):
    """A page that says, in the reader's language, why the request cannot go ahead."""
    db.session.rollback()
    return render_template("registration/refused.html", message=REFUSALS[code]), status


@bp.route("/<any(de,tr):lang>/<slug>/workshops/<int:number>/register", methods=["GET", "POST"])
@limiter.limit(SUBMIT_LIMIT, methods=["POST"])
def register(lang: str, slug: str, number: int):
    """The registration form; a valid submission always ends on the same "check your inbox" page."""
    workshop = queries.find_workshop(slug, number)
    if workshop is None:
        abort(404)
    invitation_token = request.values.get("invitation", "")
    invitation = None
    try:
        if invitation_token:
            invitation = operations.invitation_by_token(invitation_token, workshop.conference_id)
        elif not _open_registration(workshop.id):
            raise operations.RegistrationRefused("invitation_required")
        if not operations.accepts_registrations(workshop):
            raise operations.RegistrationRefused("workshop_cancelled")
    except operations.RegistrationRefused as refusal:
        return _refused(refusal.code)
    form = RegistrationForm(lang, data=_form_defaults(lang, workshop, invitation))
    if form.validate_on_submit():
        try:
            operations.submit_registration(workshop, _details(form), Role(form.role.data),
                                           WhenFull(form.when_full.data or WhenFull.waiting_list.value), invitation)
        except operations.RegistrationRefused as refusal:
            return _refused(refusal.code)
        db.session.commit()
        return redirect(url_for(".sent", lang=lang), 303)
    desk = db.session.get(RegistrationDesk, workshop.id)
    seats_left, listener_places_left = operations.places_left(workshop, desk)
    status = 400 if form.is_submitted() else 200
    return render_template(
        "registration/register.html", form=form, workshop=workshop, invitation_token=invitation_token,
        title=pick(workshop.title, lang), conference_title=pick(workshop.conference.title, lang),
        session_label=pick(workshop.conference.session_label, lang).text,
        days=day_times(workshop, shown_zones(_remembered_zone(), workshop.conference), lang),
        zone_aliases=json.dumps(timeengine.zone_aliases(), separators=(",", ":")),
        seats_left=seats_left, listener_places_left=listener_places_left,
        retention_days=current_app.config["CONFSCHED_RETENTION_DAYS"],
    ), status


def _open_registration(workshop_id: int) -> bool:
    """Whether the workshop takes registrations without an invitation."""
    desk = db.session.get(RegistrationDesk, workshop_id)
    return bool(desk and desk.open_registration)


def _remembered_zone() -> str | None:
    """The zone the reader's browser or picker left on the programme pages (a legacy name as its zone), if any."""
    return choose_zone(None, request.cookies.get(ZONE_COOKIE)).zone_name


def _form_defaults(lang: str, workshop, invitation) -> dict:
    """Pre-fill language, zone and the invited address."""
    defaults = {"language": lang, "zone": LANGUAGE_ZONES.get(lang, workshop.conference.primary_zone),
                "role": Role.active.value, "when_full": WhenFull.waiting_list.value}
    if invitation is not None:
        defaults.update(email=invitation.email, language=invitation.language)
    return defaults


def _details(form: RegistrationForm) -> operations.RegistrantDetails:
    """The form's values, trimmed."""
    def clean(value):
        """Collapse whitespace; empty becomes None."""
        return " ".join((value or "").split()) or None

    return operations.RegistrantDetails(
        name=clean(form.name.data), email=form.email.data.strip(), organisation=clean(form.organisation.data),
        city=clean(form.city.data), country=form.country.data or None, language=form.language.data,
        zone=form.zone.data,
    )


@bp.get("/<any(de,tr):lang>/registration/sent")
def sent(lang: str):
    """The one answer to every registration and link request."""
    return render_template("registration/sent.html")


@bp.route("/<any(de,tr):lang>/registration/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(TOKEN_LIMIT)
def confirm(lang: str, token: str):
    """Double opt-in: GET shows a button (mail scanners only GET), POST confirms and places the registrant."""
    registration = operations.registration_by_confirmation_token(token)
    if registration is None:
        return _private((render_template("registration/link_invalid.html"), 404))
    form = ActionForm()
    if form.validate_on_submit():
        operations.confirm_registration(registration)
        page = operations.page_token(registration.registrant)
        db.session.commit()
        return _private(redirect(url_for(".personal_page", lang=registration.registrant.language, token=page), 303))
    return _private(render_template(
        "registration/confirm.html", form=form, workshop=registration.workshop,
        title=pick(registration.workshop.title, lang), session_label=_session_label(registration.registrant, lang),
    ))


def _session_label(registrant: Registrant, language: str) -> str:
    """The conference's name for its workshops ("Fachworkshop"), or "" where it has none or was removed."""
    conference = registrant.conference
    return pick(conference.session_label, language).text if conference is not None else ""


def _registrant_or_404(token: str) -> Registrant:
    """The registrant whose current page token this is; every failure looks the same."""
    registrant = operations.registrant_by_page_token(token)
    if registrant is None:
        abort(_private((render_template("registration/link_invalid.html"), 404)))
    return registrant


@bp.get("/<any(de,tr):lang>/registration/p/<token>")
@limiter.limit(TOKEN_LIMIT)
def personal_page(lang: str, token: str):
    """The registrant's workshops in their zone, access data for places held, and their private feed."""
    registrant = queries.registrant_with_registrations(_registrant_or_404(token))
    entries = []
    for registration in registrant.registrations:
        workshop = registration.workshop
        access = notifications.access_for(workshop, lang) if registration.holds_place else None
        days = day_times(workshop, shown_zones(registrant.zone, registrant.conference), lang) if workshop else []
        entries.append({"registration": registration, "workshop": workshop, "access": access,
                        "title": pick(registration.workshop_title, lang), "days": days})
    return _private(render_template(
        "registration/personal.html", registrant=registrant, entries=entries, token=token,
        conference_title=pick(registrant.conference_title, lang), action_form=ActionForm(),
        session_label=_session_label(registrant, lang),
        preferences=PreferencesForm(lang, data={"language": registrant.language, "zone": registrant.zone}),
        join_form=_join_form(registrant, lang),
    ))


def _other_workshops(registrant: Registrant, lang: str) -> list[dict]:
    """Workshops of the conference the registrant has not (or no longer) registered for."""
    if registrant.conference is None:
        return []
    taken = {registration.workshop_id for registration in registrant.registrations if registration.status.value != "cancelled"}
    conference = queries.find_conference(registrant.conference.slug)
    return [{"workshop": workshop, "title": pick(workshop.title, lang)}
            for workshop in conference.workshops if workshop.id not in taken and operations.accepts_registrations(workshop)]


def _feed_token_key() -> str:
    """Rate-limit key of a private feed: its token, hashed so the limiter's storage never holds it."""
    return "private-feed:" + hashlib.sha256(request.view_args["token"].encode()).hexdigest()


def _private_feed_headers(response: Response) -> Response:
    """A 200 and its 304 alike: no cache keeps the access data; the calendar client revalidates its own copy by ETag."""
    response.vary.add("Accept-Encoding")
    return _private(response)


@bp.get("/<any(de,tr):lang>/registration/p/<token>/calendar.ics")
@limiter.limit(FEED_LIMIT, key_func=_feed_token_key)
def private_feed(lang: str, token: str):
    """The registrant's own feed: their workshops with places, access data included (it is theirs).

    Polled like the public feeds, so answered like them: one statement decides 404 or 304.
    """
    version = operations.private_feed_version(token)
    if version is None:
        abort(_private((render_template("registration/link_invalid.html"), 404)))
    compressed = request.accept_encodings["gzip"] > 0
    representation = (lang, "gzip") if compressed else (lang,)
    cached = not_modified(version, *representation, exists=True)
    if cached is not None:
        return _private_feed_headers(cached)
    body = build_feed(_private_feed(queries.registrant_with_registrations(_registrant_or_404(token)), lang, token))
    response = encoded_response(gzip_bytes(body) if compressed else body, "text/calendar; charset=utf-8",
                                "my-workshops.ics", gzipped=compressed)
    return validated(_private_feed_headers(response), version, *representation)


def _private_feed(registrant: Registrant, lang: str, token: str) -> CalendarFeed:
    """The registrant's workshops with places as a feed in the URL's language."""
    events = []
    for registration in registrant.registrations:
        if registration.holds_place:
            events += notifications.events_with_access(registration.workshop, lang)
    return CalendarFeed(name=_("My workshops: %(title)s", title=pick(registrant.conference_title, lang)),
                        description="", language=lang,
                        url=external_url("registration.personal_page", lang=lang, token=token),
                        events=sorted_events(events))


@bp.route("/<any(de,tr):lang>/registration/p/<token>/cancel/<int:registration_id>", methods=["GET", "POST"])
@limiter.limit(TOKEN_LIMIT)
def cancel(lang: str, token: str, registration_id: int):
    """Cancel one registration: GET asks, POST cancels, frees the place and promotes the next in line."""
    registrant = _registrant_or_404(token)
    registration = next((entry for entry in registrant.registrations if entry.id == registration_id), None)
    if registration is None:
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        operations.cancel_registration(registration)
        db.session.commit()
        flash(_("Your registration has been cancelled."))
        return _private(redirect(url_for(".personal_page", lang=lang, token=token), 303))
    return _private(render_template("registration/cancel.html", form=form, registration=registration,
                                    title=pick(registration.workshop_title, lang), token=token,
                                    session_label=_session_label(registrant, lang)))


@bp.post("/<any(de,tr):lang>/registration/p/<token>/join")
@limiter.limit(SUBMIT_LIMIT)
def join(lang: str, token: str):
    """A confirmed registrant adds another workshop of the same conference; their address is already proven."""
    registrant = _registrant_or_404(token)
    others = {entry["workshop"].id: entry["workshop"] for entry in _other_workshops(registrant, lang)}
    form = _join_form(registrant, lang)
    if not form.validate_on_submit():
        abort(400)
    try:
        operations.add_registration(registrant, others[form.workshop.data], Role(form.role.data),
                                    WhenFull(form.when_full.data))
    except operations.RegistrationRefused as refusal:
        return _refused(refusal.code)
    db.session.commit()
    return _private(redirect(url_for(".personal_page", lang=lang, token=token), 303))


def _join_form(registrant: Registrant, lang: str) -> JoinForm:
    """The form for adding a workshop, offering only those the registrant is not yet in."""
    choices = [(entry["workshop"].id, f'{entry["workshop"].number}: {entry["title"]}')
               for entry in _other_workshops(registrant, lang)]
    return JoinForm(choices)


@bp.post("/<any(de,tr):lang>/registration/p/<token>/preferences")
@limiter.limit(TOKEN_LIMIT)
def preferences(lang: str, token: str):
    """Change the language of emails and the zone times are shown in."""
    registrant = _registrant_or_404(token)
    form = PreferencesForm(lang)
    if not form.validate_on_submit():
        abort(400)
    operations.begin_write()
    registrant.language, registrant.zone = form.language.data, form.zone.data
    db.session.commit()
    flash(_("Your preferences have been saved."))
    return _private(redirect(url_for(".personal_page", lang=lang, token=token), 303))


@bp.post("/<any(de,tr):lang>/registration/p/<token>/reset")
@limiter.limit(TOKEN_LIMIT)
def reset(lang: str, token: str):
    """Replace the personal link: every old page, cancellation and feed link stops working at once."""
    registrant = _registrant_or_404(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    operations.begin_write()
    new_token = operations.reset_page_token(registrant)
    notifications.page_links([registrant], lang)
    db.session.commit()
    flash(_("Your personal link has been replaced. Old links no longer work; the new one is on its way by email."))
    return _private(redirect(url_for(".personal_page", lang=lang, token=new_token), 303))


@bp.post("/<any(de,tr):lang>/registration/p/<token>/revoke")
@limiter.limit(TOKEN_LIMIT)
def revoke(lang: str, token: str):
    """Switch the personal page and the private feed off until a new link is requested."""
    registrant = _registrant_or_404(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    operations.begin_write()
    operations.revoke_page_token(registrant)
    db.session.commit()
    return _private(render_template("registration/revoked.html"))


@bp.route("/<any(de,tr):lang>/registration/p/<token>/delete", methods=["GET", "POST"])
@limiter.limit(TOKEN_LIMIT)
def delete(lang: str, token: str):
    """Delete every piece of the registrant's data on request, after cancelling their places."""
    registrant = _registrant_or_404(token)
    form = ActionForm()
    if form.validate_on_submit():
        operations.erase_registrant(registrant)
        db.session.commit()
        return _private(render_template("registration/deleted.html"))
    return _private(render_template("registration/delete.html", form=form, token=token))


@bp.route("/<any(de,tr):lang>/registration/link", methods=["GET", "POST"])
@limiter.limit(SUBMIT_LIMIT, methods=["POST"])
def request_link(lang: str):
    """'I lost my link': the links go to the address if it is registered; the answer is the same either way."""
    form = LinkRequestForm()
    if form.validate_on_submit():
        operations.begin_write()
        email = normalise_email(form.email.data)
        registrants = db.session.execute(
            select(Registrant).where(Registrant.email == email, Registrant.confirmed_at.is_not(None))
            .outerjoin(Conference).order_by(Conference.start_date.desc())
        ).scalars().all()
        for registrant in registrants:
            if registrant.page_key is None:
                # Switched off earlier: a new key breaks no working link; an active key is never replaced here.
                operations.reset_page_token(registrant)
        if registrants:
            notifications.page_links(registrants, lang)
        db.session.commit()
        return redirect(url_for(".sent", lang=lang), 303)
    return render_template("registration/request_link.html", form=form), 400 if form.is_submitted() else 200


@bp.get("/<any(de,tr):lang>/registration/invitation/<token>")
@limiter.limit(TOKEN_LIMIT)
def invitation(lang: str, token: str):
    """The landing page of a personal invitation: the conference's workshops, each with its registration link."""
    try:
        invited = operations.invitation_by_token(token)
    except operations.RegistrationRefused as refusal:
        return _refused(refusal.code, 404)
    conference = queries.find_conference(db.session.get(Conference, invited.conference_id).slug)
    desks = queries.desks_by_workshop(workshop.id for workshop in conference.workshops)
    workshops = []
    for workshop in conference.workshops:
        seats_left, listener_places_left = operations.places_left(workshop, desks.get(workshop.id))
        workshops.append({"workshop": workshop, "title": pick(workshop.title, lang), "seats_left": seats_left,
                          "listener_places_left": listener_places_left,
                          "open": operations.accepts_registrations(workshop),
                          "days": day_times(workshop, shown_zones(None, conference), lang)})
    return _private(render_template("registration/invitation.html", conference=conference, token=token,
                                    conference_title=pick(conference.title, lang), workshops=workshops,
                                    session_label=pick(conference.session_label, lang).text))
