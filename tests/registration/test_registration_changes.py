"""Every change a registrant cares about reaches them, removals included, in an order RFC 5546 clients keep."""
from __future__ import annotations

import copy

import icalendar
from sqlalchemy import select

from confsched.extensions import db
from confsched.organiser import accounts, membership
from confsched.programme import editing as editor
from confsched.programme.document import export_document
from confsched.programme.importer import import_document
from confsched.programme.queries import load_programme
from confsched.registration import operations, outbox
from confsched.registration.models import Registrant, Registration, RegistrationStatus
from tests.registration.conftest import csrf_token, link, post_form, text_body

SLUG = "vorkonferenz-2020"


def itip_events(message) -> list[tuple[str, icalendar.Event]]:
    """(METHOD, VEVENT) of each calendar part of a message."""
    found = []
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
            found += [(str(calendar["METHOD"]), event) for event in calendar.walk("VEVENT")]
    return found


def received(smtp_server, address: str) -> list[tuple[str, str, int, object]]:
    """Every iTIP message an address got, in arrival order, as (METHOD, UID, SEQUENCE, DTSTAMP)."""
    return [(method, str(event["UID"]), int(event["SEQUENCE"]), event.decoded("DTSTAMP"))
            for message in smtp_server.to(address) for method, event in itip_events(message)]


def last_for(smtp_server, address: str, uid: str) -> tuple[str, str, int, object]:
    """The newest iTIP message an address got for one UID."""
    return [entry for entry in received(smtp_server, address) if entry[1] == uid][-1]


def uids_of(app, number: int) -> list[str]:
    """The calendar UIDs of a demo workshop's days, in day order, as registrants receive them."""
    from confsched.calendars.adapters import workshop_events

    with app.app_context():
        conference = load_programme(SLUG, with_access=True)
        workshop = next(entry for entry in conference.workshops if entry.number == number)
        return [event.uid for event in workshop_events(conference, workshop, "de")]


def deliver(app) -> None:
    """Send what the last change queued, as the request after it or the cron run would."""
    with app.app_context():
        outbox.deliver(app)


def registration_of(app, email: str) -> Registration:
    """The one registration of a registrant, detached with its status and snapshot loaded."""
    with app.app_context():
        registrant = db.session.execute(select(Registrant).where(Registrant.email == email)).scalar_one()
        registration = registrant.registrations[0]
        db.session.expunge_all()
        return registration


def join(register, confirm, number: int, email: str, language: str = "de", role: str = "active", address: str = "10.1.0.1"):
    """Register and confirm through the real pages."""
    register(number, email=email, language=language, role=role, remote_addr=address)
    confirm(email, remote_addr=address)


def test_removing_a_day_sends_a_cancel_above_the_last_request(mail_app, smtp_server, register, confirm,
                                                             open_workshop):
    """The issue's repro: workshop 4's second day removed by importing the document without it."""
    open_workshop(4)
    join(register, confirm, 4, "jugend@example.de")
    join(register, confirm, 4, "zuhoerer@example.de", role="listener", language="tr", address="10.1.0.2")
    first_day, second_day = uids_of(mail_app, 4)
    before = last_for(smtp_server, "jugend@example.de", second_day)
    assert before[0] == "REQUEST"

    with mail_app.app_context():
        document = export_document(load_programme(SLUG, with_access=True), include_access=True)
    document = copy.deepcopy(document)
    workshop = next(entry for entry in document["workshops"] if entry["number"] == 4)
    workshop["days"] = workshop["days"][:1]
    with mail_app.app_context():
        import_document(document)
    deliver(mail_app)

    method, uid, sequence, stamp = last_for(smtp_server, "jugend@example.de", second_day)
    assert (method, uid) == ("CANCEL", second_day)
    assert sequence > before[2] and stamp > before[3]
    assert last_for(smtp_server, "jugend@example.de", first_day)[0] == "REQUEST", "the remaining day is not cancelled"
    notice = smtp_server.last_to("zuhoerer@example.de")
    assert notice["Content-Language"] == "tr" and last_for(smtp_server, "zuhoerer@example.de", second_day)[0] == "CANCEL"
    assert registration_of(mail_app, "jugend@example.de").status is RegistrationStatus.active


