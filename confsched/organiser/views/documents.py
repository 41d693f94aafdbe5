"""Programme documents: upload one and see what it would change before applying it, or download one."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from confsched.organiser import forms, membership
from confsched.organiser.views.blueprint import bp, editable_conference, editing_as_organiser, published_conference
from confsched.programme import document as programme_document
from confsched.programme import releases, reporting
from confsched.programme.problems import ProgrammeRejected


@bp.route("/import", methods=["GET", "POST"])
@editing_as_organiser
def import_document():
    """Upload a programme document, see what it would change, then apply it."""
    form = forms.ImportForm()
    report, problems, text, outline = None, [], "", reporting.Outline()
    if form.validate_on_submit():
        text = form.document.data.read().decode("utf-8-sig", errors="replace") if form.document.data else (
            form.text.data or "")
        try:
            document = membership.importable(current_user, text)
            outline = reporting.outline_of_document(document)
            report = membership.import_programme(current_user, document, dry_run=not form.apply.data)
            if not report.dry_run:
                flash(_("The programme was imported into the draft. Publish the draft when the public should see it."),
                      "success")
                return redirect(url_for("organiser.conference", slug=report.slug))
        except membership.NotAMember:
            abort(403)
        except ProgrammeRejected as rejection:
            problems = rejection.problems
    status = 400 if problems else 200
    return render_template("organiser/import.html", form=form, report=report, problems=problems, text=text,
                           outline=outline), status


@bp.get("/conferences/<slug>/document.json")
def download_document(slug: str):
    """Download the draft's programme document, or with ?release=N that release's; with ?access=1 including
    platform access data (keep it private)."""
    with_access = request.args.get("access") == "1"
    number = request.args.get("release", "")
    if number:
        found = number.isdigit() and releases.find_release(published_conference(slug, whole=False), int(number))
        if not found or not found.document:
            abort(404)
        document, name = releases.release_document(found, with_access), f"{slug}-release-{found.number}"
    else:
        document = programme_document.export_document(editable_conference(slug), include_access=with_access)
        name = slug
    body = programme_document.dumps(document)
    filename = f"{name}{'-private' if with_access else ''}.json"
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
