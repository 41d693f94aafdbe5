"""The embedded agenda in a real Chromium, on partner pages served from other origins: the snippet builds the frame,
the frame grows to its content and follows it, forged messages change nothing, an unlisted site is refused, and
the pages pass axe-core's WCAG 2.1 AA rules in both languages."""
from __future__ import annotations

import copy
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from confsched.agenda.embedding import snippet
from tests.conftest import DEMO_SLUG

pytestmark = pytest.mark.browser

HOST_PAGE = """<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Städtepartnerschaft Berlin–İzmir</title></head>
<body>
<main>
<h1>Unsere Partnerstadt</h1>
<h2>Programm</h2>
{programme}
<h2>Fachworkshop 1 auf Türkisch</h2>
{workshop}
<p id="after">Nach dem Programm.</p>
</main>
</body>
</html>
"""
CONTENT_HEIGHT = "document.documentElement.getBoundingClientRect().height"


class PartnerSite:
    """A partner's web server on its own loopback port: every path answers with the page it was given."""

    def __init__(self):
        self.page = b""
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the name http.server calls
                """The partner's page."""
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(site.page)))
                self.end_headers()
                self.wfile.write(site.page)

            def log_message(self, *args):
                """Quiet: the test output is not the place for an access log."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # "localhost", not the app's 127.0.0.1: another host name, so another origin.
        self.origin = f"http://localhost:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Shut the server down."""
        self.server.shutdown()
        self.thread.join()
        self.server.server_close()


@pytest.fixture
def partner_sites():
    """Two partner sites: the first is listed for the demo conference, the second is not."""
    sites = [PartnerSite(), PartnerSite()]
    yield sites
    for site in sites:
        site.stop()


@pytest.fixture
def embedded(browser, live_server, load_document, demo_document, partner_sites):
    """Factory: a tab on a partner site's page holding the snippet twice (programme; workshop 1 in Turkish)."""
    listed, _unlisted = partner_sites
    document = copy.deepcopy(demo_document)
    document["conference"]["embed_origins"] = [listed.origin]
    load_document(document)
    script = f"{live_server}/static/embed.js"
    page = HOST_PAGE.format(
        programme=snippet(script, DEMO_SLUG, "de", "Programm: Virtuelle Vorkonferenz"),
        workshop=snippet(script, DEMO_SLUG, "tr", "Program: 1. Çalıştay", workshop=1).replace(
            " async>", ' data-zone="asia/tokyo" async>'),
    ).encode()
    contexts = []

    def open_(site: PartnerSite, width: int = 1280, html: bytes | None = None):
        site.page = html or page
        context = browser.new_context(timezone_id="America/New_York", viewport={"width": width, "height": 900})
        contexts.append(context)
        tab = context.new_page()
        tab.console_messages = []
        tab.on("console", lambda message: tab.console_messages.append(message.text))
        tab.goto(site.origin + "/partnerstadt")
        return tab

    yield open_
    for context in contexts:
        context.close()


def our_frames(tab, live_server):
    """The frames that hold our pages: the programme's, then the workshop's."""
    frames = [frame for frame in tab.frames if frame.url.startswith(live_server)]
    return sorted(frames, key=lambda frame: "/workshops/" in frame.url)


def frame_height(frame) -> float:
    """How tall the partner's page draws the frame element."""
    return frame.frame_element().evaluate("element => element.getBoundingClientRect().height")


def wait_for_fitted_frames(tab, live_server) -> list[float]:
    """Wait until both frames are as tall as their content (the snippet rounds up), and return their heights.

    Each frame is scrolled into view first: Chromium pauses the rendering of cross-origin frames out of sight,
    so one that is below the fold reports its new height only once the reader gets there.
    """
    frames = our_frames(tab, live_server)
    assert len(frames) == 2
    heights = []
    for frame in frames:
        frame.wait_for_selector("main.embed")
        frame.frame_element().scroll_into_view_if_needed()
        deadline = time.monotonic() + 10
        while not 0 <= frame_height(frame) - frame.evaluate(CONTENT_HEIGHT) < 1:
            assert time.monotonic() < deadline, (frame.url, frame_height(frame), frame.evaluate(CONTENT_HEIGHT))
            tab.wait_for_timeout(100)
        heights.append(frame_height(frame))
    return heights


def test_the_frames_fit_their_content_and_follow_it(embedded, partner_sites, live_server):
    tab = embedded(partner_sites[0])
    programme, workshop = wait_for_fitted_frames(tab, live_server)
    # Neither kept the snippet's first 30rem (480 px): each grew or shrank to its own content.
    assert programme != 480 and workshop != 480 and programme != workshop
    programme_frame, workshop_frame = our_frames(tab, live_server)
    assert programme_frame.evaluate("document.documentElement.scrollHeight <= innerHeight")
    # A narrow screen reflows the agenda taller; the frames follow.
    tab.set_viewport_size({"width": 360, "height": 800})
    programme_frame.wait_for_function(f"{CONTENT_HEIGHT} > {programme}")
    narrow_programme, _narrow_workshop = wait_for_fitted_frames(tab, live_server)
    assert narrow_programme > programme


