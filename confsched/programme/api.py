"""Read API: the public programme document of a conference, with derived UTC times."""
from __future__ import annotations

from flask import Blueprint, jsonify
from werkzeug.exceptions import NotFound

from confsched.caching import serve_built
from confsched.programme import document as programme_document

bp = Blueprint("programme_api", __name__, url_prefix="/api/v1")
JSON_TYPE = "application/json"


@bp.get("/conferences/<slug>")
def conference_document(slug: str):
    """The public programme document (never with access data), cached by programme version like the feeds."""
    try:
        return serve_built(slug, ("document",), JSON_TYPE, f"{slug}.json", _build_document)
    except NotFound:
        return jsonify(error={"message": "No conference with this slug.", "field": "slug"}), 404


def _build_document(conference) -> bytes:
    """The public document as UTF-8 bytes."""
    document = programme_document.export_document(conference, include_access=False)
    return programme_document.dumps(document).encode("utf-8")
