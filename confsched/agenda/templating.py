"""What every template gets: the page language, the language switch and cache-busting asset URLs."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_time
from flask import Flask, current_app, g, request, url_for
from flask_babel import get_locale, gettext, lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from confsched.agenda.reader_zone import picker_groups
from confsched.programme import interpretation
from confsched.programme.links import clickable


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switch, named in its own language."""

    code: str
    endonym: str
    url: str
    is_current: bool
    names_language_in_url: bool


def page_language() -> str:
    """The language this response is in (the locale Flask-Babel selected)."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def language_links() -> list[LanguageLink]:
    """The same page in every language: by URL where the URL names the language, else through the cookie route."""
    current = page_language()
    view_args = request.view_args or {}
    query = g.get("language_query")
    if query is None:
        query = request.args.to_dict()
    in_url = bool(request.endpoint) and "lang" in view_args
    links = []
    for code in current_app.config["LANGUAGES"]:
        if in_url:
            url = url_for(request.endpoint, **{**query, **view_args, "lang": code})
        else:
            url = url_for("agenda.choose_language", lang=code, next=_current_path())
        links.append(LanguageLink(code, Locale.parse(code).get_display_name(code), url, code == current, in_url))
    return links


def _current_path() -> str:
    """This request's path and query, for coming back after the language is switched."""
    return request.full_path.rstrip("?")


def language_name(code: str) -> str:
    """A language's name in the page language: 'Türkisch' on a German page, 'Almanca' on a Turkish one."""
    return Locale.parse(page_language()).languages.get(code, code)


def spoken_languages(statement: interpretation.LanguageStatement, mode: str | None = None) -> str:
    """What is spoken and interpreted, in the page language: 'Türkisch, simultan gedolmetscht ins Deutsche'."""
    return interpretation.describe(statement, mode, page_language(), gettext)


# The zone picker's groups (IANA areas, see reader_zone.ZONE_REGIONS), as every zone list shows them.
REGION_NAMES = {
    "Europe": _l("Europe"), "Asia": _l("Asia"), "Africa": _l("Africa"), "America": _l("Americas"),
    "Atlantic": _l("Atlantic"), "Indian": _l("Indian Ocean"), "Pacific": _l("Pacific"), "Australia": _l("Australia"),
    "Antarctica": _l("Antarctica"), "Arctic": _l("Arctic"), "": _l("Other zones"),
}


def zone_choices(language: str, keep: str | None = None) -> dict[str, list[SelectChoice]]:
    """Every common zone by its city in the language, grouped as on the agenda pages; the value is the IANA name.

    `keep` is a stored zone outside the common list (an old alias), offered under its own name so a form
    shown and saved unchanged does not swap it for the first city.
    """
    groups = {str(REGION_NAMES[area]): [SelectChoice(option.zone_name, option.city) for option in options]
              for area, options in picker_groups(language)}
    if keep and not any(choice.value == keep for group in groups.values() for choice in group):
        groups.setdefault(str(REGION_NAMES[""]), []).append(SelectChoice(keep, keep.replace("_", " ")))
    return groups


def utc_instant(instant: dt.datetime | None) -> str:
    """A stored UTC instant as the page language writes a date and time ('02.12.2026, 14:30' / '2 Ara 2026 14:30')."""
    if instant is None:
        return ""
    language = page_language()
    return (f"{format_date(instant, 'medium', locale=language)} "
            f"{format_time(instant, 'short', tzinfo=dt.timezone.utc, locale=language)}")


def reading_date(date: dt.date) -> str:
    """A calendar date as the page language writes it, never as ISO."""
    return format_date(date, "medium", locale=page_language())


# A year: a versioned URL names one version of the file for good, so browsers need never ask again.
VERSIONED_ASSET_MAX_AGE = 365 * 24 * 60 * 60


def asset_url(filename: str, endpoint: str = "static") -> str:
    """A static file's URL that changes whenever the templates, styles or catalogues do."""
    return url_for(endpoint, filename=filename, v=current_app.extensions["confsched_agenda"].render_digest)


def cache_versioned_assets(response):
    """Let browsers keep a static file fetched under the current version for a year; other fetches revalidate."""
    endpoint = request.endpoint or ""
    if (endpoint == "static" or endpoint.endswith(".static")) and response.status_code == 200 \
            and request.args.get("v") == current_app.extensions["confsched_agenda"].render_digest:
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = VERSIONED_ASSET_MAX_AGE
        response.cache_control.immutable = True
    return response


def render_digest(roots: list[Path]) -> str:
    """A short digest of everything a rendered page depends on besides the data, for ETags and asset URLs."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else ():
            if path.is_file() and path.suffix in (".html", ".css", ".js", ".svg", ".mo", ".txt"):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def init_app(app: Flask) -> None:
    """Expose the helpers to every template."""
    app.jinja_env.globals.update(language_links=language_links, asset_url=asset_url, zone_region_names=REGION_NAMES)
    app.after_request(cache_versioned_assets)
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["spoken_languages"] = spoken_languages
    app.jinja_env.filters["utc_instant"] = utc_instant
    app.jinja_env.filters["reading_date"] = reading_date
    # A stored address becomes a link's href only if it is https (older data may hold anything).
    app.jinja_env.filters["clickable"] = clickable
    app.context_processor(page_context)


def page_context() -> dict:
    """The page language, and the query every internal link carries (the reader's zone on agenda pages)."""
    return {"page_language": page_language(), "link_args": g.get("language_query") or {}}
