"""The emails of the registration flow: worded in the registrant's language, queued in the outbox.

Links in emails are built from the public base URL (confsched.public_urls), never from the
request's Host header in production, so a forged Host cannot redirect anyone's confirmation.
Access data is loaded here, explicitly, and only for registrants with a place.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import inspect

from confsched.agenda.changes import word_changes
from confsched.calendars.adapters import access_data, workshop_events
from confsched.calendars.events import with_access
from confsched.calendars.itip import AccessData, Attendee, ItipMessage, Organiser, cancel_message, request_message
from confsched.extensions import db
from confsched.localized import pick
from confsched.programme import queries
from confsched.programme.models import Conference, PlatformAccess, Release, Workshop, WorkshopDay
from confsched.programme.problems import N_
from confsched.public_urls import external_url
from confsched.registration import deliveries, drafts, outbox
from confsched.registration.mail import Mailbox, parse_mailbox
from confsched.registration.times import day_times, shown_zones


def workshop_label(workshop, conference=None) -> str:
    """'Fachworkshop 1: Digitale Stadt' in the current (forced) language, for subjects; the title alone where the
    conference has no name for its workshops. A removed workshop no longer reaches its conference: pass it."""
    from flask_babel import get_locale

    language = str(get_locale())
    title = str(pick(workshop.title, language))
    label = str(pick((conference if conference is not None else workshop.conference).session_label, language))
    if not label:
        return title
    return _("%(label)s %(number)s: %(title)s", label=label, number=workshop.number, title=title)


def sender() -> Mailbox:
    """The configured From, which is also the ORGANIZER of every invite."""
    return parse_mailbox(current_app.config["CONFSCHED_MAIL_SENDER"])


def _page_links(registrant, language: str, registration_id: int | None = None) -> dict:
    """The personal page, its feed and the cancellation link, for registrants who have confirmed."""
    from confsched.registration.operations import page_token

    if registrant.page_key is None:
        return {}
    token = page_token(registrant)
    links = {
        "page_url": external_url("registration.personal_page", lang=language, token=token),
        "feed_url": external_url("registration.private_feed", lang=language, token=token),
    }
    if registration_id is not None:
        links["cancel_url"] = external_url("registration.cancel", lang=language, token=token,
                                           registration_id=registration_id)
    return links


@dataclass(frozen=True)
class About:
    """The workshop an email is about, its conference, and the days it lists and sends calendar entries for.

    Given explicitly because removed workshops and days are no longer reachable from the registration.
    """

    conference: Conference
    workshop: Workshop
    days: tuple[WorkshopDay, ...]


def about(registration, positions: set[int] | None = None) -> About:
    """The registration's workshop with all its days, or only the listed ones."""
    workshop = registration.workshop
    days = tuple(day for day in workshop.days if positions is None or day.position in positions)
    return About(workshop.conference, workshop, days)


def _workshop_context(registration, language: str, regarding: About, with_cancel_link: bool = True) -> dict:
    """What every email about a workshop registration shows."""
    registrant, workshop, conference = registration.registrant, regarding.workshop, regarding.conference
    zones = shown_zones(registrant.zone, conference)
    return {
        "language": language,
        "name": registrant.name,
        "conference_title": str(pick(conference.title, language)),
        "conference_title_lang": pick(conference.title, language).language,
        "session_label": str(pick(conference.session_label, language)),
        "workshop_number": workshop.number,
        "workshop_title": str(pick(workshop.title, language)),
        "workshop_title_lang": pick(workshop.title, language).language,
        "days": day_times(workshop, zones, language),
        "listed_days": day_times(workshop, zones, language, regarding.days),
        "platform_name": workshop.platform.name if workshop.platform else "",
        "status": registration.status.value,
        **_page_links(registrant, language, registration.id if with_cancel_link else None),
    }


def _deliver(kind: str, *, to: Mailbox, language: str, subject: str, context: dict, conference_id: int | None,
             registrant_id: int | None, calendar: ItipMessage | None = None) -> None:
    """Queue the message as a draft in the current transaction; it is rendered in the language after commit."""
    outbox.queue(drafts.draft(kind, to=to, language=language, context=context, calendar=calendar), kind=kind,
                 recipient=to.email, subject=subject, conference_id=conference_id, registrant_id=registrant_id)


