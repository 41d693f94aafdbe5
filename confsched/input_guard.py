"""Limits on what any request may carry, applied before a view sees it.

PostgreSQL cannot store NUL, a header cannot hold a line break, and deeply nested JSON exhausts the
parser's and the validator's recursion. So a path with control characters is a 404, so is a number in
a path beyond what a database column holds, a NUL in the query is a 400, and JSON nested deeper than
any programme document needs is not parsed at all. Texts in
forms and JSON bodies are checked field by field (confsched.programme.texts), with a message per field.
"""
from __future__ import annotations

from flask import Flask, abort, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from confsched.input_limits import MAX_JSON_DEPTH, has_control_characters, has_nul, json_too_deep


class StoredIntegerConverter(IntegerConverter):
    """`<int:…>` in every route, limited to what an INTEGER column holds, so a huge number is a 404, not a crash."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):  # noqa: A002 - werkzeug's names
        """Werkzeug's converter with a default upper bound."""
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing bodies nested deeper than MAX_JSON_DEPTH before parsing them."""

    def loads(self, s, **kwargs):
        """Parse, unless nesting alone would exhaust the recursion of whoever walks the result."""
        if json_too_deep(s):
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        return super().loads(s, **kwargs)


def refuse_malformed_input() -> None:
    """Control characters in the path, NUL in the query or JSON sent to a page end the request here.

    Texts in bodies are the field rules' business (confsched.programme.texts), with a message per field.
    """
    if has_control_characters(request.path):
        abort(404)
    # Other control characters in a query are each parameter's own business (zones, return paths refuse them).
    if has_nul(request.query_string.decode("latin-1")) or any(
            "\x00" in name or "\x00" in value for name, value in request.args.items(multi=True)):
        abort(400, description=_("The address contains characters that are not allowed in it."))
    # Pages take forms; only the API reads JSON (Flask-WTF would otherwise try to read any JSON as a form).
    if request.is_json and request.method not in ("GET", "HEAD") and not request.path.startswith("/api/"):
        abort(415, description=_("This address takes a form, not JSON."))


def init_app(app: Flask) -> None:
    """Install the bounded JSON provider and the input check."""
    app.json = BoundedJSONProvider(app)
    app.url_map.converters["int"] = StoredIntegerConverter
    app.before_request(refuse_malformed_input)
