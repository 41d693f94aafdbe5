"""The public changelog: every kind of change worded in German and Turkish (confsched.agenda.changes), the page
/<lang>/<slug>/changes and its Atom feed, with releases made the way organisers make them (a draft, then publish).

Expected month, weekday, city and zone names are CLDR's and tzdata's, as the Babel and pytz pinned in
requirements/lock.txt give them (Istanbul has no German short name: "UTC+3").
"""
from __future__ import annotations

import copy
import datetime as dt
import re
import xml.etree.ElementTree as ET

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confsched import timeengine
from confsched.agenda.changes import release_title, word_change, word_changes
from confsched.extensions import db
from confsched.organiser import accounts, membership
from confsched.organiser.deleting import delete_conference
from confsched.programme import release_changes, releases
from confsched.programme.importer import import_document
from confsched.programme.queries import load_conference_row, load_programme
from confsched.zonedisplay import clock_text, full_date
from tests.conftest import DEMO_SLUG

ATOM = "{http://www.w3.org/2005/Atom}"
ZONES = ("Europe/Berlin", "Europe/Istanbul")
PUBLISHER = "organiser@example.org"
HOSTILE = "<script>alert(1)</script> ]]> & Co"
# What readers must never see: ISO dates and times, zone ids, the kinds and statuses as stored.
RAW = re.compile(r"\d{4}-\d{2}-\d{2}|T\d{2}:\d{2}|\b\w+/\w+\b|_|\b(planned|confirmed|cancelled|speaker)\b")


@pytest.fixture
def in_app(app):
    """An app context, as every surface that words changes has one."""
    with app.app_context():
        yield app


# The wording, kind by kind -------------------------------------------------------------------------------------

WORKSHOP = {"workshop": 1, "title": {"de": "Digitale Stadt", "tr": "Dijital Şehir"}}
DAY = {"day": "d1", "zone": "Europe/Berlin", "start": "2020-06-15T07:30:00Z", "end": "2020-06-15T09:30:00Z"}
ITEM = {"day": "d1", "zone": "Europe/Berlin", "start_of_day": "2020-06-15T07:30:00Z",
        "item": {"de": "Begrüßung", "tr": "Selamlama"}, "item_start": "2020-06-15T07:35:00Z",
        "item_end": "2020-06-15T07:40:00Z"}
NUREMBERG = {"de": "Stadt Nürnberg", "tr": "Nürnberg Belediyesi"}
ANTALYA = {"de": "Stadt Antalya", "tr": "Antalya Büyükşehir Belediyesi"}


def change(kind: str, *parts: dict, **values) -> dict:
    """A change dict as release_changes.between makes it."""
    merged = {"kind": kind, **WORKSHOP}
    for part in parts:
        merged.update(part)
    return {**merged, **values}


