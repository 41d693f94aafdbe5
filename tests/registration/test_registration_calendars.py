"""What the registration flow puts into calendars: iTIP messages and the private feed, as libical and clients see them."""
from __future__ import annotations

import copy
import datetime as dt
import gzip
import io
import json
import logging
import re
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger
from werkzeug.test import EnvironBuilder

from confsched.logging import JsonFormatter
from confsched.programme.document import export_document
from confsched.programme.importer import import_document
from confsched.programme.queries import load_programme
from confsched.registration import outbox
from tests.calendars.calendar_parsers import event_properties
from tests.registration.conftest import csrf_token, link

SLUG = "vorkonferenz-2020"


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


def feed_path(confirmed) -> str:
    """The private feed's path from the redirect that confirming a registration answers."""
    return confirmed.headers["Location"].replace("http://localhost", "") + "/calendar.ics"


def test_the_private_feed_answers_conditionally_like_the_public_ones(mail_app, client, register, confirm,
                                                                     open_workshop, count_statements):
    """ETag, a 304 from one statement with the 200's headers (no cache keeps the access data), gzip; a cancelled place
    is a new version."""
    open_workshop(1)
    register(1, email="abo@example.de", language="de")
    path = feed_path(confirm("abo@example.de"))
    full = client.get(path)
    assert full.status_code == 200 and full.headers["ETag"]
    assert full.headers["Cache-Control"] == "no-store" and "Last-Modified" not in full.headers
    with count_statements() as statements:
        again = client.get(path, headers={"If-None-Match": full.headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and len(statements) == 1
    for header in ("Cache-Control", "Referrer-Policy", "X-Robots-Tag"):
        assert again.headers[header] == full.headers[header]
    assert again.headers["Vary"] == full.headers["Vary"] and "Accept-Encoding" in full.headers["Vary"]
    packed = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and gzip.decompress(packed.data) == full.data
    assert packed.headers["ETag"] != full.headers["ETag"]
    assert client.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}).status_code == 304
    page = client.get(path.removesuffix("/calendar.ics"))
    cancel_path = next(url for url in re.findall(r'href="([^"]+/cancel/\d+)"', page.get_data(as_text=True)))
    form = client.get(cancel_path)
    assert client.post(cancel_path, data={"csrf_token": csrf_token(form.get_data(as_text=True))}).status_code == 303
    emptied = client.get(path, headers={"If-None-Match": full.headers["ETag"]})
    assert emptied.status_code == 200 and b"BEGIN:VEVENT" not in emptied.data


def test_private_feeds_are_rate_limited_per_feed_not_per_address(mail_app, client, register, confirm, open_workshop):
    """A calendar service polls many feeds from one address: only polling one feed too often is refused."""
    open_workshop(1)
    paths = []
    for index, email in enumerate(("erste@example.de", "zweite@example.de")):
        register(1, email=email, language="de", remote_addr=f"10.7.0.{index}")
        paths.append(feed_path(confirm(email, remote_addr=f"10.7.0.{index}")))
    service = {"REMOTE_ADDR": "192.0.2.10"}
    polls = [paths[0], paths[1]] * 19 + [paths[0]]
    assert {client.get(path, environ_base=service).status_code for path in polls} == {200}
    assert client.get(paths[0], environ_base=service).status_code == 429
    assert client.get(paths[1], environ_base=service).status_code == 200


def test_the_access_log_never_shows_a_private_feed_token(mail_app, client, register, confirm, open_workshop):
    """Gunicorn's access line for a feed poll, as the JSON formatter writes it, has the path without the token."""
    open_workshop(1)
    register(1, email="log@example.de", language="de")
    path = feed_path(confirm("log@example.de"))
    token = path.split("/")[-2]
    environ = EnvironBuilder(path=path, headers={"User-Agent": "Google-Calendar-Importer"}).get_environ()
    environ["RAW_URI"] = path
    config = Config()
    config.set("accesslog", "-")
    access_log = Logger(config)
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    access_log.access_log.handlers = [handler]
    response = SimpleNamespace(status="200 OK", sent=512, headers=[("Content-Type", "text/calendar")])
    access_log.access(response, SimpleNamespace(headers=[("USER-AGENT", "Google-Calendar-Importer")]), environ,
                      dt.timedelta(milliseconds=3))
    line = buffer.getvalue()
    entry = json.loads(line)
    assert token not in line and token.partition(".")[2][:12] not in line
    assert entry["path"] == "/de/registration/p/***/calendar.ics"
    assert "GET /de/registration/p/***/calendar.ics HTTP/1.1" in entry["message"]


def reimport(app, change) -> None:
    """Export the demo with access data, let `change` edit the document, import it and send what it queued."""
    with app.app_context():
        document = copy.deepcopy(export_document(load_programme(SLUG, with_access=True), include_access=True))
        change(document)
        import_document(document)
        outbox.deliver(app)


def later_by_half_an_hour(clock: str) -> str:
    """'09:30' → '10:00'."""
    moved = dt.datetime.strptime(clock, "%H:%M") + dt.timedelta(minutes=30)
    return moved.strftime("%H:%M")


def test_every_message_of_programme_changes_passes_libical(mail_app, smtp_server, register, confirm, open_workshop,
                                                           libical):
    """Updates after a time change and new access data, and CANCELs for a removed day and a removed workshop."""
    open_workshop(1)
    open_workshop(4)
    register(4, email="vier@example.de", language="de", remote_addr="10.8.0.1")
    confirm("vier@example.de", remote_addr="10.8.0.1")
    register(1, email="bir@example.com.tr", language="tr", remote_addr="10.8.0.2")
    confirm("bir@example.com.tr", remote_addr="10.8.0.2")

    def workshop(document, number):
        """The document's workshop with that number."""
        return next(entry for entry in document["workshops"] if entry["number"] == number)

    def retime(document):
        """Workshop 4's first day half an hour later."""
        day = workshop(document, 4)["days"][0]
        day["local_start"], day["local_end"] = map(later_by_half_an_hour, (day["local_start"], day["local_end"]))
        for derived in ("start", "end"):
            day.pop(derived, None)

    def new_passcode(document):
        """Workshop 1's platform gets a new passcode."""
        platform = next(entry for entry in document["platforms"] if entry["key"] == workshop(document, 1)["platform"])
        platform["access"]["passcode"] = "Neu-2020-secret"

    reimport(mail_app, retime)
    reimport(mail_app, new_passcode)
    reimport(mail_app, lambda document: workshop(document, 4).update(days=workshop(document, 4)["days"][:1]))
    reimport(mail_app, lambda document: document["workshops"].remove(workshop(document, 1)))
    bodies = [body for address in ("vier@example.de", "bir@example.com.tr")
              for message in smtp_server.to(address) for body in calendar_parts(message)]
    methods = {line for body in bodies for line in body.split(b"\r\n") if line.startswith(b"METHOD:")}
    assert methods == {b"METHOD:REQUEST", b"METHOD:CANCEL"} and len(bodies) >= 7
    assert {index: problems for index, body in enumerate(bodies) if (problems := libical(body))} == {}
