"""Error pages in the site's style and the page language; JSON for the API, which clients parse."""
from __future__ import annotations

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import Gone, HTTPException, InternalServerError

from confsched.agenda.reader_zone import UnknownReaderZone
from confsched.agenda.templating import page_language
from confsched.extensions import db

# Codes with a page of their own; every other HTTP error uses the generic page.
OWN_PAGES = (400, 404, 410, 500)
# How long clients should wait before asking again while the database is unreachable.
RETRY_AFTER_SECONDS = 30


class WorkshopRemoved(Gone):
    """A workshop the programme had and removed: 410 Gone, with a link to the programme it was part of."""

    def __init__(self, programme_url: str):
        super().__init__()
        self.programme_url = programme_url


def wants_json() -> bool:
    """API clients get JSON errors, everyone else an HTML page."""
    return request.path == "/api" or request.path.startswith("/api/")


def http_error(error: HTTPException):
    """Render any HTTP error as a page in the page language (or JSON under /api/)."""
    if wants_json():
        body = jsonify(error={"status": error.code, "message": error.description, "field": None})
        return body, error.code, kept_headers(error)
    template = f"errors/{error.code}.html" if error.code in OWN_PAGES else "errors/error.html"
    # Werkzeug's own descriptions are English; only ours (set per error, already translated) are shown.
    reason = error.description if error.description != type(error).description else None
    html = render_template(template, error=error, status_code=error.code, reason=reason)
    return _localized(html, error.code, kept_headers(error))


def unknown_reader_zone(error: UnknownReaderZone):
    """A 400 page that names the zone that was not understood and offers the picker."""
    g.language_query = {}
    return _localized(render_template("errors/400.html", unknown_zone=error.shown_value,
                                      zone_is_abbreviation=error.is_abbreviation, status_code=400), 400)


def internal_error(error: InternalServerError):
    """A calm 500 page; it touches neither the database nor anything that could fail again."""
    if wants_json():
        return jsonify(error={"status": 500, "message": "Internal server error.", "field": None}), 500
    return _localized(render_template("errors/500.html", status_code=500), 500)


def database_unreachable(error: OperationalError | InterfaceError):
    """503 with a page in the page language and one log line, not a traceback per request."""
    current_app.logger.error("database unreachable: %s", str(getattr(error, "orig", None) or error).splitlines()[0])
    try:
        db.session.rollback()
    except (OperationalError, InterfaceError):
        pass  # the connection is gone; the pool replaces it once the database is back
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if wants_json():
        message = _("The database is not reachable at the moment. Please try again in a few minutes.")
        return jsonify(error={"status": 503, "message": message, "field": None}), 503, headers
    html, status, language_headers = _localized(render_template("errors/503.html", status_code=503), 503)
    return html, status, {**language_headers, **headers}


def kept_headers(error: HTTPException) -> dict:
    """The headers an error needs whatever its body (Allow for 405, RFC 9110 § 15.5.6)."""
    return {name: value for name, value in error.get_headers() if name == "Allow"}


def _localized(html: str, status: int, headers: dict | None = None):
    """Attach the language headers to a page, next to the headers the error needs."""
    return html, status, {"Content-Language": page_language(), "Vary": "Accept-Language, Cookie", **(headers or {})}


def init_app(app: Flask) -> None:
    """Register the handlers for every HTTP error, unknown zones and crashes."""
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(UnknownReaderZone, unknown_reader_zone)
    app.register_error_handler(InternalServerError, internal_error)
    app.register_error_handler(OperationalError, database_unreachable)
    app.register_error_handler(InterfaceError, database_unreachable)
