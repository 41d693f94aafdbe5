"""confsched: bilingual scheduling for virtual conference programmes."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from confsched.config import DefaultConfig, apply_environment

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app: defaults, instance/config.py, environment, then the caller's overrides."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_object(DefaultConfig)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(app.instance_path) / "confsched.sqlite")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(PROJECT_ROOT / "translations")
    app.config.from_pyfile("config.py", silent=True)
    apply_environment(app.config)
    if config:
        app.config.from_mapping(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from confsched import backup, caching, database, deployment, health, i18n, logging, ratelimit

    deployment.init_app(app)
    logging.init_app(app)
    database.init_app(app)
    i18n.init_app(app)
    ratelimit.init_app(app)
    caching.init_app(app)
    backup.init_app(app)
    app.register_blueprint(health.bp)

    from confsched.programme import api, cli

    cli.init_app(app)
    app.register_blueprint(api.bp)

    from confsched import agenda

    agenda.init_app(app)

    from confsched import organiser

    organiser.init_app(app)

    from confsched.calendars import views as calendars

    calendars.init_app(app)

    from confsched import registration

    registration.init_app(app)
    return app
