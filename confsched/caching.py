"""Conditional requests: one indexed query on the conference decides a 304 before anything renders.

Calendar clients poll feeds every hour, so answering "not modified" must cost next to nothing.
Each process therefore remembers the versions it read for CONFSCHED_VERSION_CACHE_SECONDS
(1 s in production, off in tests and debug runs); a change made in this process forgets them at
once, and one made elsewhere is seen by every process within that second.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from flask import Flask, Response, abort, current_app, request
from sqlalchemy import select

from confsched.built_files import BuiltFileCache
from confsched.extensions import db
from confsched.programme.models import Conference
from confsched.programme.queries import finding, load_programme
from confsched.public_urls import base_url
from confsched.signals import programme_changed


@dataclass(frozen=True)
class ProgrammeVersion:
    """Enough about a conference to validate caches: its version and last change."""

    conference_id: int
    version: int
    updated_at: dt.datetime

    def etag(self, *variant: str) -> str:
        """A strong ETag for one representation (language, zone, format) of this version."""
        return "-".join(["c", str(self.conference_id), str(self.version), *variant])


class Validator(Protocol):
    """What conditional requests compare against: a programme's version, or a private feed's."""

    updated_at: dt.datetime | None

    def etag(self, *variant: str) -> str:
        """A strong ETag for one representation."""


class RecentVersions:
    """Versions read in the last moments, per slug; bounded, thread-safe, forgotten on local changes."""

    def __init__(self, max_age: float, capacity: int = 1024) -> None:
        """Keep at most `capacity` slugs, each for `max_age` seconds."""
        self.max_age = max_age
        self.capacity = capacity
        self._entries: dict[str, tuple[float, ProgrammeVersion]] = {}
        self._lock = threading.Lock()

    def get(self, slug: str) -> ProgrammeVersion | None:
        """The version read for this slug less than `max_age` seconds ago, if any."""
        entry = self._entries.get(slug)
        if entry is None or time.monotonic() - entry[0] >= self.max_age:
            return None
        return entry[1]

    def put(self, slug: str, version: ProgrammeVersion) -> None:
        """Remember a version just read; when full, start afresh rather than grow."""
        with self._lock:
            if len(self._entries) >= self.capacity:
                self._entries.clear()
            self._entries[slug] = (time.monotonic(), version)

    def forget(self) -> None:
        """Drop everything, after a change in this process (slugs themselves may have changed)."""
        with self._lock:
            self._entries.clear()


EXTENSION = "confsched_recent_versions"
BUILT_FILES_EXTENSION = "confsched_built_files"


def init_app(app: Flask) -> None:
    """Give the app its version memory and its cache of built files (feeds, exports, documents)."""
    app.config.setdefault("CONFSCHED_FEED_CACHE_SIZE", 128)
    app.config.setdefault("CONFSCHED_FEED_CACHE_DIR", None)
    shared_directory = app.config["CONFSCHED_FEED_CACHE_DIR"]
    # Only files shared between workers need to name the code that built them.
    identity = build_identity(app) if shared_directory else ""
    app.extensions[BUILT_FILES_EXTENSION] = BuiltFileCache(
        app.config["CONFSCHED_FEED_CACHE_SIZE"], shared_directory, identity)
    max_age = app.config.get("CONFSCHED_VERSION_CACHE_SECONDS")
    if max_age is None:
        max_age = 0 if (app.testing or app.debug) else 1.0
    if max_age > 0:
        app.extensions[EXTENSION] = RecentVersions(float(max_age))
    else:
        app.extensions.pop(EXTENSION, None)
    programme_changed.connect(_forget_versions)


def _forget_versions(conference, **_changes) -> None:
    """A programme changed in this process: the next conditional request asks the database again."""
    versions = current_app.extensions.get(EXTENSION)
    if versions is not None:
        versions.forget()


def programme_version(slug: str) -> ProgrammeVersion | None:
    """The conference's version by slug (unique index, or this process's memory of it), or None."""
    versions: RecentVersions | None = current_app.extensions.get(EXTENSION)
    remembered = versions.get(slug) if versions is not None else None
    if remembered is not None:
        return remembered
    row = db.session.execute(
        select(Conference.id, Conference.version, Conference.updated_at).where(*finding(slug))
    ).one_or_none()
    version = ProgrammeVersion(*row) if row else None
    if versions is not None and version is not None:
        versions.put(slug, version)
    return version


def not_modified(version: Validator, *variant: str, exists: bool = False) -> Response | None:
    """A 304 response when the client's copy is current, else None (then render and call `validated`).

    Compared directly, as RFC 9110 says: If-None-Match (weakly) when sent, else If-Modified-Since;
    this is the hot path of every calendar poll, so nothing else is parsed or built. A matching
    ETag names a representation that existed at this version, but "*" matches anything that exists,
    and only rendering can tell whether a workshop does: so "*" is answered once `exists` is known
    (404 beats 304).
    """
    if request.if_none_match:
        if request.if_none_match.star_tag and not exists:
            return None
        current = request.if_none_match.contains_weak(version.etag(*variant))
    elif request.if_modified_since and version.updated_at is not None:
        current = version.updated_at.replace(microsecond=0) <= request.if_modified_since
    else:
        return None
    return validated(Response(status=304), version, *variant) if current else None


def validated(response: Response, version: Validator, *variant: str) -> Response:
    """Attach ETag and Last-Modified (when the version has one) so clients can ask again conditionally."""
    response.set_etag(version.etag(*variant))
    if version.updated_at is not None:
        response.last_modified = version.updated_at
    return response


def build_identity(app: Flask) -> str:
    """What besides the programme and base URL shapes a built file: code, catalogues and UID host (keys the shared cache)."""
    digest = hashlib.sha256()
    digest.update(f"CONFSCHED_HOST={app.config.get('CONFSCHED_HOST')}\n".encode())
    package = Path(__file__).parent
    catalogues = Path(app.config.get("BABEL_TRANSLATION_DIRECTORIES", ""))
    for path in [*sorted(package.rglob("*.py")), *sorted(catalogues.glob("*/LC_MESSAGES/*.mo"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def built_file_cache() -> BuiltFileCache:
    """The current app's cache of built feeds, exports and documents."""
    return current_app.extensions[BUILT_FILES_EXTENSION]


