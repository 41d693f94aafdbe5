"""Flask commands for programmes: demo, import and export."""
from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask import Flask

from confsched.database import create_schema
from confsched.programme import document as programme_document
from confsched.programme import reporting
from confsched.programme.importer import ImportReport, import_text
from confsched.programme.problems import Problem, ProgrammeRejected, _english, _english_plural
from confsched.programme.queries import load_programme
from confsched.programme.validation import parse

DEMO_DOCUMENT = "vorkonferenz-2020.json"


def init_app(app: Flask) -> None:
    """Register the programme commands."""
    for command in (demo_command, import_command, export_command):
        app.cli.add_command(command)


def demo_text() -> str:
    """The 2020 German–Turkish pre-conference as a programme document, as shipped."""
    return resources.files("confsched.programme").joinpath("demo").joinpath(DEMO_DOCUMENT).read_text(encoding="utf-8")


def _run_import(text: str | bytes, dry_run: bool) -> ImportReport:
    """Import with the schema in place, turning rejections into a non-zero exit with every problem listed."""
    create_schema()
    try:
        return import_text(text, dry_run=dry_run)
    except ProgrammeRejected as rejection:
        try:
            outline = reporting.outline_of_document(parse(text))
        except ProgrammeRejected:
            outline = reporting.Outline()
        for line in report_lines(rejection.problems, outline):
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


def _echo_report(report: ImportReport, outline: reporting.Outline, summarise_warnings: bool = False) -> None:
    """Print what an import did and what it noticed: every note, or a count of each kind."""
    if summarise_warnings and report.warnings:
        click.echo(f"notes: {warning_summary(report.warnings)}; `flask --app confsched demo --details` lists them.",
                   err=True)
    else:
        for line in report_lines(report.warnings, outline):
            click.echo(line, err=True)
    verb = "would change" if report.dry_run else "changed"
    for change in report.changes:
        click.echo(f"{verb}: {change.location}: {change.message()}")
    if not report.changes:
        click.echo(f"{report.slug}: already up to date.")
    elif not report.dry_run:
        click.echo(f"{report.slug}: {'created' if report.created else 'updated'}.")


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
    """Load the 2020 German–Turkish pre-conference (running it again keeps one copy)."""
    text = demo_text()
    _echo_report(_run_import(text, dry_run=False), _outline(text), summarise_warnings=not details)


@click.command("import")
@with_appcontext
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Report what would change without storing anything.")
def import_command(file, dry_run: bool) -> None:
    """Import a programme document (FILE, or - for standard input) in one transaction."""
    text = file.read()
    _echo_report(_run_import(text, dry_run=dry_run), _outline(text))


@click.command("export")
@with_appcontext
@click.argument("slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--with-access", is_flag=True, help="Include the platforms' secret access data (private backups).")
def export_command(slug: str, output: Path | None, with_access: bool) -> None:
    """Export a conference as a programme document."""
    conference = load_programme(slug, with_access=with_access)
    if conference is None:
        raise click.ClickException(f"no conference with the slug {slug!r}")
    text = programme_document.dumps(programme_document.export_document(conference, include_access=with_access))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.", err=True)
