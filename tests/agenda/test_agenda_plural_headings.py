"""Headings over two rapporteurs or two dates are plural in Turkish too (the catalogue once had one form)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(("number", "heading"), [(3, "<dt>Raportörler</dt>"), (4, "<dt>Tarihler</dt>")])
def test_two_people_or_dates_take_the_plural_heading(client, demo, number, heading):
    response = client.get(f"/tr/{demo}/workshops/{number}/")
    assert response.status_code == 200
    assert heading in response.get_data(as_text=True)


@pytest.mark.parametrize(("language", "heading"), [("tr", "<dt>Tarih</dt>"), ("de", "<dt>Datum</dt>")])
def test_one_date_takes_the_singular_heading(client, demo, language, heading):
    assert heading in client.get(f"/{language}/{demo}/workshops/1/").get_data(as_text=True)
