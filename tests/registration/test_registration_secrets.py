"""Access data stays secret: crawl every public page and feed before confirmation; nothing in logs or exports."""
from __future__ import annotations

import logging
import re
from urllib.parse import urljoin, urlsplit

from tests.registration.conftest import DEMO_SECRETS, configure_mail, csrf_token, free_port, link

SLUG = "vorkonferenz-2020"
FEEDS = [f"/{lang}/{SLUG}/{name}" for lang in ("de", "tr") for name in ("calendar.ics", "schedule.xml", "schedule.json")]
FEEDS += [f"/{lang}/{SLUG}/workshops/{number}/calendar.ics" for lang in ("de", "tr") for number in (1, 2, 3, 4)]
FEEDS += [f"/api/v1/conferences/{SLUG}"]


def crawl(client, start_paths: list[str]) -> dict[str, str]:
    """Every same-site page reachable by GET from the start paths (organiser pages excluded), with its body."""
    seen: dict[str, str] = {}
    queue = list(start_paths)
    while queue:
        path = queue.pop()
        if path in seen or path.startswith("/organiser") or len(seen) > 400:
            continue
        with client.get(path) as response:
            body = response.get_data().decode("utf-8", "replace")  # icons too: a secret is text in any file
        seen[path] = body
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(urlsplit(urljoin(path, response.headers["Location"])).path)
        if "html" in (response.content_type or ""):
            for href in re.findall(r'(?:href|src|action)="([^"#]+)"', body):
                target = urlsplit(urljoin(path, href.replace("&amp;", "&")))
                if target.netloc in ("", "localhost") and target.scheme in ("", "http"):
                    queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return seen


def test_no_public_page_or_feed_shows_access_data_before_confirmation(mail_app, client, smtp_server, register,
                                                                      open_workshop):
    open_workshop(1)
    open_workshop(4)
    register(1, email="wartet@example.de", language="de")
    register(4, email="bekle@example.com.tr", language="tr")
    pending_confirmation = link(smtp_server.last_to("wartet@example.de"), "/registration/confirm/")
    pages = crawl(client, ["/de/", "/tr/", *FEEDS, pending_confirmation, "/de/registration/link",
                           f"/tr/{SLUG}/workshops/1/register", f"/de/{SLUG}/workshops/4/register"])
    assert len(pages) > 25
    assert any("/register" in path for path in pages), "the crawl reaches the registration forms"
    assert any(path.endswith("calendar.ics") for path in pages)
    for path, body in pages.items():
        for secret in DEMO_SECRETS:
            assert secret not in body, f"{secret} leaks on {path}"


class Collector(logging.Handler):
    """Keeps every record it sees."""

    def __init__(self):
        """Start with no records."""
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        """Remember the record."""
        self.records.append(record)


def test_access_data_is_never_logged(mail_app, client, smtp_server, register, confirm, open_workshop):
    collector = Collector()
    # Straight on the loggers: the production logging set-up may stop propagation to the root logger.
    loggers = [logging.getLogger(), logging.getLogger("confsched"), logging.getLogger("werkzeug"),
               logging.getLogger("sqlalchemy")]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        open_workshop(1)
        register(1, email="log@example.de", language="de")
        configure_mail(mail_app, free_port())  # the access email fails and is logged as a failure
        confirmed = confirm("log@example.de")
        client.get(confirmed.headers["Location"])
    finally:
        for logger in loggers:
            logger.removeHandler(collector)
    logged = "\n".join(record.getMessage() for record in collector.records)
    assert "not delivered" in logged
    for secret in DEMO_SECRETS:
        assert secret not in logged


def test_waiting_registrants_see_no_access_data(mail_app, client, smtp_server, register, confirm, open_workshop):
    open_workshop(1, capacity=1)
    register(1, email="first@example.de", language="de")
    confirm("first@example.de")
    register(1, email="second@example.de", language="de")
    page = client.get(confirm("second@example.de").headers["Location"])
    body = page.get_data(as_text=True)
    assert "Kd-7319-secret" not in body and "kudo.example.org" not in body
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    feed = client.get(link(smtp_server.last_to("second@example.de"), "/registration/p/") + "/calendar.ics")
    assert feed.status_code == 200 and b"Kd-7319-secret" not in feed.data and b"BEGIN:VEVENT" not in feed.data
    mail = smtp_server.last_to("second@example.de").as_string()
    assert "Kd-7319-secret" not in mail and "text/calendar" not in mail


def test_confirmed_registrants_get_access_data_on_their_page_and_feed(mail_app, client, smtp_server, register,
                                                                     confirm, open_workshop):
    open_workshop(1)
    register(1, email="da@example.de", language="de")
    page_path = confirm("da@example.de").headers["Location"]
    page = client.get(page_path)
    assert "Kd-7319-secret" in page.get_data(as_text=True)
    feed = client.get(urlsplit(page_path).path + "/calendar.ics")
    assert feed.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"Kd-7319-secret" in feed.data.replace(b"\r\n ", b"")
    assert feed.headers["Cache-Control"] == "no-store"
    assert csrf_token(page.get_data(as_text=True))
