"""Releases are safe: organisers publishing at once make consecutive releases or a clear refusal and never lose a
change; a publish that fails part-way changes nothing; every release is kept and the draft goes back to any of them;
SEQUENCE moves at most once per release and UID; frab ids never go down."""
from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import delete, func, select

from confsched.extensions import db
from confsched.organiser import fields
from confsched.programme import deletions, editing, importer, releases
from confsched.programme.document import export_document
from confsched.programme.models import Conference, DeletedPart
from confsched.programme.problems import ProgrammeRejected
from confsched.registration.models import OutboxMessage, Registrant, Registration, RegistrationStatus, Role
from tests.conftest import DEMO_SLUG


def draft_edit(app, number: int, **values) -> None:
    """Change a workshop of the draft as the editor does (title, capacity, ...)."""
    with app.app_context():
        draft = releases.working_draft(DEMO_SLUG)
        workshop = next(workshop for workshop in draft.workshops if workshop.number == number)
        editing.update_workshop(draft, workshop, fields.WORKSHOP.clean(values, partial=True))


def move_draft_day(app, number: int, local_start: str, local_end: str) -> None:
    """Move the first day of a workshop of the draft to another window on its date."""
    with app.app_context():
        draft = releases.working_draft(DEMO_SLUG)
        day = next(workshop for workshop in draft.workshops if workshop.number == number).days[0]
        editing.update_day(draft, day, fields.DAY.clean({"local_start": local_start, "local_end": local_end},
                                                        partial=True))


def published_document(app) -> dict:
    """The published programme as a private document."""
    with app.app_context():
        return export_document(releases.published_programme(DEMO_SLUG), include_access=True)


def draft_document(app) -> dict:
    """The working draft as a private document."""
    with app.app_context():
        return export_document(releases.working_draft(DEMO_SLUG), include_access=True)


def release_numbers(app) -> list[int]:
    """Every release's number, oldest first."""
    with app.app_context():
        return sorted(release.number for release in releases.releases(releases.published_programme(DEMO_SLUG)))


def publish(app, expected: int | None = None, by: str = "organiser@example.org") -> int | str:
    """Publish in an app context of its own (its own session): the new number, or the refusal's code."""
    with app.app_context():
        try:
            return releases.publish(DEMO_SLUG, by, {"de": "Neu.", "tr": "Yeni."}, expected).number
        except ProgrammeRejected as rejection:
            return rejection.problems[0].code
        finally:
            db.session.remove()


def publish_at_once(app, expected: int | None = None) -> list[int | str]:
    """Two organisers press "publish" at the same moment."""
    together = threading.Barrier(2)

    def organiser(index: int):
        together.wait(timeout=30)
        return publish(app, expected, by=f"organiser{index}@example.org")

    with ThreadPoolExecutor(max_workers=2) as pool:
        return sorted(pool.map(organiser, range(2)), key=str)


def title(document: dict, number: int) -> str:
    """A workshop's German title in a document."""
    return next(workshop for workshop in document["workshops"] if workshop["number"] == number)["title"]["de"]


def test_two_organisers_publishing_at_once_make_one_release_and_one_refusal(app, demo):
    for round_number, expected in ((1, None), (2, 3), (3, None)):
        draft_edit(app, 1, title={"de": f"Digitale Stadt {round_number}", "tr": "Dijital Şehir"})
        draft_edit(app, 2, capacity=20 + round_number)
        outcomes = publish_at_once(app, expected)
        refusal = "release_outdated" if expected else "nothing_to_release"
        assert outcomes == [round_number + 1, refusal], outcomes
        published = published_document(app)
        assert title(published, 1) == f"Digitale Stadt {round_number}"
        assert published["workshops"][1]["capacity"] == 20 + round_number
    assert release_numbers(app) == [1, 2, 3, 4]


