"""The editor shows times as every other surface does: a time on another date than the day's carries that date."""
from __future__ import annotations

import copy

import pytest
from lxml import html

SLUG = "spaet"
DAY = f"/organiser/conferences/{SLUG}/workshops/1/days/1/"


@pytest.fixture
def late_day(app, client, load_document, make_document, make_organiser, sign_in):
    """A Berlin–Istanbul day on 15 June 2020 from 23:00 to 23:50 Berlin, which is 00:00 to 00:50 on the 16th in
    Istanbul; a signed-in member."""
    document = copy.deepcopy(make_document(SLUG, items_per_day=2))
    document["workshops"][0]["days"][0].update({"date": "2020-06-15", "local_start": "23:00", "local_end": "23:50"})
    load_document(document)
    make_organiser(conferences=(SLUG,))
    sign_in(client)
    return client


def seen(element) -> str:
    """An element's text as it is seen: words only for screen readers left out."""
    element = copy.deepcopy(element)
    for spoken in element.xpath(".//*[contains(@class, 'visually-hidden')]"):
        spoken.drop_tree()
    return " ".join(element.text_content().split())


@pytest.mark.parametrize(("lang", "next_date", "in_words"), [
    ("de", "(Di., 16. Juni)", "Dienstag, 16. Juni 2020"),
    ("tr", "(16 Haz Sal)", "16 Haziran 2020 Salı"),
])
def test_the_day_page_marks_times_on_the_next_date_in_its_window_line_and_its_table(late_day, lang, next_date,
                                                                                     in_words):
    page = html.fromstring(late_day.get(DAY, headers={"Accept-Language": lang}).get_data(as_text=True))
    window_line = seen(page.xpath("//h1/following-sibling::p[1]")[0])
    assert "23:00–23:50 · " in window_line
    assert f"00:00 {next_date}–00:50 {next_date}" in window_line
    cells = [seen(cell) for cell in page.xpath("//table[@id='agenda-table']/tbody/tr/td[starts-with(@class, 'zone-')]")]
    assert cells[:4] == ["23:00–23:10", f"00:00 {next_date}–00:10 {next_date}",
                         "23:10–23:20", f"00:10 {next_date}–00:20 {next_date}"]
    assert set(cells[4:]) <= {"–"}  # rows still to be filled in have no times
    spoken = page.xpath("//table[@id='agenda-table']//span[@class='other-date']/span[@class='visually-hidden']/text()")
    assert spoken and set(spoken) == {in_words}


def test_the_conference_page_marks_the_window_end_on_the_next_date(late_day):
    page = html.fromstring(late_day.get(f"/organiser/conferences/{SLUG}/",
                                        headers={"Accept-Language": "de"}).get_data(as_text=True))
    [line] = [seen(item) for item in page.xpath("//section[@id='workshop-1']//li[a]")[:1]]
    assert "23:00–23:50" in line and "00:00 (Di., 16. Juni)–00:50 (Di., 16. Juni)" in line


def test_the_api_gives_wall_times_in_both_zones(late_day, api_token):
    agenda = late_day.get(f"/api/v1/conferences/{SLUG}/workshops/1/days/1/agenda",
                          headers={"Authorization": f"Bearer {api_token()}"}).get_json()["agenda"]
    assert [item["local_starts"] for item in agenda["items"]] == [
        {"Europe/Berlin": "23:00", "Europe/Istanbul": "00:00"}, {"Europe/Berlin": "23:10", "Europe/Istanbul": "00:10"}]
    assert [item["local_ends"] for item in agenda["items"]] == [
        {"Europe/Berlin": "23:10", "Europe/Istanbul": "00:10"}, {"Europe/Berlin": "23:20", "Europe/Istanbul": "00:20"}]
