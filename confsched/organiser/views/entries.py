"""A conference's organisations, people and platforms: one set of views, the list passed as a parameter."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from confsched import collation
from confsched.agenda.templating import page_language
from confsched.localized import pick
from confsched.organiser import fields, forms
from confsched.organiser.views.blueprint import (
    bp,
    confirmed,
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
from confsched.programme.models import Conference
from confsched.programme.problems import ProgrammeRejected


ENTRY_SPECS = {"organisations": fields.ORGANISATION, "people": fields.PERSON, "platforms": fields.PLATFORM}
ENTRY_KINDS = {"organisations": "organisation", "people": "person", "platforms": "platform"}
ENTRY_SAVERS = {"organisations": editing.save_organisation, "people": editing.save_person,
                "platforms": editing.save_platform}


@bp.get("/conferences/<slug>/<any(organisations,people,platforms):collection>/")
def entries(slug: str, collection: str):
    """The organisations, people or platforms of a conference, in the page language's alphabetical order."""
    conference = editable_conference(slug)
    language = page_language()
    rows = collation.sorted_by_name(getattr(conference, collection), language, name=lambda row: (
        pick(row.name, language).text if collection == "organisations"
        else row.display_name if collection == "people" else row.name))
    return render_template("organiser/entries.html", conference=conference, collection=collection, rows=rows,
                           uses={row.key: editing.uses_of(conference, row) for row in rows},
                           confirm=forms.ConfirmForm())


@bp.route("/conferences/<slug>/<any(organisations,people,platforms):collection>/new", methods=["GET", "POST"])
@bp.route("/conferences/<slug>/<any(organisations,people,platforms):collection>/<key>/edit",
          methods=["GET", "POST"])
@editing_as_organiser
def edit_entry(slug: str, collection: str, key: str | None = None):
    """Create or change an organisation, person or platform (platform access data is edited here only)."""
    conference = editable_conference(slug)
    spec = ENTRY_SPECS[collection]
    row = found_or_404(lambda: editing.find_entry(conference, ENTRY_KINDS[collection], key)) if key else None
    form = forms.ENTRY_FORMS[collection](data=forms.initial_data(spec, _entry_values(conference, row)) if row else
                                         ({"kind": "online"} if collection == "platforms" else None))
    reference_choices(form, conference)

    def save(values):
        version = conference.version
        ENTRY_SAVERS[collection](conference, values, row)
        flash_outcome(message=_("No changes.") if row is not None and conference.version == version else None)
        return redirect(url_for("organiser.entries", slug=slug, collection=collection))

    return form_view(form, spec, save, _entry_heading(collection, row), conference)


def _entry_heading(collection: str, row) -> str:
    """The form heading for a new or existing entry."""
    headings = {
        "organisations": (_("New organisation"), _("Edit the organisation")),
        "people": (_("New person"), _("Edit the person")),
        "platforms": (_("New platform"), _("Edit the platform")),
    }
    return headings[collection][row is not None]


def _entry_values(conference: Conference, row) -> dict:
    """An entry's editable fields, references as keys, a platform's access data included."""
    values = {name: getattr(row, name, None) for name in ("key", "short_name", "name", "academic_title",
                                                          "function", "listener_limit", "interpretation_channels",
                                                          *editing.PLACE_FIELDS)}
    values["conference_role"] = editing.conference_role(conference, row)
    organisation = getattr(row, "organisation", None)
    values["organisation"] = organisation.key if organisation is not None else None
    if hasattr(row, "access"):
        values["kind"] = row.kind.value
        access = row.access
        for name in editing.ACCESS_FIELDS:
            values[name] = getattr(access, name) if access else None
    return values


@bp.route("/conferences/<slug>/<any(organisations,people,platforms):collection>/<key>/delete",
          methods=["GET", "POST"])
@editing_as_organiser
def delete_entry(slug: str, collection: str, key: str):
    """Delete an entry the programme no longer uses, after confirmation."""
    conference = editable_conference(slug)
    row = found_or_404(lambda: editing.find_entry(conference, ENTRY_KINDS[collection], key))
    back = url_for("organiser.entries", slug=slug, collection=collection)
    if confirmed(str(conference.version)):
        try:
            flash_outcome(deletions.delete_entry(conference, row), _("Deleted."))
        except ProgrammeRejected as rejection:
            flash(problem_text(rejection.problems[0]), "error")
        return redirect(back)
    return delete_page("entry", deletions.entry_summary(row), conference, back)
