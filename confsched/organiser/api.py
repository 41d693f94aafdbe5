"""Write API under /api/v1: the editor's operations as JSON, for organisers holding a bearer token.

Every route is registered through ``operation()``, which also records what the
OpenAPI document (``confsched.organiser.openapi``) says about it, so the
document cannot drift from the routes. Session cookies are ignored here on
purpose: without them, a forged cross-site request carries no credentials.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import wraps

from flask import Blueprint, Response, g, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from confsched import zonedisplay
from confsched.agenda.errors import kept_headers
from confsched.agenda.templating import page_language
from confsched.extensions import db
from confsched.organiser import accounts, day_table, deleting, fields, membership, publishing
from confsched.organiser.history import acting_as, conference_history, problem_text
from confsched.programme import document as programme_document
from confsched.programme import deletions, editing, releases, reporting
from confsched.programme.problems import Problem, ProgrammeRejected
from confsched.programme.speakers import speakers_by_key

bp = Blueprint("organiser_api", __name__, url_prefix="/api/v1")

CONFLICTS = {"duplicate_key", "duplicate_number", "still_used", "last_day", "nothing_to_release", "release_outdated",
             "release_not_kept"}


@dataclass
class ApiOperation:
    """What the OpenAPI document says about one route."""

    method: str
    path: str
    endpoint: str
    summary: str
    body: dict | None = None
    response: str = "Outcome"
    status: int = 200
    query: list = field(default_factory=list)
    public: bool = False
    # What a dry run answers, when it is not what the operation itself answers.
    preview: str | None = None


OPERATIONS: list[ApiOperation] = []


class ApiError(Exception):
    """A refusal with an HTTP status, a message in the reader's language and the field at fault."""

    def __init__(self, status: int, message: str, field_name: str | None = None, problems=()):
        self.status, self.message, self.field, self.problems = status, message, field_name, list(problems)
        super().__init__(message)


def error_response(status: int, message: str, field_name: str | None = None, problems=(),
                   headers: dict | None = None) -> Response:
    """The one JSON shape every API error has."""
    response = jsonify(error={"message": message, "field": field_name, "problems": list(problems)})
    response.status_code = status
    response.headers.update(headers or {})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="confsched"'
    return response


def problem_json(problem: Problem, outline: reporting.Outline | None = None) -> dict:
    """A problem for API clients: code, field (the machine location), message in the reader's language, severity;
    for a document, also the place in words ("Fachworkshop 2, 15. Juni, Punkt 5")."""
    found = {"code": problem.code, "field": problem.location or None, "message": problem_text(problem),
             "severity": problem.severity}
    if outline is not None and problem.location:
        found["place"] = reporting.place_in_words(problem.location, outline, page_language(), _)
    return found


@bp.errorhandler(ApiError)
def _api_error(error: ApiError):
    """Answer a refusal as JSON."""
    return error_response(error.status, error.message, error.field, error.problems)


@bp.errorhandler(ProgrammeRejected)
def _rejected(rejection: ProgrammeRejected):
    """Answer refused input with every problem, the first one's message and field up front."""
    return rejection_response(rejection)


def rejection_response(rejection: ProgrammeRejected, outline: reporting.Outline | None = None) -> Response:
    """Refused input as an API error; with a document's outline each problem also names its place in words."""
    first = rejection.problems[0]
    status = 404 if first.code == "not_found" else 409 if first.code in CONFLICTS else 400
    return error_response(status, problem_text(first), first.location or None,
                          [problem_json(problem, outline) for problem in rejection.problems])


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    """Oversized bodies, wrong methods and the like, in the API's error shape."""
    return error_response(error.code or 500, error.description or error.name, headers=kept_headers(error))


def operation(method: str, path: str, summary: str, body: dict | None = None, response: str = "Outcome",
              status: int = 200, query: tuple = (), public: bool = False, preview: str | None = None):
    """Register a route and describe it for the OpenAPI document; non-public routes need a bearer token."""
    def register(view):
        endpoint = view.__name__

        @wraps(view)
        def guarded(**kwargs):
            if public:
                return view(**kwargs)
            with acting_as(_authenticated(), "api"):
                return view(**kwargs)

        OPERATIONS.append(ApiOperation(method, path, endpoint, summary, body, response, status, list(query), public,
                                       preview))
        bp.add_url_rule(path, endpoint, guarded, methods=[method])
        return view

    return register


