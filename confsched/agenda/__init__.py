"""Public agenda pages in German and Turkish, with both reference zones and the reader's own."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from confsched.agenda.page_cache import PageCache

DEFAULT_PAGE_CACHE_SIZE = 512


@dataclass
class AgendaState:
    """Per-app agenda state: the render cache and the digest that versions templates and assets."""

    page_cache: PageCache
    render_digest: str


def init_app(app: Flask) -> None:
    """Register the pages, the error pages and the template helpers, and size the render cache."""
    from confsched.agenda import errors, templating, views

    # The package root covers every blueprint's static folder (agenda, organiser, registration).
    roots = [Path(app.template_folder), Path(app.root_path), Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])]
    # In debug mode templates reload on change, so a cache would show stale pages.
    size = 0 if app.debug else app.config.get("CONFSCHED_PAGE_CACHE_SIZE", DEFAULT_PAGE_CACHE_SIZE)
    app.extensions["confsched_agenda"] = AgendaState(PageCache(size), templating.render_digest(roots))
    templating.init_app(app)
    errors.init_app(app)
    app.register_blueprint(views.bp)
