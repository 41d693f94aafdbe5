"""Benchmark of agenda edits: `python benchmarks/edits.py` (about a minute on a quiet machine; not part of the tests).

Builds synthetic conferences of 40, 400, 4,000 and 12,000 agenda items (workshops of 2 days x
20 items, one person per six items) in a temporary SQLite database, or in the empty database
given with --database-url (PostgreSQL). Then, in process through the test client, it edits one
day of a workshop in the middle of each conference over the real routes: the write API (change
an item, insert one, move one, delete one, move the day) and the editor's forms (change an item,
move one). Each size's first round only warms up; the measured rounds then take the sizes in
turn, so no size is measured first. Prints, per size, the server time per edit (median and p95
over every edit) and the SQL statements per edit (min and max). CPU time is printed as well: on
a busy machine it shows what the edit costs when the wall clock also counts waiting for a core.
The target: under 50 ms per edit at 12,000 items, and the same statements at every size.
"""
from __future__ import annotations

import argparse
import inspect
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

SIZES = (40, 400, 4_000, 12_000)
ITEMS_PER_DAY = 20
DAYS = 2
EMAIL = "benchmark@example.org"
PASSWORD = secrets.token_urlsafe(16)


def slug_for(items: int) -> str:
    """The conference slug of one size."""
    return f"edits-{items}"


