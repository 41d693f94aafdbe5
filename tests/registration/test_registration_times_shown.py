"""Emails mark a time on another date than the one they state for the day, in every zone, as every surface does."""
from __future__ import annotations

import copy

from confsched.programme.queries import load_programme
from confsched.registration.times import day_times


def test_a_zone_already_on_the_next_date_at_the_start_is_marked_under_the_stated_date(app, load_document,
                                                                                        make_document):
    """23:00–23:50 Berlin on 15 June is 00:00–00:50 on the 16th in Istanbul: under 'Montag, 15. Juni 2020' both
    Istanbul times carry the 16th (they were unmarked, as each zone counted from its own start date)."""
    document = copy.deepcopy(make_document("spaet", items_per_day=2))
    document["workshops"][0]["days"][0].update({"date": "2020-06-15", "local_start": "23:00", "local_end": "23:50"})
    load_document(document)
    with app.app_context():
        [day] = day_times(load_programme("spaet").workshops[0], ["Europe/Berlin", "Europe/Istanbul"], "de")
    assert day.date == "Montag, 15. Juni 2020"
    assert day.windows == ("23:00–23:50 Berlin (MESZ)", "00:00 (Di., 16. Juni)–00:50 (Di., 16. Juni) Istanbul (UTC+3)")
