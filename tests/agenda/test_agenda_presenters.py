"""Formatting helpers and the reader's zone, tested on plain values (no app, no database).

Expected month, weekday and city names are CLDR's and offsets tzdata's, as the Babel and pytz pinned in
requirements/lock.txt give them.
"""
from __future__ import annotations

import datetime as dt

import pytest

from confsched import timeengine
from confsched.agenda import presenters
from confsched.agenda.page_cache import PageCache
from confsched.agenda.reader_zone import UnknownReaderZone, choose_zone, offered_zones, picker_groups


def test_rich_text_splits_paragraphs_and_bullet_lists():
    content = presenters.rich_text({"de": "Leitende Fragen:\n\n- eins\n- zwei\nDanach.\n\nEnde"}, "de")
    assert [(block.kind, block.lines) for block in content.blocks] == [
        ("paragraph", ("Leitende Fragen:",)),
        ("list", ("eins", "zwei")),
        ("paragraph", ("Danach.",)),
        ("paragraph", ("Ende",)),
    ]
    assert not content.value.is_fallback


def test_rich_text_marks_a_fallback_and_is_empty_without_text():
    assert presenters.rich_text({"de": "Nur deutsch"}, "tr").value.is_fallback
    assert not presenters.rich_text({}, "tr")


def test_date_ranges_and_minutes():
    assert presenters.date_range(dt.date(2020, 6, 15), dt.date(2020, 6, 18), "de") == "15.–18. Juni 2020"
    assert presenters.date_range(dt.date(2020, 6, 15), None, "tr") == "15 Haziran 2020 Pazartesi"
    assert presenters.date_range(None, None, "de") is None
    assert presenters.minutes_text(90, "de") == "90 Min."
    assert presenters.minutes_text(5, "tr") == "5 dk."
    assert presenters.minutes_text(None, "tr") is None


def test_zone_columns_use_labels_valid_on_the_date():
    summer = timeengine.UTC.localize(dt.datetime(2020, 6, 15, 7, 30))
    winter = timeengine.UTC.localize(dt.datetime(2020, 12, 14, 8, 30))
    assert presenters.zone_column(summer, "Europe/Berlin", "de").label == "Berlin (MESZ)"
    assert presenters.zone_column(winter, "Europe/Berlin", "de").label == "Berlin (MEZ)"
    assert presenters.zone_column(winter, "Europe/Istanbul", "tr").label == "İstanbul (TSİ)"
    assert presenters.zone_column(winter, "UTC", "de").label == "UTC"


def test_page_zones_never_repeat_a_reference_zone():
    reference = ("Europe/Berlin", "Europe/Istanbul")
    assert presenters.PageZones(reference).shown == reference
    assert presenters.PageZones(reference, "Europe/Berlin").shown == reference
    assert presenters.PageZones(reference, "Asia/Tokyo").shown == (*reference, "Asia/Tokyo")


def test_lanes_separate_overlapping_blocks():
    def at(hour):
        return timeengine.UTC.localize(dt.datetime(2020, 6, 15, hour))

    lanes = presenters._Lanes()
    assert [lanes.place(at(9), at(11)), lanes.place(at(10), at(12)), lanes.place(at(11), at(13))] == [0, 1, 0]


@pytest.mark.parametrize(("query", "cookie", "expected"), [
    ("Asia/Tokyo", None, ("Asia/Tokyo", True)),
    (" Asia/Tokyo ", "Europe/Paris", ("Asia/Tokyo", True)),
    ("", "Asia/Tokyo", (None, True)),
    (None, "Asia/Tokyo", ("Asia/Tokyo", False)),
    (None, "not/a/zone", (None, False)),
    (None, None, (None, False)),
])
def test_choose_zone(query, cookie, expected):
    choice = choose_zone(query, cookie)
    assert (choice.zone_name, choice.from_query) == expected


def test_choose_zone_refuses_unknown_zones_and_shortens_what_it_echoes():
    with pytest.raises(UnknownReaderZone) as refusal:
        choose_zone("A" * 500, None)
    assert len(refusal.value.shown_value) == timeengine.MAX_ZONE_NAME_LENGTH + 1


def test_picker_offers_every_city_zone_once_by_its_city():
    for language in ("de", "tr"):
        offered = [option.zone_name for _, options in picker_groups(language) for option in options]
        assert sorted(offered) == sorted(offered_zones())
        assert {"Europe/Berlin", "America/New_York", "UTC"} <= set(offered) and "US/Eastern" not in offered
        assert not any("/" in option.city for _, options in picker_groups(language) for option in options)
    europe = dict(picker_groups("tr"))["Europe"]
    assert any(option.city == "İstanbul" for option in europe)


def test_page_cache_is_a_bounded_lru():
    cache = PageCache(2)
    renders = []

    def render(name):
        return lambda: renders.append(name) or name

    assert cache.get_or_render("a", render("a")) == "a"
    cache.get_or_render("b", render("b"))
    cache.get_or_render("a", render("a-again"))
    cache.get_or_render("c", render("c"))
    cache.get_or_render("b", render("b-again"))
    assert renders == ["a", "b", "c", "b-again"]
    assert len(cache) == 2
