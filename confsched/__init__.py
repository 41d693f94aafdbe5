"""confsched: bilingual scheduling for virtual conference programmes."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from confsched.config import load_config

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app: defaults, instance/config.py, environment, then the caller's overrides."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(PROJECT_ROOT / "translations")
    load_config(app.config, app.instance_path, config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    # Imported here, not at module level, so that importing the package builds nothing.
    from confsched import agenda, backup, caching, database, deployment, health, i18n, logging, organiser, ratelimit
    from confsched import input_guard, printing, registration, security_headers
    from confsched.calendars import views as calendars
    from confsched.programme import api as programme_api
    from confsched.programme import cli as programme_cli

    for extension in (deployment, logging, database, i18n, input_guard, ratelimit, caching, backup, programme_cli,
                      security_headers):
        extension.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(programme_api.bp)
    for feature in (agenda, organiser, calendars, registration, printing):
        feature.init_app(app)
    return app