def _registration_mail(kind: str, registration, subject: str, *, language: str | None = None,
                       regarding: About | None = None, calendars: list[tuple[int, ItipMessage]] = (),
                       access: AccessData | None = None, with_cancel_link: bool = True, **extra) -> None:
    """Queue an email about one registration; invites beyond the first go out one day per message."""
    registrant = registration.registrant
    language = language or registrant.language
    regarding = regarding or about(registration)
    to = Mailbox(registrant.name, registrant.email)
    context = {**_workshop_context(registration, language, regarding, with_cancel_link), "access": access, **extra}
    ids = {"conference_id": _outbox_conference(regarding.conference), "registrant_id": registrant.id}
    (_first_position, first), *others = list(calendars) or [(None, None)]
    _deliver(kind, to=to, language=language, subject=subject, context=context, calendar=first, **ids)
    for position, calendar in others:
        day = next(day for day in context["listed_days"] if day.position == position)
        _deliver("calendar_entry", to=to, language=language, context={**context, "day": day, "method": calendar.method.value},
                 subject=_("Calendar entry – workshop %(number)s, %(date)s", number=regarding.workshop.number,
                           date=day.date), calendar=calendar, **ids)


def _outbox_conference(conference: Conference) -> int | None:
    """The conference an email is filed under in the outbox; none once the conference itself was removed."""
    return None if inspect(conference).deleted else conference.id


def _invites(registration, language: str, access: AccessData | None, regarding: About,
             cancel: bool = False, events=None) -> list[tuple[int, ItipMessage]]:
    """One iTIP message per day the email is about, each sorting after the last one this registrant got for its UID."""
    registrant = registration.registrant
    organiser = Organiser(sender().email, sender().name)
    attendee = Attendee(registrant.email, registrant.name)
    if events is None:
        # Each event lists its day's agenda: load it once, in constant statements, rather than item by item.
        unloaded = [day for day in regarding.days if inspect(day).persistent and "items" in inspect(day).unloaded]
        if unloaded:
            queries.attach_agendas(unloaded)
        events = workshop_events(regarding.conference, regarding.workshop, language, regarding.days)
    # Calendars remind as the shortest reminder email does; none when the organisers switched reminders off.
    alarm = min(regarding.conference.reminder_minutes or (), default=None)
    messages = []
    for day, event in zip(regarding.days, events):
        # A cancellation sorts after the day's current version too, whatever this registrant was sent before.
        sequence, stamp = deliveries.next_stamp(registrant.id, event.uid, event.sequence + (1 if cancel else 0))
        event = replace(event, sequence=sequence)
        if cancel:
            messages.append((day.position, cancel_message(event, organiser, attendee, sent_at=stamp)))
        else:
            messages.append((day.position, request_message(event, organiser, attendee, sent_at=stamp, access=access,
                                                           alarm_minutes=alarm)))
    return messages


def access_for(workshop: Workshop, language: str) -> AccessData | None:
    """The workshop platform's access data, loaded explicitly and worded for the registrant."""
    if workshop.platform is None:
        return None
    secret = db.session.get(PlatformAccess, workshop.platform.id)
    return access_data(workshop.platform, secret, language)


def events_with_access(workshop: Workshop, language: str) -> list:
    """The workshop's calendar events with the access data in their description, for the private feed only."""
    access = access_for(workshop, language)
    events = workshop_events(workshop.conference, workshop, language)
    if access is None:
        return events
    return [with_access(event, access.text) for event in events]


def confirmation_request(registration, language: str) -> None:
    """The double opt-in email: a link that must be followed before anything else is sent."""
    from confsched.registration.operations import confirmation_token

    details = registration.submitted_details or {}
    with force_locale(language):
        subject = _("Please confirm your registration – %(workshop)s", workshop=workshop_label(registration.workshop))
        url = external_url("registration.confirm", lang=language, token=confirmation_token(registration))
        to = Mailbox(details.get("name") or registration.registrant.name, registration.registrant.email)
        context = {**_workshop_context(registration, language, about(registration)), "name": to.name, "confirm_url": url,
                   "valid_days": current_app.config["CONFSCHED_CONFIRMATION_DAYS"], "role": registration.role.value}
        _deliver("confirm", to=to, language=language, subject=subject, context=context,
                 conference_id=registration.workshop.conference_id, registrant_id=registration.registrant_id)


def already_registered(registration, language: str) -> None:
    """Tell the address owner (only them) that they are already registered, with their personal page."""
    with force_locale(language):
        subject = _("You are already registered – %(workshop)s", workshop=workshop_label(registration.workshop))
        _registration_mail("already_registered", registration, subject, language=language)


