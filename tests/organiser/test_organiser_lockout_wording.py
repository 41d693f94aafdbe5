"""The sign-in refusal states the lockout's length and its number of attempts in the right form ("1 Minute")."""
from __future__ import annotations

from html import unescape

import pytest


@pytest.mark.parametrize(("language", "minutes", "failures", "expected"), [
    ("de", 1, 1, "für 1 Minute gesperrt"),
    ("de", 15, 5, "nach 5 fehlgeschlagenen Versuchen in Folge für 15 Minuten gesperrt"),
    ("de", 15, 1, "nach 1 fehlgeschlagenen Versuch für 15 Minuten gesperrt"),
    ("tr", 1, 1, "1 başarısız denemenin ardından 1 dakika süreyle kilitlenmiştir"),
])
def test_the_lockout_is_said_with_its_counts(app, client, make_organiser, sign_in, language, minutes, failures,
                                             expected):
    app.config.update(CONFSCHED_LOCKOUT_MINUTES=minutes, CONFSCHED_LOCKOUT_FAILURES=failures)
    make_organiser()
    client.set_cookie("confsched_lang", language)
    page = unescape(sign_in(client, password="not the password").get_data(as_text=True))
    assert expected in page
    assert "1 Minuten" not in page