# (change, German, Turkish): every kind at least once, and each of its variants.
TABLE = {
    "workshop_removed": (change("workshop_removed"), "Aus dem Programm genommen.", "Programdan çıkarıldı."),
    "workshop_cancelled": (change("workshop_cancelled", old_status="confirmed", status="cancelled"),
                           "Abgesagt.", "İptal edildi."),
    "day_removed": (
        change("day_removed", DAY),
        "Der Tag am Montag, 15. Juni 2020 entfällt (vorgesehen: 09:30–11:30 (Berlin, MESZ); "
        "10:30–12:30 (Istanbul, UTC+3)).",
        "15 Haziran 2020 Pazartesi günü programdan çıkarıldı (planlanan: 09:30–11:30 (Berlin, CEST); "
        "10:30–12:30 (İstanbul, TSİ))."),
    "day_moved": (
        change("day_moved", DAY, start="2020-06-15T08:30:00Z", end="2020-06-15T10:30:00Z",
               old_start=DAY["start"], old_end=DAY["end"]),
        "Der Tag am Montag, 15. Juni 2020 hat neue Zeiten: 09:30–11:30 → 10:30–12:30 (Berlin, MESZ); "
        "10:30–12:30 → 11:30–13:30 (Istanbul, UTC+3).",
        "15 Haziran 2020 Pazartesi gününün saatleri değişti: 09:30–11:30 → 10:30–12:30 (Berlin, CEST); "
        "10:30–12:30 → 11:30–13:30 (İstanbul, TSİ)."),
    "day_moved to another date, past midnight in İstanbul": (
        change("day_moved", DAY, start="2020-06-16T20:30:00Z", end="2020-06-16T21:30:00Z",
               old_start=DAY["start"], old_end=DAY["end"]),
        "Der Tag am Montag, 15. Juni 2020 wurde auf Dienstag, 16. Juni 2020 verlegt: 09:30–11:30 → 22:30–23:30 "
        "(Berlin, MESZ); 10:30–12:30 → 23:30–00:30 (Mi., 17. Juni) (Istanbul, UTC+3).",
        "15 Haziran 2020 Pazartesi günü 16 Haziran 2020 Salı tarihine taşındı: 09:30–11:30 → 22:30–23:30 "
        "(Berlin, CEST); 10:30–12:30 → 23:30–00:30 (17 Haz Çar) (İstanbul, TSİ)."),
    "day_moved across the clock change": (
        change("day_moved", DAY, start="2020-10-26T08:30:00Z", end="2020-10-26T10:30:00Z",
               old_start="2020-10-23T07:30:00Z", old_end="2020-10-23T09:30:00Z"),
        "Der Tag am Freitag, 23. Oktober 2020 wurde auf Montag, 26. Oktober 2020 verlegt: "
        "09:30 MESZ–11:30 MESZ → 09:30–11:30 (Berlin, MEZ); 10:30–12:30 → 11:30–13:30 (Istanbul, UTC+3).",
        "23 Ekim 2020 Cuma günü 26 Ekim 2020 Pazartesi tarihine taşındı: "
        "09:30 CEST–11:30 CEST → 09:30–11:30 (Berlin, CET); 10:30–12:30 → 11:30–13:30 (İstanbul, TSİ)."),
    "workshop_added": (change("workshop_added"), "Neu im Programm.", "Programa yeni eklendi."),
    "day_added": (
        change("day_added", DAY),
        "Neuer Tag: Montag, 15. Juni 2020, 09:30–11:30 (Berlin, MESZ); 10:30–12:30 (Istanbul, UTC+3).",
        "Yeni gün: 15 Haziran 2020 Pazartesi, 09:30–11:30 (Berlin, CEST); 10:30–12:30 (İstanbul, TSİ)."),
    "workshop_renamed": (
        change("workshop_renamed", old_title={"de": "Stadt digital", "tr": "Şehir dijital"}),
        "Neuer Titel: „Digitale Stadt“ (bisher: „Stadt digital“).",
        "Yeni başlık: “Dijital Şehir” (önceki: “Şehir dijital”)."),
    "workshop_renamed in the other language only": (
        change("workshop_renamed", old_title={"de": "Digitale Stadt", "tr": "Dijital Kent"}),
        "Neuer Titel auf Türkisch: „Dijital Şehir“ (bisher: „Dijital Kent“).",
        "Yeni başlık: “Dijital Şehir” (önceki: “Dijital Kent”)."),
    "workshop_renamed, a title added in the other language": (
        change("workshop_renamed", old_title={"de": "Digitale Stadt"}),
        "Neuer Titel auf Türkisch: „Dijital Şehir“.",
        "Yeni başlık: “Dijital Şehir” (önceki: “Digitale Stadt” (yalnızca Almanca))."),
    "workshop_renamed, a title removed in the other language": (
        change("workshop_renamed", title={"tr": "Dijital Şehir"},
               old_title={"de": "Digitale Stadt", "tr": "Dijital Şehir"}),
        "Neuer Titel: „Dijital Şehir“ (nur auf Türkisch) (bisher: „Digitale Stadt“).",
        "Almanca başlık kaldırıldı (önceki: “Digitale Stadt”)."),
    "workshop_replatformed": (change("workshop_replatformed", platform="Zoom", old_platform="Kudo"),
                              "Neuer Ort bzw. neue Plattform: Zoom (bisher: Kudo).",
                              "Yeni yer veya platform: Zoom (önceki: Kudo)."),
    "workshop_replatformed, a platform given": (change("workshop_replatformed", platform="Zoom", old_platform=None),
                                                "Ort bzw. Plattform jetzt angegeben: Zoom.",
                                                "Yer veya platform artık belli: Zoom."),
    "workshop_replatformed, no platform any more": (
        change("workshop_replatformed", platform=None, old_platform="Kudo"),
        "Kein Ort und keine Plattform mehr angegeben (bisher: Kudo).",
        "Artık yer veya platform belirtilmiyor (önceki: Kudo)."),
    "workshop_status": (change("workshop_status", old_status="planned", status="confirmed"),
                        "Jetzt bestätigt.", "Artık kesinleşti."),
    "workshop_status, back to planned": (change("workshop_status", old_status="confirmed", status="planned"),
                                         "Nicht mehr bestätigt.", "Artık kesin değil."),
    "workshop_status, not cancelled": (change("workshop_status", old_status="cancelled", status="confirmed"),
                                       "Findet nun doch statt.", "Yine de yapılacak."),
    "workshop_status, not cancelled, not confirmed": (
        change("workshop_status", old_status="cancelled", status="planned"),
        "Nicht mehr abgesagt, aber noch nicht bestätigt.", "Artık iptal değil, ancak henüz kesinleşmedi."),
    "item_removed": (
        change("item_removed", ITEM),
        "Entfällt am Montag, 15. Juni 2020: „Begrüßung“ (vorgesehen: 09:35–09:40 (Berlin, MESZ); "
        "10:35–10:40 (Istanbul, UTC+3)).",
        "15 Haziran 2020 Pazartesi gününden çıkarıldı: “Selamlama” (planlanan: 09:35–09:40 (Berlin, CEST); "
        "10:35–10:40 (İstanbul, TSİ))."),
    "item_removed, without a time": (change("item_removed", ITEM, item_start=None, item_end=None),
                                     "Entfällt am Montag, 15. Juni 2020: „Begrüßung“.",
                                     "15 Haziran 2020 Pazartesi gününden çıkarıldı: “Selamlama”."),
    "item_added": (
        change("item_added", ITEM),
        "Neu am Montag, 15. Juni 2020: „Begrüßung“, 09:35–09:40 (Berlin, MESZ); 10:35–10:40 (Istanbul, UTC+3).",
        "15 Haziran 2020 Pazartesi gününe eklendi: “Selamlama”, 09:35–09:40 (Berlin, CEST); "
        "10:35–10:40 (İstanbul, TSİ)."),
    "item_added, without a time": (change("item_added", ITEM, item_start=None, item_end=None),
                                   "Neu am Montag, 15. Juni 2020: „Begrüßung“.",
                                   "15 Haziran 2020 Pazartesi gününe eklendi: “Selamlama”."),
    "item_retimed": (
        change("item_retimed", ITEM, old_start="2020-06-15T07:45:00Z", old_end="2020-06-15T07:50:00Z"),
        "Neue Zeit am Montag, 15. Juni 2020 für „Begrüßung“: 09:45–09:50 → 09:35–09:40 (Berlin, MESZ); "
        "10:45–10:50 → 10:35–10:40 (Istanbul, UTC+3).",
        "15 Haziran 2020 Pazartesi günü “Selamlama” için yeni saat: 09:45–09:50 → 09:35–09:40 (Berlin, CEST); "
        "10:45–10:50 → 10:35–10:40 (İstanbul, TSİ)."),
    "item_retimed, now without a time": (
        change("item_retimed", ITEM, item_start=None, item_end=None, old_start="2020-06-15T07:45:00Z",
               old_end="2020-06-15T07:50:00Z"),
        "Neue Zeit am Montag, 15. Juni 2020 für „Begrüßung“: 09:45–09:50 → ohne feste Uhrzeit (Berlin, MESZ); "
        "10:45–10:50 → ohne feste Uhrzeit (Istanbul, UTC+3).",
        "15 Haziran 2020 Pazartesi günü “Selamlama” için yeni saat: 09:45–09:50 → saati belirsiz (Berlin, CEST); "
        "10:45–10:50 → saati belirsiz (İstanbul, TSİ)."),
    "item_renamed": (
        change("item_renamed", ITEM, old_item={"de": "Grußwort", "tr": "Selamlama konuşması"}),
        "Am Montag, 15. Juni 2020 heißt „Grußwort“ jetzt „Begrüßung“.",
        "15 Haziran 2020 Pazartesi günü “Selamlama konuşması” başlığı “Selamlama” olarak değiştirildi."),
    "item_renamed in the other language only": (
        change("item_renamed", ITEM, old_item={"de": "Begrüßung", "tr": "Açılış"}),
        "Am Montag, 15. Juni 2020 heißt „Begrüßung“ auf Türkisch jetzt „Selamlama“ (bisher: „Açılış“).",
        "15 Haziran 2020 Pazartesi günü “Açılış” başlığı “Selamlama” olarak değiştirildi."),
    "item_renamed, a title added in the other language": (
        change("item_renamed", ITEM, old_item={"de": "Begrüßung"}),
        "Am Montag, 15. Juni 2020 hat „Begrüßung“ jetzt auch einen Titel auf Türkisch: „Selamlama“.",
        "15 Haziran 2020 Pazartesi günü “Begrüßung” (yalnızca Almanca) başlığı “Selamlama” olarak değiştirildi."),
    "item_renamed, a title removed in the other language": (
        change("item_renamed", ITEM, item={"de": "Begrüßung"}, old_item={"de": "Begrüßung", "tr": "Selamlama"}),
        "Am Montag, 15. Juni 2020 hat „Begrüßung“ keinen Titel auf Türkisch mehr (bisher: „Selamlama“).",
        "15 Haziran 2020 Pazartesi günü “Selamlama” başlığı “Begrüßung” (yalnızca Almanca) olarak değiştirildi."),
    "speaker_confirmed": (
        change("speaker_confirmed", ITEM, person="Stefan Bege", organisation=NUREMBERG),
        "„Begrüßung“ am Montag, 15. Juni 2020: Stefan Bege (Stadt Nürnberg) ist bestätigt.",
        "15 Haziran 2020 Pazartesi, “Selamlama”: Stefan Bege (Nürnberg Belediyesi) için katılım teyit edildi."),
    "speaker_confirmed, an organisation": (
        change("speaker_confirmed", ITEM, person=None, organisation=NUREMBERG),
        "„Begrüßung“ am Montag, 15. Juni 2020: Stadt Nürnberg ist bestätigt.",
        "15 Haziran 2020 Pazartesi, “Selamlama”: Nürnberg Belediyesi için katılım teyit edildi."),
    "speaker_named": (
        change("speaker_named", ITEM, person="Dr. Ayşe Kaya", organisation=ANTALYA, tbc=False),
        "„Begrüßung“ am Montag, 15. Juni 2020: Für Stadt Antalya nimmt Dr. Ayşe Kaya teil.",
        "15 Haziran 2020 Pazartesi, “Selamlama”: Antalya Büyükşehir Belediyesi adına Dr. Ayşe Kaya katılıyor."),
    "speaker_named, still to be confirmed": (
        change("speaker_named", ITEM, person="Dr. Ayşe Kaya", organisation=ANTALYA, tbc=True),
        "„Begrüßung“ am Montag, 15. Juni 2020: Für Stadt Antalya nimmt Dr. Ayşe Kaya (angefragt) teil.",
        "15 Haziran 2020 Pazartesi, “Selamlama”: Antalya Büyükşehir Belediyesi adına Dr. Ayşe Kaya "
        "(teyit edilecek) katılıyor."),
    "speaker_named, without an organisation": (
        change("speaker_named", ITEM, person="Dr. Ayşe Kaya", organisation={}, tbc=False),
        "„Begrüßung“ am Montag, 15. Juni 2020: Statt N.N. nimmt Dr. Ayşe Kaya teil.",
        "15 Haziran 2020 Pazartesi, “Selamlama”: Dr. Ayşe Kaya katılıyor (isim daha önce belirlenmemişti)."),
    "speakers_changed": (
        change("speakers_changed", ITEM,
               old_speakers=[{"person": "Cemal Baş", "organisation": {}, "tbc": True, "role": "welcome"}],
               speakers=[{"person": "Sabine Drees", "organisation": {"de": "Deutscher Städtetag"}, "tbc": False,
                          "role": "welcome"}, {"person": None, "organisation": {}, "tbc": False, "role": "speaker"}]),
        "„Begrüßung“ am Montag, 15. Juni 2020: jetzt mit Sabine Drees (Deutscher Städtetag); N.N. "
        "(bisher: Cemal Baş (angefragt)).",
        "15 Haziran 2020 Pazartesi, “Selamlama”: Artık Sabine Drees (Deutscher Städtetag (yalnızca Almanca)); "
        "İsim belirlenecek katılıyor (önceki: Cemal Baş (teyit edilecek))."),
    "speakers_changed, nobody named any more": (
        change("speakers_changed", ITEM, old_speakers=[{"person": "Cemal Baş", "organisation": {}, "tbc": False,
                                                        "role": "welcome"}], speakers=[]),
        "„Begrüßung“ am Montag, 15. Juni 2020: Es ist niemand mehr genannt (bisher: Cemal Baş).",
        "15 Haziran 2020 Pazartesi, “Selamlama”: Artık kimse belirtilmiyor (önceki: Cemal Baş)."),
    "speakers_changed, somebody named at last": (
        change("speakers_changed", ITEM, old_speakers=[],
               speakers=[{"person": "Cemal Baş", "organisation": {}, "tbc": False, "role": "welcome"}]),
        "„Begrüßung“ am Montag, 15. Juni 2020: jetzt mit Cemal Baş.",
        "15 Haziran 2020 Pazartesi, “Selamlama”: Artık Cemal Baş katılıyor."),
}


