"""A release reaches each registrant it affects in one email: their workshops' changes in their language and zone,
with an iTIP object per day (REQUEST for changed days, CANCEL for removed ones) whose SEQUENCE rises once per release.

Expected city labels are CLDR's as the Babel pinned in requirements/lock.txt gives them.
"""
from __future__ import annotations

import copy

import icalendar
from sqlalchemy import func, select

from confsched.extensions import db
from confsched.programme import releases
from confsched.programme.document import export_document
from confsched.programme.importer import import_document
from confsched.programme.queries import load_programme
from confsched.registration import outbox
from confsched.registration.models import OutboxMessage
from tests.calendars.calendar_parsers import parse_everywhere
from tests.registration.conftest import csrf_token, html_body, link, text_body

SLUG = "vorkonferenz-2020"


def draft_edit(app, change) -> None:
    """Change the working draft as the editor's and the API's imports do: its document edited, imported as draft."""
    with app.app_context():
        document = copy.deepcopy(export_document(releases.working_draft(SLUG), include_access=True))
        change({workshop["number"]: workshop for workshop in document["workshops"]})
        import_document(document, draft=True)


def publish(app, comment: str = "Neue Zeiten für Workshop 1.") -> None:
    """Publish the draft as the next release, and send what it queued."""
    with app.app_context():
        releases.publish(SLUG, "o@example.org", {"de": comment})
        outbox.deliver(app)


def itip_parts(message) -> list[tuple[str, bytes, icalendar.Event]]:
    """(method parameter, body, VEVENT) of each iTIP object of a message: the inline one and the attached ones."""
    found = []
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            body = part.get_payload(decode=True)
            events = icalendar.Calendar.from_ical(body).walk("VEVENT")
            assert len(events) == 1, "one day per iTIP object"
            found.append((part.get_param("method"), body, events[0]))
    return found


def uids(app, number: int) -> list[str]:
    """The calendar UIDs of a demo workshop's published days, in day order."""
    from confsched.calendars.adapters import workshop_events

    with app.app_context():
        conference = load_programme(SLUG, with_access=True)
        workshop = next(entry for entry in conference.workshops if entry.number == number)
        return [event.uid for event in workshop_events(conference, workshop, "de")]


def sequences(smtp_server, address: str) -> dict[str, int]:
    """The SEQUENCE each UID last reached an address with."""
    return {str(event["UID"]): int(event["SEQUENCE"]) for message in smtp_server.to(address)
            for _method, _body, event in itip_parts(message)}


def join_too(client, smtp_server, app, email: str, number: int) -> None:
    """A registrant adds a second workshop from their personal page."""
    page = link(smtp_server.last_to(email), "/registration/p/")
    with app.app_context():
        workshop_id = next(entry.id for entry in load_programme(SLUG).workshops if entry.number == number)
    response = client.post(f"{page}/join", data={"csrf_token": csrf_token(client.get(page).get_data(as_text=True)),
                                                 "workshop": workshop_id, "role": "active",
                                                 "when_full": "waiting_list"})
    assert response.status_code == 303


def move(workshop: dict, start: str, end: str) -> None:
    """Give a workshop's first day another window (local times in its zone)."""
    workshop["days"][0].update(local_start=start, local_end=end)


