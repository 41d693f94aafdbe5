"""Rewrite the single initial migration from the current models.

Nothing is deployed yet, so the whole schema lives in one revision, 0001. Run this after
changing models, from the project root:

    python migrations/regenerate.py

It deletes migrations/versions/*.py, autogenerates 0001 against an empty temporary SQLite
database and prints the new file. tests/production/test_migrations.py then proves that the
migration and the models agree on SQLite and PostgreSQL. Once a release is deployed, stop
using this and add revisions with `flask --app confsched db migrate -m "..."` instead.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

MIGRATIONS = Path(__file__).resolve().parent
INITIAL_REVISION = "0001"


def regenerate() -> Path:
    """Autogenerate revision 0001 from the models into an empty versions folder."""
    sys.path.insert(0, str(MIGRATIONS.parent))
    import flask_migrate

    from confsched import create_app

    for old in (MIGRATIONS / "versions").glob("*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as scratch:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{scratch}/empty.sqlite", "SECRET_KEY": "regenerate"})
        with app.app_context():
            import confsched.models  # noqa: F401 - every model must be in the metadata

            flask_migrate.migrate(message="initial schema", rev_id=INITIAL_REVISION)
    (created,) = (MIGRATIONS / "versions").glob(f"{INITIAL_REVISION}_*.py")
    return created


if __name__ == "__main__":
    print(f"Wrote {regenerate().relative_to(MIGRATIONS.parent)}")
