"""The writer's rule for its listeners: they run under the case's lock, so each case's
events are told once and in position order, and they must not block, because while one
runs no other command on its case is decided (board/application/writer.py)."""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

import pytest

from board.application.service import BoardApplication
from board.application.writer import LISTENER_BUDGET
from board.commands import AddItem
from board.events import Author
from board.practice import Domain, Framework, Role
from board.projections.changes import Told

CHAIR = Author("chair", "Sam Reid", Role.CHAIR)


def add(app: BoardApplication, case_id: UUID, text: str, command_id: str | None = None) -> None:
    app.execute(case_id, AddItem(domain=Domain.HARM, text=text), CHAIR, command_id=command_id)


def test_every_listener_is_told_under_the_case_lock_in_position_order(
    app: BoardApplication,
) -> None:
    case_id = app.open_case("Lily", "Carter", Framework.SAFETY, CHAIR)
    heard: list[tuple[bool, list[int]]] = []

    def listener(told: Sequence[Told]) -> None:
        positions = [t.staff.event.position for t in told]
        heard.append((app.writer.under_case_lock(case_id), positions))

    app.listeners.append(listener)
    with ThreadPoolExecutor(8) as pool:  # commands that arrive together: grouped commits
        list(pool.map(lambda n: add(app, case_id, f"item {n}"), range(40)))
    add(app, case_id, "sent twice", command_id="once")
    add(app, case_id, "sent twice", command_id="once")  # its answer was lost: told again

    assert heard and all(locked for locked, _ in heard)
    told = [p for _, positions in heard for p in positions]
    assert told[:-1] == list(range(2, app.head(case_id) + 1))  # once each, in order
    assert told[-1] == told[-2]  # the resent command's event, told again


def test_a_listener_holds_up_every_command_on_its_case_so_must_not_block(
    app: BoardApplication,
) -> None:
    case_id = app.open_case("Lily", "Carter", Framework.SAFETY, CHAIR)
    blocking, release = threading.Event(), threading.Event()

    def slow_listener(told: Sequence[Told]) -> None:
        if not blocking.is_set():
            blocking.set()
            release.wait(10)

    app.listeners.append(slow_listener)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(add, app, case_id, "first")
        assert blocking.wait(10)
        second = pool.submit(add, app, case_id, "second")
        time.sleep(0.2)
        assert not second.done()  # waiting for the case, held by the listener
        release.set()
        first.result(10)
        second.result(10)
    assert app.head(case_id) == 3


def test_a_listener_that_blocks_is_reported(
    app: BoardApplication, caplog: pytest.LogCaptureFixture
) -> None:
    case_id = app.open_case("Lily", "Carter", Framework.SAFETY, CHAIR)
    app.listeners.append(lambda told: time.sleep(LISTENER_BUDGET * 2))
    with caplog.at_level(logging.WARNING, logger="board.application.writer"):
        add(app, case_id, "slowly told")
    assert any("listeners must not block" in r.getMessage() for r in caplog.records)


def test_the_command_ids_a_case_keeps_are_not_walked_by_the_collector(
    app: BoardApplication,
) -> None:
    """Each remembered command's positions are a tuple of ints, which the collector
    stops tracking: a busy case's 5,000 remembered commands add nothing to a full
    collection's walk, and a resent command is still told again, not done twice."""
    case_id = app.open_case("Lily", "Carter", Framework.SAFETY, CHAIR)
    for n in range(300):
        add(app, case_id, f"item {n}", command_id=f"c{n}")
    head = app.head(case_id)
    gc.collect()
    remembered = app.writer._case(case_id).recent
    assert len(remembered) == 300
    assert [gc.is_tracked(positions) for positions in remembered.values()] == [False] * 300
    assert remembered[f"{CHAIR.participant_id}:c299"] == (head,)
    add(app, case_id, "item 7", command_id="c7")  # its answer was lost: sent again
    assert app.head(case_id) == head
