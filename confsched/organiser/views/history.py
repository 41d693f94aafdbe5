"""Who changed what and when, and putting deleted parts back (anything of a conference, or a whole conference)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from confsched.organiser import deleting
from confsched.organiser.history import conference_history
from confsched.organiser.views.blueprint import (
    bp,
    confirmation_page,
    confirmed,
    day_url,
    editable_conference,
    editing_as_organiser,
    problem_text,
)
from confsched.programme import deletions
from confsched.programme.models import Conference
from confsched.programme.problems import ProgrammeRejected


@bp.get("/conferences/<slug>/history")
def history(slug: str):
    """Who changed what and when."""
    conference = editable_conference(slug)
    return render_template("organiser/history.html", conference=conference, entries=conference_history(conference),
                           deleted=deletions.restorable(conference))


@bp.route("/conferences/<slug>/deleted/<int:part_id>/restore", methods=["GET", "POST"])
@editing_as_organiser
def restore_part(slug: str, part_id: int):
    """Put a deleted item, assignment, day, workshop or entry back, after confirmation."""
    conference = editable_conference(slug)
    part = deletions.find_part(part_id, conference)
    if part is None:
        abort(404)
    back = request.args.get("back") == "day" and _part_day_url(conference, part) or url_for(
        "organiser.history", slug=slug)
    return _restore(part, conference, back, str(conference.version))


def _part_day_url(conference: Conference, part) -> str | None:
    """The day page a deleted item belonged to, if that day is still there."""
    day = next((day for workshop in conference.workshops for day in workshop.days
                if day.identity == part.summary.get("identity")), None)
    return day_url(conference, day) if day is not None else None


@bp.route("/deleted/<int:part_id>/restore", methods=["GET", "POST"])
@editing_as_organiser
def restore_conference(part_id: int):
    """Put a deleted conference back, after confirmation (admins, its members and whoever deleted it)."""
    part = deletions.find_part(part_id)
    if part is None or not deletions.may_restore_conference(current_user, part):
        abort(404)
    return _restore(part, None, url_for("organiser.dashboard"), str(part.id))


def _restore(part, conference: Conference | None, back: str, token: str):
    """The restore confirmation page, or the restore itself; a refusal says why on the same page."""
    consequences = deleting.Consequences(deleting.describe(part.kind, part.summary), deleting.restoring(part.kind))
    refusal = None
    try:
        deletions.check_restorable(part, conference)
        if confirmed(token):
            restored = deleting.restore(part, conference)
            flash(_("Restored."), "success")
            if part.kind == "conference":
                return redirect(url_for("organiser.conference", slug=restored.slug))
            return redirect(back)
    except deletions.RestoreRefused as refused:
        refusal = refused.message(_)
    except ProgrammeRejected as rejection:
        refusal = problem_text(rejection.problems[0])
    return confirmation_page(_("Restore this?"), consequences, _("Restore"), back, token, danger=False,
                              refusal=refusal)
