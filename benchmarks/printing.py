"""Benchmark of the printed programme: `python benchmarks/printing.py` (about a minute; not part of the tests).

Loads the demo into a temporary SQLite database and times, in process through the test client,
`/<lang>/<slug>/programme.pdf` in German, Turkish and both: cold (built by WeasyPrint, the cache
emptied before each run), cached (served from the built-file cache) and conditional (304). Prints
best and median of each, with the file's size and page count. WeasyPrint's layout dominates a cold
build, so the HTTP server is left out.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

EDITIONS = {"de": ("de", {}), "tr": ("tr", {}), "both": ("de", {"edition": "both"})}


def timed(request) -> tuple[float, object]:
    """Seconds one request takes, and its response."""
    start = time.perf_counter()
    response = request()
    return time.perf_counter() - start, response


def page_count(pdf: bytes) -> int:
    """Pages of a PDF, through poppler's pdfinfo."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main() -> None:
    """Time every edition cold, cached and conditional, and print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each measurement (default 5)")
    runs = parser.parse_args().runs

    from confsched import create_app
    from confsched.caching import built_file_cache

    with tempfile.TemporaryDirectory() as directory:
        app = create_app({"SECRET_KEY": "benchmark", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory}/bench.sqlite",
                          "CONFSCHED_BASE_URL": "http://localhost"})
        app.test_cli_runner().invoke(args=["demo"])
        client = app.test_client()
        print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
              f" load average {os.getloadavg()[0]:.2f}")
        print("| edition | pages | size | cold best | cold median | cached median | 304 median |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, (lang, query) in EDITIONS.items():
            url = f"/{lang}/vorkonferenz-2020/programme.pdf"
            cold, cached, conditional = [], [], []
            for _ in range(runs):
                with app.app_context():
                    built_file_cache().clear()
                seconds, response = timed(lambda: client.get(url, query_string=query))
                assert response.status_code == 200, response.status_code
                cold.append(seconds)
                cached.append(timed(lambda: client.get(url, query_string=query))[0])
                etag = response.headers["ETag"]
                seconds, answer = timed(lambda: client.get(url, query_string=query, headers={"If-None-Match": etag}))
                assert answer.status_code == 304
                conditional.append(seconds)
            print(f"| {name} | {page_count(response.data)} | {len(response.data) / 1024:.0f} KB | {min(cold):.2f} s"
                  f" | {statistics.median(cold):.2f} s | {statistics.median(cached) * 1000:.1f} ms"
                  f" | {statistics.median(conditional) * 1000:.1f} ms |")
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
