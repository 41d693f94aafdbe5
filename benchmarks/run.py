"""Benchmark of pages and feeds: `python benchmarks/run.py` (about three minutes; not part of the tests).

1. Builds a large synthetic conference (300 workshops x 2 days x 20 agenda items, 2,000
   people) plus copies at 1/10 and 1/100 of its size, in a temporary SQLite database (or
   the empty database given with --database-url).
2. Serves it with gunicorn and the project's gunicorn.conf.py on 127.0.0.1 only, and loads
   each route with wrk (-t2 -c8, like the pretalx figures in docs/anchors.md). Prints one
   table: requests/s, p50, p99, and the ratio to a bare do-nothing route on the same server.
3. In process, with the page and feed caches switched off, times building the conference
   feed at 1x, 10x and 100x the size and counts SQL statements per request at 1x and 100x.

Routes that answer 404 (not built yet) are skipped with a note. Every loop is bounded and
the server is stopped at the end, whatever happens.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

LANG = "de"
SIZES = {"1x": 3, "10x": 30, "100x": 300}  # workshops; each has 2 days of 20 items
LARGE = "100x"
# The feed target counts events; a feed has one event per workshop day.
MANY_EVENTS = {"slug": "benchmark-6000-events", "workshops": 1500, "days": 4, "items": 2}
BARE_PATH = "/_benchmark/bare"


@dataclass
class Route:
    """One thing to load: its name, path, whether it is the conditional variant, and its target."""

    name: str
    path: str
    conditional: bool = False
    target: str = ""


def routes(slug: str, workshop: int) -> list[Route]:
    """The routes of the issue, in table order, for one conference."""
    return [
        Route("workshop page", f"/{LANG}/{slug}/workshops/{workshop}/", target=">= 40 %"),
        Route("overview", f"/{LANG}/{slug}/"),
        Route("conference feed", f"/{LANG}/{slug}/calendar.ics"),
        Route("feed, conditional (304)", f"/{LANG}/{slug}/calendar.ics", conditional=True, target=">= 80 %"),
        Route("API document", f"/api/v1/conferences/{slug}"),
        Route("bare route (ceiling)", BARE_PATH),
    ]


def slug_for(size: str) -> str:
    """The conference slug of one size."""
    return f"benchmark-{size}"


# --- building the data --------------------------------------------------------------------


def make_app(database_uri: str, caches: bool):
    """The product app on the benchmark database; without caches every request builds afresh."""
    from confsched import create_app

    config = {"SQLALCHEMY_DATABASE_URI": database_uri, "SECRET_KEY": secrets.token_hex(32)}
    if not caches:
        config.update(CONFSCHED_PAGE_CACHE_SIZE=0, CONFSCHED_FEED_CACHE_SIZE=0, CONFSCHED_VERSION_CACHE_SECONDS=0)
    return create_app(config)


def build_conferences(database_uri: str, people: int) -> None:
    """Create the schema and import the three sizes (skipped for sizes already present)."""
    from confsched.database import create_schema
    from confsched.programme.importer import import_document
    from confsched.programme.queries import list_conferences
    from confsched.programme.synthetic import synthetic_document

    app = make_app(database_uri, caches=False)
    with app.app_context():
        create_schema()
        present = {conference.slug for conference in list_conferences()}
        wanted = [(slug_for(size), workshops, 2, 20) for size, workshops in SIZES.items()]
        wanted.append((MANY_EVENTS["slug"], MANY_EVENTS["workshops"], MANY_EVENTS["days"], MANY_EVENTS["items"]))
        for slug, workshops, days, items in wanted:
            if slug in present:
                continue
            started = time.perf_counter()
            import_document(synthetic_document(slug, workshops=workshops, days_per_workshop=days,
                                               items_per_day=items, people=people))
            print(f"  imported {slug}: {workshops:,} workshops x {days} days x {items} items "
                  f"in {time.perf_counter() - started:.1f} s", flush=True)


# --- in-process measurements ----------------------------------------------------------------


def measure_in_process(database_uri: str, repeats: int) -> None:
    """Feed build time at three sizes, and SQL statements per request at the smallest and largest."""
    from sqlalchemy import event

    from confsched.deployment import tune_garbage_collector
    from confsched.extensions import db

    tune_garbage_collector()  # as gunicorn.conf.py does in every worker
    app = make_app(database_uri, caches=False)
    client = app.test_client()
    statements: list[str] = []

    def count(connection, cursor, statement, *rest):
        """Record every statement sent to the database."""
        statements.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)

    print("\nConference feed, built without cache (median of runs):")
    print(f"  {'size':<6}{'workshops':>10}{'events':>9}{'bytes':>12}{'time':>10}{'per event':>12}")
    timings = {}
    for size, workshops in SIZES.items():
        path = f"/{LANG}/{slug_for(size)}/calendar.ics"
        durations, response = [], None
        for _ in range(repeats if size != LARGE else max(3, repeats // 2)):
            started = time.perf_counter()
            response = client.get(path)
            durations.append(time.perf_counter() - started)
        if response.status_code == 404:
            print(f"  skipped: {path} answers 404 (the feed is not built yet)")
            break
        events = response.get_data().count(b"BEGIN:VEVENT")
        median = statistics.median(durations)
        timings[size] = (events, median)
        print(f"  {size:<6}{workshops:>10}{events:>9,}{len(response.get_data()):>12,}"
              f"{median * 1000:>8.1f} ms{median / max(events, 1) * 1e6:>9.1f} µs")
    if len(timings) == len(SIZES):
        (small_events, small), (_, middle), (_, large) = timings.values()
        print(f"  growth: x{middle / small:.1f} from 1x to 10x, x{large / middle:.1f} from 10x to 100x "
              f"(linear would be x10 each; fixed costs make the first step smaller)")
    path = f"/{LANG}/{MANY_EVENTS['slug']}/calendar.ics"
    durations = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get(path)
        durations.append(time.perf_counter() - started)
    if response.status_code == 200:
        events = response.get_data().count(b"BEGIN:VEVENT")
        print(f"  {events:,} events ({MANY_EVENTS['workshops']:,} workshops x {MANY_EVENTS['days']} days): "
              f"{statistics.median(durations):.2f} s (target: under 2 s)")

    print("\nSQL statements per request (caches off, so every request renders):")
    print(f"  {'route':<26}" + "".join(f"{size:>8}" for size in ("1x", LARGE)))
    for route in routes("{slug}", 1):
        if route.path == BARE_PATH:
            continue
        counts = []
        for size in ("1x", LARGE):
            path = route.path.replace("{slug}", slug_for(size))
            headers = {}
            if route.conditional:
                headers["If-None-Match"] = client.get(path).headers.get("ETag", "")
            statements.clear()
            status = client.get(path, headers=headers).status_code
            counts.append("404" if status == 404 else str(len(statements)))
        print(f"  {route.name:<26}" + "".join(f"{count:>8}" for count in counts))


# --- load test over HTTP ----------------------------------------------------------------------


def free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database_uri: str, port: int, workers: int | None, log_path: Path,
                 settings: dict | None = None) -> subprocess.Popen:
    """gunicorn with the project's settings (workers as configured unless given) and the benchmark's app, on loopback."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("FLASK_", "CONFSCHED_"))}
    environment.update({"DATABASE_URL": database_uri, "SECRET_KEY": secrets.token_hex(32), **(settings or {})})
    command = [sys.executable, "-m", "gunicorn", "--config", str(PROJECT_ROOT / "gunicorn.conf.py"),
               "--chdir", str(PROJECT_ROOT), "--pythonpath", str(PROJECT_ROOT / "benchmarks"),
               "--bind", f"127.0.0.1:{port}", *(["--workers", str(workers)] if workers else []), "served_app:app"]
    log = log_path.open("w")
    return subprocess.Popen(command, env=environment, stdout=log, stderr=log, stdin=subprocess.DEVNULL)


