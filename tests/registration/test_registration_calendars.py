"""What the registration flow puts into calendars: iTIP messages and the private feed, as libical and clients see them."""
from __future__ import annotations

from tests.calendars.calendar_parsers import event_properties
from tests.registration.conftest import csrf_token, link


def calendar_parts(message) -> list[bytes]:
    """The raw iCalendar bodies attached to a message."""
    return [part.get_payload(decode=True) for part in message.walk() if part.get_content_type() == "text/calendar"]


def test_invites_cancellations_and_the_private_feed_pass_libical(mail_app, client, smtp_server, register, confirm,
                                                                  open_workshop, libical):
    """The REQUESTs of a two-day workshop, the CANCELs after withdrawing, and the private feed before and after."""
    open_workshop(4)
    register(4, email="zwei@example.de", language="de")
    page_path = confirm("zwei@example.de").headers["Location"].replace("http://localhost", "")
    feed = client.get(page_path + "/calendar.ics")
    assert feed.status_code == 200
    assert libical(feed.data) == []
    assert set(event_properties(feed.data, "CLASS")) == {"CLASS:PRIVATE"}, "it carries the passcode"
    cancel_path = link(smtp_server.to("zwei@example.de")[-1], "/cancel/")
    page = client.get(cancel_path)
    assert client.post(cancel_path, data={"csrf_token": csrf_token(page.get_data(as_text=True))}).status_code == 303
    bodies = [body for message in smtp_server.to("zwei@example.de") for body in calendar_parts(message)]
    methods = [next(line for line in body.split(b"\r\n") if line.startswith(b"METHOD:")) for body in bodies]
    assert methods == [b"METHOD:REQUEST"] * 2 + [b"METHOD:CANCEL"] * 2
    assert {index: libical(body) for index, body in enumerate(bodies) if libical(body)} == {}
    requests = bodies[:2]
    assert all(event_properties(body, "CLASS") == ["CLASS:PRIVATE"] for body in requests), "they carry the passcode"
    emptied = client.get(page_path + "/calendar.ics")
    assert libical(emptied.data) == []