def workshop_four_document(app) -> tuple[dict, dict]:
    """The private document of the demo and its workshop 4, to edit and import again."""
    with app.app_context():
        document = copy.deepcopy(export_document(load_programme(SLUG, with_access=True), include_access=True))
    return document, next(entry for entry in document["workshops"] if entry["number"] == 4)


def test_an_import_without_the_first_day_cancels_that_day_and_keeps_the_second(mail_app, smtp_server, register,
                                                                               confirm, open_workshop):
    """The first day's UID is cancelled; the second day keeps its UID and is never cancelled or duplicated."""
    open_workshop(4)
    join(register, confirm, 4, "erster-tag@example.de")
    first_day, second_day = uids_of(mail_app, 4)
    document, workshop = workshop_four_document(mail_app)
    del workshop["days"][0]
    with mail_app.app_context():
        import_document(document)
    deliver(mail_app)
    assert uids_of(mail_app, 4) == [second_day]
    assert last_for(smtp_server, "erster-tag@example.de", first_day)[0] == "CANCEL"
    assert "CANCEL" not in {method for method, uid, _sequence, _stamp in received(smtp_server, "erster-tag@example.de")
                            if uid == second_day}


def test_a_day_replaced_by_one_of_another_identity_is_cancelled_and_the_new_one_sent(mail_app, smtp_server, register,
                                                                                     confirm, open_workshop):
    """Same date and times, but another day: registrants lose the old UID and get the new one."""
    open_workshop(4)
    join(register, confirm, 4, "ersetzt@example.de")
    first_day, second_day = uids_of(mail_app, 4)
    document, workshop = workshop_four_document(mail_app)
    workshop["days"][1].update(identity="aus-einer-anderen-installation")
    del workshop["days"][1]["frab_id"]
    with mail_app.app_context():
        import_document(document)
    deliver(mail_app)
    new_day = uids_of(mail_app, 4)[1]
    assert new_day.startswith("aus-einer-anderen-installation@")
    assert last_for(smtp_server, "ersetzt@example.de", second_day)[0] == "CANCEL"
    assert last_for(smtp_server, "ersetzt@example.de", new_day)[0] == "REQUEST"


def summary_of(smtp_server, address: str, uid: str) -> str:
    """The SUMMARY of the newest iTIP message an address got for one UID."""
    return [str(event["SUMMARY"]) for message in smtp_server.to(address) for _method, event in itip_events(message)
            if str(event["UID"]) == uid][-1]


def test_removing_a_day_in_the_editor_cancels_it_and_retitles_the_other(mail_app, smtp_server, register, confirm,
                                                                         open_workshop):
    open_workshop(4)
    join(register, confirm, 4, "editor-tag@example.de")
    first_day, second_day = uids_of(mail_app, 4)
    before = last_for(smtp_server, "editor-tag@example.de", first_day)
    assert summary_of(smtp_server, "editor-tag@example.de", first_day).endswith("(Tag 1)")
    with mail_app.app_context():
        conference = load_programme(SLUG, with_access=True)
        workshop = editor.find_workshop(conference, 4)
        editor.delete_day(conference, workshop, editor.find_day(workshop, 2))
    deliver(mail_app)
    assert last_for(smtp_server, "editor-tag@example.de", second_day)[0] == "CANCEL"
    method, _uid, sequence, _stamp = last_for(smtp_server, "editor-tag@example.de", first_day)
    assert method == "REQUEST" and sequence > before[2], "a one-day workshop's title no longer names the day"
    assert not summary_of(smtp_server, "editor-tag@example.de", first_day).endswith("(Tag 1)")


def test_an_added_day_retitles_the_others(mail_app, smtp_server, register, confirm, open_workshop):
    import datetime as dt

    open_workshop(1)
    join(register, confirm, 1, "neuer-tag@example.de")
    with mail_app.app_context():
        conference = load_programme(SLUG, with_access=True)
        editor.add_day(conference, editor.find_workshop(conference, 1),
                       {"date": dt.date(2020, 6, 22), "local_start": dt.time(9, 30), "local_end": dt.time(11, 30),
                        "zone": "Europe/Berlin"})
    deliver(mail_app)
    first_day, new_day = uids_of(mail_app, 1)
    assert last_for(smtp_server, "neuer-tag@example.de", new_day)[0] == "REQUEST"
    assert last_for(smtp_server, "neuer-tag@example.de", first_day)[0] == "REQUEST"
    assert "(" in summary_of(smtp_server, "neuer-tag@example.de", first_day), "now one of two days"