@dataclass(frozen=True)
class Placing:
    """What the email after a placement reads, worked out before the desk is locked.

    Holding it keeps the loaded rows alive, so the lock covers only the seat, the stamps and the queue.
    `events` is None when a place did not look free: the waiting notice needs no agenda, and should a
    place be free after all, the invites are built under the lock as for a promotion. The access data
    is worded for everyone who may get a place but only ever sent to those who do.
    """

    regarding: About
    language: str
    access: AccessData | None
    events: tuple | None


def prepare_placing(registration, place_looks_free: bool) -> Placing:
    """Load the workshop with its days, and if a place looks free its agenda and access data and its calendar events.

    They are worded in the language the registration form asked for, which confirming then applies.
    """
    workshop, registrant = registration.workshop, registration.registrant
    language = (registration.submitted_details or {}).get("language") or registrant.language
    if not place_looks_free:
        workshop.platform  # noqa: B018 - the waiting notice names it
        return Placing(about(registration), language, None, None)
    queries.complete_workshop(workshop)
    regarding = about(registration)
    with force_locale(language):
        access = access_for(workshop, language)
        events = tuple(workshop_events(regarding.conference, workshop, language, regarding.days))
    return Placing(regarding, language, access, events)


def placed(registration, placing: Placing | None = None) -> None:
    """After confirmation: access data and invites for a place, or the waiting-list notice."""
    if registration.holds_place:
        _send_access(registration, "placed", placing)
    else:
        with force_locale(registration.registrant.language):
            subject = _("You are on the waiting list – %(workshop)s", workshop=workshop_label(registration.workshop))
            _registration_mail("waiting", registration, subject, regarding=placing.regarding if placing else None,
                               waiting_position=_waiting_position(registration))


def _waiting_position(registration) -> int:
    """Where the registration stands on its workshop's waiting list (1 = next)."""
    from confsched.registration.operations import waiting_position

    return waiting_position(registration)


def promoted(registration) -> None:
    """A place freed up: access data and invites for the first waiting registrant."""
    _send_access(registration, "promoted")


def _send_access(registration, kind: str, placing: Placing | None = None) -> None:
    """The email with the access data and one REQUEST per day."""
    language = registration.registrant.language
    with force_locale(language):
        if placing is None or placing.events is None or placing.language != language:
            access, regarding, events = access_for(registration.workshop, language), about(registration), None
        else:
            access, regarding, events = placing.access, placing.regarding, placing.events
        label = workshop_label(registration.workshop)
        subject = (_("Your access data – %(workshop)s", workshop=label) if kind == "placed"
                   else _("A place has become free for you – %(workshop)s", workshop=label))
        _registration_mail(kind, registration, subject, access=access, regarding=regarding,
                           calendars=_invites(registration, language, access, regarding, events=events))


def cancelled(registration, had_place: bool) -> None:
    """Confirm a cancellation; a registrant who had invites gets a CANCEL for each day."""
    language = registration.registrant.language
    with force_locale(language):
        subject = _("Registration cancelled – %(workshop)s", workshop=workshop_label(registration.workshop))
        calendars = _invites(registration, language, None, about(registration), cancel=True) if had_place else []
        _registration_mail("cancelled", registration, subject, calendars=calendars)


def rescheduled(registration, positions: set[int]) -> None:
    """The workshop's time, title, platform or location changed: an updated REQUEST (higher SEQUENCE) per changed day."""
    language = registration.registrant.language
    with force_locale(language):
        access = access_for(registration.workshop, language)
        subject = _("Changes – %(workshop)s", workshop=workshop_label(registration.workshop))
        _registration_mail("rescheduled", registration, subject, access=access,
                           calendars=_invites(registration, language, access, about(registration, positions)),
                           changed_positions=sorted(positions))


def access_changed(registration, positions: set[int]) -> None:
    """New access data for someone with a place: an updated REQUEST per day carrying it, by private email only."""
    language = registration.registrant.language
    with force_locale(language):
        access = access_for(registration.workshop, language)
        subject = _("New access data – %(workshop)s", workshop=workshop_label(registration.workshop))
        _registration_mail("access_changed", registration, subject, access=access,
                           calendars=_invites(registration, language, access, about(registration, positions)))


