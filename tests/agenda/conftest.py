"""Fixtures for the agenda pages: fetching and parsing pages as a reader sees them."""
from __future__ import annotations

import lxml.html
import pytest


@pytest.fixture
def page(client):
    """Factory: GET a URL and return (response, parsed HTML document)."""

    def get(url: str, expected_status: int = 200, **kwargs):
        response = client.get(url, **kwargs)
        assert response.status_code == expected_status, response.get_data(as_text=True)[:2000]
        return response, lxml.html.fromstring(response.get_data(as_text=True))

    return get


@pytest.fixture
def text_of():
    """Function: an element's text with whitespace collapsed, as a reader sees it."""
    return lambda element: " ".join(element.text_content().split())
