"""Feed descriptions and import reports label times with what tzdata says is in force at each time."""
from __future__ import annotations

import zoneinfo
import datetime as dt

from confsched.programme.validation import validate

from calendar_parsers import unfolded_lines


def description(client, slug: str, lang: str = "de") -> str:
    """The feed's unfolded text, descriptions unescaped enough to read line by line."""
    response = client.get(f"/{lang}/{slug}/calendar.ics")
    assert response.status_code == 200
    return "\n".join(unfolded_lines(response.data)).replace("\\n", "\n").replace("\\,", ",")


def with_durations(document: dict, *durations: int) -> dict:
    """The first day's items given these lengths in minutes."""
    items = document["workshops"][0]["days"][0]["items"]
    for item, minutes in zip(items, durations):
        item["duration"] = minutes
    return document


def test_lines_of_a_day_across_the_autumn_switch_carry_their_own_labels(dated_document, load_document, client):
    """On 2020-10-25 two items start at 02:00 Berlin: one in MESZ (03:00 Istanbul), one in MEZ (04:00 Istanbul)."""
    document = with_durations(dated_document(("2020-10-25", "Europe/Berlin", "01:30", "03:00"), items=3), 30, 60, 60)
    load_document(document)
    text = description(client, "dated")
    assert "Programm, Zeiten in Berlin / Istanbul:" in text or "Berlin / Istanbul" in text
    assert "02:00 MESZ / 03:00 UTC+3  2. Programmpunkt 2" in text
    assert "02:00 MEZ / 04:00 UTC+3  3. Programmpunkt 3" in text
    turkish = description(client, "dated", "tr")
    assert "02:00 CEST / 03:00 TSİ  2." in turkish and "02:00 CET / 04:00 TSİ  3." in turkish


def test_a_2016_03_27_berlin_istanbul_day_is_labelled_as_tzdata_says(dated_document, load_document, client):
    """Both zones sprang forward at 01:00 UTC; every line's labels are compared with zoneinfo's for its instant."""
    document = with_durations(dated_document(("2016-03-27", "Europe/Berlin", "01:00", "04:00"), items=3), 30, 30, 60)
    load_document(document)
    text = description(client, "dated", "tr")
    start = dt.datetime(2016, 3, 27, 0, 0, tzinfo=dt.timezone.utc)
    for number, minutes in ((1, 0), (2, 30), (3, 60)):
        instant = start + dt.timedelta(minutes=minutes)
        berlin, istanbul = (instant.astimezone(zoneinfo.ZoneInfo(zone)) for zone in ("Europe/Berlin", "Europe/Istanbul"))
        line = f"{berlin:%H:%M} {berlin.tzname()} / {istanbul:%H:%M} {istanbul.tzname()}  {number}. "
        assert line in text, line
    assert "01:00 CET / 02:00 EET  1." in text and "03:00 CEST / 04:00 EEST  3." in text


def test_a_2015_12_15_istanbul_day_is_labelled_eet(dated_document, load_document, client):
    """Turkey was on EET in December 2015: OEZ for German readers, EET for Turkish ones, never TRT/TSİ."""
    load_document(dated_document(("2015-12-15", "Europe/Istanbul", "10:00", "11:00")))
    german, turkish = description(client, "dated"), description(client, "dated", "tr")
    assert "09:00–10:00 Berlin (MEZ) · 10:00–11:00 Istanbul (OEZ)" in german
    assert "10:00–11:00 İstanbul (EET)" in turkish
    assert "TRT" not in german and "TSİ" not in turkish


def test_the_importer_names_the_label_in_force_on_the_date(dated_document):
    """'TRT' (UTC+3) printed for a December 2015 Istanbul day is wrong because Istanbul was on EET (UTC+2) then."""
    document = dated_document(("2015-12-15", "Europe/Istanbul", "10:00", "11:00"))
    document["workshops"][0]["days"][0]["printed"] = [{"label": "TRT", "start": "10:00"}]
    messages = [warning.message() for warning in validate(document).warnings if warning.code == "printed_label"]
    assert messages == ["Printed as TRT (UTC+3), but Europe/Istanbul is on EET (UTC+2) on 2015-12-15."]
