"""The workshop page: the seed's agenda in both reference zones, the reader's zone, languages and escaping.

Expected month, weekday and city names are CLDR's and offsets tzdata's, as the Babel and pytz pinned in
requirements/lock.txt give them.
"""
from __future__ import annotations

import copy

import pytest

W1 = "/{lang}/vorkonferenz-2020/workshops/{number}/"
SEED_SPEAKERS_W1 = ("Alexander Wagner", "Sabine Drees", "Harun Yiğit", "Peter Aldelskamp", "Stefan Bege",
                    "Kerim Taşkan", "Frauke Jansen", "Stadt Antalya", "Plattform-Dienstleister")
SECRETS = ("Kd-7319-secret", "Zm-4482-secret", "kudo.example.org", "zoom.example.org", "KUDO-2020-0615",
           "812 3456 7890")


def agenda_rows(document):
    """Each agenda row as the list of its cells' texts."""
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
        for row in document.xpath("//table[contains(@class, 'agenda')]/tbody/tr")
    ]


def column_labels(document):
    """The agenda table's column headings."""
    headings = document.xpath("//table[contains(@class, 'agenda')]/thead//th")
    return [" ".join(cell.text_content().split()) for cell in headings]


def row_starting(rows, time):
    """The row whose first cell shows `time`."""
    return next(row for row in rows if row[0].startswith(time))


def test_german_workshop_1_shows_both_reference_zones_and_every_seed_speaker(demo, page, text_of):
    response, document = page(W1.format(lang="de", number=1))
    assert column_labels(document)[:2] == ["Berlin (MESZ)", "Istanbul (UTC+3)"]
    rows = agenda_rows(document)
    assert row_starting(rows, "09:30")[1] == "10:30"
    assert row_starting(rows, "11:20")[1] == "12:20"
    assert "Kurze technische Einführung" in row_starting(rows, "09:30")[2]
    assert "Zusammenfassung und Schlusswort" in row_starting(rows, "11:20")[2]
    body = text_of(document.body)
    for speaker in SEED_SPEAKERS_W1:
        assert speaker in body
    assert "Montag, 15. Juni 2020" in body
    assert document.get("lang") == "de"


def test_durations_and_tbc_and_nn_are_in_the_page_language(demo, page):
    _, german = page(W1.format(lang="de", number=1))
    rows = agenda_rows(german)
    antalya = row_starting(rows, "10:35")
    assert "N.N., Stadt Antalya (angefragt)" in antalya[3]
    assert antalya[-1] == "15 Min."
    _, turkish = page(W1.format(lang="tr", number=1))
    antalya = row_starting(agenda_rows(turkish), "10:35")
    assert "İsim belirlenecek, Antalya Büyükşehir Belediyesi (teyit edilecek)" in antalya[3]
    assert antalya[-1] == "15 dk."


def test_turkish_page_uses_turkish_dates_and_labels(demo, page, text_of):
    response, document = page(W1.format(lang="tr", number=1))
    body = text_of(document.body)
    assert "15 Haziran 2020 Pazartesi" in body
    assert column_labels(document)[:2] == ["Berlin (CEST)", "İstanbul (TSİ)"]
    assert "Dijital Şehir" in body
    assert document.get("lang") == "tr"
    assert response.headers["Content-Language"] == "tr"


@pytest.mark.parametrize(("zone", "label", "first", "last"), [
    ("America/New_York", "New York (EDT)", "03:30", "05:20"),
    ("Asia/Tokyo", "Tokio (JST)", "16:30", "18:20"),
])
def test_reader_zone_adds_a_third_column(demo, page, zone, label, first, last):
    _, document = page(W1.format(lang="de", number=1) + f"?tz={zone}")
    assert column_labels(document)[:3] == ["Berlin (MESZ)", "Istanbul (UTC+3)", label]
    rows = agenda_rows(document)
    assert row_starting(rows, "09:30")[:3] == ["09:30", "10:30", first]
    assert row_starting(rows, "11:20")[:3] == ["11:20", "12:20", last]


def test_reader_zone_equal_to_a_reference_zone_adds_no_column(demo, page):
    _, document = page(W1.format(lang="de", number=1) + "?tz=Europe/Istanbul")
    assert column_labels(document)[:3] == ["Berlin (MESZ)", "Istanbul (UTC+3)", "Programmpunkt"]
    assert document.xpath("//select[@name='tz']/optgroup/option[@selected]/@value") == ["Europe/Istanbul"]


