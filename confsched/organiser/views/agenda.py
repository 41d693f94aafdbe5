"""A day's agenda: the day table (saved whole, laid out unsaved for the page's script, rows proposed from pasted
lines), and each item's own form with the live re-flow, its moves and its delete."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from confsched import zonedisplay
from confsched.agenda.templating import page_language
from confsched.organiser import day_table, fields, forms
from confsched.organiser.views.blueprint import (
    bp,
    confirmed,
    day_context,
    day_url,
    delete_page,
    editable_conference,
    editing_as_organiser,
    flash_outcome,
    found_or_404,
    problem_text,
    problems_by_field,
)
from confsched.organiser.views.wording import day_clocks
from confsched.programme import agenda_lines, deletions, editing
from confsched.programme.models import Conference
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.speakers import SpeakerWords


@bp.get("/conferences/<slug>/workshops/<int:number>/days/<int:day>/")
def day(slug: str, number: int, day: int):
    """The agenda editor: the day as one table of rows, every start and end in both reference zones."""
    conference, workshop, workshop_day = day_context(slug, number, day)
    rows = day_table.rows_of_day(workshop_day, page_language(), *_speaker_wording())
    return _day_page(conference, workshop, workshop_day, day, rows)


def _speaker_wording():
    """The words the speakers line reads and writes for N.N. and tbc: the page language's and the plain ones."""
    placeholder, tbc = _("N.N."), _("tbc")
    words = SpeakerWords(placeholder=tuple({"n.n.", "nn", "n.n", placeholder.casefold()}),
                         tbc=tuple({"tbc", tbc.casefold()}))
    return words, placeholder, tbc


def _day_page(conference, workshop, workshop_day, day_number, rows, errors=None, preview=None, notes=(), status=200):
    """The day table with its rows, times from the saved agenda or a preview, and problems under their fields."""
    preview = preview or editing.Preview(editing.agenda_rows(workshop_day))
    times = preview.rows if len(preview.rows) == len(rows) else [None] * len(rows)
    errors = errors or {}
    return render_template("organiser/day.html", conference=conference, workshop=workshop, day=workshop_day,
                           day_number=day_number, rows=rows, times=times, preview=preview,
                           numbers=day_table.outline_numbers(rows), errors=errors,
                           first_error=next((name for name in errors if name.startswith("rows-")), None), notes=notes,
                           items={item.id: item for item in workshop_day.items}, confirm=forms.ConfirmForm(),
                           kinds=[(kind, forms.CHOICE_LABELS[kind]) for kind in fields.ITEM.fields["kind"].options],
                           deleted=deletions.restorable_on_day(conference, workshop_day)), status


@bp.post("/conferences/<slug>/workshops/<int:number>/days/<int:day>/")
@editing_as_organiser
def save_day(slug: str, number: int, day: int):
    """Save the day table whole (action=save), lay it out unsaved (preview; JSON for the page's script), or add rows
    proposed from pasted lines (propose)."""
    conference, workshop, workshop_day = day_context(slug, number, day)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    rows = day_table.rows_of_form(request.form)
    action = request.form.get("action", "save")
    if action == "propose":
        return _propose_rows(conference, workshop, workshop_day, day, rows)
    words = _speaker_wording()[0]
    extend_day = request.form.get("extend_day") == "y"
    try:
        edit = deletions.replace_agenda_edit(conference, workshop_day, day_table.clean_rows(conference, rows, words),
                                           extend_day=extend_day)
        if action == "preview":
            preview = edit.preview()
            preview = editing.Preview(preview.rows, day_table.locate(preview.problems, rows))
        else:
            outcome = edit.save()
            if outcome.changes:
                flash_outcome(outcome)
            else:
                flash(_("Nothing changed: the agenda is as it was."), "info")
            return redirect(url_for("organiser.day", slug=slug, number=number, day=day))
    except ProgrammeRejected as rejection:
        preview = editing.Preview(editing.agenda_rows(workshop_day),
                                  day_table.locate(rejection.problems, rows))
    if request.accept_mimetypes.best == "application/json":
        return _preview_json(conference, workshop_day, preview, rows)
    errors = problems_by_field(ProgrammeRejected(preview.problems)) if preview.problems else {}
    return _day_page(conference, workshop, workshop_day, day, rows, errors, preview,
                     status=400 if errors and action == "save" else 200)