def test_the_snippet_sets_language_zone_and_workshop(embedded, partner_sites, live_server):
    tab = embedded(partner_sites[0])
    wait_for_fitted_frames(tab, live_server)
    programme, workshop = our_frames(tab, live_server)
    assert programme.evaluate("document.documentElement.lang") == "de"
    assert "?tz=America%2FNew_York" in programme.url
    assert "New York (EDT)" in programme.locator("li.embed-workshop").first.inner_text()
    assert workshop.evaluate("document.documentElement.lang") == "tr"
    assert workshop.url.endswith("/tr/vorkonferenz-2020/workshops/1/embed?tz=asia%2Ftokyo")
    assert workshop.locator("table thead th").all_inner_texts()[:3] == ["Berlin (CEST)", "İstanbul (TSİ)", "Tokyo (JST)"]
    assert tab.locator("iframe").first.get_attribute("title") == "Programm: Virtuelle Vorkonferenz"
    # Links leave the frame for a new tab on the full page.
    with tab.context.expect_page() as opened:
        programme.locator("li.embed-workshop a").first.click()
    assert opened.value.url.startswith(f"{live_server}/de/{DEMO_SLUG}/workshops/1/")
    opened.value.close()
    assert our_frames(tab, live_server)[0].url == programme.url


def test_unknown_language_and_zone_fall_back_safely(embedded, partner_sites, live_server):
    """A language we do not speak gives the host page's (German here); an unknown zone is left out."""
    code = snippet(f"{live_server}/static/embed.js", DEMO_SLUG, "fr", "Programm").replace(
        " async>", ' data-zone="Mars/Olympus_Mons" data-workshop="0" async>')
    tab = embedded(partner_sites[0], html=HOST_PAGE.format(programme=code, workshop="").encode())
    tab.wait_for_function("document.querySelector('iframe') && document.querySelector('iframe').offsetHeight !== 480")
    (frame,) = [frame for frame in tab.frames if frame.url.startswith(live_server)]
    assert frame.url == f"{live_server}/de/{DEMO_SLUG}/embed?tz=Mars%2FOlympus_Mons"
    assert frame.evaluate("document.documentElement.lang") == "de"
    assert frame.locator("li.embed-workshop").first.locator(".window-list li").count() == 2


def test_messages_from_anyone_but_our_frame_are_ignored(embedded, partner_sites, live_server):
    tab = embedded(partner_sites[0])
    programme, _workshop = wait_for_fitted_frames(tab, live_server)
    tab.evaluate("""() => {
        window.postMessage({type: "confsched:height", height: 5}, "*");
        const forged = document.createElement("iframe");
        forged.srcdoc = '<script>parent.postMessage({type: "confsched:height", height: 7}, "*")<\\/script>';
        document.body.append(forged);
    }""")
    tab.wait_for_timeout(500)
    assert frame_height(our_frames(tab, live_server)[0]) == programme


def test_a_site_that_is_not_listed_is_refused(embedded, partner_sites, live_server):
    tab = embedded(partner_sites[1])
    tab.wait_for_load_state("load")
    tab.wait_for_timeout(500)
    refusals = [text for text in tab.console_messages if "frame-ancestors" in text]
    assert len(refusals) == 2 and all(partner_sites[0].origin in text for text in refusals), tab.console_messages
    # The frames hold the browser's error page, not ours: nothing of the agenda reached the unlisted site.
    assert our_frames(tab, live_server) == [] or all(
        frame.evaluate("document.querySelector('main.embed')") is None for frame in our_frames(tab, live_server))
    assert tab.evaluate("document.querySelector('iframe').getBoundingClientRect().height") == 480


@pytest.mark.parametrize("lang", ["de", "tr"])
def test_the_embedded_pages_pass_wcag_21_aa(browser, live_server, embedded, partner_sites, axe, lang):
    tab = embedded(partner_sites[0])
    wait_for_fitted_frames(tab, live_server)
    # The partner page: each frame has a title; the frames' insides are checked on their own below.
    assert axe(tab, iframes=False) == []
    for frame in our_frames(tab, live_server):
        assert axe(frame) == []
    context = browser.new_context(timezone_id="Asia/Tokyo")
    try:
        page = context.new_page()
        for path in (f"/{lang}/{DEMO_SLUG}/embed?tz=Asia/Tokyo", f"/{lang}/{DEMO_SLUG}/workshops/4/embed"):
            page.goto(live_server + path)
            assert page.evaluate("document.documentElement.lang") == lang and page.title()
            assert axe(page) == [], path
        page.set_viewport_size({"width": 360, "height": 800})
        assert axe(page) == []
    finally:
        context.close()
