"""The store: concurrent appends, round trips through SQLite and PostgreSQL, and
encryption at rest."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import psycopg
import pytest
from eventsourcing.cryptography import AESCipher
from eventsourcing.persistence import StoredEvent
from psycopg import sql
from random_cases import CHAIR, NETWORK, PARENT, WORKER, StepClock, counting_ids

from board import commands as c
from board.application.service import BoardApplication
from board.cli.demo import write_demo_case
from board.commands import CommandRefused
from board.events import Author, CaseEvent, CaseOpened, ItemAdded
from board.practice import Domain, Framework, ItemKind, MeetingKind
from board.projections.board import Board, project
from board.projections.timeline import meetings_in_order
from board.storage.pg_append import OneStatementRecorder, OneStatementSnapshots
from board.storage.store import CaseStore, StalePosition

# -- helpers -----------------------------------------------------------------------

START = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)


def opening(case_id: UUID, by: Author = WORKER) -> CaseEvent:
    return CaseEvent(
        case_id=case_id,
        position=1,
        at=START,
        by=by,
        meeting_id=None,
        fact=CaseOpened(child_name="Kit", family_name="Test", framework=Framework.SAFETY),
    )


def item_event(case_id: UUID, position: int, text: str, by: Author = PARENT) -> CaseEvent:
    return CaseEvent(
        case_id=case_id,
        position=position,
        at=START + timedelta(minutes=position),
        by=by,
        meeting_id=None,
        fact=ItemAdded(
            item_id=f"item-{text}",
            domain=Domain.EXISTING_STRENGTHS,
            text=text,
            kind=ItemKind.FACT,
            source="",
        ),
    )


@contextmanager
def two_stores(url: str) -> Iterator[tuple[CaseStore, CaseStore]]:
    first, second = CaseStore(url), CaseStore(url)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


def texts(store: CaseStore, case_id: UUID) -> list[str]:
    return [e.fact.text for e in store.read(case_id) if isinstance(e.fact, ItemAdded)]


# -- 4. a concurrent append with a stale position is refused ------------------------


def check_stale_append_is_refused(url: str) -> None:
    with two_stores(url) as (first, second):
        case_id = uuid.uuid4()
        first.append([opening(case_id)])
        assert second.head(case_id) == 1  # each store sees the other's writes

        first.append([item_event(case_id, 2, "first")])
        with pytest.raises(StalePosition) as stale:
            second.append([item_event(case_id, 2, "second")])
        assert (stale.value.case_id, stale.value.position) == (case_id, 2)

        # A batch that starts at a free position but runs into a taken one is refused
        # whole: nothing of it is recorded.
        second.append([item_event(case_id, 3, "third")])
        with pytest.raises(StalePosition):
            first.append([item_event(case_id, 3, "clash"), item_event(case_id, 4, "after")])
        with pytest.raises(StalePosition):
            first.append([item_event(case_id, 2, "old"), item_event(case_id, 3, "older")])

        for store in (first, second):
            assert store.head(case_id) == 3
            assert [e.position for e in store.read(case_id)] == [1, 2, 3]
            assert texts(store, case_id) == ["first", "third"]


def race_once(stores: dict[str, CaseStore], case_id: UUID, position: int) -> dict[str, str]:
    """Each store appends at `position` at the same moment; what happened to each."""
    barrier = threading.Barrier(len(stores))
    outcomes: dict[str, str] = {}

    def append(store: CaseStore, name: str) -> None:
        barrier.wait()
        try:
            store.append([item_event(case_id, position, f"{name}-{position}")])
            outcomes[name] = "appended"
        except StalePosition:
            outcomes[name] = "stale"
        except Exception as error:  # anything else is a failure of the store
            outcomes[name] = repr(error)

    threads = [threading.Thread(target=append, args=(s, n)) for n, s in stores.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def race_appends(url: str, rounds: int) -> None:
    """Two stores append at the same position at the same moment, many times: each
    time exactly one wins, and the stream ends gap-free with one event per position."""
    with two_stores(url) as (first, second):
        case_id = uuid.uuid4()
        first.append([opening(case_id)])
        winners: list[str] = []
        for position in range(2, rounds + 2):
            outcomes = race_once({"one": first, "two": second}, case_id, position)
            assert sorted(outcomes.values()) == ["appended", "stale"], outcomes
            winners += [name for name, outcome in outcomes.items() if outcome == "appended"]

        events = list(second.read(case_id))
        assert [e.position for e in events] == list(range(1, rounds + 2))
        assert texts(first, case_id) == [f"{w}-{p}" for p, w in enumerate(winners, start=2)]


def test_a_stale_append_is_refused_on_sqlite(sqlite_url: str) -> None:
    check_stale_append_is_refused(sqlite_url)


def test_racing_appends_on_sqlite(sqlite_url: str) -> None:
    race_appends(sqlite_url, rounds=30)


@pytest.mark.postgres
def test_a_stale_append_is_refused_on_postgres(postgres_url: str) -> None:
    check_stale_append_is_refused(postgres_url)


@pytest.mark.postgres
def test_racing_appends_on_postgres(postgres_url: str) -> None:
    race_appends(postgres_url, rounds=30)


@pytest.mark.postgres
def test_postgres_appends_in_one_statement_and_keeps_every_byte(postgres_url: str) -> None:
    """The store's PostgreSQL recorders send an append as one INSERT of binary arrays:
    every byte value comes back as it went in, and the notification ids come back in
    the order of the events."""
    store = CaseStore(postgres_url)
    try:
        assert isinstance(store.recorder, OneStatementRecorder)
        stream = uuid.uuid4()
        every_byte = bytes(range(256)) + b"'\"\\{},()NULL"
        ids = store.recorder.insert_events(
            [
                StoredEvent(originator_id=stream, originator_version=1, topic="A", state=b""),
                StoredEvent(
                    originator_id=stream, originator_version=2, topic="B", state=every_byte
                ),
            ]
        )
        assert ids is not None and len(ids) == 2 and ids[0] < ids[1]
        assert store.read_records(stream) == [(1, "A", b""), (2, "B", every_byte)]
        assert store.recorder.insert_events([]) == []
        # Snapshots too, in the library's snapshot table.
        assert isinstance(store.snapshot_recorder, OneStatementSnapshots)
        snapshot = StoredEvent(
            originator_id=stream, originator_version=7, topic="Board", state=every_byte
        )
        store.snapshot_recorder.insert_events([snapshot])
        assert store.snapshot_recorder.select_events(stream) == [snapshot]
    finally:
        store.close()


def test_two_applications_on_one_store_converge(sqlite_url: str) -> None:
    """Two applications (as two server processes would) take turns on one case; each
    catches up from the store before deciding, so neither works on an old board."""
    with two_stores(sqlite_url) as (store_a, store_b):
        clock = StepClock()
        a = BoardApplication(store_a, clock=clock, make_id=counting_ids("a"), snapshot_every=4)
        b = BoardApplication(store_b, clock=clock, make_id=counting_ids("b"), snapshot_every=4)
        case_id = a.open_case("Kit", "Test", Framework.SAFETY, WORKER)
        assert b.board(case_id).position == 1  # b had never seen the case

        b.execute(case_id, c.OpenMeeting(kind=MeetingKind.FAMILY_NETWORK), CHAIR)
        (item,) = a.execute(case_id, c.AddItem(domain=Domain.HARM, text="Kit was hurt"), PARENT)
        item_id = item.fact.item_id  # type: ignore[attr-defined]
        # b edits the item a added; a then moves it: each must see the other's change.
        b.execute(case_id, c.EditItem(item_id=item_id, text="Kit was hurt in May"), PARENT)
        a.execute(case_id, c.MoveItem(item_id=item_id, domain=Domain.DANGER), PARENT)
        (danger,) = b.execute(case_id, c.WriteDangerStatement(text="We worry."), WORKER)
        statement_id = danger.fact.statement_id  # type: ignore[attr-defined]
        a.execute(case_id, c.PairSafetyGoal(statement_id=statement_id, text="Kit safe"), WORKER)
        b.execute(
            case_id, c.AddPlanRule(who="Nan", what="visits", addresses=(statement_id,)), NETWORK
        )
        # A command checked against a's old board would be wrong now: the position moved.
        head = store_a.head(case_id)
        with pytest.raises(CommandRefused) as refusal:
            a.execute(
                case_id,
                c.AddItem(domain=Domain.HARM, text="late"),
                PARENT,
                expected_position=head - 2,
            )
        assert refusal.value.code == "stale_position"
        a.execute(case_id, c.CloseMeeting(), CHAIR, expected_position=head)

        events = list(store_a.read(case_id))
        assert [e.position for e in events] == list(range(1, len(events) + 1))
        everything = project(events)
        assert a.board(case_id) == b.board(case_id) == everything
        assert everything.items[item_id].text == "Kit was hurt in May"
        assert everything.items[item_id].domain is Domain.DANGER
        assert everything.open_meeting_id is None


def test_two_applications_appending_at_once_lose_nothing(sqlite_url: str) -> None:
    """When both append at the same moment one meets StalePosition, decides again on
    the newer board and appends after: every command is recorded once."""
    with two_stores(sqlite_url) as (store_a, store_b):
        a, b = BoardApplication(store_a), BoardApplication(store_b)
        case_id = a.open_case("Kit", "Test", Framework.SAFETY, WORKER)
        per_app = 15
        barrier = threading.Barrier(2)
        failures: list[BaseException] = []

        def add_items(app: BoardApplication, name: str) -> None:
            barrier.wait()
            try:
                for n in range(per_app):
                    command = c.AddItem(domain=Domain.EXISTING_SAFETY, text=f"{name} {n}")
                    app.execute(case_id, command, PARENT)
            except BaseException as error:
                failures.append(error)

        threads = [
            threading.Thread(target=add_items, args=(a, "a")),
            threading.Thread(target=add_items, args=(b, "b")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert failures == []
        events = list(store_a.read(case_id))
        assert [e.position for e in events] == list(range(1, 2 * per_app + 2))
        recorded = texts(store_a, case_id)
        assert sorted(recorded) == sorted(f"{n} {i}" for n in "ab" for i in range(per_app))
        # Each application's own items are in the order it sent them.
        for name in "ab":
            mine = [t for t in recorded if t.startswith(name)]
            assert mine == [f"{name} {i}" for i in range(per_app)]
        assert a.board(case_id) == b.board(case_id) == project(events)


def test_an_application_that_loses_a_race_decides_again(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Make the race happen for certain: just before b appends, a appends at the same
    position. b must meet StalePosition, catch up and decide again on the new board."""
    with two_stores(sqlite_url) as (store_a, store_b):
        a, b = BoardApplication(store_a), BoardApplication(store_b)
        case_id = a.open_case("Kit", "Test", Framework.SAFETY, WORKER)
        (added,) = a.execute(case_id, c.AddItem(domain=Domain.HARM, text="Kit hurt"), PARENT)
        item_id = added.fact.item_id  # type: ignore[attr-defined]
        assert b.board(case_id).position == 2

        b_appends = store_b.append
        sneak_in: list[c.Command] = []

        def a_first(events: list[CaseEvent]) -> object:
            while sneak_in:
                a.execute(case_id, sneak_in.pop(0), PARENT)
            return b_appends(events)

        monkeypatch.setattr(store_b, "append", a_first)

        # Both add an item: b's goes in after a's, nothing is lost.
        sneak_in.append(c.AddItem(domain=Domain.HARM, text="from a"))
        (from_b,) = b.execute(case_id, c.AddItem(domain=Domain.HARM, text="from b"), PARENT)
        assert from_b.position == 4
        assert texts(store_a, case_id) == ["Kit hurt", "from a", "from b"]

        # b edits the item a removes in the meantime: deciding again, b is refused.
        sneak_in.append(c.RemoveItem(item_id=item_id))
        with pytest.raises(CommandRefused) as refusal:
            b.execute(case_id, c.EditItem(item_id=item_id, text="Kit was hurt"), PARENT)
        assert refusal.value.code == "item_removed"

        # With an expected position, losing the race is a refusal, not a retry.
        head = store_a.head(case_id)
        sneak_in.append(c.AddItem(domain=Domain.HARM, text="a again"))
        with pytest.raises(CommandRefused) as stale:
            b.execute(
                case_id,
                c.AddItem(domain=Domain.HARM, text="b again"),
                PARENT,
                expected_position=head,
            )
        assert stale.value.code == "stale_position"
        assert texts(store_a, case_id) == ["Kit hurt", "from a", "from b", "a again"]
        events = list(store_a.read(case_id))
        assert a.board(case_id) == b.board(case_id) == project(events)


