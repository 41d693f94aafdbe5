"""The OpenAPI 3.1 document of /api/v1, built from the routes' own registrations and field rules."""
from __future__ import annotations

import re

from confsched.organiser import fields
from confsched.programme.document import load_schema
from confsched.programme.release_changes import KINDS

TEXTS = fields.Texts().json_schema()
NULLABLE_STRING = {"type": ["string", "null"]}
LANGUAGE_LIST = {"type": "array", "items": {"type": "string"}, "description": "Language codes such as de, tr."}
PROBLEM = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "field": NULLABLE_STRING, "message": {"type": "string"},
                   "severity": {"enum": ["error", "warning"]},
                   "place": {"type": "string", "description": "Where, in words (documents only)."}},
}
OUTCOME_PROPERTIES = {
    "changed": {"type": "boolean", "description": "false when the request changed nothing (a no-op); nothing was "
                                                  "recorded and no calendar was told."},
    "changes": {"type": "array", "items": {"type": "string"}, "description": "What the edit changed, in the reader's language."},
    "warnings": {"type": "array", "items": PROBLEM, "description": "Saved anyway, but worth a look (e.g. a platform used twice at once)."},
}
DAY = {
    "type": "object",
    "required": ["day", "date", "zone", "local_start", "local_end", "start", "end", "sequence"],
    "properties": {
        "day": {"type": "integer"}, "date": {"type": "string", "format": "date"}, "zone": {"type": "string"},
        "local_start": {"type": "string"}, "local_end": {"type": "string"},
        "ends_next_day": {"type": "boolean", "description": "The window crosses midnight."},
        "start": {"type": "string", "description": "UTC"}, "end": {"type": "string", "description": "UTC"},
        "doors_open_minutes": {"type": ["integer", "null"]}, "informal_end_minutes": {"type": ["integer", "null"]},
        "doors_open": {**NULLABLE_STRING, "description": "UTC, derived from the start"},
        "informal_end": {**NULLABLE_STRING, "description": "UTC, derived from the end"},
        "sequence": {"type": "integer", "description": "The iCalendar SEQUENCE of this day's event."},
        "spoken_languages": {**LANGUAGE_LIST, "description": "The languages spoken on the day; empty: not stated."},
        "interpreted_into": {**LANGUAGE_LIST, "description": "The languages the day is interpreted into."},
    },
}
ASSIGNMENT = {
    "type": "object",
    "required": ["id", "role", "person", "organisation", "tbc", "organisation_itself"],
    "properties": {"id": {"type": "integer"}, "role": {"type": "string"}, "person": NULLABLE_STRING,
                   "organisation": NULLABLE_STRING, "tbc": {"type": "boolean"},
                   "organisation_itself": {"type": "boolean"}, "note": TEXTS},
}
WORKSHOP = {
    "type": "object",
    "required": ["number", "title", "status", "days"],
    "properties": {"number": {"type": "integer"}, "title": TEXTS, "status": {"type": "string"},
                   "platform": NULLABLE_STRING, "capacity": {"type": ["integer", "null"]},
                   "days": {"type": "array", "items": DAY}, "assignments": {"type": "array", "items": ASSIGNMENT}},
}
AGENDA_ROW = {
    "type": "object",
    "required": ["id", "number", "depth", "kind", "title", "start", "local_starts", "moved_minutes"],
    "properties": {
        "id": {"type": ["integer", "null"], "description": "null for an item that a preview inserts"},
        "number": {"type": "string"}, "depth": {"type": "integer"}, "kind": {"type": "string"}, "title": TEXTS,
        "duration_minutes": {"type": ["integer", "null"]}, "start": NULLABLE_STRING,
        "local_starts": {"type": "object", "additionalProperties": {"type": "string"}},
        "local_ends": {"type": "object", "additionalProperties": {"type": "string"}},
        "moved_minutes": {"type": "integer", "description": "How far the edit moved this item's start."},
        "assignments": {"type": "array", "items": ASSIGNMENT},
        "spoken_languages": {**LANGUAGE_LIST, "description": "The item's own spoken languages; empty: its day's hold."},
        "interpreted_into": {**LANGUAGE_LIST, "description": "The item's own interpretation, with its spoken languages."},
    },
}
AGENDA = {
    "type": "object",
    "required": ["workshop", "day", "zones", "items"],
    "properties": {"workshop": {"type": "integer"}, "day": {"type": "integer"},
                   "zones": {"type": "array", "items": {"type": "string"}},
                   "items": {"type": "array", "items": AGENDA_ROW}},
}
CONFERENCE = {
    "type": "object",
    "required": ["slug", "title", "primary_zone", "secondary_zone", "embed_origins", "version"],
    "properties": {"slug": {"type": "string"}, "title": TEXTS, "subtitle": TEXTS, "primary_zone": {"type": "string"},
                   "secondary_zone": NULLABLE_STRING, "start_date": NULLABLE_STRING, "end_date": NULLABLE_STRING,
                   "reminder_minutes": {"type": "array", "items": {"type": "integer"},
                                        "description": "Minutes before each day when reminders go out; empty: none."},
                   "embed_origins": {"type": "array", "items": {"type": "string"},
                                     "description": "Origins whose pages may frame the embeddable agenda."},
                   "languages": {**LANGUAGE_LIST, "description": "The conference's languages; days and items speak "
                                                                 "and are interpreted only in these."},
                   "interpretation": {"type": ["string", "null"], "description": "simultaneous or consecutive"},
                   "version": {"type": "integer"}, "workshops": {"type": "array", "items": WORKSHOP}},
}


