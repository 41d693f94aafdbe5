"""What a delete or a restore does, in the organiser's words: the part named, and who is affected, counted.

The editor's confirmation pages and the change history use these; the rules
themselves (what is kept, how it comes back) are in ``confsched.programme.deletions``.
A deleted conference also takes what the organiser and registration layers hold
of it (invitation list, members, history); those are kept and put back here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from confsched.agenda.templating import page_language, reading_date
from confsched.extensions import db
from confsched.localized import pick
from confsched.organiser.forms import CHOICE_LABELS
from confsched.organiser.models import ChangeLogEntry, Membership, Organiser
from confsched.programme import deletions
from confsched.programme.deletions import RESTORE_DAYS
from confsched.programme.models import Conference, Workshop
from confsched.registration.models import Invitation, Registration, RegistrationStatus

OPEN = (RegistrationStatus.pending, RegistrationStatus.active, RegistrationStatus.listener, RegistrationStatus.waiting)
PLACE = (RegistrationStatus.active, RegistrationStatus.listener)


@dataclass
class Consequences:
    """A confirmation page's contents: what goes (or comes back), and what follows from it."""

    what: str
    lines: list[str] = field(default_factory=list)


def _text(texts) -> str:
    """A content text in the page language (a plain string stays as it is)."""
    if isinstance(texts, dict):
        return pick(texts, page_language()).text or ""
    return texts or ""


def _date(iso: str | None) -> str:
    """A stored ISO date as the page language writes it."""
    return reading_date(dt.date.fromisoformat(iso)) if iso else ""


def describe(kind: str, summary: dict) -> str:
    """A deleted (or to be deleted) part named in the page language, from its summary."""
    if kind == "item":
        text = _("Item “%(title)s” (workshop %(number)s, %(date)s)", title=_text(summary.get("title")),
                 number=summary["workshop"], date=_date(summary.get("date")))
        if summary.get("items"):
            text += " " + ngettext("with %(num)s item inside", "with %(num)s items inside", summary["items"])
        return text
    if kind == "assignment":
        who = summary.get("person") or _text(summary.get("organisation")) or _("N.N.")
        role = CHOICE_LABELS.get(summary.get("role"), "")
        if "title" in summary:
            return _("%(name)s (%(role)s) in the item “%(title)s” (workshop %(number)s, %(date)s)", role=role, name=who,
                     title=_text(summary["title"]), number=summary["workshop"], date=_date(summary.get("date")))
        return _("%(name)s (%(role)s) in workshop %(number)s", role=role, name=who, number=summary["workshop"])
    if kind == "day":
        return _("Day %(day)s of workshop %(number)s (%(date)s)", day=summary["day"], number=summary["workshop"],
                 date=_date(summary.get("date")))
    if kind == "workshop":
        title = _text(summary.get("workshop_title"))
        return (_("Workshop %(number)s: %(title)s", number=summary["workshop"], title=title) if title
                else _("Workshop %(number)s", number=summary["workshop"]))
    if kind == "entry":
        name = _text(summary.get("name")) or summary.get("key", "")
        return {"organisations": _("Organisation “%(name)s”", name=name), "people": _("Person “%(name)s”", name=name),
                "platforms": _("Platform “%(name)s”", name=name)}[summary["collection"]]
    return _("Conference “%(title)s”", title=_text(summary.get("title")))


def deleted_by(part) -> str:
    """Who deleted a part: the organiser's address, or the command line in the page language."""
    return part.deleted_by if part.deleted_by != deletions.COMMAND_LINE else _("Command line")


def _count(workshops, statuses) -> int:
    """Registrations in these statuses of the published workshops these are (by number): a draft's have none."""
    if not workshops:
        return 0
    published_id = select(func.coalesce(Conference.draft_of_id, Conference.id)).where(
        Conference.id == workshops[0].conference_id).scalar_subquery()
    return db.session.execute(select(func.count(Registration.id)).join(Workshop, Workshop.id == Registration.workshop_id)
                              .where(Workshop.conference_id == published_id,
                                     Workshop.number.in_([workshop.number for workshop in workshops]),
                                     Registration.status.in_(statuses))).scalar_one()


def _restore_note(kind: str) -> str:
    """Where and how long a deleted part can be restored."""
    if kind == "conference":
        return ngettext("You can restore it from your list of conferences for %(num)s day.",
                        "You can restore it from your list of conferences for %(num)s days.", RESTORE_DAYS)
    return ngettext("You can restore it from the change history for %(num)s day.",
                    "You can restore it from the change history for %(num)s days.", RESTORE_DAYS)