def test_the_table_words_every_kind_there_is():
    assert {entry[0]["kind"] for entry in TABLE.values()} == set(release_changes.KINDS)


@pytest.mark.parametrize("case", TABLE)
@pytest.mark.parametrize("language", ["de", "tr"])
def test_every_kind_reads_as_a_sentence_in_both_languages(in_app, case, language):
    the_change, german, turkish = TABLE[case]
    worded = word_change(the_change, language, ZONES)
    assert worded.text == {"de": german, "tr": turkish}[language]
    assert worded.kind == the_change["kind"]
    assert not RAW.search(worded.text)
    # The HTML says the same to the eye (screen readers hear another date in full instead of its short form).
    shown = lxml.html.fragment_fromstring(f"<p>{worded.html}</p>")
    for spoken in shown.xpath(".//span[@class='visually-hidden']"):
        spoken.drop_tree()
    assert shown.text_content() == worded.text


def test_the_html_marks_times_dates_and_the_other_language(in_app):
    worded = word_change(TABLE["item_renamed, a title added in the other language"][0], "tr", ZONES)
    fragment = lxml.html.fragment_fromstring(f"<p>{worded.html}</p>")
    assert fragment.xpath("string(.//time/@datetime)") == "2020-06-15"
    german = fragment.xpath(".//span[@lang='de']")
    assert [span.text for span in german] == ["Begrüßung"]
    assert fragment.xpath("string(.//span[@class='fallback-marker']/@lang)") == "tr"
    moved = word_change(TABLE["day_moved to another date, past midnight in İstanbul"][0], "de", ZONES)
    fragment = lxml.html.fragment_fromstring(f"<p>{moved.html}</p>")
    assert fragment.xpath("string(.//span[@class='visually-hidden'])") == "Mittwoch, 17. Juni 2020"
    assert [time.get("datetime") for time in fragment.iter("time")][-2:] == ["2020-06-16T23:30+03:00",
                                                                              "2020-06-17T00:30+03:00"]


