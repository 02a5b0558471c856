"""Erasure that cannot be undone, and rotating the master key.

After `erase`, the erased case's wrapped key is searched for in the raw bytes of the
database: the SQLite file and its -wal and -journal, and PostgreSQL's own data file
for the key table (read by the server itself with pg_read_binary_file, after a
CHECKPOINT has written every page out). Each search is first made before the erasure,
where it must find the key: so a search that could not see it would fail the test.
Other cases go on loading. After `rotate-key`, the old master key opens nothing and
the new one opens everything, staff accounts and invites included.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID, uuid4

import psycopg
import pytest
from cli import run_main
from conftest import POSTGRES_ADMIN
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment

from board import commands as c
from board.application.case_list import CASE_LIST_STREAM
from board.application.course_list import COURSE_LIST_STREAM
from board.application.errors import NoSuchCase, Unavailable
from board.application.service import BoardApplication
from board.cli.demo import write_demo_case
from board.events import Author
from board.practice import Framework, Role
from board.storage.accounts import Accounts
from board.storage.case_keys import TABLE, CaseErased, MasterKeyMismatch
from board.storage.invites import Invites
from board.storage.scrub import EraseIncomplete
from board.storage.store import CaseStore

CHAIR = Author("staff-chair", "Sam Reid", Role.CHAIR)
PASSWORD = "a long test password"


def holds(data: bytes, wrapped: bytes, window: int = 12) -> bool:
    """Does `data` hold any stretch of `window` bytes of the wrapped key?"""
    return any(wrapped[i : i + window] in data for i in range(len(wrapped) - window + 1))


def sqlite_bytes(path: str) -> bytes:
    files = [Path(path), Path(path + "-wal"), Path(path + "-journal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def wrapped_key(store: CaseStore, case_id: UUID) -> bytes:
    assert store.case_keys is not None
    exists, wrapped = store.case_keys._select(case_id)
    assert exists and wrapped is not None and len(wrapped) == 72  # nonce, tag, 44 bytes
    return wrapped


def fresh_read(url: str, key: str, case_id: UUID) -> str:
    """The case's child, read by a process that has cached nothing."""
    store = CaseStore(url, key)
    try:
        return store.board_at(case_id).child_name
    finally:
        store.close()


def assert_erased(url: str, key: str, case_id: UUID) -> None:
    store = CaseStore(url, key)
    try:
        with pytest.raises(CaseErased):
            store.board_at(case_id)
        assert store.is_erased(case_id)
    finally:
        store.close()


# -- SQLite ------------------------------------------------------------------------------


def test_erasing_leaves_no_trace_of_the_key_in_the_sqlite_file_and_log(tmp_path: Path) -> None:
    url, key = str(tmp_path / "board.sqlite3"), AESCipher.create_key(32)
    store = CaseStore(url, key)
    server = CaseStore(url, key)  # another process's store, open throughout
    try:
        erased, kept = write_demo_case(store), write_demo_case(store)
        for _ in range(300):  # enough keys for the table to span (and split) pages
            assert store.case_keys is not None
            store.case_keys.cipher_for(uuid4(), create=True)
        wrapped = wrapped_key(store, erased)
        assert server.board_at(erased).child_name == "Lily"
        assert holds(sqlite_bytes(url), wrapped)  # the search finds it where it is
        assert store.erase_case(erased) is True
        assert not holds(sqlite_bytes(url), wrapped)
        assert server.board_at(kept).child_name == "Lily"
    finally:
        store.close()
        server.close()
    assert not holds(sqlite_bytes(url), wrapped)
    assert_erased(url, key, erased)
    assert fresh_read(url, key, kept) == "Lily"


