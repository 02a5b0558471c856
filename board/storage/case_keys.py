"""Per-case encryption keys, for crypto-shredding.

With a master key (BOARD_CIPHER_KEY), each case's events and snapshots are sealed
with a key of the case's own. Those keys are kept wrapped (encrypted with the master
key) in a small table whose rows, unlike events, can be changed: erasing a case's
key leaves its events unreadable for good, while every other case still loads.
An erased key leaves a tombstone, so the case can never be silently given a new one.

Erasing also scrubs the database, so the wrapped key cannot be dug out of it later
(board/storage/scrub.py): on SQLite the key table is rewritten with secure delete and the
write-ahead log emptied, on PostgreSQL the table is rewritten by VACUUM FULL once no
transaction can still see the old row, and the key column keeps no planner statistics
(which would hold copies of keys). One row of the table, the master key check,
holds a known text sealed with the master key: it tells a process whose
BOARD_CIPHER_KEY is not (or no longer, after `rotate-key`) the store's master key
apart from one that may wrap new keys.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, Cipher
from eventsourcing.utils import Environment

from board.storage import scrub

TABLE = "board_case_keys"
CACHE_SECONDS = 10.0  # how long a process trusts a key it has read (erasure takes effect after)
MASTER_CHECK_ID = "master-key-check"  # not a case id: case ids are UUIDs
MASTER_CHECK_TEXT = b"the board's master key check"
SQLITE_BUSY_SECONDS = 10.0  # how long erasing or rotating waits for other writers on SQLite

log = logging.getLogger(__name__)


class CaseErased(Exception):
    """The case's key was erased: its record can no longer be read."""

    def __init__(self, case_id: UUID) -> None:
        # No case id in the message: it may end up in a log.
        super().__init__("the case was erased")
        self.case_id = case_id


class MasterKeyMismatch(ValueError):
    """BOARD_CIPHER_KEY does not open this store's keys."""

    def __init__(self) -> None:
        super().__init__(
            "BOARD_CIPHER_KEY is not this store's master key (was the key rotated? then "
            "use the new one): nothing was changed."
        )


def _first(row: Any) -> Any:
    """The first column of a row, from a tuple (SQLite) or a dict (PostgreSQL)."""
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


