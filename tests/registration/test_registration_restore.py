"""Restoring a deleted day or workshop (deleted in the editor or by an import), as registrants see it: the same UIDs, a REQUEST above the CANCEL they got,
and registrations cancelled by the delete not silently revived.

Before these tests, a deleted day or workshop could not be restored at all.
"""
from __future__ import annotations

from sqlalchemy import select

from confsched.extensions import db
from confsched.programme import deletions
from confsched.programme.importer import import_document
from confsched.programme.models import DeletedPart
from confsched.programme.queries import load_programme
from confsched.registration.models import RegistrationStatus
from tests.registration.test_registration_changes import (
    SLUG,
    deliver,
    join,
    last_for,
    registration_of,
    uids_of,
    workshop_four_document,
)


def _delete_and_restore(app, delete) -> None:
    """Delete through the programme's own delete (as the editor and the API do), deliver, restore, deliver."""
    with app.app_context():
        conference = load_programme(SLUG, with_access=True)
        delete(conference)
    deliver(app)
    with app.app_context():
        part = db.session.execute(select(DeletedPart)).scalar_one()
        deletions.restore(part, load_programme(SLUG, with_access=True))
    deliver(app)


def test_a_restored_day_reaches_its_registrants_with_the_same_uid_above_their_cancel(
        mail_app, smtp_server, register, confirm, open_workshop):
    open_workshop(4)
    join(register, confirm, 4, "zurueck@example.de")
    join(register, confirm, 4, "hoerer@example.de", role="listener", language="tr", address="10.1.0.2")
    uids = uids_of(mail_app, 4)

    with mail_app.app_context():
        conference = load_programme(SLUG, with_access=True)
        workshop = next(entry for entry in conference.workshops if entry.number == 4)
        deletions.delete_day(conference, workshop, workshop.days[1])
    deliver(mail_app)
    cancel = last_for(smtp_server, "zurueck@example.de", uids[1])
    assert cancel[0] == "CANCEL"

    with mail_app.app_context():
        part = db.session.execute(select(DeletedPart)).scalar_one()
        deletions.restore(part, load_programme(SLUG, with_access=True))
    deliver(mail_app)

    assert uids_of(mail_app, 4) == uids, "the day's calendar UID never moves"
    for email in ("zurueck@example.de", "hoerer@example.de"):
        assert last_for(smtp_server, email, uids[1])[0] == "REQUEST", email
    method, _uid, sequence, stamp = last_for(smtp_server, "zurueck@example.de", uids[1])
    assert sequence > cancel[2] and stamp > cancel[3]
    assert registration_of(mail_app, "zurueck@example.de").status is RegistrationStatus.active


def test_a_restored_workshop_does_not_revive_the_registrations_its_delete_cancelled(
        mail_app, smtp_server, register, confirm, open_workshop):
    open_workshop(4)
    join(register, confirm, 4, "abgesagt@example.de")
    uids = uids_of(mail_app, 4)
    _delete_and_restore(mail_app, lambda conference: deletions.delete_workshop(
        conference, next(entry for entry in conference.workshops if entry.number == 4)))

    assert uids_of(mail_app, 4) == uids
    registration = registration_of(mail_app, "abgesagt@example.de")
    assert registration.status is RegistrationStatus.cancelled_by_organiser and registration.workshop_id is None
    assert {last_for(smtp_server, "abgesagt@example.de", uid)[0] for uid in uids} == {"CANCEL"}, (
        "nobody is sent back into a workshop they were told is gone")


def test_a_day_an_import_removed_comes_back_with_the_same_uid_above_the_cancel(
        mail_app, smtp_server, register, confirm, open_workshop):
    open_workshop(4)
    join(register, confirm, 4, "import@example.de")
    uids = uids_of(mail_app, 4)
    document, workshop = workshop_four_document(mail_app)
    del workshop["days"][1]
    with mail_app.app_context():
        import_document(document)
    deliver(mail_app)
    cancel = last_for(smtp_server, "import@example.de", uids[1])
    assert cancel[0] == "CANCEL"

    with mail_app.app_context():
        part = db.session.execute(select(DeletedPart)).scalar_one()
        deletions.restore(part, load_programme(SLUG, with_access=True))
    deliver(mail_app)

    assert uids_of(mail_app, 4) == uids
    method, _uid, sequence, stamp = last_for(smtp_server, "import@example.de", uids[1])
    assert method == "REQUEST" and sequence > cancel[2] and stamp > cancel[3]