def _authenticated():
    """The organiser behind the request's bearer token, or a 401."""
    scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
    organiser = accounts.organiser_for_token(secret.strip()) if scheme.lower() == "bearer" else None
    if organiser is None:
        raise ApiError(401, _("Send a valid API token as “Authorization: Bearer …”."))
    g.api_organiser = organiser
    return organiser


def _body(spec: fields.Spec, partial: bool = False, extra: tuple = ()) -> tuple[dict, dict]:
    """The JSON body cleaned by a spec; fields named in `extra` are returned apart, uncleaned."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ApiError(400, _("The request body must be a JSON object."))
    separate = {name: payload.pop(name) for name in extra if name in payload}
    return spec.clean(payload, partial=partial), separate


def _conference(slug: str, whole: bool = True):
    """The working draft of a conference the organiser may edit, fully loaded, or 404/403.

    `whole=False` loads only its own row, for reads and edits of one workshop (which load that workshop).
    """
    conference = releases.working_draft(slug, whole, may_make=g.api_organiser.can_edit)
    if conference is None:
        raise ApiError(404, _("There is no conference with this address."), "slug")
    if not g.api_organiser.can_edit(conference):
        raise ApiError(403, _("You are not an organiser of this conference."), "slug")
    return conference


def _published(slug: str):
    """The published row of a conference the organiser may edit, released or not, for what belongs to the conference
    rather than its draft (deleting it, publishing it), or 404/403."""
    conference = releases.published_programme(slug)
    if conference is None:
        raise ApiError(404, _("There is no conference with this address."), "slug")
    if not g.api_organiser.can_edit(conference):
        raise ApiError(403, _("You are not an organiser of this conference."), "slug")
    return conference


def _dry_run() -> bool:
    """Whether the client asked only to see what would happen: dry_run is a boolean, true or false."""
    value = request.args.get("dry_run", "false").lower()
    if value not in ("true", "false"):
        raise ProgrammeRejected([Problem("schema_type", "dry_run", {"field": "dry_run"})])
    return value == "true"


def _outcome(outcome: editing.Outcome, status: int = 200, **payload) -> tuple[Response, int]:
    """A successful write: whether and what it changed, the warnings, and the resource."""
    return jsonify(
        changed=bool(outcome.changes),
        changes=[change.message(_) for change in outcome.changes],
        warnings=[problem_json(problem) for problem in outcome.warnings],
        **payload,
    ), status


# Representations


def conference_json(conference) -> dict:
    """A conference's own fields and its version."""
    return {
        "slug": conference.slug, "title": dict(conference.title or {}), "subtitle": dict(conference.subtitle or {}),
        "primary_zone": conference.primary_zone, "secondary_zone": conference.secondary_zone,
        "start_date": conference.start_date.isoformat() if conference.start_date else None,
        "end_date": conference.end_date.isoformat() if conference.end_date else None,
        "reminder_minutes": list(conference.reminder_minutes),
        "embed_origins": list(conference.embed_origins or []),
        "languages": list(conference.languages or []), "interpretation": conference.interpretation,
        "version": conference.version,
        "workshops": [workshop_json(workshop) for workshop in conference.workshops],
    }


def workshop_json(workshop) -> dict:
    """A workshop with its days' windows, as entered and in UTC, and their SEQUENCE."""
    return {
        "number": workshop.number, "title": dict(workshop.title or {}), "status": workshop.status.value,
        "platform": workshop.platform.key if workshop.platform else None, "capacity": workshop.capacity,
        "days": [day_json(index, day) for index, day in enumerate(workshop.days, start=1)],
        "assignments": [assignment_json(assignment) for assignment in workshop.assignments],
    }


