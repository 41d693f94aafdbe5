"""The printed programme: an A4 PDF of the published programme in one language or both, made on the server."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the PDF route, and give templates the absolute addresses that printed links show."""
    from confsched.printing import views
    from confsched.public_urls import external_url

    app.jinja_env.globals["public_url"] = external_url
    app.register_blueprint(views.bp)