def workshop_cancelled(registration) -> None:
    """The organisers cancelled the workshop: a CANCEL for each day to those who had invites, a notice to the waiting."""
    language = registration.registrant.language
    with force_locale(language):
        subject = _("Workshop cancelled – %(workshop)s", workshop=workshop_label(registration.workshop))
        calendars = (_invites(registration, language, None, about(registration), cancel=True)
                     if registration.holds_place else [])
        _registration_mail("workshop_cancelled", registration, subject, calendars=calendars)


def days_removed(registration, regarding: About) -> None:
    """Days of the registrant's workshop were removed from the programme: a CANCEL for each of them."""
    language = registration.registrant.language
    with force_locale(language):
        subject = _("Day removed – %(workshop)s", workshop=workshop_label(regarding.workshop, regarding.conference))
        _registration_mail("days_removed", registration, subject, regarding=regarding,
                           calendars=_invites(registration, language, None, regarding, cancel=True))


def workshop_removed(registration, regarding: About, had_place: bool) -> None:
    """The organisers removed the workshop (or the whole conference): the registration is cancelled by them,
    with a CANCEL for every day to those who had invites."""
    language = registration.registrant.language
    with force_locale(language):
        subject = _("Cancelled by the organisers – %(workshop)s", workshop=workshop_label(regarding.workshop, regarding.conference))
        calendars = _invites(registration, language, None, regarding, cancel=True) if had_place else []
        _registration_mail("workshop_removed", registration, subject, regarding=regarding, calendars=calendars,
                           with_cancel_link=False)


def page_links(registrants, language: str) -> None:
    """Send a registrant their personal page links (asked for on the "lost my link" form)."""
    registrant = registrants[0]
    with force_locale(language):
        entries = [{"conference_title": str(pick(entry.conference_title, language)),
                    "conference_title_lang": pick(entry.conference_title, language).language,
                    **_page_links(entry, language)} for entry in registrants]
        subject = _("Your registration links")
        _deliver("page_links", to=Mailbox(registrant.name, registrant.email), language=language, subject=subject,
                 context={"name": registrant.name, "entries": entries, "language": language},
                 conference_id=None, registrant_id=registrant.id)


def invitation(invitation_row, conference, url: str) -> None:
    """The organisers' invitation with its personal registration link."""
    language = invitation_row.language
    with force_locale(language):
        title = str(pick(conference.title, language))
        subject = _("Invitation – %(title)s", title=title)
        workshops = [{"number": workshop.number, "title": str(pick(workshop.title, language)),
                      "title_lang": pick(workshop.title, language).language,
                      "days": day_times(workshop, list(conference.reference_zones), language)}
                     for workshop in conference.workshops]
        context = {"language": language, "conference_title": title,
                   "conference_title_lang": pick(conference.title, language).language, "invitation_url": url,
                   "session_label": str(pick(conference.session_label, language)),
                   "workshops": workshops,
                   "valid_days": current_app.config["CONFSCHED_INVITATION_DAYS"]}
        _deliver("invitation", to=Mailbox("", invitation_row.email), language=language, subject=subject,
                 context=context, conference_id=conference.id, registrant_id=None)


# What a release email says of a workshop, sentence by sentence in the words of the notifications it replaces.
RESCHEDULED = N_("The organisers have changed this workshop (its time, title or platform); its current days are below. "
                 "The attached calendar entries update your calendar.")
ACCESS_CHANGED = N_("The access data for this workshop has changed. Please use only the new access data below; the "
                    "attached calendar entries carry it too.")
WORKSHOP_CANCELLED = N_("We are sorry: the organisers have cancelled this workshop. If you had calendar entries for "
                        "it, the attached cancellations remove them.")
WORKSHOP_REMOVED = N_("We are sorry: the organisers have removed this workshop from the programme, so your "
                      "registration has been cancelled by the organisers. If you had calendar entries for it, the "
                      "attached cancellations remove them.")
# Release changes said by the text of the notification each used to send on its own (removed days: days_removed).
CHANGE_TEXTS = {"workshop_removed": WORKSHOP_REMOVED, "workshop_cancelled": WORKSHOP_CANCELLED,
                "day_moved": RESCHEDULED, "day_added": RESCHEDULED, "workshop_renamed": RESCHEDULED,
                "workshop_replatformed": RESCHEDULED, "workshop_status": RESCHEDULED}


