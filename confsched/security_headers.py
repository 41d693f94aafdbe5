"""The web's standard defences on every response: a Content-Security-Policy, nosniff, no framing,
and no caching or Referer for pages whose URL is a secret.

Only the embeddable agenda may be framed, and only by the origins its organiser lists
(``allow_framing_by``); it is shown inside other sites, so it neither reads nor sets cookies.

The policy allows scripts, styles, images and fonts from this site only; no page has an
inline script or a <style> element (the editor's styles are in static/organiser.css).
Style *attributes* stay allowed (``style-src-attr 'unsafe-inline'``): the overview's
timeline places each block with computed custom properties (``--offset``, ``--lane``), and
moving them into a stylesheet would need a rule per value. They cannot run script, every
value in them is escaped, and stylesheets (the means of reading a page with CSS selectors)
remain limited to this site.
"""
from __future__ import annotations

from flask import Flask, Response, g, request

from confsched.programme.origins import is_origin

# Endpoints another site may show in a frame: the embeddable agenda. Every other page refuses
# framing, so no one-click button can be clickjacked.
EMBEDDABLE_ENDPOINTS = frozenset({"agenda.embed", "agenda.embed_workshop"})

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}
# Query parameters and path parts that make a URL a secret (invitation, confirmation and personal links).
SECRET_QUERY_PARAMETERS = ("invitation", "token")


def content_security_policy(frame_ancestors: tuple[str, ...] = ()) -> str:
    """The policy header's value: framed by the given origins only, by none when there are none."""
    directives = {**POLICY, "frame-ancestors": " ".join(frame_ancestors) or "'none'"}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def allow_framing_by(origins) -> None:
    """Let the listed origins frame this response, if its endpoint is embeddable (re-checked: each becomes policy)."""
    g.frame_ancestors = tuple(origin for origin in origins if is_origin(origin))


def sets_no_cookies() -> bool:
    """Whether this response is shown inside other sites, and so must neither read nor set a cookie."""
    return request.endpoint in EMBEDDABLE_ENDPOINTS


def url_carries_secret() -> bool:
    """Whether this request's URL holds a token that must not reach caches, logs of other sites or Referer."""
    return "token" in (request.view_args or {}) or any(name in request.args for name in SECRET_QUERY_PARAMETERS)


def add_security_headers(response: Response) -> Response:
    """Set the policy headers on every response, stricter where the URL is a secret."""
    frame_ancestors = g.get("frame_ancestors", ()) if request.endpoint in EMBEDDABLE_ENDPOINTS else ()
    response.headers["Content-Security-Policy"] = content_security_policy(frame_ancestors)
    response.headers["X-Content-Type-Options"] = "nosniff"
    # X-Frame-Options cannot name several origins (ALLOW-FROM is gone): framable pages rely on the policy alone.
    if not frame_ancestors:
        response.headers["X-Frame-Options"] = "DENY"
    if url_carries_secret():
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
    else:
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


def init_app(app: Flask) -> None:
    """Add the headers to every response the app sends."""
    app.after_request(add_security_headers)
