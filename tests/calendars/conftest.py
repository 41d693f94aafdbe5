"""Fixtures for calendar tests: documents with chosen days."""
from __future__ import annotations

import copy
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from confsched.extensions import db


@pytest.fixture
def dated_document(make_document):
    """Factory: a synthetic one-workshop programme whose days are given as (date, zone, local_start, local_end)."""

    def build(*days, slug="dated", status="confirmed", items=2):
        """The document, with each day's date, zone and window replaced."""
        document = copy.deepcopy(make_document(slug, workshops=1, days_per_workshop=len(days), items_per_day=items))
        workshop = document["workshops"][0]
        workshop["status"] = status
        for day, (date, zone, local_start, local_end) in zip(workshop["days"], days):
            day.update(date=date, zone=zone, local_start=local_start, local_end=local_end)
        return document

    return build

