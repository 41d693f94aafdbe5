"""Conditional requests: one indexed query on the conference decides a 304 before anything renders."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import Response, request
from sqlalchemy import select

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


def programme_version(slug: str) -> ProgrammeVersion | None:
    """The conference's version by slug (unique index), or None."""
    row = db.session.execute(
        select(Conference.id, Conference.version, Conference.updated_at).where(Conference.slug == slug)
    ).one_or_none()
    return ProgrammeVersion(*row) if row else None


def not_modified(version: ProgrammeVersion, *variant: str) -> Response | None:
    """A 304 response when the client's copy is current, else None (then render and call `validated`)."""
    probe = Response()
    validated(probe, version, *variant)
    return probe if probe.make_conditional(request).status_code == 304 else None


def validated(response: Response, version: ProgrammeVersion, *variant: str) -> Response:
    """Attach ETag and Last-Modified so clients can ask again conditionally."""
    response.set_etag(version.etag(*variant))
    response.last_modified = version.updated_at
    return response
