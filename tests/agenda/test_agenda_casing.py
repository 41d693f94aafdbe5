"""Turkish casing: nothing upper- or title-cases text in Python or Jinja; CSS does it, under the element's lang."""
from __future__ import annotations

import re

from confsched import PROJECT_ROOT

FORBIDDEN = re.compile(r"\|\s*(upper|title|capitalize)\b|\.(upper|title|capitalize)\(\)")


def test_no_python_or_jinja_casing_on_public_pages():
    sources = [*sorted((PROJECT_ROOT / "confsched" / "agenda").glob("*.py")),
               *sorted((PROJECT_ROOT / "templates" / "agenda").glob("*.html")),
               *sorted((PROJECT_ROOT / "templates" / "errors").glob("*.html")),
               PROJECT_ROOT / "templates" / "base.html"]
    offenders = [str(path) for path in sources if FORBIDDEN.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_upper_case_only_through_css_text_transform():
    stylesheet = (PROJECT_ROOT / "confsched" / "static" / "confsched.css").read_text(encoding="utf-8")
    assert "text-transform: uppercase" in stylesheet
