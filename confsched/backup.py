"""`flask backup`: every conference's release and draft as private programme documents, restorable with `flask import`."""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from confsched.programme import document as programme_document
from confsched.programme.queries import list_conferences, load_programme


def init_app(app: Flask) -> None:
    """Register the backup command."""
    app.cli.add_command(backup_command)


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, atomically, so a crash never leaves half a backup."""
    descriptor, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(scratch, 0o600)
        os.replace(scratch, path)
    except BaseException:
        os.unlink(scratch)
        raise


def back_up(directory: Path) -> list[Path]:
    """Export every conference with its access data into the directory: its latest release as <slug>.json and its
    working draft as <slug>.draft.json, so neither what is public nor what organisers are still preparing is lost."""
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    written = []
    for conference in list_conferences(released=False):
        versions = [(f"{conference.slug}.json", load_programme(conference.slug, with_access=True))
                    if conference.release_number else (None, None),
                    (f"{conference.slug}.draft.json", load_programme(conference.slug, with_access=True, draft=True))]
        for name, programme in versions:
            if programme is not None:
                path = directory / name
                write_private(path, programme_document.dumps(
                    programme_document.export_document(programme, include_access=True)))
                written.append(path)
    return written


@click.command("backup")
@with_appcontext
@click.option("-o", "--output", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write into (default: instance/backups/<UTC time>).")
def backup_command(directory: Path | None) -> None:
    """Write every conference, including platform access data, as programme documents readable only by you."""
    if directory is None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        directory = Path(current_app.instance_path) / "backups" / stamp
    written = back_up(directory)
    for path in written:
        click.echo(f"Wrote {path}.")
    click.echo(f"Wrote {len(written)} file(s) to {directory}; restore a release with "
               f"`flask --app confsched import FILE`, a draft with `flask --app confsched import --draft FILE`.")
