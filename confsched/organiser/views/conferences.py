"""The dashboard and a conference's own pages: create, show (with the code partner sites embed), edit, delete."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from confsched.agenda import embedding
from confsched.agenda.templating import page_language
from confsched.localized import pick
from confsched.organiser import deleting, fields, forms, membership
from confsched.organiser.views.blueprint import (
    bp,
    confirmed,
    delete_page,
    editable_conference,
    editing_as_organiser,
    flash_outcome,
    form_view,
    published_conference,
)
from confsched.programme import deletions, editing, releases
from confsched.programme.models import Conference
from confsched.programme.queries import list_conferences, load_conference_row
from confsched.public_urls import external_url


@bp.get("/")
def dashboard():
    """The conferences this organiser may edit."""
    conferences = [conference for conference in list_conferences(released=False) if current_user.can_edit(conference)]
    return render_template("organiser/dashboard.html", conferences=conferences, confirm=forms.ConfirmForm(),
                           deleted=deletions.deleted_conferences(current_user))


@bp.route("/conferences/new", methods=["GET", "POST"])
@editing_as_organiser
def new_conference():
    """Create a conference."""
    form = forms.ConferenceForm(data=forms.initial_data(fields.CONFERENCE, {
        "primary_zone": "Europe/Berlin", "secondary_zone": "Europe/Istanbul", "default_language": "de",
        "languages": ["de", "tr"]}))
    forms.offer_zones(form, page_language())

    def save(values):
        conference = membership.create_conference(values, current_user)
        flash_outcome(message=_("The conference was created."))
        return redirect(url_for("organiser.conference", slug=conference.slug))

    return form_view(form, fields.CONFERENCE, save, _("New conference"))


@bp.get("/conferences/<slug>/")
def conference(slug: str):
    """A conference's workshops and days, with every window in both reference zones."""
    conference = editable_conference(slug)
    published = load_conference_row(slug, released=False)
    return render_template("organiser/conference.html", conference=conference, confirm=forms.ConfirmForm(),
                           warnings=editing.platform_overlaps(conference), embed_snippet=_embed_snippet(conference),
                           published=published, pending=releases.has_unpublished_changes(conference, published))


def _embed_snippet(conference: Conference) -> str:
    """The code partner sites paste to show the programme, in the organiser's language."""
    language = page_language()
    title = _("Programme: %(title)s", title=pick(conference.title, language).text)
    return embedding.snippet(external_url("static", filename="embed.js"), conference.slug, language, title)


@bp.route("/conferences/<slug>/edit", methods=["GET", "POST"])
@editing_as_organiser
def edit_conference(slug: str):
    """Change a conference's fields."""
    conference = editable_conference(slug)
    form = forms.ConferenceForm(data=forms.initial_data(fields.CONFERENCE, _conference_values(conference)))
    forms.offer_zones(form, page_language())

    def save(values):
        flash_outcome(editing.update_conference(conference, values))
        return redirect(url_for("organiser.conference", slug=values["slug"]))

    return form_view(form, fields.CONFERENCE, save, _("Edit the conference"), conference)


def _conference_values(conference: Conference) -> dict:
    """A conference's editable fields."""
    return {name: getattr(conference, name) for name in fields.CONFERENCE.fields}


@bp.route("/conferences/<slug>/delete", methods=["GET", "POST"])
@editing_as_organiser
def delete_conference(slug: str):
    """Delete a conference with everything in it (its published programme and its draft), after confirmation; it
    can be restored for 30 days."""
    conference = published_conference(slug)
    if confirmed(str(conference.version)):
        deleting.delete_conference(conference)
        flash(_("The conference was deleted."), "success")
        return redirect(url_for("organiser.dashboard"))
    return delete_page("conference", deletions.conference_summary(conference), conference,
                        url_for("organiser.conference", slug=slug), conference.workshops)
