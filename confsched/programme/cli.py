"""Flask commands for programmes: demo, import, export, publish and releases."""
from __future__ import annotations

import copy
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext
from flask import Flask

from confsched import timeengine, zonedisplay
from confsched.database import create_schema
from confsched.extensions import db
from confsched.programme import document as programme_document
from confsched.programme import releases, reporting
from confsched.programme.importer import ImportReport, import_text
from confsched.programme.models import COMMAND_LINE
from confsched.programme.problems import Problem, ProgrammeRejected, _english, _english_plural
from confsched.programme.queries import load_conference_row, load_programme
from confsched.programme.validation import parse

DEMO_DOCUMENT = "vorkonferenz-2020.json"
# The demo's second release, so that its changelog has content: what the organisers learnt after the draft went out.
DEMO_NAMED_SPEAKER = {"key": "elif-yildiz", "name": "Elif Yıldız", "organisation": "antalya", "city": "Antalya"}
DEMO_SECOND_COMMENT = {
    "de": "Stadt Antalya hat ihre Referentin benannt, und Stefan Bege (Stadt Nürnberg) hat seinen Beitrag bestätigt.",
    "tr": "Antalya Büyükşehir Belediyesi konuşmacısını bildirdi; Stefan Bege (Nürnberg Belediyesi) katılımını "
          "teyit etti.",
}
# Languages by name, where the command line shows a text per language.
LANGUAGE_NAMES = {"de": "German", "tr": "Turkish"}


def init_app(app: Flask) -> None:
    """Register the programme commands."""
    for command in (demo_command, import_command, export_command, publish_command, releases_command):
        app.cli.add_command(command)


def demo_text() -> str:
    """The 2020 German–Turkish pre-conference as a programme document, as shipped."""
    return resources.files("confsched.programme").joinpath("demo").joinpath(DEMO_DOCUMENT).read_text(encoding="utf-8")


def _run_import(text: str | bytes, dry_run: bool, draft: bool = False) -> ImportReport:
    """Import (as a release, or into the draft) with the schema in place, turning rejections into a non-zero exit
    with every problem listed."""
    create_schema()
    try:
        return import_text(text, dry_run=dry_run, draft=draft)
    except ProgrammeRejected as rejection:
        try:
            outline = reporting.outline_of_document(parse(text))
        except ProgrammeRejected:
            outline = reporting.Outline()
        _refuse(rejection, outline)


def _refuse(rejection: ProgrammeRejected, outline: reporting.Outline | None = None) -> NoReturn:
    """List every problem of a refusal on standard error and exit 1."""
    for line in report_lines(rejection.problems, outline or reporting.Outline()):
        click.echo(line, err=True)
    raise click.exceptions.Exit(1) from None


def report_lines(problems: list[Problem], outline: reporting.Outline) -> list[str]:
    """Problems as the command line says them: errors first, each place in words with its document path (for
    whoever edits the JSON), a note repeated at several places once with its count and the places under it."""
    lines = []
    for line in reporting.report_lines(problems):
        prefix = "error" if line.severity == "error" else "warning"
        places = [_place(location, outline) for location in line.locations]
        message = line.message(_english, _english_plural)
        if line.count == 1:
            lines.append(f"{prefix}: {places[0]}: {message}" if places[0] else f"{prefix}: {message}")
        else:
            lines.append(f"{prefix}: {message}")
            lines += [f"  - {place}" for place in places]
    return lines


def _place(location: str, outline: reporting.Outline) -> str:
    """A place in words, followed by the document path it was found at."""
    worded = reporting.place_in_words(location, outline, "en", _english)
    path = location.split(" (", 1)[0]
    return location if worded == location else f"{worded} ({path})"


def _echo_notes(report: ImportReport, outline: reporting.Outline, summarise: bool = False) -> None:
    """Print what an import noticed: every note, or a count of each kind."""
    if summarise and report.warnings:
        click.echo(f"notes: {warning_summary(report.warnings)}; `flask --app confsched demo --details` lists them.",
                   err=True)
    else:
        for line in report_lines(report.warnings, outline):
            click.echo(line, err=True)


