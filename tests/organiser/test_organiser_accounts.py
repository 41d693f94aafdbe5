"""Accounts under parallel use: the lockout counts every attempt exactly, on SQLite and PostgreSQL."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from confsched.extensions import db
from confsched.organiser import accounts
from confsched.organiser.models import Organiser
from confsched.programme.models import utcnow
from tests.organiser.conftest import PASSWORD

ATTEMPTS = 16


def test_parallel_wrong_passwords_check_no_more_passwords_than_the_limit(app, make_organiser, monkeypatch):
    """16 simultaneous wrong passwords: exactly the limit (5) are checked, then the account is locked."""
    make_organiser()
    checked = []
    check_password = Organiser.check_password

    def slow_check(organiser, password):
        """Count each check and hold it open a while, as a slow hash under load does."""
        checked.append(password)
        time.sleep(0.05)
        return check_password(organiser, password)

    monkeypatch.setattr(Organiser, "check_password", slow_check)
    start_together = threading.Barrier(ATTEMPTS)

    def attempt(_index):
        with app.app_context():
            start_together.wait()
            try:
                return accounts.authenticate("organiser@example.org", "wrong password!")
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        results = list(pool.map(attempt, range(ATTEMPTS)))
    assert len(checked) == app.config["CONFSCHED_LOCKOUT_FAILURES"] == 5
    assert results == [None] * ATTEMPTS
    with app.app_context():
        organiser = accounts.find_organiser("organiser@example.org")
        assert organiser.locked_until > utcnow()
        assert accounts.authenticate("organiser@example.org", PASSWORD) is None
    assert len(checked) == 5


def test_a_right_password_resets_the_count(app, make_organiser):
    """Failures count only in a row: a successful sign-in starts the count again."""
    make_organiser()
    with app.app_context():
        for _attempt in range(4):
            assert accounts.authenticate("organiser@example.org", "wrong password!") is None
        assert accounts.authenticate("organiser@example.org", PASSWORD) is not None
        for _attempt in range(4):
            assert accounts.authenticate("organiser@example.org", "wrong password!") is None
        assert accounts.authenticate("organiser@example.org", PASSWORD) is not None