def day_json(number: int, day) -> dict:
    """One day's window."""
    values = editing.day_values(day)
    return {
        "day": number, "date": values["date"].isoformat(), "zone": day.zone,
        "local_start": f"{values['local_start']:%H:%M}", "local_end": f"{values['local_end']:%H:%M}",
        "ends_next_day": values["ends_next_day"],
        "start": programme_document.utc_iso(day.starts_at), "end": programme_document.utc_iso(day.ends_at),
        "doors_open_minutes": day.doors_open_minutes, "informal_end_minutes": day.informal_end_minutes,
        "doors_open": programme_document.utc_iso(day.doors_open_at) if day.doors_open_at else None,
        "informal_end": programme_document.utc_iso(day.informal_end_at) if day.informal_end_at else None,
        "sequence": day.sequence,
        "spoken_languages": values["spoken_languages"], "interpreted_into": values["interpreted_into"],
    }


def assignment_json(assignment) -> dict:
    """A person or placeholder in a role."""
    return {
        "id": assignment.id, "role": assignment.role.value,
        "person": assignment.person.key if assignment.person else None,
        "organisation": assignment.organisation.key if assignment.organisation else None,
        "tbc": bool(assignment.tbc), "organisation_itself": bool(assignment.organisation_itself),
        "note": dict(assignment.note or {}),
    }


def agenda_json(conference, workshop, day, rows) -> dict:
    """A day's agenda with each item's start and end in UTC and in both reference zones."""
    items_by_id = {item.id: item for item in day.items}
    return {
        "workshop": workshop.number,
        "day": day.position + 1,
        "zones": list(conference.reference_zones),
        "items": [row_json(row, items_by_id.get(row.item_id), conference.reference_zones) for row in rows],
    }


def row_json(row: editing.AgendaRow, item, zones: list[str]) -> dict:
    """One agenda line, its start and end also as wall-clock times in each reference zone."""
    return {
        "id": row.item_id, "number": row.number, "depth": row.depth, "kind": row.kind, "title": row.title,
        "duration_minutes": row.duration_minutes,
        "start": programme_document.utc_iso(row.start) if row.start else None,
        "local_starts": {zone: zonedisplay.clock_text(row.start, zone) for zone in zones} if row.start else {},
        "local_ends": {zone: zonedisplay.clock_text(row.end, zone) for zone in zones} if row.end else {},
        "moved_minutes": row.moved_minutes,
        "assignments": [assignment_json(assignment) for assignment in item.assignments] if item else [],
        "spoken_languages": list(item.spoken_languages or []) if item else [],
        "interpreted_into": list(item.interpreted_into or []) if item else [],
    }


def entry_json(slug: str, collection: str, key: str) -> dict:
    """An organisation, person or platform as the private programme document writes it (access data included).

    The conference is loaded afresh: after a commit, secret access data may only be read by an explicit load.
    """
    document = programme_document.export_document(releases.working_draft(slug), include_access=True)
    return next(entry for entry in document.get(collection, []) if entry["key"] == key)


# Conferences


@operation("POST", "/conferences", "Create a conference; you become its organiser.",
           body=fields.CONFERENCE.json_schema(), response="Conference", status=201)
def create_conference():
    """Create a conference."""
    values, _extra = _body(fields.CONFERENCE)
    conference = membership.create_conference(values, g.api_organiser)
    return jsonify(conference=conference_json(conference), changes=[], warnings=[]), 201


@operation("PATCH", "/conferences/<slug>", "Change a conference's fields.",
           body=fields.CONFERENCE.json_schema(partial=True), response="Conference")
def update_conference(slug: str):
    """Change a conference."""
    conference = _conference(slug)
    values, _extra = _body(fields.CONFERENCE, partial=True)
    return _outcome(editing.update_conference(conference, values), conference=conference_json(conference))


@operation("DELETE", "/conferences/<slug>", "Delete a conference with its programme, invitation list and history. What is deleted "
           "can be restored from the editor (list of conferences) for 30 days.",
           response="Empty", status=204)
def delete_conference(slug: str):
    """Delete a conference (its published programme and its draft)."""
    deleting.delete_conference(_published(slug))
    return "", 204


@operation("GET", "/conferences/<slug>/document", "The private programme document, with platform access data.",
           response="Document")
