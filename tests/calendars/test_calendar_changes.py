"""Every change reaches every calendar: a Hypothesis state machine drives organisers and registrants.

Organisers edit a small programme's working draft through the write API (add, move, retime,
rename, re-platform, change access data, cancel, un-cancel and remove days and workshops,
re-import the exported document with a day removed) and publish it as a release between
edits; registrants register, confirm, cancel and re-join through the registration pages.
After every step the outbox is delivered into a model calendar client
(tests/calendars/calendar_client.py) and every feed is polled. The invariants: an edit of
the draft mails nobody and changes no feed; each registrant's calendar holds exactly the
days they have a place on, as the public feed shows the latest release, and each feed
matches that release, with every day keeping one UID (and one frab id and guid in
schedule.json) for its whole life and none of them ever naming another day; a day's
SEQUENCE rises at most once per release, and a release sends each registrant at most one
email, which names each of their days at most once.
"""
from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from itertools import count
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import event, func, select, text

from confsched import create_app, timeengine
from confsched.extensions import db
from confsched.organiser import accounts
from confsched.programme import releases
from confsched.programme.importer import import_document
from confsched.programme.models import Workshop
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.synthetic import synthetic_document
from confsched.registration import operations, outbox, queries
from confsched.registration.models import OutboxMessage, Registrant, Registration
from tests.calendars.calendar_client import CalendarClient, Entry, calendar_parts, read_calendar
from tests.registration.conftest import csrf_token, link, registration_data

SLUG = "kalender"
ZONE = "Europe/Berlin"
LANGUAGES = ("de", "tr")
ORGANISER = "planung@example.org"
# Each person registers in their own language; emails and personal feeds follow it.
PEOPLE = {"ayse@example.com": "tr", "jonas@example.de": "de", "elif@example.com.tr": "de"}
PLATFORM_NAMES = {"kudo": "Kudo", "zoom": "Zoom"}
PASSCODE = re.compile(r"pass-[a-z]+-\d+")
FIRST_FREE_DATE = dt.date(2020, 7, 1)
# Tables that survive between examples: the organiser's account and token (hashing a password is slow).
KEPT_TABLES = {"organiser", "organiser_api_token"}

