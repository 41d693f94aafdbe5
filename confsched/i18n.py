"""Request locale: the URL's language, then the reader's cookie, then Accept-Language, then German."""
from __future__ import annotations

from flask import Flask, current_app, request

from confsched.extensions import babel

LANGUAGE_COOKIE = "confsched_lang"


def select_locale() -> str:
    """Pick the language for this request from the most explicit source available."""
    languages = current_app.config["LANGUAGES"]
    from_url = (request.view_args or {}).get("lang")
    if from_url in languages:
        return from_url
    from_cookie = request.cookies.get(LANGUAGE_COOKIE)
    if from_cookie in languages:
        return from_cookie
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our locale selector."""
    babel.init_app(app, locale_selector=select_locale)