WORDED = {"type": "object", "additionalProperties": {"type": "string"}, "description": "A text per language."}
UTC = {**NULLABLE_STRING, "description": "UTC, ISO 8601"}
SPEAKER = {"type": "object", "properties": {"person": NULLABLE_STRING, "organisation": WORDED, "tbc": {"type": "boolean"},
                                            "role": {"type": "string"}}}
CHANGE = {
    "type": "object",
    "required": ["kind", "workshop", "title"],
    "description": "One change of a release, as data to be worded in any language and zone; which fields a change "
                   "has depends on its kind.",
    "properties": {
        "kind": {"enum": list(KINDS)}, "workshop": {"type": "integer", "description": "The workshop's number."},
        "title": WORDED, "old_title": WORDED,
        "day": {"type": "string", "description": "The day's identity (its calendar UID before the @)."},
        "start": UTC, "end": UTC, "old_start": UTC, "old_end": UTC, "start_of_day": UTC,
        "zone": {"type": "string", "description": "The zone the day is held in."},
        "item": WORDED, "old_item": WORDED, "item_start": UTC, "item_end": UTC,
        "person": NULLABLE_STRING, "organisation": WORDED, "tbc": {"type": "boolean"},
        "speakers": {"type": "array", "items": SPEAKER}, "old_speakers": {"type": "array", "items": SPEAKER},
        "platform": NULLABLE_STRING, "old_platform": NULLABLE_STRING,
        "status": {"type": "string"}, "old_status": {"type": "string"},
    },
}
RELEASE = {
    "type": "object",
    "required": ["number", "published_at", "published_by", "comment", "changes", "kept"],
    "properties": {
        "number": {"type": "integer", "minimum": 1}, "published_at": {"type": "string", "description": "UTC"},
        "published_by": {"type": "string", "description": "The organiser's address, or the command line."},
        "comment": WORDED, "changes": {"type": "array", "items": CHANGE},
        "kept": {"type": "boolean", "description": "Whether the release's document was kept, so that the draft can be "
                                                   "reverted to it (false only for releases made before they were kept)."},
    },
}


def _wrapped(name: str, schema: dict, *extra: str) -> dict:
    """A write response: the resource under `name` plus what changed."""
    properties = {name: schema, **OUTCOME_PROPERTIES}
    properties.update({field: {"type": "boolean"} for field in extra})
    return {"type": "object", "required": [name, "changes", "warnings"], "properties": properties}