def deleting(kind: str, summary: dict, workshops=(), conference=None) -> Consequences:
    """What deleting a part will do, with the registrations it affects counted."""
    workshops = list(workshops)
    lines = []
    if kind in ("item", "assignment"):
        count = _count(workshops, PLACE)
        lines.append(ngettext("%(num)s registration with a place in this workshop sees the changed agenda; "
                              "nobody gets an email.",
                              "%(num)s registrations with a place in this workshop see the changed agenda; "
                              "nobody gets an email.", count))
    elif kind == "day":
        count = _count(workshops, PLACE)
        lines.append(ngettext("%(num)s registration holds a place on this day and gets a cancellation of it "
                              "by email.",
                              "%(num)s registrations hold a place on this day and get a cancellation of it "
                              "by email.", count))
    elif kind in ("workshop", "conference"):
        count = _count(workshops, OPEN)
        lines.append(ngettext("%(num)s registration is cancelled by the organisers; people with a place or on the "
                              "waiting list are told by email.",
                              "%(num)s registrations are cancelled by the organisers; people with a place or on the "
                              "waiting list are told by email.", count))
        if kind == "conference":
            invitations = db.session.execute(select(func.count(Invitation.id)).where(
                Invitation.conference_id == conference.published_id)).scalar_one()
            lines.append(ngettext("Its invitation list with %(num)s address is deleted with it.",
                                  "Its invitation list with %(num)s addresses is deleted with it.", invitations))
    else:
        lines.append(_("No registration is affected: nothing in the programme uses it."))
    lines.append(_restore_note(kind))
    return Consequences(describe(kind, summary), lines)


def restoring(kind: str) -> list[str]:
    """What restoring a part of this kind does and does not bring back."""
    lines = []
    if kind == "day":
        lines.append(_("The day comes back with the same calendar entry; registrants with a place in the workshop "
                       "get it again by email."))
    if kind in ("workshop", "conference"):
        lines.append(_("Registrations cancelled by the delete stay cancelled; those people can register again. "
                       "Registration is closed until you open it again."))
    if kind == "conference":
        lines.append(_("The invitation list, the members and the change history come back with it."))
    return lines


# A whole conference: the programme keeps its document; this layer keeps its invitation list, members and history.


def delete_conference(conference) -> None:
    """Delete a conference with its invitation list, members and history, all kept for restoring."""
    invitations = db.session.execute(select(Invitation).where(Invitation.conference_id == conference.id)
                                     .order_by(Invitation.id)).scalars()
    members = db.session.execute(select(Membership.organiser_id).where(
        Membership.conference_id == conference.id)).scalars()
    history = db.session.execute(select(ChangeLogEntry).where(ChangeLogEntry.conference_id == conference.id)
                                 .order_by(ChangeLogEntry.id)).scalars()
    deletions.delete_conference(conference, kept={
        "invitations": [{"id": invitation.id, "email": invitation.email, "language": invitation.language,
                         "created_at": _iso(invitation.created_at), "sent_at": _iso(invitation.sent_at),
                         "used_at": _iso(invitation.used_at)} for invitation in invitations],
        "members": list(members),
        "history": [{"organiser_id": entry.organiser_id, "actor": entry.actor, "source": entry.source,
                     "created_at": _iso(entry.created_at), "code": entry.code, "location": entry.location,
                     "params": dict(entry.params or {})} for entry in history],
    })


def restore(part, conference=None):
    """Restore a deleted part; a conference comes back with its invitation list, members and history."""
    return deletions.restore(part, conference, on_conference_restored=_restore_kept)


def _restore_kept(conference, fragment: dict) -> None:
    """Put a restored conference's invitations (under their old ids, so sent links work), members and history back."""
    for invitation in fragment.get("invitations", []):
        taken = db.session.get(Invitation, invitation["id"]) is not None
        db.session.add(Invitation(
            **({} if taken else {"id": invitation["id"]}), conference_id=conference.id, email=invitation["email"],
            language=invitation["language"], created_at=_instant(invitation["created_at"]),
            sent_at=_instant(invitation["sent_at"]), used_at=_instant(invitation["used_at"])))
    wanted = set(fragment.get("members", [])) | {entry["organiser_id"] for entry in fragment.get("history", [])}
    accounts = set(db.session.execute(select(Organiser.id).where(Organiser.id.in_(wanted))).scalars())
    db.session.add_all(Membership(organiser_id=organiser_id, conference_id=conference.id)
                       for organiser_id in sorted(accounts & set(fragment.get("members", []))))
    db.session.add_all(ChangeLogEntry(
        conference_id=conference.id, organiser_id=entry["organiser_id"] if entry["organiser_id"] in accounts else None,
        actor=entry["actor"], source=entry["source"], created_at=_instant(entry["created_at"]), code=entry["code"],
        location=entry["location"], params=entry["params"]) for entry in fragment.get("history", []))


def _iso(instant: dt.datetime | None) -> str | None:
    """An instant for the JSON column."""
    return instant.isoformat() if instant is not None else None


def _instant(text: str | None) -> dt.datetime | None:
    """An instant back from the JSON column."""
    return dt.datetime.fromisoformat(text) if text else None
