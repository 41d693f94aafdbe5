"""SEQUENCE and DTSTAMP per recipient and UID: every iTIP message sorts after the last one its recipient got.

RFC 5546 clients keep, per UID, the copy with the higher SEQUENCE and, of equal
ones, the newer DTSTAMP. A day's own SEQUENCE only counts programme changes, so
a registration cancelled and then re-joined, or new access data, would otherwise
reach the calendar with a SEQUENCE it has already seen.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from confsched.extensions import db
from confsched.programme.models import utcnow
from confsched.registration.models import CalendarDelivery

ONE_SECOND = dt.timedelta(seconds=1)


def preload(registrant_ids) -> list[CalendarDelivery]:
    """Load and lock the delivery records of many registrants in one statement, before messages to all of them.

    The session holds loaded rows weakly: keep the list while sending, or each record is read again.
    """
    ids = list(registrant_ids)
    if not ids:
        return []
    return db.session.execute(select(CalendarDelivery).where(CalendarDelivery.registrant_id.in_(ids))
                              .with_for_update().execution_options(populate_existing=True)).scalars().all()


def next_stamp(registrant_id: int, uid: str, sequence: int) -> tuple[int, dt.datetime]:
    """The SEQUENCE (at least `sequence`) and DTSTAMP of the next message to this recipient about this UID, recorded."""
    key = (registrant_id, uid)
    delivery = db.session.identity_map.get(db.session.identity_key(CalendarDelivery, key))
    if delivery is None:
        delivery = db.session.get(CalendarDelivery, key, with_for_update=True, populate_existing=True)
    second = utcnow().replace(microsecond=0)
    if delivery is None:
        delivery = CalendarDelivery(registrant_id=registrant_id, uid=uid, sequence=sequence, stamped_at=second)
        db.session.add(delivery)
    else:
        delivery.sequence = max(sequence, delivery.sequence + 1)
        delivery.stamped_at = max(second, delivery.stamped_at + ONE_SECOND)
    return delivery.sequence, delivery.stamped_at
