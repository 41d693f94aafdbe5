"""Checks a programme document before anything is stored: schema, references, time and consistency.

Errors stop an import; warnings (the printed-time checks) are reported and the
derived times win. Pure functions over the document; no database, no Flask.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace

import jsonschema_rs

from confsched import timeengine, zonedisplay
from confsched.input_limits import MAX_JSON_DEPTH, json_too_deep, lone_surrogate_path
from confsched.localized import has_text
from confsched.programme import document as programme_document
from confsched.programme import interpretation, links, origins, places, texts
from confsched.programme.problems import JSON_FAULTS, Problem, ProgrammeRejected, doubtful_time
from confsched.programme.schedule import AgendaNode, find_problems, lay_out

MAX_SCHEMA_PROBLEMS = 50
TEXT_PATTERNS = {texts.schema_pattern(multiline=False): "single_line", texts.schema_pattern(multiline=True): "control_character"}


@dataclass
class ValidatedDocument:
    """A document that passed every check, with each day's window resolved to UTC."""

    document: dict
    windows: dict[tuple[int, int], tuple[dt.datetime, dt.datetime]]
    warnings: list[Problem] = field(default_factory=list)


def parse(text: str | bytes) -> dict:
    """Read a document's JSON, or reject it with the line and column of the fault."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ProgrammeRejected([Problem("invalid_json", "", {"fault": "not UTF-8", "line": 1, "column": error.start + 1})])
    if json_too_deep(text):
        raise ProgrammeRejected([Problem("json_depth", "", {"limit": MAX_JSON_DEPTH})])
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProgrammeRejected(
            [Problem("invalid_json", "", {"fault": _json_fault(error.msg), "line": error.lineno, "column": error.colno})]
        ) from None
    if not isinstance(document, dict):
        raise ProgrammeRejected([Problem("not_a_document", "")])
    surrogate = lone_surrogate_path(document)
    if surrogate is not None:
        raise ProgrammeRejected([Problem("lone_surrogate", _path(surrogate))])
    return document


def _json_fault(message: str) -> str:
    """The key of JSON_FAULTS that Python's parser message starts with, or the message (worded as unreadable JSON)."""
    return next((fault for fault in JSON_FAULTS if message.startswith(fault)), message)


def claimed_slug(document: dict) -> str | None:
    """The slug a parsed document names, before validation, to check the right to import it."""
    conference = document.get("conference")
    slug = conference.get("slug") if isinstance(conference, dict) else None
    return slug if isinstance(slug, str) and len(slug) <= 80 else None


@lru_cache(maxsize=1)
def _validator() -> jsonschema_rs.Validator:
    """The schema validator, compiled once: a hundredth of the time of the `jsonschema` library (0.06 against 6.4 ms
    for a workshop, once most of an edit's check), and its patterns are read as JSON Schema says, ECMA-262's, whose
    `$` ends the text where Python's also matched before a final line break ("Titel\\n" passed a one-line text)."""
    return jsonschema_rs.validator_for(programme_document.load_schema())


