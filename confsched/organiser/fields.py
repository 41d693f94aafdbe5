"""Field rules shared by the editor's forms, the write API and its OpenAPI document.

Each rule cleans one incoming value (or names the problem with a code from
``confsched.programme.problems``) and describes itself as JSON Schema, so a
bound is written once and enforced the same way in every interface.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from confsched import timeengine
from confsched.programme import interpretation, links, origins, texts
from confsched.programme.models import (
    MAX_AROUND_MINUTES,
    AgendaItemKind,
    AssignmentRole,
    OrganiserRole,
    PlatformKind,
    WorkshopStatus,
)
from confsched.programme.problems import Problem, ProgrammeRejected
from confsched.programme.releases import MAX_COMMENT_LENGTH
from confsched.programme.schedule import MAX_DURATION_MINUTES
from confsched.programme.speakers import MAX_SPEAKERS

LANGUAGES = ("de", "tr")
# A text that strip() does not empty.
NOT_BLANK = {"type": "string", "pattern": r"\S"}
SHORT_TEXT = 500
LONG_TEXT = 20000


class FieldProblem(ValueError):
    """A value a rule refuses, with the problem code and its parameters."""

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(code)


@dataclass(frozen=True)
class Text:
    """A single-language text such as a name, bounded and stripped; blank means absent."""

    max_length: int
    required: bool = False
    pattern: str | None = None
    multiline: bool = False

    def clean(self, value):
        """Stripped text, or None when blank and optional."""
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise FieldProblem("schema_type")
        refused = texts.refusal(value, self.multiline)
        if refused:
            raise FieldProblem(refused)
        value = value.strip()
        if not value:
            if self.required:
                raise FieldProblem("schema_min_length")
            return None
        if len(value) > self.max_length:
            raise FieldProblem("schema_length", limit=self.max_length)
        if self.pattern and not re.fullmatch(self.pattern, value):
            raise FieldProblem("schema_pattern")
        return value

    def json_schema(self) -> dict:
        """Bounded string of the field's kind (a key's own pattern is stricter); a required one is not blank, an optional
        one also takes null and "" for none."""
        if self.pattern:
            pattern = f"^{self.pattern}$" if self.required else f"^(?:{self.pattern})?$"
        else:
            pattern = texts.schema_pattern(self.multiline)
        schema = {"type": "string", "maxLength": self.max_length, "pattern": pattern}
        if self.required:
            return {**schema, "allOf": [NOT_BLANK]}
        return {"anyOf": [schema, {"type": "null"}]}


@dataclass(frozen=True)
class Link:
    """An address people click, such as a join link: https with a host (confsched.programme.links)."""

    max_length: int
    required: bool = False

    def clean(self, value):
        """The stripped address, or None when blank and optional."""
        value = Text(self.max_length, self.required).clean(value)
        if value is not None and not links.is_clickable(value):
            raise FieldProblem("https_url")
        return value

    def json_schema(self) -> dict:
        """A bounded https URL on one line; optional fields also take null."""
        schema = {"type": "string", "maxLength": self.max_length, "pattern": f"^{links.HTTPS_URL_PATTERN}$",
                  "allOf": [{"pattern": texts.schema_pattern(False)}], "examples": ["https://meet.example.org/room"]}
        return schema if self.required else {"anyOf": [schema, {"type": "null"}]}


@dataclass(frozen=True)
class Origins:
    """The web origins whose pages may frame the embeddable agenda (confsched.programme.origins)."""

    required: bool = False

    def clean(self, value):
        """The origins in lower case, each once; none for null or an empty list."""
        if value is None:
            return []
        if not isinstance(value, list) or len(value) > origins.MAX_ORIGINS:
            raise FieldProblem("schema_items")
        for origin in value:
            if not isinstance(origin, str):
                raise FieldProblem("schema_type")
            if not origins.is_origin(origin):
                raise FieldProblem("embed_origin", origin=origins.shown(origin))
        return origins.canonical(value)

    def json_schema(self) -> dict:
        """A short list of origins, or null for none."""
        origin = {"type": "string", "maxLength": origins.MAX_ORIGIN_LENGTH, "pattern": f"^{origins.ORIGIN_PATTERN}$",
                  "examples": [origins.EXAMPLE]}
        return {"anyOf": [{"type": "array", "items": origin, "maxItems": origins.MAX_ORIGINS}, {"type": "null"}]}


@dataclass(frozen=True)
class Texts:
    """A content text per language; `required` means at least one language must have it."""

    max_length: int = SHORT_TEXT
    required: bool = False
    multiline: bool = False

    def clean(self, value):
        """A {language: text} dict without blanks."""
        if value is None:
            value = {}
        if not isinstance(value, dict) or set(value) - set(LANGUAGES):
            raise FieldProblem("schema_type")
        cleaned = {}
        for language in LANGUAGES:
            text = value.get(language)
            if text is None:
                continue
            if not isinstance(text, str):
                raise FieldProblem("schema_type")
            refused = texts.refusal(text, self.multiline)
            if refused:
                raise FieldProblem(refused)
            if len(text.strip()) > self.max_length:
                raise FieldProblem("schema_length", limit=self.max_length)
            if text.strip():
                cleaned[language] = text.strip()
        if self.required and not cleaned:
            raise FieldProblem("empty_title")
        return cleaned

    def json_schema(self) -> dict:
        """An object with a bounded string per language; a required one has a text that is not blank in one of them,
        an optional one may be null for none."""
        text = {"anyOf": [{"type": "string", "maxLength": self.max_length, "pattern": texts.schema_pattern(self.multiline)},
                          {"type": "null"}]}
        schema = {
            "type": "object" if self.required else ["object", "null"],
            "properties": {language: text for language in LANGUAGES},
            "additionalProperties": False,
        }
        if self.required:
            schema["minProperties"] = 1
            schema["anyOf"] = [{"required": [language], "properties": {language: NOT_BLANK}} for language in LANGUAGES]
        return schema


@dataclass(frozen=True)
class ShortNames(Texts):
    """An abbreviation per language (IBB / İBB); one string stands for every language."""

    def clean(self, value):
        """A {language: text} dict; a string becomes the same text in every language."""
        if isinstance(value, str):
            value = {language: value for language in LANGUAGES}
        return super().clean(value)

    def json_schema(self) -> dict:
        """The per-language object, or one bounded string for every language."""
        return {"anyOf": [{"type": "string", "maxLength": self.max_length, "pattern": texts.schema_pattern(False)},
                          super().json_schema()]}


@dataclass(frozen=True)
class Channels(Texts):
    """A platform's interpretation channels, named per registrants' language as the platform names them."""

    max_length: int = interpretation.MAX_CHANNEL_NAME


@dataclass(frozen=True)
class Languages:
    """Languages by code, each once, in the order of interpretation.KNOWN_LANGUAGES; `min_items` 1 for a conference."""

    min_items: int = 0
    required: bool = False

    def clean(self, value):
        """A list of distinct known codes; null is none."""
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            raise FieldProblem("schema_type")
        if any(code not in interpretation.KNOWN_LANGUAGES for code in value):
            raise FieldProblem("schema_enum", options=", ".join(interpretation.KNOWN_LANGUAGES))
        if len(set(value)) != len(value) or len(value) < self.min_items:
            raise FieldProblem("schema_items")
        return list(value)

    def json_schema(self) -> dict:
        """An array of distinct language codes (null for none where none is allowed)."""
        schema = {"type": "array", "items": {"type": "string", "enum": list(interpretation.KNOWN_LANGUAGES)},
                  "minItems": self.min_items, "maxItems": len(interpretation.KNOWN_LANGUAGES), "uniqueItems": True,
                  "examples": [["de", "tr"]]}
        return schema if self.min_items else {"anyOf": [schema, {"type": "null"}]}


@dataclass(frozen=True)
class Integer:
    """A whole number within bounds; `code` names the problem when it is out of them."""

    minimum: int
    maximum: int
    required: bool = False
    code: str | None = None

    def clean(self, value):
        """An int within bounds, or None when absent and optional."""
        if value is None or value == "":
            if self.required:
                raise FieldProblem("schema_required")
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # JSON Schema's integer: 3.0 is 3
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise FieldProblem("schema_type")
        try:
            number = int(value)
        except ValueError:
            raise FieldProblem("schema_type") from None
        if number < self.minimum:
            raise FieldProblem(self.code or "schema_minimum", limit=self.minimum)
        if number > self.maximum:
            raise FieldProblem(self.code or "schema_maximum", limit=self.maximum)
        return number

    def json_schema(self) -> dict:
        """Bounded integer; optional fields also take null."""
        schema = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        return schema if self.required else {"anyOf": [schema, {"type": "null"}]}


@dataclass(frozen=True)
class Flag:
    """A yes/no value."""

    required: bool = False

    def clean(self, value):
        """A bool; form check boxes arrive as booleans already."""
        if not isinstance(value, bool):
            raise FieldProblem("schema_type")
        return value

    def json_schema(self) -> dict:
        """Boolean."""
        return {"type": "boolean"}


@dataclass(frozen=True)
class Statement:
    """A yes or no the organiser may leave unsaid (None), so pages claim only what was said."""

    required: bool = False

    def clean(self, value):
        """A bool, or None for not said."""
        if value is None or isinstance(value, bool):
            return value
        raise FieldProblem("schema_type")

    def json_schema(self) -> dict:
        """Boolean, or null for not said."""
        return {"type": ["boolean", "null"]}


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of values; optional choices also take None."""

    options: tuple[str, ...]
    required: bool = False

    def clean(self, value):
        """The value if it is one of the options."""
        if value in (None, "") and not self.required:
            return None
        if value not in self.options:
            raise FieldProblem("schema_enum", options=", ".join(self.options))
        return value

    def json_schema(self) -> dict:
        """An enum; an optional one also takes null and "" for none."""
        if self.required:
            return {"type": "string", "enum": list(self.options)}
        return {"anyOf": [{"type": "string", "enum": [*self.options, ""]}, {"type": "null"}]}