# -- 5. a stream round-trips through SQLite and PostgreSQL --------------------------


def check_round_trip(url: str) -> list[CaseEvent]:
    """Write the demo case, read it back through a new store object, and check the
    boards at every meeting's close (and at the end) are the fold of the events."""
    store = CaseStore(url)
    try:
        case_id = write_demo_case(store)
        other = CaseStore(url)
        # Another case in the same store, so case_ids must tell them apart.
        second = BoardApplication(other).open_case("Max", "Other", Framework.SUCCESS, WORKER)
        assert other.case_ids() == [case_id, second]
        assert store.case_ids() == [case_id, second]

        events = list(other.read(case_id))
        head = other.head(case_id)
        assert head == len(events) > 50
        assert [e.position for e in events] == list(range(1, head + 1))
        assert all(e.case_id == case_id for e in events)
        assert list(store.read(case_id)) == events  # both objects read the same

        latest = project(events)
        assert other.board_at(case_id) == latest
        assert latest.child_name == "Lily"
        assert [m.kind for m in meetings_in_order(latest)] == [
            MeetingKind.STRATEGY,
            MeetingKind.FAMILY_NETWORK,
            MeetingKind.ICPC,
            MeetingKind.CORE_GROUP,
            MeetingKind.REVIEW_CONFERENCE,
        ]
        for meeting in meetings_in_order(latest):
            assert meeting.closed is not None
            n = meeting.closed.position
            assert other.board_at(case_id, n, snapshots=False) == project(events[:n])
        # Ranges read back exactly.
        assert list(other.read(case_id, after=10, upto=20)) == events[10:20]
        other.close()
        return events
    finally:
        store.close()


