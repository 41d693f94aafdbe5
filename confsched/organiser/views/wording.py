"""How the editor's templates word changes, problems and day windows, in the page language."""
from __future__ import annotations

from dataclasses import dataclass

from flask import g
from flask_babel import gettext as _
from flask_babel import ngettext
from jinja2 import pass_context

from confsched import timeengine, zonedisplay
from confsched.agenda.templating import page_language
from confsched.localized import missing_languages, pick
from confsched.organiser import day_table, deleting, fields, forms
from confsched.organiser.history import actor_label, change_wording, problem_wording, source_label
from confsched.organiser.views.blueprint import bp
from confsched.programme import deletions, reporting
from confsched.programme.problems import Problem


@bp.context_processor
def _editor_context() -> dict:
    """Helpers the editor templates share."""
    return {"missing_languages": lambda texts: missing_languages(texts, fields.LANGUAGES),
            "languages": fields.LANGUAGES, "language_names": forms.LANGUAGE_NAMES,
            "choice_labels": forms.CHOICE_LABELS,
            "zone_label": timeengine.zone_label, "translate": _, "translate_plural": ngettext,
            "change_message": _change_message, "source_label": source_label, "actor_label": actor_label,
            "organisation_label": lambda organisation: day_table.organisation_name(organisation, page_language()),
            "in_page_language": lambda texts: pick(texts, page_language()).text,
            "describe_part": lambda part: deleting.describe(part.kind, part.summary),
            "deleted_by": deleting.deleted_by,
            "restore_until": deletions.restore_until}


@pass_context
def _change_message(context, change, done: bool = False) -> str:
    """A change in the page language, its fields, dates and zones worded, an organisation, person or platform by
    its name (from the page's document outline or conference); past tense where it happened."""
    language = page_language()
    word = change_wording(language, forms.LABELS)
    programme = context.get("outline") or context.get("conference")
    outline = None
    if isinstance(programme, reporting.Outline):
        outline = programme
    elif programme is not None:
        outlines = g.setdefault("conference_outlines", {})  # a history page words hundreds of changes
        outline = outlines.get(id(programme)) or outlines.setdefault(id(programme),
                                                                     reporting.outline_of_conference(programme))

    def word_with_names(name: str, value):
        if name == "key" and outline is not None:
            return outline.entry_name(change.location, str(value), language)
        return word(name, value)

    return change.message(_, word_with_names, done=done)


@dataclass(frozen=True)
class ReportEntry:
    """One line of a problem report as the editor shows it: where (in words), what, and every place of a repeat."""

    severity: str
    place: str
    message: str
    count: int
    places: tuple[str, ...]


def problem_report(problems: list[Problem], programme) -> list[ReportEntry]:
    """Problems as report lines in the organiser's language: errors first, a repeated note once with its count,
    places worded against the programme (a conference, or an outline of a document); zones and dates worded (the
    zone an organiser typed wrongly stays as typed)."""
    language = page_language()
    outline = programme if isinstance(programme, reporting.Outline) else reporting.outline_of_conference(programme)
    entries = []
    for line in reporting.report_lines(problems):
        places = tuple(reporting.place_in_words(location, outline, language, _) for location in line.locations)
        message = line.message(_, ngettext, problem_wording(line.first, language))
        entries.append(ReportEntry(line.severity, places[0] if line.count == 1 else "", message, line.count,
                                   places if line.count > 1 else ()))
    return entries


@bp.app_template_global("organiser_report")
def _organiser_report(problems, programme):
    """Template access to problem_report."""
    return problem_report(problems, programme)


@bp.app_template_global("day_window")
def _day_window(day, zone: str) -> tuple[zonedisplay.ShownTime, zonedisplay.ShownTime]:
    """A day's start and end in a zone, for the editor's window lines (marked like every time on another date)."""
    return zonedisplay.window(day.starts_at, day.ends_at, zone, day.local_date, page_language())


@bp.app_template_global("day_clocks")
def day_clocks(conference, day, rows) -> list[zonedisplay.ZoneDay]:
    """The agenda table's times in each reference zone, under the day's date and its columns' labels (`rows`:
    re-flowed rows, None where a row has no times yet)."""
    last = max([day.ends_at, *(row.end for row in rows if row is not None and row.end is not None)])
    return [zonedisplay.ZoneDay(zone, day.local_date, page_language(), day.starts_at, last)
            for zone in conference.reference_zones]


@bp.app_template_global("organiser_problems")
@pass_context
def _organiser_problems(context, problems) -> list[str]:
    """Problems as one line each ("Fachworkshop 1, 15. Juni: …"), worded against the page's conference."""
    programme = context.get("conference") or reporting.Outline()
    return [f"{entry.place}: {entry.message}" if entry.place else entry.message
            for entry in problem_report(problems, programme)]
