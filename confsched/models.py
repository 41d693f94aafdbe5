"""Imports every feature's models so that metadata (create_all, migrations) sees them all."""
from confsched.programme.models import (  # noqa: F401
    AgendaItem,
    Assignment,
    Conference,
    ConferenceOrganiser,
    Organisation,
    Person,
    Platform,
    PlatformAccess,
    Workshop,
    WorkshopDay,
    WorkshopOrganisation,
)