def without_case_id(events: list[CaseEvent]) -> list[tuple[object, ...]]:
    return [(e.position, e.at, e.by, e.meeting_id, e.fact, e.command_id) for e in events]


def test_a_stream_round_trips_through_sqlite(sqlite_url: str) -> None:
    check_round_trip(sqlite_url)


@pytest.mark.postgres
def test_a_stream_round_trips_through_postgres(postgres_url: str, tmp_path: Path) -> None:
    on_postgres = check_round_trip(postgres_url)
    # The demo is deterministic but for its case id: PostgreSQL and SQLite must hold
    # the same events, field for field (times with their zone, enums, tuples).
    on_sqlite = check_round_trip(str(tmp_path / "compare.sqlite3"))
    assert without_case_id(on_postgres) == without_case_id(on_sqlite)
    assert all(e.at.tzinfo is not None for e in on_postgres)


# -- 6. encryption at rest ----------------------------------------------------------

SECRET = "Kit told Nan about the night of the broken window"  # an item's text


def write_secret_case(url: str, cipher_key: str | None) -> tuple[UUID, Board]:
    """A small case whose item text is SECRET, with snapshots, through the application."""
    store = CaseStore(url, cipher_key)
    try:
        app = BoardApplication(store, snapshot_every=2)
        case_id = app.open_case("Kit", "Test", Framework.SAFETY, WORKER)
        app.execute(case_id, c.AddItem(domain=Domain.HARM, text=SECRET, source="Nan"), NETWORK)
        app.execute(case_id, c.WriteDangerStatement(text=f"We worry: {SECRET}"), WORKER)
        assert store.nearest_snapshot(case_id, None) is not None  # snapshots were written
        return case_id, app.board(case_id)
    finally:
        store.close()