def build(app, sizes) -> str:
    """Load every conference and an organiser who may edit them; return the organiser's API token."""
    from confsched.database import create_schema
    from confsched.organiser import accounts, membership
    from confsched.programme.importer import import_document
    from confsched.programme.queries import load_programme
    from confsched.programme.synthetic import synthetic_document

    with app.app_context():
        create_schema()
        accounts.create_organiser(EMAIL, PASSWORD)
        for items in sizes:
            workshops = items // (ITEMS_PER_DAY * DAYS)
            options = {"slug": slug_for(items), "workshops": workshops, "days_per_workshop": DAYS,
                       "items_per_day": ITEMS_PER_DAY, "people": max(10, items // 6)}
            if "platforms" in inspect.signature(synthetic_document).parameters:
                options["platforms"] = workshops // 5 + 1  # no two workshops overlap on a platform
            import_document(synthetic_document(**options))
            membership.add_member(load_programme(slug_for(items), with_agendas=False), EMAIL)
        return accounts.issue_token(accounts.find_organiser(EMAIL), "benchmark")


def agenda_ids(client, headers, slug: str, workshop: int) -> list[int]:
    """The item ids of the workshop's first day, in agenda order."""
    response = client.get(f"/api/v1/conferences/{slug}/workshops/{workshop}/days/1/agenda", headers=headers)
    assert response.status_code == 200, response.status_code
    return [row["id"] for row in response.get_json()["agenda"]["items"]]


def edit_round(client, headers, slug: str, workshop: int, turn: int):
    """One round of edits as (name, request) pairs; each round leaves the day as it found it, moved or not."""
    api = f"/api/v1/conferences/{slug}"
    editor = f"/organiser/conferences/{slug}"
    ids = agenda_ids(client, headers, slug, workshop)
    item, neighbour = ids[turn % 16 + 2], ids[turn % 16 + 3]  # another item each round, up to 15 rounds
    start = "08:55" if turn % 2 == 0 else "09:00"
    inserted = {}

    def insert():
        response = client.post(f"{api}/workshops/{workshop}/days/1/items", headers=headers, json={
            "kind": "break", "title": {"de": "Pause", "tr": "Ara"}, "duration_minutes": 5, "after": item})
        inserted["id"] = next(row["id"] for row in response.get_json()["agenda"]["items"] if row["id"] not in ids)
        return response

    return [
        ("API: change an item", lambda: client.patch(f"{api}/items/{item}", headers=headers,
                                                     json={"duration_minutes": 15})),
        ("API: change it back", lambda: client.patch(f"{api}/items/{item}", headers=headers,
                                                     json={"duration_minutes": 10})),
        ("API: insert an item", insert),
        ("API: move an item", lambda: client.post(f"{api}/items/{neighbour}/move", headers=headers,
                                                  json={"direction": "up"})),
        ("API: delete an item", lambda: client.delete(f"{api}/items/{inserted['id']}", headers=headers)),
        ("API: move the day", lambda: client.patch(f"{api}/workshops/{workshop}/days/2", headers=headers,
                                                   json={"local_start": start})),
        ("editor: change an item", lambda: client.post(f"{editor}/items/{item}/edit", data={
            "kind": "discussion", "title_de": "Diskussion", "title_tr": "Tartışma", "duration_minutes": "10",
            "action": "save"})),
        ("editor: move an item", lambda: client.post(f"{editor}/items/{neighbour}/move/down")),
    ]


def sign_in(client) -> None:
    """Sign the client in through the editor's sign-in form (CSRF checks are off)."""
    response = client.post("/organiser/sign-in", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 302, response.status_code


def measure(app, token: str, sizes: list[int], rounds: int) -> dict:
    """Seconds (wall and CPU) and statements of every edit of `rounds` rounds per conference size, and per kind of
    edit its median seconds and its statements, by size.

    Every size's first round warms caches and the token's first use and is not counted; after it, the rounds
    visit the sizes in turn, so that a warm-up or a busier minute of the machine falls on every size alike
    instead of on whichever is measured first.
    """
    from sqlalchemy import event

    from confsched.extensions import db

    statements = []

    def count(*_arguments):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    sessions = {}
    for items in sizes:
        client = app.test_client()
        sign_in(client)
        sessions[items] = (client, items // (ITEMS_PER_DAY * DAYS) // 2 + 1)
    headers = {"Authorization": f"Bearer {token}"}
    measured = {items: ([], [], [], {}) for items in sizes}
    for turn in range(rounds + 1):
        for items in sizes:
            client, workshop = sessions[items]
            seconds, cpu_seconds, counts, by_edit = measured[items]
            for name, request in edit_round(client, headers, slug_for(items), workshop, turn):
                statements.clear()
                event.listen(engine, "before_cursor_execute", count)
                start, cpu_start = time.perf_counter(), time.process_time()
                response = request()
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
                event.remove(engine, "before_cursor_execute", count)
                assert response.status_code in (200, 201, 302), (name, response.status_code, response.get_data()[:300])
                if turn == 0:
                    continue
                seconds.append(elapsed)
                cpu_seconds.append(cpu)
                counts.append(len(statements))
                by_edit.setdefault(name, []).append((elapsed, len(statements)))
    return {items: (seconds, cpu_seconds, counts, {
        name: (statistics.median(elapsed for elapsed, _count in values), _span([count for _elapsed, count in values]))
        for name, values in by_edit.items()}) for items, (seconds, cpu_seconds, counts, by_edit) in measured.items()}


def _span(counts: list[int]) -> str:
    """A number, or the range the numbers span."""
    return str(counts[0]) if min(counts) == max(counts) else f"{min(counts)}–{max(counts)}"


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def main() -> None:
    """Build the conferences, edit each, print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty database to use instead of a temporary SQLite file")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of 8 edits per size (default 10)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="agenda items per conference")
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split(",")]

    from confsched import create_app

    with tempfile.TemporaryDirectory() as directory:
        database_uri = arguments.database_url or f"sqlite:///{directory}/edits.sqlite"
        app = create_app({"SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": secrets.token_hex(32),
                          "WTF_CSRF_ENABLED": False, "CONFSCHED_BASE_URL": "http://localhost",
                          "RATELIMIT_ENABLED": False})
        started = time.perf_counter()
        token = build(app, sizes)
        print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}, {database_uri.split(':')[0]}, built in "
              f"{time.perf_counter() - started:.0f} s, load average {os.getloadavg()[0]:.2f}")
        print("| agenda items | edits | median ms | p95 ms | CPU median ms | statements per edit |")
        print("|---:|---:|---:|---:|---:|---:|")
        results = measure(app, token, sizes, arguments.rounds)
        for items, (seconds, cpu_seconds, counts, _by_edit) in results.items():
            print(f"| {items:,} | {len(seconds)} | {statistics.median(seconds) * 1000:.1f}"
                  f" | {percentile(seconds, 0.95) * 1000:.1f} | {statistics.median(cpu_seconds) * 1000:.1f}"
                  f" | {_span(counts)} |")
        print("\nMedian ms (statements) per kind of edit:")
        print("| edit | " + " | ".join(f"{items:,} items" for items in sizes) + " |")
        print("|---|" + "---:|" * len(sizes))
        for name in results[sizes[0]][3]:
            print(f"| {name} | " + " | ".join(f"{results[items][3][name][0] * 1000:.1f} ({results[items][3][name][1]})"
                                             for items in sizes) + " |")
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
