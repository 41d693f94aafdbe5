"""The printed programme's HTML: every chapter rendered in each language of the edition, then laid out as a PDF.

Chapters follow the organisers' hand-made programme: the conference with its background, the
overview of workshops, then one chapter per workshop. In the bilingual edition each chapter is
set in one language, then the next, so interpreters find both versions of a workshop together.
"""
from __future__ import annotations

import datetime as dt

from flask import render_template
from flask_babel import force_locale, gettext as _
from markupsafe import Markup

from confsched import timeengine, zonedisplay
from confsched.agenda import presenters
from confsched.printing.pdf import footer_stylesheet, render_pdf
from confsched.public_urls import base_url, external_url


def print_date(conference, now: dt.datetime) -> dt.date:
    """The day the programme is printed, as the conference's first reference zone counts it."""
    return timeengine.to_zone(now, conference.reference_zones[0]).date()


def programme_pdf(conference, languages: tuple[str, ...], now: dt.datetime) -> bytes:
    """The whole printed programme in these languages, as PDF bytes; public data only."""
    zones = presenters.PageZones(conference.reference_zones)
    printed_on = print_date(conference, now)
    release = conference.release_number
    chapters = [_chapter("printing/_opening.html", conference, zones, language,
                         page=presenters.overview_page(conference, zones, language))
                for language in languages]
    for workshop in conference.workshops:
        chapters.extend(_chapter("printing/_workshop.html", conference, zones, language,
                                 page=presenters.workshop_page(workshop, zones, language))
                        for language in languages)
    release_texts, page_templates = [], []
    for language in languages:
        with force_locale(language):
            release_texts.append(_("Release %(number)s, printed on %(date)s", number=release,
                                   date=zonedisplay.full_date(printed_on, language)))
            page_templates.append(_("Page %(page)s of %(pages)s"))
    html = render_template("printing/programme.html", languages=languages, chapters=chapters,
                           title=presenters.conference_header(conference, languages[0]).title.text)
    return render_pdf(html, base_url() + "/", footer_stylesheet(release_texts, page_templates))


def _chapter(template: str, conference, zones: presenters.PageZones, language: str, **context) -> Markup:
    """One chapter rendered in one language, with the conference header and absolute links of that language."""
    with force_locale(language):
        return Markup(render_template(
            template,
            conference=presenters.conference_header(conference, language, presenters.programme_span(conference)),
            zones=zones,
            page_language=language,
            programme_url=external_url("agenda.overview", lang=language, slug=conference.slug),
            register_url=lambda number: external_url("registration.register", lang=language, slug=conference.slug,
                                                     number=number),
            **context,
        ))