def test_hostile_titles_are_text_in_html_and_plain_in_text(in_app):
    hostile = change("item_renamed", ITEM, item={"de": HOSTILE}, old_item={"de": "Begrüßung & mehr"})
    worded = word_change(hostile, "de", ZONES)
    assert worded.text == f"Am Montag, 15. Juni 2020 heißt „Begrüßung & mehr“ jetzt „{HOSTILE}“."
    assert "<script>" not in worded.html and "&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; Co" in worded.html
    assert str(worded) == worded.text and worded.__html__() == worded.html


def test_changes_are_grouped_by_workshop_under_the_sites_name_for_it(in_app):
    changes = [change("workshop_added", workshop=2, title={"de": "Jugendaustausch"}),
               change("day_removed", DAY), change("workshop_cancelled", old_status="confirmed", status="cancelled")]
    label = {"de": "Fachworkshop", "tr": "Çalıştay"}
    groups = word_changes(changes, "tr", ZONES, label)
    assert [(group.number, group.name.text) for group in groups] == [
        (1, "1. Çalıştay: Dijital Şehir"), (2, "2. Çalıştay: Jugendaustausch (yalnızca Almanca)")]
    assert [entry.kind for entry in groups[0].changes] == ["day_removed", "workshop_cancelled"]
    assert 'lang="de"' in groups[1].name.html
    assert [group.name.text for group in word_changes(changes, "de", ZONES)] == ["Digitale Stadt", "Jugendaustausch"]
    assert word_changes(changes, "de", ZONES, {})[1].name.text == "Jugendaustausch"


