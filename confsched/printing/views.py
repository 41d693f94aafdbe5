"""`/<lang>/<slug>/programme.pdf`: the printed programme, built once per version, language, edition and day."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, current_app, request
from flask_babel import gettext as _

from confsched.caching import serve_built
from confsched.printing.pdf import UnknownEdition, edition_languages
from confsched.printing.programme import programme_pdf

bp = Blueprint("printing", __name__)

PDF_TYPE = "application/pdf"


@bp.get("/<any(de,tr):lang>/<slug>/programme.pdf")
def programme(lang: str, slug: str) -> Response:
    """The programme as an A4 PDF in the URL's language, or with `?edition=both` in German and Turkish."""
    edition = request.args.get("edition")
    try:
        languages = edition_languages(lang, edition, tuple(current_app.config["LANGUAGES"]))
    except UnknownEdition:
        abort(400, _("The printed programme exists in one language or, with “edition=both”, in both."))
    now = dt.datetime.now(dt.timezone.utc)
    # The print date is part of the file, so a new day (UTC) builds a new one; the ETag says so.
    variant = ("pdf", *languages, now.date().isoformat(), current_app.extensions["confsched_agenda"].render_digest)
    filename = f"{slug}-{'-'.join(languages)}.pdf"
    return serve_built(slug, variant, PDF_TYPE, filename, lambda conference: programme_pdf(conference, languages, now))
