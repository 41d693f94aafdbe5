"""Around and across a day's window: doors open, an informal end, and windows that cross midnight."""
from __future__ import annotations

import copy
import datetime as dt

import pytest

from confsched.programme import document as programme_document
from confsched.programme import editing
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.queries import load_programme
from confsched.programme.validation import parse, validate

UTC = dt.timezone.utc


def evening_document(make_document, slug="abend", **day) -> dict:
    """One workshop with one Berlin evening day, 19:00-21:30 unless `day` says otherwise, and no timed items."""
    document = copy.deepcopy(make_document(slug, items_per_day=2))
    target = document["workshops"][0]["days"][0]
    target.update({"date": "2020-11-05", "local_start": "19:00", "local_end": "21:30", **day})
    for item in target["items"]:
        del item["duration"]
    return document


def problems(document) -> list[tuple[str, str]]:
    """(code, location) of every error a document is rejected for."""
    with pytest.raises(ProgrammeRejected) as rejected:
        validate(document)
    return [(problem.code, problem.location) for problem in rejected.value.problems]


def exported(app, slug) -> str:
    """The stored programme as its public document text."""
    with app.app_context():
        return programme_document.dumps(programme_document.export_document(load_programme(slug)))


def test_doors_open_and_informal_end_are_derived_from_the_window_and_round_trip(app, load_document, make_document):
    """Stored as minutes around the window; the document also states the derived instants, and re-imports alike."""
    load_document(evening_document(make_document, doors_open_minutes=30, informal_end_minutes=90))
    first = exported(app, "abend")
    day = parse(first)["workshops"][0]["days"][0]
    assert (day["start"], day["end"]) == ("2020-11-05T18:00:00Z", "2020-11-05T20:30:00Z")
    assert (day["doors_open"], day["informal_end"]) == ("2020-11-05T17:30:00Z", "2020-11-05T22:00:00Z")
    assert (day["doors_open_minutes"], day["informal_end_minutes"]) == (30, 90)
    load_document(parse(first))
    assert exported(app, "abend") == first


def test_a_stated_doors_open_time_that_disagrees_is_reported_and_the_derived_one_kept(make_document):
    """Times are computed, never typed twice: a stale derived instant is a warning, not a second source."""
    document = evening_document(make_document, doors_open_minutes=30, doors_open="2020-11-05T17:00:00Z")
    warnings = validate(document).warnings
    assert [(warning.code, warning.location) for warning in warnings] == [
        ("derived_mismatch", "workshops[0].days[0].doors_open")]


@pytest.mark.parametrize("name", ["doors_open_minutes", "informal_end_minutes"])
@pytest.mark.parametrize("minutes, code", [(0, "schema_minimum"), (721, "schema_maximum")])
def test_minutes_around_the_window_are_bounded(make_document, name, minutes, code):
    assert problems(evening_document(make_document, **{name: minutes})) == [(code, f"workshops[0].days[0].{name}")]


def test_a_window_may_cross_midnight_when_it_says_so(app, load_document, make_document):
    """20:00-01:00: the end is on the next date, in the document and the store alike."""
    load_document(evening_document(make_document, local_start="20:00", local_end="01:00", ends_next_day=True))
    day = parse(exported(app, "abend"))["workshops"][0]["days"][0]
    assert (day["date"], day["local_start"], day["local_end"], day["ends_next_day"]) == (
        "2020-11-05", "20:00", "01:00", True)
    assert (day["start"], day["end"]) == ("2020-11-05T19:00:00Z", "2020-11-06T00:00:00Z")


def test_an_end_before_the_start_without_next_day_is_still_refused(make_document):
    document = evening_document(make_document, local_start="20:00", local_end="01:00")
    assert problems(document) == [("window_order", "workshops[0].days[0]")]


def test_a_window_across_midnight_lasts_less_than_a_day(make_document):
    document = evening_document(make_document, local_start="20:00", local_end="20:30", ends_next_day=True)
    assert problems(document) == [("overnight_too_long", "workshops[0].days[0]")]


@pytest.mark.parametrize("date, local_end, code", [
    ("2020-03-28", "02:30", "nonexistent_time"),  # Berlin skips 02:00-03:00 on 2020-03-29
    ("2020-10-24", "02:30", "ambiguous_time"),  # and has 02:00-03:00 twice on 2020-10-25
])
def test_an_end_after_midnight_in_a_clock_change_is_refused_naming_both_readings(make_document, date, local_end, code):
    """The refusals of non-existent and ambiguous local times apply to the next day's end too."""
    document = evening_document(make_document, date=date, local_start="22:00", local_end=local_end,
                                ends_next_day=True)
    with pytest.raises(ProgrammeRejected) as rejected:
        validate(document)
    [problem] = rejected.value.problems
    assert (problem.code, problem.location) == (code, "workshops[0].days[0].local_end")
    assert problem.params["local"] == f"{dt.date.fromisoformat(date) + dt.timedelta(days=1)} 02:30"
    assert "UTC" in str(problem.params["first"]) and "UTC" in str(problem.params["second"])
    assert {problem.params["first"].in_words("de"), problem.params["second"].in_words("de")} == (
        {"03:30 MESZ", "01:30 MEZ"} if code == "nonexistent_time" else {"02:30 MESZ", "02:30 MEZ"})


def test_the_editor_moves_a_day_across_midnight_and_keeps_the_minutes_around_it(app, load_document, make_document):
    """update_day takes ends_next_day and the minutes; a partial change keeps what it does not name."""
    load_document(evening_document(make_document))
    with app.app_context():
        conference = load_programme("abend", with_access=True)
        day = conference.workshops[0].days[0]
        editing.update_day(conference, day, {"local_start": dt.time(20, 0), "local_end": dt.time(1, 0),
                                                "ends_next_day": True, "doors_open_minutes": 45})
        editing.update_day(conference, day, {"informal_end_minutes": 60})
        assert (day.starts_at, day.ends_at) == (dt.datetime(2020, 11, 5, 19, tzinfo=UTC),
                                                dt.datetime(2020, 11, 6, 0, tzinfo=UTC))
        assert (day.doors_open_at, day.informal_end_at) == (dt.datetime(2020, 11, 5, 18, 15, tzinfo=UTC),
                                                            dt.datetime(2020, 11, 6, 1, tzinfo=UTC))
        values = editing.day_values(day)
        assert (values["ends_next_day"], values["local_end"]) == (True, dt.time(1, 0))
        with pytest.raises(ProgrammeRejected) as rejected:
            editing.update_day(conference, day, {"ends_next_day": False})
        assert [problem.code for problem in rejected.value.problems] == ["window_order"]
