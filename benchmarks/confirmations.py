"""Benchmark of 200 concurrent confirmations on PostgreSQL: `python benchmarks/confirmations.py` (not part of the tests).

1. Creates a fresh database on the local PostgreSQL server (or the server of --database-url),
   loads the demo, opens workshop 1 with 30 seats and records 200 pending registrations with
   the operations the registration form uses, keeping each one's confirmation link.
2. Serves the app with gunicorn and the project's gunicorn.conf.py on 127.0.0.1, with mail
   going over SMTP to a local sink, so requests only queue it (the default with SMTP). Each of
   200 clients, with its own cookie jar and its own address (X-Forwarded-For through one
   trusted proxy, so the per-address rate limit sees 200 people), GETs its confirmation page
   for the CSRF token; then all of them POST at once.
3. Prints the wall time from the first POST to the last answer (target: under 3 s), p50 and
   p99, and checks the outcome: 30 active, 170 waiting, every POST answered 303, no 5xx.

Runs three times by default, each on a fresh database, and prints the best and the median.
Every loop is bounded; the server is stopped and the database dropped at the end, whatever happens.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import statistics
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from run import free_port, machine, start_server, stop_server, wait_until_up

DEMO_SLUG = "vorkonferenz-2020"
WORKSHOP = 1
SEATS = 30
TARGET_SECONDS = 3.0
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
COMMIT = "COMMIT"  # marks a commit among the statements counted
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@dataclass
class Confirmation:
    """One client's outcome: the POST's status and how long its answer took."""

    status: int
    seconds: float
    started: float
    finished: float


# --- the database -------------------------------------------------------------------------------


def admin_url(server_url: str):
    """The server URL as SQLAlchemy reads it, through psycopg 3."""
    from sqlalchemy.engine import make_url

    from confsched.config import normalise_database_url

    return make_url(normalise_database_url(server_url))


def libpq(url) -> str:
    """A SQLAlchemy URL as a libpq connection string for psycopg."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def create_database(server_url: str) -> str:
    """A new, empty database on the server; returns its SQLAlchemy URL."""
    import psycopg
    from psycopg import sql

    url = admin_url(server_url)
    name = f"confsched_confirmations_{secrets.token_hex(4)}"
    with psycopg.connect(libpq(url), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, database_uri: str) -> None:
    """Drop the benchmark's database, closing any connection left to it."""
    import psycopg
    from psycopg import sql

    name = admin_url(database_uri).database
    with psycopg.connect(libpq(admin_url(server_url)), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def server_version(server_url: str) -> str:
    """The PostgreSQL server's version, e.g. '15.20'."""
    import psycopg

    with psycopg.connect(libpq(admin_url(server_url))) as connection:
        return connection.info.parameter_status("server_version") or "unknown"


# --- building the registrations -------------------------------------------------------------------


def make_app(database_uri: str, settings: dict):
    """The product app on the benchmark database, configured like the server."""
    from confsched import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": database_uri, **settings})


def pending_registrations(app, people: int) -> list[str]:
    """Load the demo, open the workshop with SEATS seats, and submit `people` registrations; returns their links."""
    from confsched.database import create_schema
    from confsched.extensions import db
    from confsched.programme.cli import demo_text
    from confsched.programme.importer import import_text
    from confsched.registration import operations, queries
    from confsched.registration.models import Role, WhenFull

    with app.test_request_context():
        create_schema()
        import_text(demo_text())
        workshop = queries.find_workshop(DEMO_SLUG, WORKSHOP)
        workshop.capacity = SEATS
        operations.set_open_registration(workshop, True)
        db.session.commit()
        registrations = []
        for number in range(people):
            language = ("de", "tr")[number % 2]
            details = operations.RegistrantDetails(
                name=f"Teilnehmende {number}", email=f"person{number}@example.org", organisation=None,
                city=None, country=None, language=language, zone="Europe/Berlin")
            registrations.append((language, operations.submit_registration(
                workshop, details, Role.active, WhenFull.waiting_list)))
        db.session.commit()
        return [f"/{language}/registration/confirm/{operations.confirmation_token(registration)}"
                for language, registration in registrations]


def outcome(app) -> dict:
    """Registrations of the workshop per status, its desk's seat counter, and the mail queued or sent."""
    from sqlalchemy import func, select

    from confsched.extensions import db
    from confsched.registration import queries
    from confsched.registration.models import OutboxMessage, Registration, RegistrationDesk

    with app.app_context():
        workshop = queries.find_workshop(DEMO_SLUG, WORKSHOP)
        rows = db.session.execute(select(Registration.status, func.count())
                                  .where(Registration.workshop_id == workshop.id).group_by(Registration.status)).all()
        mail = db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
        return {"registrations": {status.value: count for status, count in rows},
                "seats_taken": db.session.get(RegistrationDesk, workshop.id).active_taken,
                "mail": {status.value: count for status, count in mail}}


def statements_per_confirmation(app) -> dict:
    """SQL statements of one confirmation POST that takes a seat and one that joins the waiting list, in process.

    Each figure is (all statements, those from locking the desk to the commit): only one
    confirmation at a time runs the second part, so it bounds how fast a crowd can confirm.
    """
    from sqlalchemy import event

    from confsched.extensions import db
    from confsched.registration import operations, queries
    from confsched.registration.models import Role, WhenFull

    with app.test_request_context():
        workshop = queries.find_workshop(DEMO_SLUG, WORKSHOP + 1)
        workshop.capacity = 1
        operations.set_open_registration(workshop, True)
        paths = []
        for outcome_name in ("seat", "waiting"):
            details = operations.RegistrantDetails(
                name=outcome_name, email=f"{outcome_name}@example.org", organisation=None, city=None,
                country=None, language="de", zone="Europe/Berlin")
            registration = operations.submit_registration(workshop, details, Role.active, WhenFull.waiting_list)
            db.session.flush()
            paths.append((outcome_name, f"/de/registration/confirm/{operations.confirmation_token(registration)}"))
        db.session.commit()
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *arguments: statements.append(arguments[2]))
        event.listen(db.engine, "commit", lambda connection: statements.append(COMMIT))
    client, figures = app.test_client(), {}
    for outcome_name, path in paths:
        token = CSRF_FIELD.search(client.get(path).get_data(as_text=True)).group(1)
        statements.clear()
        client.post(path, data={"csrf_token": token})
        locked = next(index for index, statement in enumerate(statements) if "FOR UPDATE" in statement)
        figures[outcome_name] = (len(statements) - statements.count(COMMIT),
                                 statements.index(COMMIT, locked) - locked)
    return figures