def private_document(slug: str):
    """Download the conference as a document, including secrets (members only)."""
    conference = _conference(slug)
    body = programme_document.dumps(programme_document.export_document(conference, include_access=True))
    return Response(body, mimetype="application/json", headers={"Cache-Control": "private, no-store"})


@operation("GET", "/conferences/<slug>/history", "Who changed what and when, newest first.", response="History")
def history(slug: str):
    """The conference's change history."""
    conference = _conference(slug)
    return jsonify(history=[
        {"when": programme_document.utc_iso(entry.created_at), "who": entry.actor, "source": entry.source,
         "location": entry.location, "change": entry.change.message(_)}
        for entry in conference_history(conference)
    ])


@operation("POST", "/imports", "Import a programme document; with dry_run=true only report what would change.",
           body={"$ref": "#/components/schemas/ProgrammeDocument"}, response="ImportReport", query=("dry_run",))
def import_programme():
    """Import a document for a conference you may edit (or a new one, which you then organise)."""
    try:
        document = membership.importable(g.api_organiser, request.get_data(cache=False))
    except membership.NotAMember:
        raise ApiError(403, _("You are not an organiser of this conference."), "conference.slug") from None
    outline = reporting.outline_of_document(document)
    try:
        report = membership.import_programme(g.api_organiser, document, dry_run=_dry_run())
    except ProgrammeRejected as rejection:
        return rejection_response(rejection, outline)
    return jsonify(slug=report.slug, created=report.created, dry_run=report.dry_run,
                   changes=[change.message(_) for change in report.changes],
                   warnings=[problem_json(problem, outline) for problem in report.warnings])


# Releases


def release_json(release) -> dict:
    """A release as organisers see it: number, time, who, comment and changes; never its private document."""
    return {"number": release.number, "published_at": programme_document.utc_iso(release.published_at),
            "published_by": release.published_by, "comment": dict(release.comment or {}),
            "changes": list(release.changes or []), "kept": bool(release.document)}


def _release(published, number: int):
    """A release of the conference by number, or 404."""
    release = releases.find_release(published, number)
    if release is None:
        raise ProgrammeRejected([Problem("not_found", "release", {"kind": "release"})])
    return release


@operation("GET", "/conferences/<slug>/releases", "Every release of the conference, newest first, with what each "
           "changed; release_number is the one the public sees (0: not released yet).", response="Releases")
def list_releases(slug: str):
    """The conference's releases."""
    published = _published(slug)
    return jsonify(release_number=published.release_number,
                   releases=[release_json(release) for release in releases.releases(published)])


@operation("GET", "/conferences/<slug>/releases/<int:release>", "One release: its time, comment and changes.",
           response="Release")
def show_release(slug: str, release: int):
    """One release."""
    return jsonify(release=release_json(_release(_published(slug), release)))


@operation("POST", "/conferences/<slug>/releases", "Publish the draft as the next release, with an optional comment "
           "in both languages; with `expected` (the number a preview gave) it is refused if another release came "
           "first. With dry_run=true, the preview: the number, the changes and how many registrations each notifies.",
           body=fields.RELEASE.json_schema(), response="PublishedRelease", status=201, query=("dry_run",),
           preview="ReleasePreview")
def publish_release(slug: str):
    """Publish the draft, or preview what publishing it would do."""
    published = _published(slug)
    values, _extra = _body(fields.RELEASE)
    if _dry_run():
        releases.releasable_document(published, values.get("expected"))
        preview = releases.preview(published)
        reach = publishing.reach(published.id, preview)
        db.session.rollback()  # a draft made to be previewed is made again when needed
        return jsonify(dry_run=True, number=preview.number, notifies=reach.total, changes=[
            {**change, "notifies": count} for change, count in zip(preview.changes, reach.per_change)])
    release = releases.publish(slug, g.api_organiser.email, values.get("comment"), values.get("expected"))
    return jsonify(dry_run=False, release=release_json(release)), 201


@operation("POST", "/conferences/<slug>/releases/<int:release>/revert", "Make the draft what a release was; the "
           "public sees no change until the draft is published.", response="Reverted")
