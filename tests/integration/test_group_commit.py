"""Group commit on the real stores: commands of many cases share transactions, each is
answered only for itself, and one that may not be recorded leaves the others be."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from eventsourcing.cryptography import AESCipher

from board.application.group_commit import Abandoned, Batch, GroupCommit
from board.application.service import BoardApplication
from board.application.writer import Request
from board.commands import AddItem, CommandRefused, EditItem
from board.events import Author, CaseEvent, ItemAdded, ItemEdited
from board.practice import Domain, Framework, ItemKind, Role
from board.storage.case_keys import CaseErased
from board.storage.store import CaseStore, StalePosition

CHAIR = Author("chair", "Sam Reid", Role.CHAIR)


@pytest.fixture
def case_store(each_store_url: str) -> Iterator[CaseStore]:
    store = CaseStore(each_store_url)
    yield store
    store.close()


def opened(app: BoardApplication, cases: int) -> list[UUID]:
    return [app.open_case(f"Child {n}", "Family", Framework.SAFETY, CHAIR) for n in range(cases)]


def item_added(case_id: UUID, position: int, text: str) -> CaseEvent:
    fact = ItemAdded(
        item_id=f"item-{position}",
        domain=Domain.EXISTING_SAFETY,
        kind=ItemKind.JUDGEMENT,
        text=text,
        source="",
    )
    return CaseEvent(
        case_id=case_id,
        position=position,
        at=datetime.now(UTC),
        by=CHAIR,
        meeting_id=None,
        fact=fact,
    )


def test_a_batch_whose_position_was_taken_is_refused_alone(case_store: CaseStore) -> None:
    app = BoardApplication(case_store)
    first, stale, last = opened(app, 3)
    heads = {case: case_store.head(case) for case in (first, stale, last)}
    # Another process recorded the stale case's next event first.
    case_store.append([item_added(stale, heads[stale] + 1, "recorded elsewhere")])
    group = GroupCommit(case_store)
    batches = {
        case: [item_added(case, heads[case] + 1, "from this process")]
        for case in (first, stale, last)
    }
    answers: dict[UUID, Exception | None] = {}

    def commit(case: UUID) -> None:
        try:
            group.append(batches[case])
            answers[case] = None
        except StalePosition as error:
            answers[case] = error

    hold_commits(group)  # all three wait, and then go as one group
    threads = [threading.Thread(target=commit, args=(case,)) for case in batches]
    for thread in threads:
        thread.start()
    release_commits(group, len(batches))
    for thread in threads:
        thread.join(10)

    assert answers[first] is None and answers[last] is None
    assert isinstance(answers[stale], StalePosition)
    assert case_store.event_at(first, heads[first] + 1).fact.text == "from this process"  # type: ignore[union-attr]
    assert case_store.event_at(last, heads[last] + 1).fact.text == "from this process"  # type: ignore[union-attr]
    assert case_store.event_at(stale, heads[stale] + 1).fact.text == "recorded elsewhere"  # type: ignore[union-attr]
    assert case_store.head(stale) == heads[stale] + 1


def test_many_cases_at_once_each_command_answered_for_itself(case_store: CaseStore) -> None:
    app = BoardApplication(case_store)
    cases = opened(app, 24)
    heads = {case: case_store.head(case) for case in cases}
    refused_case = cases[5]

    def command(case: UUID) -> str:
        try:
            if case == refused_case:  # breaks a rule: there is no such item
                app.execute(case, EditItem(item_id="nothing-here", text="x"), CHAIR)
            else:
                app.execute(case, AddItem(domain=Domain.EXISTING_SAFETY, text="Gran helps"), CHAIR)
        except CommandRefused as refusal:
            return refusal.code
        return "ok"

    with ThreadPoolExecutor(max_workers=24) as pool:
        answers = dict(zip(cases, pool.map(command, cases), strict=True))

    assert answers[refused_case] == "item_not_found"
    assert case_store.head(refused_case) == heads[refused_case]
    for case in cases:
        if case != refused_case:
            assert answers[case] == "ok"
            assert case_store.head(case) == heads[case] + 1
            event = case_store.event_at(case, heads[case] + 1)
            assert event is not None and isinstance(event.fact, ItemAdded)
            assert event.fact.text == "Gran helps"


# -- one case's commands grouped -------------------------------------------------------


def hold_commits(group: GroupCommit) -> None:
    """As if a commit were in flight: whatever is submitted waits until released."""
    with group._lock:
        group._leading = True


def release_commits(group: GroupCommit, waiting: int) -> None:
    """Once `waiting` batches are queued, let the next leader take them as one group."""
    wait_for_batches(group, waiting)
    with group._lock:
        group._leading = False
        group._wake_next_leader()


def wait_for_batches(group: GroupCommit, count: int) -> None:
    """Until `count` batches are queued for the next group (failing after 10 s)."""
    deadline = time.monotonic() + 10
    while True:
        with group._lock:
            if len(group._waiting) >= count:
                return
            assert time.monotonic() < deadline, f"{len(group._waiting)} batches queued, not {count}"
        time.sleep(0.001)


def test_a_refused_command_in_one_cases_group_leaves_the_others_committed(
    case_store: CaseStore,
) -> None:
    app = BoardApplication(case_store)
    (case,) = opened(app, 1)
    head = case_store.head(case)
    ids = iter(["item-a", "item-b", "item-c"])
    app.writer.make_id = lambda: next(ids)
    answers: dict[str, str] = {}
    waits_entered = threading.Semaphore(0)
    real_wait = app.writer.commits.wait

    def spied_wait(batch: Batch) -> None:
        waits_entered.release()
        real_wait(batch)

    app.writer.commits.wait = spied_wait  # type: ignore[method-assign]

    def send(name: str, command: AddItem | EditItem) -> None:
        try:
            app.execute(case, command, CHAIR, command_id=name)
            answers[name] = "ok"
        except CommandRefused as refusal:
            answers[name] = refusal.code

    hold_commits(app.writer.commits)
    commands: list[tuple[str, AddItem | EditItem]] = [
        ("add-a", AddItem(domain=Domain.EXISTING_SAFETY, text="Gran collects the children")),
        # Decided on the board with "add-a" applied, before "add-a" is committed.
        ("edit-a", EditItem(item_id="item-a", text="Gran collects them every day")),
        ("add-b", AddItem(domain=Domain.EXISTING_SAFETY, text="Dad keeps the flat safe")),
        ("edit-nothing", EditItem(item_id="nothing-here", text="x")),  # breaks a rule
    ]
    threads = []
    for queued, (name, command) in enumerate(commands, start=1):
        thread = threading.Thread(target=send, args=(name, command))
        thread.start()
        threads.append(thread)
        if queued <= 3:
            wait_for_batches(app.writer.commits, queued)  # decided, waiting for the commit
    for _ in commands:  # every command is waiting for a commit, none written yet
        assert waits_entered.acquire(timeout=10)
    assert case_store.head(case) == head
    release_commits(app.writer.commits, 3)
    for thread in threads:
        thread.join(10)

    assert answers == {
        "add-a": "ok",
        "edit-a": "ok",
        "add-b": "ok",
        "edit-nothing": "item_not_found",
    }
    recorded = list(case_store.read(case, after=head))
    assert [(e.position, e.command_id) for e in recorded] == [
        (head + 1, "add-a"),
        (head + 2, "edit-a"),
        (head + 3, "add-b"),
    ]
    assert isinstance(recorded[1].fact, ItemEdited)
    assert recorded[1].fact.text == "Gran collects them every day"
    board = app.board(case)
    assert board.position == head + 3
    assert board.items["item-a"].text == "Gran collects them every day"
    assert board == case_store.board_at(case)


def test_a_batch_decided_after_one_not_recorded_is_never_written(case_store: CaseStore) -> None:
    app = BoardApplication(case_store)
    stale, other = opened(app, 2)
    heads = {case: case_store.head(case) for case in (stale, other)}
    # Another process recorded one event at the stale case's next position: the one
    # after it is free, so only the link between the batches keeps the second out.
    case_store.append([item_added(stale, heads[stale] + 1, "recorded elsewhere")])
    group = GroupCommit(case_store)
    hold_commits(group)
    first = group.submit([item_added(stale, heads[stale] + 1, "decided here")])
    second = group.submit([item_added(stale, heads[stale] + 2, "decided after it")], after=first)
    elsewhere = group.submit([item_added(other, heads[other] + 1, "another case")])
    release_commits(group, 3)
    answers: list[Exception | None] = []
    for batch in (first, second, elsewhere):
        try:
            group.wait(batch)
            answers.append(None)
        except StalePosition as error:
            answers.append(error)

    assert isinstance(answers[0], StalePosition) and not isinstance(answers[0], Abandoned)
    assert isinstance(answers[1], Abandoned)
    assert answers[2] is None
    assert case_store.head(stale) == heads[stale] + 1
    assert case_store.event_at(stale, heads[stale] + 1).fact.text == "recorded elsewhere"  # type: ignore[union-attr]
    assert case_store.event_at(other, heads[other] + 1).fact.text == "another case"  # type: ignore[union-attr]


def test_a_board_another_process_moved_on_is_read_again_before_anything_is_refused(
    each_store_url: str,
) -> None:
    here_store, there_store = CaseStore(each_store_url), CaseStore(each_store_url)
    try:
        here, there = BoardApplication(here_store), BoardApplication(there_store)
        (case,) = opened(here, 1)
        here.execute(case, AddItem(domain=Domain.EXISTING_SAFETY, text="Gran helps"), CHAIR)
        known = here.board(case).position
        # Another process adds an item this one has not read.
        added = there.execute(
            case, AddItem(domain=Domain.COMPLICATING_FACTORS, text="Shouting"), CHAIR
        )
        new_item = added[0].fact.item_id  # type: ignore[attr-defined]
        assert here.writer._cases[case].board.position == known  # still behind, in memory

        # Editing the item this process has not seen: not refused, recorded after it.
        edited = here.execute(case, EditItem(item_id=new_item, text="Loud shouting"), CHAIR)
        assert [e.position for e in edited] == [known + 2]
        # A client that saw the other process's latest position is not refused either.
        there.execute(case, AddItem(domain=Domain.EXISTING_SAFETY, text="School"), CHAIR)
        seen = there.board(case).position
        expected = here.execute(
            case, AddItem(domain=Domain.EXISTING_SAFETY, text="Aunt"), CHAIR, expected_position=seen
        )
        assert [e.position for e in expected] == [seen + 1]
        # A stale expected position is still refused, and nothing recorded.
        with pytest.raises(CommandRefused) as refused:
            here.execute(
                case,
                AddItem(domain=Domain.EXISTING_SAFETY, text="x"),
                CHAIR,
                expected_position=seen,
            )
        assert refused.value.code == "stale_position"
        assert here_store.head(case) == seen + 1
        assert here.board(case) == there.board(case) == here_store.board_at(case)
    finally:
        here_store.close()
        there_store.close()


def test_two_processes_writing_one_case_lose_and_duplicate_nothing(each_store_url: str) -> None:
    """Two applications on their own connections, as two processes would be, each with
    several clients sending to one case at once; every command is sent to both (as a
    client resends after a reconnect), so each must be recorded exactly once."""
    stores = [CaseStore(each_store_url), CaseStore(each_store_url)]
    try:
        apps = [BoardApplication(store) for store in stores]
        (case,) = opened(apps[0], 1)
        head = stores[0].head(case)
        answers: dict[tuple[int, str], list[int]] = {}
        clients, each = 6, 12

        def client(app_index: int, n: int) -> None:
            app = apps[app_index]
            for k in range(each):
                command_id = f"c{n}-{k}"
                command = AddItem(domain=Domain.EXISTING_SAFETY, text=f"Said {n}.{k}")
                events = app.execute(case, command, CHAIR, command_id=command_id)
                answers[(app_index, command_id)] = [e.position for e in events]

        with ThreadPoolExecutor(max_workers=2 * clients) as pool:
            futures = [pool.submit(client, a, n) for a in (0, 1) for n in range(clients)]
            for future in futures:
                future.result(timeout=120)

        recorded = list(stores[0].read(case, after=head))
        command_ids = [e.command_id for e in recorded]
        assert len(recorded) == clients * each
        assert sorted(command_ids) == sorted(
            f"c{n}-{k}" for n in range(clients) for k in range(each)
        )
        assert [e.position for e in recorded] == list(range(head + 1, head + 1 + clients * each))
        for n in range(clients):  # both processes answered with the one recording
            for k in range(each):
                assert answers[(0, f"c{n}-{k}")] == answers[(1, f"c{n}-{k}")]
        latest = stores[0].board_at(case)
        assert apps[0].board(case) == apps[1].board(case) == latest
        assert len(latest.items) == clients * each
    finally:
        for store in stores:
            store.close()


def test_a_batch_of_a_case_erased_meanwhile_is_refused_alone(each_store_url: str) -> None:
    key = AESCipher.create_key(32)
    writer = CaseStore(each_store_url, key)
    store = None
    try:
        app = BoardApplication(writer)
        erased, kept = opened(app, 2)
        heads = {case: writer.head(case) for case in (erased, kept)}
        assert writer.erase_case(erased) is True
        store = CaseStore(each_store_url, key)  # another process: it has not read either key yet
        group = GroupCommit(store)
        hold_commits(group)
        lost = group.submit([item_added(erased, heads[erased] + 1, "after the erasure")])
        written = group.submit([item_added(kept, heads[kept] + 1, "another case")])
        release_commits(group, 2)
        with pytest.raises(CaseErased):
            group.wait(lost)
        group.wait(written)
        assert store.head(kept) == heads[kept] + 1
        assert store.event_at(kept, heads[kept] + 1).fact.text == "another case"  # type: ignore[union-attr]
        assert store.head(erased) == heads[erased]
    finally:
        writer.close()
        if store is not None:
            store.close()


# -- commands that arrived together, run on one thread (board.ws.command_queue) ------


def test_commands_run_together_share_one_transaction(case_store: CaseStore) -> None:
    app = BoardApplication(case_store)
    cases = opened(app, 3)
    heads = {case: case_store.head(case) for case in cases}
    appends: list[int] = []
    original = case_store.append

    def counted(events: list[CaseEvent]) -> None:
        appends.append(len(events))
        original(events)

    case_store.append = counted  # type: ignore[method-assign]
    add = AddItem(domain=Domain.EXISTING_SAFETY, text="Gran walks them to school")
    requests = [Request(case, add, CHAIR, command_id=f"c{n}") for n, case in enumerate(cases)]
    # A second command on the first case, decided on the board with the first applied.
    requests.append(Request(cases[0], add, CHAIR, command_id="again"))
    answers = app.execute_many(requests)

    assert appends == [4]  # one transaction for the four commands
    positions = [[e.position for e in a] for a in answers if not isinstance(a, Exception)]
    assert positions == [
        [heads[cases[0]] + 1],
        [heads[cases[1]] + 1],
        [heads[cases[2]] + 1],
        [heads[cases[0]] + 2],
    ]
    assert [case_store.head(case) for case in cases] == [
        heads[cases[0]] + 2,
        heads[cases[1]] + 1,
        heads[cases[2]] + 1,
    ]


def test_a_refused_command_among_others_is_answered_alone(case_store: CaseStore) -> None:
    app = BoardApplication(case_store)
    first, second = opened(app, 2)
    head = case_store.head(second)
    add = AddItem(domain=Domain.EXISTING_SAFETY, text="Gran walks them to school")
    missing = EditItem(item_id="no-such-item", text="changed")
    answers = app.execute_many(
        [Request(first, missing, CHAIR), Request(second, add, CHAIR), Request(uuid4(), add, CHAIR)]
    )

    refused, added, nowhere = answers
    assert isinstance(refused, CommandRefused) and refused.code == "item_not_found"
    assert isinstance(added, list) and [e.position for e in added] == [head + 1]
    assert isinstance(nowhere, CommandRefused)  # no case opened under that id
    assert case_store.head(second) == head + 1


def test_a_command_whose_position_was_taken_is_run_again(case_store: CaseStore) -> None:
    app = BoardApplication(case_store)
    (case,) = opened(app, 1)
    head = case_store.head(case)
    # Another process records the case's next event after this one read the case.
    case_store.append([item_added(case, head + 1, "recorded elsewhere")])
    add = AddItem(domain=Domain.EXISTING_SAFETY, text="from this process")
    (answer,) = app.execute_many([Request(case, add, CHAIR)])

    assert isinstance(answer, list) and [e.position for e in answer] == [head + 2]
    assert [e.fact.text for e in case_store.read(case, head)] == [  # type: ignore[attr-defined]
        "recorded elsewhere",
        "from this process",
    ]