RESPONSES = {
    "Outcome": {"type": "object", "required": ["changes", "warnings"], "properties": OUTCOME_PROPERTIES},
    "Conference": _wrapped("conference", CONFERENCE),
    "Workshop": _wrapped("workshop", WORKSHOP),
    "Assignment": _wrapped("assignment", ASSIGNMENT),
    "Entry": _wrapped("entry", {"type": "object", "required": ["key"]}),
    "Agenda": {"type": "object", "required": ["agenda"], "properties": {"agenda": AGENDA}},
    "AgendaChange": _wrapped("agenda", AGENDA, "saved"),
    "History": {"type": "object", "required": ["history"], "properties": {"history": {"type": "array", "items": {
        "type": "object", "required": ["when", "who", "source", "change"],
        "properties": {"when": {"type": "string"}, "who": {"type": "string"}, "source": {"type": "string"},
                       "location": {"type": "string"}, "change": {"type": "string"}}}}}},
    "ImportReport": {"type": "object", "required": ["slug", "created", "dry_run", "changes", "warnings"],
                     "properties": {"slug": {"type": "string"}, "created": {"type": "boolean"},
                                    "dry_run": {"type": "boolean"}, **OUTCOME_PROPERTIES}},
    "Releases": {"type": "object", "required": ["release_number", "releases"], "properties": {
        "release_number": {"type": "integer", "description": "The release the public sees; 0 before the first."},
        "releases": {"type": "array", "items": RELEASE}}},
    "Release": {"type": "object", "required": ["release"], "properties": {"release": RELEASE}},
    "PublishedRelease": {"type": "object", "required": ["dry_run", "release"],
                         "properties": {"dry_run": {"const": False}, "release": RELEASE}},
    "ReleasePreview": {"type": "object", "required": ["dry_run", "number", "notifies", "changes"], "properties": {
        "dry_run": {"const": True}, "number": {"type": "integer", "description": "The number the release would get."},
        "notifies": {"type": "integer", "description": "How many registrations the release would notify, each once."},
        "changes": {"type": "array", "items": {"allOf": [CHANGE], "properties": {"notifies": {
            "type": "integer", "description": "How many registrations this change notifies: a change to a workshop's "
                                              "days those with a place, its removal or cancellation also the waiting "
                                              "list."}}}}}},
    "Reverted": {"type": "object", "required": ["release", "changed", "changes", "warnings"],
                 "properties": {"release": {"type": "integer"}, **OUTCOME_PROPERTIES}},
    "Document": {"type": "object", "description": "A confsched programme document (programme.schema.json)."},
    "OpenAPI": {"type": "object"},
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["message", "field"], "properties": {
            "message": {"type": "string", "description": "In the language the request asked for (Accept-Language)."},
            "field": {**NULLABLE_STRING, "description": "The field at fault, when there is one."},
            "problems": {"type": "array", "items": PROBLEM},
            "status": {"type": "integer", "description": "Set by routing errors (unknown URL, wrong method)."}}}},
    },
}
PATH_PARAMETERS = {
    "slug": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9-]{0,79}$"},
    "key": {"type": "string", "pattern": f"^{fields.KEY_PATTERN}$"},
    "number": {"type": "integer", "minimum": 1, "maximum": 9999},
    "day": {"type": "integer", "minimum": 1, "maximum": 60},
    "item_id": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    "assignment_id": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    "release": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
}
ERRORS = {
    400: "The input breaks a rule; nothing was changed.",
    401: "No valid bearer token.",
    403: "You are not an organiser of this conference.",
    404: "No such conference, workshop, day, item, entry or release.",
    409: "The change conflicts with the programme (a key or number in use, an entry still used, the last day), or "
         "a release cannot be made (nothing to publish, another release came first, a release not kept).",
    413: "The request body is larger than the server accepts.",
}


