"""What a real deployment needs from the factory: a secret key of its own and trust in its proxy."""
from __future__ import annotations

import gc
import os
import secrets
import tempfile
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from confsched.config import DEVELOPMENT_SECRET_KEY

SECRET_KEY_FILE = "secret_key"


class InsecureConfiguration(RuntimeError):
    """The app would run in production with a key anyone can read in our source code."""


def settle_secret_key(app: Flask) -> None:
    """Never serve production on the published development key.

    An explicit SECRET_KEY (instance/config.py or the environment) wins. Without one, debug
    and test runs use the development key, and every other run uses a random key generated on
    first start and kept in instance/secret_key (owner-only), so `flask run` and gunicorn are
    safe on a fresh clone. Several hosts behind one balancer must share an explicit key.
    """
    relaxed = app.debug or app.testing
    if app.config.get("SECRET_KEY") is None:
        app.config["SECRET_KEY"] = DEVELOPMENT_SECRET_KEY if relaxed else instance_secret_key(app.instance_path)
    elif app.config["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY and not relaxed:
        raise InsecureConfiguration(
            "SECRET_KEY is the published development key. Set SECRET_KEY in the environment or "
            "instance/config.py to a long random value (python -c 'import secrets; print(secrets.token_hex(32))'), "
            "or remove the setting to use a key generated in instance/secret_key."
        )


def instance_secret_key(instance_path: str) -> str:
    """This deployment's own random key: created once, atomically, even when workers start together."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if not path.exists():
        descriptor, scratch = tempfile.mkstemp(dir=instance_path, prefix=".secret_key.")
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
        try:
            os.link(scratch, path)  # fails if another process won the race; then its key is used
        except FileExistsError:
            pass
        finally:
            os.unlink(scratch)
    return path.read_text().strip()


def trust_proxies(app: Flask) -> None:
    """Take client address, scheme and host from CONFSCHED_PROXY_COUNT trusted reverse proxies."""
    count = int(app.config.get("CONFSCHED_PROXY_COUNT") or 0)
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count)


# A large programme loads tens of thousands of ORM objects per uncached request; with CPython's
# default first-generation threshold (700) the collector then runs thousands of times per
# request and a 12,000-item feed takes four to five times as long (benchmarks/run.py shows it).
GC_THRESHOLDS = (50_000, 20, 20)


def tune_garbage_collector() -> None:
    """Let a serving process collect cyclic garbage in large batches rather than every 700 allocations."""
    gc.set_threshold(*GC_THRESHOLDS)


def init_app(app: Flask) -> None:
    """Apply the deployment rules once configuration is complete."""
    settle_secret_key(app)
    trust_proxies(app)
