"""Read API: the public programme document of a conference, with derived UTC times."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify

from confsched.programme import document as programme_document
from confsched.programme.queries import load_programme

bp = Blueprint("programme_api", __name__, url_prefix="/api/v1")


@bp.get("/conferences/<slug>")
def conference_document(slug: str):
    """The public programme document; it never carries access data."""
    conference = load_programme(slug)
    if conference is None:
        return jsonify(error={"message": "No conference with this slug.", "field": "slug"}), 404
    body = programme_document.dumps(programme_document.export_document(conference, include_access=False))
    return Response(body, mimetype="application/json")
