"""The PostgreSQL recorders' append as one statement: case events and snapshots.

The library's PostgreSQL recorder appends in a pipelined transaction of five
statements (BEGIN, SET LOCAL lock_timeout, LOCK TABLE, NOTIFY, INSERT) and COMMIT,
sending the events as an array of a composite type that psycopg writes out as text
in Python, every event's sealed bytes hex-encoded on the way. Here an append is one
INSERT of four plain arrays (ids, positions, topics, states) that psycopg's C
implementation sends in binary, run in autocommit: one statement, one round trip,
its own transaction. A quarter of the CPU an event of a group commit
(bench/store_insert.py); a 13 MB snapshot ~20 ms of CPU where it took ~260.

What it leaves out, and why the board does not need it: the table lock keeps the
notification log's ids in commit order for readers that tail the log, and NOTIFY
wakes them; the board tails nothing (it reads the log only for the set of its
cases), and the unique key on case + position still refuses a second writer at a
taken position, so two processes stay as safe as before and no longer queue for
one lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
)
from eventsourcing.utils import retry
from psycopg.sql import SQL, Composed, Identifier


def _insert_arrays(datastore: PostgresDatastore, table: str, *, ids: bool) -> Composed:
    # %b: binary parameters, dumped by psycopg's C code (no text escaping of bytes).
    statement = SQL(
        "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) "
        "SELECT * FROM unnest(%b::{id_type}[], %b::bigint[], %b::text[], %b::bytea[])"
    ).format(
        schema=Identifier(datastore.schema),
        table=Identifier(table),
        id_type=Identifier(datastore.originator_id_type),
    )
    return statement + SQL(" RETURNING notification_id") if ids else statement


def _columns(stored_events: Sequence[StoredEvent]) -> tuple[list[Any], ...]:
    return (
        [event.originator_id for event in stored_events],
        [event.originator_version for event in stored_events],
        [event.topic for event in stored_events],
        [event.state for event in stored_events],
    )


class OneStatementRecorder(PostgresApplicationRecorder):
    """Case events and the side streams: answers the notification ids given."""

    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.insert_arrays_statement = _insert_arrays(datastore, events_table_name, ids=True)

    # Retried as the library's own insert is (the store narrows it to two attempts).
    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int]:
        if not stored_events:
            return []
        with self.datastore.get_connection() as conn, conn.cursor() as cursor:
            cursor.execute(self.insert_arrays_statement, _columns(stored_events), prepare=True)
            return [row["notification_id"] for row in cursor.fetchall()]


class OneStatementSnapshots(PostgresAggregateRecorder):
    """Board snapshots. The library's own insert here is one statement already, but
    writes the composite type as text: a 13 MB snapshot hex-escaped in Python."""

    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        self.insert_arrays_statement = _insert_arrays(datastore, events_table_name, ids=False)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> None:
        if stored_events:
            with self.datastore.get_connection() as conn, conn.cursor() as cursor:
                cursor.execute(self.insert_arrays_statement, _columns(stored_events))
