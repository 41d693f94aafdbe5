"""Loading a programme in a fixed number of statements, whatever its size.

Each table is read with one flat statement filtered by conference (or by one workshop)
and the collections are attached in Python. Eager-loading strategies cannot promise
that: selectinload splits its IN list every 500 parents, and subqueryload nested under
other loaders is silently dropped, both of which make statements grow with the data.
Many-to-one links (person, organisation, platform, parent item) then resolve from the
identity map without SQL.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from confsched.extensions import db
from confsched.programme.models import (
    AgendaItem,
    Assignment,
    Conference,
    ConferenceOrganiser,
    Organisation,
    Person,
    Platform,
    PlatformAccess,
    RemovedWorkshop,
    Workshop,
    WorkshopDay,
    WorkshopOrganisation,
)


def _directory_options(with_access: bool) -> list:
    """Organisations, people and platforms of the conference, which every link resolves against."""
    platforms = selectinload(Conference.platforms)
    if with_access:
        platforms = platforms.selectinload(Platform.access)
    return [
        selectinload(Conference.organisations),
        selectinload(Conference.people),
        platforms,
        selectinload(Conference.organisers).selectinload(ConferenceOrganiser.organisation),
    ]


def finding(slug: str, draft: bool = False, released: bool = True) -> tuple:
    """The conditions that find a conference by slug: its published row once released (what the public sees),
    that row released or not (`released=False`, for its organisers), or its working draft (`draft=True`)."""
    if draft:
        return Conference.slug == slug, Conference.draft_of_id.is_not(None)
    if not released:
        return Conference.slug == slug, Conference.draft_of_id.is_(None)
    return Conference.slug == slug, Conference.draft_of_id.is_(None), Conference.release_number > 0


def _load_conference(slug: str, with_access: bool, draft: bool = False, released: bool = True) -> Conference | None:
    """The conference row with its directory (four statements when found)."""
    statement = select(Conference).where(*finding(slug, draft, released)).options(*_directory_options(with_access))
    return db.session.execute(statement).scalar_one_or_none()


def _grouped(rows, key) -> dict:
    """Rows grouped by a key, keeping their order."""
    groups = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return groups


def _attach(owners, name: str, children_by_owner: dict, back: str | None = None) -> None:
    """Set a loaded collection on each owner without marking it changed, and each child's link `back` to it.

    The link back keeps the owner alive as long as a child is: the identity map holds rows
    weakly, so a day reached only through its item would otherwise be fetched again.
    """
    for owner in owners:
        children = children_by_owner.get(owner.id, [])
        set_committed_value(owner, name, children)
        if back is not None:
            for child in children:
                set_committed_value(child, back, owner)


def _scalars(statement) -> list:
    """All ORM rows of a statement."""
    return list(db.session.execute(statement).scalars())


def _attach_workshop_details(workshops: list[Workshop], workshop_ids, with_agendas: bool) -> None:
    """Organising bodies, days and (optionally) agendas of the given workshops, one statement each."""
    bodies = _scalars(select(WorkshopOrganisation).where(WorkshopOrganisation.workshop_id.in_(workshop_ids))
                      .order_by(WorkshopOrganisation.position))
    _attach(workshops, "organising_bodies", _grouped(bodies, lambda body: body.workshop_id))
    assignments = _scalars(select(Assignment).where(Assignment.workshop_id.in_(workshop_ids))
                           .order_by(Assignment.position))
    _attach(workshops, "assignments", _grouped(assignments, lambda assignment: assignment.workshop_id))
    days = _scalars(select(WorkshopDay).where(WorkshopDay.workshop_id.in_(workshop_ids))
                    .order_by(WorkshopDay.position))
    _attach(workshops, "days", _grouped(days, lambda day: day.workshop_id), back="workshop")
    if with_agendas:
        attach_agendas(days, select(WorkshopDay.id).where(WorkshopDay.workshop_id.in_(workshop_ids)))


def attach_agendas(days: list[WorkshopDay], day_ids=None) -> None:
    """The agenda items of these days and the items' assignments, in two statements whatever their number.

    `day_ids` may be a subquery naming the same days, so large programmes need no long IN lists.
    """
    day_ids = [day.id for day in days] if day_ids is None else day_ids
    items = _scalars(select(AgendaItem).where(AgendaItem.workshop_day_id.in_(day_ids)).order_by(AgendaItem.position))
    _attach(days, "items", _grouped(items, lambda item: item.workshop_day_id), back="workshop_day")
    item_ids = select(AgendaItem.id).where(AgendaItem.workshop_day_id.in_(day_ids))
    item_assignments = _scalars(select(Assignment).where(Assignment.agenda_item_id.in_(item_ids))
                                .order_by(Assignment.position))
    _attach(items, "assignments", _grouped(item_assignments, lambda assignment: assignment.agenda_item_id))


def load_access(platforms) -> None:
    """Load, in one statement, the access data of platforms whose rows a commit expired or a partial load left out."""
    missing = [platform for platform in platforms if "access" in inspect(platform).unloaded]
    if not missing:
        return
    found = {access.platform_id: access for access in _scalars(
        select(PlatformAccess).where(PlatformAccess.platform_id.in_([platform.id for platform in missing])))}
    for platform in missing:
        set_committed_value(platform, "access", found.get(platform.id))


def load_programme(slug: str, with_access: bool = False, with_agendas: bool = True, draft: bool = False,
                   released: bool = True) -> Conference | None:
    """The conference with everything its pages, feeds and documents need, or None.

    `with_agendas=False` skips agenda items, for views that show only workshops and days; `draft` and
    `released` choose the row as `finding` does.
    """
    conference = _load_conference(slug, with_access, draft, released)
    if conference is None:
        return None
    return load_rest(conference, with_agendas)


def load_rest(conference: Conference, with_agendas: bool = True) -> Conference:
    """Everything of a conference row's programme that `load_programme` loads besides the row and its directory."""
    workshops = _scalars(select(Workshop).where(Workshop.conference_id == conference.id).order_by(Workshop.number))
    set_committed_value(conference, "workshops", workshops)
    workshop_ids = select(Workshop.id).where(Workshop.conference_id == conference.id)
    _attach_workshop_details(workshops, workshop_ids, with_agendas)
    return conference