def _echo_report(report: ImportReport, outline: reporting.Outline, draft: bool = False) -> None:
    """Print what an import noticed and did, and the release it published (or that the draft changed)."""
    _echo_notes(report, outline)
    verb = "would change" if report.dry_run else "changed"
    for change in report.changes:
        click.echo(f"{verb}: {change.location}: {change.message()}")
    click.echo(f"{report.slug}: {_outcome(report, draft)}.")


def _outcome(report: ImportReport, draft: bool) -> str:
    """What an import came to, in a few words."""
    if not report.changes:
        return "draft already up to date" if draft else "already up to date, nothing to release"
    if report.dry_run:
        return "nothing stored (dry run)"
    if draft:
        return (f"draft {'created' if report.created else 'updated'}; `flask --app confsched publish "
                f"{report.slug}` releases it")
    return f"{'created' if report.created else 'updated'}, release {report.release} published"


def _outline(text: str | bytes) -> reporting.Outline:
    """The outline of a document that was imported (so it parses)."""
    return reporting.outline_of_document(parse(text))


def warning_summary(warnings: list[Problem]) -> str:
    """The notes counted by kind, so a known-imperfect printed programme reads as a summary, not as a failure."""
    wrong_times = sum(1 for warning in warnings if warning.code == "printed_time")
    labels = Counter((warning.params["label"], warning.params["actual"])
                     for warning in warnings if warning.code == "printed_label")
    others = Counter(warning.message() for warning in warnings if warning.code not in ("printed_time", "printed_label"))
    phrases = [f"{_counted(wrong_times, 'printed time differs', 'printed times differ')} from the programme"]
    phrases += [f"{_counted(count, 'time', 'times')} printed as {label} where {actual} applied"
                for (label, actual), count in labels.items()]
    phrases += [f"{count} × {message}" for message, count in others.items()]
    return "; ".join(phrases[0 if wrong_times else 1:])


def _counted(count: int, singular: str, plural: str) -> str:
    """'1 time', '30 times'."""
    return f"{count} {singular if count == 1 else plural}"


@click.command("demo")
@with_appcontext
@click.option("--details", is_flag=True, help="List every note on the printed programme, not just their count.")
def demo_command(details: bool) -> None:
    """Load the 2020 German–Turkish pre-conference as release 1 and publish its second release through the draft
    (running it again changes nothing)."""
    text = demo_text()
    document = parse(text)
    slug = document["conference"]["slug"]
    create_schema()
    first = _run_import(text, dry_run=False) if load_conference_row(slug) is None else None
    second = _run_import(programme_document.dumps(demo_second_release(document)), dry_run=False, draft=True)
    _echo_notes(first or second, _outline(text), summarise=not details)
    try:
        release = releases.publish(slug, COMMAND_LINE, DEMO_SECOND_COMMENT)
    except ProgrammeRejected as rejection:
        if [problem.code for problem in rejection.problems] != ["nothing_to_release"]:
            _refuse(rejection)
        release = None
    done = [f"created, release {first.release} published"] if first is not None else []
    if release is not None:
        done.append(f"release {release.number} published ({_counted(len(release.changes), 'change', 'changes')})")
    number = load_conference_row(slug).release_number
    click.echo(f"{slug}: {'; '.join(done)}." if done else f"{slug}: already up to date (release {number}).")


def demo_second_release(document: dict) -> dict:
    """The demo as its second release: Stadt Antalya's speaker named (an invented person: the printed programme
    never named one) and Stefan Bege's talk confirmed."""
    document = copy.deepcopy(document)
    document["people"].append(DEMO_NAMED_SPEAKER)
    for workshop in document["workshops"]:
        for day in workshop["days"]:
            for item in _depth_first(day.get("items", [])):
                for assignment in item.get("assignments", []):
                    if assignment.get("organisation") == "antalya" and "person" not in assignment:
                        assignment["person"] = DEMO_NAMED_SPEAKER["key"]
                        assignment.pop("tbc", None)
                    elif assignment.get("person") == "stefan-bege":
                        assignment.pop("tbc", None)
    return document


def _depth_first(items: list[dict]) -> list[dict]:
    """A day's items and their children, as they are read."""
    return [found for item in items for found in (item, *_depth_first(item.get("children", [])))]


@click.command("import")
@with_appcontext
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Report what would change without storing anything.")
@click.option("--draft", is_flag=True, help="Change only the working draft; nothing is published.")
def import_command(file, dry_run: bool, draft: bool) -> None:
    """Import a programme document (FILE, or - for standard input) in one transaction, publishing it as the
    conference's next release (with --draft, only into its working draft)."""
    text = file.read()
    _echo_report(_run_import(text, dry_run=dry_run, draft=draft), _outline(text), draft=draft)