# --- the clients ----------------------------------------------------------------------------------


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Answer a redirect as it is: the 303 after a confirmation is the response being measured."""

    def redirect_request(self, *arguments, **keywords):
        """Never follow."""
        return None


class Client:
    """One registrant's browser: its own cookie jar and its own address behind the proxy."""

    def __init__(self, base: str, path: str, address: str):
        """Remember the link and the address; start with no cookies."""
        self.url, self.address = base + path, address
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), KeepRedirects())
        self.csrf_token = ""

    def request(self, data: bytes | None = None) -> tuple[int, str]:
        """Status and body of a GET (or a POST of `data`), without raising on 3xx-5xx; 0 if the connection failed."""
        request = urllib.request.Request(self.url, data=data, headers={"X-Forwarded-For": self.address})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except OSError:
            return 0, ""

    def open_page(self) -> int:
        """GET the confirmation page and keep its CSRF token (its session cookie stays in the jar)."""
        status, body = self.request()
        found = CSRF_FIELD.search(body)
        self.csrf_token = found.group(1) if found else ""
        return status

    def confirm(self, start: threading.Barrier) -> Confirmation:
        """Wait for every other client, then press the button."""
        start.wait(timeout=120)
        started = time.perf_counter()
        status, _ = self.request(urllib.parse.urlencode({"csrf_token": self.csrf_token}).encode())
        finished = time.perf_counter()
        return Confirmation(status, finished - started, started, finished)


def confirm_all(base: str, paths: list[str], concurrency: int) -> list[Confirmation]:
    """Every client opens its page, then all POST together (`concurrency` at a time at most)."""
    clients = [Client(base, path, f"10.0.{number // 200}.{number % 200 + 1}") for number, path in enumerate(paths)]
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        pages = list(pool.map(Client.open_page, clients))
        if pages.count(200) != len(clients) or not all(client.csrf_token for client in clients):
            raise SystemExit(f"confirmation pages did not all open: statuses {sorted(set(pages))}")
        start = threading.Barrier(min(concurrency, len(clients)))
        return list(pool.map(lambda client: client.confirm(start), clients))


# --- one run ----------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of a list of values."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share / 100 * len(ordered) + 0.5) - 1))]


def mail_sink():
    """An SMTP server on 127.0.0.1 that counts what it receives; requests should hand it nothing."""
    from aiosmtpd.controller import Controller

    class Counter:
        """Accepts and counts every message."""

        received = 0

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
            """Count the message and accept it."""
            self.received += 1
            return "250 Message accepted for delivery"

    counter = Counter()
    return Controller(counter, hostname="127.0.0.1", port=free_port()), counter


