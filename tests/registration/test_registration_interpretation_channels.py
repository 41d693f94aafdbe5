"""Registrants' access emails, invites and personal page name the interpretation channel of their language."""
from __future__ import annotations

from urllib.parse import urlsplit

import icalendar
import pytest

from tests.registration.conftest import html_body, text_body

SLUG = "vorkonferenz-2020"


def request_descriptions(message) -> list[str]:
    """The DESCRIPTION of every REQUEST VEVENT attached to a message."""
    descriptions = []
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
            if str(calendar["METHOD"]) == "REQUEST":
                descriptions += [str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT")]
    return descriptions


@pytest.mark.parametrize(("lang", "number", "sentence"), [
    ("de", 1, "Wählen Sie im Dolmetschmenü den Kanal „Deutsch“."),
    ("tr", 1, "Tercüme menüsünden “Türkçe” kanalını seçiniz."),
    ("de", 4, "Wählen Sie im Dolmetschmenü den Kanal „German“."),
    ("tr", 4, "Tercüme menüsünden “Turkish” kanalını seçiniz."),
])
def test_access_email_names_the_channel_of_the_registrants_language(mail_app, client, smtp_server, register,
                                                                   confirm, open_workshop, lang, number, sentence):
    """Kudo names its channels "Deutsch"/"Türkçe", Zoom "German"/"Turkish": each registrant is told theirs, in the
    text and HTML parts, in every invite's private DESCRIPTION and on the personal page."""
    open_workshop(number)
    address = f"kanal-{lang}-{number}@example.org"
    register(number, lang=lang, email=address, language=lang)
    page_path = confirm(address).headers["Location"]
    # A workshop of several days sends further days' invites in emails of their own; the access email is the first.
    access_email = next(message for message in smtp_server.to(address)
                        if any(passcode in text_body(message) for passcode in ("Kd-7319-secret", "Zm-4482-secret")))
    assert sentence in text_body(access_email)
    assert sentence in html_body(access_email).replace("&#34;", '"').replace("&#8220;", "“")
    other = {"de": "Kanal", "tr": "kanalını"}["tr" if lang == "de" else "de"]
    assert other not in text_body(access_email)
    descriptions = request_descriptions(access_email)
    assert descriptions and all(sentence in description for description in descriptions)
    personal = client.get(urlsplit(page_path).path).get_data(as_text=True)
    assert sentence in personal