def test_keys_written_without_secure_delete_are_scrubbed_too(tmp_path: Path) -> None:
    """A store whose key table was written by a SQLite built without secure delete (old
    copies of rows are left in pages when they split): every erased key is still gone."""
    url, key = str(tmp_path / "board.sqlite3"), AESCipher.create_key(32)
    store = CaseStore(url, key)
    assert store.cipher is not None
    keys = {uuid4(): AESCipher.create_key(32) for _ in range(400)}
    raw = sqlite3.connect(url, isolation_level=None)
    raw.execute("PRAGMA secure_delete = OFF")
    for case_id, case_key in keys.items():
        raw.execute(
            f"INSERT INTO {TABLE} (case_id, wrapped_key) VALUES (?, ?)",  # noqa: S608
            (str(case_id), store.cipher.encrypt(case_key.encode())),
        )
    raw.close()
    try:
        erased = list(keys)[::16]
        wrapped = {case_id: wrapped_key(store, case_id) for case_id in erased}
        assert all(holds(sqlite_bytes(url), w) for w in wrapped.values())
        for done, case_id in enumerate(erased, start=1):
            assert store.erase_case(case_id) is True
            data = sqlite_bytes(url)
            left = [e for e in erased[:done] if holds(data, wrapped[e])]
            assert left == [], f"{len(left)} erased keys still in the file"
            assert all(holds(data, wrapped[e]) for e in erased[done:])  # not erased yet
        assert store.case_keys is not None
        for case_id, case_key in keys.items():  # every other key opens as it did
            if case_id not in wrapped:
                still = store.cipher.decrypt(wrapped_key(store, case_id)).decode()
                assert still == case_key
    finally:
        store.close()


def test_an_erasure_a_reader_holds_up_is_finished_by_erasing_again(tmp_path: Path) -> None:
    url, key = str(tmp_path / "board.sqlite3"), AESCipher.create_key(32)
    store = CaseStore(url, key)
    assert store.case_keys is not None
    store.case_keys.scrub_wait = 0.5
    reader = sqlite3.connect(url, isolation_level=None)
    try:
        erased, kept = write_demo_case(store), write_demo_case(store)
        wrapped = wrapped_key(store, erased)
        reader.execute("BEGIN")  # a long read (a backup, say) began before the erasure
        reader.execute(f"SELECT count(*) FROM {TABLE}").fetchone()  # noqa: S608
        with pytest.raises(EraseIncomplete, match="Run the same erase again") as incomplete:
            store.erase_case(erased)
        assert str(erased) not in str(incomplete.value)
        assert_erased(url, key, erased)  # the key is destroyed already
        reader.execute("COMMIT")
        assert store.erase_case(erased) is False  # already erased, and now scrubbed
        assert not holds(sqlite_bytes(url), wrapped)
        assert store.board_at(kept).child_name == "Lily"
    finally:
        reader.close()
        store.close()