def _propose_rows(conference, workshop, workshop_day, day_number, rows):
    """Rows proposed from pasted lines, after the rows already in the table, for review; nothing is saved."""
    proposals = agenda_lines.read_lines(request.form.get("lines", "")[:100_000], page_language())
    notes = [_proposal_note(proposal) for proposal in proposals if proposal.notes]
    if proposals:
        flash(ngettext("%(num)s row was proposed from your lines. Check it, then save.",
                       "%(num)s rows were proposed from your lines. Check them, then save.", len(proposals)), "info")
    return _day_page(conference, workshop, workshop_day, day_number, rows + day_table.rows_of_proposals(proposals),
                     notes=notes)


def _proposal_note(proposal) -> str:
    """What a pasted line did not say, in the organiser's language."""
    if "no_title" in proposal.notes:
        return _("Line %(line)s has no title: “%(text)s”.", line=proposal.line_number, text=proposal.source[:200])
    return _("Line %(line)s has no duration (or an impossible one): enter the minutes of “%(text)s”.",
             line=proposal.line_number, text=proposal.source[:200])


def _preview_json(conference, workshop_day, preview, rows):
    """The re-flowed times per row, the problems by field and a sentence for the live region."""
    times = preview.rows if len(preview.rows) == len(rows) else []
    clocks = day_clocks(conference, workshop_day, times)
    return jsonify(
        rows=[{"number": row.number, "times": [f"{_zone_text(clock, row.start)}–{_zone_text(clock, row.end)}"
                                               for clock in clocks]} for row in times],
        problems=[{"field": problem.location, "message": problem_text(problem)} for problem in preview.problems],
        summary=" ".join(render_template("organiser/_reflow_summary.html", conference=conference, day=workshop_day,
                                         preview=preview).split()),
    )


def _zone_text(clock: zonedisplay.ZoneDay, instant) -> str:
    """A time as the table shows it, in plain text for the script to put in a cell: "–" when untimed."""
    return clock(instant).plain if instant is not None else "–"


def _placement(conference: Conference, workshop_day) -> dict:
    """Where a new item goes, from the query string: after or before an item, or into a section."""
    where = {}
    for name in ("after", "before", "parent"):
        value = request.args.get(name, type=int)
        if value is not None:
            where[name] = found_or_404(lambda value=value: editing.find_item_near(conference, workshop_day, value))
    return where


def _item_edit(conference, workshop_day, form, item=None, where=None) -> editing.AgendaEdit:
    """The edit a submitted item form describes: a new item placed `where`, or a change of `item`."""
    values = fields.ITEM.clean(forms.form_values(form, fields.ITEM))
    extend_day = bool(form.extend_day.data)
    if item is None:
        return editing.insert_item_edit(conference, workshop_day, values, extend_day, **where)
    return editing.update_item_edit(conference, item, values, extend_day)


@bp.route("/conferences/<slug>/workshops/<int:number>/days/<int:day>/items/new", methods=["GET", "POST"])
@editing_as_organiser
def new_item(slug: str, number: int, day: int):
    """Insert an item anywhere, seeing every later start move before saving."""
    conference, workshop, workshop_day = day_context(slug, number, day)
    form = forms.ItemForm(data={"kind": editing.DEFAULT_ITEM_KIND.value, "duration_minutes": "10"}
                          if request.method == "GET" else None)
    return _item_page(conference, workshop, workshop_day, day, form, where=_placement(conference, workshop_day))


def _item_context(slug: str, item_id: int):
    """The conference (its own row) and the item a URL names, with that item's workshop loaded."""
    conference = editable_conference(slug, whole=False)
    return conference, found_or_404(lambda: editing.find_edited_item(conference, item_id))


@bp.route("/conferences/<slug>/items/<int:item_id>/edit", methods=["GET", "POST"])
@editing_as_organiser
def edit_item(slug: str, item_id: int):
    """Change an item, seeing every later start move before saving."""
    conference, item = _item_context(slug, item_id)
    workshop_day = item.workshop_day
    form = forms.ItemForm(data=forms.initial_data(fields.ITEM, {
        "kind": item.kind.value, "title": item.title, "description": item.description,
        "duration_minutes": item.duration_minutes, "spoken_languages": item.spoken_languages,
        "interpreted_into": item.interpreted_into}))
    return _item_page(conference, workshop_day.workshop, workshop_day, workshop_day.position + 1, form, item=item)