def revert_release(slug: str, release: int):
    """Revert the draft to a release."""
    published = _published(slug)
    report = releases.revert(published, release)
    return jsonify(release=release, changed=bool(report.changes), changes=[change.message(_) for change in report.changes],
                   warnings=[problem_json(problem) for problem in report.warnings])


# Workshops and days


@operation("POST", "/conferences/<slug>/workshops", "Create a workshop with its first day.",
           body={**fields.WORKSHOP.json_schema(), "required": ["number", "title", "day"],
                 "properties": {**fields.WORKSHOP.json_schema()["properties"], "day": fields.DAY.json_schema()}},
           response="Workshop", status=201)
def create_workshop(slug: str):
    """Create a workshop."""
    conference = _conference(slug)
    values, extra = _body(fields.WORKSHOP, extra=("day",))
    if "day" not in extra:
        raise ProgrammeRejected([Problem("schema_required", "day", {"field": "day"})])
    first_day = fields.DAY.clean(extra["day"])
    workshop = editing.create_workshop(conference, values, first_day)
    return jsonify(workshop=workshop_json(workshop), changes=[], warnings=[
        problem_json(problem) for problem in editing.platform_overlaps(conference)]), 201


@operation("PATCH", "/conferences/<slug>/workshops/<int:number>", "Change a workshop's fields.",
           body=fields.WORKSHOP.json_schema(partial=True), response="Workshop")
def update_workshop(slug: str, number: int):
    """Change a workshop."""
    conference = _conference(slug)
    workshop = editing.find_workshop(conference, number)
    values, _extra = _body(fields.WORKSHOP, partial=True)
    return _outcome(editing.update_workshop(conference, workshop, values), workshop=workshop_json(workshop))


@operation("DELETE", "/conferences/<slug>/workshops/<int:number>", "Delete a workshop (restorable from the editor's change history for 30 days; its cancelled "
           "registrations stay cancelled).", response="Outcome")
def delete_workshop(slug: str, number: int):
    """Delete a workshop."""
    conference = _conference(slug)
    return _outcome(deletions.delete_workshop(conference, editing.find_workshop(conference, number)))


@operation("POST", "/conferences/<slug>/workshops/<int:number>/copies",
           "Copy a workshop's structure and texts onto another date, under a new number.",
           body=fields.DUPLICATE.json_schema(), response="Workshop", status=201)
def duplicate_workshop(slug: str, number: int):
    """Duplicate a workshop."""
    conference = _conference(slug)
    workshop = editing.find_workshop(conference, number)
    values, _extra = _body(fields.DUPLICATE)
    copy = editing.duplicate_workshop(conference, workshop, values["number"], values["date"])
    return jsonify(workshop=workshop_json(copy), changes=[], warnings=[]), 201


@operation("POST", "/conferences/<slug>/workshops/<int:number>/days", "Add a day to a workshop.",
           body=fields.DAY.json_schema(), response="Workshop", status=201)
def add_day(slug: str, number: int):
    """Add a day."""
    conference = _conference(slug, whole=False)
    workshop = editing.find_edited_workshop(conference, number)
    values, _extra = _body(fields.DAY)
    editing.add_day(conference, workshop, values)
    return jsonify(workshop=workshop_json(workshop), changes=[], warnings=[]), 201


@operation("PATCH", "/conferences/<slug>/workshops/<int:number>/days/<int:day>",
           "Change a day's window or texts; its agenda re-flows.", body=fields.DAY.json_schema(partial=True),
           response="Workshop")
def update_day(slug: str, number: int, day: int):
    """Change a day."""
    conference = _conference(slug, whole=False)
    workshop = editing.find_edited_workshop(conference, number)
    workshop_day = editing.find_day(workshop, day)
    values, _extra = _body(fields.DAY, partial=True)
    outcome = editing.update_day(conference, workshop_day, values)
    return _outcome(outcome, workshop=workshop_json(workshop))


@operation("DELETE", "/conferences/<slug>/workshops/<int:number>/days/<int:day>", "Delete a day (restorable with the same calendar UID from the editor's change history "
           "for 30 days).")
def delete_day(slug: str, number: int, day: int):
    """Delete a day."""
    conference = _conference(slug, whole=False)
    workshop = editing.find_edited_workshop(conference, number)
    return _outcome(deletions.delete_day(conference, workshop, editing.find_day(workshop, day)))


