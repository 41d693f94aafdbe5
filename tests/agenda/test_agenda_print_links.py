"""The programme pages offer the printed programme, in the page language and bilingual, as accessible links."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("lang, labels", [
    ("de", ("Programm als PDF-Datei (A4)", "Deutsch und Türkisch zusammen")),
    ("tr", ("PDF dosyası olarak program (A4)", "Almanca ve Türkçe birlikte")),
])
def test_programme_pages_link_the_printed_programme(page, text_of, demo, lang, labels):
    """The overview and every workshop page offer the PDF in the page language and the bilingual edition."""
    for url in (f"/{lang}/vorkonferenz-2020/", f"/{lang}/vorkonferenz-2020/workshops/3/"):
        _, document = page(url)
        links = document.xpath('//section[@class="print-links"]//a')
        assert [link.get("href") for link in links] == [
            f"/{lang}/vorkonferenz-2020/programme.pdf", f"/{lang}/vorkonferenz-2020/programme.pdf?edition=both"]
        assert all(link.get("type") == "application/pdf" for link in links)
        assert [text_of(link) for link in links][0] == labels[0]
        assert text_of(links[1]).startswith(labels[1])
        section = document.xpath('//section[@class="print-links"]')[0]
        assert document.get_element_by_id(section.get("aria-labelledby")) is not None