def test_the_readers_zone_comes_after_the_reference_zones(in_app):
    worded = word_change(TABLE["day_added"][0], "de", (*ZONES, "America/New_York"))
    assert worded.text.endswith("; 03:30–05:30 (New York, EDT).")


def test_release_titles_use_the_catalogues_word(in_app):
    assert (release_title(2, "de"), release_title(2, "tr")) == ("Fassung 2", "2. sürüm")


ZONE_SETS = st.lists(st.sampled_from(["Europe/Berlin", "Europe/Istanbul", "Asia/Kolkata", "America/St_Johns",
                                      "Pacific/Chatham", "Australia/Lord_Howe", "UTC", "America/Sao_Paulo"]),
                     min_size=1, max_size=3, unique=True)
INSTANTS = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2060, 12, 31)).map(
    lambda naive: naive.replace(second=0, microsecond=0, tzinfo=dt.timezone.utc))


def iso(instant: dt.datetime) -> str:
    """As documents store instants."""
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=INSTANTS, moved=st.integers(-3 * 24 * 60, 3 * 24 * 60).filter(bool), length=st.integers(15, 12 * 60),
       zones=ZONE_SETS, language=st.sampled_from(["de", "tr"]))
def test_a_moved_day_reads_as_every_zone_has_it(in_app, old, moved, length, zones, language):
    start = old + dt.timedelta(minutes=moved)
    day = {"day": "d", "zone": zones[0], "start": iso(start), "end": iso(start + dt.timedelta(minutes=length)),
           "old_start": iso(old), "old_end": iso(old + dt.timedelta(minutes=length))}
    text = word_change(change("day_moved", day), language, zones).text
    assert not RAW.search(text.replace("St. John’s", "")), text
    old_date, date = (timeengine.to_zone(instant, zones[0]).date() for instant in (old, start))
    assert full_date(old_date, language) in text and full_date(date, language) in text
    segments = text.rstrip(".").split(": ", 1)[1].split("; ")
    assert len(segments) == len(zones)
    for zone, segment in zip(zones, segments):
        assert segment.endswith(")") and timeengine.city_name(zone, language) in segment
        before, after = segment.split(" → ")
        assert before.startswith(clock_text(old, zone)) and after.startswith(clock_text(start, zone))
        assert clock_text(start + dt.timedelta(minutes=length), zone) in after