# Derandomized, so every run explores the same examples. With the row-id UIDs of old, the SQLite id reuse
# (remove the newest day, add another) fails within the first examples, in under half a minute. No shrinking:
# at a second or two per example it would take Hypothesis's whole five minutes, and the failure message names
# the UID and its history anyway. PostgreSQL never reuses ids and answers each statement over a socket, so it
# runs fewer examples of the same rules.
SETTINGS = settings(max_examples=15, stateful_step_count=25, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
POSTGRESQL_EXAMPLES = 8


def programme_document() -> dict:
    """Two workshops of two days on two online platforms, each with recognisable access data."""
    document = copy.deepcopy(synthetic_document(SLUG, workshops=2, days_per_workshop=2, items_per_day=2, people=2))
    document["platforms"] = [
        {"key": key, "name": name, "kind": "online",
         "access": {"join_url": f"https://{key}.example.org/join/0", "passcode": f"pass-{key}-0"}}
        for key, name in PLATFORM_NAMES.items()
    ]
    document["workshops"][1]["platform"] = "zoom"
    return document


@dataclass
class DayModel:
    """One workshop day as the organisers meant it; `key` names it for its whole life, whatever its position."""

    key: int
    date: dt.date
    start: dt.time
    end: dt.time
    label: str = ""

    def window(self) -> tuple[dt.datetime, dt.datetime]:
        """Its start and end as UTC instants."""
        return (timeengine.to_utc(dt.datetime.combine(self.date, self.start), ZONE),
                timeengine.to_utc(dt.datetime.combine(self.date, self.end), ZONE))


@dataclass
class WorkshopModel:
    """One workshop as the organisers meant it."""

    number: int
    title: dict
    platform: str
    status: str = "confirmed"
    days: list[DayModel] = field(default_factory=list)


@dataclass
class PersonModel:
    """A registrant as they know themselves: their address, language and personal link (once confirmed)."""

    email: str
    language: str
    token: str | None = None
    confirmation_links: list[str] = field(default_factory=list)


def empty_tables(app) -> None:
    """A fresh database for the next example: every row gone and ids restarting, except the organiser's account."""
    with app.app_context():
        tables = [table for table in db.metadata.sorted_tables if table.name not in KEPT_TABLES]
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                db.session.execute(table.delete())
        db.session.commit()


class CalendarsFollowTheProgramme(RuleBasedStateMachine):
    """Organisers and registrants act; afterwards every calendar must show the programme as last released.

    `workshops` and `platforms` are the working draft as the organisers meant it; `released_workshops` and
    `released_platforms` are the latest release, which is all the public, the feeds and the registrants see.
    """

    app = None
    outbox_dir: Path = None
    token: str = None

    def __init__(self):
        """A fresh database with the programme, its workshops open for registration, and nobody subscribed yet."""
        super().__init__()
        empty_tables(self.app)
        for stale in self.outbox_dir.glob("*.eml"):
            stale.unlink()
        document = programme_document()
        with self.app.app_context():
            import_document(copy.deepcopy(document))
        self.http = self.app.test_client()
        self.client = CalendarClient()
        self.dates = (FIRST_FREE_DATE + dt.timedelta(days=offset) for offset in count())
        self.keys = count(1)
        self.renames = count(1)
        self.workshops = {workshop["number"]: self._workshop_model(workshop) for workshop in document["workshops"]}
        self.platforms = {key: {"name": name, "passcode": f"pass-{key}-0"} for key, name in PLATFORM_NAMES.items()}
        self.people = {email: PersonModel(email, language) for email, language in PEOPLE.items()}
        self.uids: dict[int, str] = {}
        self.owners: dict[str, int] = {}
        self.frab_names: dict[int, tuple[int, str]] = {}
        self.frab_owners: dict[object, int] = {}
        self.release_number = 1
        self._release_the_model()
        # Per UID, the SEQUENCE the public feed showed at the last poll; and whether a release came since.
        self.sequences: dict[str, int] = {}
        self.released_since_poll = False
        for language in LANGUAGES:
            self.client.subscribe(f"conference-{language}", f"/{language}/{SLUG}/calendar.ics")
        for number in self.workshops:
            self._open_registration(number)
            self._subscribe_to_workshop(number)

    def _workshop_model(self, workshop: dict) -> WorkshopModel:
        """The model of a workshop from its document form."""
        days = [DayModel(next(self.keys), dt.date.fromisoformat(day["date"]), dt.time.fromisoformat(day["local_start"]),
                         dt.time.fromisoformat(day["local_end"])) for day in workshop["days"]]
        return WorkshopModel(workshop["number"], dict(workshop["title"]), workshop["platform"], workshop["status"], days)

    def _release_the_model(self) -> None:
        """What the organisers meant in the draft is now the release everyone sees."""
        self.released_workshops = copy.deepcopy(self.workshops)
        self.released_platforms = copy.deepcopy(self.platforms)

    def _subscribe_to_workshop(self, number: int) -> None:
        """Someone subscribes to a workshop's own feed (in German); it stays subscribed if the workshop goes."""
        self.client.subscribe(f"workshop-{number}", f"/de/{SLUG}/workshops/{number}/calendar.ics")

    def teardown(self):
        """Let the next example start from an empty session."""
        with self.app.app_context():
            db.session.remove()

    # The organisers' side, through the write API

    def api(self, method: str, path: str, json=None, expect: int = 200):
        """One write API call as the organiser; anything but the expected status fails the step, and so does a
        message queued for anyone: the call changes the draft, which nobody outside the editor has seen."""
        queued = self._queued()
        response = self.http.open(f"/api/v1{path}", method=method, json=json,
                                  headers={"Authorization": f"Bearer {self.token}"})
        assert response.status_code == expect, (method, path, json, response.status_code, response.get_data(as_text=True))
        assert self._queued() == queued, f"{method} {path} changed the draft and queued mail"
        return response

    def _queued(self) -> int:
        """How many messages the outbox has ever held."""
        with self.app.app_context():
            return db.session.execute(select(func.count()).select_from(OutboxMessage)).scalar_one()

    def _open_registration(self, number: int) -> None:
        """Let registrants sign up without an invitation, as the organiser's registration view does."""
        with self.app.app_context():
            operations.set_open_registration(queries.find_workshop(SLUG, number), True)
            db.session.commit()

    def _fresh_day(self) -> DayModel:
        """A day on a date no other day uses, so feed events can be told apart by date."""
        return DayModel(next(self.keys), next(self.dates), dt.time(10), dt.time(12))

    @staticmethod
    def _day_json(day: DayModel) -> dict:
        """A day's window as the API takes it."""
        return {"date": day.date.isoformat(), "zone": ZONE, "local_start": f"{day.start:%H:%M}",
                "local_end": f"{day.end:%H:%M}"}

    def _pick_workshop(self, data, label: str = "workshop") -> WorkshopModel:
        """One of the current workshops."""
        return self.workshops[data.draw(st.sampled_from(sorted(self.workshops)), label=label)]

    def _pick_day(self, data, workshop: WorkshopModel) -> tuple[int, DayModel]:
        """One of a workshop's days with its 1-based number."""
        number = data.draw(st.integers(1, len(workshop.days)), label="day")
        return number, workshop.days[number - 1]

    @precondition(lambda self: len(self.workshops) < 3)
    @rule(data=st.data(), platform=st.sampled_from(sorted(PLATFORM_NAMES)))
    def add_workshop(self, data, platform):
        """A new workshop with one day (its registration opens when it is released); its number may be one a
        removed workshop had."""
        number = data.draw(st.sampled_from([number for number in (1, 2, 3) if number not in self.workshops]),
                           label="number")
        rename = next(self.renames)
        workshop = WorkshopModel(number, {"de": f"Neue Werkstatt {rename}", "tr": f"Yeni atölye {rename}"}, platform,
                                 days=[self._fresh_day()])
        self.api("POST", f"/conferences/{SLUG}/workshops", {
            "number": number, "title": workshop.title, "platform": platform, "status": "confirmed", "capacity": 30,
            "day": self._day_json(workshop.days[0])}, expect=201)
        self.workshops[number] = workshop
        self._subscribe_to_workshop(number)
        self._perhaps_publish(data)

    @precondition(lambda self: self.workshops)
    @rule(data=st.data())
    def add_day(self, data):
        """Another day at the end of a workshop."""
        workshop = self._pick_workshop(data)
        if len(workshop.days) >= 3:
            return
        day = self._fresh_day()
        self.api("POST", f"/conferences/{SLUG}/workshops/{workshop.number}/days", self._day_json(day), expect=201)
        workshop.days.append(day)
        self._perhaps_publish(data)

    @precondition(lambda self: self.workshops)
    @rule(data=st.data())
    def move_day(self, data):
        """A day moves to another date, keeping its hours."""
        workshop = self._pick_workshop(data)
        number, day = self._pick_day(data, workshop)
        day.date = next(self.dates)
        self.api("PATCH", f"/conferences/{SLUG}/workshops/{workshop.number}/days/{number}", {"date": day.date.isoformat()})
        self._perhaps_publish(data)

    @precondition(lambda self: self.workshops)
    @rule(data=st.data(), start_hour=st.sampled_from([8, 13, 15]))
    def retime_day(self, data, start_hour):
        """A day keeps its date and gets other hours."""
        workshop = self._pick_workshop(data)
        number, day = self._pick_day(data, workshop)
        day.start, day.end = dt.time(start_hour), dt.time(start_hour + 1, 30)
        self.api("PATCH", f"/conferences/{SLUG}/workshops/{workshop.number}/days/{number}",
                 {"local_start": f"{day.start:%H:%M}", "local_end": f"{day.end:%H:%M}"})
        self._perhaps_publish(data)

    @precondition(lambda self: self.workshops)
    @rule(data=st.data())
    def rename_workshop(self, data):
        """A workshop gets a new title in both languages."""
        workshop = self._pick_workshop(data)
        rename = next(self.renames)
        workshop.title = {"de": f"Werkstatt {workshop.number}, Fassung {rename}",
                          "tr": f"{workshop.number}. atölye, sürüm {rename}"}
        self.api("PATCH", f"/conferences/{SLUG}/workshops/{workshop.number}", {"title": workshop.title})
        self._perhaps_publish(data)

    @precondition(lambda self: self.workshops)
    @rule(data=st.data())
    def rename_day(self, data):
        """A day gets a label, which calendars show after the title when a workshop has several days."""
        workshop = self._pick_workshop(data)
        number, day = self._pick_day(data, workshop)
        rename = next(self.renames)
        day.label = f"Teil {rename}"
        self.api("PATCH", f"/conferences/{SLUG}/workshops/{workshop.number}/days/{number}",
                 {"label": {"de": day.label, "tr": day.label}})
        self._perhaps_publish(data)

    @precondition(lambda self: self.workshops)
    @rule(data=st.data(), platform=st.sampled_from(sorted(PLATFORM_NAMES)))
    def replatform_workshop(self, data, platform):
        """A workshop moves to the other platform (or stays, which must change nothing)."""
        workshop = self._pick_workshop(data)
        workshop.platform = platform
        self.api("PATCH", f"/conferences/{SLUG}/workshops/{workshop.number}", {"platform": platform})
        self._perhaps_publish(data)

    @rule(data=st.data(), platform=st.sampled_from(sorted(PLATFORM_NAMES)))
    def rename_platform(self, data, platform):
        """A platform gets a new name, which is every event's LOCATION on it."""
        name = f"{PLATFORM_NAMES[platform]} {next(self.renames)}"
        self.platforms[platform]["name"] = name
        self.api("PATCH", f"/conferences/{SLUG}/platforms/{platform}", {"name": name})
        self._perhaps_publish(data)

    @rule(data=st.data(), platform=st.sampled_from(sorted(PLATFORM_NAMES)))
    def change_access_data(self, data, platform):
        """A platform gets a new passcode and join link."""
        version = next(self.renames)
        passcode = f"pass-{platform}-{version}"
        self.platforms[platform]["passcode"] = passcode
        self.api("PATCH", f"/conferences/{SLUG}/platforms/{platform}",
                 {"passcode": passcode, "join_url": f"https://{platform}.example.org/join/{version}"})
        self._perhaps_publish(data)

    @precondition(lambda self: self.workshops)
    @rule(data=st.data(), status=st.sampled_from(["cancelled", "confirmed"]))
    def set_workshop_status(self, data, status):
        """A workshop is cancelled, or takes place again."""
        workshop = self._pick_workshop(data)
        workshop.status = status
        self.api("PATCH", f"/conferences/{SLUG}/workshops/{workshop.number}", {"status": status})
        self._perhaps_publish(data)

    @precondition(lambda self: any(len(workshop.days) > 1 for workshop in self.workshops.values()))
    @rule(data=st.data())
    def remove_day(self, data):
        """A day is deleted; the later days move up."""
        numbers = sorted(number for number, workshop in self.workshops.items() if len(workshop.days) > 1)
        workshop = self.workshops[data.draw(st.sampled_from(numbers), label="workshop")]
        number, _day = self._pick_day(data, workshop)
        self.api("DELETE", f"/conferences/{SLUG}/workshops/{workshop.number}/days/{number}")
        del workshop.days[number - 1]
        self._perhaps_publish(data)

    @precondition(lambda self: self.workshops)
    @rule(data=st.data())
    def remove_workshop(self, data):
        """A workshop is deleted with all its days."""
        workshop = self._pick_workshop(data)
        self.api("DELETE", f"/conferences/{SLUG}/workshops/{workshop.number}")
        del self.workshops[workshop.number]
        self._perhaps_publish(data)

    @precondition(lambda self: any(len(workshop.days) > 1 for workshop in self.workshops.values()))
    @rule(data=st.data())
    def reimport_without_a_day(self, data):
        """The exported document comes back from an editor with one day taken out."""
        numbers = sorted(number for number, workshop in self.workshops.items() if len(workshop.days) > 1)
        workshop = self.workshops[data.draw(st.sampled_from(numbers), label="workshop")]
        number, _day = self._pick_day(data, workshop)
        document = self.api("GET", f"/conferences/{SLUG}/document").get_json()
        exported = next(entry for entry in document["workshops"] if entry["number"] == workshop.number)
        del exported["days"][number - 1]
        self.api("POST", "/imports", document)
        del workshop.days[number - 1]
        self._perhaps_publish(data)

    def _perhaps_publish(self, data) -> None:
        """After an edit, the organisers publish now and then (else they keep editing the draft)."""
        if data.draw(st.integers(0, 2), label="publish after this edit") == 0:
            self.publish(comment=data.draw(st.booleans(), label="with a comment"))

    @rule(comment=st.booleans())
    def publish(self, comment):
        """The organisers publish the draft as the next release (with a comment in both languages, or none); it is
        refused only when nothing changed since the last one."""
        changed = (self.workshops, self.platforms) != (self.released_workshops, self.released_platforms)
        self.deliver_mail()
        words = {"de": f"Fassung {self.release_number + 1}", "tr": f"{self.release_number + 1}. sürüm"}
        with self.app.app_context():
            try:
                number = releases.publish(SLUG, ORGANISER, words if comment else None,
                                          expected=self.release_number + 1).number
            except ProgrammeRejected as refusal:
                assert not changed, f"the draft changed and publishing was refused: {refusal}"
                assert [problem.code for problem in refusal.problems] == ["nothing_to_release"], refusal
                return
        assert number == self.release_number + 1, (number, self.release_number)
        self.release_number = number
        opened = set(self.released_workshops)
        self._release_the_model()
        self.released_since_poll = True
        delivered = self.deliver_mail()
        recipients = [recipient for recipient, _uids in delivered]
        assert len(recipients) == len(set(recipients)), f"release {number} mailed some more than once: {recipients}"
        for recipient, uids in delivered:
            assert len(uids) == len(set(uids)), f"release {number} told {recipient} of a day twice: {uids}"
        for workshop_number in sorted(set(self.released_workshops) - opened):
            self._open_registration(workshop_number)

    # The registrants' side, through the registration pages

    def _page(self, path: str) -> str:
        """A page with a form, which must be there."""
        response = self.http.get(path)
        assert response.status_code == 200, (path, response.status_code, response.get_data(as_text=True)[:500])
        return response.get_data(as_text=True)

    def _cancellable_registration(self, person: PersonModel, number: int) -> int | None:
        """The id of a person's registration for a workshop that they can still cancel, as their page links it."""
        with self.app.app_context():
            row = db.session.execute(
                select(Registration.id, Registration.status).join(Registrant)
                .join(Workshop, Registration.workshop_id == Workshop.id)
                .where(Registrant.email == person.email, Workshop.number == number)
            ).one_or_none()
        return row.id if row is not None and not row.status.value.startswith("cancelled") else None

    def _register(self, person: PersonModel, workshop: WorkshopModel, role: str) -> None:
        """Fill in a workshop's registration form; a workshop cancelled in the latest release refuses it."""
        path = f"/{person.language}/{SLUG}/workshops/{workshop.number}/register"
        page = self.http.get(path)
        if workshop.status == "cancelled":
            assert page.status_code == 403, page.status_code
            return
        assert page.status_code == 200, page.get_data(as_text=True)[:500]
        form = registration_data(page.get_data(as_text=True), name=f"Person {person.email}", email=person.email,
                                 role=role, language=person.language)
        response = self.http.post(path, data=form)
        assert response.status_code == 303, response.get_data(as_text=True)[:500]

    def _confirm(self, person: PersonModel, path: str) -> None:
        """Follow a confirmation link and press the button; the personal page's link is the person's from then on."""
        page = self.http.get(path)
        if page.status_code == 404:
            return  # replaced by a newer link, or the registration has gone
        assert page.status_code == 200, page.status_code
        response = self.http.post(path, data={"csrf_token": csrf_token(page.get_data(as_text=True))})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        person.token = urlsplit(response.headers["Location"]).path.rstrip("/").split("/")[-1]
        self.client.subscribe(f"personal-{person.email}", f"/{person.language}/registration/p/{person.token}/calendar.ics")

    @initialize(data=st.data())
    def people_take_places(self, data):
        """Start with registrants: each person registers for one workshop, or none, and confirms."""
        for person in self.people.values():
            number = data.draw(st.sampled_from([0, *sorted(self.released_workshops)]),
                               label=f"{person.email} registers for")
            if number:
                self._register(person, self.released_workshops[number],
                               data.draw(st.sampled_from(["active", "listener"])))
        self.deliver_mail()
        for person in self.people.values():
            while person.confirmation_links:
                self._confirm(person, person.confirmation_links.pop())

    @precondition(lambda self: self.workshops or self.released_workshops)
    @rule(data=st.data(), email=st.sampled_from(sorted(PEOPLE)), role=st.sampled_from(["active", "listener"]))
    def register(self, data, email, role):
        """A person fills in a workshop's registration form; a workshop only the draft has has none yet."""
        number = data.draw(st.sampled_from(sorted(set(self.workshops) | set(self.released_workshops))),
                           label="workshop")
        if number not in self.released_workshops:
            page = self.http.get(f"/{self.people[email].language}/{SLUG}/workshops/{number}/register")
            assert page.status_code in (404, 410), f"workshop {number} is not released; its form answers {page.status_code}"
            return
        self._register(self.people[email], self.released_workshops[number], role)

    @precondition(lambda self: any(person.confirmation_links for person in self.people.values()))
    @rule(data=st.data())
    def confirm(self, data):
        """A person follows one of their confirmation links and presses the button."""
        person = self.people[data.draw(st.sampled_from(
            sorted(email for email, person in self.people.items() if person.confirmation_links)), label="person")]
        self._confirm(person, person.confirmation_links.pop(
            data.draw(st.integers(0, len(person.confirmation_links) - 1), label="link")))

    @precondition(lambda self: any(person.token for person in self.people.values()))
    @rule(data=st.data())
    def cancel(self, data):
        """A confirmed person cancels one of their registrations on their personal page."""
        person = self.people[data.draw(st.sampled_from(
            sorted(email for email, person in self.people.items() if person.token)), label="person")]
        number = data.draw(st.sampled_from(sorted(self.released_workshops) or [0]), label="workshop")
        registration_id = self._cancellable_registration(person, number)
        if registration_id is None:
            return
        path = f"/{person.language}/registration/p/{person.token}/cancel/{registration_id}"
        response = self.http.post(path, data={"csrf_token": csrf_token(self._page(path))})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]

    @precondition(lambda self: any(person.token for person in self.people.values()))
    @rule(data=st.data(), role=st.sampled_from(["active", "listener"]))
    def join(self, data, role):
        """A confirmed person (re-)joins a workshop from their personal page: placed at once."""
        person = self.people[data.draw(st.sampled_from(
            sorted(email for email, person in self.people.items() if person.token)), label="person")]
        page = self._page(f"/{person.language}/registration/p/{person.token}")
        offered = [int(value) for value in re.findall(r'<option[^>]*value="(\d+)"', page)]
        if not offered:
            return
        workshop_id = data.draw(st.sampled_from(offered), label="workshop id")
        response = self.http.post(f"/{person.language}/registration/p/{person.token}/join", data={
            "csrf_token": csrf_token(page), "workshop": workshop_id, "role": role, "when_full": "waiting_list"})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]

    # After every step: deliver the mail, poll the feeds, compare

    def deliver_mail(self) -> list[tuple[str, list[str]]]:
        """Send the outbox (to .eml files) and hand every message to its recipient's calendar, in order; returns
        each message's recipient and the UIDs of its events."""
        with self.app.app_context():
            while outbox.deliver(self.app)[0]:
                pass
        delivered = []
        for path in sorted(self.outbox_dir.glob("*.eml")):
            raw = path.read_bytes()
            path.unlink()
            recipient = self.client.deliver(raw)
            delivered.append((recipient, [entry.uid for _method, body in calendar_parts(raw)[1]
                                          for entry in read_calendar(body).entries]))
            if path.stem.endswith("-confirm") and recipient in self.people:
                message = message_from_bytes(raw, policy=policy.default)
                self.people[recipient].confirmation_links.append(link(message, "/registration/confirm/"))
        return delivered

    def places(self) -> dict[str, dict[int, str]]:
        """Per address, the workshops (by number) the app says that person holds a place in, and how (active, listener)."""
        with self.app.app_context():
            rows = db.session.execute(
                select(Registrant.email, Workshop.number, Registration)
                .join(Registration, Registration.registrant_id == Registrant.id)
                .join(Workshop, Registration.workshop_id == Workshop.id)
            ).all()
            held = {email: {} for email in self.people}
            for email, number, registration in rows:
                if registration.holds_place:
                    held[email][number] = registration.status.value
            return held

    @invariant()
    def calendars_follow_the_programme(self):
        """Deliver, poll, then hold every calendar against the latest release and the public feed."""
        self.deliver_mail()
        self.client.poll(self.http)
        public = {language: self.feed_matches_the_programme(language) for language in LANGUAGES}
        self.sequence_rises_only_at_a_release(public["de"])
        for number in (1, 2, 3):
            self.workshop_feed_matches(number, public["de"])
        self.frab_keeps_its_ids()
        held = self.places()
        released = self.released_workshops
        for person in self.people.values():
            expected = {self.uids[day.key] for number in held[person.email]
                        if released.get(number) and released[number].status != "cancelled"
                        for day in released[number].days}
            self.mailbox_matches(person, expected, held[person.email], public[person.language])
            if person.token:
                self.personal_feed_matches(person, expected, public[person.language])

    def feed_matches_the_programme(self, language: str) -> dict[str, Entry]:
        """The public feed shows each day once, as the organisers set it, under the UID it has had all its life."""
        subscription = self.client.subscriptions[f"conference-{language}"]
        assert subscription.status in (200, 304), f"{subscription.url}: {subscription.status}"
        entries = subscription.entries
        by_window = {}
        for entry in entries.values():
            number = int(re.search(r"/workshops/(\d+)/", entry.url).group(1))
            by_window[(number, entry.start, entry.end)] = entry
            assert not PASSCODE.search(entry.description), f"access data in the public feed: {entry.uid}"
        expected = {(workshop.number, *day.window()): (workshop, day)
                    for workshop in self.released_workshops.values() for day in workshop.days}
        assert set(by_window) == set(expected), (
            f"{language} feed: missing {sorted(set(expected) - set(by_window))}, "
            f"unexpected {sorted(set(by_window) - set(expected))}")
        for window, (workshop, day) in expected.items():
            entry = by_window[window]
            self.keeps_its_uid(day, entry.uid)
            assert workshop.title[language] in entry.summary, (entry.summary, workshop.title)
            if day.label and len(workshop.days) > 1:
                assert day.label in entry.summary, (entry.summary, day.label)
            assert entry.location == self.released_platforms[workshop.platform]["name"], (entry.uid, entry.location)
            assert (entry.status == "CANCELLED") == (workshop.status == "cancelled"), (entry.uid, entry.status)
        return entries

    def sequence_rises_only_at_a_release(self, public: dict[str, Entry]) -> None:
        """Between releases no day's SEQUENCE moves; a release raises it by one at most, whatever the edits."""
        for uid, entry in public.items():
            before = self.sequences.get(uid)
            if before is not None:
                allowed = {before, before + 1} if self.released_since_poll else {before}
                assert entry.sequence in allowed, (
                    f"{uid}: SEQUENCE {before} became {entry.sequence} "
                    f"{'at release ' + str(self.release_number) if self.released_since_poll else 'without a release'}")
            self.sequences[uid] = entry.sequence
        self.released_since_poll = False

    def workshop_feed_matches(self, number: int, public: dict[str, Entry]) -> None:
        """A workshop's feed shows that workshop's days as the conference feed does; once it is removed, it is gone."""
        subscription = self.client.subscriptions.get(f"workshop-{number}")
        if subscription is None:
            return
        workshop = self.released_workshops.get(number)
        if workshop is None:
            assert subscription.status in (404, 410), f"workshop {number} was removed; its feed answers {subscription.status}"
            return
        assert subscription.status in (200, 304), f"workshop {number}: its feed answers {subscription.status}"
        expected = {self.uids[day.key] for day in workshop.days}
        assert set(subscription.entries) == expected, f"workshop {number} feed: {sorted(subscription.entries)}"
        for uid, entry in subscription.entries.items():
            reference = public[uid]
            assert (entry.start, entry.end, entry.summary, entry.location, entry.status) == (
                reference.start, reference.end, reference.summary, reference.location, reference.status), uid

    def frab_keeps_its_ids(self) -> None:
        """Conference apps see each day once in schedule.json, under the frab id and guid it has had all its life."""
        response = self.http.get(f"/de/{SLUG}/schedule.json")
        assert response.status_code == 200, response.status_code
        events = [event for day in response.get_json()["schedule"]["conference"]["days"]
                  for room in day["rooms"].values() for event in room]
        days = {(workshop.number, day.window()[0]): day
                for workshop in self.released_workshops.values() for day in workshop.days}
        found = {(int(re.search(r"/workshops/(\d+)/", event["url"]).group(1)),
                  dt.datetime.fromisoformat(event["date"]).astimezone(dt.timezone.utc)): event for event in events}
        assert len(found) == len(events) and set(found) == set(days), f"schedule.json: {sorted(found)}"
        for start, event in found.items():
            day = days[start]
            names = self.frab_names.setdefault(day.key, (event["id"], event["guid"]))
            assert names == (event["id"], event["guid"]), f"day {day.key} was frab {names}, now {event['id']}, {event['guid']}"
            for name in names:
                owner = self.frab_owners.setdefault(name, day.key)
                assert owner == day.key, f"frab {name} named day {owner} and now names day {day.key} ({day.date})"

    def keeps_its_uid(self, day: DayModel, uid: str) -> None:
        """A day keeps the UID it was first seen with, and no UID ever names a second day."""
        known = self.uids.setdefault(day.key, uid)
        assert known == uid, f"day {day.key} ({day.date}) was {known}, the feed now calls it {uid}"
        owner = self.owners.setdefault(uid, day.key)
        assert owner == day.key, f"{uid} named day {owner} and now names day {day.key} ({day.date})"

    def mailbox_matches(self, person: PersonModel, expected: set[str], held: dict[int, str], public: dict[str, Entry]):
        """The invites in a person's mailbox are exactly their days, as the public feed shows them.

        Active participants' invites carry the current access data (RFC 5546 leaves no other way to update it);
        listeners hear of new access data only when their day changes for another reason, so theirs is not checked.
        """
        calendar = self.client.mailboxes[person.email]
        for uid in set(calendar.entries) - expected:
            raise AssertionError(f"{person.email} still has {uid} (places in {sorted(held)})\n{calendar.history(uid)}")
        for uid in expected - set(calendar.entries):
            raise AssertionError(f"{person.email} lacks {uid} (places in {sorted(held)})\n{calendar.history(uid)}")
        for uid in expected:
            entry, reference = calendar.entries[uid], public[uid]
            why = f"{person.email}: {uid} in the mailbox and in the feed\n{calendar.history(uid)}"
            assert (entry.start, entry.end) == (reference.start, reference.end), why
            assert entry.summary == reference.summary, why
            assert entry.location == reference.location, why
            if held[self.workshop_of(uid).number] == "active":
                self.access_data_is_current(person.email, uid, entry.description)

    def personal_feed_matches(self, person: PersonModel, expected: set[str], public: dict[str, Entry]):
        """A person's private feed lists their days as the public feed does, cancelled ones at most marked so."""
        subscription = self.client.subscriptions[f"personal-{person.email}"]
        assert subscription.status in (200, 304), f"{subscription.url}: {subscription.status}"
        entries = subscription.entries
        current = {uid for uid, entry in entries.items() if entry.status != "CANCELLED"}
        assert current == expected, f"{person.email} personal feed: {sorted(current)}, expected {sorted(expected)}"
        for uid, entry in entries.items():
            reference = public.get(uid)
            assert reference is not None, f"{person.email} personal feed: {uid} is not in the programme"
            assert (entry.start, entry.end, entry.summary, entry.location, entry.status) == (
                reference.start, reference.end, reference.summary, reference.location, reference.status), uid
            passcode = self.released_platforms[self.workshop_of(uid).platform]["passcode"]
            assert set(PASSCODE.findall(entry.description)) <= {passcode}, f"{person.email} personal feed: old access data"

    def workshop_of(self, uid: str) -> WorkshopModel:
        """The workshop the day a UID names belongs to in the latest release."""
        day_key = self.owners[uid]
        return next(workshop for workshop in self.released_workshops.values()
                    if any(day.key == day_key for day in workshop.days))

    def access_data_is_current(self, email: str, uid: str, description: str) -> None:
        """The invite carries the access data of the workshop's platform as released, and no older passcode."""
        passcode = self.released_platforms[self.workshop_of(uid).platform]["passcode"]
        assert passcode in description, f"{email}: {uid} lacks the passcode {passcode}\n{description}"
        stale = set(PASSCODE.findall(description)) - {passcode}
        assert not stale, f"{email}: {uid} carries old access data {sorted(stale)}; the passcode is now {passcode}"