def api_headers(app) -> dict:
    """A bearer token of an organiser of the demo conference."""
    with app.app_context():
        organiser = accounts.create_organiser("api@example.org", "a long enough password 1")
        membership.add_member(load_programme(SLUG), "api@example.org")
        return {"Authorization": f"Bearer {accounts.issue_token(organiser, 'test')}"}


def test_removing_a_workshop_keeps_its_registrations_as_cancelled_by_the_organisers(
        mail_app, client, smtp_server, register, confirm, open_workshop):
    open_workshop(4, capacity=1)
    join(register, confirm, 4, "weg@example.de", language="tr")
    join(register, confirm, 4, "wartet@example.de", address="10.1.0.3")
    register(4, email="offen@example.de", language="de", remote_addr="10.1.0.4")
    requested = {uid: last_for(smtp_server, "weg@example.de", uid) for uid in uids_of(mail_app, 4)}
    unconfirmed_mail = len(smtp_server.to("offen@example.de"))
    page = link(smtp_server.last_to("weg@example.de"), "/registration/p/")

    headers = api_headers(mail_app)
    response = client.delete(f"/api/v1/conferences/{SLUG}/workshops/4", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    deliver(mail_app)
    assert all(last_for(smtp_server, "weg@example.de", uid) == request for uid, request in requested.items()), \
        "removed from the draft only: registrants hear of it with the release"
    assert client.post(f"/api/v1/conferences/{SLUG}/releases", json={}, headers=headers).status_code == 201
    deliver(mail_app)

    for uid, request in requested.items():
        method, _uid, sequence, stamp = last_for(smtp_server, "weg@example.de", uid)
        assert method == "CANCEL" and sequence > request[2] and stamp > request[3]
    assert smtp_server.last_to("weg@example.de")["Content-Language"] == "tr"
    waiting_notice = smtp_server.last_to("wartet@example.de")
    assert itip_events(waiting_notice) == [] and "Jugendaustausch" in text_body(waiting_notice)
    assert len(smtp_server.to("offen@example.de")) == unconfirmed_mail, "an unconfirmed address gets nothing"
    for email in ("weg@example.de", "wartet@example.de", "offen@example.de"):
        registration = registration_of(mail_app, email)
        assert registration.status is RegistrationStatus.cancelled_by_organiser
        assert registration.workshop_id is None and registration.removed_workshop_number == 4
        assert registration.removed_workshop_title["de"].startswith("Jugendaustausch")

    html = client.get(page).get_data(as_text=True)
    assert registration.removed_workshop_title["tr"] in html and "Düzenleyiciler tarafından iptal edildi" in html


def test_removed_workshop_stays_in_the_organisers_view_and_csv(mail_app, client, smtp_server, register, confirm,
                                                              open_workshop):
    open_workshop(4)
    join(register, confirm, 4, "liste@example.de")
    with mail_app.app_context():
        conference = load_programme(SLUG, with_access=True)
        editor.delete_workshop(conference, editor.find_workshop(conference, 4))
        organiser = accounts.create_organiser("view@example.org", "a long enough password 1")
        membership.add_member(load_programme(SLUG), "view@example.org")
    html = client.get("/organiser/sign-in").get_data(as_text=True)
    client.post("/organiser/sign-in", data={"email": "view@example.org", "password": "a long enough password 1",
                                            "csrf_token": csrf_token(html)})
    overview = client.get(f"/organiser/{SLUG}/registrations",
                          headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "liste@example.de" in overview and "Von den Organisatoren abgesagt" in overview
    csv_text = client.get(f"/organiser/{SLUG}/registrations.csv",
                          headers={"Accept-Language": "de"}).get_data().decode("utf-8-sig")
    row = next(line for line in csv_text.splitlines() if "liste@example.de" in line)
    assert row.startswith("4;Von den Organisatoren abgesagt;")
    assert organiser


def test_removing_the_conference_cancels_every_day_and_keeps_registrants_for_retention(
        mail_app, client, smtp_server, register, confirm, open_workshop):
    open_workshop(1)
    open_workshop(4)
    join(register, confirm, 1, "konferenz@example.de")
    page = link(smtp_server.last_to("konferenz@example.de"), "/registration/p/")
    client.post(f"{page}/join", data={"csrf_token": csrf_token(client.get(page).get_data(as_text=True)),
                                      "workshop": _workshop_id(mail_app, 4), "role": "active",
                                      "when_full": "waiting_list"})
    uids = uids_of(mail_app, 1) + uids_of(mail_app, 4)
    requested = {uid: last_for(smtp_server, "konferenz@example.de", uid) for uid in uids}
    assert all(entry[0] == "REQUEST" for entry in requested.values())

    with mail_app.app_context():
        editor.delete_conference(load_programme(SLUG, with_access=True))
    deliver(mail_app)

    for uid, request in requested.items():
        method, _uid, sequence, stamp = last_for(smtp_server, "konferenz@example.de", uid)
        assert method == "CANCEL" and sequence > request[2] and stamp > request[3]
    with mail_app.app_context():
        registrant = db.session.execute(select(Registrant).where(Registrant.email == "konferenz@example.de")).scalar_one()
        assert registrant.conference_id is None and registrant.removed_conference_title["de"]
        assert {entry.status for entry in registrant.registrations} == {RegistrationStatus.cancelled_by_organiser}
        assert {entry.removed_workshop_number for entry in registrant.registrations} == {1, 4}
        ended = registrant.removed_conference_ended_at
    html = client.get(page).get_data(as_text=True)
    assert "Von den Organisatoren abgesagt" in html and "Digitale Stadt" in html

    with mail_app.app_context():
        assert operations.purge_expired(now=ended)[1] == 0
        late = ended + __import__("datetime").timedelta(days=mail_app.config["CONFSCHED_RETENTION_DAYS"] + 1)
        operations.purge_expired(now=late)
        db.session.commit()
        assert db.session.execute(select(Registrant).where(Registrant.email == "konferenz@example.de")).first() is None


def _workshop_id(app, number: int) -> int:
    """A demo workshop's row id."""
    with app.app_context():
        return editor.find_workshop(load_programme(SLUG), number).id


def test_new_access_data_reaches_everyone_who_was_given_it(mail_app, smtp_server, register, confirm, open_workshop):
    """Seats and listener places both come with the access data, so both hear when it changes; no one else does."""
    open_workshop(4, capacity=1)
    join(register, confirm, 4, "aktiv@example.de")
    join(register, confirm, 4, "hoert@example.de", role="listener", address="10.1.0.5")
    join(register, confirm, 4, "wartend@example.de", address="10.1.0.6")
    register(4, email="unbestaetigt@example.de", language="de", remote_addr="10.1.0.7")
    with mail_app.app_context():
        old_passcode = load_programme(SLUG, with_access=True).platforms
        old_passcode = next(platform for platform in old_passcode if platform.key == "zoom").access.passcode
    assert any(old_passcode in text_body(message) for message in smtp_server.to("hoert@example.de")), \
        "the listener was given the access data"
    before = {email: len(smtp_server.to(email)) for email in ("wartend@example.de", "unbestaetigt@example.de")}
    requested = {(email, uid): last_for(smtp_server, email, uid) for uid in uids_of(mail_app, 4)
                 for email in ("aktiv@example.de", "hoert@example.de")}
    with mail_app.app_context():
        conference = load_programme(SLUG, with_access=True)
        zoom = editor.find_entry(conference, "platform", "zoom")
        editor.save_platform(conference, {"passcode": "Neu-5521-secret"}, zoom)
    deliver(mail_app)

    assert {email: len(smtp_server.to(email)) for email in before} == before
    for email in ("aktiv@example.de", "hoert@example.de"):
        updates = smtp_server.to(email)[-2:]
        assert "Neu-5521-secret" in text_body(updates[0])
        assert all("Neu-5521-secret" in str(event["DESCRIPTION"])
                   for message in updates for _m, event in itip_events(message))
    for (email, uid), request in requested.items():
        method, _uid, sequence, stamp = last_for(smtp_server, email, uid)
        assert method == "REQUEST" and sequence > request[2] and stamp > request[3]
    with mail_app.app_context():
        feed = mail_app.test_client().get(f"/de/{SLUG}/calendar.ics").get_data(as_text=True)
    assert "Neu-5521-secret" not in feed


def test_renaming_a_platform_bumps_sequence_dtstamp_and_last_modified(mail_app, client, smtp_server, register,
                                                                     confirm, open_workshop):
    open_workshop(4)
    join(register, confirm, 4, "umbenannt@example.de")

    def feed_event(uid):
        calendar = icalendar.Calendar.from_ical(client.get(f"/de/{SLUG}/workshops/4/calendar.ics").get_data())
        return next(event for event in calendar.walk("VEVENT") if str(event["UID"]) == uid)

    uid = uids_of(mail_app, 4)[0]
    old = feed_event(uid)
    requested = last_for(smtp_server, "umbenannt@example.de", uid)
    with mail_app.app_context():
        conference = load_programme(SLUG, with_access=True)
        editor.save_platform(conference, {"name": "Zoom Events"}, editor.find_entry(conference, "platform", "zoom"))
    deliver(mail_app)

    new = feed_event(uid)
    assert str(new["LOCATION"]) == "Zoom Events"
    assert int(new["SEQUENCE"]) == int(old["SEQUENCE"]) + 1
    assert new.decoded("DTSTAMP") > old.decoded("DTSTAMP")
    assert new.decoded("LAST-MODIFIED") > old.decoded("LAST-MODIFIED")
    method, _uid, sequence, _stamp = last_for(smtp_server, "umbenannt@example.de", uid)
    assert method == "REQUEST" and sequence > requested[2]


def test_cancel_then_rejoin_sends_cancel_n_plus_1_then_request_n_plus_2(mail_app, client, smtp_server, register,
                                                                       confirm, open_workshop):
    open_workshop(1)
    open_workshop(2)
    join(register, confirm, 1, "zurueck@example.de")
    uid = uids_of(mail_app, 1)[0]
    _method, _uid, first, first_stamp = last_for(smtp_server, "zurueck@example.de", uid)
    page = link(smtp_server.last_to("zurueck@example.de"), "/registration/p/")
    cancel = link(smtp_server.last_to("zurueck@example.de"), "/cancel/")
    post_form(client, cancel)
    client.post(f"{page}/join", data={"csrf_token": csrf_token(client.get(page).get_data(as_text=True)),
                                      "workshop": _workshop_id(mail_app, 1), "role": "active",
                                      "when_full": "waiting_list"})
    history = [entry for entry in received(smtp_server, "zurueck@example.de") if entry[1] == uid]
    assert [(method, sequence) for method, _uid, sequence, _stamp in history] == [
        ("REQUEST", first), ("CANCEL", first + 1), ("REQUEST", first + 2)]
    stamps = [stamp for *_rest, stamp in history]
    assert stamps == sorted(set(stamps)), "DTSTAMP strictly increases, even within one second"
    assert stamps[0] == first_stamp


def test_new_access_data_for_a_cancelled_workshop_does_not_bring_its_days_back(mail_app, smtp_server, register,
                                                                             confirm, open_workshop):
    open_workshop(4)
    join(register, confirm, 4, "abgesagt@example.de")
    with mail_app.app_context():
        conference = load_programme(SLUG, with_access=True)
        editor.update_workshop(conference, editor.find_workshop(conference, 4), {"status": "cancelled"})
    deliver(mail_app)
    after_cancel = len(smtp_server.to("abgesagt@example.de"))
    assert {entry[0] for entry in received(smtp_server, "abgesagt@example.de")[-2:]} == {"CANCEL"}
    with mail_app.app_context():
        conference = load_programme(SLUG, with_access=True)
        editor.save_platform(conference, {"passcode": "Spaet-9-secret"}, editor.find_entry(conference, "platform", "zoom"))
    deliver(mail_app)
    assert len(smtp_server.to("abgesagt@example.de")) == after_cancel