def test_erasing_logs_and_says_no_case_id(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    url, key = str(tmp_path / "board.sqlite3"), AESCipher.create_key(32)
    store = CaseStore(url, key)
    try:
        app = BoardApplication(store)
        erased, other = write_demo_case(store), write_demo_case(store)
        app.board(erased)
        assert app.erase_case(erased) is True
        with pytest.raises(NoSuchCase) as refused:
            app.execute(erased, c.AddItem(domain="harm", text="after"), CHAIR)  # type: ignore[arg-type]
        assert isinstance(refused.value.__cause__, CaseErased)
        assert app.head(erased) == 0
    finally:
        store.close()
    done = run_main("--store", url, "erase", str(other), "--yes", cwd=tmp_path,
                     env={"BOARD_CIPHER_KEY": key})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Erased" in done.stdout
    assert "Rotate the master key" in done.stdout  # what the operator must still do
    said = [r.getMessage() for r in caplog.records] + [str(refused.value), done.stdout, done.stderr]
    for case_id in (erased, other):
        for form in (str(case_id), case_id.hex):
            assert not [line for line in said if form in line]


# -- PostgreSQL --------------------------------------------------------------------------


def schema_of(url: str) -> str:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["schema"][0]


@pytest.fixture
def admin() -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as conn:
        yield conn


def key_table_files(admin: psycopg.Connection[tuple[object, ...]], url: str) -> list[str]:
    """The key table's data file, and its TOAST table's, relative to the data directory."""
    table = f'"{schema_of(url)}".{TABLE}'
    (heap, toast) = admin.execute(
        "SELECT pg_relation_filepath(c.oid), pg_relation_filepath(NULLIF(c.reltoastrelid, 0)) "
        "FROM pg_class c WHERE c.oid = %s::regclass",
        (table,),
    ).fetchone() or (None, None)
    return [str(f) for f in (heap, toast) if f is not None]


def postgres_bytes(admin: psycopg.Connection[tuple[object, ...]], files: list[str]) -> bytes:
    """What the files hold on disk now (a CHECKPOINT first writes out every page)."""
    admin.execute("CHECKPOINT")
    found = b""
    for name in files:
        (data,) = admin.execute(  # a file VACUUM FULL replaced may be gone: read as empty
            "SELECT CASE WHEN (pg_stat_file(%(f)s::text, true)).size IS NOT NULL "
            "THEN pg_read_binary_file(%(f)s::text) END",
            {"f": name},
        ).fetchone() or (None,)
        found += bytes(data) if isinstance(data, bytes | memoryview) else b""
    return found


@pytest.mark.postgres
def test_erasing_leaves_no_trace_of_the_key_in_the_postgres_table_file(
    postgres_url: str, admin: psycopg.Connection[tuple[object, ...]]
) -> None:
    key = AESCipher.create_key(32)
    store = CaseStore(postgres_url, key)
    server = CaseStore(postgres_url, key)  # another process's store, open throughout
    try:
        erased, kept = write_demo_case(store), write_demo_case(store)
        wrapped = wrapped_key(store, erased)
        assert server.board_at(erased).child_name == "Lily"
        before = key_table_files(admin, postgres_url)
        assert holds(postgres_bytes(admin, before), wrapped)  # the search finds it there
        assert store.erase_case(erased) is True
        after = key_table_files(admin, postgres_url)
        assert not holds(postgres_bytes(admin, after + before), wrapped)
        assert server.board_at(kept).child_name == "Lily"
    finally:
        store.close()
        server.close()
    assert_erased(postgres_url, key, erased)
    assert fresh_read(postgres_url, key, kept) == "Lily"


@pytest.mark.postgres
def test_an_erasure_an_old_transaction_holds_up_is_finished_by_erasing_again(
    postgres_url: str, admin: psycopg.Connection[tuple[object, ...]]
) -> None:
    key = AESCipher.create_key(32)
    store = CaseStore(postgres_url, key)
    assert store.case_keys is not None
    store.case_keys.scrub_wait = 0.5
    backup = psycopg.connect(POSTGRES_ADMIN)  # a backup's snapshot, taken before the erasure
    backup.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    try:
        erased, kept = write_demo_case(store), write_demo_case(store)
        wrapped = wrapped_key(store, erased)
        backup.execute(f'SELECT count(*) FROM "{schema_of(postgres_url)}".{TABLE}').fetchone()  # noqa: S608
        with pytest.raises(EraseIncomplete, match="began before the erasure"):
            store.erase_case(erased)
        assert_erased(postgres_url, key, erased)  # the key is destroyed already
        backup.rollback()
        assert store.erase_case(erased) is False  # already erased, and now scrubbed
        files = key_table_files(admin, postgres_url)
        assert not holds(postgres_bytes(admin, files), wrapped)
        assert store.board_at(kept).child_name == "Lily"
    finally:
        backup.close()
        store.close()


# -- PostgreSQL's planner statistics ----------------------------------------------------

WORKER = Author("staff-worker", "Wendy Hale", Role.SOCIAL_WORKER)
_HEX = re.compile(r"x([0-9a-f]{100,})")  # bytea as text: \x and the bytes in hex


def readable(conn: psycopg.Connection[tuple[object, ...]], schema: str) -> dict[str, str]:
    """Everything a connection's role can read that could hold a copy of a key, as text,
    by where it is: every table of the board's schema, the statistics views, and the
    statistics catalogues if the role may read them."""
    found: dict[str, str] = {}
    tables = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
    ).fetchall()
    for (name,) in tables:
        rows = conn.execute(f'SELECT t::text FROM "{schema}"."{name}" t').fetchall()  # noqa: S608
        found[str(name)] = "\n".join(str(text) for (text,) in rows)
    for view in ("pg_stats", "pg_stats_ext", "pg_stats_ext_exprs"):
        rows = conn.execute(
            f"SELECT s::text FROM pg_catalog.{view} s WHERE schemaname = %s",  # noqa: S608
            (schema,),
        ).fetchall()
        found[view] = "\n".join(str(text) for (text,) in rows)
    for catalogue, column in (("pg_statistic", "starelid"), ("pg_statistic_ext_data", "stxoid")):
        try:
            with conn.transaction():
                rows = conn.execute(
                    f"SELECT s::text FROM pg_catalog.{catalogue} s "  # noqa: S608
                    f"WHERE {column} IN (SELECT oid FROM pg_class WHERE relnamespace = "
                    "%s::regnamespace) OR %s = 'pg_statistic_ext_data'",
                    (f'"{schema}"', catalogue),
                ).fetchall()
        except psycopg.errors.InsufficientPrivilege:
            continue  # not the board's role's to read
        found[catalogue] = "\n".join(str(text) for (text,) in rows)
    return found