def skip_syncing(dbapi_connection, connection_record) -> None:
    """Commit without waiting for the disk: this test runs hundreds of commits and never survives a power cut."""
    sqlite = type(dbapi_connection).__module__.startswith("sqlite3")
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF" if sqlite else "SET synchronous_commit TO off")
    cursor.close()
    if not sqlite:
        dbapi_connection.commit()  # psycopg opened a transaction for the SET; a rollback would undo it


@pytest.fixture
def calendar_app(database_uri, tmp_path):
    """The app on the test database, mail written to files and sent only when the test says, no rate limits.

    Limits are off because this test polls far faster than the limits allow any one client.
    """
    outbox_dir = tmp_path / "outbox"
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_uri,
        "CONFSCHED_HOST": "test.confsched.invalid", "CONFSCHED_BASE_URL": "http://localhost",
        "CONFSCHED_MAIL_SEND_IN_REQUEST": False, "CONFSCHED_OUTBOX_DIR": str(outbox_dir), "RATELIMIT_ENABLED": False,
    })
    with app.app_context():
        event.listen(db.engine, "connect", skip_syncing)
        db.engine.dispose()
        organiser = accounts.create_organiser(ORGANISER, "correct horse battery staple", is_admin=True)
        token = accounts.issue_token(organiser, "calendar model")
    outbox_dir.mkdir()
    yield app, outbox_dir, token
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_every_change_reaches_every_calendar(calendar_app):
    app, outbox_dir, token = calendar_app
    machine = type("Machine", (CalendarsFollowTheProgramme,), {"app": app, "outbox_dir": outbox_dir, "token": token})
    on_postgresql = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    run_state_machine_as_test(
        machine, settings=settings(SETTINGS, max_examples=POSTGRESQL_EXAMPLES) if on_postgresql else SETTINGS)
