"""The pages lead on: calendar feeds (subscribe and download) and registration, in the page's language."""
import pytest


@pytest.mark.parametrize(
    ("path", "feed", "label"),
    [
        ("/de/{slug}/", "/de/{slug}/calendar.ics", "Abonnieren"),
        ("/tr/{slug}/workshops/1/", "/tr/{slug}/workshops/1/calendar.ics", "Abone ol"),
    ],
)
def test_pages_link_their_feed(client, demo, path, feed, label):
    """Overview and workshop pages link the matching feed as webcal:// and as a download."""
    html = client.get(path.format(slug=demo)).get_data(as_text=True)
    assert f"webcal://localhost{feed.format(slug=demo)}" in html
    assert f'href="http://localhost{feed.format(slug=demo)}" download' in html
    assert label in html


def test_workshop_page_leads_to_registration(client, demo):
    """A reader finds the registration form from the agenda, in the page's language."""
    html = client.get(f"/tr/{demo}/workshops/1/").get_data(as_text=True)
    assert f'href="/tr/{demo}/workshops/1/register"' in html