def stop_server(server: subprocess.Popen) -> None:
    """Stop gunicorn gracefully, or kill it after 30 s."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict]:
    """Status and headers of one GET, without raising on 3xx-5xx."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=180) as response:
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def wait_until_up(base: str, server: subprocess.Popen, seconds: int = 60) -> None:
    """Poll /healthz until the server answers (bounded)."""
    for _ in range(seconds * 5):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see its log")
        try:
            if fetch(base + "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz within a minute")


def to_ms(value: str) -> float:
    """wrk's latency ('812.00us', '1.23ms', '2.01s') in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url: str, headers: dict, duration: int, threads: int, connections: int, report: Path | None = None) -> dict:
    """Load one URL with wrk and read requests/s, p50, p99 and unexpected answers from its report (kept in `report`)."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, timeout=duration + 60,
                            check=True).stdout
    if report is not None:
        report.write_text(output)
    percentiles = {share: to_ms(value) for share, value in re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE)}
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": percentiles.get("50"),
        "p99": percentiles.get("99"),
        "failed": int(failed.group(1)) if failed else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def load_test(base: str, arguments, workdir: Path) -> None:
    """Check every route answers as expected, warm it up, load it, and print the table (wrk's reports go to workdir)."""
    slug = slug_for(LARGE)
    results, notes = {}, []
    for route in routes(slug, SIZES[LARGE] // 2):
        url = base + route.path
        fetch(base + "/healthz")  # requests still queued from the previous route finish first
        status, headers = fetch(url, {"Accept-Language": LANG})
        if status == 404:
            notes.append(f"skipped {route.name}: {route.path} answers 404 (not built yet)")
            continue
        request_headers = {"Accept-Language": LANG}
        if route.conditional:
            if "ETag" not in headers:
                notes.append(f"skipped {route.name}: the feed sends no ETag")
                continue
            request_headers["If-None-Match"] = headers["ETag"]
            status = fetch(url, request_headers)[0]
        expected = 304 if route.conditional else 200
        if status != expected:
            notes.append(f"skipped {route.name}: {route.path} answers {status}, expected {expected}")
            continue
        run_wrk(url, request_headers, 2, arguments.threads, arguments.connections)  # warm every worker
        report = workdir / f"wrk-{re.sub(r'[^a-z0-9]+', '-', route.name.lower()).strip('-')}.txt"
        results[route.name] = (route, run_wrk(url, request_headers, arguments.duration, arguments.threads,
                                              arguments.connections, report))
        print(f"  measured {route.name}", flush=True)

    ceiling = results.get("bare route (ceiling)", (None, {"rps": 0}))[1]["rps"]
    print(f"\nLoad test: wrk -t{arguments.threads} -c{arguments.connections} -d{arguments.duration}s on 127.0.0.1, "
          f"gunicorn {arguments.workers} sync workers, conference of {SIZES[LARGE]} workshops x 2 days x 20 items")
    print(f"| {'route':<24} | {'requests/s':>10} | {'p50 ms':>7} | {'p99 ms':>7} | {'of ceiling':>10} | {'target':>7} |")
    print(f"|{'-' * 26}|{'-' * 11}:|{'-' * 8}:|{'-' * 8}:|{'-' * 11}:|{'-' * 8}:|")
    for route, figures in results.values():
        if figures["rps"] == 0:
            notes.append(f"{route.name}: no request completed within {arguments.duration} s; raise --duration")
            continue
        ratio = f"{figures['rps'] / ceiling * 100:.0f} %" if ceiling else "n/a"
        p50, p99 = (f"{value:.2f}" if value is not None else "n/a" for value in (figures["p50"], figures["p99"]))
        print(f"| {route.name:<24} | {figures['rps']:>10,.1f} | {p50:>7} | {p99:>7} "
              f"| {ratio:>10} | {route.target:>7} |")
        if figures["failed"] or figures["socket_errors"]:
            notes.append(f"{route.name}: {figures['failed']} unexpected answers; socket errors {figures['socket_errors']}")
    for note in notes:
        print(f"note: {note}")


# --- the command ------------------------------------------------------------------------------


def machine() -> str:
    """The facts a reader needs to compare figures: CPU, cores, Python, database."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = found.group(1) if found else model
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def ensure_wrk() -> None:
    """wrk comes from Debian; install it when missing and we may, else explain."""
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdin=subprocess.DEVNULL)
        return
    raise SystemExit("wrk is missing: install it with `apt-get install wrk`")


def parse_arguments():
    """Command-line options; the defaults reproduce the README's figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per route (default 10)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2, as in anchors.md)")
    parser.add_argument("--people", type=int, default=2000, help="people in each conference (default 2000)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per in-process timing (default 5)")
    parser.add_argument("--database-url", help="an EMPTY database to use instead of a temporary SQLite file")
    parser.add_argument("--workdir", type=Path,
                        help="keep the SQLite database and server log here and reuse them next time")
    return parser.parse_args()


def main() -> None:
    """Build, measure in process, serve, load, report; always stop the server."""
    arguments = parse_arguments()
    ensure_wrk()
    workdir = arguments.workdir or Path(tempfile.mkdtemp(prefix="confsched-benchmark-"))
    workdir.mkdir(parents=True, exist_ok=True)
    database_uri = arguments.database_url or f"sqlite:///{workdir / 'benchmark.sqlite'}"
    print(f"Machine: {machine()}")
    print(f"Database: {database_uri.split('@')[-1] if arguments.database_url else 'SQLite ' + str(workdir)}")
    print("Building conferences:", flush=True)
    build_conferences(database_uri, arguments.people)
    measure_in_process(database_uri, arguments.repeats)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"\nServing on {base} (log: {workdir / 'gunicorn.log'}):", flush=True)
    server = start_server(database_uri, port, arguments.workers, workdir / "gunicorn.log")
    try:
        wait_until_up(base, server)
        load_test(base, arguments, workdir)
    finally:
        stop_server(server)
        if arguments.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
