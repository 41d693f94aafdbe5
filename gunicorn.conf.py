"""Gunicorn settings for confsched: `gunicorn wsgi:app` picks this file up from the project root.

Every value can be overridden on the command line or through GUNICORN_CMD_ARGS
(for example GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 4").
"""
import multiprocessing
import os
import sys

from flask import Config

from confsched import PROJECT_ROOT
from confsched.config import ConfigurationError, load_config

# Check every setting once in the master, so an unusable value stops start-up with one line
# instead of every worker failing to boot with a traceback.
try:
    load_config(Config(str(PROJECT_ROOT)), str(PROJECT_ROOT / "instance"))
except ConfigurationError as error:
    sys.exit(f"confsched: {error.format_message()}")

# Loopback by default: put a reverse proxy (nginx, Caddy) in front, which terminates TLS.
bind = os.environ.get("CONFSCHED_BIND", "127.0.0.1:8000")
# Pages and feeds are CPU-bound renders; gunicorn's rule of thumb, (2 x cores) + 1 sync workers.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# The largest programme the benchmark builds (6,000 events) renders its feed in about 2 s;
# 30 s leaves room for that under load without letting a stuck worker hang for long.
timeout = 30
graceful_timeout = 30
# Keep-alive connections from the reverse proxy stay open this long between requests.
keepalive = 5
# Workers are not recycled (gunicorn's default): their page, feed and version caches are bounded,
# and a fresh worker would have to rebuild them under load.
max_requests = 0
# X-Forwarded-* is trusted from the local proxy only; the app's CONFSCHED_PROXY_COUNT says how many hops.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Gunicorn 27's control socket lives at one path per user; several servers on a host would fight over it.
control_socket_disable = True

# Access and error logs go to standard error as JSON lines, with secrets redacted
# (confsched.logging), so journald or a container runtime collects one format.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("CONFSCHED_LOG_LEVEL", "info").strip().lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "confsched.logging.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


def post_fork(server, worker):
    """Tune each worker's garbage collector for request-sized bursts of ORM objects (see confsched.deployment)."""
    from confsched.deployment import tune_garbage_collector

    tune_garbage_collector()


def post_worker_init(worker):
    """The first worker warns (once per server, in the error log) of settings a production server should have."""
    from confsched.public_urls import base_url_warning
    from confsched.ratelimit import per_worker_warning

    if worker.age != 1:
        return
    for warning in (per_worker_warning(worker.wsgi.config, worker.cfg.workers), base_url_warning(worker.wsgi.config)):
        if warning:
            worker.log.warning(warning)