def test_publishing_while_another_organiser_edits_loses_no_change(app, demo):
    """Edits keep coming while two organisers publish over and over: every edit is in a release or still in the
    draft, releases are numbered without gaps, and the last publish leaves the public programme equal to the draft."""
    edits = 6
    done = threading.Event()

    def edit():
        for index in range(edits):
            draft_edit(app, 2, capacity=40 + index)
            draft_edit(app, 3, title={"de": f"Schutzfunktion {index}", "tr": "Koruyucu işlev"})
        done.set()

    def keep_publishing(index: int) -> list:
        outcomes = []
        while not done.is_set():
            outcomes.append(publish(app, by=f"organiser{index}@example.org"))
        return outcomes

    with ThreadPoolExecutor(max_workers=3) as pool:
        editor = pool.submit(edit)
        publishers = [pool.submit(keep_publishing, index) for index in range(2)]
        editor.result()
        outcomes = [outcome for publisher in publishers for outcome in publisher.result()]
    assert set(outcomes) <= {"nothing_to_release"} | set(range(2, 100))
    publish(app)
    numbers = release_numbers(app)
    assert numbers == list(range(1, len(numbers) + 1))
    published = published_document(app)
    assert published == draft_document(app)
    assert published["workshops"][1]["capacity"] == 40 + edits - 1
    assert title(published, 3) == f"Schutzfunktion {edits - 1}"


@pytest.fixture
def registered(app, demo):
    """Two people hold a place on workshop 1, so a release moving its day queues messages."""
    with app.app_context():
        published = releases.published_programme(DEMO_SLUG)
        workshop = published.workshops[0]
        for index in range(2):
            registrant = Registrant(conference_id=published.id, email=f"p{index}@example.org", name=f"P {index}",
                                    language="de", zone="Europe/Berlin", consent_given_at=workshop.days[0].starts_at)
            db.session.add(Registration(registrant=registrant, workshop_id=workshop.id, role=Role.active,
                                        status=RegistrationStatus.active))
        db.session.commit()


def outbox_size(app) -> int:
    """How many messages wait in the outbox."""
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(OutboxMessage)).scalar_one()


