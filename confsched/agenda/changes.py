"""What a release changed, worded for people: one wording for the public changelog page, its Atom feed, the
organiser's publish preview and registrants' emails.

Takes the change dicts ``confsched.programme.release_changes.between`` makes (``Release.changes``, or
``releases.preview(...).changes``) and says each kind in release_changes.KINDS as a formal German or Turkish
sentence (gettext and the catalogues), every time through ``confsched.zonedisplay`` in each zone asked for (with
its city and label, and the one marker for another date), every content text through ``confsched.localized``
(the other language as a marked fallback with its ``lang``). Needs an app context (for the catalogues), not a
request: the language is the one asked for, whatever the request's.

    zones = PageZones(conference.reference_zones, reader_zone).shown     # reference zones, then the reader's
    for group in word_changes(release.changes, "de", zones, conference.session_label):
        group.number, group.name.text, group.name.html    # 1, "Fachworkshop 1: Digitale Stadt", <markup>
        for change in group.changes:
            change.kind, change.text, change.html         # "day_moved", plain sentence, HTML-safe sentence

Every `Wording` (and `WordedChange`) renders as its HTML in Jinja (``{{ change }}``) and as its text in str().
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from babel import Locale
from flask_babel import force_locale, gettext
from markupsafe import Markup

from confsched import timeengine
from confsched.agenda.presenters import RichText, rich_text
from confsched.localized import LocalizedValue, pick
from confsched.zonedisplay import ShownTime, ZoneDay, full_date


@dataclass(frozen=True)
class Wording:
    """A phrase as plain text (feed titles, the text part of emails) and as HTML-safe markup (pages, HTML mail)."""

    text: str
    html: Markup

    def __str__(self) -> str:
        """The plain text."""
        return self.text

    def __html__(self) -> Markup:
        """The markup, so templates print it unescaped and nothing else."""
        return self.html


@dataclass(frozen=True)
class WordedChange(Wording):
    """One change as a sentence; `kind` is one of release_changes.KINDS (for styling, never shown)."""

    kind: str = field(kw_only=True)


@dataclass(frozen=True)
class WorkshopChanges:
    """The changes to one workshop, under its name as the site gives it ("Fachworkshop 1: Digitale Stadt")."""

    number: int
    name: Wording
    changes: tuple[WordedChange, ...]


@dataclass(frozen=True)
class WordedRelease:
    """A release as the changelog and its feed show it; `is_first` when it is the first publication (no changes)."""

    number: int
    title: str
    published_at: dt.datetime
    published: Wording
    comment: RichText
    is_first: bool
    workshops: tuple[WorkshopChanges, ...]


def word_changes(changes: list[dict], language: str, zones: Sequence[str],
                 session_label: dict | None = None) -> list[WorkshopChanges]:
    """The changes as sentences in `language` ("de" or "tr"), grouped by workshop number, in the order given.

    `zones` are the zones every time is shown in, in order (the reference zones, then the reader's when it is
    another: ``PageZones.shown``); `session_label` is the conference's name for its workshops per language.
    """
    with force_locale(language):
        words = _Words(language, tuple(zones))
        groups: dict[int, list[dict]] = {}
        for change in changes:
            groups.setdefault(change["workshop"], []).append(change)
        return [WorkshopChanges(number, words.workshop_name(number, found[0].get("title"), session_label),
                                tuple(words.change(change) for change in found))
                for number, found in sorted(groups.items())]


def word_change(change: dict, language: str, zones: Sequence[str]) -> WordedChange:
    """One change as a sentence in `language`, its times in `zones` (for a surface that names the workshop itself)."""
    with force_locale(language):
        return _Words(language, tuple(zones)).change(change)


def release_title(number: int, language: str) -> str:
    """A release as readers name it: "Fassung 2", "2. sürüm"."""
    with force_locale(language):
        return gettext("Release %(number)s", number=number)


def published_wording(instant: dt.datetime, language: str, zones: Sequence[str]) -> Wording:
    """When a release was published: its date in the first zone, then its time in each zone ("Montag, 1. Juni
    2020, 14:30 (Berlin, MESZ); 15:30 (İstanbul, TSİ)"); a zone on another date marks it."""
    with force_locale(language):
        words = _Words(language, tuple(zones))
        date = timeengine.to_zone(instant, zones[0]).date()
        times = _join([words.zone_times(zone, date, instant) for zone in zones])
        return _say(gettext("%(date)s, %(times)s"), date=_date(date, language), times=times)


def word_release(release, language: str, zones: Sequence[str], session_label: dict | None = None) -> WordedRelease:
    """A `Release` row for the public: number, title, time, comment and changes; never who published it."""
    is_first = release.number == 1
    return WordedRelease(
        number=release.number,
        title=release_title(release.number, language),
        published_at=timeengine.as_utc(release.published_at),
        published=published_wording(timeengine.as_utc(release.published_at), language, zones),
        comment=rich_text(release.comment, language),
        is_first=is_first,
        workshops=() if is_first else tuple(word_changes(release.changes or [], language, zones, session_label)),
    )


def _say(pattern: str, **parts) -> Wording:
    """A translated pattern filled with parts (Wordings or plain strings): plain text, and HTML with the parts'
    markup and everything else escaped."""
    text = pattern % {name: str(part) for name, part in parts.items()}
    html = Markup(pattern) % {name: part.html if isinstance(part, Wording) else part for name, part in parts.items()}
    return Wording(text, html)


def _join(parts: list[Wording], separator: str = "; ") -> Wording:
    """Parts in a row, as text and as markup."""
    return Wording(separator.join(part.text for part in parts), Markup(separator).join(part.html for part in parts))


def _plain(text: str) -> Wording:
    """A text without markup of its own, escaped for HTML."""
    return Wording(text, Markup.escape(text))


def _in_language(value: LocalizedValue) -> Wording:
    """A content text, its language stated in HTML when it is not the one asked for."""
    if not value.is_fallback:
        return _plain(value.text)
    return Wording(value.text, Markup('<span lang="{}">{}</span>').format(value.language, value.text))


def _date(date: dt.date, language: str) -> Wording:
    """A calendar date in words ('Montag, 15. Juni 2020'), machine-readable in HTML."""
    text = full_date(date, language)
    return Wording(text, Markup('<time datetime="{}">{}</time>').format(date.isoformat(), text))


def _instant(value: str | None) -> dt.datetime | None:
    """A change's UTC instant (ISO 8601 with Z), or None."""
    return dt.datetime.fromisoformat(value).astimezone(timeengine.UTC) if value else None


class _Words:
    """The wording of changes in one language, with times in the zones asked for (gettext is that language's)."""

    def __init__(self, language: str, zones: tuple[str, ...]):
        self.language, self.zones = language, zones

    # Content texts and names

    def content(self, texts: dict | None) -> Wording:
        """A content text in the language, else the other one marked as such ("Başlık (nur auf Türkisch)")."""
        value = pick(texts, self.language)
        return self.marked(value, _in_language(value))

    def quoted(self, texts: dict | None) -> Wording:
        """A title in the language's quotation marks ("„Begrüßung“"), a fallback's marker after them."""
        value = pick(texts, self.language)
        return self.marked(value, _say(gettext("“%(title)s”"), title=_in_language(value)))

    def marked(self, value: LocalizedValue, shown: Wording) -> Wording:
        """`shown` (the text of `value`), followed by "(nur auf Türkisch)" when it is not in the language asked for."""
        if not value.is_fallback:
            return shown
        marker = gettext("only in %(language)s", language=self.language_name(value.language))
        return Wording(f"{shown.text} ({marker})", Markup('{} <span class="fallback-marker" lang="{}">({})</span>')
                       .format(shown.html, self.language, marker))

    def language_name(self, code: str) -> str:
        """A language's name in the language of the wording: 'Türkisch', 'Almanca'."""
        return Locale.parse(self.language).languages.get(code, code)

    def title_change(self, old: dict | None, new: dict | None) -> tuple[str, dict]:
        """How a title changed for a reader of the language: "renamed", with the old and new title as the reader
        reads them; or, when the title in their language stayed, how it changed in another ("changed", "added",
        "removed"), with that language's name and texts."""
        old, new = old or {}, new or {}
        other = None if pick(old, self.language).text != pick(new, self.language).text else next(
            (code for code in sorted(old.keys() | new.keys()) if old.get(code) != new.get(code)), None)
        if other is None:
            return "renamed", {"old_title": self.quoted(old), "title": self.quoted(new)}
        parts = {"language": self.language_name(other)}
        parts.update({name: self.quoted_in(texts[other], other) for name, texts in (("old_title", old),
                                                                                     ("title", new))
                      if texts.get(other)})
        return ("added" if "old_title" not in parts else "removed" if "title" not in parts else "changed"), parts

    def quoted_in(self, text: str, language: str) -> Wording:
        """A title in another language than the wording's, quoted, its language stated in HTML (the sentence names
        the language, so no marker)."""
        return _say(gettext("“%(title)s”"), title=_in_language(LocalizedValue(text, language, True)))

    def workshop_name(self, number: int, title: dict | None, session_label: dict | None) -> Wording:
        """"Fachworkshop 1: Digitale Stadt" as the pages name it; the title alone where the conference has no name
        for its workshops, and "Fachworkshop 1" alone where the workshop has no title."""
        label = pick(session_label, self.language).text
        has_title = bool(pick(title, self.language))
        if not label:
            return self.content(title) if has_title else _plain(gettext("Workshop %(number)s", number=number))
        name = _plain(gettext("%(label)s %(number)s", label=label, number=number))
        return _say("%(name)s: %(title)s", name=name, title=self.content(title)) if has_title else name

    def who(self, person: str | None, organisation: dict | None, tbc: bool = False) -> Wording:
        """A person with their organisation, the organisation alone, or N.N.; "(angefragt)" when not confirmed."""
        named = self.content(organisation) if pick(organisation, self.language) else None
        if person and named:
            shown = _say(gettext("%(person)s (%(organisation)s)"), person=person, organisation=named)
        elif person or named:
            shown = named or _plain(person)
        else:
            shown = _plain(gettext("N.N."))
        if tbc:
            shown = _say("%(who)s (%(tbc)s)", who=shown, tbc=gettext("tbc"))
        return shown

    def people(self, assignments: list[dict]) -> Wording:
        """Everyone an item names, in order."""
        return _join([self.who(entry.get("person"), entry.get("organisation"), entry.get("tbc"))
                      for entry in assignments])

    # Times

    def zone_note(self, zone: str, label: str) -> str:
        """Where the times are: 'Berlin, MESZ', 'İstanbul, TSİ' (the city alone where it is the label, as UTC)."""
        city = timeengine.city_name(zone, self.language)
        return city if city == label else gettext("%(city)s, %(label)s", city=city, label=label)

    def span(self, start: ShownTime | None, end: ShownTime | None) -> Wording:
        """'09:30–11:30', '09:30' without an end, 'no set time' without a start."""
        if start is None:
            return _plain(gettext("no set time"))
        if end is None:
            return Wording(start.plain, start.html)
        return Wording(f"{start.plain}–{end.plain}",
                       Markup('<span class="change-window">{}–{}</span>').format(start.html, end.html))

    def shown(self, zone: str, date: dt.date, start: dt.datetime | None,
              end: dt.datetime | None) -> tuple[ShownTime | None, ShownTime | None]:
        """A window in a zone under the date shown for it; the label stated is the one in force at the start."""
        if start is None:
            return None, None
        in_zone = ZoneDay(zone, date, self.language, start, end)
        return in_zone(start), in_zone(end) if end is not None else None

    def zone_times(self, zone: str, date: dt.date, start: dt.datetime | None, end: dt.datetime | None = None,
                   old: tuple[dt.date, dt.datetime | None, dt.datetime | None] | None = None) -> Wording:
        """A window (or a move: `old` date, start and end → the window) in one zone, with the zone named after it:
        '09:30–11:30 → 10:30–12:30 (Berlin, MESZ)'. A time whose label is not the one named says its own."""
        first, last = self.shown(zone, date, start, end)
        stated = first or (self.shown(zone, *old)[0] if old else None)
        if stated is None:
            return self.span(None, None)
        window = self.span(*self.restated(stated.heading_label, first, last))
        if old is not None:
            before = self.span(*self.restated(stated.heading_label, *self.shown(zone, *old)))
            window = _say("%(before)s → %(after)s", before=before, after=window)
        return _say("%(times)s (%(zone)s)", times=window, zone=self.zone_note(zone, stated.heading_label))

    @staticmethod
    def restated(label: str, *times: ShownTime | None) -> tuple[ShownTime | None, ...]:
        """Times under a heading that states `label`, so each one whose label differs repeats its own."""
        return tuple(replace(time, heading_label=label) if time is not None else None for time in times)

    def windows(self, date: dt.date, start, end, old=None) -> Wording:
        """A window (or a move) in every zone asked for."""
        return _join([self.zone_times(zone, date, start, end, old) for zone in self.zones])

    # Changes

    def change(self, change: dict) -> WordedChange:
        """One change as a sentence."""
        wording = _SENTENCES[change["kind"]](self, change)
        return WordedChange(wording.text, wording.html, kind=change["kind"])

    def day_date(self, change: dict, name: str = "start") -> dt.date:
        """The date shown for a day (its date where it is held), from one of its instants."""
        return timeengine.to_zone(_instant(change[name]), change["zone"]).date()

    def item_context(self, change: dict) -> dict:
        """What every item sentence names: the day's date and the item's title."""
        return {"date": _date(self.day_date(change, "start_of_day"), self.language), "item": self.quoted(
            change.get("item"))}

    def workshop_removed(self, change: dict) -> Wording:
        """A workshop gone from the programme (its heading names it)."""
        return _say(gettext("Removed from the programme."))

    def workshop_cancelled(self, change: dict) -> Wording:
        """A workshop called off."""
        return _say(gettext("Cancelled."))

    def workshop_added(self, change: dict) -> Wording:
        """A workshop new in the programme."""
        return _say(gettext("New in the programme."))

    def workshop_status(self, change: dict) -> Wording:
        """A workshop confirmed, no longer confirmed, or not cancelled any more."""
        old, new = change.get("old_status"), change.get("status")
        if old == "cancelled":
            pattern = gettext("Takes place after all.") if new == "confirmed" else gettext(
                "No longer cancelled, but not yet confirmed.")
        elif new == "confirmed":
            pattern = gettext("Now confirmed.")
        else:
            pattern = gettext("No longer confirmed.")
        return _say(pattern)

    def replatformed(self, change: dict) -> Wording:
        """A workshop's new place or platform, with the one before."""
        old, new = change.get("old_platform"), change.get("platform")
        if old and new:
            return _say(gettext("New place or platform: %(platform)s (previously: %(old_platform)s)."),
                        platform=new, old_platform=old)
        if new:
            return _say(gettext("Place or platform now given: %(platform)s."), platform=new)
        return _say(gettext("No place or platform is given any more (previously: %(old_platform)s)."),
                    old_platform=old or "")

    def day_window(self, change: dict) -> dict:
        """A day's date and its window in every zone."""
        date = self.day_date(change)
        return {"date": _date(date, self.language),
                "times": self.windows(date, _instant(change["start"]), _instant(change["end"]))}

    def day_removed(self, change: dict) -> Wording:
        """A day dropped, with the window it had."""
        return _say(gettext("The day on %(date)s was dropped (planned: %(times)s)."), **self.day_window(change))

    def day_added(self, change: dict) -> Wording:
        """A new day, with its window."""
        return _say(gettext("New day: %(date)s, %(times)s."), **self.day_window(change))

    def day_moved(self, change: dict) -> Wording:
        """A day moved: old → new window in every zone, and the new date when it is another."""
        old_date, date = self.day_date(change, "old_start"), self.day_date(change)
        old = (old_date, _instant(change["old_start"]), _instant(change["old_end"]))
        times = self.windows(date, _instant(change["start"]), _instant(change["end"]), old)
        if old_date == date:
            return _say(gettext("The day on %(date)s has new times: %(times)s."),
                        date=_date(date, self.language), times=times)
        return _say(gettext("The day on %(date)s was moved to %(new_date)s: %(times)s."),
                    date=_date(old_date, self.language), new_date=_date(date, self.language), times=times)

    def item_times(self, change: dict) -> Wording | None:
        """An item's times in every zone, or None for an item without a time of its own."""
        start = _instant(change.get("item_start"))
        if start is None:
            return None
        return self.windows(self.day_date(change, "start_of_day"), start, _instant(change.get("item_end")))

    def item_removed(self, change: dict) -> Wording:
        """An item dropped, with the time it had."""
        times = self.item_times(change)
        if times is None:
            return _say(gettext("Dropped on %(date)s: %(item)s."), **self.item_context(change))
        return _say(gettext("Dropped on %(date)s: %(item)s (planned: %(times)s)."), **self.item_context(change),
                    times=times)

    def item_added(self, change: dict) -> Wording:
        """A new item, with its time."""
        times = self.item_times(change)
        if times is None:
            return _say(gettext("New on %(date)s: %(item)s."), **self.item_context(change))
        return _say(gettext("New on %(date)s: %(item)s, %(times)s."), **self.item_context(change), times=times)

    def item_retimed(self, change: dict) -> Wording:
        """An item at another time of its day: old → new in every zone."""
        date = self.day_date(change, "start_of_day")
        old = (date, _instant(change.get("old_start")), _instant(change.get("old_end")))
        times = self.windows(date, _instant(change.get("item_start")), _instant(change.get("item_end")), old)
        return _say(gettext("New time on %(date)s for %(item)s: %(times)s."), **self.item_context(change),
                    times=times)

    def workshop_renamed(self, change: dict) -> Wording:
        """A workshop's new title, with the old one (in another language when the reader's stayed)."""
        how, parts = self.title_change(change.get("old_title"), change.get("title"))
        return _say({
            "renamed": gettext("New title: %(title)s (previously: %(old_title)s)."),
            "changed": gettext("New title in %(language)s: %(title)s (previously: %(old_title)s)."),
            "added": gettext("New title in %(language)s: %(title)s."),
            "removed": gettext("The title in %(language)s was removed (previously: %(old_title)s)."),
        }[how], **parts)

    def item_renamed(self, change: dict) -> Wording:
        """An item's new title, with the old one (in another language when the reader's stayed)."""
        how, parts = self.title_change(change.get("old_item"), change.get("item"))
        context = self.item_context(change)
        if how == "renamed":
            return _say(gettext("On %(date)s, %(old_item)s is now called %(item)s."), date=context["date"],
                        old_item=parts["old_title"], item=parts["title"])
        return _say({
            "changed": gettext("On %(date)s, %(item)s is now called %(title)s in %(language)s (previously: "
                               "%(old_title)s)."),
            "added": gettext("On %(date)s, %(item)s now also has a title in %(language)s: %(title)s."),
            "removed": gettext("On %(date)s, %(item)s no longer has a title in %(language)s (previously: "
                               "%(old_title)s)."),
        }[how], **context, **parts)

    def speaker_confirmed(self, change: dict) -> Wording:
        """A "tbc" confirmed."""
        return _say(gettext("%(item)s on %(date)s: %(person)s is confirmed."), **self.item_context(change),
                    person=self.who(change.get("person"), change.get("organisation")))

    def speaker_named(self, change: dict) -> Wording:
        """An N.N. named: for an organisation, or on its own."""
        person = self.who(change.get("person"), None, change.get("tbc"))
        if pick(change.get("organisation"), self.language):
            return _say(gettext("%(item)s on %(date)s: for %(organisation)s, %(person)s takes part."),
                        **self.item_context(change), person=person,
                        organisation=self.content(change.get("organisation")))
        return _say(gettext("%(item)s on %(date)s: %(person)s takes part, no longer N.N."),
                    **self.item_context(change), person=person)

    def speakers_changed(self, change: dict) -> Wording:
        """An item's people as they are now, and as they were."""
        old, new = change.get("old_speakers") or [], change.get("speakers") or []
        context = self.item_context(change)
        if not new:
            return _say(gettext("%(item)s on %(date)s: nobody is named any more (previously: %(old_names)s)."),
                        **context, old_names=self.people(old))
        if not old:
            return _say(gettext("%(item)s on %(date)s: now with %(names)s."), **context, names=self.people(new))
        return _say(gettext("%(item)s on %(date)s: now with %(names)s (previously: %(old_names)s)."),
                    **context, names=self.people(new), old_names=self.people(old))


# One wording per kind of release_changes.KINDS.
_SENTENCES: dict[str, Callable[[_Words, dict], Wording]] = {
    "workshop_removed": _Words.workshop_removed,
    "workshop_cancelled": _Words.workshop_cancelled,
    "day_removed": _Words.day_removed,
    "day_moved": _Words.day_moved,
    "workshop_added": _Words.workshop_added,
    "day_added": _Words.day_added,
    "workshop_renamed": _Words.workshop_renamed,
    "workshop_replatformed": _Words.replatformed,
    "workshop_status": _Words.workshop_status,
    "item_removed": _Words.item_removed,
    "item_added": _Words.item_added,
    "item_retimed": _Words.item_retimed,
    "item_renamed": _Words.item_renamed,
    "speaker_confirmed": _Words.speaker_confirmed,
    "speaker_named": _Words.speaker_named,
    "speakers_changed": _Words.speakers_changed,
}
