"""Scrubbing an erased case key from the database, so it cannot be dug out later.

Setting a stored value to NULL does not remove its bytes. SQLite keeps the old page in
its write-ahead log (the -wal file) until a checkpoint, and, unless it was built with
secure delete, in free space inside the file; PostgreSQL keeps the old row version in
the table's file until VACUUM, and longer while any transaction may still see it. With
BOARD_CIPHER_KEY, those bytes would open the erased case's record again.

- SQLite: the key table is rewritten in the erasing transaction with secure delete on
  (freed space and pages are overwritten with zeros), then the log is checkpointed
  into the file and emptied (`wal_checkpoint(TRUNCATE)`), and the files are searched
  for any fragment of the old wrapped key. If one is found (a page freed long ago by
  a SQLite without secure delete), the whole file is rebuilt (VACUUM) and searched
  again. A fragment still there is an error, never a silent success. (VACUUM may
  renumber the rowids that serve as notification ids; the board never deletes a
  record, so they have no gaps to close, and SQLite keeps them as they are.)
- PostgreSQL: the row is overwritten, deleted and a tombstone inserted in its place;
  once no transaction that began before the erasure is left (a backup in progress
  would be one), VACUUM FULL rewrites the key table into a new file, and the old file
  is removed. The key column keeps no planner statistics (below), and the erasure
  checks that none hold it. The write-ahead log and archived copies are backups: see
  docs/security.md (rotate the master key).

Anything that could not be finished raises EraseIncomplete, whose message says what to
do: the key itself is already destroyed, so the board can no longer read the case, and
running the same erase again finishes the scrub.
"""

from __future__ import annotations

import contextlib
import mmap
import sqlite3
import time
from collections.abc import Iterator
from typing import Any

from eventsourcing.persistence import PersistenceError

WAIT_SECONDS = 10.0  # how long to wait for readers and the table lock before giving up
FRAGMENT = 12  # bytes: the nonce's length; any stretch of a wrapped key this long counts
STEP = 4  # so any surviving stretch of 15 bytes or more is found

AGAIN = "Run the same erase again when the board is quiet: it finishes the job."


class EraseIncomplete(Exception):
    """The case's key is destroyed, but its old bytes could not yet be scrubbed."""

    def __init__(self, why: str, then: str = AGAIN) -> None:
        self.why = why
        super().__init__(
            "The case's key is destroyed, so the board can no longer read the case. "
            f"But {why}, so the old key's bytes may still be in the database's files. {then}"
        )


# -- SQLite ----------------------------------------------------------------------------


def rewrite_sqlite_table(cursor: sqlite3.Cursor, table: str) -> None:
    """Inside a transaction with secure delete on: empty the table and write its rows
    back. Emptying it frees (and zeroes) every page it had, old copies of rows left in
    them by earlier page splits included."""
    rows = cursor.execute(f"SELECT case_id, wrapped_key FROM {table}").fetchall()  # noqa: S608 - names from code
    cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    cursor.executemany(f"INSERT INTO {table} (case_id, wrapped_key) VALUES (?, ?)", rows)  # noqa: S608


@contextlib.contextmanager
def _connection(path: str, wait: float) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path, timeout=wait, isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        yield conn
    finally:
        conn.close()


def _checkpoint(conn: sqlite3.Connection) -> None:
    """Copy the log into the file and empty it; waits (busy timeout) for readers."""
    try:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.OperationalError:
        busy = 1
    if busy:
        raise EraseIncomplete("the database was busy")


def fragments(wrapped: bytes) -> list[bytes]:
    """Overlapping stretches of a wrapped key: finding any one means a copy remains."""
    return [wrapped[i : i + FRAGMENT] for i in range(0, len(wrapped) - FRAGMENT + 1, STEP)]


def sqlite_holds(path: str, wrapped: bytes) -> bool:
    """Does the database file, its log or its journal hold any stretch of `wrapped`?"""
    pieces = fragments(wrapped)
    for name in (path, path + "-wal", path + "-journal"):
        try:
            file = open(name, "rb")  # noqa: SIM115 - closed below; mmap needs the file
        except FileNotFoundError:
            continue
        with file:
            if file.seek(0, 2) == 0:
                continue  # mmap cannot map an empty file, and it holds nothing
            with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as view:
                if any(view.find(piece) >= 0 for piece in pieces):
                    return True
    return False