def sqlite_bytes(path: str) -> bytes:
    files = [Path(path), Path(path + "-wal"), Path(path + "-journal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


@pytest.mark.parametrize("encrypted", [True, False], ids=["with a key", "without a key"])
def test_sqlite_holds_no_plaintext_with_a_key(sqlite_url: str, encrypted: bool) -> None:
    key = AESCipher.create_key(32) if encrypted else None
    case_id, board = write_secret_case(sqlite_url, key)
    raw = sqlite_bytes(sqlite_url)
    assert len(raw) > 0
    found = SECRET.encode() in raw
    assert found is not encrypted
    # With the key the case reads back; with the wrong key or none it does not.
    reopened = CaseStore(sqlite_url, key)
    try:
        assert reopened.board_at(case_id) == board
        assert any(i.text == SECRET for i in reopened.board_at(case_id).items.values())
    finally:
        reopened.close()
    if encrypted:
        for wrong in (AESCipher.create_key(32), None):
            stranger = CaseStore(sqlite_url, wrong)
            try:
                with pytest.raises(Exception):  # noqa: B017 - any failure, never the text
                    list(stranger.read(case_id))
            finally:
                stranger.close()


def test_sqlite_wal_holds_no_plaintext_while_open(sqlite_url: str) -> None:
    """While the store is open, recent writes may sit in the -wal file: check it too."""
    key = AESCipher.create_key(32)
    store = CaseStore(sqlite_url, key)
    plain = CaseStore(sqlite_url.replace(".sqlite3", "-plain.sqlite3"))
    try:
        for each in (store, plain):
            app = BoardApplication(each, snapshot_every=2)
            case_id = app.open_case("Kit", "Test", Framework.SAFETY, WORKER)
            app.execute(case_id, c.AddItem(domain=Domain.HARM, text=SECRET), PARENT)
        assert SECRET.encode() not in sqlite_bytes(sqlite_url)
        assert SECRET.encode() in sqlite_bytes(plain.url)
    finally:
        store.close()
        plain.close()


def postgres_raw_values(url: str) -> list[bytes]:
    """Every value of every row of every table in the store's schema, as raw bytes."""
    schema = parse_qs(urlsplit(url).query)["schema"][0]
    values: list[bytes] = []
    server = urlsplit(url)._replace(query="").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (schema,),
            )
        ]
        assert tables, "the store made no tables in its schema"
        for table in tables:
            query = sql.SQL("SELECT * FROM {}.{}").format(
                sql.Identifier(schema), sql.Identifier(table)
            )
            for row in conn.execute(query):
                for value in row:
                    if isinstance(value, bytes | bytearray | memoryview):
                        values.append(bytes(value))
                    elif value is not None:
                        values.append(str(value).encode())
    return values


