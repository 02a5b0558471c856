"""The sockets' commands run a group at a time (issue 24, item 1): what arrives while a
group is being run forms the next group, on one hop to a thread and one back, and
each command hears its own answer."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast
from uuid import uuid4

from board.application.writer import Request
from board.commands import AddItem, CommandRefused
from board.events import Author, CaseEvent
from board.practice import Domain, Role
from board.ws.command_queue import Answer, CommandQueue

CHAIR = Author("chair", "Sam Reid", Role.CHAIR)
CASE = uuid4()


def request(text: str) -> Request:
    return Request(CASE, AddItem(domain=Domain.EXISTING_SAFETY, text=text), CHAIR)


class Runner:
    """Runs each group by answering every command with its own text; holds the first
    group until `release` is set, so the test knows what arrived meanwhile."""

    def __init__(self) -> None:
        self.groups: list[list[str]] = []
        self.first_started = threading.Event()
        self.release = threading.Event()

    def __call__(self, requests: Sequence[Request]) -> list[Answer]:
        texts = [cast(AddItem, r.command).text for r in requests]
        self.groups.append(texts)
        if len(self.groups) == 1:
            self.first_started.set()
            assert self.release.wait(5)
        return [
            CommandRefused("refused", t) if t.startswith("no") else cast(Any, [t]) for t in texts
        ]


def test_commands_that_arrive_while_a_group_runs_form_the_next_group() -> None:
    runner = Runner()

    async def scenario() -> list[Any]:
        with ThreadPoolExecutor(4) as threads:
            queue = CommandQueue(runner, threads, drainers=1)
            first = asyncio.ensure_future(queue.run(request("first")))
            await asyncio.to_thread(runner.first_started.wait, 5)
            later = [asyncio.ensure_future(queue.run(request(t))) for t in ("a", "no", "b")]
            await asyncio.sleep(0)  # every one of them queued
            runner.release.set()
            answers = await asyncio.gather(first, *later, return_exceptions=True)
            assert queue.groups == 2
            return answers

    first, a, refused, b = asyncio.run(scenario())
    assert runner.groups == [["first"], ["a", "no", "b"]]
    assert (first, a, b) == (["first"], ["a"], ["b"])
    assert isinstance(refused, CommandRefused) and refused.message == "no"


def test_a_group_that_fails_tells_each_command_and_the_next_runs() -> None:
    calls: list[int] = []

    def run_many(requests: Sequence[Request]) -> list[Answer]:
        calls.append(len(requests))
        if len(calls) == 1:
            raise RuntimeError("the group failed")
        return [cast(list[CaseEvent], []) for _ in requests]

    async def scenario() -> tuple[BaseException | None, list[CaseEvent]]:
        with ThreadPoolExecutor(2) as threads:
            queue = CommandQueue(run_many, threads)
            failed = await asyncio.gather(queue.run(request("x")), return_exceptions=True)
            after = await queue.run(request("y"))
            error = failed[0]
            return (error if isinstance(error, BaseException) else None), after

    error, after = asyncio.run(scenario())
    assert isinstance(error, RuntimeError) and after == []
    assert calls == [1, 1]


def test_a_command_whose_socket_closed_does_not_stop_the_others() -> None:
    runner = Runner()

    async def scenario() -> list[str]:
        with ThreadPoolExecutor(2) as threads:
            queue = CommandQueue(runner, threads, drainers=1)
            first = asyncio.ensure_future(queue.run(request("first")))
            await asyncio.to_thread(runner.first_started.wait, 5)
            gone = asyncio.ensure_future(queue.run(request("gone")))
            kept = asyncio.ensure_future(queue.run(request("kept")))
            await asyncio.sleep(0)
            gone.cancel()
            runner.release.set()
            await first
            return cast(list[str], await kept)

    assert asyncio.run(scenario()) == ["kept"]
    assert runner.groups == [["first"], ["gone", "kept"]]


def test_the_next_group_is_run_while_the_first_is_still_being_committed() -> None:
    """With a second thread allowed, what arrives while the first group is held (as
    its commit waits for the disk) is decided on that thread meanwhile."""
    runner = Runner()

    async def scenario() -> list[Any]:
        with ThreadPoolExecutor(4) as threads:
            queue = CommandQueue(runner, threads, drainers=2)
            first = asyncio.ensure_future(queue.run(request("first")))
            await asyncio.to_thread(runner.first_started.wait, 5)
            second = await queue.run(request("second"))  # answered with the first held
            assert not first.done()
            runner.release.set()
            return [await first, second]

    assert asyncio.run(scenario()) == [["first"], ["second"]]
    assert runner.groups == [["first"], ["second"]]