def load_workshop(slug: str, number: int, draft: bool = False) -> Workshop | None:
    """One released workshop (or the draft's) with its whole agenda and its conference's directory (not the other
    workshops), or None."""
    conference = _load_conference(slug, with_access=False, draft=draft)
    if conference is None:
        return None
    workshop = db.session.execute(
        select(Workshop).where(Workshop.conference_id == conference.id, Workshop.number == number)
    ).scalar_one_or_none()
    if workshop is not None:
        _attach_whole_workshop(workshop, conference)
    return workshop


def complete_workshop(workshop: Workshop) -> Workshop:
    """Load what `load_workshop` loads for a workshop already in the session, in constant statements."""
    statement = select(Conference).where(Conference.id == workshop.conference_id).options(*_directory_options(False))
    _attach_whole_workshop(workshop, db.session.execute(statement).scalar_one())
    return workshop


def load_conference_row(slug: str, draft: bool = False, released: bool = True) -> Conference | None:
    """The conference's own row, nothing of its programme (one statement), or None; which row as `finding` says.

    For pages and edits of one workshop: load that one with `edited_workshop` or `workshop_of_item`.
    """
    return db.session.execute(select(Conference).where(*finding(slug, draft, released))).scalar_one_or_none()


def edited_workshop(conference: Conference, number: int) -> Workshop | None:
    """A workshop of a conference with its days, agenda and what they refer to, or None (constant statements)."""
    workshop = db.session.execute(
        select(Workshop).where(Workshop.conference_id == conference.id, Workshop.number == number)
    ).scalar_one_or_none()
    if workshop is not None:
        _attach_workshop_alone(workshop, conference)
    return workshop


def workshop_of_item(conference: Conference, item_id: int) -> Workshop | None:
    """The workshop holding an agenda item of the conference, loaded as `edited_workshop` loads it, or None."""
    workshop = db.session.execute(
        select(Workshop).join(WorkshopDay, WorkshopDay.workshop_id == Workshop.id)
        .join(AgendaItem, AgendaItem.workshop_day_id == WorkshopDay.id)
        .where(Workshop.conference_id == conference.id, AgendaItem.id == item_id)
    ).scalar_one_or_none()
    if workshop is not None:
        _attach_workshop_alone(workshop, conference)
    return workshop


def commit_keeping_workshops(workshops) -> None:
    """Commit, keeping these workshops as `edited_workshop` loaded them (and the edit changed them) while everything
    else the session holds expires as on any commit: an edit of one workshop answers with that workshop as saved,
    which is what was just flushed, instead of reading it back (twelve statements and a fifth of the edit's time)."""
    kept = set().union(*map(_workshop_rows, workshops))
    session = db.session()
    expire_on_commit, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire_on_commit
    for row in list(session.identity_map.values()):
        if row not in kept:
            session.expire(row)


def _workshop_rows(workshop: Workshop) -> set:
    """The rows `edited_workshop` attaches to a workshop, as far as the session holds them (nothing is fetched):
    the workshop, its conference and organisers, its organising bodies, days, agenda, assignments, the people and
    organisations these name, and its platform with the access data."""
    rows = {workshop, *_loaded(workshop, "conference"), *_loaded(workshop, "platform")}
    links = [*_loaded(workshop, "organising_bodies"), *(link for conference in _loaded(workshop, "conference")
                                                          for link in _loaded(conference, "organisers"))]
    assignments = _loaded(workshop, "assignments")
    for day in _loaded(workshop, "days"):
        rows.add(day)
        for item in _loaded(day, "items"):
            rows.add(item)
            assignments += _loaded(item, "assignments")
    people = [person for assignment in assignments for person in _loaded(assignment, "person")]
    for row in (*links, *assignments, *people):
        rows.update((row, *_loaded(row, "organisation")))
    rows.update(access for platform in _loaded(workshop, "platform") for access in _loaded(platform, "access"))
    return rows


