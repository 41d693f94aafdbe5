"""Flask commands for programmes: demo, import and export."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask import Flask

from confsched.database import create_schema
from confsched.programme import document as programme_document
from confsched.programme.importer import ImportReport, import_text
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.queries import load_programme

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
        for problem in rejection.problems:
            click.echo(f"error: {problem.describe()}", err=True)
        raise click.exceptions.Exit(1) from None


def _echo_report(report: ImportReport) -> None:
    """Print what an import did and what it noticed."""
    for warning in report.warnings:
        click.echo(f"warning: {warning.describe()}", err=True)
    verb = "would change" if report.dry_run else "changed"
    for change in report.changes:
        click.echo(f"{verb}: {change.location}: {change.message()}")
    if not report.changes:
        click.echo(f"{report.slug}: already up to date.")
    elif not report.dry_run:
        click.echo(f"{report.slug}: {'created' if report.created else 'updated'}.")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the 2020 German–Turkish pre-conference (running it again keeps one copy)."""
    _echo_report(_run_import(demo_text(), dry_run=False))


@click.command("import")
@with_appcontext
@click.argument("file", type=click.File("rb"))
@click.option("--dry-run", is_flag=True, help="Report what would change without storing anything.")
def import_command(file, dry_run: bool) -> None:
    """Import a programme document (FILE, or - for standard input) in one transaction."""
    _echo_report(_run_import(file.read(), dry_run=dry_run))


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
