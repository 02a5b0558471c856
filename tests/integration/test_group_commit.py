"""Group commit on the real stores: commands of many cases share transactions, each is
answered only for itself, and one that may not be recorded leaves the others be."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from uuid import UUID

import pytest

from board.application import BoardApplication
from board.commands import AddItem, CommandRefused, EditItem
from board.events import Author, CaseEvent, ItemAdded
from board.group_commit import GroupCommit
from board.practice import Domain, Framework, ItemKind, Role
from board.store import CaseStore, StalePosition

CHAIR = Author("chair", "Sam Reid", Role.CHAIR)


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest) -> str:
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    found: str = request.getfixturevalue(fixture)
    return found


@pytest.fixture
def case_store(url: str) -> Iterator[CaseStore]:
    store = CaseStore(url)
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

    # As if a commit were in flight: all three wait, and then go as one group.
    with group._lock:
        group._leading = True
    threads = [threading.Thread(target=commit, args=(case,)) for case in batches]
    for thread in threads:
        thread.start()
    with group._lock:
        while len(group._waiting) < len(batches):
            group._turn.wait(0.01)
        group._leading = False
        group._turn.notify_all()
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