class CaseKeys:
    def __init__(
        self,
        recorder: ApplicationRecorder,
        master: Cipher,
        is_postgres: bool,
        sqlite_path: str | None = None,
    ) -> None:
        self.datastore: Any = getattr(recorder, "datastore")  # noqa: B009 - the library's own
        self.master = master
        self.is_postgres = is_postgres
        self.sqlite_path = sqlite_path  # None for PostgreSQL and in-memory SQLite
        if is_postgres:
            self.schema: str = self.datastore.schema
            self.table = f'"{self.schema}".{TABLE}'
            self.mark, self.blob = "%s", "BYTEA"
        else:
            self.table, self.mark, self.blob = TABLE, "?", "BLOB"
        # How long an erasure waits for readers of the old key to finish, before it
        # says it could not scrub the database yet.
        self.scrub_wait = scrub.WAIT_SECONDS
        self._cache: dict[UUID, tuple[float, Cipher | None]] = {}
        self._lock = threading.Lock()
        with self.datastore.transaction(commit=True) as cursor:
            new = is_postgres and not scrub.postgres_table_exists(cursor, self.table)
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} "
                f"(case_id TEXT PRIMARY KEY, wrapped_key {self.blob})"
            )
            if new:  # the planner's statistics would keep copies of keys
                scrub.no_statistics(cursor, self.table)
        if is_postgres:
            self._clear_statistics_on_start()
        self._ensure_master_check()

    def _clear_statistics_on_start(self) -> None:
        """Statistics an older board let PostgreSQL collect on the key column: deleted
        once. What cannot be done now is said in the log, and erasing does it again."""
        try:
            left = scrub.clear_statistics(self.datastore, self.schema, TABLE, self.scrub_wait)
        except scrub.EraseIncomplete as why:
            log.warning(
                "Could not make sure PostgreSQL keeps no statistics on the case keys: "
                "the next start or erasure tries again. %s",
                why.why,
            )
            return
        if left:
            log.warning("%s. %s", scrub.STATISTICS_LEFT, scrub.REWRITE_STATISTICS)

    # -- the master key check ------------------------------------------------------

    def _ensure_master_check(self) -> None:
        """Write the check row if there is none yet, when this master key is the one
        the keys are wrapped with (a store's first key is its master key). A process
        with another key writes nothing: it fails where it would read or wrap a key."""
        exists, _ = self._select(MASTER_CHECK_ID)
        if exists or not self._opens_a_key():
            return
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"INSERT INTO {self.table} (case_id, wrapped_key) VALUES "  # noqa: S608 - names from code; values bound
                f"({self.mark}, {self.mark}) ON CONFLICT (case_id) DO NOTHING",
                (MASTER_CHECK_ID, self.master.encrypt(MASTER_CHECK_TEXT)),
            )

    def _opens_a_key(self) -> bool:
        """Does the master key open one wrapped key (any), or are there none yet?"""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT wrapped_key FROM {self.table} WHERE wrapped_key IS NOT NULL "  # noqa: S608
                f"AND case_id <> {self.mark} LIMIT 1",
                (MASTER_CHECK_ID,),
            )
            row = cursor.fetchone()
        return row is None or self._opens(bytes(_first(row)), None)

    def _opens(self, wrapped: bytes, expected: bytes | None) -> bool:
        try:
            opened = self.master.decrypt(wrapped)
        except ValueError:
            return False
        return expected is None or opened == expected

    def master_matches(self) -> bool:
        """Is BOARD_CIPHER_KEY this store's master key? (Read only.)"""
        exists, wrapped = self._select(MASTER_CHECK_ID)
        if exists and wrapped is not None:
            return self._opens(wrapped, MASTER_CHECK_TEXT)
        return self._opens_a_key()

    def verify_master(self) -> None:
        """Raise MasterKeyMismatch unless the master key may seal and wrap here."""
        if not self.master_matches():
            raise MasterKeyMismatch()

    def _verify_master_in(self, cursor: Any) -> None:
        """The check, inside a writing transaction. On PostgreSQL the check row is held
        (FOR SHARE) until the transaction ends, so a key rotation either waits for this
        transaction, and then re-wraps what it wrote, or has already committed, and then
        this check fails: nothing is ever wrapped with a key that was just replaced."""
        lock = " FOR SHARE" if self.is_postgres else ""
        cursor.execute(
            f"SELECT wrapped_key FROM {self.table} WHERE case_id = {self.mark}{lock}",  # noqa: S608
            (MASTER_CHECK_ID,),
        )
        row = cursor.fetchone()
        value = _first(row) if row is not None else None
        if value is not None and not self._opens(bytes(value), MASTER_CHECK_TEXT):
            raise MasterKeyMismatch()

    # -- keys ------------------------------------------------------------------------

    def _select(self, case_id: UUID | str) -> tuple[bool, bytes | None]:
        """(row exists, wrapped key or None for a tombstone)."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT wrapped_key FROM {self.table} WHERE case_id = {self.mark}",  # noqa: S608 - names from code; values bound
                (str(case_id),),
            )
            row = cursor.fetchone()
        if row is None:
            return False, None
        value = _first(row)
        return True, bytes(value) if value is not None else None

    def _cipher(self, wrapped: bytes) -> Cipher:
        try:
            key = self.master.decrypt(wrapped).decode()
        except ValueError:
            raise MasterKeyMismatch() from None
        from eventsourcing.cryptography import AESCipher  # only with BOARD_CIPHER_KEY

        return AESCipher(Environment(env={AESCipher.CIPHER_KEY: key}))

    def cipher_for(self, case_id: UUID, create: bool = False) -> Cipher:
        """The case's cipher; with `create`, make its key if it has none yet."""
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(case_id)
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            if cached[1] is None:
                raise CaseErased(case_id)
            return cached[1]
        exists, wrapped = self._select(case_id)
        if not exists and create:
            from eventsourcing.cryptography import AESCipher  # only with BOARD_CIPHER_KEY

            new_key = AESCipher.create_key(32).encode()
            with self.datastore.transaction(commit=True) as cursor:
                if not self.is_postgres:  # what a page split frees is zeroed, not left
                    cursor.execute("PRAGMA secure_delete = ON")
                # The insert first: on SQLite it takes the write lock at once.
                cursor.execute(
                    f"INSERT INTO {self.table} (case_id, wrapped_key) VALUES "  # noqa: S608
                    f"({self.mark}, {self.mark}) ON CONFLICT (case_id) DO NOTHING",
                    (str(case_id), self.master.encrypt(new_key)),
                )
                self._verify_master_in(cursor)  # raising here rolls the insert back
            exists, wrapped = self._select(case_id)  # another process may have won
        if not exists:
            raise CaseErased(case_id)  # never keyed: nothing of it can be read either
        cipher = self._cipher(wrapped) if wrapped is not None else None
        with self._lock:
            self._cache[case_id] = (now, cipher)
        if cipher is None:
            raise CaseErased(case_id)
        return cipher

    def is_erased(self, case_id: UUID) -> bool:
        """Answered from the same short-lived cache as the keys: this is asked on every
        request that opens a case, and a query each time would be wasted."""
        with self._lock:
            cached = self._cache.get(case_id)
        if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1] is None
        exists, wrapped = self._select(case_id)
        if exists:
            with self._lock:
                cipher = self._cipher(wrapped) if wrapped is not None else None
                self._cache[case_id] = (time.monotonic(), cipher)
        return exists and wrapped is None

    # -- erasing ---------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self) -> Iterator[Any]:
        """A cursor in one transaction of its own, for erasing and rotating. On SQLite a
        connection of its own, with secure delete on (what is deleted is overwritten
        with zeros) and the write lock taken at the start."""
        if self.is_postgres:
            with self.datastore.get_connection() as conn, conn.transaction():
                yield conn.cursor()
            return
        if self.sqlite_path is None:  # in memory: there are no files to scrub
            with self.datastore.transaction(commit=True) as cursor:
                yield cursor
            return
        conn = sqlite3.connect(self.sqlite_path, timeout=SQLITE_BUSY_SECONDS, isolation_level=None)
        try:
            conn.execute("PRAGMA secure_delete = ON")
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn.cursor()
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def erase(self, case_id: UUID) -> bool:
        """Destroy the case's key (leaving a tombstone) and scrub its bytes from the
        database. True if there was a key to destroy; False if it was already erased
        (the scrub is done again: it finishes one that was interrupted).

        Raises scrub.EraseIncomplete when the key is destroyed (the board can no longer
        read the case) but its old bytes could not yet be scrubbed from the database."""
        horizon = 0  # PostgreSQL: the erasing transaction's id
        with self.writing() as cursor:
            lock = " FOR UPDATE" if self.is_postgres else ""
            cursor.execute(
                f"SELECT wrapped_key FROM {self.table} WHERE case_id = {self.mark}{lock}",  # noqa: S608
                (str(case_id),),
            )
            row = cursor.fetchone()
            found = row is not None
            value = _first(row) if found else None
            wrapped = bytes(value) if value is not None else None
            if found:
                # Overwrite the value in place, then leave the tombstone.
                cursor.execute(
                    f"UPDATE {self.table} SET wrapped_key = {self.mark} WHERE case_id = {self.mark}",  # noqa: S608
                    (bytes(len(wrapped or b"")), str(case_id)),
                )
                if self.is_postgres:
                    horizon = scrub.tombstone_postgres(cursor, self.table, str(case_id))
                else:
                    cursor.execute(
                        f"UPDATE {self.table} SET wrapped_key = NULL WHERE case_id = ?",  # noqa: S608
                        (str(case_id),),
                    )
                    scrub.rewrite_sqlite_table(cursor, self.table)
        with self._lock:
            self._cache[case_id] = (time.monotonic(), None)
        if not found:
            return False
        if self.is_postgres:
            scrub.scrub_postgres(self.datastore, self.table, horizon, self.scrub_wait)
            self._check_catalogue(case_id)
        elif self.sqlite_path is not None:
            scrub.scrub_sqlite(self.sqlite_path, wrapped, self.scrub_wait)
        return wrapped is not None

    def _check_catalogue(self, case_id: UUID) -> None:
        """After a PostgreSQL erasure: the key is in no statistics (any found are deleted
        now) and its row is a tombstone; else EraseIncomplete."""
        if scrub.clear_statistics(self.datastore, self.schema, TABLE, self.scrub_wait):
            raise scrub.EraseIncomplete(scrub.STATISTICS_LEFT, scrub.REWRITE_STATISTICS)
        if self._select(case_id) != (True, None):
            raise scrub.EraseIncomplete("the key table does not show it erased")

    # -- rotating the master key -----------------------------------------------------

    def rewrap(self, cursor: Any, new_master: Cipher) -> int:
        """Inside a `writing()` transaction: every key wrapped again with the new master
        key (the check row too, first, so that on PostgreSQL it is held from the start).
        Returns how many case keys were re-wrapped. Raises MasterKeyMismatch, changing
        nothing, if the current master key does not open every key."""
        lock = " FOR UPDATE" if self.is_postgres else ""
        cursor.execute(
            f"SELECT wrapped_key FROM {self.table} WHERE case_id = {self.mark}{lock}",  # noqa: S608
            (MASTER_CHECK_ID,),
        )
        check = cursor.fetchone()
        check_value = _first(check) if check is not None else None
        if check_value is not None and not self._opens(bytes(check_value), MASTER_CHECK_TEXT):
            raise MasterKeyMismatch()
        cursor.execute(
            f"INSERT INTO {self.table} (case_id, wrapped_key) VALUES ({self.mark}, {self.mark}) "  # noqa: S608
            f"ON CONFLICT (case_id) DO UPDATE SET wrapped_key = excluded.wrapped_key",
            (MASTER_CHECK_ID, new_master.encrypt(MASTER_CHECK_TEXT)),
        )
        cursor.execute(
            f"SELECT case_id, wrapped_key FROM {self.table} "  # noqa: S608
            f"WHERE wrapped_key IS NOT NULL AND case_id <> {self.mark}",
            (MASTER_CHECK_ID,),
        )
        rows = [
            (row["case_id"], row["wrapped_key"]) if isinstance(row, dict) else row
            for row in cursor.fetchall()
        ]
        rewrapped = []
        for case_id, wrapped in rows:
            try:
                key = self.master.decrypt(bytes(wrapped))
            except ValueError:
                raise MasterKeyMismatch() from None
            rewrapped.append((new_master.encrypt(key), case_id))
        cursor.executemany(
            f"UPDATE {self.table} SET wrapped_key = {self.mark} WHERE case_id = {self.mark}",  # noqa: S608
            rewrapped,
        )
        return len(rewrapped)

    def use_master(self, master: Cipher) -> None:
        """After a rotation: wrap with the new master key from now on."""
        self.master = master
        with self._lock:
            self._cache.clear()
