"""Building a day: a sensible default kind, the day's agenda as one table saved at once, moves that say so."""
from __future__ import annotations

import lxml.html


def test_a_new_item_is_a_presentation_unless_the_organiser_says_otherwise(editor, demo):
    html = editor.get(f"/organiser/conferences/{demo}/workshops/1/days/1/items/new").get_data(as_text=True)
    selected = lxml.html.fromstring(html).xpath("//select[@name='kind']/option[@selected]/@value")
    assert selected == ["presentation"]


DAY = "/organiser/conferences/vorkonferenz-2020/workshops/1/days/1/"


def _table(editor) -> dict:
    """The day table's fields as the page fills them (the form a browser without script would send)."""
    page = lxml.html.fromstring(editor.get(DAY).get_data(as_text=True))
    values = {element.get("name"): element.get("value") or "" for element in page.xpath("//input[@form='day-table']")
              if element.get("type") != "checkbox"}
    for select in page.xpath("//select[@form='day-table']"):
        values[select.get("name")] = select.xpath("option[@selected]/@value")[0]
    return values


def _starts(editor) -> list[str]:
    """The Berlin start of every saved row."""
    page = lxml.html.fromstring(editor.get(DAY).get_data(as_text=True))
    return [cell.text_content()[:5] for cell in page.xpath("//tr[not(contains(@class, 'blank-row'))]/td[@class='zone-1']")]


def test_the_table_saves_without_script_adding_a_row_in_the_empty_one(app, editor, demo, draft_programme):
    form = _table(editor)
    assert form["rows-0-speakers"] == "Plattform-Dienstleister"
    assert form["rows-6-speakers"] == "N.N., Stadt Antalya (angefragt)"
    assert form["rows-9-speakers"] == "Kerim Taşkan; Frauke Jansen"
    form.update({"rows-10-duration": "10", "rows-10-title_de": "Kaffeepause", "rows-10-title_tr": "Kahve molası",
                 "rows-10-kind": "break", "extend_day": "y", "action": "save"})
    response = editor.post(DAY, data=form)
    assert response.status_code == 302
    assert _starts(editor)[-1] == "11:30"
    with app.app_context():
        day = draft_programme(demo).workshops[0].days[0]
        assert len(day.items) == 11 and day.window_minutes == 130


def test_saving_the_table_unchanged_says_nothing_changed(editor, demo):
    form = {**_table(editor), "action": "save"}
    editor.post(DAY, data=form)
    assert "Nichts wurde geändert: Der Ablauf ist unverändert." in editor.get(DAY).get_data(as_text=True)


def test_a_refused_save_puts_the_focus_on_the_field_and_describes_it(editor, demo):
    form = {**_table(editor), "rows-4-duration": "0", "rows-7-speakers": "Max Mustermann", "action": "save"}
    response = editor.post(DAY, data=form)
    assert response.status_code == 400
    page = lxml.html.fromstring(response.get_data(as_text=True))
    (duration,) = page.xpath("//input[@id='rows-4-duration']")
    assert duration.get("autofocus") is not None and duration.get("aria-invalid") == "true"
    (message,) = page.xpath(f"//*[@id='{duration.get('aria-describedby')}']")
    assert "mindestens 1 Minute" in message.text_content()
    (speakers,) = page.xpath("//input[@id='rows-7-speakers']")
    assert speakers.get("autofocus") is None
    assert "„Max Mustermann“" in page.xpath(f"//*[@id='{speakers.get('aria-describedby')}']")[0].text_content()
    assert speakers.get("value") == "Max Mustermann"


def test_an_overrun_is_put_on_the_last_rows_minutes(editor, demo):
    form = {**_table(editor), "rows-2-duration": "20", "action": "save"}
    page = lxml.html.fromstring(editor.post(DAY, data=form).get_data(as_text=True))
    (last,) = page.xpath("//input[@id='rows-9-duration']")
    assert last.get("autofocus") is not None and last.get("aria-describedby") == "rows-9-duration-error"


def test_the_preview_answers_times_and_a_sentence_for_the_live_region(editor, demo):
    form = {**_table(editor), "rows-2-duration": "5", "action": "preview"}
    result = editor.post(DAY, data=form, headers={"Accept": "application/json"}).get_json()
    assert [row["times"][0] for row in result["rows"]][2:4] == ["09:40–09:45", "09:45–10:00"]
    assert result["rows"][-1]["times"] == ["11:15–11:25", "12:15–12:25"]
    assert result["summary"] == ("7 Programmpunkte beginnen zu einer neuen Zeit. "
                                 "Ende des Ablaufs: Berlin (MESZ) 11:25, Istanbul (UTC+3) 12:25.")
    assert result["problems"] == []


def test_pasted_lines_are_proposed_as_rows_and_nothing_is_saved(app, editor, demo, draft_programme):
    form = {**_table(editor), "action": "propose",
            "lines": "10 Min. Kaffeepause\n\n5 dk. Kapanış – Sabine Drees, DST\nDiskussionsrunde"}
    page = lxml.html.fromstring(editor.post(DAY, data=form).get_data(as_text=True))
    assert page.xpath("//input[@id='rows-10-title_de']/@value") == ["Kaffeepause"]
    assert page.xpath("//select[@id='rows-10-kind']/option[@selected]/@value") == ["break"]
    assert page.xpath("//input[@id='rows-11-title_tr']/@value") == ["Kapanış"]
    assert page.xpath("//input[@id='rows-11-speakers']/@value") == ["Sabine Drees, DST"]
    assert page.xpath("//input[@id='rows-12-duration']/@value") == [""]
    assert "Zeile 4 hat keine (oder keine mögliche) Dauer" in page.text_content()
    with app.app_context():
        assert len(draft_programme(demo).workshops[0].days[0].items) == 10


def test_moving_the_first_item_up_says_nothing_changed(editor, demo):
    form = _table(editor)
    response = editor.post(f"/organiser/conferences/{demo}/items/{form['rows-0-id']}/move/up", data={})
    assert response.status_code == 302
    html = editor.get(DAY).get_data(as_text=True)
    assert "Nichts wurde geändert: Der Programmpunkt steht bereits an erster Stelle." in html
    assert "Gespeichert." not in html
