"""The schema check: it accepts what the JSON Schema accepts, reads patterns as JSON Schema does, and words each fault."""
from __future__ import annotations

import copy

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from confsched.programme import document as programme_document
from confsched.programme import validation
from confsched.programme.problems import ProgrammeRejected
from tests.conftest import demo_text

DEMO = validation.parse(demo_text())
REFERENCE = jsonschema.Draft202012Validator(programme_document.load_schema())


def paths(node, prefix: tuple = ()) -> list[tuple]:
    """Every key and index path in a document, the root excluded."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += paths(child, (*prefix, index))
    return found


DEMO_PATHS = paths(DEMO)

# Values of every JSON type, including ones the schema refuses somewhere. Texts never end in a line break,
# where Python's regular expressions (the reference's) and JSON Schema's differ; that case has its own test.
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 200_000) | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["", "x", "de", "tr", "en", "10:00", "25:00", "2020-06-15", "Europe/Berlin", "https://a.example",
                       "javascript:alert(1)", "a\nb", "x" * 1001, "İstanbul", "ağ"])
    | st.text(alphabet="aİı ğ-:0123456789TZ\t/.", max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["de", "tr", "en", "key", "title", "kind", "extra"]), children, max_size=3),
    max_leaves=6,
)


def verdict(document: dict) -> list[tuple] | None:
    """None when the document passes the schema check, else its problems as (code, location)."""
    try:
        validation.validate(document)
    except ProgrammeRejected as rejection:
        return [(problem.code, problem.location) for problem in rejection.problems]
    return None


@st.composite
def mutated_demo(draw) -> dict:
    """The demo programme with one or two values replaced, removed or added."""
    document = copy.deepcopy(DEMO)
    for _ in range(draw(st.integers(1, 2))):
        path = draw(st.sampled_from(DEMO_PATHS))
        parent = document
        try:
            for step in path[:-1]:
                parent = parent[step]
            parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced what this path led to
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(VALUES)
        elif action == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "note", "de"]))] = draw(VALUES)
        else:
            parent.append(draw(VALUES))
    return document


@settings(max_examples=400, deadline=None)
@given(mutated_demo())
def test_the_compiled_schema_accepts_exactly_what_an_independent_validator_accepts(document):
    accepted = REFERENCE.is_valid(document)
    assert validation._validator().is_valid(document) == accepted
    if not accepted:
        assert verdict(document)


@pytest.mark.parametrize(("path", "value", "expected"), [
    (("conference", "slug"), "vorkonferenz-2020\n", ("schema_pattern", "conference.slug")),
    (("conference", "title", "de"), "Vorkonferenz\n", ("single_line", "conference.title.de")),
    (("workshops", 0, "days", 0, "local_start"), "09:00\n", ("schema_pattern", "workshops[0].days[0].local_start")),
    (("people", 0, "key"), "sabine-drees\n", ("schema_pattern", "people[0].key")),
])
def test_a_trailing_line_break_does_not_pass_a_one_line_pattern(path, value, expected):
    """JSON Schema's `$` ends the text; Python's also matched before a final line break, so these passed."""
    document = copy.deepcopy(DEMO)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    assert expected in verdict(document)


def test_each_missing_field_is_named():
    """Two missing fields of one object are two problems naming each; the first was named twice."""
    document = copy.deepcopy(DEMO)
    del document["people"][0]["key"], document["people"][0]["name"]
    problems = verdict(document)
    assert ("schema_required", "people[0]") in problems
    with pytest.raises(ProgrammeRejected) as rejected:
        validation.validate(document)
    fields = {problem.params["field"] for problem in rejected.value.problems if problem.code == "schema_required"}
    assert fields == {"key", "name"}


def test_a_text_in_an_unknown_language_names_the_languages_there_are():
    document = copy.deepcopy(DEMO)
    document["conference"]["title"]["fr"] = "Préconférence"
    with pytest.raises(ProgrammeRejected) as rejected:
        validation.validate(document)
    problem = rejected.value.problems[0]
    assert (problem.code, problem.location) == ("schema_enum", "conference.title")
    assert problem.params["options"] == "de, tr, en"


@pytest.mark.parametrize(("text", "location"), [
    ('{"conference": {"title": {"de": "Vor\\ud800konferenz"}}}', "conference.title.de"),
    ('{"conference": {"title": {"\\udc00": "Vorkonferenz"}}}', "conference.title"),
    ('{"workshops": [{"title": {"de": "\\ud83d\\ude00"}}, "\\udfff"]}', "workshops[1]"),
])
def test_half_a_character_pair_is_refused_where_it_stands(text, location):
    """JSON may escape one half of a UTF-16 pair alone; no UTF-8 text can hold it."""
    with pytest.raises(ProgrammeRejected) as rejected:
        validation.parse(text)
    assert [(problem.code, problem.location) for problem in rejected.value.problems] == [("lone_surrogate", location)]


def test_a_whole_character_pair_is_text():
    assert validation.parse('{"title": "\\ud83d\\ude00"}') == {"title": "\U0001F600"}