# The page and its feed, from releases made as organisers make them --------------------------------------------

def second_release(document: dict) -> dict:
    """The demo's second release: Stadt Antalya's speaker named, Stefan Bege confirmed, the first day an hour later."""
    changed = copy.deepcopy(document)
    changed["people"].append({"key": "ayse-kaya", "name": "Ayşe Kaya", "organisation": "antalya"})
    day = changed["workshops"][0]["days"][0]
    for assignment in day["items"][6]["assignments"]:
        assignment["person"] = "ayse-kaya"
    for assignment in day["items"][7]["assignments"]:
        assignment.pop("tbc", None)
    day["local_start"], day["local_end"] = "10:30", "12:30"
    return changed


def publish(app, document: dict, comment: dict | None = None, slug: str = DEMO_SLUG):
    """Put a document into the working draft and publish it, as the editor's publish does."""
    with app.app_context():
        import_document(copy.deepcopy(document), draft=True)
        release = releases.publish(slug, PUBLISHER, comment)
        return release.number, timeengine.as_utc(release.published_at)


@pytest.fixture
def released(app, demo, demo_document):
    """The demo as release 1, then release 2 with a German comment only."""
    return publish(app, second_release(demo_document), {"de": "Referentinnen und Referenten bestätigt.", "tr": ""})


def articles(document) -> list:
    """The changelog's releases as the page lists them."""
    return document.xpath("//article[contains(@class, 'release')]")


def test_the_changelog_lists_every_release_newest_first_in_german(page, text_of, released):
    response, document = page(f"/de/{DEMO_SLUG}/changes")
    assert response.content_language.to_header() == "de"
    first, second = articles(document)[1], articles(document)[0]
    assert [text_of(article.find(".//h2")) for article in articles(document)] == ["Fassung 2", "Fassung 1"]
    assert text_of(first.find(".//p[@class='release__first']")) == "Erste Veröffentlichung des Programms."
    assert not first.xpath(".//li")
    assert text_of(second.find(".//h3")) == "Fachworkshop 1: Digitale Stadt"
    assert [text_of(item) for item in second.xpath(".//li")] == [
        "Der Tag am Montag, 15. Juni 2020 hat neue Zeiten: 09:30–11:30 → 10:30–12:30 (Berlin, MESZ); "
        "10:30–12:30 → 11:30–13:30 (Istanbul, UTC+3).",
        "„Praxisbeispiel aus Deutschland“ am Montag, 15. Juni 2020: Stefan Bege (Stadt Nürnberg) ist bestätigt.",
        "„Praxisbeispiel aus der Türkei“ am Montag, 15. Juni 2020: Für Stadt Antalya nimmt Ayşe Kaya (angefragt) teil.",
    ]
    assert "Referentinnen und Referenten bestätigt." in text_of(second.find(".//div[@class='release__comment']"))
    number, published_at = released
    published = text_of(second.find(".//p[@class='release__published']"))
    berlin = timeengine.to_zone(published_at, "Europe/Berlin")
    assert published.startswith(f"Veröffentlicht am {full_date(berlin.date(), 'de')}, {berlin:%H:%M} (Berlin, ")
    assert "(Istanbul, UTC+3)" in published
    assert PUBLISHER not in response.get_data(as_text=True)