def where_held(places: dict[str, str], wrapped: bytes) -> set[str]:
    """Which places hold any stretch of 12 bytes of the wrapped key (in hex)."""
    pieces = [wrapped[i : i + 12].hex() for i in range(len(wrapped) - 11)]
    return {place for place, text in places.items() if any(p in text for p in pieces)}


def keys_that_open(places: dict[str, str], master: str, sealed_event: bytes) -> int:
    """The attack: every value readable that the master key unwraps into a key, tried
    on one of the erased case's stored events. How many open it?"""
    unwrap = AESCipher(Environment(env={AESCipher.CIPHER_KEY: master}))
    opened = 0
    for value in {bytes.fromhex(h) for text in places.values() for h in _HEX.findall(text)}:
        try:
            case_key = unwrap.decrypt(value).decode()
            case_cipher = AESCipher(Environment(env={AESCipher.CIPHER_KEY: case_key}))
            case_cipher.decrypt(sealed_event)
        except (ValueError, UnicodeDecodeError):
            continue
        opened += 1
    return opened


def sealed_event(
    conn: psycopg.Connection[tuple[object, ...]], store: CaseStore, case_id: UUID
) -> bytes:
    """One of the case's events as stored: sealed with the case's own key."""
    events = f'"{schema_of(store.url)}".{store.recorder.events_table_name}'  # type: ignore[attr-defined]
    (state,) = conn.execute(
        f"SELECT state FROM {events} "  # noqa: S608
        "WHERE originator_id = %s ORDER BY originator_version LIMIT 1",
        (case_id,),
    ).fetchone() or (None,)
    assert isinstance(state, bytes)
    return state


def statistics_files(admin: psycopg.Connection[tuple[object, ...]]) -> list[str]:
    """pg_statistic's data file and its TOAST table's (where a large row goes)."""
    (heap, toast) = admin.execute(
        "SELECT pg_relation_filepath(oid), pg_relation_filepath(reltoastrelid) FROM pg_class "
        "WHERE oid = 'pg_catalog.pg_statistic'::regclass"
    ).fetchone() or (None, None)
    return [str(heap), str(toast)]


def statistics_target(admin: psycopg.Connection[tuple[object, ...]], table: str) -> object:
    (target,) = admin.execute(
        "SELECT attstattarget FROM pg_attribute WHERE attrelid = %s::regclass "
        "AND attname = 'wrapped_key'",
        (table,),
    ).fetchone() or (None,)
    return target