@operation("GET", "/conferences/<slug>/workshops/<int:number>/days/<int:day>/agenda",
           "A day's agenda with every start and end in UTC and in both reference zones.", response="Agenda")
def agenda(slug: str, number: int, day: int):
    """Read a day's agenda."""
    conference = _conference(slug, whole=False)
    workshop = editing.find_edited_workshop(conference, number)
    workshop_day = editing.find_day(workshop, day)
    return jsonify(agenda=agenda_json(conference, workshop, workshop_day, editing.agenda_rows(workshop_day)))


AGENDA_BODY = {**fields.AGENDA.json_schema(), "description": (
    "The day's whole agenda, in order: a row with an `id` keeps that item (its description, languages and the "
    "role and note of speakers who stay), a row without one becomes a new item, and items no row names are "
    "deleted (restorable from the editor's change history for 30 days). `depth` puts a row into the section "
    "above it (0: the day's own list). `speakers` lists who the item names, by key; left out or null, an "
    "existing item keeps its speakers.")}


@operation("PUT", "/conferences/<slug>/workshops/<int:number>/days/<int:day>/agenda",
           "Replace a day's whole agenda in one edit, as the editor's day table saves it; later starts follow "
           "(dry_run=true previews the re-flowed day).", body=AGENDA_BODY, response="AgendaChange",
           query=("dry_run",))
def replace_agenda(slug: str, number: int, day: int):
    """Replace a day's agenda with the rows sent, or with dry_run preview it."""
    conference = _conference(slug, whole=False)
    workshop = editing.find_edited_workshop(conference, number)
    workshop_day = editing.find_day(workshop, day)
    values, _extra = _body(fields.AGENDA)
    rows = _agenda_rows(conference, values["items"])
    try:
        return _saved_or_preview(deletions.replace_agenda_edit(conference, workshop_day, rows,
                                                               extend_day=values.get("extend_day", False)))
    except ProgrammeRejected as rejection:
        raise ProgrammeRejected(_located_in_rows(rejection.problems, rows)) from None


def _agenda_rows(conference, items: list[dict]) -> list[editing.ItemRow]:
    """The cleaned rows as the day table hands them to the domain, speakers looked up by key."""
    try:
        speakers = speakers_by_key(conference, [item.get("speakers") for item in items])
    except ProgrammeRejected as rejection:
        raise ProgrammeRejected(_located_in_rows(rejection.problems, [])) from None
    return [editing.ItemRow(item.get("id"), item.get("depth") or 0,
                            {name: item.get(name) for name in ("kind", "title", "duration_minutes")}, found)
            for item, found in zip(items, speakers)]


def _located_in_rows(problems: list[Problem], rows: list[editing.ItemRow]) -> list[Problem]:
    """The domain's problems located in the request body: ``rows.3.title`` is ``items.3.title``, and a schedule
    problem of agenda item 3.1 is that row's ``duration_minutes``."""
    numbers = day_table.outline_numbers(rows)
    located = []
    for problem in problems:
        location = re.sub(r"^rows\.", "items.", problem.location or "")
        item = re.search(r"item ([\d.]+)$", location)
        if item and item.group(1) in numbers:
            location = f"items.{numbers.index(item.group(1))}.duration_minutes"
        located.append(replace(problem, location=location))
    return located


# Agenda items

EXTEND_DAY = {"extend_day": {"type": "boolean",
                             "description": "Move the day's end when the agenda would run past it, instead of refusing."}}
PLACEMENT = {"after": {"type": "integer", "minimum": 1}, "before": {"type": "integer", "minimum": 1},
             "parent": {"type": "integer", "minimum": 1}, **EXTEND_DAY}


def _placement(conference, day, extra: dict) -> dict:
    """Where to insert: after or before an item, or at the end of a section (item ids of this conference)."""
    where = {}
    for name in ("after", "before", "parent"):
        value = extra.get(name)
        if value is None:
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # JSON Schema's integer: 3.0 is 3
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProgrammeRejected([Problem("schema_type", name, {"field": name})])
        where[name] = editing.find_item_near(conference, day, value)
    return where


