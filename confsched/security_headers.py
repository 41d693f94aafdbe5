"""The web's standard defences on every response: a Content-Security-Policy, nosniff, no framing,
and no caching or Referer for pages whose URL is a secret.

The policy allows scripts, styles, images and fonts from this site only; no page has an
inline script or a <style> element (the editor's styles are in static/organiser.css).
Style *attributes* stay allowed (``style-src-attr 'unsafe-inline'``): the overview's
timeline places each block with computed custom properties (``--offset``, ``--lane``), and
moving them into a stylesheet would need a rule per value. They cannot run script, every
value in them is escaped, and stylesheets (the means of reading a page with CSS selectors)
remain limited to this site.
"""
from __future__ import annotations

from flask import Flask, Response, request

# Endpoints another site may show in a frame, e.g. an embeddable agenda once there is one; add its
# endpoint here. Every other page refuses framing, so no one-click button can be clickjacked.
EMBEDDABLE_ENDPOINTS: frozenset[str] = frozenset()

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


def content_security_policy(embeddable: bool) -> str:
    """The policy header's value; `embeddable` pages may be framed by any site, all others by none."""
    directives = {**POLICY, "frame-ancestors": "*" if embeddable else "'none'"}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def url_carries_secret() -> bool:
    """Whether this request's URL holds a token that must not reach caches, logs of other sites or Referer."""
    return "token" in (request.view_args or {}) or any(name in request.args for name in SECRET_QUERY_PARAMETERS)


def add_security_headers(response: Response) -> Response:
    """Set the policy headers on every response, stricter where the URL is a secret."""
    embeddable = request.endpoint in EMBEDDABLE_ENDPOINTS
    response.headers["Content-Security-Policy"] = content_security_policy(embeddable)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if not embeddable:
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
