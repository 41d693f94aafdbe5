"""Public agenda pages: the conference list, a programme overview, a workshop's agenda and the changelog (a page
and its Atom feed), in de and tr.

Thin controllers: resolve the reader's zone, answer conditional requests from the
conference version alone, then serve the page from the render cache or load just
what the page shows (``confsched.programme.queries``) and render it.
"""
from __future__ import annotations

from typing import Callable
from urllib.parse import urlsplit

from flask import (Blueprint, Response, abort, current_app, g, redirect, render_template, request,
                   send_from_directory, url_for)
from flask_babel import gettext
from flask_login import current_user

from confsched.agenda import atom_feed, presenters
from confsched.agenda.changes import WordedRelease, word_release
from confsched.agenda.errors import WorkshopRemoved
from confsched.agenda.reader_zone import (ZONE_COOKIE, ZONE_COOKIE_MAX_AGE, ZoneChoice, choose_zone, embedded_zone,
                                          picker_groups)
from confsched.caching import not_modified, programme_version, serve_built, validated
from confsched.i18n import LANGUAGE_COOKIE, select_locale
from confsched.input_limits import has_control_characters
from confsched.programme import releases
from confsched.programme.queries import (day_spans, embed_origins, list_conferences, load_conference_row, load_programme,
                                         load_workshop, workshop_removed)
from confsched.public_urls import base_url, external_url
from confsched.security_headers import allow_framing_by

bp = Blueprint("agenda", __name__)

LANGUAGE_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
MAX_NEXT_LENGTH = 2000


# Browsers ask for /favicon.ico on their own; a day is short enough for a changed icon to show.
FAVICON_MAX_AGE = 24 * 60 * 60


@bp.get("/favicon.ico")
def favicon():
    """The site icon at the address browsers and feed readers look for first."""
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=FAVICON_MAX_AGE)


@bp.get("/")
def home():
    """Send readers to their language: cookie, then Accept-Language, then German."""
    response = redirect(url_for(".conferences", lang=select_locale()), 302)
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.get("/<any(de,tr):lang>/")
def conferences(lang: str):
    """Every conference, with its dates, linking to its programme."""
    choice = _zone_choice()
    listed = list_conferences()
    spans = day_spans([conference.id for conference in listed])
    entries = [presenters.conference_header(conference, lang, spans.get(conference.id)) for conference in listed]
    html = render_template("agenda/conferences.html", conferences=entries)
    return _finish(Response(html), lang, choice)


@bp.get("/<any(de,tr):lang>/<slug>/")
def overview(lang: str, slug: str):
    """The programme overview: every workshop in both reference zones and a timeline."""

    def render(reader_zone: str | None, draft: bool = False) -> str:
        conference = load_programme(slug, with_agendas=False, draft=draft)
        if conference is None:
            abort(404)
        zones = presenters.PageZones(conference.reference_zones, reader_zone)
        page = presenters.overview_page(conference, zones, lang)
        return _render_programme_page("agenda/overview.html", conference, zones, lang,
                                      presenters.programme_span(conference), page=page)

    return _programme_page(lang, slug, ("overview",), render)


@bp.get("/<any(de,tr):lang>/<slug>/workshops/<int:number>/")
def workshop(lang: str, slug: str, number: int):
    """A workshop's header and agenda, every time in both reference zones and the reader's."""

    def render(reader_zone: str | None, draft: bool = False) -> str:
        found = load_workshop(slug, number, draft=draft)
        if found is None:
            if not draft and workshop_removed(slug, number):
                raise WorkshopRemoved(url_for(".overview", lang=lang, slug=slug))
            abort(404)
        zones = presenters.PageZones(found.conference.reference_zones, reader_zone)
        page = presenters.workshop_page(found, zones, lang)
        span = day_spans([found.conference.id]).get(found.conference.id)
        return _render_programme_page("agenda/workshop.html", found.conference, zones, lang, span, page=page)

    return _programme_page(lang, slug, ("workshop", number), render)


@bp.get("/<any(de,tr):lang>/<slug>/changes")
def changelog(lang: str, slug: str):
    """Every release of the programme, newest first, with its time, comment and what it changed."""

    def render(reader_zone: str | None) -> str:
        conference = load_conference_row(slug)
        if conference is None:
            abort(404)
        zones = presenters.PageZones(conference.reference_zones, reader_zone)
        span = day_spans([conference.id]).get(conference.id)
        return _render_programme_page("agenda/changes.html", conference, zones, lang, span,
                                      releases=_worded_releases(conference, lang, zones.shown))

    return _programme_page(lang, slug, ("changes",), render)


