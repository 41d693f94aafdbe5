"""Workshop 1's day of the 2020 programme built in the day table by keyboard alone, in German and in Turkish.

From an empty day: ten rows typed (minutes, both titles, kind, speakers) and saved with Enter; an item moved
into a section and back, an item removed; every start checked against the seed's printed programme in both
zones; a duration changed in few key presses; axe-core finds no WCAG 2.1 AA violation.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from confsched.programme import editing, releases
from confsched.programme.document import export_document
from confsched.programme.queries import load_programme
from tests.conftest import DEMO_SLUG
from tests.organiser.conftest import day_path, without_printed

pytestmark = pytest.mark.browser

DAY_URL = day_path()
# Workshop 1 as the seed prints it (../shared/seeds/003_cb8e4268d7c4c6b0.txt): CET (Berlin) and TRT (Istanbul).
SEED_STARTS = [("09:30", "10:30"), ("09:35", "10:35"), ("09:40", "10:40"), ("09:50", "10:50"), ("10:05", "11:05"),
               ("10:20", "11:20"), ("10:35", "11:35"), ("10:50", "11:50"), ("11:05", "12:05"), ("11:20", "12:20")]
SEED_END = ("11:30", "12:30")
SPEAKERS = ["Plattform-Dienstleister", "Alexander Wagner, Engagement Global", "Sabine Drees, DST",
            "Harun Yiğit, Stadt Konya", "Peter Aldelskamp, Stadt Essen", "", "N.N., Stadt Antalya (tbc)",
            "Stefan Bege, Stadt Nürnberg (tbc)", "", "Kerim Taşkan, TBB; Frauke Jansen, DST"]


class Keyboard:
    """The page's keyboard, counting every key press (a typed character is one press)."""

    def __init__(self, tab):
        self.tab, self.presses = tab, 0

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.tab.keyboard.press(key)
            self.presses += 1

    def type(self, text: str) -> None:
        self.tab.keyboard.type(text)
        self.presses += len(text)


def starts(tab) -> list[tuple[str, str]]:
    """Each saved row's start in both zones, as the table shows it."""
    rows = tab.locator("#agenda-table tbody tr:not(.blank-row)")
    return [(rows.nth(index).locator("td.zone-1").inner_text()[:5], rows.nth(index).locator("td.zone-2").inner_text()[:5])
            for index in range(rows.count())]


def choose_kind(tab, keys: Keyboard, select_id: str, value: str) -> None:
    """Pick a kind in the focused select as a keyboard user does: type the first letters of its name (in the page
    language) that no earlier option shares, else arrow keys."""
    options = tab.locator(f"#{select_id} option")
    values = [options.nth(index).get_attribute("value") for index in range(options.count())]
    labels = [options.nth(index).inner_text().casefold() for index in range(options.count())]
    target = values.index(value)
    for length in range(1, len(labels[target]) + 1):
        prefix = labels[target][:length]
        if not prefix.isascii() or not prefix.isalpha():
            break
        if next(index for index, label in enumerate(labels) if label.startswith(prefix)) == target:
            keys.type(prefix)
            break
    current = values.index(tab.locator(f"#{select_id}").input_value())
    keys.press("ArrowDown" if target > current else "ArrowUp", abs(target - current))
    assert tab.locator(f"#{select_id}").input_value() == value


def focused_id(tab) -> str:
    """The id of the element that has the focus."""
    return tab.evaluate("() => document.activeElement.id")


@pytest.fixture
def empty_day(app, demo):
    """The demo's draft with workshop 1's only day emptied: the window stays, the agenda is gone."""
    with app.app_context():
        expected = without_printed(export_document(load_programme(demo, with_access=True))["workshops"][0])
        conference = releases.working_draft(demo)
        editing.replace_agenda(conference, conference.workshops[0].days[0], [])
    return expected["days"][0]["items"]


