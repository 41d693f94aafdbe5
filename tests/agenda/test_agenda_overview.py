"""The programme overview: every workshop in both reference zones, and the timeline of the conference days.

Expected month, weekday and city names are CLDR's and offsets tzdata's, as the Babel and pytz pinned in
requirements/lock.txt give them.
"""
from __future__ import annotations

import copy

OVERVIEW = "/{lang}/vorkonferenz-2020/"


def programme_rows(document, text_of):
    """Each workshop row as (when, workshop, platform) texts."""
    return [
        tuple(text_of(cell) for cell in row.xpath("./td|./th"))
        for row in document.xpath("//table[@class='programme-table']/tbody/tr")
    ]


def test_overview_lists_each_workshop_with_windows_in_both_zones(demo, page, text_of):
    _, document = page(OVERVIEW.format(lang="de"))
    rows = programme_rows(document, text_of)
    assert len(rows) == 4
    when, workshop, platform = rows[0]
    assert when == "Montag, 15. Juni 2020 09:30–11:30 Berlin (MESZ) 10:30–12:30 Istanbul (UTC+3)"
    assert workshop.startswith("Fachworkshop 1: Digitale Stadt")
    assert "Organisiert von: Deutscher Städtetag (DST)" in workshop
    assert platform == "Kudo"
    assert rows[1][0] == "Montag, 15. Juni 2020 13:00–15:00 Berlin (MESZ) 14:00–16:00 Istanbul (UTC+3)"
    assert rows[3][0] == ("Tag 1: Mittwoch, 3. Juni 2020 10:00–16:00 Berlin (MESZ) 11:00–17:00 Istanbul (UTC+3) "
                          "Tag 2: Mittwoch, 10. Juni 2020 10:00–16:00 Berlin (MESZ) 11:00–17:00 Istanbul (UTC+3)")
    assert rows[3][2] == "Zoom"
    links = document.xpath("//table[@class='programme-table']//a/@href")
    assert links == [f"/de/vorkonferenz-2020/workshops/{number}/" for number in (1, 2, 3, 4)]


def test_overview_header_names_dates_and_organisers(demo, page, text_of):
    _, document = page(OVERVIEW.format(lang="de"))
    header = text_of(document.xpath("//header[@class='page-header']")[0])
    assert "3.–18. Juni 2020" in header
    assert "Organisiert von: Deutsche Auslandsvertretungen in der Türkei, Deutscher Städtetag (DST)" in header
    assert "Mit Unterstützung von: Stadt Istanbul (IBB)" in header


def test_turkish_overview(demo, page, text_of):
    _, document = page(OVERVIEW.format(lang="tr"))
    when = programme_rows(document, text_of)[0][0]
    assert when == "15 Haziran 2020 Pazartesi 09:30–11:30 Berlin (CEST) 10:30–12:30 İstanbul (TSİ)"
    assert "Tematik Uzmanlık Çalıştayları" in text_of(document.xpath("//p[@class='eyebrow']")[0])


def test_timeline_has_a_block_per_workshop_day_on_axes_in_both_zones(demo, page, text_of):
    _, document = page(OVERVIEW.format(lang="de"))
    days = document.xpath("//div[@class='timeline-day']")
    assert [text_of(day.xpath("./h3")[0]) for day in days] == [
        "Mittwoch, 3. Juni 2020", "Mittwoch, 10. Juni 2020", "Montag, 15. Juni 2020", "Dienstag, 16. Juni 2020"]
    june_15 = days[2]
    labels = [text_of(label) for label in june_15.xpath(".//span[@class='timeline-axis__label']")]
    assert labels == ["Berlin (MESZ)", "Istanbul (UTC+3)"]
    berlin_ticks, istanbul_ticks = (
        [text_of(tick) for tick in row.xpath(".//span[@class='timeline-tick']")]
        for row in june_15.xpath(".//div[contains(@class, 'timeline-axis__row')]")
    )
    assert berlin_ticks[0] == "09:00" and istanbul_ticks[0] == "10:00"
    assert len(berlin_ticks) == len(istanbul_ticks) == 8  # one shared axis, 09:00–16:00 in Berlin
    blocks = june_15.xpath(".//li[contains(@class, 'timeline-block')]")
    assert [text_of(block) for block in blocks] == [
        "1 Digitale Stadt 09:30–11:30 Berlin (MESZ); 10:30–12:30 Istanbul (UTC+3)",
        "2 Nachhaltige Stadtentwicklung 13:00–15:00 Berlin (MESZ); 14:00–16:00 Istanbul (UTC+3)",
    ]
    assert "--offset: 7.1429%; --length: 28.5714%" in blocks[0].get("style")
    assert june_15.xpath(".//div[@class='timeline-axis']/@aria-hidden") == ["true"]


def test_reader_zone_appears_in_the_table_and_on_the_timeline(demo, page, text_of):
    _, document = page(OVERVIEW.format(lang="de") + "?tz=America/New_York")
    assert programme_rows(document, text_of)[0][0].endswith("03:30–05:30 New York (EDT)")
    june_15 = document.xpath("//div[@class='timeline-day']")[2]
    axis_labels = [text_of(label) for label in june_15.xpath(".//span[@class='timeline-axis__label']")]
    assert axis_labels == ["Berlin (MESZ)", "Istanbul (UTC+3)", "New York (EDT)"]
    links = document.xpath("//table[@class='programme-table']//a/@href")
    assert links[0] == "/de/vorkonferenz-2020/workshops/1/?tz=America/New_York"


def test_cancelled_and_unconfirmed_workshops_are_marked(demo_document, load_document, page, text_of):
    document = copy.deepcopy(demo_document)
    document["workshops"][1]["status"] = "cancelled"
    document["workshops"][2]["status"] = "planned"
    load_document(document)
    _, html = page(OVERVIEW.format(lang="tr"))
    rows = programme_rows(html, text_of)
    assert "İptal edildi" in rows[1][1]
    assert "Henüz kesinleşmedi" in rows[2][1]


def test_an_empty_conference_list_says_so(client):
    assert "Henüz yayımlanmış bir konferans yok." in client.get("/tr/").get_data(as_text=True)