@pytest.mark.postgres
@pytest.mark.parametrize("encrypted", [True, False], ids=["with a key", "without a key"])
def test_postgres_holds_no_plaintext_with_a_key(postgres_url: str, encrypted: bool) -> None:
    key = AESCipher.create_key(32) if encrypted else None
    case_id, board = write_secret_case(postgres_url, key)
    values = postgres_raw_values(postgres_url)
    assert len(values) > 0
    found = any(SECRET.encode() in value for value in values)
    assert found is not encrypted
    reopened = CaseStore(postgres_url, key)
    try:
        assert reopened.board_at(case_id) == board
        assert reopened.case_ids() == [case_id]
    finally:
        reopened.close()


def test_a_fresh_process_knows_commands_recorded_just_before_its_snapshot(
    store: CaseStore,
) -> None:
    """A client resends a command whose ack was lost with a process that died; the
    process that answers now loaded the case from a snapshot taken after that command.
    It must still know the command, and not record it twice."""
    first = BoardApplication(store, snapshot_every=5)
    case_id = first.open_case("Kit", "Test", Framework.SAFETY, WORKER)
    recorded = first.execute(
        case_id, c.AddItem(domain=Domain.HARM, text="once only"), WORKER, command_id="c-lost"
    )
    for n in range(12):  # snapshots are taken after it
        first.execute(case_id, c.AddItem(domain=Domain.HARM, text=f"later {n}"), WORKER)
    head = store.head(case_id)
    assert (store.nearest_snapshot(case_id, None) or Board()).position > recorded[0].position

    restarted = BoardApplication(store, snapshot_every=5)
    again = restarted.execute(
        case_id, c.AddItem(domain=Domain.HARM, text="once only"), WORKER, command_id="c-lost"
    )
    assert [e.position for e in again] == [e.position for e in recorded]
    assert store.head(case_id) == head
