"""What publishing the draft will do, as the editor and the write API show it before anyone presses the button."""
from __future__ import annotations

from dataclasses import dataclass

from confsched.programme.releases import Preview
from confsched.registration.models import RegistrationStatus
from confsched.registration.queries import registrations_by_workshop_number

# A change to a workshop's days reaches those with a place; a removed or cancelled workshop everyone registered
# (the waiting list too) except those who never confirmed, whom propagation cancels without a message.
PLACE = (RegistrationStatus.active, RegistrationStatus.listener)
REGISTERED = (*PLACE, RegistrationStatus.waiting)
WHOLE_WORKSHOP = ("workshop_removed", "workshop_cancelled")


@dataclass(frozen=True)
class Reach:
    """Whom a release notifies: per change (same order as the preview's), and per workshop number."""

    per_change: list[int]
    per_workshop: dict[int, int]

    @property
    def total(self) -> int:
        """Registrations told of the release, one message each."""
        return sum(self.per_workshop.values())


def reach(published_id: int, preview: Preview) -> Reach:
    """How many registrations each change of a release would notify (one statement)."""
    counts = registrations_by_workshop_number(published_id)

    def notified(change: dict) -> int:
        statuses = REGISTERED if change["kind"] in WHOLE_WORKSHOP else PLACE
        return sum(counts.get(change["workshop"], {}).get(status, 0) for status in statuses)

    per_change = [notified(change) for change in preview.changes]
    per_workshop: dict[int, int] = {}
    for change, count in zip(preview.changes, per_change):
        per_workshop[change["workshop"]] = max(per_workshop.get(change["workshop"], 0), count)
    return Reach(per_change, per_workshop)