@dataclass
class WorkshopNotice:
    """What a release does to one registration: the days it sends again (REQUEST) or cancels (CANCEL), and why."""

    registration: object
    workshop: Workshop
    requested: set[int] = field(default_factory=set)
    removed_days: list[WorkshopDay] = field(default_factory=list)
    cancel_all: bool = False
    texts: list[str] = field(default_factory=list)
    new_access: bool = False
    cancel_link: bool = True

    def say(self, text: str) -> None:
        """Add a notification text once."""
        if text not in self.texts:
            self.texts.append(text)


def days_removed_text(count: int) -> str:
    """The removed days of a workshop that stays, as the release email says it (the days are listed below it)."""
    return ngettext("The organisers have removed the day listed under “Removed” from this workshop. Your registration "
                    "for its other days stays as it is; the attached cancellation removes that day from your calendar.",
                    "The organisers have removed the %(num)s days listed under “Removed” from this workshop. Your "
                    "registration for its other days stays as it is; the attached cancellations remove those days "
                    "from your calendar.", count)


def what_changed(changes: list[dict], language: str, zones: list[str], session_label: dict | None) -> dict[int, dict]:
    """What a release changed, per workshop number, in the registrant's language: each change worded by the
    changelog's one wording (its times in the registrant's zones), and what it means for them (the explanation the
    notifications of each kind give, once)."""
    said: dict[int, dict] = {}
    removed = Counter(change["workshop"] for change in changes if change["kind"] == "day_removed")
    with force_locale(language):
        for group in word_changes(changes, language, zones, session_label):
            said[group.number] = {"changes": [change.text for change in group.changes], "texts": []}
        for change in changes:
            text = CHANGE_TEXTS.get(change["kind"])
            texts = said[change["workshop"]]["texts"]
            if text is not None and _(text) not in texts:
                texts.append(_(text))
        for number, count in removed.items():
            said[number]["texts"].append(days_removed_text(count))
    return said


def release_changes(conference: Conference, release: Release, notices: list[WorkshopNotice]) -> dict:
    """One email for a release to one registrant, ready for outbox.queue_all: what changed in each of their
    workshops, the current days, the access data for those with a place, and an iTIP object per day (REQUEST for
    changed ones, CANCEL for removed)."""
    registrant = notices[0].registration.registrant
    language = registrant.language
    with force_locale(language):
        said = what_changed(release.changes, language, shown_zones(registrant.zone, conference),
                            conference.session_label)
        sections, calendars = [], []
        for notice in sorted(notices, key=lambda entry: entry.workshop.number):
            requested = tuple(day for day in notice.workshop.days if day.position in notice.requested)
            access = access_for(notice.workshop, language) if requested else None
            # A workshop cancelled in the release that also lost days: its remaining days and the removed ones.
            cancelled = (*notice.workshop.days, *notice.removed_days) if notice.cancel_all else tuple(notice.removed_days)
            if requested:
                calendars += _invites(notice.registration, language, access, About(conference, notice.workshop,
                                                                                   requested))
            if cancelled:
                calendars += _invites(notice.registration, language, None, About(conference, notice.workshop,
                                                                                 cancelled), cancel=True)
            worded = said.get(notice.workshop.number, {"changes": [], "texts": []})
            texts = worded["texts"] or [
                *(_(text) for text in notice.texts), *([days_removed_text(len(notice.removed_days))]
                                                       if notice.removed_days else [])]
            regarding = About(conference, notice.workshop, tuple(notice.removed_days))
            sections.append({**_workshop_context(notice.registration, language, regarding, notice.cancel_link),
                             "changes": worded["changes"],
                             "texts": [*texts, *([_(ACCESS_CHANGED)] if notice.new_access else [])], "access": access})
        title = pick(conference.title, language)
        comment = pick(release.comment, language) if release.comment else None
        context = {"language": language, "name": registrant.name, "conference_title": str(title),
                   "conference_title_lang": title.language, "release_number": release.number,
                   "comment": str(comment) if comment else "",
                   "comment_lang": comment.language if comment else language,
                   "sections": sections, **_page_links(registrant, language)}
        first, *further = [message for _position, message in calendars] or [None]
        to = Mailbox(registrant.name, registrant.email)
        draft = drafts.draft("release", to=to, language=language, context=context, calendar=first,
                             further_calendars=[(f"{message.filename.removesuffix('.ics')}-{index}.ics", message)
                                                for index, message in enumerate(further, start=2)])
        return {"draft": draft, "kind": "release", "recipient": to.email, "conference_id": conference.id,
                "subject": _("Programme changes – %(conference)s", conference=str(title)),
                "registrant_id": registrant.id}