@bp.get("/<any(de,tr):lang>/<slug>/changes.atom")
def changelog_feed(lang: str, slug: str):
    """The changelog as an Atom feed: one entry per release, times in the reference zones."""
    return serve_built(slug, ("changes", lang), atom_feed.CONTENT_TYPE, f"{slug}-changes-{lang}.atom",
                       lambda conference: _changes_atom(conference, lang))


def _changes_atom(conference, lang: str) -> bytes:
    """The feed of a released conference: its releases worded as on the page, ids from its first release."""
    worded = _worded_releases(conference, lang, conference.reference_zones)
    title = presenters.conference_header(conference, lang).title.text
    page = external_url("agenda.changelog", lang=lang, slug=conference.slug)

    def entry_id(*path) -> str:
        return atom_feed.tag_uri(current_app.config["CONFSCHED_HOST"], conference.id, worded[-1].published_at, *path)

    entries = tuple(atom_feed.Entry(entry_id("release", release.number, lang), release.title, release.published_at,
                                    f"{page}#release-{release.number}",
                                    render_template("agenda/changes_entry.html", release=release).strip())
                    for release in worded)
    return atom_feed.atom(atom_feed.Feed(
        entry_id("changes", lang), gettext("%(conference)s: changes to the programme", conference=title), lang,
        external_url("agenda.changelog_feed", lang=lang, slug=conference.slug), page, title, entries))


def _worded_releases(conference, lang: str, zones) -> list[WordedRelease]:
    """The conference's releases, newest first, as the changelog words them."""
    return [word_release(release, lang, zones, conference.session_label) for release in releases.releases(conference)]


@bp.get("/<any(de,tr):lang>/<slug>/embed")
def embed(lang: str, slug: str):
    """The programme compactly, for a frame on a partner's site: every workshop's days in all zones."""

    def render(reader_zone: str | None) -> str:
        conference = load_programme(slug, with_agendas=False)
        if conference is None:
            abort(404)
        zones = presenters.PageZones(conference.reference_zones, reader_zone)
        workshops = [presenters.workshop_summary(workshop, zones, lang) for workshop in conference.workshops]
        return _render_programme_page("agenda/embed.html", conference, zones, lang,
                                      presenters.programme_span(conference), workshops=workshops,
                                      embed_parent_origins=conference.embed_origins)

    return _embedded_page(lang, slug, ("embed",), render)


@bp.get("/<any(de,tr):lang>/<slug>/workshops/<int:number>/embed")
def embed_workshop(lang: str, slug: str, number: int):
    """One workshop's agenda compactly, for a frame on a partner's site."""

    def render(reader_zone: str | None) -> str:
        found = load_workshop(slug, number)
        if found is None:
            abort(410 if workshop_removed(slug, number) else 404)
        zones = presenters.PageZones(found.conference.reference_zones, reader_zone)
        page = presenters.workshop_page(found, zones, lang)
        return _render_programme_page("agenda/embed_workshop.html", found.conference, zones, lang, page=page,
                                      embed_parent_origins=found.conference.embed_origins)

    return _embedded_page(lang, slug, ("embed", number), render)


@bp.get("/language/<any(de,tr):lang>")
def choose_language(lang: str):
    """Remember the language for pages without one in their URL, then go back to a same-site page."""
    target = same_site_path(request.args.get("next"), lang) or url_for(".conferences", lang=lang)
    response = redirect(target, 303)
    response.set_cookie(LANGUAGE_COOKIE, lang, max_age=LANGUAGE_COOKIE_MAX_AGE, samesite="Lax",
                        secure=request.is_secure, httponly=True)
    return response


