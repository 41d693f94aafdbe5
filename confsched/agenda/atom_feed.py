"""The changelog as an Atom feed (RFC 4287): one entry per release, from plain values; no Flask here.

Entry ids are tag URIs (RFC 4151) naming the host, the conference's published row and the moment (to the
microsecond) it was first released: a later conference under the same slug, or with the same row id (SQLite hands
out the id of a deleted last row again), was first released at another moment, so no id is used for two entries.
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass

ATOM = "http://www.w3.org/2005/Atom"
CONTENT_TYPE = "application/atom+xml; charset=utf-8"


@dataclass(frozen=True)
class Entry:
    """One release: its id, title, time, where it is on the changelog page, and its content as HTML."""

    id: str
    title: str
    updated: dt.datetime
    link: str
    html: str


@dataclass(frozen=True)
class Feed:
    """The feed's own id, title, language, links (itself and the changelog page) and author; entries newest first."""

    id: str
    title: str
    language: str
    self_link: str
    page_link: str
    author: str
    entries: tuple[Entry, ...]


def tag_uri(host: str, conference_id: int, first_released: dt.datetime, *path) -> str:
    """'tag:confsched.example.org,2020-06-01:conference/7/143015123456/release/2/de' (first released on 1 June
    2020 at 14:30:15.123456 UTC)."""
    first = first_released.astimezone(dt.timezone.utc)
    return f"tag:{host},{first:%Y-%m-%d}:" + "/".join(str(part) for part in ("conference", conference_id,
                                                                             f"{first:%H%M%S%f}", *path))


def atom(feed: Feed) -> bytes:
    """The feed document, UTF-8; the feed is as new as its newest entry."""
    # Written with plain names under a default namespace declaration: the Atom elements carry no prefix.
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": feed.language})
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    _text(root, "updated", _timestamp(max(entry.updated for entry in feed.entries)))
    ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=feed.self_link)
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=feed.page_link)
    _text(ET.SubElement(root, "author"), "name", feed.author)
    for entry in feed.entries:
        element = ET.SubElement(root, "entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "published", _timestamp(entry.updated))
        _text(element, "updated", _timestamp(entry.updated))
        ET.SubElement(element, "link", rel="alternate", type="text/html", href=entry.link)
        _text(element, "content", entry.html, type="html")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, name: str, text: str, **attributes) -> ET.Element:
    """A child element holding text (escaped when written)."""
    element = ET.SubElement(parent, name, attributes)
    element.text = text
    return element


def _timestamp(instant: dt.datetime) -> str:
    """An RFC 3339 date-time in UTC, as Atom wants it."""
    return instant.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