def test_time_on_another_date_shows_that_date(demo, page):
    """Seen as '(So., 14. Juni)'; screen readers get the date in words instead of the abbreviations."""
    _, document = page(W1.format(lang="de", number=1) + "?tz=Pacific/Honolulu")
    first = row_starting(agenda_rows(document), "09:30")
    assert first[2] == "21:30 (So., 14. Juni)Sonntag, 14. Juni 2020"
    [marker] = document.xpath("(//table[contains(@class, 'agenda')]/tbody/tr)[1]//span[@class='other-date']")
    assert marker.xpath("string(span[@aria-hidden='true'])") == "(So., 14. Juni)"
    assert marker.xpath("string(span[@class='visually-hidden'])") == "Sonntag, 14. Juni 2020"


def test_december_workshop_shows_a_two_hour_gap(demo_document, load_document, page):
    document = copy.deepcopy(demo_document)
    document["workshops"][0]["days"][0]["date"] = "2020-12-14"
    for day in document["workshops"][0]["days"]:
        day.pop("printed", None)
        for item in day["items"]:
            item.pop("printed", None)
    load_document(document)
    _, html = page(W1.format(lang="de", number=1))
    assert column_labels(html)[:2] == ["Berlin (MEZ)", "Istanbul (UTC+3)"]
    rows = agenda_rows(html)
    assert row_starting(rows, "09:30")[1] == "11:30"
    assert row_starting(rows, "11:20")[1] == "13:20"