@pytest.mark.parametrize("language", ["de", "tr"])
def test_build_workshop_one_by_keyboard_move_remove_and_check_every_time(app, empty_day, signed_in_tab, axe, language):
    tab = signed_in_tab(language, DAY_URL)
    assert tab.locator("html").get_attribute("lang") == language
    assert axe(tab.main_frame) == []
    build_the_day(tab, empty_day)
    check_the_saved_day(app, tab, empty_day)
    assert axe(tab.main_frame) == []
    move_into_a_section_and_back(tab, language)
    change_a_duration_in_few_presses(tab)
    remove_an_item(app, tab)


def build_the_day(tab, items) -> None:
    """Type the ten rows from the page's first field on, by keyboard, and save with Enter."""
    keys = Keyboard(tab)
    assert focused_id(tab) == "rows-0-duration"
    for index, item in enumerate(items):
        keys.type(str(item["duration"]))
        keys.press("Tab")
        keys.type(item["title"]["de"])
        keys.press("Tab")
        keys.type(item["title"]["tr"])
        keys.press("Tab")
        choose_kind(tab, keys, f"rows-{index}-kind", item["kind"])
        keys.press("Tab")
        keys.type(SPEAKERS[index])
        if index < len(items) - 1:
            keys.press("Alt+Enter")
            assert focused_id(tab) == f"rows-{index + 1}-duration"
    # The live re-flow has shown the times before saving, in place, and said where the agenda ends.
    expect(tab.locator("#agenda-table tbody tr").nth(9).locator("td.zone-1")).to_have_text("11:20–11:30")
    expect(tab.locator("#reflow-status")).to_contain_text("11:30")
    with tab.expect_navigation():
        keys.press("Enter")


def check_the_saved_day(app, tab, items) -> None:
    """Every start in both zones is the seed's, and the stored items are workshop 1's."""
    assert starts(tab) == SEED_STARTS
    last = tab.locator("#agenda-table tbody tr:not(.blank-row)").nth(9)
    assert (last.locator("td.zone-1").inner_text()[-5:], last.locator("td.zone-2").inner_text()[-5:]) == SEED_END
    with app.app_context():
        saved = export_document(releases.working_draft(DEMO_SLUG))["workshops"][0]["days"][0]["items"]
    # The seed's discussions say "alle" (everyone) in a description; the table has no column for it.
    expected = [{key: value for key, value in item.items() if key not in ("description", "start", "end")}
                for item in items]
    assert [{key: value for key, value in item.items() if key not in ("start", "end")} for item in saved] == expected


def move_into_a_section_and_back(tab, language: str) -> None:
    """A section after item 3; item 4 goes into it (Alt+right) and out again (Alt+left); the section is removed."""
    keys = Keyboard(tab)
    keys.press("ArrowDown", 2)
    keys.press("Alt+Enter")
    keys.press("Tab")
    keys.type("Praxisbeispiele")
    keys.press("Tab")
    keys.type("Uygulama örnekleri")
    keys.press("Tab")
    choose_kind(tab, keys, "rows-3-kind", "section")
    keys.press("Shift+Tab")
    keys.press("ArrowDown")
    assert focused_id(tab) == "rows-4-title_tr"
    keys.press("Alt+ArrowRight")
    expect(tab.locator("#row-4-number")).to_have_text("4.1")
    expect(tab.locator("#reflow-status")).to_contain_text("11:30")
    with tab.expect_navigation():
        keys.press("Enter")
    rows = tab.locator("#agenda-table tbody tr:not(.blank-row)")
    assert [rows.nth(index).locator("th.number").inner_text() for index in range(rows.count())] == [
        "1", "2", "3", "4", "4.1", "5", "6", "7", "8", "9", "10"]
    assert starts(tab) == [*SEED_STARTS[:4], SEED_STARTS[3], *SEED_STARTS[4:]]

    keys = Keyboard(tab)
    keys.press("ArrowDown", 4)
    assert focused_id(tab) == "rows-4-duration"
    keys.press("Alt+ArrowLeft")
    expect(tab.locator("#row-4-number")).to_have_text("5")
    keys.press("ArrowUp")
    keys.press("Alt+Delete")
    expect(tab.locator("#row-3-number")).to_have_text("4")
    with tab.expect_navigation():
        keys.press("Enter")
    assert starts(tab) == SEED_STARTS
    # Moving the first row up changes nothing, and says so.
    keys.press("Alt+ArrowUp")
    expect(tab.locator("#reflow-status")).to_have_text(
        "Die Zeile ist bereits die erste; nichts wurde geändert." if language == "de"
        else "Satır zaten en üstte; hiçbir şey değişmedi.")


