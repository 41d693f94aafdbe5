"""The printed programme: an A4 PDF of the published programme in one language or both, made on the server."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the PDF route."""
    from confsched.printing import views

    app.register_blueprint(views.bp)
