"""Who speaks or chairs: people, or organisations as N.N., assigned to a workshop or an item."""
from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _

from confsched.organiser import fields, forms
from confsched.organiser.views.blueprint import (
    bp,
    confirmed,
    day_url,
    delete_page,
    editable_conference,
    editing_as_organiser,
    flash_outcome,
    form_view,
    found_or_404,
    reference_choices,
)
from confsched.programme import deletions, editing
from confsched.programme.models import Conference


@bp.route("/conferences/<slug>/assignments/new", methods=["GET", "POST"])
@editing_as_organiser
def new_assignment(slug: str):
    """Assign a person, or an organisation as N.N., to a workshop (?workshop=) or an item (?item=)."""
    conference = editable_conference(slug)
    owner, back = _assignment_owner(conference)
    form = forms.AssignmentForm(data={"role": "speaker"} if request.method == "GET" else None)
    reference_choices(form, conference)

    def save(values):
        editing.add_assignment(conference, owner, values)
        flash_outcome()
        return redirect(back)

    return form_view(form, fields.ASSIGNMENT, save, _("Assign someone"), conference)


def _assignment_owner(conference: Conference):
    """The workshop or item named in the query string, and the page to return to."""
    item_id = request.args.get("item", type=int)
    if item_id is not None:
        item = found_or_404(lambda: editing.find_item(conference, item_id))
        return item, day_url(conference, item.workshop_day)
    workshop = found_or_404(lambda: editing.find_workshop(conference, request.args.get("workshop", 0, type=int)))
    return workshop, url_for("organiser.conference", slug=conference.slug)


def _assignment_context(slug: str, assignment_id: int):
    """The conference, the assignment a URL names, its workshop or item, and the page that shows it."""
    conference = editable_conference(slug)
    owner, assignment = found_or_404(lambda: editing.find_assignment(conference, assignment_id))
    return conference, owner, assignment, _owner_url(conference, owner)


def _owner_url(conference: Conference, owner) -> str:
    """Where an assignment is shown: its item's day, or the conference page for a workshop's."""
    if hasattr(owner, "workshop_day"):
        return day_url(conference, owner.workshop_day)
    return url_for("organiser.conference", slug=conference.slug)


@bp.route("/conferences/<slug>/assignments/<int:assignment_id>/edit", methods=["GET", "POST"])
@editing_as_organiser
def edit_assignment(slug: str, assignment_id: int):
    """Change an assignment."""
    conference, owner, assignment, back = _assignment_context(slug, assignment_id)
    form = forms.AssignmentForm(data=forms.initial_data(fields.ASSIGNMENT, {
        "role": assignment.role.value, "person": assignment.person.key if assignment.person else None,
        "organisation": assignment.organisation.key if assignment.organisation else None,
        "tbc": assignment.tbc, "organisation_itself": assignment.organisation_itself, "note": assignment.note}))
    reference_choices(form, conference)

    def save(values):
        flash_outcome(editing.update_assignment(conference, assignment, values))
        return redirect(back)

    return form_view(form, fields.ASSIGNMENT, save, _("Edit the assignment"), conference)


@bp.post("/conferences/<slug>/assignments/<int:assignment_id>/<any(tbc,confirmed):state>")
@editing_as_organiser
def mark_assignment(slug: str, assignment_id: int, state: str):
    """Mark a speaker as to be confirmed, or as confirmed, in one click."""
    conference, owner, assignment, back = _assignment_context(slug, assignment_id)
    if forms.ConfirmForm().validate_on_submit():
        flash_outcome(editing.update_assignment(conference, assignment, {"tbc": state == "tbc"}))
    return redirect(back)


@bp.route("/conferences/<slug>/assignments/<int:assignment_id>/delete", methods=["GET", "POST"])
@editing_as_organiser
def delete_assignment(slug: str, assignment_id: int):
    """Remove an assignment after confirmation."""
    conference, owner, assignment, back = _assignment_context(slug, assignment_id)
    if confirmed(str(conference.version)):
        flash_outcome(deletions.delete_assignment(conference, owner, assignment), _("The assignment was removed."))
        return redirect(back)
    workshop = owner if hasattr(owner, "days") else owner.workshop_day.workshop
    return delete_page("assignment", deletions.assignment_summary(owner, assignment), conference, back, [workshop])