@dataclass(frozen=True)
class Zone:
    """An IANA zone name."""

    required: bool = False

    def clean(self, value):
        """The zone the name stands for (Turkey is Europe/Istanbul) if the time engine knows it."""
        if value in (None, "") and not self.required:
            return None
        if not isinstance(value, str) or not timeengine.is_valid_zone(value):
            raise FieldProblem("unknown_zone", zone=str(value)[: timeengine.MAX_ZONE_NAME_LENGTH])
        return timeengine.canonical_zone(value)

    def json_schema(self) -> dict:
        """A bounded line, or null when optional; whether the zone exists is checked against the zone database."""
        schema = {"type": "string", "maxLength": timeengine.MAX_ZONE_NAME_LENGTH, "pattern": texts.schema_pattern(False),
                  "examples": ["Europe/Berlin"]}
        return schema if self.required else {"anyOf": [schema, {"type": "null"}]}


@dataclass(frozen=True)
class Date:
    """A calendar date, ISO 8601."""

    required: bool = False

    def clean(self, value):
        """A date from a date or an ISO string."""
        if value in (None, "") and not self.required:
            return None
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise FieldProblem("invalid_date", value=str(value)[:20])
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            raise FieldProblem("invalid_date", value=value) from None
        if not timeengine.is_supported_date(date):
            raise FieldProblem("date_range", value=value)
        return date

    def json_schema(self) -> dict:
        """An ISO date string in the years a programme can use; an optional one also takes null and "" for none."""
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
        return schema if self.required else {"anyOf": [schema, {"type": "null"}, {"const": ""}]}