def collect_statistics_as_before(admin: psycopg.Connection[tuple[object, ...]], table: str) -> None:
    """What an older board allowed (or a database administrator undid): default
    statistics on the key column; then ANALYZE of every table of the board's (events and
    snapshots too), as autovacuum runs it after ~50 new cases."""
    admin.execute(f"ALTER TABLE {table} ALTER COLUMN wrapped_key SET STATISTICS -1")
    schema = table.split(".")[0].strip('"')
    tables = admin.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
    ).fetchall()
    for (name,) in tables:
        admin.execute(f'ANALYZE "{schema}"."{name}"')


def open_cases(store: CaseStore, how_many: int) -> list[UUID]:
    app = BoardApplication(store)
    return [
        app.open_case(f"Child {n}", "the Test family", Framework.SAFETY, WORKER)
        for n in range(how_many)
    ]


@pytest.mark.postgres
def test_an_erased_key_is_in_no_table_statistics_or_catalogue_on_postgres(
    postgres_url: str, admin: psycopg.Connection[tuple[object, ...]]
) -> None:
    """60 cases, ANALYZE, erase one: its wrapped key is nowhere the board's role (here
    a superuser) can read, nor in pg_statistic's files, and nothing readable opens its
    events with the master key. Every search is made first where it must find the key."""
    key, schema = AESCipher.create_key(32), schema_of(postgres_url)
    table = f'"{schema}".{TABLE}'
    store = CaseStore(postgres_url, key)
    try:
        erased, *kept = [write_demo_case(store), *open_cases(store, 59)]
        wrapped = wrapped_key(store, erased)
        event = sealed_event(admin, store, erased)
    finally:
        store.close()
    assert statistics_target(admin, table) == 0  # a new table keeps none
    admin.execute(f"ANALYZE {table}")
    assert where_held(readable(admin, schema), wrapped) == {TABLE}

    collect_statistics_as_before(admin, table)
    places = readable(admin, schema)
    assert where_held(places, wrapped) == {TABLE, "pg_stats", "pg_statistic"}
    assert keys_that_open({"pg_stats": places["pg_stats"]}, key, event) == 1  # the attack
    assert holds(postgres_bytes(admin, statistics_files(admin)), wrapped)

    store = CaseStore(postgres_url, key)  # this version starts: statistics cleaned, once
    try:
        assert statistics_target(admin, table) == 0
        assert where_held(readable(admin, schema), wrapped) == {TABLE}
        assert not holds(postgres_bytes(admin, statistics_files(admin)), wrapped)
        admin.execute(f"ANALYZE {table}")
        assert where_held(readable(admin, schema), wrapped) == {TABLE}

        collect_statistics_as_before(admin, table)  # undone behind the board's back
        assert "pg_stats" in where_held(readable(admin, schema), wrapped)
        assert store.erase_case(erased) is True
        places = readable(admin, schema)
        assert where_held(places, wrapped) == set()
        assert keys_that_open(places, key, event) == 0
        assert not holds(postgres_bytes(admin, statistics_files(admin)), wrapped)
        assert statistics_target(admin, table) == 0
        assert store.board_at(kept[0]).child_name == "Child 0"
    finally:
        store.close()
    assert_erased(postgres_url, key, erased)


@pytest.fixture
def owner_url(postgres_url: str, admin: psycopg.Connection[tuple[object, ...]]) -> Iterator[str]:
    """The board's store as a role that owns its schema and is not a superuser (nor the
    database's owner): as a board should run."""
    role = f"board_owner_{uuid4().hex[:10]}"
    admin.execute(f'CREATE ROLE "{role}" LOGIN')
    admin.execute(f'ALTER SCHEMA "{schema_of(postgres_url)}" OWNER TO "{role}"')
    try:
        yield postgres_url.replace("postgres@", f"{role}@", 1)
    finally:
        admin.execute(f'REASSIGN OWNED BY "{role}" TO postgres')
        admin.execute(f'DROP OWNED BY "{role}"')
        admin.execute(f'DROP ROLE "{role}"')


