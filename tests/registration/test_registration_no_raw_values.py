"""A crawl of every public and organiser page (and the registrations CSV) in both languages, with the demo loaded,
registrants, an invitation and an edit in the history: no text a person reads is a raw value (an enum value, an
interface or actor name, a language or country code, an ISO date, an IANA zone id or 'SEQUENCE')."""
from __future__ import annotations

import csv
import io
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import lxml.html
import pytest

from confsched.organiser import accounts, membership
from confsched.programme import models as programme_models
from confsched.programme.queries import load_programme
from confsched.registration import models as registration_models
from tests.registration.conftest import csrf_token

PASSWORD = "correct horse battery staple"
ENUMS = (programme_models.WorkshopStatus, programme_models.PlatformKind, programme_models.AgendaItemKind,
         programme_models.AssignmentRole, programme_models.OrganiserRole, registration_models.Role,
         registration_models.WhenFull, registration_models.RegistrationStatus, registration_models.OutboxStatus)
# A text (a whole text node or CSV cell) that is one of these is a value nobody worded.
RAW_WORDS = ({member.value for enum in ENUMS for member in enum}
             | {"cli", "editor", "api", "command line", "de", "tr", "en", "DE", "TR"})
ISO_DATE = re.compile(r"(?<![\w/-])\d{4}-\d{2}-\d{2}(?![\w-])")
# A zone written as an attribute value in a snippet to paste (data-zone="Europe/Vienna") is code to type, not a value.
IANA_ZONE = re.compile(r"(?<!=\")\b(?:Europe|Asia|Africa|America|Atlantic|Indian|Pacific|Australia|Antarctica|Arctic|Etc|US|"
                       r"Canada)/[A-Z][A-Za-z_+-]*")
ENUM_SHAPE = re.compile(r"(?<![\w@./-])[a-z]+(?:_[a-z]+)+(?![\w@./-])")
# Downloads and machine formats are checked elsewhere (feeds, frab, the API); a crawl reads pages, in one language
# (the language switch would change the cookie mid-crawl).
SKIPPED = re.compile(r"\.(?:ics|xml|json|css|js|svg|png|ico)(?:$|\?)|^/api/|^/language/|/sign-out|[?&]access=1|/feed")


def problems_in(text: str) -> list[str]:
    """The raw values in one piece of visible text."""
    stripped = text.strip(" \t\n()[]:,.–-")
    found = [stripped] if stripped in RAW_WORDS else []
    found += ISO_DATE.findall(text) + IANA_ZONE.findall(text) + ENUM_SHAPE.findall(text)
    return found + (["SEQUENCE"] if "SEQUENCE" in text else [])


def visible_texts(html: str) -> list[str]:
    """Every text node a reader sees: scripts, styles and form values (textareas) left out, attributes ignored."""
    document = lxml.html.fromstring(html)
    for hidden in document.xpath("//script | //style | //textarea | //template"):
        hidden.drop_tree()
    return [text for text in document.xpath("//text()") if text.strip()]


def crawl(client, seeds: list[str]) -> tuple[dict[str, list[str]], set[str]]:
    """GET every page reachable by links from the seeds; the raw values found, by path, and the paths visited."""
    seen, queue, found = set(seeds), deque(seeds), {}
    while queue:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or not response.content_type.startswith("text/html"):
            continue
        html = response.get_data(as_text=True)
        problems = [problem for text in visible_texts(html) for problem in problems_in(text)]
        if problems:
            found[path] = sorted(set(problems))
        for href in lxml.html.fromstring(html).xpath("//a/@href"):
            target, _fragment = urldefrag(href)
            parts = urlsplit(target)
            if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen and not SKIPPED.search(target):
                seen.add(target)
                queue.append(target)
    return found, seen


@pytest.fixture
def lived_in(mail_app, client, register, confirm, open_workshop):
    """The demo as organisers see it after a while: registrants in both languages, an invitation, an edit; returns
    the personal page paths."""
    open_workshop(1)
    register(1, email="ayse@example.com", language="tr", zone="Europe/Istanbul", country="TR")
    register(1, email="max@example.de", language="de", zone="America/Argentina/Buenos_Aires", country="DE",
             role="listener")
    personal = [confirm(email).headers["Location"].replace("http://localhost", "")
                for email in ("ayse@example.com", "max@example.de")]
    with mail_app.app_context():
        accounts.create_organiser("orga@example.org", PASSWORD)
        membership.add_member(load_programme("vorkonferenz-2020"), "orga@example.org")
    form = client.get("/organiser/sign-in").get_data(as_text=True)
    client.post("/organiser/sign-in", data={"email": "orga@example.org", "password": PASSWORD,
                                            "csrf_token": csrf_token(form)})
    overview = client.get("/organiser/vorkonferenz-2020/registrations").get_data(as_text=True)
    client.post("/organiser/vorkonferenz-2020/invitations",
                data={"csrf_token": csrf_token(overview), "addresses": "davet@example.com tr\ninvite@example.de"})
    edit = "/organiser/conferences/vorkonferenz-2020/workshops/1/days/1/edit"
    client.post(edit, data={"csrf_token": csrf_token(client.get(edit).get_data(as_text=True)), "date": "2020-06-15",
                            "local_start": "09:45", "local_end": "11:45", "zone": "Europe/Berlin"})
    return personal


@pytest.mark.parametrize("language", ["de", "tr"])
def test_no_page_shows_a_raw_value(client, lived_in, language):
    client.set_cookie("confsched_lang", language)
    seeds = [f"/{language}/", "/organiser/", "/organiser/vorkonferenz-2020/registrations",
             "/organiser/conferences/vorkonferenz-2020/history", "/organiser/tokens",
             *(path.replace("/tr/", f"/{language}/").replace("/de/", f"/{language}/") for path in lived_in)]
    found, visited = crawl(client, seeds)
    assert len(visited) > 200 and any("/registration/" in path for path in visited)
    assert found == {}, "\n".join(f"{path}: {problems}" for path, problems in found.items())


@pytest.mark.parametrize("language", ["de", "tr"])
def test_registrations_csv_has_no_raw_value(client, lived_in, language):
    client.set_cookie("confsched_lang", language)
    body = client.get("/organiser/vorkonferenz-2020/registrations.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert len(rows) == 3
    found = [problem for row in rows for cell in row for problem in problems_in(cell)]
    assert found == []
