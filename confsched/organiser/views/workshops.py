"""Workshops and their days: create, edit, copy to another date, delete."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _

from confsched.agenda.templating import page_language
from confsched.organiser import fields, forms
from confsched.organiser.views.blueprint import (
    bp,
    confirmed,
    day_context,
    day_url,
    delete_page,
    editable_conference,
    editing_as_organiser,
    flash_outcome,
    form_view,
    found_or_404,
    problem_text,
    reference_choices,
)
from confsched.programme import deletions, editing
from confsched.programme.problems import ProgrammeRejected


@bp.route("/conferences/<slug>/workshops/new", methods=["GET", "POST"])
@editing_as_organiser
def new_workshop(slug: str):
    """Create a workshop with its first day."""
    conference = editable_conference(slug)
    number = max((workshop.number for workshop in conference.workshops), default=0) + 1
    form = forms.NewWorkshopForm(data={**forms.initial_data(fields.WORKSHOP, {"number": number, "status": "planned"}),
                                       "day_zone": conference.primary_zone})
    reference_choices(form, conference)

    def save(values):
        first_day = fields.DAY.clean({name: form[f"day_{name}"].data for name in
                                      ("date", "local_start", "local_end", "zone")})
        workshop = editing.create_workshop(conference, values, first_day)
        flash_outcome(message=_("The workshop was created."))
        return redirect(url_for("organiser.day", slug=slug, number=workshop.number, day=1))

    return form_view(form, fields.WORKSHOP, save, _("New workshop"), conference,
                      extra_fields=("day_date", "day_local_start", "day_local_end", "day_zone"))


@bp.route("/conferences/<slug>/workshops/<int:number>/edit", methods=["GET", "POST"])
@editing_as_organiser
def edit_workshop(slug: str, number: int):
    """Change a workshop's fields."""
    conference = editable_conference(slug)
    workshop = found_or_404(lambda: editing.find_workshop(conference, number))
    form = forms.WorkshopForm(data=forms.initial_data(fields.WORKSHOP, _workshop_values(workshop)))
    reference_choices(form, conference)

    def save(values):
        flash_outcome(editing.update_workshop(conference, workshop, values))
        return redirect(url_for("organiser.conference", slug=slug))

    return form_view(form, fields.WORKSHOP, save, _("Edit workshop %(number)s", number=number), conference)


def _workshop_values(workshop) -> dict:
    """A workshop's editable fields, references as keys."""
    values = {name: getattr(workshop, name) for name in (*editing.WORKSHOP_TEXTS, "number", "capacity",
                                                         "listeners_admitted")}
    values.update(status=workshop.status.value, platform=workshop.platform.key if workshop.platform else None,
                  organisations=[organisation.key for organisation in workshop.organisations])
    return values


@bp.route("/conferences/<slug>/workshops/<int:number>/delete", methods=["GET", "POST"])
@editing_as_organiser
def delete_workshop(slug: str, number: int):
    """Delete a workshop after confirmation."""
    conference = editable_conference(slug)
    workshop = found_or_404(lambda: editing.find_workshop(conference, number))
    if confirmed(str(conference.version)):
        flash_outcome(deletions.delete_workshop(conference, workshop), _("The workshop was deleted."))
        return redirect(url_for("organiser.conference", slug=slug))
    return delete_page("workshop", deletions.workshop_summary(workshop), conference,
                        url_for("organiser.conference", slug=slug), [workshop])


@bp.route("/conferences/<slug>/workshops/<int:number>/duplicate", methods=["GET", "POST"])
@editing_as_organiser
def duplicate_workshop(slug: str, number: int):
    """Copy a workshop's structure and texts onto another date."""
    conference = editable_conference(slug)
    workshop = found_or_404(lambda: editing.find_workshop(conference, number))
    next_number = max(other.number for other in conference.workshops) + 1
    form = forms.DuplicateForm(data={"number": next_number})

    def save(values):
        copy = editing.duplicate_workshop(conference, workshop, values["number"], values["date"])
        flash_outcome(message=_("The workshop was copied."))
        return redirect(url_for("organiser.day", slug=slug, number=copy.number, day=1))

    return form_view(form, fields.DUPLICATE, save, _("Copy workshop %(number)s to another date", number=number),
                      conference, intro=_("Items, speakers and texts are copied; wall-clock times stay the same, "
                                          "so both zones are computed again for the new date."))


@bp.route("/conferences/<slug>/workshops/<int:number>/days/new", methods=["GET", "POST"])
@editing_as_organiser
def new_day(slug: str, number: int):
    """Add a day to a workshop."""
    conference = editable_conference(slug, whole=False)
    workshop = found_or_404(lambda: editing.find_edited_workshop(conference, number))
    last = editing.day_values(workshop.days[-1])
    form = forms.DayForm(data=forms.initial_data(fields.DAY, {**last, "date": None, "label": {}, "outcomes": {}}))
    forms.offer_zones(form, page_language())

    def save(values):
        editing.add_day(conference, workshop, values)
        flash_outcome()
        return redirect(url_for("organiser.day", slug=slug, number=number, day=len(workshop.days)))

    return form_view(form, fields.DAY, save, _("New day for workshop %(number)s", number=number), conference)


@bp.route("/conferences/<slug>/workshops/<int:number>/days/<int:day>/edit", methods=["GET", "POST"])
@editing_as_organiser
def edit_day(slug: str, number: int, day: int):
    """Change a day's window or texts; the agenda re-flows from the new start."""
    conference, workshop, workshop_day = day_context(slug, number, day)
    form = forms.DayForm(data=forms.initial_data(fields.DAY, editing.day_values(workshop_day)))
    forms.offer_zones(form, page_language())

    def save(values):
        flash_outcome(editing.update_day(conference, workshop_day, values))
        return redirect(url_for("organiser.day", slug=slug, number=number, day=day))

    return form_view(form, fields.DAY, save, _("Workshop %(number)s, day %(day)s", number=number, day=day),
                      conference)


@bp.route("/conferences/<slug>/workshops/<int:number>/days/<int:day>/delete", methods=["GET", "POST"])
@editing_as_organiser
def delete_day(slug: str, number: int, day: int):
    """Delete a day after confirmation."""
    conference, workshop, workshop_day = day_context(slug, number, day)
    if confirmed(str(conference.version)):
        try:
            flash_outcome(deletions.delete_day(conference, workshop, workshop_day), _("The day was deleted."))
        except ProgrammeRejected as rejection:
            flash(problem_text(rejection.problems[0]), "error")
        return redirect(url_for("organiser.conference", slug=slug))
    return delete_page("day", deletions.day_summary(workshop, workshop_day), conference,
                        day_url(conference, workshop_day), [workshop])