def scrub_sqlite(path: str, wrapped: bytes | None, wait: float = WAIT_SECONDS) -> None:
    """After the erasing transaction committed: leave no copy of `wrapped` in the files.
    Without the old value to look for (erasing an erased case again), rebuild anyway."""
    with _connection(path, wait) as conn:
        _checkpoint(conn)
        if wrapped is not None and not sqlite_holds(path, wrapped):
            return
        try:
            conn.execute("VACUUM")
        except sqlite3.OperationalError:
            raise EraseIncomplete("the database was busy") from None
        _checkpoint(conn)
    if wrapped is not None and sqlite_holds(path, wrapped):
        raise EraseIncomplete("a copy of it was still found after rebuilding the database")


# -- PostgreSQL ------------------------------------------------------------------------


def tombstone_postgres(cursor: Any, table: str, case_id: str) -> int:
    """Inside the erasing transaction: replace the row with a tombstone (a new row, not
    an update of the old one). Returns the transaction's id, for the wait below."""
    cursor.execute(f"DELETE FROM {table} WHERE case_id = %s", (case_id,))  # noqa: S608
    cursor.execute(f"INSERT INTO {table} (case_id, wrapped_key) VALUES (%s, NULL)", (case_id,))  # noqa: S608
    cursor.execute("SELECT txid_current() % 4294967296 AS xid")
    row = cursor.fetchone()
    return int(row["xid"] if isinstance(row, dict) else row[0])


# Anything that may still see a row version deleted by transaction %(xid)s keeps VACUUM
# from removing it: a transaction or snapshot older than it, a replication slot
# holding it back, a prepared transaction. (A database user without pg_read_all_stats
# cannot see other users' sessions here: give the board's user that role.)
_OLDER_READERS = """
SELECT
  (SELECT count(*) FROM pg_stat_activity
    WHERE pid <> pg_backend_pid() AND datname = current_database()
      AND ((backend_xmin IS NOT NULL AND age(backend_xmin) >= age(%(xid)s::text::xid))
        OR (backend_xid IS NOT NULL AND age(backend_xid) >= age(%(xid)s::text::xid))))
+ (SELECT count(*) FROM pg_replication_slots
    WHERE xmin IS NOT NULL AND age(xmin) >= age(%(xid)s::text::xid))
+ (SELECT count(*) FROM pg_prepared_xacts
    WHERE age(transaction) >= age(%(xid)s::text::xid)) AS readers
"""


def _older_readers(conn: Any, xid: int) -> int:
    row = conn.execute(_OLDER_READERS, {"xid": str(xid)}).fetchone()
    return int(row["readers"] if isinstance(row, dict) else row[0])


def scrub_postgres(datastore: Any, table: str, xid: int, wait: float = WAIT_SECONDS) -> None:
    """After the erasing transaction `xid` committed: once nothing can still see the old
    row, rewrite the key table into a new file (VACUUM FULL), removing the old one."""
    deadline = time.monotonic() + wait
    try:
        with datastore.get_connection() as conn:
            while _older_readers(conn, xid):
                if time.monotonic() >= deadline:
                    raise EraseIncomplete(
                        "a transaction that began before the erasure (a backup, a long "
                        "report?) can still see the old key, so PostgreSQL must keep it"
                    )
                time.sleep(0.1)
            conn.execute(f"SET lock_timeout = '{int(wait * 1000)}ms'")
            try:
                conn.execute(f"VACUUM FULL {table}")
            finally:
                conn.execute("RESET lock_timeout")
    except PersistenceError:
        raise EraseIncomplete("the key table was in use and could not be rewritten") from None


# -- PostgreSQL's planner statistics ----------------------------------------------------
#
# ANALYZE (autovacuum runs it once a table has changed enough: about 50 new cases) keeps
# a sample of each column's values in pg_statistic, readable through the pg_stats view by
# anyone who may read the column: for the key column, wrapped keys, which outlive their
# erasure there. So the key column keeps no statistics (SET STATISTICS 0). That alone
# leaves a row collected before in place: ANALYZE skips the column without deleting its
# row, and VACUUM FULL of the key table does not touch it either (tried on PostgreSQL
# 15). Changing the column's type, to the type it already has, deletes the row without
# rewriting the table; any owner of the table may. The deleted row's bytes stay in
# pg_statistic's files (its TOAST table's, for a row of more than 2 kB) until those are
# rewritten with VACUUM FULL pg_catalog.pg_statistic, which only a superuser or the
# database's owner may run: a board whose user is neither says so, once, in its log.