# The years of timeengine.SUPPORTED_YEARS.
DATE_PATTERN = r"^(19\d\d|2[01]\d\d|2200)-\d{2}-\d{2}$"
CLOCK_PATTERN = r"([01]\d|2[0-3]):[0-5]\d"


@dataclass(frozen=True)
class Clock:
    """A wall-clock time HH:MM; it becomes an instant only together with a date and a zone."""

    required: bool = False

    def clean(self, value):
        """A time of day."""
        if isinstance(value, dt.time):
            return value.replace(second=0, microsecond=0)
        if not isinstance(value, str) or not re.fullmatch(CLOCK_PATTERN, value.strip()):
            raise FieldProblem("schema_pattern")
        hours, minutes = value.strip().split(":")
        return dt.time(int(hours), int(minutes))

    def json_schema(self) -> dict:
        """An HH:MM string."""
        return {"type": "string", "pattern": f"^{CLOCK_PATTERN}$", "examples": ["09:30"]}


@dataclass(frozen=True)
class Reference:
    """The key of an organisation, person or platform of the same conference."""

    kind: str
    required: bool = False

    def clean(self, value):
        """A key string (the operation resolves it within the conference), or None for none."""
        if value in (None, "") and not self.required:
            return None
        return KEY_REQUIRED.clean(value)

    def json_schema(self) -> dict:
        """A key, or null for none."""
        return KEY.json_schema()