def _openapi_path(path: str) -> tuple[str, list[str]]:
    """A Flask rule as an OpenAPI path, with its parameter names."""
    names = re.findall(r"<(?:\w+:)?(\w+)>", path)
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path), names


def _json(schema_name: str) -> dict:
    """A JSON response body by component name."""
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}}


def _describe(operation) -> dict:
    """One operation object."""
    _path, names = _openapi_path(operation.path)
    parameters = [{"name": name, "in": "path", "required": True, "schema": PATH_PARAMETERS[name]} for name in names]
    parameters += [{"name": name, "in": "query", "required": False, "schema": {"type": "boolean"},
                    "description": "Only report what would happen; nothing is saved."} for name in operation.query]
    success = {"description": "Done."}
    if operation.status != 204:
        success["content"] = _json(operation.response)
    described = {
        "operationId": operation.endpoint,
        "summary": operation.summary,
        "parameters": parameters,
        "responses": {str(operation.status): success},
    }
    if "dry_run" in operation.query and operation.status != 200:
        described["responses"]["200"] = {"description": "Dry run: what would happen; nothing was saved.",
                                         "content": _json(operation.preview or operation.response)}
    if operation.public:
        described["security"] = []
    else:
        for status, text in ERRORS.items():
            described["responses"][str(status)] = {"description": text, "content": _json("Error")}
    if operation.body is not None:
        described["requestBody"] = {"required": True, "content": {"application/json": {"schema": operation.body}}}
    return described


def _public_read() -> dict:
    """The read route that lives in confsched.programme.api, described here so the document covers /api/v1."""
    return {
        "get": {
            "operationId": "conference_document",
            "summary": "The public programme document of a conference, with derived UTC times (never access data).",
            "security": [],
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": PATH_PARAMETERS["slug"]}],
            "responses": {
                "200": {"description": "The document.", "content": _json("ProgrammeDocument")},
                "404": {"description": "No such conference.", "content": _json("Error")},
            },
        }
    }


def _programme_schemas() -> dict:
    """The programme document's JSON Schema as components, its $defs renamed so references resolve in here."""
    schema = load_schema()
    definitions = schema.pop("$defs")
    for name in ("$schema", "$id"):
        schema.pop(name, None)

    def relink(node):
        if isinstance(node, dict):
            return {key: (value.replace("#/$defs/", "#/components/schemas/programme_") if key == "$ref" else relink(value))
                    for key, value in node.items()}
        if isinstance(node, list):
            return [relink(value) for value in node]
        return node

    schemas = {f"programme_{name}": relink(definition) for name, definition in definitions.items()}
    schemas["ProgrammeDocument"] = relink(schema)
    # The importer refuses a conference or workshop whose title is blank in every language (empty_title).
    schemas["programme_title"] = {"allOf": [{"$ref": "#/components/schemas/programme_short_text"}],
                                  "minProperties": 1, "not": {"additionalProperties": {"pattern": r"^\s*$"}}}
    for owner in ("conference", "workshop"):
        schemas[f"programme_{owner}"]["properties"]["title"] = {"$ref": "#/components/schemas/programme_title"}
    return schemas


def build_document(operations) -> dict:
    """The whole OpenAPI 3.1 document."""
    paths: dict = {"/api/v1/conferences/{slug}": _public_read()}
    for operation in operations:
        path, _names = _openapi_path(operation.path)
        paths.setdefault("/api/v1" + path, {})[operation.method.lower()] = _describe(operation)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "confsched write API",
            "version": "1",
            "description": (
                "Edit bilingual (German–Turkish) conference programmes. Times are computed: a day's window is "
                "entered as wall-clock times in an IANA zone, every item's start follows from the durations "
                "before it. Send `Authorization: Bearer <token>`; tokens are created in the editor or with "
                "`flask --app confsched create-token EMAIL`. Messages follow Accept-Language (de, tr)."
            ),
        },
        "servers": [{"url": "/"}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {**RESPONSES, **_programme_schemas()},
        },
        "security": [{"bearer": []}],
        "paths": paths,
    }