KEY_COLUMN = "wrapped_key"
STATISTICS_TABLE = "pg_catalog.pg_statistic"

_STATISTICS_TARGET = """
SELECT attstattarget FROM pg_catalog.pg_attribute
WHERE attrelid = %(table)s::regclass AND attname = %(column)s
"""
_STATISTICS_ROWS = """
SELECT count(*) AS held FROM pg_catalog.pg_stats
WHERE schemaname = %(schema)s AND tablename = %(name)s AND attname = %(column)s
"""
_MAY_REWRITE_STATISTICS = """
SELECT pg_has_role(datdba, 'USAGE') AS may FROM pg_catalog.pg_database
WHERE datname = current_database()
"""

STATISTICS_LEFT = (
    "PostgreSQL's planner statistics held copies of case keys, and the board's database "
    f"user may not rewrite {STATISTICS_TABLE}, which kept them"
)
REWRITE_STATISTICS = (
    f"A superuser or the database's owner must run VACUUM FULL {STATISTICS_TABLE} once "
    "(the board's user never collects statistics on its keys again)."
)


def _value(row: Any) -> Any:
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


def postgres_table_exists(cursor: Any, table: str) -> bool:
    cursor.execute("SELECT to_regclass(%(table)s) IS NOT NULL AS found", {"table": table})
    return bool(_value(cursor.fetchone()))


def no_statistics(cursor: Any, table: str) -> None:
    """Inside a transaction: the key column keeps no statistics from now on (changes
    nothing, and takes no lock, when that is so already)."""
    cursor.execute(_STATISTICS_TARGET, {"table": table, "column": KEY_COLUMN})
    if _value(cursor.fetchone()) != 0:
        cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {KEY_COLUMN} SET STATISTICS 0")


def statistics_held(cursor: Any, schema: str, name: str) -> int:
    """How many rows of pg_stats describe the key column (there should be none)."""
    cursor.execute(_STATISTICS_ROWS, {"schema": schema, "name": name, "column": KEY_COLUMN})
    return int(_value(cursor.fetchone()))


def may_rewrite_statistics(cursor: Any) -> bool:
    cursor.execute(_MAY_REWRITE_STATISTICS)
    return bool(_value(cursor.fetchone()))


def clear_statistics(datastore: Any, schema: str, name: str, wait: float = WAIT_SECONDS) -> bool:
    """No statistics on the key column, and none left from before: a row found is
    deleted, then pg_statistic is rewritten, when this user may, so that no older copy
    stays in its files. Returns True when a row was deleted but pg_statistic could not be
    rewritten (STATISTICS_LEFT; REWRITE_STATISTICS says what to do). Raises EraseIncomplete if a lock
    could not be had in time or the row is still there."""
    table = f'"{schema}".{name}'
    try:
        with datastore.get_connection() as conn:
            with conn.transaction():
                cursor = conn.cursor()
                cursor.execute(f"SET LOCAL lock_timeout = '{int(wait * 1000)}ms'")
                no_statistics(cursor, table)
                held = statistics_held(cursor, schema, name)
                if held:  # the type it has: deletes the column's statistics, rewrites nothing
                    cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {KEY_COLUMN} TYPE BYTEA")
                    if statistics_held(cursor, schema, name):
                        raise EraseIncomplete("PostgreSQL's statistics on the key column remain")
                may = may_rewrite_statistics(cursor)
            if held and may:
                conn.execute(f"SET lock_timeout = '{int(wait * 1000)}ms'")
                try:
                    conn.execute(f"VACUUM FULL {STATISTICS_TABLE}")
                finally:
                    conn.execute("RESET lock_timeout")
    except PersistenceError as error:  # a lock not had in time; not the table's owner
        raise EraseIncomplete(
            f"PostgreSQL's statistics on the key column could not be changed ({error})"
        ) from None
    return bool(held) and not may