def _path(parts) -> str:
    """A JSON path such as workshops[1].days[0].items[3]."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _schema_problem(error: jsonschema_rs.ValidationError) -> Problem:
    """Translate a JSON Schema error into a problem code a user can read in their language."""
    location = _path(error.instance_path)
    kind = error.kind
    keyword, details = kind.name, kind.as_dict()
    if keyword == "anyOf":
        # One of several shapes (a short name as one string or per language): the shape the value has says what is wrong.
        fitting = [sub for branch in kind.context for sub in branch if sub.kind.name != "type"]
        if fitting:
            return _schema_problem(fitting[0])
    if keyword == "propertyNames":
        # A key the object may not have (a language outside the list): what the key breaks, said of the object.
        named = _schema_problem(details["error"])
        return Problem(named.code, location, named.params)
    if keyword == "required":
        return Problem("schema_required", location, {"field": details["property"]})
    if keyword == "additionalProperties":
        return Problem("schema_additional", location, {"field": ", ".join(sorted(details["unexpected"]))[:80]})
    if keyword == "pattern":
        pattern = details["pattern"]
        if pattern == f"^{links.HTTPS_URL_PATTERN}$":
            return Problem("https_url", location)
        if pattern == f"^{origins.ORIGIN_PATTERN}$":
            return Problem("embed_origin", location, {"origin": origins.shown(error.instance)})
        if pattern in TEXT_PATTERNS:
            return Problem(TEXT_PATTERNS[pattern], location)
    if keyword in ("enum", "const"):
        options = details["options"] if keyword == "enum" else [details["expected_value"]]
        return Problem("schema_enum", location, {"options": ", ".join(str(option) for option in options)})
    codes = {
        "maxLength": "schema_length",
        "minLength": "schema_min_length",
        "minimum": "schema_minimum",
        "maximum": "schema_maximum",
        "pattern": "schema_pattern",
        "format": "schema_pattern",
        "type": "schema_type",
        "minItems": "schema_items",
        "maxItems": "schema_items",
        "uniqueItems": "schema_items",
    }
    limit = {"limit": details["limit"]} if keyword in ("maxLength", "minimum", "maximum") else {}
    return Problem(codes.get(keyword, "schema_other"), location, limit)


def validate(document) -> ValidatedDocument:
    """Check everything; raise ProgrammeRejected with every error found, or return the warnings."""
    if not _validator().is_valid(document):
        schema_errors = sorted(_validator().iter_errors(document), key=lambda error: list(map(str, error.instance_path)))
        raise ProgrammeRejected([_schema_problem(error) for error in schema_errors[:MAX_SCHEMA_PROBLEMS]])
    checker = _Checker(document)
    checker.run()
    if checker.errors:
        raise ProgrammeRejected(checker.errors)
    return ValidatedDocument(document, checker.windows, checker.warnings)


class _Checker:
    """Walks a schema-valid document collecting errors, warnings and each day's UTC window."""

    def __init__(self, document: dict):
        self.document = document
        self.conference = document["conference"]
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.windows: dict[tuple[int, int], tuple[dt.datetime, dt.datetime]] = {}

    def error(self, code: str, location: str, **params) -> None:
        """Record a problem that stops the import."""
        self.errors.append(Problem(code, location, params))

    def warn(self, code: str, location: str, **params) -> None:
        """Record a problem that is reported while the import goes ahead."""
        self.warnings.append(Problem(code, location, params, severity="warning"))

    def run(self) -> None:
        """Check the document from top to bottom."""
        reference_zones = self.conference["reference_zones"]
        zones_ok = all(self._check_zone(zone, f"conference.reference_zones[{index}]")
                       for index, zone in enumerate(reference_zones))
        if zones_ok and len(reference_zones) == 2 and timeengine.same_zone(*reference_zones):
            self.error("same_zone", "conference.reference_zones[1]")
        if not has_text(self.conference["title"]):
            self.error("empty_title", "conference.title")
        keys = {kind: self._collect_keys(kind) for kind in ("organisations", "people", "platforms")}
        for index, platform in enumerate(self.document.get("platforms", [])):
            for code, name, params in places.place_problems(platform["kind"], platform):
                self.error(code, f"platforms[{index}].{name}", **params)
            for code, name in interpretation.channel_problems(platform.get("interpretation_channels"),
                                                              self.conference["languages"]):
                self.error(code, f"platforms[{index}].{name}")
        self._check_references(keys)
        numbers: set[int] = set()
        for index, workshop in enumerate(self.document.get("workshops", [])):
            location = f"workshops[{index}]"
            if workshop["number"] in numbers:
                self.error("duplicate_number", f"{location}.number", number=workshop["number"])
            numbers.add(workshop["number"])
            if not has_text(workshop["title"]):
                self.error("empty_title", f"{location}.title")
            for day_index, day in enumerate(workshop["days"]):
                self._check_day(index, day_index, day, f"{location}.days[{day_index}]", zones_ok)
                self._check_languages(day, f"{location}.days[{day_index}]")
        self._check_day_identities()

    def _check_languages(self, day: dict, location: str) -> None:
        """Spoken and interpreted languages of a day and each of its items: the conference's, and interpretation
        only of something spoken into another language."""
        owners = [(location, day), *_item_paths(day.get("items", []), f"{location}.items")]
        for owner_location, owner in owners:
            for code, name in interpretation.statement_problems(owner.get("spoken_languages", []),
                                                                owner.get("interpreted_into", []),
                                                                self.conference["languages"]):
                self.error(code, f"{owner_location}.{name}")

    def _check_day_identities(self) -> None:
        """No two days may share an identity or a frab id: each names one day in calendars and apps."""
        for name in ("identity", "frab_id"):
            seen: set = set()
            for index, workshop in enumerate(self.document.get("workshops", [])):
                for day_index, day in enumerate(workshop["days"]):
                    if name not in day:
                        continue
                    if day[name] in seen:
                        self.error("duplicate_key", f"workshops[{index}].days[{day_index}].{name}", key=day[name])
                    seen.add(day[name])

    def _check_zone(self, zone: str, location: str) -> bool:
        """Refuse zone names that are not IANA zones."""
        if timeengine.is_valid_zone(zone):
            return True
        self.error("unknown_zone", location, zone=zone)
        return False

    def _collect_keys(self, kind: str) -> set[str]:
        """The keys of one list, reporting duplicates."""
        seen: set[str] = set()
        for index, entry in enumerate(self.document.get(kind, [])):
            if entry["key"] in seen:
                self.error("duplicate_key", f"{kind}[{index}].key", key=entry["key"])
            seen.add(entry["key"])
        return seen

    def _check_references(self, keys: dict[str, set[str]]) -> None:
        """Every key a document uses must name an entry of the right list."""
        def expect(key, kind, location):
            plural = {"organisation": "organisations", "person": "people", "platform": "platforms"}[kind]
            if key is not None and key not in keys[plural]:
                self.error("unknown_reference", location, key=key, kind=kind)

        for index, link in enumerate(self.conference.get("organisers", [])):
            expect(link["organisation"], "organisation", f"conference.organisers[{index}]")
        for index, person in enumerate(self.document.get("people", [])):
            expect(person.get("organisation"), "organisation", f"people[{index}].organisation")
        for index, workshop in enumerate(self.document.get("workshops", [])):
            location = f"workshops[{index}]"
            for org_index, key in enumerate(workshop.get("organisations", [])):
                expect(key, "organisation", f"{location}.organisations[{org_index}]")
            expect(workshop.get("platform"), "platform", f"{location}.platform")
            for assignment_location, assignment in _all_assignments(workshop, location):
                expect(assignment.get("person"), "person", f"{assignment_location}.person")
                expect(assignment.get("organisation"), "organisation", f"{assignment_location}.organisation")

    def _check_day(self, workshop_index: int, day_index: int, day: dict, location: str, zones_ok: bool) -> None:
        """Resolve the day's window to UTC and check its agenda against it."""
        if not self._check_zone(day["zone"], f"{location}.zone"):
            return
        try:
            date = dt.date.fromisoformat(day["date"])
        except ValueError:
            self.error("invalid_date", f"{location}.date", value=day["date"])
            return
        if not timeengine.is_supported_date(date):
            self.error("date_range", f"{location}.date", value=day["date"])
            return
        end_date = date + dt.timedelta(days=1) if day.get("ends_next_day") else date
        start = self._resolve(date, day["local_start"], day["zone"], f"{location}.local_start")
        end = self._resolve(end_date, day["local_end"], day["zone"], f"{location}.local_end")
        if start is None or end is None:
            return
        problem = window_problem(start, end, bool(day.get("ends_next_day")))
        if problem:
            self.error(problem, location, start=day["local_start"], end=day["local_end"])
            return
        self.windows[(workshop_index, day_index)] = (start, end)
        roots = [_node(item) for item in day.get("items", [])]
        for problem in find_problems(start, end, roots):
            self.error(problem.code, _item_location(location, problem.location), minutes=problem.minutes)
        self._compare_stated(day, start, end, location)
        if zones_ok:
            self._check_printed(day.get("printed", []), (start, end), date, location)
            self._check_item_times(day.get("items", []), lay_out(start, roots), date, location)

    def _resolve(self, date: dt.date, clock: str, zone: str, location: str) -> dt.datetime | None:
        """A wall-clock time on a date in a zone as UTC, refusing gaps and overlaps."""
        hours, minutes = map(int, clock.split(":"))
        local = dt.datetime.combine(date, dt.time(hours, minutes))
        try:
            return timeengine.to_utc(local, zone)
        except (timeengine.NonExistentLocalTimeError, timeengine.AmbiguousLocalTimeError) as refusal:
            self.errors.append(doubtful_time(refusal, location))
            return None

    def _compare_stated(self, day: dict, start: dt.datetime, end: dt.datetime, location: str) -> None:
        """Warn where a document's derived UTC window disagrees with what the programme gives."""
        around = {"doors_open": day.get("doors_open_minutes"), "informal_end": day.get("informal_end_minutes")}
        derived_around = {
            "doors_open": start - dt.timedelta(minutes=around["doors_open"]) if around["doors_open"] else None,
            "informal_end": end + dt.timedelta(minutes=around["informal_end"]) if around["informal_end"] else None,
        }
        for name, derived in (("start", start), ("end", end), *derived_around.items()):
            stated = day.get(name)
            if stated and derived is None:
                self.warn("derived_mismatch", f"{location}.{name}", stated=stated, derived="–")
                continue
            if stated and stated != programme_document.utc_iso(derived):
                self.warn("derived_mismatch", f"{location}.{name}", stated=stated,
                          derived=programme_document.utc_iso(derived))

    def _check_item_times(self, items: list[dict], timed, date: dt.date, location: str) -> None:
        """Check each item's printed times against its derived start."""
        paths = list(_item_paths(items, f"{location}.items"))
        for (item_location, item), entry in zip(paths, timed):
            if item.get("printed") and entry.start is not None:
                self._check_printed(item["printed"], (entry.start, entry.end), date, item_location)

    def _check_printed(self, claims: list[dict], window, date: dt.date, location: str) -> None:
        """Compare times as a printed programme typed them with the derived ones, zone by zone."""
        for index, claim in enumerate(claims):
            claim_location = f"{location}.printed[{index}]" + (f" ({claim['source']})" if claim.get("source") else "")
            zone = _zone_for_label(claim["label"], self.conference["reference_zones"], window[0])
            if zone is None:
                self.warn("unknown_label", claim_location, label=claim["label"])
                continue
            self._check_label(claim, zone, window[0], date, claim_location)
            for name, instant in (("start", window[0]), ("end", window[1])):
                printed = claim.get(name)
                if printed is None or instant is None:
                    continue
                derived = zonedisplay.clock_text(instant, zone)
                if printed != derived:
                    self.warn("printed_time", claim_location, printed=printed, label=claim["label"],
                              derived=derived, zone=zone)

    def _check_label(self, claim: dict, zone: str, instant: dt.datetime, date: dt.date, location: str) -> None:
        """Warn when a label claims an offset the zone does not have on that date ('CET' in June)."""
        claimed = timeengine.claimed_offset(claim["label"])
        actual = timeengine.utc_offset_minutes(instant, zone)
        if claimed is not None and claimed != actual:
            self.warn(
                "printed_label", location, label=claim["label"], claimed=timeengine.format_offset(claimed)[3:],
                zone=zone, actual=timeengine.zone_state(instant, zone),
                offset=timeengine.format_offset(actual), date=date.isoformat(),
            )