def test_user_text_is_escaped(demo_document, load_document, client):
    document = copy.deepcopy(demo_document)
    workshop = document["workshops"][0]
    workshop["title"]["de"] = "<script>alert('title')</script>"
    workshop["background"]["de"] = "<img src=x onerror=alert(1)>\n\n- <b>list</b>"
    document["people"][0]["name"] = "Alexander <em>Wagner</em>"
    load_document(document)
    for url in (W1.format(lang="de", number=1), "/de/vorkonferenz-2020/"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    html = client.get(W1.format(lang="de", number=1)).get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<li>&lt;b&gt;list&lt;/b&gt;</li>" in html
    assert "Alexander &lt;em&gt;Wagner&lt;/em&gt;" in html


def test_missing_translation_falls_back_with_lang_and_marker(demo_document, load_document, page, text_of):
    document = copy.deepcopy(demo_document)
    del document["workshops"][0]["title"]["tr"]
    load_document(document)
    _, html = page(W1.format(lang="tr", number=1))
    heading = html.xpath("//h1")[0]
    assert heading.xpath(".//span[@lang='de']/text()") == ["Digitale Stadt"]
    assert "(yalnızca Almanca)" in text_of(heading)


def test_header_lists_platform_people_capacity_and_interpretation(demo, page, text_of):
    _, document = page(W1.format(lang="de", number=3))
    entries = document.xpath("//dl[@class='facts']/div")
    facts = {text_of(entry.xpath("./dt")[0]): text_of(entry.xpath("./dd")[0]) for entry in entries}
    assert facts["Datum"] == "Dienstag, 16. Juni 2020"
    assert facts["Zeit"] == "10:00–12:00 Berlin (MESZ) 11:00–13:00 Istanbul (UTC+3)"
    assert facts["Plattform"] == "Kudo"
    assert "Engagement Global/Servicestelle Kommunen in der Einen Welt (SKEW)" in facts["Organisiert von"]
    assert "Dr. Franck Düvell" in facts["Rapporteure"] and "Prof. Ali Zafer Sağiroğlu" in facts["Rapporteure"]
    assert facts["Teilnahme"] == "Bis zu 30 aktive Teilnehmer/innen. Zuhörer/innen sind zugelassen."
    # The days state their languages (issue 14): the statement and Kudo's channels replace the conference-wide line.
    assert facts["Sprache und Verdolmetschung"] == ("Deutsch und Türkisch, simultan in beide Richtungen gedolmetscht "
                                                    "Dolmetschkanäle in Kudo: Deutsch: Kanal „Deutsch“; "
                                                    "Türkisch: Kanal „Türkçe“")
    _, first = page(W1.format(lang="de", number=1))
    assert "Alexander Wagner" in text_of(first.xpath("//dl[@class='facts']")[0])


@pytest.mark.parametrize("number", [1, 2, 3, 4])
@pytest.mark.parametrize("lang", ["de", "tr"])
def test_no_access_data_on_public_pages(demo, client, lang, number):
    for url in (W1.format(lang=lang, number=number), f"/{lang}/vorkonferenz-2020/", f"/{lang}/"):
        html = client.get(url).get_data(as_text=True)
        for secret in SECRETS:
            assert secret not in html


def test_nested_sections_are_numbered_and_indented(demo, page):
    _, document = page(W1.format(lang="de", number=3))
    rows = document.xpath("//table[contains(@class, 'agenda')]/tbody/tr")
    depths = {" ".join(row.xpath(".//span[@class='agenda__number']/text()")): row.get("class") for row in rows}
    assert "depth-0" in depths["2."] and "is-section" in depths["2."]
    assert "depth-1" in depths["2.1."] and "is-section" in depths["2.1."]
    assert "depth-2" in depths["2.1.3."]
    texts = agenda_rows(document)
    urfa = next(row for row in texts if "Beitrag der Stadt Urfa" in row[2])
    assert urfa[:3] == ["10:30", "11:30", "2.1.3. Beitrag der Stadt Urfa"]
    assert "İbrahim Karatüme" in urfa[3]
    assert "Moderation: Bülent Arslan, IMAP" in next(row for row in texts if "Erfahrungsaustausch" in row[2])[2]


def test_untimed_days_list_items_in_order_without_times(demo, page, text_of):
    _, document = page(W1.format(lang="de", number=4))
    headings = [text_of(heading) for heading in document.xpath("//section[@class='agenda-day']/h2")]
    assert headings == ["Tag 1 – Mittwoch, 3. Juni 2020", "Tag 2 – Mittwoch, 10. Juni 2020"]
    first_day = document.xpath("//section[@class='agenda-day']")[0]
    assert first_day.xpath(".//thead//th[contains(@class, 'agenda__time')]") == []
    cells = first_day.xpath(".//tbody/tr/th[contains(@class, 'agenda__item')]//span[@class='agenda__title']")
    titles = [text_of(cell) for cell in cells]
    assert titles == [
        "1. Gallery Walk Moodboards „Jugend gestaltet Städtepartnerschaft“",
        "2. Jugendpartizipation – eine Chance für Städtepartnerschaften?!",
        "3. Arbeitsblock: Status Quo",
        "4. Gemeinsame Reflexion und Synthese der Haupterkenntnisse",
    ]
    assert "10:00–16:00 Berlin (MESZ)" in text_of(document.xpath("//dl[@class='facts']")[0])
    assert "Ergebnisse" in text_of(first_day)


def test_bullet_lines_become_lists(demo, page, text_of):
    _, document = page(W1.format(lang="de", number=3))
    goals = document.xpath("//section[h2[@id='goals-heading']]//ul/li")
    assert [text_of(item)[:20] for item in goals] == ["Erfahrungsaustausch ", "Impulse für die Entw"]


def test_a_day_across_the_autumn_clock_change_marks_the_new_abbreviation(demo_document, load_document, page):
    document = copy.deepcopy(demo_document)
    day = document["workshops"][0]["days"][0]
    day.update(date="2020-10-25", local_start="01:30", local_end="03:30")
    day.pop("printed", None)
    for item in day["items"]:
        item.pop("printed", None)
    load_document(document)
    _, html = page(W1.format(lang="de", number=1))
    assert column_labels(html)[:2] == ["Berlin (MESZ)", "Istanbul (UTC+3)"]
    rows = agenda_rows(html)
    assert row_starting(rows, "02:50")[1] == "03:50"
    assert row_starting(rows, "02:05 MEZ")[1] == "04:05"


def test_an_organisation_taking_the_role_itself_is_not_nn(demo, page):
    """The seed's technical introduction is given by the platform provider itself, not by an unnamed person."""
    _, german = page(W1.format(lang="de", number=1))
    introduction = row_starting(agenda_rows(german), "09:30")[3]
    assert introduction.startswith("Plattform-Dienstleister") and "N.N." not in introduction
    _, turkish = page(W1.format(lang="tr", number=1))
    assert row_starting(agenda_rows(turkish), "09:30")[3].startswith("Platform Hizmet Sağlayıcısı")
