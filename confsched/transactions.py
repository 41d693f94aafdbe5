"""Write transactions that behave the same under concurrency on SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy.orm import Session


def begin_write(session: Session) -> None:
    """Start the transaction as a writer: on SQLite take the write lock now (BEGIN IMMEDIATE).

    A deferred SQLite transaction that reads first and writes later can fail at
    once with "database is locked" when another writer is committing; taking
    the lock up front makes concurrent writers queue on busy_timeout instead.
    PostgreSQL needs nothing here: row locks and conditional UPDATEs do the work.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.driver_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