def _loaded(row, name: str) -> list:
    """What a relationship holds if it is loaded, as a list (empty when it is not loaded or names nothing)."""
    value = inspect(row).dict.get(name)
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def _attach_workshop_alone(workshop: Workshop, conference: Conference) -> None:
    """Give a workshop its days, agenda and the directory entries they refer to, none of the others (nine statements).

    Every link is set on the row that holds it, so each stays loaded (and alive: the identity map holds
    rows weakly) as long as the workshop is.
    """
    set_committed_value(workshop, "conference", conference)
    _attach_workshop_details([workshop], [workshop.id], with_agendas=True)
    assignments = [*workshop.assignments, *(assignment for day in workshop.days for item in day.items
                                             for assignment in item.assignments)]
    people = {person.id: person for person in _scalars(select(Person).where(
        Person.id.in_({assignment.person_id for assignment in assignments if assignment.person_id})))}
    organisers = _scalars(select(ConferenceOrganiser).where(ConferenceOrganiser.conference_id == conference.id)
                          .order_by(ConferenceOrganiser.position))
    organisation_ids = {row.organisation_id for row in (*assignments, *people.values(), *organisers,
                                                        *workshop.organising_bodies) if row.organisation_id}
    organisations = {organisation.id: organisation for organisation in _scalars(
        select(Organisation).where(Organisation.id.in_(organisation_ids)))}
    platforms = _scalars(select(Platform).where(Platform.id == workshop.platform_id)
                         .options(joinedload(Platform.access)))
    for row in (*assignments, *people.values()):
        set_committed_value(row, "organisation", organisations.get(row.organisation_id))
    for assignment in assignments:
        set_committed_value(assignment, "person", people.get(assignment.person_id))
    for link in (*organisers, *workshop.organising_bodies):
        set_committed_value(link, "organisation", organisations[link.organisation_id])
    set_committed_value(conference, "organisers", organisers)
    set_committed_value(workshop, "platform", platforms[0] if platforms else None)


def conference_item(conference: Conference, item_id: int) -> AgendaItem | None:
    """An agenda item anywhere in the conference by id (one statement), or None."""
    return db.session.execute(
        select(AgendaItem).join(WorkshopDay, WorkshopDay.id == AgendaItem.workshop_day_id)
        .join(Workshop, Workshop.id == WorkshopDay.workshop_id)
        .where(Workshop.conference_id == conference.id, AgendaItem.id == item_id)
    ).scalar_one_or_none()


def _attach_whole_workshop(workshop: Workshop, conference: Conference) -> None:
    """Give a workshop its conference's directory, its days and its agenda."""
    # The identity map holds rows weakly: the workshop must keep its conference (and so the
    # directory every link resolves against) alive, or those links would be fetched one by one.
    set_committed_value(workshop, "conference", conference)
    _attach_workshop_details([workshop], [workshop.id], with_agendas=True)


def list_conferences(released: bool = True) -> list[Conference]:
    """Every released conference (every published row, with `released=False`), newest first, without programmes."""
    conditions = [Conference.draft_of_id.is_(None)] + ([Conference.release_number > 0] if released else [])
    statement = select(Conference).where(*conditions).order_by(Conference.start_date.desc(), Conference.slug)
    return list(db.session.execute(statement).scalars())


def workshop_removed(slug: str, number: int) -> bool:
    """Whether the conference had a workshop with this number and removed it (one statement)."""
    statement = select(RemovedWorkshop.number).join(Conference, Conference.id == RemovedWorkshop.conference_id).where(
        *finding(slug), RemovedWorkshop.number == number)
    return db.session.execute(statement).first() is not None


def embed_origins(slug: str) -> list[str] | None:
    """The origins that may frame the conference's embeddable agenda, or None when there is no such conference."""
    return db.session.execute(select(Conference.embed_origins).where(*finding(slug))).scalar_one_or_none()


def day_spans(conference_ids) -> dict[int, tuple[dt.datetime, dt.datetime]]:
    """Each conference's first and last day start, from its workshop days (one statement): the dates its header shows."""
    statement = (select(Workshop.conference_id, func.min(WorkshopDay.starts_at), func.max(WorkshopDay.starts_at))
                 .join(WorkshopDay, WorkshopDay.workshop_id == Workshop.id)
                 .where(Workshop.conference_id.in_(conference_ids)).group_by(Workshop.conference_id))
    return {conference_id: (first, last) for conference_id, first, last in db.session.execute(statement)}