def test_three_draft_edits_and_one_release_send_each_affected_registrant_one_message(
        mail_app, client, smtp_server, register, confirm, open_workshop, libical):
    for number in (1, 2, 4):
        open_workshop(number)
    register(1, email="zwei@example.de", language="de", zone="Europe/Berlin", remote_addr="10.9.0.1")
    confirm("zwei@example.de", remote_addr="10.9.0.1")
    join_too(client, smtp_server, mail_app, "zwei@example.de", 4)
    register(1, email="ayse@example.com.tr", language="tr", zone="Europe/Istanbul", remote_addr="10.9.0.2")
    confirm("ayse@example.com.tr", remote_addr="10.9.0.2")
    register(2, email="ruhig@example.de", language="de", zone="Europe/Berlin", remote_addr="10.9.0.3")
    confirm("ruhig@example.de", remote_addr="10.9.0.3")
    (day_1,), (day_4a, day_4b) = uids(mail_app, 1), uids(mail_app, 4)
    sent = {email: sequences(smtp_server, email) for email in ("zwei@example.de", "ayse@example.com.tr")}
    addresses = ("zwei@example.de", "ayse@example.com.tr", "ruhig@example.de")
    before = {email: len(smtp_server.to(email)) for email in addresses}

    draft_edit(mail_app, lambda workshops: move(workshops[1], "10:30", "12:30"))
    draft_edit(mail_app, lambda workshops: workshops[4]["days"].pop())
    draft_edit(mail_app, lambda workshops: move(workshops[1], "11:00", "13:00"))
    with mail_app.app_context():
        outbox.deliver(mail_app)
    assert {email: len(smtp_server.to(email)) for email in before} == before, "draft edits reach nobody"

    publish(mail_app)
    after = {email: len(smtp_server.to(email)) for email in addresses}
    assert after == {"zwei@example.de": before["zwei@example.de"] + 1, "ayse@example.com.tr":
                     before["ayse@example.com.tr"] + 1, "ruhig@example.de": before["ruhig@example.de"]}

    german = smtp_server.last_to("zwei@example.de")
    assert german["Content-Language"] == "de" and german["Subject"].startswith("Programmänderungen – ")
    text = text_body(german)
    assert text.startswith("Guten Tag Ayşe Yılmaz,") and "Fassung 2" in text and "Neue Zeiten für Workshop 1." in text
    assert "11:00–13:00 Berlin" in text and "Jugendaustausch" in text and "Entfernt:" in text
    assert "Kd-7319-secret" in text and "Zm-4482-secret" in text, "the access data of both workshops, privately"
    assert "Entfernt:" in html_body(german)
    # Each change is said as the public changelog says it, its times in the registrant's zones.
    assert "hat neue Zeiten" in text and "→" in text
    parts = itip_parts(german)
    assert [(method, str(event["UID"])) for method, _body, event in parts] == [
        ("REQUEST", day_1), ("REQUEST", day_4a), ("CANCEL", day_4b)]
    assert {str(event["UID"]): int(event["SEQUENCE"]) for _m, _b, event in parts} == {
        uid: sequence + 1 for uid, sequence in sent["zwei@example.de"].items()}, "SEQUENCE rises once per release"
    assert german.get_payload()[0].get_content_type() == "multipart/alternative"
    assert [part.get_filename() for part in german.iter_attachments()] == ["invite.ics", "invite-2.ics", "cancel-3.ics"]
    for method, body, event in parts:
        assert parse_everywhere(body)[0].uid == str(event["UID"])
        assert f"METHOD:{method}".encode() in body
        assert libical(body) == []

    turkish = smtp_server.last_to("ayse@example.com.tr")
    assert turkish["Content-Language"] == "tr" and turkish["Subject"].startswith("Program değişiklikleri – ")
    assert text_body(turkish).startswith("Sayın Ayşe Yılmaz,") and "12:00–14:00 İstanbul (TSİ)" in text_body(turkish)
    assert "2. sürüm" in text_body(turkish)
    assert [(method, str(event["UID"]), int(event["SEQUENCE"])) for method, _body, event in itip_parts(turkish)] == [
        ("REQUEST", day_1, sent["ayse@example.com.tr"][day_1] + 1)]
    with mail_app.app_context():
        assert db.session.execute(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.kind == "release")).scalar_one() == 2

    draft_edit(mail_app, lambda workshops: move(workshops[1], "09:30", "11:30"))
    publish(mail_app, "Zurück zur alten Zeit.")
    again = itip_parts(smtp_server.last_to("zwei@example.de"))
    assert [(method, str(event["UID"]), int(event["SEQUENCE"])) for method, _body, event in again] == [
        ("REQUEST", day_1, sent["zwei@example.de"][day_1] + 2)], "the next release raises it once more"
    assert len(smtp_server.to("ruhig@example.de")) == before["ruhig@example.de"]