def _item_page(conference, workshop, workshop_day, day_number, form, item=None, where=None):
    """Show the item form with the agenda re-flowed for the unsaved values; save when asked and allowed."""
    errors, preview = {}, None
    if form.validate_on_submit():
        try:
            edit = _item_edit(conference, workshop_day, form, item, where)
            if request.form.get("action") == "save":
                flash_outcome(edit.save())
                return redirect(url_for("organiser.day", slug=conference.slug, number=workshop.number,
                                        day=day_number))
            preview = edit.preview()
        except ProgrammeRejected as rejection:
            errors = problems_by_field(rejection)
    if preview is None:
        preview = editing.Preview(editing.agenda_rows(workshop_day))
    status = 400 if errors or form.errors else 200
    return render_template(
        "organiser/item.html", conference=conference, workshop=workshop, day=workshop_day, day_number=day_number,
        form=form, spec=fields.ITEM, errors=errors, preview=preview, item=item,
        preview_url=url_for("organiser.preview_item", slug=conference.slug, item_id=item.id) if item else
        url_for("organiser.preview_new_item", slug=conference.slug, number=workshop.number, day=day_number,
                **request.args),
    ), status


@bp.post("/conferences/<slug>/workshops/<int:number>/days/<int:day>/items/preview")
def preview_new_item(slug: str, number: int, day: int):
    """The re-flowed agenda for an unsaved new item, as an HTML fragment for the editor's script."""
    conference, _workshop, workshop_day = day_context(slug, number, day)
    return _preview_fragment(conference, workshop_day, where=_placement(conference, workshop_day))


@bp.post("/conferences/<slug>/items/<int:item_id>/preview")
def preview_item(slug: str, item_id: int):
    """The re-flowed agenda for an unsaved change of an item, as an HTML fragment."""
    conference, item = _item_context(slug, item_id)
    return _preview_fragment(conference, item.workshop_day, item=item)


def _preview_fragment(conference, workshop_day, item=None, where=None):
    """Run the unsaved edit, lay the day out and render the agenda table (problems included)."""
    form = forms.ItemForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        preview = _item_edit(conference, workshop_day, form, item, where).preview()
    except ProgrammeRejected as rejection:
        preview = editing.Preview(editing.agenda_rows(workshop_day), rejection.problems)
    return render_template("organiser/_preview.html", conference=conference, day=workshop_day, preview=preview)


@bp.post("/conferences/<slug>/items/<int:item_id>/move/<any(up,down):direction>")
@editing_as_organiser
def move_item(slug: str, item_id: int, direction: str):
    """Move an item one place up or down among its siblings."""
    conference, item = _item_context(slug, item_id)
    workshop_day = item.workshop_day
    target = url_for("organiser.day", slug=slug, number=workshop_day.workshop.number, day=workshop_day.position + 1)
    if forms.ConfirmForm().validate_on_submit():
        try:
            outcome = editing.move_item(conference, item, -1 if direction == "up" else 1)
            if outcome.changes:
                flash_outcome(outcome)
            else:
                flash(_("Nothing changed: the item is already first.") if direction == "up" else
                      _("Nothing changed: the item is already last."), "info")
        except ProgrammeRejected as rejection:
            flash(problem_text(rejection.problems[0]), "error")
    return redirect(target)


@bp.route("/conferences/<slug>/items/<int:item_id>/delete", methods=["GET", "POST"])
@editing_as_organiser
def delete_item(slug: str, item_id: int):
    """Delete an item (with a section's children) after confirmation."""
    conference, item = _item_context(slug, item_id)
    workshop_day = item.workshop_day
    target = day_url(conference, workshop_day)
    if confirmed(str(conference.version)):
        flash_outcome(deletions.delete_item(conference, item), _("The item was deleted."))
        return redirect(target)
    return delete_page("item", deletions.item_summary(item), conference, target, [workshop_day.workshop])
