"""Publishing the draft as the next release, the list of releases, and making the draft an earlier release again."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from confsched.agenda.changes import word_changes
from confsched.agenda.templating import page_language
from confsched.organiser import deleting, forms, publishing
from confsched.organiser.views.blueprint import (
    bp,
    confirmation_page,
    confirmed,
    editing_as_organiser,
    problem_text,
    published_conference,
)
from confsched.programme import releases
from confsched.programme.models import COMMAND_LINE
from confsched.programme.problems import ProgrammeRejected


@bp.route("/conferences/<slug>/publish", methods=["GET", "POST"])
@editing_as_organiser
def publish(slug: str):
    """Publish the draft as the next release, after seeing what it changes and whom it reaches."""
    published = published_conference(slug)
    form = forms.PublishForm()
    errors, refusal = {}, None
    if form.validate_on_submit():
        comment = {"de": form.comment_de.data, "tr": form.comment_tr.data}
        expected = int(form.expected.data) if (form.expected.data or "").isdigit() else None
        try:
            release = releases.publish(slug, current_user.email, comment, expected)
        except ProgrammeRejected as rejection:
            for problem in rejection.problems:
                if problem.location.startswith("comment."):
                    errors.setdefault(f"comment_{problem.location.removeprefix('comment.')}", []).append(
                        problem_text(problem))
                else:
                    refusal = problem_text(problem)
            published = published_conference(slug)
        else:
            flash(_("Release %(number)s is published.", number=release.number), "success")
            return redirect(url_for("organiser.conference", slug=slug))
    preview = releases.preview(published)
    form.expected.data = str(preview.number)
    status = 409 if refusal else 400 if errors else 200
    return render_template("organiser/publish.html", conference=published, preview=preview, form=form, errors=errors,
                           refusal=refusal, reach=publishing.reach(published.id, preview),
                           changes=word_changes(preview.changes, page_language(), published.reference_zones,
                                                published.session_label)), status


@bp.get("/conferences/<slug>/releases/")
def release_list(slug: str):
    """Every release of the conference, newest first, each one the draft can go back to."""
    published = published_conference(slug, whole=False)
    return render_template("organiser/releases.html", conference=published, listed=releases.releases(published),
                           release_author=_release_author)


def _release_author(release) -> str:
    """Who published a release: the organiser's address, or the command line in the page language."""
    return release.published_by if release.published_by != COMMAND_LINE else _("Command line")


@bp.route("/conferences/<slug>/releases/<int:number>/revert", methods=["GET", "POST"])
@editing_as_organiser
def revert_release(slug: str, number: int):
    """Make the draft what a release was, after confirmation; the public sees it once the draft is published."""
    release = releases.find_release(published_conference(slug, whole=False), number)
    if release is None:
        abort(404)
    if confirmed(str(number)):
        releases.revert(releases.published_programme(slug), number)
        flash(_("The draft is now release %(number)s. Publish it when the public should see it again.",
                number=number), "success")
        return redirect(url_for("organiser.publish", slug=slug))
    consequences = deleting.Consequences(
        _("Release %(number)s", number=number),
        [_("Every change made to the draft since then is replaced; the published programme stays as it is until "
           "you publish the draft.")])
    refusal = None if release.document else _("This release was published before releases were kept.")
    return confirmation_page(_("Go back to this release?"), consequences, _("Make the draft this release"),
                             url_for("organiser.release_list", slug=slug), str(number), danger=False, refusal=refusal)