def serve_built(slug: str, variant: tuple[str, ...], content_type: str, filename: str,
                build: Callable[[object], bytes | None]) -> Response:
    """Serve a file built from a whole programme: one cheap query decides 404 or 304; otherwise the
    file comes from the cache or is built once. `build` gets the loaded conference and may return
    None for "no such thing" (a 404, even to `If-None-Match: *`)."""
    version = programme_version(slug)
    if version is None:
        abort(404)
    compressed = request.accept_encodings["gzip"] > 0
    representation = (*variant, "gzip") if compressed else variant
    cached = not_modified(version, *representation)
    if cached is not None:
        return _revalidation_headers(cached)

    def load_and_build() -> bytes:
        """Load the programme (fixed number of statements) and build; 404 when the builder finds nothing."""
        conference = load_programme(slug)
        body = build(conference) if conference is not None else None
        if body is None:
            abort(404)
        return body

    cache = built_file_cache()
    # Built files hold absolute links, so the base URL they were built for is part of their identity.
    key = (version.conference_id, version.version, version.updated_at, *variant, base_url())
    body = cache.get_or_build(key, load_and_build)
    cached = not_modified(version, *representation, exists=True)
    if cached is not None:
        return _revalidation_headers(cached)
    if compressed:
        body = cache.get_or_build((*key, "gzip"), lambda: gzip_bytes(body))
    response = encoded_response(body, content_type, filename, gzipped=compressed)
    return validated(_revalidation_headers(response), version, *representation)


def gzip_bytes(body: bytes) -> bytes:
    """The body compressed; mtime=0 keeps the compressed bytes identical for identical data, like the plain ones."""
    return gzip.compress(body, compresslevel=6, mtime=0)


def encoded_response(body: bytes, content_type: str, filename: str, *, gzipped: bool) -> Response:
    """A built file as an inline download; `gzipped` says the body is already compressed."""
    response = Response(body, content_type=content_type)
    if gzipped:
        response.content_encoding = "gzip"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _revalidation_headers(response: Response) -> Response:
    """What a public file's 200 and its 304 both carry (RFC 9110 §15.4.5): Vary, and Cache-Control letting any
    cache keep it but only after asking."""
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return response