def test_the_turkish_changelog_marks_the_german_comment(page, text_of, released):
    _, document = page(f"/tr/{DEMO_SLUG}/changes")
    assert [text_of(article.find(".//h2")) for article in articles(document)] == ["2. sürüm", "1. sürüm"]
    comment = articles(document)[0].find(".//div[@class='release__comment']")
    assert comment.find(".//div[@lang='de']") is not None
    assert "(yalnızca Almanca)" in text_of(comment)
    assert text_of(articles(document)[1].find(".//p[@class='release__first']")) == "Programın ilk yayımı."
    items = [text_of(item) for item in articles(document)[0].xpath(".//li")]
    assert "15 Haziran 2020 Pazartesi, “Almanya'dan Uygulama Örneği”: Stefan Bege (Nürnberg Belediyesi) için katılım teyit edildi." in items


def test_the_readers_zone_joins_the_reference_zones(page, text_of, released):
    _, document = page(f"/de/{DEMO_SLUG}/changes?tz=Asia/Tokyo")
    assert text_of(articles(document)[0].xpath(".//li")[0]).endswith(
        "; 16:30–18:30 → 17:30–19:30 (Tokio, JST).")


def test_the_draft_stays_out_of_the_changelog_until_it_is_published(app, client, page, text_of, released,
                                                                     demo_document):
    changed = second_release(demo_document)
    changed["workshops"][2]["title"]["de"] = "Noch nicht veröffentlicht"
    with app.app_context():
        import_document(changed, draft=True)
    for path in (f"/de/{DEMO_SLUG}/changes", f"/de/{DEMO_SLUG}/changes.atom"):
        assert "Noch nicht veröffentlicht" not in client.get(path).get_data(as_text=True)
    publish(app, changed)
    _, document = page(f"/de/{DEMO_SLUG}/changes")
    assert [text_of(article.find(".//h2")) for article in articles(document)][0] == "Fassung 3"
    assert "„Noch nicht veröffentlicht“" in text_of(articles(document)[0])


@pytest.mark.parametrize("suffix", ["changes", "changes.atom"])
def test_unknown_and_unreleased_conferences_have_no_changelog(app, client, demo_document, suffix):
    unreleased = copy.deepcopy(demo_document)
    unreleased["conference"]["slug"] = "entwurf-2021"
    with app.app_context():
        import_document(unreleased, draft=True)
        assert load_conference_row("entwurf-2021", released=False).release_number == 0
    assert client.get(f"/de/entwurf-2021/{suffix}").status_code == 404
    assert client.get(f"/de/unbekannt/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", ["changes", "changes.atom"])
def test_conditional_requests_are_answered_until_the_next_release(app, client, released, demo_document, suffix):
    url = f"/de/{DEMO_SLUG}/{suffix}"
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    changed = second_release(demo_document)
    changed["workshops"][1]["status"] = "cancelled"
    publish(app, changed)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] != first.headers["ETag"]


@pytest.mark.parametrize("path", [f"/de/{DEMO_SLUG}/", f"/tr/{DEMO_SLUG}/workshops/1/"])
def test_programme_pages_link_the_changelog_and_its_feed(page, demo, path):
    _, document = page(path)
    language = path.split("/")[1]
    assert document.xpath("//section[@class='changes-links']//a/@href") == [
        f"/{language}/{DEMO_SLUG}/changes", f"/{language}/{DEMO_SLUG}/changes.atom"]
    assert document.xpath("//head/link[@rel='alternate'][@type='application/atom+xml']/@href") == [
        f"/{language}/{DEMO_SLUG}/changes.atom"]


def feed(client, language: str = "de"):
    """The feed's response and its parsed root."""
    response = client.get(f"/{language}/{DEMO_SLUG}/changes.atom")
    assert response.status_code == 200
    return response, ET.fromstring(response.data)


