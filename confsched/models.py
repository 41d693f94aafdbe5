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
    Release,
    RemovedWorkshop,
    Workshop,
    WorkshopDay,
    WorkshopOrganisation,
)
from confsched.organiser.models import ApiToken, ChangeLogEntry, Membership, Organiser  # noqa: F401
from confsched.registration.models import (  # noqa: F401
    Invitation,
    OutboxMessage,
    Registrant,
    Registration,
    RegistrationDesk,
)