def run_once(arguments, workdir: Path, number: int) -> dict:
    """Build, serve and confirm on a fresh database; returns the figures and the outcome."""
    sink, counter = mail_sink()
    sink.start()
    settings = {"SECRET_KEY": secrets.token_hex(32), "CONFSCHED_SMTP_HOST": "127.0.0.1",
                "CONFSCHED_SMTP_PORT": str(sink.port), "CONFSCHED_SMTP_SECURITY": "none",
                "CONFSCHED_PROXY_COUNT": "1",
                "CONFSCHED_BASE_URL": "http://127.0.0.1", "CONFSCHED_LOG_LEVEL": "warning"}
    database_uri, server = create_database(arguments.database_url), None
    try:
        app = make_app(database_uri, settings)
        paths = pending_registrations(app, arguments.people)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(database_uri, port, arguments.workers, workdir / f"gunicorn-{number}.log", settings)
        wait_until_up(base, server)
        load = os.getloadavg()
        confirmations = confirm_all(base, paths, arguments.concurrency)
        wall = max(c.finished for c in confirmations) - min(c.started for c in confirmations)
        return {"wall": wall, "load": load, "confirmations": confirmations, **outcome(app),
                "sent_in_requests": counter.received, "statements": statements_per_confirmation(app)}
    finally:
        if server is not None:
            stop_server(server)
        sink.stop()
        drop_database(arguments.database_url, database_uri)


def report(number: int, result: dict, people: int) -> list[str]:
    """Print one run's figures; returns what failed the expected outcome."""
    seconds = [confirmation.seconds * 1000 for confirmation in result["confirmations"]]
    statuses = [confirmation.status for confirmation in result["confirmations"]]
    registrations = result["registrations"]
    print(f"  run {number}: load average {result['load'][0]:.2f} before; wall {result['wall']:.2f} s, "
          f"p50 {percentile(seconds, 50):.0f} ms, p99 {percentile(seconds, 99):.0f} ms; "
          f"{registrations.get('active', 0)} active, {registrations.get('waiting', 0)} waiting, "
          f"{sum(status >= 500 for status in statuses)} 5xx; mail {result['mail']}, "
          f"{result['sent_in_requests']} sent in requests", flush=True)
    print("         SQL statements per confirmation (from locking the desk to the commit): " + ", ".join(
        f"{name} {total} ({locked})" for name, (total, locked) in result["statements"].items()), flush=True)
    problems = []
    if registrations != {"active": SEATS, "waiting": people - SEATS}:
        problems.append(f"run {number}: registrations {registrations}, expected {SEATS} active, {people - SEATS} waiting")
    if result["seats_taken"] != SEATS:
        problems.append(f"run {number}: the desk counts {result['seats_taken']} seats taken, expected {SEATS}")
    if statuses.count(303) != people:
        problems.append(f"run {number}: POST answers {sorted(statuses)[:3]}…{sorted(statuses)[-3:]}, expected 303 each")
    return problems


# --- the command --------------------------------------------------------------------------------------


def parse_arguments():
    """Command-line options; the defaults reproduce the README's figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_SERVER,
                        help=f"a PostgreSQL server to create the benchmark's database on (default {DEFAULT_SERVER})")
    parser.add_argument("--people", type=int, default=200, help="registrants confirming at once (default 200)")
    parser.add_argument("--concurrency", type=int, default=200, help="client threads (default 200: all at once)")
    parser.add_argument("--workers", type=int, help="gunicorn sync workers (default: as gunicorn.conf.py says)")
    parser.add_argument("--runs", type=int, default=3, help="runs, each on a fresh database (default 3)")
    return parser.parse_args()


def main() -> None:
    """Run, report each run, then the best and the median against the target; fail if an outcome is wrong."""
    arguments = parse_arguments()
    print(f"Machine: {machine()}, PostgreSQL {server_version(arguments.database_url)}")
    print(f"Load average before: {' '.join(f'{value:.2f}' for value in os.getloadavg())}")
    workers = arguments.workers or int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
    print(f"{arguments.people} confirmations for {SEATS} seats, {arguments.concurrency} client threads, "
          f"{workers} gunicorn sync workers", flush=True)
    problems, walls = [], []
    with tempfile.TemporaryDirectory(prefix="confsched-confirmations-") as workdir:
        for number in range(1, arguments.runs + 1):
            result = run_once(arguments, Path(workdir), number)
            problems += report(number, result, arguments.people)
            walls.append(result["wall"])
    print(f"Wall time: best {min(walls):.2f} s, median {statistics.median(walls):.2f} s "
          f"(target: under {TARGET_SECONDS:.0f} s)")
    if problems:
        raise SystemExit("\n".join(problems))


if __name__ == "__main__":
    main()
