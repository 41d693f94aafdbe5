"""One line for titles, names and labels; line breaks only in descriptions: in the import and its schema."""
from __future__ import annotations

import copy

import pytest

from confsched.organiser import fields
from confsched.programme import document as programme_document
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.texts import MULTI_LINE_PATTERN, SINGLE_LINE_PATTERN, refusal
from confsched.programme.validation import validate

LINE_ENDS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"]
CONTROLS = ["\x00", "\x07", "\x1b", "\x7f", "\x9b"]


@pytest.mark.parametrize("character", LINE_ENDS + CONTROLS)
def test_single_line_texts_refuse_line_ends_and_controls(character):
    assert refusal(f"Digitale{character}Stadt", multiline=False) == "single_line"


@pytest.mark.parametrize("character", LINE_ENDS[:6] + ["\t"])
def test_multi_line_texts_keep_line_ends_and_tabs(character):
    assert refusal(f"Erste Zeile{character}zweite Zeile", multiline=True) is None


@pytest.mark.parametrize("character", CONTROLS)
def test_multi_line_texts_refuse_other_controls(character):
    assert refusal(f"Text{character}", multiline=True) == "control_character"


def test_a_tab_is_allowed_in_a_single_line():
    assert refusal("Teil\t1", multiline=False) is None


@pytest.mark.parametrize(("where", "character", "location"), [
    (("workshops", 0, "title", "de"), "\n", "workshops[0].title.de"),
    (("workshops", 0, "days", 0, "items", 0, "title", "tr"), "\u2028", "workshops[0].days[0].items[0].title.tr"),
    (("workshops", 3, "days", 1, "label", "de"), "\r\n", "workshops[3].days[1].label.de"),
    (("people", 0, "name"), "\x00", "people[0].name"),
    (("platforms", 0, "name"), "\r", "platforms[0].name"),
    (("organisations", 0, "short_name"), "\x85", "organisations[0].short_name"),
])
def test_import_refuses_a_line_break_in_a_single_line_field_naming_it(demo_document, where, character, location):
    """A SUMMARY-to-be with a line break in it stops the import with the field's place and a readable reason."""
    document = copy.deepcopy(demo_document)
    holder = document
    for step in where[:-1]:
        holder = holder[step]
    holder[where[-1]] = f"{holder.get(where[-1]) or 'Text'}{character}ATTENDEE:mailto:x@example.org"
    with pytest.raises(ProgrammeRejected) as rejection:
        validate(document)
    (problem,) = rejection.value.problems
    assert (problem.code, problem.location) == ("single_line", location)
    assert "single line" in problem.message()


def test_import_keeps_line_breaks_in_descriptions(demo_document):
    """Descriptions, goals and instructions are several lines; only controls such as NUL are refused there."""
    document = copy.deepcopy(demo_document)
    document["workshops"][0]["goals"] = {"de": "Erstens\nZweitens\u2028Drittens", "tr": "Bir\r\nİki"}
    validate(document)
    document["workshops"][0]["goals"]["de"] = "Erstens\x00"
    with pytest.raises(ProgrammeRejected) as rejection:
        validate(document)
    assert [(problem.code, problem.location) for problem in rejection.value.problems] == [
        ("control_character", "workshops[0].goals.de")]


def _strings(schema, path=""):
    """Every string schema in a JSON Schema, with where it is."""
    if isinstance(schema, dict):
        if schema.get("type") == "string":
            yield path, schema
        for key, value in schema.items():
            yield from _strings(value, f"{path}/{key}")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from _strings(value, f"{path}/{index}")


def test_every_text_in_the_programme_schema_says_which_characters_it_takes():
    """Each string of the document has a pattern (one line, several lines, or a stricter format) or a fixed set."""
    schema = programme_document.load_schema()
    assert schema["$defs"]["short_text"]["additionalProperties"]["pattern"] == f"^{SINGLE_LINE_PATTERN}$"
    assert schema["$defs"]["text"]["additionalProperties"]["pattern"] == f"^{MULTI_LINE_PATTERN}$"
    unpatterned = [path for path, string in _strings(schema) if "pattern" not in string and "enum" not in string]
    assert unpatterned == []


def test_the_field_rules_state_the_same_patterns():
    """The editor's and the API's rules describe themselves with the schema's patterns."""
    title = fields.WORKSHOP.fields["title"].json_schema()["properties"]["de"]["anyOf"][0]
    goals = fields.WORKSHOP.fields["goals"].json_schema()["properties"]["de"]["anyOf"][0]
    name = fields.PLATFORM.fields["name"].json_schema()
    assert title["pattern"] == name["pattern"] == f"^{SINGLE_LINE_PATTERN}$"
    assert goals["pattern"] == f"^{MULTI_LINE_PATTERN}$"
