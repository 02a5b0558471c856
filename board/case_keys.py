"""Per-case encryption keys, for crypto-shredding.

With a master key (BOARD_CIPHER_KEY), each case's events and snapshots are sealed
with a key of the case's own. Those keys are kept wrapped (encrypted with the master
key) in a small table whose rows, unlike events, can be changed: erasing a case's
key leaves its events unreadable for good, while every other case still loads.
An erased key leaves a tombstone, so the case can never be silently given a new one.
"""

from __future__ import annotations

import threading
import time
from typing import Any
from uuid import UUID

from eventsourcing.cryptography import AESCipher
from eventsourcing.persistence import ApplicationRecorder, Cipher
from eventsourcing.utils import Environment

TABLE = "board_case_keys"
CACHE_SECONDS = 10.0  # how long a process trusts a key it has read (erasure takes effect after)


class CaseErased(Exception):
    """The case's key was erased: its record can no longer be read."""

    def __init__(self, case_id: UUID) -> None:
        super().__init__(f"case {case_id} was erased")
        self.case_id = case_id


class CaseKeys:
    def __init__(self, recorder: ApplicationRecorder, master: Cipher, is_postgres: bool) -> None:
        self.datastore: Any = getattr(recorder, "datastore")  # noqa: B009 - the library's own
        self.master = master
        if is_postgres:
            self.table = f'"{self.datastore.schema}".{TABLE}'
            self.mark, self.blob = "%s", "BYTEA"
        else:
            self.table, self.mark, self.blob = TABLE, "?", "BLOB"
        self._cache: dict[UUID, tuple[float, Cipher | None]] = {}
        self._lock = threading.Lock()
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} "
                f"(case_id TEXT PRIMARY KEY, wrapped_key {self.blob})"
            )

    def _select(self, case_id: UUID) -> tuple[bool, bytes | None]:
        """(row exists, wrapped key or None for a tombstone)."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(
                f"SELECT wrapped_key FROM {self.table} WHERE case_id = {self.mark}",  # noqa: S608 - names from code; values bound
                (str(case_id),),
            )
            row = cursor.fetchone()
        if row is None:
            return False, None
        value = row["wrapped_key"] if isinstance(row, dict) else row[0]
        return True, bytes(value) if value is not None else None

    def _cipher(self, wrapped: bytes) -> Cipher:
        key = self.master.decrypt(wrapped).decode()
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
            new_key = AESCipher.create_key(32).encode()
            with self.datastore.transaction(commit=True) as cursor:
                cursor.execute(
                    f"INSERT INTO {self.table} (case_id, wrapped_key) VALUES "  # noqa: S608
                    f"({self.mark}, {self.mark}) ON CONFLICT (case_id) DO NOTHING",
                    (str(case_id), self.master.encrypt(new_key)),
                )
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

    def erase(self, case_id: UUID) -> bool:
        """Destroy the case's key (leaving a tombstone). True if there was one to erase."""
        _, wrapped = self._select(case_id)
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"UPDATE {self.table} SET wrapped_key = NULL WHERE case_id = {self.mark}",  # noqa: S608
                (str(case_id),),
            )
        with self._lock:
            self._cache[case_id] = (time.monotonic(), None)
        return wrapped is not None