@dataclass(frozen=True)
class References:
    """Several keys, in order (a workshop's organising bodies)."""

    kind: str
    max_items: int = 20
    required: bool = False

    def clean(self, value):
        """A list of distinct keys."""
        if value is None:
            return []
        if not isinstance(value, list) or len(value) > self.max_items:
            raise FieldProblem("schema_items")
        keys = [KEY_REQUIRED.clean(key) for key in value]
        if len(set(keys)) != len(keys):
            raise FieldProblem("schema_items")
        return keys

    def json_schema(self) -> dict:
        """An array of keys."""
        return {"type": "array", "items": KEY_REQUIRED.json_schema(), "maxItems": self.max_items, "uniqueItems": True}


@dataclass(frozen=True)
class Speakers:
    """Who an agenda row names, in order, by key: a person, "N.N." of an organisation, or an organisation itself."""

    required: bool = False

    def clean(self, value):
        """A list of {"person"} or {"organisation", "organisation_itself"} entries with "tbc"; None keeps them."""
        if value is None:
            return None
        if not isinstance(value, list) or len(value) > MAX_SPEAKERS:
            raise FieldProblem("schema_items")
        return [self._entry(entry) for entry in value]

    @staticmethod
    def _entry(entry) -> dict:
        """One entry, its key cleaned and exactly one of person and organisation named."""
        if not isinstance(entry, dict) or ("person" in entry) == ("organisation" in entry):
            raise FieldProblem("schema_type")
        allowed = {"person", "tbc"} if "person" in entry else {"organisation", "organisation_itself", "tbc"}
        if set(entry) - allowed:
            raise FieldProblem("schema_type")
        cleaned = {name: KEY_REQUIRED.clean(entry[name]) for name in ("person", "organisation") if name in entry}
        for name in ("tbc", "organisation_itself"):
            if name in entry:
                cleaned[name] = Flag().clean(entry[name])
        return cleaned

    def json_schema(self) -> dict:
        """An array of entries naming a person or an organisation, or null to keep the row's speakers."""
        person = {"type": "object", "required": ["person"], "additionalProperties": False,
                  "properties": {"person": KEY_REQUIRED.json_schema(), "tbc": {"type": "boolean"}}}
        organisation = {"type": "object", "required": ["organisation"], "additionalProperties": False,
                        "properties": {"organisation": KEY_REQUIRED.json_schema(), "tbc": {"type": "boolean"},
                                       "organisation_itself": {"type": "boolean", "description": (
                                           "The organisation takes the part itself; otherwise it is “N.N.” of it.")}}}
        entries = {"type": "array", "items": {"anyOf": [person, organisation]}, "maxItems": MAX_SPEAKERS}
        return {"anyOf": [entries, {"type": "null"}]}


@dataclass(frozen=True)
class Rows:
    """A list of records of one spec, such as a day's agenda rows; a problem is located as ``<index>.<field>``."""

    spec: Spec
    max_items: int
    required: bool = False

    def clean(self, value):
        """Every record cleaned by the spec, all problems reported at once."""
        if not isinstance(value, list) or len(value) > self.max_items:
            raise FieldProblem("schema_items")
        cleaned, problems = [], []
        for index, record in enumerate(value):
            try:
                cleaned.append(self.spec.clean(record))
            except ProgrammeRejected as rejection:
                problems += [replace(problem, location=f"{index}.{problem.location}".rstrip("."))
                             for problem in rejection.problems]
        if problems:
            raise ProgrammeRejected(problems)
        return cleaned

    def json_schema(self) -> dict:
        """An array of the spec's records."""
        return {"type": "array", "items": self.spec.json_schema(), "maxItems": self.max_items}


class TypedText(str):
    """What a person typed into an editor field, for rules that read typed text apart from JSON values."""


def _whole(value) -> bool:
    """A JSON integer (3.0 counts, as in JSON Schema; true does not)."""
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())