def change_a_duration_in_few_presses(tab) -> None:
    """The last item's duration, from the page as it loads: arrows down, the minutes, Enter."""
    tab.goto(DAY_URL)
    keys = Keyboard(tab)
    keys.press("ArrowDown", 9)
    keys.type("5")
    with tab.expect_navigation():
        keys.press("Enter")
    assert keys.presses <= 15, keys.presses
    last = tab.locator("#agenda-table tbody tr:not(.blank-row)").nth(9)
    assert last.locator("td.zone-1").inner_text() == "11:20–11:25"
    keys = Keyboard(tab)
    keys.press("ArrowDown", 9)
    keys.type("10")
    with tab.expect_navigation():
        keys.press("Enter")
    assert starts(tab) == SEED_STARTS


def remove_an_item(app, tab) -> None:
    """Item 6 (the first discussion) removed in the table and saved: later items move up by its 15 minutes."""
    keys = Keyboard(tab)
    keys.press("ArrowDown", 5)
    keys.press("Alt+Delete")
    with tab.expect_navigation():
        keys.press("Enter")
    later = [(_earlier(berlin), _earlier(istanbul)) for berlin, istanbul in SEED_STARTS[6:]]
    assert starts(tab) == [*SEED_STARTS[:5], *later]
    restore_it(tab)


def restore_it(tab) -> None:
    """The removed item comes back from the day's list of deleted items (by keyboard: focus, Enter, Enter), in its
    place: every time is the seed's again."""
    keys = Keyboard(tab)
    # The section removed on the way is listed too; the discussion is the one to restore.
    restore = tab.locator(".deleted-parts li", has_text=re.compile("Diskussionsrunde|Tartışma Oturumu")).locator(
        "a[data-confirm-dialog]")
    expect(restore).to_have_count(1)
    restore.focus()
    keys.press("Enter")
    confirm = tab.locator("dialog#confirm-dialog button[type=submit]")
    expect(confirm).to_be_visible()
    confirm.focus()
    with tab.expect_navigation():
        keys.press("Enter")
    tab.goto(DAY_URL)
    assert starts(tab) == SEED_STARTS


def _earlier(clock: str, minutes: int = 15) -> str:
    """A wall-clock time some minutes earlier."""
    hours, rest = divmod(int(clock[:2]) * 60 + int(clock[3:]) - minutes, 60)
    return f"{hours:02d}:{rest:02d}"


def test_a_row_dragged_by_its_number_moves_and_the_times_follow(signed_in_tab):
    # Tall enough that both rows are in view: a drag that scrolls would start on another row.
    tab = signed_in_tab(path=DAY_URL, viewport={"width": 1400, "height": 1600})
    rows = tab.locator("#agenda-table tbody tr")
    # The closing summary (10 minutes) dragged onto the upper half of the first row: it opens the day now.
    rows.nth(9).locator("th.number").drag_to(rows.nth(0), target_position={"x": 5, "y": 2})
    expect(rows.nth(0).locator("input[data-column=title_de]")).to_have_value("Zusammenfassung und Schlusswort")
    expect(rows.nth(1).locator("td.zone-1")).to_have_text("09:40–09:45")
    expect(tab.locator("#reflow-status")).to_contain_text("10 Programmpunkte beginnen zu einer neuen Zeit.")
    with tab.expect_navigation():
        tab.click("button[name=action][value=save]")
    assert starts(tab)[:2] == [("09:30", "10:30"), ("09:40", "10:40")]