@click.command("export")
@with_appcontext
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--with-access", is_flag=True, help="Include the platforms' secret access data (private backups).")
@click.option("--release", type=click.IntRange(min=1), help="Export release N as it was published.")
@click.option("--draft", is_flag=True, help="Export the working draft instead of the latest release.")
def export_command(slug: str, output: Path | None, with_access: bool, release: int | None, draft: bool) -> None:
    """Export a conference as a programme document: its latest release, an earlier one, or its draft."""
    if release is not None and draft:
        raise click.UsageError("choose --release or --draft, not both")
    if release is not None:
        document = _release_document(slug, release, with_access)
    else:
        document = programme_document.export_document(_exported(slug, with_access, draft), include_access=with_access)
    text = programme_document.dumps(document)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.", err=True)


def _exported(slug: str, with_access: bool, draft: bool):
    """The programme an export writes: the latest release, or the draft (the published programme while the draft
    has not been made)."""
    conference = load_programme(slug, with_access=with_access, draft=True) if draft else None
    conference = conference or load_programme(slug, with_access=with_access, released=not draft)
    if conference is not None:
        return conference
    if load_conference_row(slug, released=False) is not None:
        raise click.ClickException(f"{slug!r} has not been released yet; `export {slug} --draft` writes its draft")
    raise click.ClickException(f"no conference with the slug {slug!r}")


def _release_document(slug: str, number: int, with_access: bool) -> dict:
    """The document release `number` published, as it was kept; public unless `with_access`."""
    published = load_conference_row(slug, released=False)
    if published is None:
        raise click.ClickException(f"no conference with the slug {slug!r}")
    release = releases.find_release(published, number)
    if release is None:
        raise click.ClickException(f"{slug!r} has no release {number}")
    try:
        return releases.release_document(release, include_access=with_access)
    except ProgrammeRejected as rejection:
        raise click.ClickException(rejection.problems[0].message(_english, _english_plural)) from None


@click.command("publish")
@with_appcontext
@click.argument("slug")
@click.option("--comment-de", default="", help="What the release brings, in German.")
@click.option("--comment-tr", default="", help="What the release brings, in Turkish.")
@click.option("--dry-run", is_flag=True, help="Say what release the draft would make, without publishing it.")
def publish_command(slug: str, comment_de: str, comment_tr: str, dry_run: bool) -> None:
    """Publish a conference's working draft as its next release, in one transaction."""
    published = releases.published_programme(slug)
    if published is None:
        raise click.ClickException(f"no conference with the slug {slug!r}")
    try:
        if dry_run:
            releases.releasable_document(published)
            preview = releases.preview(published)
            db.session.rollback()
            click.echo(f"{slug}: release {preview.number} would publish "
                       f"{_counted(len(preview.changes), 'change', 'changes')} (nothing stored, dry run).")
            return
        release = releases.publish(slug, COMMAND_LINE, {"de": comment_de, "tr": comment_tr})
    except ProgrammeRejected as rejection:
        _refuse(rejection)
    click.echo(f"{slug}: release {release.number} published ({_counted(len(release.changes), 'change', 'changes')}).")


@click.command("releases")
@with_appcontext
@click.argument("slug")
def releases_command(slug: str) -> None:
    """List a conference's releases, newest first: number, time (UTC), who published it, changes and comment."""
    published = load_conference_row(slug, released=False)
    if published is None:
        raise click.ClickException(f"no conference with the slug {slug!r}")
    listed = releases.releases(published)
    if not listed:
        click.echo(f"{slug}: not released yet.")
    for release in listed:
        at = timeengine.to_zone(release.published_at, "UTC")
        line = (f"release {release.number}: {zonedisplay.full_date(at.date(), 'en')}, "
                f"{zonedisplay.clock_text(release.published_at, 'UTC')} UTC, by {release.published_by}, "
                f"{_counted(len(release.changes or []), 'change', 'changes')}")
        click.echo(line + "".join(f"\n  {LANGUAGE_NAMES.get(language, language)}: {text}"
                                 for language, text in sorted((release.comment or {}).items())))
