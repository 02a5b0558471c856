"""The case store: one stream per case, on the eventsourcing library's recorders.

SQLite by default, PostgreSQL when the store URL is `postgresql://...`. The library
gives us the durable append with optimistic concurrency (a unique constraint on
case + position), the snapshot table, the application-wide notification log and
AES encryption at rest; this module only maps our events onto its records.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
import types
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

from eventsourcing.persistence import (
    AggregateRecorder,
    ApplicationRecorder,
    Cipher,
    InfrastructureFactory,
    IntegrityError,
    InterfaceError,
    OperationalError,
    StoredEvent,
)
from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteFactory
from eventsourcing.utils import Environment, retry

from board.events import CaseEvent, CaseOpened
from board.events.codec import decode_body, encode_body
from board.projections.board import Board, copy_board, decode_board, encode_board, evolve_all
from board.storage.case_keys import CaseKeys, MasterKeyMismatch

# Named, not imported: importing it loads psycopg, which a SQLite store never needs.
ONE_STATEMENT_RECORDER = "board.storage.pg_append:OneStatementRecorder"

log = logging.getLogger(__name__)

BOARD_TOPIC = "Board"  # the topic of snapshot records
HEALTH_TABLE = "board_health"  # one row, written by can_write()
# Below this much free disk, a SQLite store reports that it cannot write: a big case's
# snapshot is ~13 MB, and the write-ahead log grows before it is checkpointed.
MIN_FREE_BYTES = 64 * 1024 * 1024
# Decoded snapshots kept in memory, counted by the size of their records. Loading one
# of a 100,000-event case reads and decodes ~13 MB (~130 ms); copying a cached one
# takes about a millisecond (see copy_board).
SNAPSHOT_CACHE_BYTES = 64 * 1024 * 1024


class StalePosition(Exception):
    """Someone else appended at this position first: the append was refused, not merged."""

    def __init__(self, case_id: UUID, position: int) -> None:
        super().__init__(f"position {position} of case {case_id} is already taken")
        self.case_id = case_id
        self.position = position


class StoreUnavailable(Exception):
    """The database could not be reached; nothing was stored."""


def store_environment(url: str, cipher_key: str | None = None) -> dict[str, str]:
    """The eventsourcing library's settings for a store URL (a path or sqlite:/// URL,
    or postgresql://user:password@host:port/dbname?schema=name)."""
    env: dict[str, str] = {}
    parts = urlsplit(url)
    if parts.scheme in ("postgresql", "postgres"):
        query = parse_qs(parts.query)
        env.update(
            PERSISTENCE_MODULE="eventsourcing.postgres",
            POSTGRES_DBNAME=parts.path.lstrip("/") or "board",
            POSTGRES_HOST=parts.hostname or "127.0.0.1",
            POSTGRES_PORT=str(parts.port or 5432),
            POSTGRES_USER=unquote(parts.username or "postgres"),
            # The library insists on a password even where the server trusts us.
            POSTGRES_PASSWORD=unquote(parts.password or "unused"),
            # Fail fast when the database is away: a command gets "unavailable" in
            # seconds, not the minute the library's defaults add up to.
            POSTGRES_CONNECT_TIMEOUT="2",
            POSTGRES_POOL_SIZE="5",
            POSTGRES_MAX_OVERFLOW="10",
            # An append is one INSERT statement (board/storage/pg_append.py).
            APPLICATION_RECORDER_TOPIC=ONE_STATEMENT_RECORDER,
        )
        if "schema" in query:
            env["POSTGRES_SCHEMA"] = query["schema"][0]
    else:
        path = parts.path if parts.scheme == "sqlite" else url
        if path not in (":memory:", "") and not path.startswith("file:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        env.update(PERSISTENCE_MODULE="eventsourcing.sqlite", SQLITE_DBNAME=path)
    if cipher_key:
        env.update(CIPHER_TOPIC="eventsourcing.cryptography:AESCipher", CIPHER_KEY=cipher_key)
    return env


def sqlite_file(url: str) -> str | None:
    """The SQLite file a store URL names; None for PostgreSQL and in-memory stores."""
    parts = urlsplit(url)
    if parts.scheme in ("postgresql", "postgres"):
        return None
    path = parts.path if parts.scheme == "sqlite" else url
    return path if path not in (":memory:", "") and not path.startswith("file:") else None


# The library retries each PostgreSQL call ten times on a connection error. During an
# outage that turns one refusal into a minute of waiting, with everyone else on the
# case queued behind it; we try twice and let the person try again.
_RETRIED_CALLS = ("insert_events", "select_events", "select_notifications", "max_notification_id")


def _fail_fast(recorder: object) -> None:
    for name in _RETRIED_CALLS:
        inner = getattr(getattr(type(recorder), name, None), "__wrapped__", None)
        if inner is not None:
            once = retry((InterfaceError, OperationalError), max_attempts=2, wait=0.1)
            setattr(recorder, name, once(types.MethodType(inner, recorder)))


def _reconnect_every_second() -> None:
    """psycopg_pool doubles its wait between reconnection attempts without a cap below
    five minutes, so after a long outage the board would come back minutes after the
    database. Try every second instead. Imported here: a SQLite store never loads
    psycopg (a third of a second at start-up)."""
    from psycopg_pool.base import AttemptWithBackoff

    AttemptWithBackoff.DELAY_BACKOFF = 1.0


class _RowidRecorder(SQLiteAggregateRecorder):
    """The library's SQLite recorder, in a table with a rowid. Its own table is WITHOUT
    ROWID: the key lives in the records, and SQLite reads a whole record at each step of
    a search, so finding a 13 MB snapshot (or finding there is none) took ~45 ms. Here
    the key has an index of its own: 0.01 ms to find, ~7 ms to read 13 MB."""

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        return [s.replace(" WITHOUT ROWID", "") for s in statements]


def _sqlite_snapshot_recorder(factory: SQLiteFactory) -> AggregateRecorder:
    # A new table: an older store's "stored_snapshots" is left as it is (snapshots only
    # save time; without them a board is folded from an earlier one, or from the start).
    recorder = _RowidRecorder(factory.datastore, events_table_name="stored_board_snapshots")
    recorder.create_table()
    return recorder


def _postgres_snapshot_recorder(factory: InfrastructureFactory[Any]) -> AggregateRecorder:
    # The library's snapshot table, as factory.aggregate_recorder(purpose="snapshots")
    # names and makes it, with the append of board/storage/pg_append.py. Imported here:
    # it loads psycopg, which a SQLite store never needs.
    from board.storage.pg_append import OneStatementSnapshots

    datastore = getattr(factory, "datastore")  # noqa: B009 - the PostgreSQL factory's
    recorder = OneStatementSnapshots(
        datastore, events_table_name=f"{factory.env.name.lower() or 'stored'}_snapshots"
    )
    if getattr(factory, "env_create_table")():  # noqa: B009 - the PostgreSQL factory's
        recorder.create_table()
    return recorder


class CaseStore:
    """Append and read case streams; save and find board snapshots."""

    def __init__(self, url: str, cipher_key: str | None = None, name: str = "board") -> None:
        self.url = url
        self.is_postgres = url.startswith(("postgresql://", "postgres://"))
        if self.is_postgres:
            _reconnect_every_second()
        self.factory = InfrastructureFactory.construct(
            Environment(name, store_environment(url, cipher_key))
        )
        self.recorder: ApplicationRecorder = self.factory.application_recorder()
        self.snapshot_recorder: AggregateRecorder = (
            _sqlite_snapshot_recorder(self.factory)
            if isinstance(self.factory, SQLiteFactory)
            else _postgres_snapshot_recorder(self.factory)
        )
        if self.is_postgres:
            _fail_fast(self.recorder)
            _fail_fast(self.snapshot_recorder)
        # The master key seals staff accounts and invites, and wraps each case's own key;
        # a case's events and snapshots are sealed with the case's key (crypto-shredding).
        self.cipher: Cipher | None = self.factory.cipher()
        # Decoded snapshots, never changed once here: callers get copies (copy_board).
        self._snapshots: OrderedDict[tuple[UUID, int], tuple[Board, int]] = OrderedDict()
        self._snapshot_bytes = 0
        self._snapshots_lock = threading.Lock()
        self.sqlite_path = sqlite_file(url)
        self.case_keys = (
            CaseKeys(self.recorder, self.cipher, self.is_postgres, self.sqlite_path)
            if self.cipher
            else None
        )
        self._datastore: Any = getattr(self.recorder, "datastore")  # noqa: B009 - the library's
        self._health_table = (
            f'"{self._datastore.schema}".{HEALTH_TABLE}' if self.is_postgres else HEALTH_TABLE
        )
        with self._datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {self._health_table} "
                "(id INTEGER PRIMARY KEY, checked_at TEXT)"
            )

    def close(self) -> None:
        self.factory.close()

    def _seal(self, data: bytes, case_id: UUID | None = None, create: bool = False) -> bytes:
        if self.case_keys is not None and case_id is not None:
            return self.case_keys.cipher_for(case_id, create=create).encrypt(data)
        return self.cipher.encrypt(data) if self.cipher else data

    def _unseal(self, data: bytes, case_id: UUID | None = None) -> bytes:
        if self.case_keys is not None and case_id is not None:
            return self.case_keys.cipher_for(case_id).decrypt(data)
        return self.cipher.decrypt(data) if self.cipher else data

    def seal_for_case(self, case_id: UUID, data: bytes) -> bytes:
        """Data about a case kept outside its stream, sealed with the case's own key (so
        erasing the case leaves it unreadable too); as it is without encryption."""
        return self.case_keys.cipher_for(case_id).encrypt(data) if self.case_keys else data

    def unseal_for_case(self, case_id: UUID, data: bytes) -> bytes:
        """Raises CaseErased for a case whose key was erased."""
        return self.case_keys.cipher_for(case_id).decrypt(data) if self.case_keys else data

    def is_erased(self, case_id: UUID) -> bool:
        return self.case_keys is not None and self.case_keys.is_erased(case_id)

    def erase_case(self, case_id: UUID) -> bool:
        """Crypto-shred a case: destroy its key so its events and snapshots can never be
        read again. Other cases are untouched. Needs encryption at rest to be on."""
        if self.case_keys is None:
            raise ValueError("Erasing a case needs encryption at rest: set BOARD_CIPHER_KEY.")
        self._forget_snapshots(case_id)
        return self.case_keys.erase(case_id)

    def rotate_master_key(self, new_key: str) -> tuple[int, int]:
        """Seal everything the master key seals with a new one, in one transaction: every
        case key is wrapped again, and every record of the side streams (staff accounts,
        invites) sealed again. Case events and snapshots keep their own keys, so they are
        not touched. Returns (case keys, records). Raises MasterKeyMismatch, changing
        nothing, if the current key does not open all of them.

        Every other process must be stopped first: one still holding the old key can no
        longer wrap new keys or seal records (the master key check stops it), but it can
        no longer read accounts either."""
        if self.case_keys is None or self.cipher is None:
            raise ValueError("Rotating the master key needs one: set BOARD_CIPHER_KEY.")
        # Imported where a key is used: the cryptography library is only for stores with
        # BOARD_CIPHER_KEY, and loading it was a fortieth of every start (issue 24, item 4).
        from eventsourcing.cryptography import AESCipher

        new = AESCipher(Environment(env={AESCipher.CIPHER_KEY: new_key}))
        with self.case_keys.writing() as cursor:
            keys = self.case_keys.rewrap(cursor, new)
            records = self._reseal_side_streams(cursor, self.cipher, new)
        self.cipher = new
        self.case_keys.use_master(new)
        return keys, records

    def _reseal_side_streams(self, cursor: Any, old: Cipher, new: Cipher) -> int:
        """Every stored record that is not a keyed case's: sealed with the master key."""
        assert self.case_keys is not None
        keys = self.case_keys.table
        if self.is_postgres:
            events = f'"{self._datastore.schema}".{self.recorder.events_table_name}'  # type: ignore[attr-defined]
            mark, case_id = "%s", "originator_id::text"
            keyed = f"SELECT case_id FROM {keys}"  # noqa: S608
        else:
            events = self.recorder.events_table_name  # type: ignore[attr-defined]
            mark, case_id = "?", "originator_id"
            keyed = f"SELECT replace(case_id, '-', '') FROM {keys}"  # noqa: S608 - no dashes there
        cursor.execute(
            f"SELECT originator_id, originator_version, state FROM {events} "  # noqa: S608 - names from code
            f"WHERE {case_id} NOT IN ({keyed})"
        )
        resealed = []
        for row in cursor.fetchall():
            stream, version, state = (
                (row["originator_id"], row["originator_version"], row["state"])
                if isinstance(row, dict)
                else row
            )
            try:
                data = old.decrypt(bytes(state))
            except ValueError:
                raise MasterKeyMismatch() from None
            resealed.append((new.encrypt(data), stream, version))
        cursor.executemany(
            f"UPDATE {events} SET state = {mark} "  # noqa: S608
            f"WHERE originator_id = {mark} AND originator_version = {mark}",
            resealed,
        )
        return len(resealed)

    def can_write(self, min_free_bytes: int = MIN_FREE_BYTES) -> bool:
        """Can the store record something now? A real write, committed (a row of a small
        health table: a rolled-back one proves nothing on SQLite, where it never reaches
        the disk), and for a SQLite file room on its disk for more than that."""
        try:
            with self._datastore.transaction(commit=True) as cursor:
                mark = "%s" if self.is_postgres else "?"
                cursor.execute(
                    f"INSERT INTO {self._health_table} (id, checked_at) VALUES (1, {mark}) "  # noqa: S608 - names from code
                    "ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
                    (datetime.now(UTC).isoformat(),),
                )
        except Exception:  # any failure to write means "cannot write"; the type is no matter
            return False
        if self.sqlite_path is not None:
            return shutil.disk_usage(Path(self.sqlite_path).parent).free >= min_free_bytes
        return True

    def append(self, events: Sequence[CaseEvent]) -> Sequence[int]:
        """Record events atomically. Their positions must follow the stream's head;
        if any is taken, nothing is recorded and StalePosition is raised."""
        if not events:
            return []
        records = [
            StoredEvent(
                originator_id=event.case_id,
                originator_version=event.position,
                topic=event.type,
                state=self._seal(encode_body(event), event.case_id, create=event.position == 1),
            )
            for event in events
        ]
        try:
            return self.recorder.insert_events(records) or []
        except IntegrityError:
            raise StalePosition(events[0].case_id, events[0].position) from None
        except OperationalError as error:
            raise StoreUnavailable(str(error)) from error

    def read(self, case_id: UUID, after: int = 0, upto: int | None = None) -> Iterator[CaseEvent]:
        """Events with after < position <= upto, in order (all after `after` if no upto)."""
        batch = 1000
        while True:
            records = self.recorder.select_events(case_id, gt=after, lte=upto, limit=batch)
            for record in records:
                yield decode_body(
                    case_id, record.originator_version, self._unseal(record.state, case_id)
                )
            if len(records) < batch:
                return
            after = records[-1].originator_version

    def event_at(self, case_id: UUID, position: int) -> CaseEvent | None:
        return next(self.read(case_id, after=position - 1, upto=position), None)

    def head(self, case_id: UUID) -> int:
        """The position of the case's last event (0 for a case with none)."""
        last = self.recorder.select_events(case_id, desc=True, limit=1)
        return last[0].originator_version if last else 0

    def case_ids(self) -> list[UUID]:
        """Every case in the store, oldest first (read from the notification log)."""
        found: list[UUID] = []
        start = 1
        while True:
            notes = self.recorder.select_notifications(
                start=start, limit=500, topics=[CaseOpened.__name__]
            )
            found.extend(UUID(str(n.originator_id)) for n in notes)
            if len(notes) < 500:
                return found
            start = notes[-1].id + 1

    def append_record(self, stream_id: UUID, version: int, topic: str, data: bytes) -> None:
        """Record one item of a small side stream (staff accounts, invites), sealed like
        events. Raises StalePosition if the version is taken."""
        if self.case_keys is not None:
            self.case_keys.verify_master()  # never seal with a key the store no longer uses
        record = StoredEvent(
            originator_id=stream_id, originator_version=version, topic=topic, state=self._seal(data)
        )
        try:
            self.recorder.insert_events([record])
        except IntegrityError:
            raise StalePosition(stream_id, version) from None
        except OperationalError as error:
            raise StoreUnavailable(str(error)) from error

    def append_next(self, stream_id: UUID, topic: str, data: bytes, attempts: int = 10) -> bool:
        """Add a record at the end of a side stream (another process may be adding too:
        then try again after its record). False if it never found a free place."""
        for _ in range(attempts):
            try:
                self.append_record(stream_id, self.head(stream_id) + 1, topic, data)
                return True
            except StalePosition:
                continue
        return False

    def read_records(self, stream_id: UUID) -> list[tuple[int, str, bytes]]:
        """(version, topic, data) of every item in a side stream, oldest first."""
        return [
            (r.originator_version, r.topic, self._unseal(r.state))
            for r in self.recorder.select_events(stream_id)
        ]

    def save_snapshot(self, board: Board) -> int:
        """Keep a copy of the board at its position, so later loads fold from there.
        Returns the snapshot's size in bytes."""
        assert board.case_id is not None
        data = encode_board(board)
        record = StoredEvent(
            originator_id=board.case_id,
            originator_version=board.position,
            topic=BOARD_TOPIC,
            state=self._seal(data, board.case_id),
        )
        # Another process may have saved the same snapshot already: they are equal.
        with contextlib.suppress(IntegrityError):
            self.snapshot_recorder.insert_events([record])
        self._remember(copy_board(board), len(data))
        return len(data)

    def _remember(self, board: Board, size: int) -> None:
        assert board.case_id is not None
        key = (board.case_id, board.position)
        with self._snapshots_lock:
            if key in self._snapshots:
                self._snapshots.move_to_end(key)
                return
            self._snapshots[key] = (board, size)
            self._snapshot_bytes += size
            while self._snapshot_bytes > SNAPSHOT_CACHE_BYTES and len(self._snapshots) > 1:
                _, (_, dropped) = self._snapshots.popitem(last=False)
                self._snapshot_bytes -= dropped

    def _forget_snapshots(self, case_id: UUID) -> None:
        with self._snapshots_lock:
            for key in [key for key in self._snapshots if key[0] == case_id]:
                self._snapshot_bytes -= self._snapshots.pop(key)[1]

    def _cached_snapshot(self, case_id: UUID, position: int | None) -> Board | None:
        """The latest cached snapshot of the case at or before `position`."""
        if self.is_erased(case_id):  # an erased case is never served from memory
            self._forget_snapshots(case_id)
            return None
        with self._snapshots_lock:
            found = [
                at
                for (cached_case, at) in self._snapshots
                if cached_case == case_id and (position is None or at <= position)
            ]
            if not found:
                return None
            key = (case_id, max(found))
            self._snapshots.move_to_end(key)
            return self._snapshots[key][0]

    def nearest_snapshot(self, case_id: UUID, position: int | None) -> Board | None:
        """A copy of the latest snapshot at or before `position`, the caller's to fold into."""
        cached = self._cached_snapshot(case_id, position)
        # Read (and decode) a snapshot only if the store has one later than the cached one.
        found = self.snapshot_recorder.select_events(
            case_id, gt=cached.position if cached else None, lte=position, desc=True, limit=1
        )
        if found:
            data = self._unseal(found[0].state, case_id)
            cached = decode_board(data)
            self._remember(cached, len(data))
        return copy_board(cached) if cached is not None else None

    def board_at(self, case_id: UUID, position: int | None = None, snapshots: bool = True) -> Board:
        """The board at `position` (the latest if None): from the nearest snapshot at
        or before it, then the events after the snapshot."""
        if position is not None and position < 0:
            raise ValueError("a position is 0 or more")
        board = self.nearest_snapshot(case_id, position) if snapshots else None
        board = board or Board()
        return evolve_all(board, self.read(case_id, after=board.position, upto=position))
