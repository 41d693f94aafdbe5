"""Commands for cron, services and operators: queue reminders and deliver the outbox (once or continuously), purge
expired data."""
from __future__ import annotations

import signal
import threading

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from confsched.extensions import db
from confsched.programme import deletions
from confsched.registration import operations, outbox, reminders


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(send_outbox_command)
    app.cli.add_command(worker_command)
    app.cli.add_command(purge_registrations_command)


@click.command("send-outbox")
@click.option("--limit", default=500, show_default=True, help="Most messages to try in this run.")
@click.option("--now", "retry_now", is_flag=True, help="Retry failed messages at once instead of after their pause.")
@with_appcontext
def send_outbox_command(limit: int, retry_now: bool) -> None:
    """Queue the reminders that are due, send queued emails and retry failed ones that are due (run it from cron every
    minute)."""
    retried = outbox.retry_failed_now() if retry_now else 0
    reminded = reminders.queue_due()
    sent, failed = outbox.deliver(current_app._get_current_object(), limit=limit)
    click.echo(f"reminders queued {reminded}, failed messages retried now {retried}, sent {sent}, failed {failed}")
    if failed:
        raise click.exceptions.Exit(1)


@click.command("worker")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between looks at an empty outbox.")
@with_appcontext
def worker_command(interval: float) -> None:
    """Queue due reminders and deliver mail continuously, for deployments without cron; stops cleanly on SIGTERM or
    Ctrl-C."""
    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    click.echo("confsched worker: queueing reminders and delivering mail until stopped", err=True)
    outbox.run_worker(current_app._get_current_object(), stop, interval=interval, queue_due=reminders.queue_due)
    click.echo("confsched worker: stopped", err=True)


@click.command("purge-registrations")
@with_appcontext
def purge_registrations_command() -> None:
    """Delete unconfirmed requests past their link's life, registrants past the retention period, and deleted programme
    parts whose 30 days for restoring are over."""
    requests, registrants = operations.purge_expired()
    parts = deletions.purge_expired()
    db.session.commit()
    click.echo(f"deleted {requests} unconfirmed requests and {registrants} registrants; "
               f"{parts} deleted programme parts past their 30 days for restoring")
