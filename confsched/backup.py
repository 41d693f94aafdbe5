"""`flask backup`: every conference as a private programme document, restorable with `flask import`."""
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
    """Export every conference with its access data into the directory, one file per slug."""
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    written = []
    for conference in list_conferences():
        full = load_programme(conference.slug, with_access=True)
        path = directory / f"{full.slug}.json"
        write_private(path, programme_document.dumps(programme_document.export_document(full, include_access=True)))
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
    click.echo(f"Backed up {len(written)} conference(s) to {directory}; restore one with "
               f"`flask --app confsched import FILE`.")
