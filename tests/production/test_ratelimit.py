"""The shared limiter: localized 429s, memory storage per process, Redis shared between instances."""
import os

import pytest
from flask_babel import gettext

from confsched import create_app
from confsched.ratelimit import limiter, per_worker_warning


def limited_app(**config):
    """An app with routes limited to two requests a minute, as a sign-in form would be."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": "sqlite://", **config})

    @app.get("/<any(de,tr):lang>/sign-in-probe")
    @limiter.limit("2 per minute")
    def sign_in_probe(lang):
        """Stands in for a sign-in form."""
        return "ok"

    @app.get("/api/v1/probe")
    @limiter.limit("2 per minute")
    def api_probe():
        """Stands in for a write API call."""
        return {"ok": True}

    return app


def expected_message(app, lang: str) -> str:
    """The refusal as the catalogue for this language words it."""
    with app.test_request_context(f"/{lang}/sign-in-probe"):
        return gettext("Too many attempts. Please wait a moment and try again.")


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_third_attempt_is_refused_in_the_readers_language(lang):
    """Past the limit a 429 with Retry-After says to wait, in the URL's language; the API gets JSON."""
    app = limited_app()
    client = app.test_client()
    assert [client.get(f"/{lang}/sign-in-probe").status_code for _ in range(2)] == [200, 200]
    refused = client.get(f"/{lang}/sign-in-probe")
    assert refused.status_code == 429
    assert refused.mimetype == "text/plain" and refused.get_data(as_text=True) == expected_message(app, lang)
    assert int(refused.headers["Retry-After"]) > 0
    for _ in range(2):
        client.get("/api/v1/probe")
    refused_api = client.get("/api/v1/probe")
    assert refused_api.status_code == 429 and refused_api.json["error"]["message"]


def test_memory_storage_counts_per_instance():
    """In memory (the default) each new instance starts counting afresh."""
    first = limited_app().test_client()
    for _ in range(3):
        first.get("/de/sign-in-probe")
    second = limited_app().test_client()
    assert second.get("/de/sign-in-probe").status_code == 200


@pytest.mark.skipif(not os.environ.get("CONFSCHED_TEST_REDIS_URL"), reason="set CONFSCHED_TEST_REDIS_URL to test Redis")
def test_redis_storage_is_shared_between_instances():
    """With RATELIMIT_STORAGE_URI on Redis, a second instance sees the first one's count."""
    redis_uri = os.environ["CONFSCHED_TEST_REDIS_URL"]
    first = limited_app(RATELIMIT_STORAGE_URI=redis_uri)
    limiter.reset()
    client = first.test_client()
    assert [client.get("/de/sign-in-probe").status_code for _ in range(2)] == [200, 200]
    second = limited_app(RATELIMIT_STORAGE_URI=redis_uri).test_client()
    try:
        assert second.get("/de/sign-in-probe").status_code == 429
    finally:
        limiter.reset()


@pytest.mark.parametrize(("storage", "workers", "warned"), [
    ("memory://", 4, True), ("memory://", 1, False), ("redis://127.0.0.1:6379/0", 4, False),
])
def test_start_up_warns_when_workers_would_count_apart(storage, workers, warned):
    """More than one worker counting in memory lets each its own quota through: the operator is told."""
    warning = per_worker_warning({"RATELIMIT_STORAGE_URI": storage, "RATELIMIT_ENABLED": True}, workers)
    assert (warning is not None) == warned
    if warned:
        assert f"{workers} workers" in warning and "redis://" in warning
