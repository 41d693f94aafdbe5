"""Flask commands for accounts: create-organiser, create-token and add-member."""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from confsched.database import create_schema
from confsched.organiser import accounts, membership
from confsched.programme.problems import ProgrammeRejected
from confsched.programme.queries import load_programme


def init_app(app: Flask) -> None:
    """Register the account commands."""
    for command in (create_organiser_command, create_token_command, add_member_command):
        app.cli.add_command(command)


def _read_password() -> str:
    """Prompt twice on a terminal; otherwise read one line from standard input (never from the command line)."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@click.command("create-organiser")
@with_appcontext
@click.argument("email")
@click.option("--admin", is_flag=True, help="Let this organiser edit every conference and manage members.")
def create_organiser_command(email: str, admin: bool) -> None:
    """Create an organiser account; the password is prompted for, or read from standard input."""
    create_schema()
    try:
        organiser = accounts.create_organiser(email, _read_password(), is_admin=admin)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {'admin ' if organiser.is_admin else ''}organiser {organiser.email}.")


@click.command("create-token")
@with_appcontext
@click.argument("email")
@click.option("--name", default="command line", show_default=True, help="A name to tell the token apart later.")
def create_token_command(email: str, name: str) -> None:
    """Create an API token for an organiser and print it once; only its digest is stored."""
    organiser = accounts.find_organiser(email)
    if organiser is None:
        raise click.ClickException(f"no organiser with the email {email!r}")
    click.echo(accounts.issue_token(organiser, name))


@click.command("add-member")
@with_appcontext
@click.argument("email")
@click.argument("slug")
def add_member_command(email: str, slug: str) -> None:
    """Let an organiser edit a conference."""
    conference = load_programme(slug)
    if conference is None:
        raise click.ClickException(f"no conference with the slug {slug!r}")
    try:
        membership.add_member(conference, email)
    except ProgrammeRejected:
        raise click.ClickException(f"no organiser with the email {email!r}") from None
    click.echo(f"{accounts.normalise_email(email)} can now edit {slug}.")
