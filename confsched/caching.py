"""Conditional requests: one indexed query on the conference decides a 304 before anything renders.

Calendar clients poll feeds every hour, so answering "not modified" must cost next to nothing.
Each process therefore remembers the versions it read for CONFSCHED_VERSION_CACHE_SECONDS
(1 s in production, off in tests and debug runs); a change made in this process forgets them at
once, and one made elsewhere is seen by every process within that second.
"""
from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

from flask import Flask, Response, current_app, request
from sqlalchemy import select

from confsched.signals import programme_changed

from confsched.extensions import db
from confsched.programme.models import Conference


@dataclass(frozen=True)
class ProgrammeVersion:
    """Enough about a conference to validate caches: its version and last change."""

    conference_id: int
    version: int
    updated_at: dt.datetime

    def etag(self, *variant: str) -> str:
        """A strong ETag for one representation (language, zone, format) of this version."""
        return "-".join(["c", str(self.conference_id), str(self.version), *variant])


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


def init_app(app: Flask) -> None:
    """Give the app its version memory: CONFSCHED_VERSION_CACHE_SECONDS, by default 1 s unless testing or debugging."""
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
        select(Conference.id, Conference.version, Conference.updated_at).where(Conference.slug == slug)
    ).one_or_none()
    version = ProgrammeVersion(*row) if row else None
    if versions is not None and version is not None:
        versions.put(slug, version)
    return version


def not_modified(version: ProgrammeVersion, *variant: str) -> Response | None:
    """A 304 response when the client's copy is current, else None (then render and call `validated`).

    Compared directly, as RFC 9110 says: If-None-Match (weakly) when sent, else If-Modified-Since;
    this is the hot path of every calendar poll, so nothing else is parsed or built.
    """
    if request.if_none_match:
        current = request.if_none_match.contains_weak(version.etag(*variant))
    elif request.if_modified_since:
        current = version.updated_at.replace(microsecond=0) <= request.if_modified_since
    else:
        return None
    return validated(Response(status=304), version, *variant) if current else None


def validated(response: Response, version: ProgrammeVersion, *variant: str) -> Response:
    """Attach ETag and Last-Modified so clients can ask again conditionally."""
    response.set_etag(version.etag(*variant))
    response.last_modified = version.updated_at
    return response