def window_problem(start: dt.datetime, end: dt.datetime, ends_next_day: bool) -> str | None:
    """Why a window cannot be, or None: it must end after it starts, and one across midnight within 24 hours."""
    if end <= start:
        return "window_order"
    if ends_next_day and end - start >= dt.timedelta(days=1):
        return "overnight_too_long"
    return None


def _zone_for_label(label: str, reference_zones, instant: dt.datetime) -> str | None:
    """Which reference zone a printed label speaks of: by its abbreviations, else by its offset then, else by an
    offset it has in that year (a 'TRT' printed for December 2015, when Istanbul was on EET, is Istanbul's)."""
    label = label.strip()
    for zone in reference_zones:
        if label in _abbreviations_of(zone, instant.year):
            return zone
    claimed = timeengine.claimed_offset(label)
    if claimed is None:
        return None
    for zone in reference_zones:
        if timeengine.utc_offset_minutes(instant, zone) == claimed:
            return zone
    for zone in reference_zones:
        if claimed in _offsets_of(zone, instant.year):
            return zone
    return None


@lru_cache(maxsize=64)
def _abbreviations_of(zone: str, year: int) -> frozenset[str]:
    """Every abbreviation a zone goes by in a year, winter and summer, in every page language."""
    labels = set()
    for month in (1, 7):
        instant = timeengine.to_utc(dt.datetime(year, month, 15, 12), zone)
        for language in ("de", "tr", "en"):
            labels.add(timeengine.abbreviation(instant, zone, language))
    if "TSİ" in labels:
        labels.add("TSI")
    return frozenset(labels)