@dataclass(frozen=True)
class ReminderOffsets:
    """When reminders go out, in minutes before each day: a list (the API) or "1440, 60" (the editor); empty for none."""

    minimum: int = 5
    maximum: int = 14 * 24 * 60
    max_items: int = 5
    required: bool = False

    def clean(self, value):
        """Distinct offsets within bounds, longest first; null, [] and an empty editor field switch reminders off."""
        if value is None:
            return []
        if isinstance(value, TypedText):
            minutes = self._typed(value)
        elif isinstance(value, list) and all(_whole(entry) for entry in value):
            minutes = [int(entry) for entry in value]
        else:
            raise FieldProblem("schema_type")
        if len(minutes) > self.max_items:
            raise FieldProblem("reminder_count", limit=self.max_items)
        if any(not self.minimum <= entry <= self.maximum for entry in minutes):
            raise FieldProblem("reminder_range", minimum=self.minimum, days=self.maximum // (24 * 60))
        if len(set(minutes)) != len(minutes):
            raise FieldProblem("reminder_duplicate")
        return sorted(minutes, reverse=True)

    def json_schema(self) -> dict:
        """An array of distinct whole minutes; an empty array or null switches reminders off."""
        items = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        return {"anyOf": [{"type": "array", "items": items, "maxItems": self.max_items, "uniqueItems": True},
                          {"type": "null"}], "examples": [[1440, 60]]}

    @staticmethod
    def _typed(text: str) -> list[int]:
        """Minutes as typed into the editor: whole numbers separated by commas or semicolons."""
        parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        if not all(re.fullmatch(r"-?\d{1,9}", part) for part in parts):
            raise FieldProblem("reminder_format")
        return [int(part) for part in parts]

    @staticmethod
    def as_text(minutes) -> str:
        """The editor's form of the offsets: "1440, 60"."""
        return ", ".join(str(entry) for entry in minutes or ())


KEY_PATTERN = r"[a-z0-9][a-z0-9._-]{0,63}"
KEY = Text(64, pattern=KEY_PATTERN)
KEY_REQUIRED = Text(64, required=True, pattern=KEY_PATTERN)
SLUG = Text(80, required=True, pattern=r"[a-z0-9][a-z0-9-]{0,79}")


@dataclass(frozen=True)
class Spec:
    """The fields of one kind of record, and which of them a new record must have."""

    name: str
    fields: dict = field(default_factory=dict)

    def clean(self, values: dict, partial: bool = False) -> dict:
        """Clean every given field; refuse unknown ones, and missing required ones unless `partial`."""
        if not isinstance(values, dict):
            raise ProgrammeRejected([Problem("schema_type", "")])
        problems = [Problem("schema_additional", name[:80], {"field": name[:80]}) for name in values
                    if name not in self.fields]
        cleaned = {}
        for name, rule in self.fields.items():
            if name not in values:
                if rule.required and not partial:
                    problems.append(Problem("schema_required", name, {"field": name}))
                continue
            try:
                cleaned[name] = rule.clean(values[name])
            except FieldProblem as refusal:
                problems.append(Problem(refusal.code, name, {"field": name, **refusal.params}))
            except ProgrammeRejected as nested:
                problems += [replace(problem, location=f"{name}.{problem.location}") for problem in nested.problems]
        if problems:
            raise ProgrammeRejected(problems)
        return cleaned

    def json_schema(self, partial: bool = False) -> dict:
        """The JSON Schema of a request body creating (or, `partial`, changing) such a record."""
        schema = {
            "type": "object",
            "properties": {name: rule.json_schema() for name, rule in self.fields.items()},
            "additionalProperties": False,
        }
        required = [name for name, rule in self.fields.items() if rule.required]
        if required and not partial:
            schema["required"] = required
        return schema


def _values(enum_cls) -> tuple[str, ...]:
    """The stored values of an enum."""
    return tuple(member.value for member in enum_cls)


CONFERENCE = Spec("Conference", {
    "slug": SLUG,
    "title": Texts(SHORT_TEXT, required=True),
    "subtitle": Texts(SHORT_TEXT),
    "description": Texts(LONG_TEXT, multiline=True),
    "goals": Texts(LONG_TEXT, multiline=True),
    "format_notes": Texts(LONG_TEXT, multiline=True),
    "start_date": Date(),
    "end_date": Date(),
    "primary_zone": Zone(required=True),
    "secondary_zone": Zone(),
    "default_language": Choice(LANGUAGES),
    "languages": Languages(min_items=1),
    "interpretation": Choice(("simultaneous", "consecutive")),
    "session_label": Texts(SHORT_TEXT),
    "reminder_minutes": ReminderOffsets(),
    "embed_origins": Origins(),
})

DAY = Spec("WorkshopDay", {
    "date": Date(required=True),
    "local_start": Clock(required=True),
    "local_end": Clock(required=True),
    "ends_next_day": Flag(),
    "zone": Zone(required=True),
    "doors_open_minutes": Integer(1, MAX_AROUND_MINUTES),
    "informal_end_minutes": Integer(1, MAX_AROUND_MINUTES),
    "label": Texts(SHORT_TEXT),
    "outcomes": Texts(LONG_TEXT, multiline=True),
    "spoken_languages": Languages(),
    "interpreted_into": Languages(),
})

WORKSHOP = Spec("Workshop", {
    "number": Integer(1, 9999, required=True),
    "title": Texts(SHORT_TEXT, required=True),
    "subtitle": Texts(SHORT_TEXT),
    "background": Texts(LONG_TEXT, multiline=True),
    "goals": Texts(LONG_TEXT, multiline=True),
    "format_notes": Texts(LONG_TEXT, multiline=True),
    "platform": Reference("platform"),
    "organisations": References("organisation"),
    "capacity": Integer(1, 100000, code="capacity_range"),
    "listeners_admitted": Statement(),
    "status": Choice(_values(WorkshopStatus)),
})

DUPLICATE = Spec("WorkshopCopy", {
    "number": Integer(1, 9999, required=True),
    "date": Date(required=True),
})

RELEASE = Spec("Release", {
    "comment": Texts(MAX_COMMENT_LENGTH, multiline=True),
    "expected": Integer(1, 2**31 - 1),
})

MOVE = Spec("AgendaItemMove", {
    "direction": Choice(("up", "down"), required=True),
})

ITEM = Spec("AgendaItem", {
    "kind": Choice(_values(AgendaItemKind), required=True),
    "title": Texts(SHORT_TEXT, required=True),
    "description": Texts(LONG_TEXT, multiline=True),
    "duration_minutes": Integer(1, MAX_DURATION_MINUTES, code="duration_range"),
    "spoken_languages": Languages(),
    "interpreted_into": Languages(),
})

ASSIGNMENT = Spec("Assignment", {
    "role": Choice(_values(AssignmentRole), required=True),
    "person": Reference("person"),
    "organisation": Reference("organisation"),
    "tbc": Flag(),
    "organisation_itself": Flag(),
    "note": Texts(SHORT_TEXT),
})

PERSON = Spec("Person", {
    "key": KEY_REQUIRED,
    "name": Text(200, required=True),
    "academic_title": Text(40),
    "function": Texts(SHORT_TEXT),
    "organisation": Reference("organisation"),
    "city": Text(120),
})

ORGANISATION = Spec("Organisation", {
    "key": KEY_REQUIRED,
    "short_name": ShortNames(40),
    "name": Texts(SHORT_TEXT, required=True),
    "city": Text(120),
    "country": Text(2, pattern=r"[A-Z]{2}"),
    "conference_role": Choice(_values(OrganiserRole)),
})

PLATFORM = Spec("Platform", {
    "key": KEY_REQUIRED,
    "name": Text(120, required=True),
    "kind": Choice(_values(PlatformKind), required=True),
    "street_address": Text(500),
    "postcode": Text(20),
    "city": Text(120),
    "country": Text(2, pattern=r"[A-Z]{2}"),
    "room": Text(120),
    "accessibility": Texts(LONG_TEXT, multiline=True),
    "online_name": Text(120),
    "interpretation_channels": Channels(),
    "listener_limit": Integer(1, 100000, code="capacity_range"),
    "join_url": Link(2000),
    "meeting_id": Text(200),
    "passcode": Text(200),
    "instructions": Texts(LONG_TEXT, multiline=True),
})

# A day's agenda replaced whole (the day table's one save): rows in order, each nested `depth` levels deep under
# the section above it; a row with an `id` keeps that item, one without becomes a new item.
AGENDA_ROW = Spec("AgendaRow", {
    "id": Integer(1, 2**31 - 1),
    "depth": Integer(0, 30),
    "kind": ITEM.fields["kind"],
    "title": ITEM.fields["title"],
    "duration_minutes": ITEM.fields["duration_minutes"],
    "speakers": Speakers(),
})

AGENDA = Spec("Agenda", {
    "items": Rows(AGENDA_ROW, max_items=500, required=True),
    "extend_day": Flag(),
})
