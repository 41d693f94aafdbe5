"""The organiser's pages: sign-in, the programme editor, import and export, history, members and API tokens.

Thin controllers, one module per part of the editor, all on one blueprint: load the conference, check that the
organiser may edit it, clean the form through the shared field rules, call an operation, redirect.
"""
from __future__ import annotations

from confsched.organiser.views.blueprint import bp
from confsched.organiser.views import (  # noqa: F401 - each module registers its pages on bp
    access,
    agenda,
    assignments,
    conferences,
    documents,
    entries,
    history,
    releases,
    wording,
    workshops,
)

__all__ = ["bp"]
