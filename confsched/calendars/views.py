"""Public calendar feeds and frab exports: gather the programme, call a builder, answer conditionally."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as package_version
from urllib.parse import quote

from flask import Blueprint, Flask, Response, url_for

from confsched.caching import serve_built
from confsched.calendars import adapters, frab, ical
from confsched.public_urls import base_url

bp = Blueprint("calendars", __name__)

CALENDAR_TYPE = "text/calendar; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


def init_app(app: Flask) -> None:
    """Register the blueprint and the template helper for subscribe/download links."""
    app.jinja_env.globals["calendar_links"] = calendar_links
    app.register_blueprint(bp)


def calendar_links(slug: str, language: str, workshop_number: int | None = None) -> dict:
    """Subscribe (webcal://), Google, download and frab URLs for templates, on the configured public base URL."""
    if workshop_number is None:
        path = url_for("calendars.conference_calendar", lang=language, slug=slug)
    else:
        path = url_for("calendars.workshop_calendar", lang=language, slug=slug, number=workshop_number)
    base = base_url()
    download = base + path
    subscribe = "webcal://" + download.split("://", 1)[1]
    return {
        "workshop": workshop_number is not None,
        "download": download,
        "subscribe": subscribe,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(subscribe, safe=""),
        "frab_xml": base + url_for("calendars.schedule_xml", lang=language, slug=slug),
        "frab_json": base + url_for("calendars.schedule_json", lang=language, slug=slug),
    }


def _generator_version() -> str:
    """confsched's version for the frab generator element."""
    try:
        return package_version("confsched")
    except PackageNotFoundError:
        return "0"


@bp.get("/<any(de,tr):lang>/<slug>/calendar.ics")
def conference_calendar(lang: str, slug: str) -> Response:
    """The whole conference as a subscribable feed in the URL's language."""
    return serve_built(slug, ("ics", lang), CALENDAR_TYPE, f"{slug}-{lang}.ics",
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

    return serve_built(slug, ("ics", lang, f"w{number}"), CALENDAR_TYPE, f"{slug}-{number}-{lang}.ics", build)


@bp.get("/<any(de,tr):lang>/<slug>/schedule.xml")
def schedule_xml(lang: str, slug: str) -> Response:
    """The frab schedule.xml for conference apps."""
    return serve_built(slug, ("frab-xml", lang), XML_TYPE, f"{slug}-{lang}-schedule.xml",
                  lambda conference: frab.build_xml(adapters.frab_schedule(conference, lang, _generator_version())))


@bp.get("/<any(de,tr):lang>/<slug>/schedule.json")
def schedule_json(lang: str, slug: str) -> Response:
    """The frab schedule.json for conference apps."""
    return serve_built(slug, ("frab-json", lang), JSON_TYPE, f"{slug}-{lang}-schedule.json",
                  lambda conference: frab.build_json(adapters.frab_schedule(conference, lang, _generator_version())))
