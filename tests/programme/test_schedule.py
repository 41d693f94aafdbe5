"""Derived agenda times: the day's start plus the durations before each item."""
import datetime as dt
from types import SimpleNamespace

import pytz

from confsched.programme.schedule import AgendaNode, agenda_tree, find_problems, lay_out

START = pytz.utc.localize(dt.datetime(2020, 6, 15, 7, 30))


def node(duration=None, *children):
    """An agenda node over a plain stand-in item."""
    return AgendaNode(SimpleNamespace(duration_minutes=duration), list(children))


def starts(placed):
    """Start times as HH:MM (or None) in agenda order."""
    return [entry.start.strftime("%H:%M") if entry.start else None for entry in placed]


def test_items_follow_each_other():
    """Each item starts where the previous one ended."""
    placed = lay_out(START, [node(5), node(5), node(10)])
    assert starts(placed) == ["07:30", "07:35", "07:40"]
    assert placed[-1].end.strftime("%H:%M") == "07:50"


def test_section_without_duration_lasts_as_long_as_its_children():
    """A section's own length comes from its children when it states none."""
    placed = lay_out(START, [node(None, node(10), node(10)), node(5)])
    assert starts(placed) == ["07:30", "07:30", "07:40", "07:50"]
    assert [entry.depth for entry in placed] == [0, 1, 1, 0]
    assert [entry.number for entry in placed] == ["1", "1.1", "1.2", "2"]


def test_untimed_items_stay_in_order_without_times():
    """After an item without a length nothing further can be timed."""
    placed = lay_out(START, [node(10), node(None), node(10)])
    assert starts(placed) == ["07:30", None, None]


def test_day_overrun_is_reported_in_minutes():
    """Agendas longer than the window say by how much."""
    end = START + dt.timedelta(minutes=20)
    problems = find_problems(START, end, [node(15), node(15)])
    assert [(problem.code, problem.minutes) for problem in problems] == [("day_overrun", 10)]


def test_section_overrun_is_reported_with_its_location():
    """Children longer than their section are caught at the section."""
    end = START + dt.timedelta(hours=3)
    problems = find_problems(START, end, [node(5), node(30, node(20), node(15))])
    assert [(problem.code, problem.location, problem.minutes) for problem in problems] == [("section_overrun", "2", 5)]


def test_durations_outside_one_minute_to_a_day_are_refused():
    """Zero, negative and day-long slots are problems."""
    end = START + dt.timedelta(hours=30)
    codes = [problem.code for problem in find_problems(START, end, [node(0), node(-5), node(1440)])]
    assert codes == ["duration_range", "duration_range", "duration_range"]


def test_agenda_tree_rebuilds_nesting_from_a_flat_list():
    """Items loaded flat come back as a tree ordered by position."""
    section = SimpleNamespace(parent=None, position=1, duration_minutes=None)
    first = SimpleNamespace(parent=None, position=0, duration_minutes=5)
    child_b = SimpleNamespace(parent=section, position=1, duration_minutes=10)
    child_a = SimpleNamespace(parent=section, position=0, duration_minutes=10)
    roots = agenda_tree([section, child_b, first, child_a])
    assert [root.item for root in roots] == [first, section]
    assert [child.item for child in roots[1].children] == [child_a, child_b]