def test_a_publish_failing_part_way_changes_nothing(app, registered, monkeypatch):
    move_draft_day(app, 1, "10:00", "12:00")
    before, messages = published_document(app), outbox_size(app)

    def broken(*_args, **_kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(importer, "record_release", broken)  # after the programme was applied
    with app.app_context(), pytest.raises(RuntimeError):
        releases.publish(DEMO_SLUG, "organiser@example.org")
    assert published_document(app) == before
    assert release_numbers(app) == [1]
    assert outbox_size(app) == messages
    with app.app_context():
        assert releases.published_programme(DEMO_SLUG).release_number == 1
    monkeypatch.undo()
    assert publish(app) == 2
    assert outbox_size(app) > messages  # the same release, done whole, does tell the registrants


def test_a_draft_refused_by_validation_publishes_nothing(app, registered):
    move_draft_day(app, 1, "10:00", "12:00")
    before, messages = published_document(app), outbox_size(app)
    with app.app_context():
        draft = releases.working_draft(DEMO_SLUG)
        day = draft.workshops[0].days[0]
        day.ends_at = day.starts_at + dt.timedelta(minutes=30)  # the agenda overruns: no edit lets that through
        db.session.commit()
    assert publish(app) == "day_overrun"
    assert published_document(app) == before
    assert release_numbers(app) == [1] and outbox_size(app) == messages


def test_every_release_is_kept_and_the_draft_goes_back_to_any_of_them(app, demo):
    documents = {1: published_document(app)}
    for number in (2, 3):
        draft_edit(app, 1, title={"de": f"Titel {number}", "tr": f"Başlık {number}"})
        assert publish(app) == number
        documents[number] = published_document(app)
    for number in (1, 3, 2):
        with app.app_context():
            published = releases.published_programme(DEMO_SLUG)
            kept = releases.find_release(published, number).document
            releases.revert(published, number)
        assert kept == documents[number]
        draft = draft_document(app)
        assert {**draft, "last_frab_id": kept.get("last_frab_id")} == kept
        assert published_document(app) == documents[3]  # nothing public changes until the draft is published
    assert publish(app) == 4
    assert title(published_document(app), 1) == "Titel 2"


def test_sequence_moves_once_per_release_however_often_the_draft_changed(app, demo):
    def published_days():
        with app.app_context():
            return {day.identity: day.sequence for workshop in releases.published_programme(DEMO_SLUG).workshops
                    for day in workshop.days}

    before = published_days()
    for start, end in (("13:30", "15:30"), ("14:00", "16:00"), ("13:45", "15:45")):
        move_draft_day(app, 2, start, end)
        assert published_days() == before
    assert publish(app) == 2
    after = published_days()
    assert after.keys() == before.keys()  # every day keeps its UID
    moved = [identity for identity in before if after[identity] != before[identity]]
    assert len(moved) == 1 and after[moved[0]] == before[moved[0]] + 1
    assert publish(app) == "nothing_to_release" and published_days() == after


def test_a_day_deleted_and_restored_across_releases_comes_back_above_its_old_sequence(app, demo):
    """Found on the branch: the restored day was published anew at SEQUENCE 0, below the 1 its feed entry had."""
    def published_sequence(identity):
        with app.app_context():
            return next((day.sequence for workshop in releases.published_programme(DEMO_SLUG).workshops
                         for day in workshop.days if day.identity == identity), None)

    move_draft_day(app, 4, "13:30", "15:30")
    assert publish(app) == 2
    with app.app_context():
        draft = releases.working_draft(DEMO_SLUG)
        workshop = next(workshop for workshop in draft.workshops if workshop.number == 4)
        day = workshop.days[0]
        identity = day.identity
        deletions.delete_day(draft, workshop, day)
    moved_sequence = 1
    assert publish(app) == 3 and published_sequence(identity) is None
    with app.app_context():
        part = db.session.execute(select(DeletedPart).where(DeletedPart.kind == "day")).scalar_one()
        deletions.restore(part, releases.working_draft(DEMO_SLUG))
    assert publish(app) == 4
    assert published_sequence(identity) > moved_sequence


def test_frab_ids_never_go_down_after_a_revert(app, demo):
    def add_draft_day(date: str) -> int:
        with app.app_context():
            draft = releases.working_draft(DEMO_SLUG)
            workshop = next(workshop for workshop in draft.workshops if workshop.number == 3)
            values = fields.DAY.clean({"date": date, "local_start": "10:00", "local_end": "12:00",
                                       "zone": "Europe/Berlin"})
            return editing.add_day(draft, workshop, values).frab_id

    first_release = published_document(app)["last_frab_id"]
    added = add_draft_day("2020-06-17")
    assert added > first_release
    assert publish(app) == 2
    with app.app_context():
        releases.revert(releases.published_programme(DEMO_SLUG), 1)
    assert draft_document(app)["last_frab_id"] >= added
    again = add_draft_day("2020-06-18")
    assert again > added
    assert publish(app) == 3
    published = published_document(app)
    assert published["last_frab_id"] >= again
    assert [day["frab_id"] for day in published["workshops"][2]["days"]][-1] == again


def test_two_first_edits_at_once_make_one_draft(app, demo):
    """The draft is made when first asked for: organisers opening it at the same moment all get the same one (on
    PostgreSQL they made several that collided, and all but one failed)."""
    together = threading.Barrier(4)

    def open_draft(_index: int) -> int:
        with app.app_context():
            together.wait(timeout=30)
            try:
                return releases.working_draft(DEMO_SLUG, whole=False).id
            finally:
                db.session.remove()

    for _round in range(3):
        with app.app_context():
            db.session.execute(delete(Conference).where(Conference.draft_of_id.is_not(None)))
            db.session.commit()
        with ThreadPoolExecutor(max_workers=4) as pool:
            assert len(set(pool.map(open_draft, range(4)))) == 1