@lru_cache(maxsize=64)
def _offsets_of(zone: str, year: int) -> frozenset[int]:
    """The zone's offsets in a year's winter and summer."""
    return frozenset(timeengine.utc_offset_minutes(timeengine.to_utc(dt.datetime(year, month, 15, 12), zone), zone)
                     for month in (1, 7))


def _item_location(day_location: str, agenda_number: str) -> str:
    """Turn an agenda number such as '2.1' into a document path such as days[0].items[1].children[0]."""
    if not agenda_number:
        return day_location
    indexes = [int(part) - 1 for part in agenda_number.split(".")]
    return f"{day_location}.items[{indexes[0]}]" + "".join(f".children[{index}]" for index in indexes[1:])


def _node(item: dict) -> AgendaNode:
    """An agenda node over a document item, for the same schedule rules the database uses."""
    return AgendaNode(
        SimpleNamespace(duration_minutes=item.get("duration")),
        [_node(child) for child in item.get("children", [])],
    )


def _item_paths(items: list[dict], prefix: str):
    """Items depth first with their locations, in the order schedule.lay_out() yields them."""
    for index, item in enumerate(items):
        location = f"{prefix}[{index}]"
        yield location, item
        yield from _item_paths(item.get("children", []), f"{location}.children")


def _all_assignments(workshop: dict, location: str):
    """Every assignment of a workshop and of its items, with locations."""
    for index, assignment in enumerate(workshop.get("assignments", [])):
        yield f"{location}.assignments[{index}]", assignment
    for day_index, day in enumerate(workshop["days"]):
        for item_location, item in _item_paths(day.get("items", []), f"{location}.days[{day_index}].items"):
            for index, assignment in enumerate(item.get("assignments", [])):
                yield f"{item_location}.assignments[{index}]", assignment