def same_site_path(value: str | None, lang: str) -> str | None:
    """`value` if it is a path on this site (never another host), with a /de/ or /tr/ prefix switched to `lang`."""
    if not value or len(value) > MAX_NEXT_LENGTH or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or has_control_characters(value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    for other in current_app.config["LANGUAGES"]:
        prefix = f"/{other}/"
        if value.startswith(prefix) or value == prefix.rstrip("/"):
            return f"/{lang}/" + value[len(prefix):]
    return value


def _zone_choice() -> ZoneChoice:
    """The reader's zone from ?tz= or the cookie; an unknown ?tz= raises UnknownReaderZone (a 400 page)."""
    choice = choose_zone(request.args.get("tz"), request.cookies.get(ZONE_COOKIE))
    # The language switch carries the zone and nothing else, so cached pages never echo other parameters.
    g.language_query = {"tz": choice.zone_name} if choice.zone_name else {}
    return choice


def _programme_page(lang: str, slug: str, page_key: tuple, render: Callable[[str | None], str]) -> Response:
    """A public page of one programme in the reader's zone (query or cookie), remembering a zone asked for."""
    choice = _zone_choice()
    if request.args.get("preview") == "draft":
        return _draft_preview(lang, slug, choice, render)
    version = programme_version(slug)
    if version is None:
        if _may_preview(slug):  # never released: its organisers see the draft, everyone else nothing
            return redirect(url_for(request.endpoint, **request.view_args, preview="draft"), 303)
        abort(404)
    response = _versioned_page(version, lang, choice.zone_name, page_key, render)
    response.cache_control.no_cache = True
    return _finish(response, lang, choice)


def _may_preview(slug: str) -> bool:
    """Whether the signed-in organiser edits this conference, and so may see its draft as the public will."""
    published = load_conference_row(slug, released=False)
    return published is not None and current_user.is_authenticated and current_user.can_edit(published)


def _draft_preview(lang: str, slug: str, choice: ZoneChoice, render: Callable[..., str]) -> Response:
    """The page as the next release would show it, to the conference's organisers only (404 to anyone else), never
    cached or indexed; its links and language switch stay in the preview."""
    if not _may_preview(slug) or releases.working_draft(slug, whole=False) is None:
        abort(404)
    g.language_query = {**g.language_query, "preview": "draft"}
    g.draft_preview = True
    response = Response(render(choice.zone_name, draft=True))
    response.cache_control.no_store = True
    response.headers["X-Robots-Tag"] = "noindex"
    return _finish(response, lang, choice)


def _embedded_page(lang: str, slug: str, page_key: tuple, render: Callable[[str | None], str]) -> Response:
    """A page for a frame on another site: framed only by the organiser's listed origins, and cookieless (the zone
    comes from the snippet's query alone, an unknown one is left out, and nothing is remembered)."""
    origins = embed_origins(slug)
    version = programme_version(slug)
    if origins is None or version is None:
        abort(404)
    allow_framing_by(origins)
    zone = embedded_zone(request.args.get("tz"))
    g.language_query = {"tz": zone} if zone else {}
    response = _versioned_page(version, lang, zone, page_key, render)
    # The same for every reader, so shared caches may keep it (after asking).
    response.cache_control.public = True
    response.cache_control.no_cache = True
    response.content_language.add(lang)
    return response


def _versioned_page(version, lang: str, zone: str | None, page_key: tuple,
                    render: Callable[[str | None], str]) -> Response:
    """Answer 304 from the version alone, else serve the cached render, else load and render once."""
    state = current_app.extensions["confsched_agenda"]
    variant = (lang, zone or "-", state.render_digest)
    response = not_modified(version, *variant)
    if response is None:
        key = (version.conference_id, version.version, *variant, *page_key, base_url())
        # Rendered once per version, language and zone, and encoded once: a warm page is one query.
        page = state.page_cache.get_or_render(key, lambda: render(zone).encode())
        # Rendered, so it exists: now "If-None-Match: *" may be answered (a missing workshop was a 404).
        response = not_modified(version, *variant, exists=True) or validated(Response(page), version, *variant)
    return response


def _render_programme_page(template: str, conference, zones: presenters.PageZones, lang: str, span=None,
                           **context) -> str:
    """Render a page of one programme with the header (its dates from `span`), columns and zone picker."""
    return render_template(
        template,
        conference=presenters.conference_header(conference, lang, span),
        zones=zones,
        **context,
    )


def _finish(response: Response, lang: str, choice: ZoneChoice) -> Response:
    """Say the language, that the page depends on the zone cookie, and remember a zone asked for in the query."""
    response.content_language.add(lang)
    response.vary.add("Cookie")
    if choice.from_query:
        response.set_cookie(ZONE_COOKIE, choice.cookie_value, max_age=ZONE_COOKIE_MAX_AGE, samesite="Lax",
                            secure=request.is_secure)
    return response


@bp.app_context_processor
def zone_picker_context() -> dict:
    """The picker's grouped zones in the page language, for every template that shows the picker."""
    return {"zone_picker_groups": picker_groups}
