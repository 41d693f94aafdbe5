"""The waiting-list notice: the right position, counted under the seat lock without loading the list."""
from __future__ import annotations

import re

from sqlalchemy import event, select

from confsched.extensions import db
from confsched.registration.models import Registrant, Registration
from tests.registration.conftest import counts, text_body


def position_in(message) -> int:
    """The waiting-list position a German waiting notice states."""
    found = re.search(r"auf\s+Platz\s+(\d+)", text_body(message))
    assert found, text_body(message)
    return int(found.group(1))


def test_each_waiting_notice_states_its_position(mail_app, smtp_server, register, confirm, open_workshop):
    open_workshop(1, capacity=1)
    emails = ["sitz@example.de", "warte1@example.de", "warte2@example.de", "warte3@example.de"]
    for index, email in enumerate(emails):
        register(1, email=email, language="de", remote_addr=f"10.8.0.{index}")
        confirm(email, remote_addr=f"10.8.0.{index}")
    assert counts(mail_app) == {"desk_active": 1, "desk_listeners": 0, "active": 1, "waiting": 3}
    assert [position_in(smtp_server.last_to(email)) for email in emails[1:]] == [1, 2, 3]


def test_confirming_onto_a_waiting_list_loads_no_one_else(mail_app, smtp_server, register, confirm, open_workshop):
    open_workshop(1, capacity=1)
    for index in range(4):
        register(1, email=f"vorher{index}@example.de", language="de", remote_addr=f"10.8.1.{index}")
        confirm(f"vorher{index}@example.de", remote_addr=f"10.8.1.{index}")
    register(1, email="neu@example.de", language="de", remote_addr="10.8.2.1")
    with mail_app.app_context():
        own = db.session.execute(select(Registration.id).join(Registrant)
                                 .where(Registrant.email == "neu@example.de")).scalar_one()
    loaded = []

    def note(registration, context):
        """Record every registration the confirmation reads into its session."""
        loaded.append(registration.id)

    event.listen(Registration, "load", note)
    try:
        confirm("neu@example.de", remote_addr="10.8.2.1")
    finally:
        event.remove(Registration, "load", note)
    assert position_in(smtp_server.last_to("neu@example.de")) == 4
    assert set(loaded) == {own}, "the position is counted, not read from the whole list"