def test_the_feed_is_atom_with_one_entry_per_release(app, client, released):
    response, root = feed(client)
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    for name in ("id", "title", "updated", "author/name"):
        assert root.findtext(f"{ATOM}{name.replace('/', '/' + ATOM)}").strip(), name
    assert root.findtext(f"{ATOM}title") == ("Virtuelle Vorkonferenz zur Deutsch-Türkischen "
                                             "Städtepartnerschaftskonferenz: Änderungen am Programm")
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": f"http://localhost/de/{DEMO_SLUG}/changes.atom",
                     "alternate": f"http://localhost/de/{DEMO_SLUG}/changes"}
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Fassung 2", "Fassung 1"]
    _, published_at = released
    assert entries[0].findtext(f"{ATOM}updated") == published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert root.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")
    for entry in entries:
        assert re.fullmatch(r"tag:test\.confsched\.invalid,\d{4}-\d{2}-\d{2}:conference/\d+/\d{12}/release/\d/de",
                            entry.findtext(f"{ATOM}id"))
        assert entry.find(f"{ATOM}content").get("type") == "html"
        assert entry.find(f"{ATOM}link").get("href").startswith(f"http://localhost/de/{DEMO_SLUG}/changes#release-")
    content = lxml.html.fragment_fromstring(entries[0].findtext(f"{ATOM}content"), create_parent="div")
    assert "Für Stadt Antalya nimmt Ayşe Kaya (angefragt) teil." in content.text_content()
    assert PUBLISHER.encode() not in response.data


def test_entry_ids_stay_and_are_never_used_twice(app, client, released, demo_document):
    ids = [entry.findtext(f"{ATOM}id") for entry in feed(client)[1].findall(f"{ATOM}entry")]
    turkish = [entry.findtext(f"{ATOM}id") for entry in feed(client, "tr")[1].findall(f"{ATOM}entry")]
    changed = second_release(demo_document)
    changed["workshops"][1]["status"] = "cancelled"
    publish(app, changed)
    later = [entry.findtext(f"{ATOM}id") for entry in feed(client)[1].findall(f"{ATOM}entry")]
    assert later[1:] == ids and later[0] not in ids
    assert len(set(ids) | set(turkish)) == 4
    # The same slug for another conference later: another published row, so other ids.
    with app.app_context():
        delete_conference(releases.published_programme(DEMO_SLUG))
        db.session.commit()
        import_document(copy.deepcopy(demo_document))
    assert not {entry.findtext(f"{ATOM}id") for entry in feed(client)[1].findall(f"{ATOM}entry")} & set(later)


def test_hostile_titles_stay_text_in_the_page_and_the_feed(app, client, page, demo, demo_document):
    changed = copy.deepcopy(demo_document)
    changed["workshops"][1]["title"]["de"] = HOSTILE
    publish(app, changed, {"de": "Kommentar mit <b>Markup</b> & ]]>", "tr": "Yorum"})
    _, document = page(f"/de/{DEMO_SLUG}/changes")
    assert all(script.get("src", "").startswith("/static/") for script in document.iter("script"))
    assert f"„{HOSTILE}“" in " ".join(articles(document)[0].text_content().split())
    assert not document.xpath("//main//b")
    _, root = feed(client)
    content = root.find(f"{ATOM}entry").findtext(f"{ATOM}content")
    assert "<script>" not in content and "&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; Co" in content
    assert "Kommentar mit &lt;b&gt;Markup&lt;/b&gt; &amp; ]]&gt;" in content
    raw = client.get(f"/de/{DEMO_SLUG}/changes.atom").data
    assert b"<script>" not in raw and b"]]>" not in raw


def test_the_publish_preview_words_the_drafts_changes_the_same_way(app, demo, demo_document):
    with app.app_context():
        import_document(second_release(demo_document), draft=True)
        preview = releases.preview(releases.published_programme(DEMO_SLUG))
        groups = word_changes(preview.changes, "tr", ZONES, {"de": "Fachworkshop", "tr": "Çalıştay"})
    assert preview.number == 2
    assert [group.name.text for group in groups] == ["1. Çalıştay: Dijital Şehir"]
    assert [entry.kind for entry in groups[0].changes] == ["day_moved", "speaker_confirmed", "speaker_named"]


def test_the_drafts_preview_links_no_changelog(app, client, page, demo):
    """The changelog has only what was released; the organiser's preview of the draft does not point to it."""
    with app.app_context():
        accounts.create_organiser(PUBLISHER, "correct horse battery staple")
        membership.add_member(load_programme(DEMO_SLUG), PUBLISHER)
    form = client.get("/organiser/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    client.post("/organiser/sign-in", data={"email": PUBLISHER, "password": "correct horse battery staple",
                                            "csrf_token": token})
    _, preview = page(f"/de/{DEMO_SLUG}/?preview=draft")
    assert preview.xpath("//p[@class='draft-preview']")
    assert not preview.xpath("//section[@class='changes-links']") and not preview.xpath("//head/link[@type]")
