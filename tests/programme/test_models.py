"""Model rules: a day's change stamp always moves on by at least a whole second, as iCalendar clients count."""
import datetime as dt

import icalendar

from confsched.programme import editing
from confsched.programme.models import WorkshopDay, later_by_a_second
from confsched.timeengine import UTC
from confsched.programme.queries import load_programme
from tests.conftest import DEMO_SLUG

NOON = UTC.localize(dt.datetime(2026, 12, 2, 12, 0, 0, 250_000))


def test_a_change_in_the_same_second_is_stamped_one_second_later():
    day = WorkshopDay(sequence=0, updated_at=NOON)
    day.record_change(NOON.replace(microsecond=900_000))
    assert (day.sequence, day.updated_at) == (1, NOON.replace(microsecond=0) + dt.timedelta(seconds=1))
    day.record_change(NOON)
    assert day.updated_at == NOON.replace(microsecond=0) + dt.timedelta(seconds=2)


def test_a_later_change_keeps_its_own_time():
    later = NOON + dt.timedelta(minutes=5)
    assert later_by_a_second(NOON, later) == later
    assert later_by_a_second(None, NOON) == NOON


def test_feed_stamps_rise_with_every_change_however_quick(app, demo, client):
    """Three renames of workshop 4's platform within a second give three ever later DTSTAMPs and LAST-MODIFIEDs."""
    stamps = []
    for name in ("Zoom Events", "Zoom Webinar", "Zoom"):
        with app.app_context():
            conference = load_programme(DEMO_SLUG, with_access=True)
            (zoom,) = [platform for platform in conference.platforms if platform.key == "zoom"]
            editing.save_platform(conference, {"name": name}, zoom)
        feed = icalendar.Calendar.from_ical(client.get(f"/de/{DEMO_SLUG}/workshops/4/calendar.ics").get_data())
        event = next(iter(feed.walk("VEVENT")))
        stamps.append((event.decoded("DTSTAMP"), event.decoded("LAST-MODIFIED"), int(event["SEQUENCE"])))
    assert stamps == sorted(stamps) and len({stamp[0] for stamp in stamps}) == 3
    assert len({stamp[1] for stamp in stamps}) == 3 and len({stamp[2] for stamp in stamps}) == 3
