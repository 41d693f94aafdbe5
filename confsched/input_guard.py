"""Limits on what any request may carry, applied before a view sees it.

PostgreSQL cannot store NUL, a header cannot hold a line break, and deeply nested JSON exhausts the
parser's and the validator's recursion. So a path with control characters is a 404, so is a number in
a path beyond what a database column holds, a NUL in the query is a 400, and JSON nested deeper than
any programme document needs is not parsed at all. Texts in forms and JSON bodies are checked field by
field (confsched.programme.texts), with a message per field.
"""
from __future__ import annotations

from flask import Flask, abort, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from confsched.input_limits import (MAX_JSON_DEPTH, has_control_characters, has_nul, json_too_deep,
                                    lone_surrogate_path)


class StoredIntegerConverter(IntegerConverter):
    """`<int:…>` in every route, limited to what an INTEGER column holds, so a huge number is a 404, not a crash."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):  # noqa: A002 - werkzeug's names
        """Werkzeug's converter with a default upper bound, also in its pattern.

        Werkzeug checks the bound only for the rule whose method matches, so a bound in to_python alone would make
        DELETE …/items/2147483648 a 405 naming the route's other methods instead of a 404.
        """
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
        if not fixed_digits and not signed and max is not None:
            self.regex = f"0*(?:{digits_up_to(max)})"


def digits_up_to(limit: int) -> str:
    """A pattern for the decimal numbers from 0 to `limit`, without leading zeros."""
    digits = str(limit)
    shorter = [r"\d"] + [rf"[1-9]\d{{{length - 1}}}" for length in range(2, len(digits))]
    same_length = [digits]
    for position, digit in enumerate(digits):
        lowest = 1 if position == 0 and len(digits) > 1 else 0
        if int(digit) > lowest:
            rest = len(digits) - position - 1
            same_length.append(f"{digits[:position]}[{lowest}-{int(digit) - 1}]" + (rf"\d{{{rest}}}" if rest else ""))
    return "|".join(same_length + (shorter if len(digits) > 1 else []))


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing bodies nested deeper than MAX_JSON_DEPTH before parsing them, and strings no UTF-8 text
    can hold after."""

    def loads(self, s, **kwargs):
        """Parse, unless nesting alone would exhaust the recursion of whoever walks the result."""
        if json_too_deep(s):
            raise ValueError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        value = super().loads(s, **kwargs)
        if lone_surrogate_path(value) is not None:
            raise ValueError("JSON string with a lone surrogate")
        return value


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
