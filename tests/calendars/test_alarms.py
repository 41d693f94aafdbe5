"""Invites carry a display alarm as early as the shortest reminder email, which every parser and libical accept."""
from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import vobject
from calendar_parsers import parse_everywhere, unfolded_lines
from ical.calendar_stream import IcsCalendarStream

from confsched.calendars.adapters import access_data, workshop_events
from confsched.calendars.itip import Attendee, Organiser, cancel_message, request_message, trigger
from confsched.programme.queries import load_programme

SENT_AT = dt.datetime(2020, 6, 1, 9, 15, tzinfo=dt.timezone.utc)
ORGANISER = Organiser("programm@staedtetag.example", "Deutscher Städtetag, Team Vorkonferenz")
ATTENDEE = Attendee("ayse.yilmaz@belediye.example", "Ayşe Yılmaz")


@pytest.fixture
def messages(app, demo):
    """Factory: the REQUEST (with access data) and the CANCEL of every demo day in both languages, with an alarm."""

    def build(alarm_minutes):
        built = []
        with app.app_context():
            conference = load_programme(demo, with_access=True)
            for workshop in conference.workshops:
                for language in ("de", "tr"):
                    access = access_data(workshop.platform, workshop.platform.access, language)
                    for event in workshop_events(conference, workshop, language):
                        built.append(request_message(event, ORGANISER, ATTENDEE, sent_at=SENT_AT, access=access,
                                                     alarm_minutes=alarm_minutes))
                        built.append(cancel_message(event, ORGANISER, ATTENDEE, sent_at=SENT_AT))
        return built

    return build


@pytest.mark.parametrize(("minutes", "written"), [(60, "-PT1H"), (1440, "-PT24H"), (90, "-PT1H30M"), (45, "-PT45M"),
                                                  (5, "-PT5M"), (20160, "-PT336H")])
def test_triggers_are_rfc_5545_durations(minutes, written):
    assert trigger(minutes) == written


def test_a_request_reminds_an_hour_before_in_every_parser(messages):
    request = messages(60)[0]
    assert ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT1H"] == [
        line for line in unfolded_lines(request.body) if line in ("BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT1H")]
    parse_everywhere(request.body)
    (alarm,) = icalendar.Calendar.from_ical(request.body).walk("VALARM")
    assert alarm["TRIGGER"].dt == dt.timedelta(hours=-1) and str(alarm["ACTION"]) == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == "Digitale Stadt"
    assert vobject.readOne(request.body.decode()).vevent.valarm.trigger.value == dt.timedelta(hours=-1)
    (event,) = IcsCalendarStream.calendar_from_ics(request.body.decode()).events
    assert [alarm.trigger for alarm in event.alarm] == [dt.timedelta(hours=-1)]


def test_cancellations_and_requests_without_reminders_carry_no_alarm(messages):
    assert not any(b"VALARM" in message.body for message in messages(None))
    assert not any(b"VALARM" in message.body for message in messages(60) if message.method.value == "CANCEL")


def test_every_message_with_an_alarm_passes_libicals_check(messages, libical):
    failures = [problems for message in messages(1440) if (problems := libical(message.body))]
    assert failures == []
