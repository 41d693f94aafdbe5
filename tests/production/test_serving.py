"""`gunicorn wsgi:app` serves with the project's settings, logs JSON, and refuses the development key."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from confsched import PROJECT_ROOT
from confsched.config import DEVELOPMENT_SECRET_KEY


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn(database_uri: str, secret_key: str, port: int, **settings: str) -> subprocess.Popen:
    """Start gunicorn as the README says, with two workers on loopback, configured through the environment."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith(("FLASK_", "CONFSCHED_", "RATELIMIT_"))}
    environment.update(DATABASE_URL=database_uri, SECRET_KEY=secret_key, WEB_CONCURRENCY="2",
                       CONFSCHED_BIND=f"127.0.0.1:{port}", **settings)
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "wsgi:app"], cwd=PROJECT_ROOT, env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


def wait_for(url: str, server: subprocess.Popen, seconds: float = 30):
    """The first answer from the server, polling until it listens (bounded)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            return urllib.request.urlopen(url, timeout=5)
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url}")


@pytest.fixture
def stop_after():
    """Stops every server a test started, even when the test fails."""
    servers = []
    yield servers.append
    for server in servers:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        server.stderr.close()


def served_log(database_uri: str, stop_after, **settings: str) -> list[dict]:
    """The JSON log entries of a gunicorn server that answered /healthz once and was stopped."""
    port = free_port()
    server = gunicorn(database_uri, "a-long-random-key-for-this-test", port, **settings)
    stop_after(server)
    response = wait_for(f"http://127.0.0.1:{port}/healthz?token=Zq3xT0kVb1aP9LmN2wQe7Rty", server)
    assert response.status == 200 and json.load(response) == {"database": "ok", "status": "ok"}
    server.terminate()
    log_lines = server.communicate(timeout=30)[1].splitlines()
    entries = [json.loads(line) for line in log_lines if line.startswith("{")]
    assert len(entries) == len(log_lines), log_lines
    return entries


def per_worker_warnings(entries: list[dict]) -> list[dict]:
    """The start-up warnings that rate limits count per worker."""
    return [entry for entry in entries if entry["logger"] == "gunicorn.error" and entry["level"] == "warning"
            and "counted per worker" in entry["message"]]


def test_gunicorn_serves_health_with_json_access_log(database_uri, stop_after):
    """The WSGI entry point serves /healthz, the access log is one JSON object per request, and two workers
    counting rate limits in memory are warned about once."""
    entries = served_log(database_uri, stop_after)
    (access,) = [entry for entry in entries if entry["logger"] == "gunicorn.access"]
    assert access["path"] == "/healthz" and access["status"] == "200"
    assert "Zq3xT0kVb1aP9LmN2wQe7Rty" not in access["message"]
    (warning,) = per_worker_warnings(entries)
    assert "2 workers" in warning["message"] and "redis://" in warning["message"]
    (base_url,) = [entry for entry in entries if "CONFSCHED_BASE_URL is not set" in entry["message"]]
    assert base_url["level"] == "warning"


def test_gunicorn_with_a_base_url_does_not_warn_about_it(tmp_path, stop_after):
    entries = served_log(f"sqlite:///{tmp_path / 'served.sqlite'}", stop_after,
                         CONFSCHED_BASE_URL="https://programme.example.org")
    assert not [entry for entry in entries if "CONFSCHED_BASE_URL" in entry["message"]]


@pytest.mark.skipif(not os.environ.get("CONFSCHED_TEST_REDIS_URL"), reason="set CONFSCHED_TEST_REDIS_URL to test Redis")
def test_gunicorn_with_shared_rate_limit_storage_does_not_warn(tmp_path, stop_after):
    """With Redis as the README's production section sets it, the workers share one count: no warning."""
    entries = served_log(f"sqlite:///{tmp_path / 'served.sqlite'}", stop_after,
                         RATELIMIT_STORAGE_URI=os.environ["CONFSCHED_TEST_REDIS_URL"])
    assert per_worker_warnings(entries) == []


def test_gunicorn_refuses_the_development_key(tmp_path, stop_after):
    """With the published development key the workers refuse to boot and the server exits non-zero."""
    server = gunicorn(f"sqlite:///{tmp_path / 'unused.sqlite'}", DEVELOPMENT_SECRET_KEY, free_port())
    stop_after(server)
    _, errors = server.communicate(timeout=60)
    assert server.returncode != 0
    assert "published development key" in errors


def test_gunicorn_boots_with_a_log_level_written_in_lower_case(database_uri, stop_after):
    """CONFSCHED_LOG_LEVEL=warning is what an operator means by WARNING; the workers boot and serve."""
    port = free_port()
    server = gunicorn(database_uri, "a-long-random-key-for-this-test", port, CONFSCHED_LOG_LEVEL="warning")
    stop_after(server)
    assert wait_for(f"http://127.0.0.1:{port}/healthz", server).status == 200


def test_gunicorn_stops_with_one_line_naming_an_unusable_setting(tmp_path, stop_after):
    """A value that cannot be used stops the master before any worker starts, with one line and no traceback."""
    server = gunicorn(f"sqlite:///{tmp_path / 'unused.sqlite'}", "a-long-random-key-for-this-test", free_port(),
                      CONFSCHED_LOG_LEVEL="verbose")
    stop_after(server)
    _, errors = server.communicate(timeout=60)
    assert server.returncode != 0
    assert errors.splitlines() == [
        "confsched: CONFSCHED_LOG_LEVEL='verbose' cannot be used: use one of debug, info, warning, error, critical."
    ]
