"""Feeds word open slots and unconfirmed people as the pages do, and tag each text with the language it is in."""
from __future__ import annotations

import copy

from calendar_parsers import event_properties, properties, unfolded_lines


def test_turkish_feeds_word_open_slots_and_unconfirmed_people_as_the_pages_do(client, demo):
    turkish = client.get("/tr/vorkonferenz-2020/calendar.ics").data
    text = "\n".join(unfolded_lines(turkish))
    assert "İsim belirlenecek (" in text and "N.N." not in text
    assert "(teyit edilecek)" in text
    german = "\n".join(unfolded_lines(client.get("/de/vorkonferenz-2020/calendar.ics").data))
    assert "N.N. (" in german and "(angefragt)" in german


def test_a_title_that_falls_back_is_tagged_with_its_own_language(client, load_document, demo_document):
    document = copy.deepcopy(demo_document)
    del document["workshops"][0]["title"]["tr"]
    del document["conference"]["title"]["tr"]
    load_document(document)
    turkish = client.get("/tr/vorkonferenz-2020/calendar.ics").data
    summaries = properties(turkish, "SUMMARY")
    german_title = document["workshops"][0]["title"]["de"]
    assert any(line.startswith("SUMMARY;LANGUAGE=de:" + german_title[:20]) for line in summaries)
    assert all(line.startswith("SUMMARY;LANGUAGE=tr:") for line in summaries if german_title[:20] not in line)
    assert properties(turkish, "NAME")[0].startswith("NAME;LANGUAGE=de:")
    assert all(line.startswith("DESCRIPTION;LANGUAGE=tr:") for line in event_properties(turkish, "DESCRIPTION"))
