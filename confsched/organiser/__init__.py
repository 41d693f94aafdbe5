"""The organiser workspace: accounts and sign-in, the programme editor, its history and the write API."""
from __future__ import annotations

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import lazy_gettext

from confsched.extensions import csrf, login_manager
from confsched.security_headers import sets_no_cookies


class SchemeAwareSessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS, even if the config does not force it.

    A fixed SESSION_COOKIE_SECURE=True would break sign-in on http://localhost during
    development; a fixed False would send the cookie in clear if a proxy ever serves
    plain HTTP. Deciding per request (behind a proxy, with ProxyFix trusting its
    X-Forwarded-Proto) gives HTTPS deployments Secure cookies without configuration.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure when configured so, or when this request arrived over HTTPS."""
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure

    def save_session(self, app: Flask, session, response: Response) -> None:
        """Save as Flask does, but a response declared public does not vary by the session cookie, and an embeddable one
        carries no cookie at all.

        Flask-Login's after-request hook reads the session on every request, and Flask then adds
        `Vary: Cookie`: shared caches would keep one copy of each public feed per visitor's cookie.
        A response that is the same for everyone (Cache-Control: public) never depends on it.
        """
        if sets_no_cookies():
            # Pages shown inside other sites: the session is neither saved nor sent, nor any cookie a hook set.
            response.headers.remove("Set-Cookie")
            return
        super().save_session(app, session, response)
        if response.cache_control.public and not session.modified:
            response.vary.discard("cookie")  # lower case: werkzeug's HeaderSet.remove matches only that


def init_app(app: Flask) -> None:
    """Wire sign-in, CSRF protection, the editor, the write API and the account commands into the app."""
    from confsched.organiser import api, cli, history, views  # noqa: F401 - history subscribes to changes

    app.config.setdefault("CONFSCHED_LOCKOUT_FAILURES", 5)
    app.config.setdefault("CONFSCHED_LOCKOUT_MINUTES", 15)
    app.config.setdefault("CONFSCHED_SIGN_IN_LIMIT", "10 per minute; 60 per hour")
    # Editors spend long stretches typing both languages into one form; a token tied to the
    # session stays valid for a working day instead of Flask-WTF's default hour.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    if not app.config.get("SESSION_COOKIE_SAMESITE"):
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.session_interface = SchemeAwareSessionInterface()

    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "organiser.sign_in"
    login_manager.login_message = lazy_gettext("Please sign in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(_load_organiser)

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    cli.init_app(app)


def _load_organiser(session_user_id: str):
    """The signed-in organiser from the session cookie, if the session's version is still the account's."""
    from confsched.organiser.accounts import organiser_for_session

    return organiser_for_session(session_user_id)
