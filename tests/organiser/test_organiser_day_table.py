"""Building a day: a sensible default kind, the day's agenda as one table saved at once, moves that say so."""
from __future__ import annotations

import lxml.html


def test_a_new_item_is_a_presentation_unless_the_organiser_says_otherwise(editor, demo):
    html = editor.get(f"/organiser/conferences/{demo}/workshops/1/days/1/items/new").get_data(as_text=True)
    selected = lxml.html.fromstring(html).xpath("//select[@name='kind']/option[@selected]/@value")
    assert selected == ["presentation"]
