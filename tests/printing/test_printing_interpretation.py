"""The printed programme says what each workshop is spoken and interpreted in, in each edition's language."""
from __future__ import annotations

import pytest

from pdf_pages import POPPLER_MISSING, plain_text

pytestmark = pytest.mark.skipif(POPPLER_MISSING, reason="poppler-utils (pdftotext, pdffonts) not installed")


def test_both_editions_state_the_interpretation(client, demo):
    """The German chapter says it in German, the Turkish one in Turkish (with the Turkish dative)."""
    response = client.get("/de/vorkonferenz-2020/programme.pdf", query_string={"edition": "both"})
    assert response.status_code == 200
    text = " ".join(plain_text(response.data).split())
    assert text.count("Deutsch und Türkisch, simultan in beide Richtungen gedolmetscht") == 4
    assert text.count("Almanca ve Türkçe, karşılıklı simultane tercüme edilir") == 4