def test_a_release_cancelling_a_workshop_cancels_every_day_of_those_with_a_place_in_one_message(
        mail_app, smtp_server, register, confirm, open_workshop):
    open_workshop(4, capacity=1)
    register(4, email="platz@example.de", language="de", zone="Europe/Berlin", remote_addr="10.9.1.1")
    confirm("platz@example.de", remote_addr="10.9.1.1")
    register(4, email="wartet@example.com.tr", language="tr", remote_addr="10.9.1.2")
    confirm("wartet@example.com.tr", remote_addr="10.9.1.2")
    before = {email: len(smtp_server.to(email)) for email in ("platz@example.de", "wartet@example.com.tr")}

    draft_edit(mail_app, lambda workshops: workshops[4].update(status="cancelled"))
    publish(mail_app, "Workshop 4 entfällt.")

    assert {email: len(smtp_server.to(email)) for email in before} == {
        email: count + 1 for email, count in before.items()}
    cancelled = smtp_server.last_to("platz@example.de")
    assert [method for method, _body, _event in itip_parts(cancelled)] == ["CANCEL", "CANCEL"]
    assert "Zm-4482-secret" not in cancelled.as_string()
    notice = smtp_server.last_to("wartet@example.com.tr")
    assert itip_parts(notice) == [] and notice["Content-Language"] == "tr"


def test_a_release_that_only_changes_access_data_tells_those_with_a_place(mail_app, smtp_server, register, confirm,
                                                                         open_workshop):
    open_workshop(4, capacity=1)
    register(4, email="aktiv@example.de", language="de", zone="Europe/Berlin", remote_addr="10.9.2.1")
    confirm("aktiv@example.de", remote_addr="10.9.2.1")
    register(4, email="hoert@example.de", language="de", role="listener", remote_addr="10.9.2.2")
    confirm("hoert@example.de", remote_addr="10.9.2.2")
    register(4, email="wartend@example.de", language="de", remote_addr="10.9.2.3")
    confirm("wartend@example.de", remote_addr="10.9.2.3")
    before = {email: len(smtp_server.to(email)) for email in ("aktiv@example.de", "hoert@example.de",
                                                              "wartend@example.de")}

    def new_passcode(document: dict) -> None:
        """The platform's passcode changes in the draft."""
        platform = next(entry for entry in document["platforms"] if entry["key"] == "zoom")
        platform["access"]["passcode"] = "Neu-5521-secret"

    with mail_app.app_context():
        document = copy.deepcopy(export_document(releases.working_draft(SLUG), include_access=True))
        new_passcode(document)
        import_document(document, draft=True)
    publish(mail_app, "Neuer Kenncode.")

    for email in ("aktiv@example.de", "hoert@example.de"):
        assert len(smtp_server.to(email)) == before[email] + 1
        message = smtp_server.last_to(email)
        assert "Neu-5521-secret" in text_body(message)
        assert [method for method, _body, _event in itip_parts(message)] == ["REQUEST", "REQUEST"]
    assert len(smtp_server.to("wartend@example.de")) == before["wartend@example.de"], "no place, no access data"


def test_a_release_costs_the_same_statements_for_one_registrant_as_for_three(mail_app, smtp_server, register, confirm,
                                                                           open_workshop, count_statements):
    open_workshop(1)
    register(1, email="eins@example.de", language="de", remote_addr="10.9.3.1")
    confirm("eins@example.de", remote_addr="10.9.3.1")

    def release_moving_workshop_1(start: str, end: str) -> int:
        """Statements of publishing a release that moves workshop 1's day."""
        draft_edit(mail_app, lambda workshops: move(workshops[1], start, end))
        with mail_app.app_context(), count_statements() as statements:
            releases.publish(SLUG, "o@example.org", {})
        return len(statements)

    alone = release_moving_workshop_1("10:30", "12:30")
    for index, email in enumerate(("zwei@example.com.tr", "drei@example.de"), start=2):
        register(1, email=email, language="tr" if email.endswith(".tr") else "de", remote_addr=f"10.9.3.{index}")
        confirm(email, remote_addr=f"10.9.3.{index}")
    assert release_moving_workshop_1("11:00", "13:00") == alone
    with mail_app.app_context():
        assert db.session.execute(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.kind == "release")).scalar_one() == 4