def _extend_day(extra: dict) -> bool:
    """Whether the client asked to move the day's end rather than be refused for an overrun."""
    value = extra.get("extend_day", False)
    if not isinstance(value, bool):
        raise ProgrammeRejected([Problem("schema_type", "extend_day", {"field": "extend_day"})])
    return value


def _saved_or_preview(edit: editing.AgendaEdit, status: int = 200, previewable: bool = True):
    """With dry_run (where offered), the re-flowed agenda without saving; otherwise save and return it."""
    conference, day = edit.conference, edit.day
    if previewable and _dry_run():
        preview = edit.preview()
        if preview.problems:
            raise ProgrammeRejected(preview.problems)
        return jsonify(changes=[], warnings=[], saved=False,
                       agenda=agenda_json(conference, day.workshop, day, preview.rows))
    outcome, rows = edit.save_reflowed()
    return _outcome(outcome, status, saved=True, agenda=agenda_json(conference, day.workshop, day, rows))


@operation("POST", "/conferences/<slug>/workshops/<int:number>/days/<int:day>/items",
           "Insert an agenda item after or before another, into a section, or at the end; later starts move.",
           body={**fields.ITEM.json_schema(), "properties": {**fields.ITEM.json_schema()["properties"], **PLACEMENT}},
           response="AgendaChange", status=201, query=("dry_run",))
def insert_item(slug: str, number: int, day: int):
    """Insert an item, or with dry_run preview the re-flow."""
    conference = _conference(slug, whole=False)
    workshop = editing.find_edited_workshop(conference, number)
    workshop_day = editing.find_day(workshop, day)
    values, extra = _body(fields.ITEM, extra=tuple(PLACEMENT))
    where, extend_day = _placement(conference, workshop_day, extra), _extend_day(extra)
    return _saved_or_preview(editing.insert_item_edit(conference, workshop_day, values, extend_day, **where),
                             status=201)


def _item_context(slug: str, item_id: int):
    """The conference and the item an item URL names (only the item's workshop is loaded)."""
    conference = _conference(slug, whole=False)
    return conference, editing.find_edited_item(conference, item_id)


@operation("PATCH", "/conferences/<slug>/items/<int:item_id>",
           "Change an agenda item; a new duration moves every later start (dry_run=true previews).",
           body={**fields.ITEM.json_schema(partial=True),
                 "properties": {**fields.ITEM.json_schema()["properties"], **EXTEND_DAY}},
           response="AgendaChange", query=("dry_run",))
def update_item(slug: str, item_id: int):
    """Change an item, or preview the change."""
    conference, item = _item_context(slug, item_id)
    values, extra = _body(fields.ITEM, partial=True, extra=tuple(EXTEND_DAY))
    return _saved_or_preview(editing.update_item_edit(conference, item, values, _extend_day(extra)))


@operation("POST", "/conferences/<slug>/items/<int:item_id>/move", "Move an agenda item up or down.",
           body=fields.MOVE.json_schema(), response="AgendaChange")
def move_item(slug: str, item_id: int):
    """Move an item among its siblings."""
    conference, item = _item_context(slug, item_id)
    values, _extra = _body(fields.MOVE)
    offset = -1 if values["direction"] == "up" else 1
    return _saved_or_preview(editing.move_item_edit(conference, item, offset), previewable=False)


@operation("DELETE", "/conferences/<slug>/items/<int:item_id>", "Delete an agenda item; later starts move up (restorable from the editor's change "
           "history for 30 days).",
           response="AgendaChange")
def delete_item(slug: str, item_id: int):
    """Delete an item."""
    conference, item = _item_context(slug, item_id)
    return _saved_or_preview(deletions.delete_item_edit(conference, item), previewable=False)


# Assignments


@operation("POST", "/conferences/<slug>/workshops/<int:number>/assignments",
           "Assign a person (or an organisation as N.N.) to a workshop.", body=fields.ASSIGNMENT.json_schema(),
           response="Assignment", status=201)