@pytest.mark.postgres
def test_a_board_that_is_not_a_superuser_cleans_statistics_and_says_what_it_cannot(
    owner_url: str, admin: psycopg.Connection[tuple[object, ...]], caplog: pytest.LogCaptureFixture
) -> None:
    """The owner of the key table deletes its statistics; it may not rewrite
    pg_statistic's files, and says so, at start in the log and at erasure as an error."""
    key, schema = AESCipher.create_key(32), schema_of(owner_url)
    table = f'"{schema}".{TABLE}'
    store = CaseStore(owner_url, key)
    try:
        erased, later, *_ = [write_demo_case(store), *open_cases(store, 59)]
        wrapped = {case_id: wrapped_key(store, case_id) for case_id in (erased, later)}
    finally:
        store.close()
    collect_statistics_as_before(admin, table)
    with psycopg.connect(owner_url.split("?")[0], autocommit=True) as board:
        assert board.execute(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone() == (False,)
        assert where_held(readable(board, schema), wrapped[erased]) == {TABLE, "pg_stats"}
        caplog.set_level(logging.WARNING)
        store = CaseStore(owner_url, key)
        try:
            assert where_held(readable(board, schema), wrapped[erased]) == {TABLE}
            assert "VACUUM FULL pg_catalog.pg_statistic" in caplog.text
            assert store.erase_case(erased) is True
            places = readable(board, schema)
            assert where_held(places, wrapped[erased]) == set()
            assert keys_that_open(places, key, sealed_event(admin, store, erased)) == 0

            collect_statistics_as_before(admin, table)  # copies made again, then erased
            assert "pg_stats" in where_held(readable(board, schema), wrapped[later])
            with pytest.raises(EraseIncomplete, match=r"VACUUM FULL pg_catalog\.pg_statistic"):
                store.erase_case(later)
            assert where_held(readable(board, schema), wrapped[later]) == set()
            assert statistics_target(admin, table) == 0
        finally:
            store.close()
    assert_erased(owner_url, key, later)


# -- rotating the master key -------------------------------------------------------------


def test_after_rotating_only_the_new_master_key_opens_anything(each_store_url: str) -> None:
    old, new = AESCipher.create_key(32), AESCipher.create_key(32)
    store = CaseStore(each_store_url, old)
    try:
        kept, erased = write_demo_case(store), write_demo_case(store)
        store.erase_case(erased)
        Accounts(store).save("chair", "Sam Reid", Role.CHAIR, PASSWORD)
        code = Invites(store).issue(kept, Role.PARENT, None, "staff-chair")
        board = store.board_at(kept)
        listed = len(store.read_records(CASE_LIST_STREAM))  # the home pages' case list
        assert listed == 10  # each demo case: opened, its child, three staff allocated
        # Each demo case's course noted: each of four meetings opened, the strategy
        # discussion recorded afterwards, the family network meeting's outcome, two
        # decisions, the mapping shared.
        due = len(store.read_records(COURSE_LIST_STREAM))
        assert due == 18
        # One live case key; the account, the invite (and its entry in the case's list of
        # invites), the case list's and course list's.
        assert store.rotate_master_key(new) == (1, 3 + listed + due)
        assert store.board_at(kept) == board  # this process goes on with the new key
    finally:
        store.close()

    renewed = CaseStore(each_store_url, new)
    try:
        assert renewed.case_keys is not None and renewed.case_keys.master_matches()
        assert renewed.board_at(kept) == board
        assert Accounts(renewed).verify("chair", PASSWORD) is not None
        assert Invites(renewed).redeem(code).case_id == kept
        assert renewed.is_erased(erased)
    finally:
        renewed.close()

    stale = CaseStore(each_store_url, old)  # a process still holding the old key
    try:
        assert stale.case_keys is not None and not stale.case_keys.master_matches()
        with pytest.raises(MasterKeyMismatch):
            stale.board_at(kept)
        with pytest.raises(ValueError):
            Accounts(stale).all()
        # It can neither give a new case a key nor seal a record with the old key.
        new_case = uuid4()
        with pytest.raises(Unavailable) as unavailable:
            BoardApplication(stale).execute(
                new_case, c.OpenCase(child_name="Ro", family_name="Test"), CHAIR
            )
        assert isinstance(unavailable.value.__cause__, MasterKeyMismatch)
        with pytest.raises(MasterKeyMismatch):
            Invites(stale).issue(kept, Role.PARENT, None, "staff-chair")
        with pytest.raises(ValueError):  # it cannot read the accounts to add one
            Accounts(stale).save("worker", "Amira Khan", Role.SOCIAL_WORKER, PASSWORD)
        assert stale.head(new_case) == 0
        assert stale.case_keys._select(new_case) == (False, None)
    finally:
        stale.close()
    assert fresh_read(each_store_url, new, kept) == "Lily"


def test_a_rotation_that_cannot_open_every_key_changes_nothing(each_store_url: str) -> None:
    old, new, stranger = (AESCipher.create_key(32) for _ in range(3))
    store = CaseStore(each_store_url, old)
    try:
        kept = write_demo_case(store)
        foreign = AESCipher(Environment(env={AESCipher.CIPHER_KEY: stranger}))
        assert store.case_keys is not None
        with store.case_keys.writing() as cursor:  # a key wrapped with some other key
            cursor.execute(
                f"INSERT INTO {store.case_keys.table} (case_id, wrapped_key) "  # noqa: S608
                f"VALUES ({store.case_keys.mark}, {store.case_keys.mark})",
                (str(uuid4()), foreign.encrypt(b"not ours")),
            )
        with pytest.raises(MasterKeyMismatch):
            store.rotate_master_key(new)
    finally:
        store.close()
    assert fresh_read(each_store_url, old, kept) == "Lily"
    unchanged = CaseStore(each_store_url, new)
    try:
        assert unchanged.case_keys is not None and not unchanged.case_keys.master_matches()
    finally:
        unchanged.close()


def test_the_rotate_key_command(tmp_path: Path) -> None:
    path, old = str(tmp_path / "board.sqlite3"), AESCipher.create_key(32)
    made = run_main("--store", path, "demo", cwd=tmp_path, env={"BOARD_CIPHER_KEY": old})
    assert made.returncode == 0, made.stderr
    case_id = made.stdout.split()[0]

    def board(*args: str, **env: str) -> tuple[int, str, str]:
        done = run_main("--store", path, *args, cwd=tmp_path, env=env)
        return done.returncode, done.stdout, done.stderr

    # Refused, changing nothing: no current key, a new key that is not one, the same key.
    assert board("rotate-key")[0] != 0
    status, _, said = board("rotate-key", BOARD_CIPHER_KEY=old, BOARD_NEW_CIPHER_KEY="short")
    assert status != 0 and "not a key" in said
    status, _, said = board("rotate-key", BOARD_CIPHER_KEY=old, BOARD_NEW_CIPHER_KEY=old)
    assert status != 0 and "the key in use" in said
    assert board("state", case_id, BOARD_CIPHER_KEY=old)[0] == 0

    # Made and printed once, on standard output alone.
    status, printed, said = board("rotate-key", BOARD_CIPHER_KEY=old)
    assert status == 0, said
    (new,) = printed.split()
    assert "Rotated: 1 case keys" in said and "destroy the old key" in said
    status, shown, _ = board("state", case_id, BOARD_CIPHER_KEY=new)
    assert status == 0 and "Lily" in shown
    status, _, said = board("state", case_id, BOARD_CIPHER_KEY=old)
    assert status != 0 and "not this store's master key" in said
    # Given by the operator: used as it is, nothing printed on standard output.
    chosen = AESCipher.create_key(32)
    status, printed, said = board("rotate-key", BOARD_CIPHER_KEY=new, BOARD_NEW_CIPHER_KEY=chosen)
    assert (status, printed) == (0, ""), said
    assert "Lily" in board("state", case_id, BOARD_CIPHER_KEY=chosen)[1]
    assert board("state", case_id, BOARD_CIPHER_KEY=new)[0] != 0
