"""Checking a document against the schema with its references inlined finds exactly what the schema as written finds."""
import copy
import json

import jsonschema
import pytest

from confsched.programme import document as programme_document
from confsched.programme import validation


def set_value(document: dict, path: tuple, value) -> None:
    """Put a value at a path of keys and indexes."""
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value


def remove_key(document: dict, path: tuple) -> None:
    """Delete the key at a path."""
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]


SECTION = ("workshops", 2, "days", 0, "items", 1)

# Faults where a reference is followed: beside a description (the day's zone), into a definition used under
# another (an assignment of an item), and into the definition that refers to itself (a section's child).
FAULTS = {
    "zone beside a description": lambda document: set_value(document, ("workshops", 0, "days", 0, "zone"), 7),
    "unknown key in an item's assignment": lambda document: set_value(
        document, ("workshops", 1, "days", 0, "items", 0, "assignments", 0, "unknown"), True),
    "child without a title": lambda document: remove_key(document, (*SECTION, "children", 0, "title")),
    "child of a child too long": lambda document: set_value(
        document, (*SECTION, "children", 1, "children"), [{"kind": "break", "title": {"de": "x" * 5000}}]),
    "several at once": lambda document: (
        set_value(document, ("conference", "languages"), ["de", "xx"]),
        set_value(document, ("workshops", 0, "days", 0, "local_start"), "25:99"),
        set_value(document, (*SECTION, "children", 0, "duration"), 0)),
}


def problems(errors) -> list[tuple]:
    """The problems validation reports for schema errors, in its order."""
    ordered = sorted(errors, key=lambda error: list(map(str, error.absolute_path)))
    return [(problem.code, problem.location, problem.params) for problem in map(validation._schema_problem, ordered)]


@pytest.mark.parametrize("fault", FAULTS)
def test_the_inlined_schema_reports_what_the_written_schema_reports(demo_document, fault):
    document = copy.deepcopy(demo_document)
    FAULTS[fault](document)
    written = jsonschema.Draft202012Validator(programme_document.load_schema())

    expected = problems(written.iter_errors(document))

    assert expected
    assert problems(validation._validator().iter_errors(document)) == expected


def references(node) -> set[str]:
    """Every $ref in a schema."""
    if isinstance(node, list):
        return set().union(*map(references, node))
    if not isinstance(node, dict):
        return set()
    return set().union({node["$ref"]} if "$ref" in node else set(), *map(references, node.values()))


def test_only_an_agenda_items_reference_to_its_own_definition_is_left(demo_document):
    assert references(validation._validator().schema) == {"#/$defs/agenda_item"}
    assert validation._validator().is_valid(demo_document)
