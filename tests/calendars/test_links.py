"""The calendar links partial: subscribe, download and app exports for a conference or one workshop."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import render_template


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_conference_links(app, lang):
    """webcal:// subscription, a Google subscription link, the download URL and both frab exports."""
    with app.test_request_context(f"/{lang}/vorkonferenz-2020/"):
        html = render_template("calendars/_links.html", conference=SimpleNamespace(slug="vorkonferenz-2020"),
                               page_language=lang)
    assert f'href="webcal://localhost/{lang}/vorkonferenz-2020/calendar.ics"' in html
    assert f'href="http://localhost/{lang}/vorkonferenz-2020/calendar.ics" download' in html
    assert "calendar.google.com/calendar/render?cid=webcal%3A%2F%2Flocalhost%2F" in html
    assert f"/{lang}/vorkonferenz-2020/schedule.xml" in html and f"/{lang}/vorkonferenz-2020/schedule.json" in html


def test_workshop_links(app):
    """With a workshop in context the links point at that workshop's feed and leave out the app exports."""
    with app.test_request_context("/tr/vorkonferenz-2020/workshops/4/"):
        html = render_template("calendars/_links.html", conference=SimpleNamespace(slug="vorkonferenz-2020"),
                               workshop=SimpleNamespace(number=4), page_language="tr")
    assert 'href="webcal://localhost/tr/vorkonferenz-2020/workshops/4/calendar.ics"' in html
    assert "schedule.xml" not in html
