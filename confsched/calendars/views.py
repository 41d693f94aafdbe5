"""Public calendar feeds and frab exports: gather the programme, call a builder, answer conditionally."""
from __future__ import annotations

import gzip
import hashlib
from importlib.metadata import PackageNotFoundError, version as package_version
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from flask import Blueprint, Flask, Response, abort, current_app, request, url_for

from confsched.caching import ProgrammeVersion, not_modified, programme_version, validated
from confsched.calendars import adapters, frab, ical
from confsched.calendars.cache import BuiltFileCache
from confsched.programme.queries import load_programme

bp = Blueprint("calendars", __name__)

CALENDAR_TYPE = "text/calendar; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
CACHE_EXTENSION = "confsched_built_files"


def init_app(app: Flask) -> None:
    """Register the blueprint and give the app its cache of built files (shared on disk when configured)."""
    app.config.setdefault("CONFSCHED_FEED_CACHE_SIZE", 128)
    app.config.setdefault("CONFSCHED_FEED_CACHE_DIR", None)
    app.extensions[CACHE_EXTENSION] = BuiltFileCache(
        app.config["CONFSCHED_FEED_CACHE_SIZE"], app.config["CONFSCHED_FEED_CACHE_DIR"], build_identity(app))
    app.jinja_env.globals["calendar_links"] = calendar_links
    app.register_blueprint(bp)


def calendar_links(slug: str, language: str, workshop_number: int | None = None) -> dict:
    """Subscribe (webcal://), Google, download and frab URLs for templates, on the configured public base URL."""
    if workshop_number is None:
        path = url_for("calendars.conference_calendar", lang=language, slug=slug)
    else:
        path = url_for("calendars.workshop_calendar", lang=language, slug=slug, number=workshop_number)
    base_url = current_app.config["CONFSCHED_BASE_URL"].rstrip("/")
    download = base_url + path
    subscribe = "webcal://" + download.split("://", 1)[1]
    return {
        "workshop": workshop_number is not None,
        "download": download,
        "subscribe": subscribe,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(subscribe, safe=""),
        "frab_xml": base_url + url_for("calendars.schedule_xml", lang=language, slug=slug),
        "frab_json": base_url + url_for("calendars.schedule_json", lang=language, slug=slug),
    }


def build_identity(app: Flask) -> str:
    """What besides the programme shapes a built file: code, catalogues, host and base URL (keys the shared cache)."""
    digest = hashlib.sha256()
    digest.update(_generator_version().encode())
    digest.update(f"{app.config['CONFSCHED_HOST']}\n{app.config['CONFSCHED_BASE_URL']}".encode())
    catalogues = Path(app.config.get("BABEL_TRANSLATION_DIRECTORIES", ""))
    for path in [*sorted(Path(__file__).parent.glob("*.py")), *sorted(catalogues.glob("*/LC_MESSAGES/*.mo"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def built_file_cache() -> BuiltFileCache:
    """The current app's cache of built feeds and exports."""
    return current_app.extensions[CACHE_EXTENSION]


def _generator_version() -> str:
    """confsched's version for the frab generator element."""
    try:
        return package_version("confsched")
    except PackageNotFoundError:
        return "0"


def _serve(slug: str, variant: tuple[str, ...], content_type: str, filename: str,
           build: Callable[[object], bytes | None]) -> Response:
    """One cheap query decides 404 or 304; otherwise the file comes from the cache or is built once."""
    version: ProgrammeVersion | None = programme_version(slug)
    if version is None:
        abort(404)
    compressed = _accepts_gzip()
    representation = (*variant, "gzip") if compressed else variant
    cached = not_modified(version, *representation)
    if cached is not None:
        cached.vary.add("Accept-Encoding")
        return cached

    def load_and_build() -> bytes:
        """Load the programme (fixed number of statements) and build; 404 when the builder finds nothing."""
        conference = load_programme(slug)
        body = build(conference) if conference is not None else None
        if body is None:
            abort(404)
        return body

    cache = built_file_cache()
    key = (version.conference_id, version.version, version.updated_at, *variant)
    body = cache.get_or_build(key, load_and_build)
    if compressed:
        # mtime=0 keeps the compressed bytes identical for identical data, like the plain ones.
        body = cache.get_or_build((*key, "gzip"), lambda: gzip.compress(body, compresslevel=6, mtime=0))
    response = Response(body, content_type=content_type)
    if compressed:
        response.content_encoding = "gzip"
    response.vary.add("Accept-Encoding")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return validated(response, version, *representation)


def _accepts_gzip() -> bool:
    """Whether the client takes gzip: a large feed shrinks about tenfold, and calendar clients all accept it."""
    return request.accept_encodings["gzip"] > 0


@bp.get("/<any(de,tr):lang>/<slug>/calendar.ics")
def conference_calendar(lang: str, slug: str) -> Response:
    """The whole conference as a subscribable feed in the URL's language."""
    return _serve(slug, ("ics", lang), CALENDAR_TYPE, f"{slug}-{lang}.ics",
                  lambda conference: ical.build_feed(adapters.conference_feed(conference, lang)))


@bp.get("/<any(de,tr):lang>/<slug>/workshops/<int:number>/calendar.ics")
def workshop_calendar(lang: str, slug: str, number: int) -> Response:
    """One workshop with all its days as a feed; 404 for a workshop the conference does not have."""

    def build(conference) -> bytes | None:
        """The workshop's feed, or None when the conference has no such workshop."""
        workshop = next((workshop for workshop in conference.workshops if workshop.number == number), None)
        if workshop is None:
            return None
        return ical.build_feed(adapters.workshop_feed(conference, workshop, lang))

    return _serve(slug, ("ics", lang, f"w{number}"), CALENDAR_TYPE, f"{slug}-{number}-{lang}.ics", build)


@bp.get("/<any(de,tr):lang>/<slug>/schedule.xml")
def schedule_xml(lang: str, slug: str) -> Response:
    """The frab schedule.xml for conference apps."""
    return _serve(slug, ("frab-xml", lang), XML_TYPE, f"{slug}-{lang}-schedule.xml",
                  lambda conference: frab.build_xml(adapters.frab_schedule(conference, lang, _generator_version())))


@bp.get("/<any(de,tr):lang>/<slug>/schedule.json")
def schedule_json(lang: str, slug: str) -> Response:
    """The frab schedule.json for conference apps."""
    return _serve(slug, ("frab-json", lang), JSON_TYPE, f"{slug}-{lang}-schedule.json",
                  lambda conference: frab.build_json(adapters.frab_schedule(conference, lang, _generator_version())))