def assign_to_workshop(slug: str, number: int):
    """Assign someone to a workshop."""
    conference = _conference(slug)
    return _assign(conference, editing.find_workshop(conference, number))


@operation("POST", "/conferences/<slug>/items/<int:item_id>/assignments",
           "Assign a person (or an organisation as N.N.) to an agenda item.", body=fields.ASSIGNMENT.json_schema(),
           response="Assignment", status=201)
def assign_to_item(slug: str, item_id: int):
    """Assign someone to an item."""
    conference = _conference(slug)
    return _assign(conference, editing.find_item(conference, item_id))


def _assign(conference, owner):
    """Add an assignment and answer with it."""
    values, _extra = _body(fields.ASSIGNMENT)
    assignment = editing.add_assignment(conference, owner, values)
    return jsonify(assignment=assignment_json(assignment), changes=[], warnings=[]), 201


@operation("PATCH", "/conferences/<slug>/assignments/<int:assignment_id>",
           "Change an assignment; {\"tbc\": false} marks a speaker as confirmed.",
           body=fields.ASSIGNMENT.json_schema(partial=True), response="Assignment")
def update_assignment(slug: str, assignment_id: int):
    """Change an assignment."""
    conference = _conference(slug)
    _owner, assignment = editing.find_assignment(conference, assignment_id)
    values, _extra = _body(fields.ASSIGNMENT, partial=True)
    outcome = editing.update_assignment(conference, assignment, values)
    return _outcome(outcome, assignment=assignment_json(assignment))


@operation("DELETE", "/conferences/<slug>/assignments/<int:assignment_id>", "Remove an assignment (restorable from the editor's change history for 30 days).")
def delete_assignment(slug: str, assignment_id: int):
    """Remove an assignment."""
    conference = _conference(slug)
    owner, assignment = editing.find_assignment(conference, assignment_id)
    return _outcome(deletions.delete_assignment(conference, owner, assignment))


# Organisations, people and platforms

ENTRY_KINDS = {
    "organisations": ("organisation", fields.ORGANISATION, editing.save_organisation),
    "people": ("person", fields.PERSON, editing.save_person),
    "platforms": ("platform", fields.PLATFORM, editing.save_platform),
}


def _register_entry_routes(collection: str, kind: str, spec: fields.Spec, save) -> None:
    """Create, change and delete routes for one keyed list of the programme."""
    def create(slug: str):
        """Create an entry."""
        conference = _conference(slug)
        values, _extra = _body(spec)
        row = save(conference, values)
        return jsonify(entry=entry_json(slug, collection, row.key), changed=True, changes=[], warnings=[]), 201

    def change(slug: str, key: str):
        """Change an entry."""
        conference = _conference(slug)
        row = editing.find_entry(conference, kind, key)
        values, _extra = _body(spec, partial=True)
        version = conference.version
        row = save(conference, values, row)
        return jsonify(entry=entry_json(slug, collection, row.key), changed=conference.version != version,
                       changes=[], warnings=[])

    def delete(slug: str, key: str):
        """Delete an entry the programme no longer uses."""
        conference = _conference(slug)
        return _outcome(deletions.delete_entry(conference, editing.find_entry(conference, kind, key)))

    for view in (create, change, delete):
        view.__name__ = f"{view.__name__}_{kind}"
    operation("POST", f"/conferences/<slug>/{collection}", f"Create a {kind}.", body=spec.json_schema(),
              response="Entry", status=201)(create)
    operation("PATCH", f"/conferences/<slug>/{collection}/<key>", f"Change a {kind}.",
              body=spec.json_schema(partial=True), response="Entry")(change)
    operation("DELETE", f"/conferences/<slug>/{collection}/<key>",
              f"Delete a {kind} that the programme no longer uses (restorable from the editor's "
              "change history for 30 days).")(delete)


for _collection, (_kind, _spec, _save) in ENTRY_KINDS.items():
    _register_entry_routes(_collection, _kind, _spec, _save)


@operation("GET", "/openapi.json", "This document.", response="OpenAPI", public=True)
def openapi_document():
    """The OpenAPI 3.1 description of the API."""
    from confsched.organiser.openapi import build_document

    return jsonify(build_document(OPERATIONS))
