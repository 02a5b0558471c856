"""Commands from every socket of the process, run a group at a time on one thread.

A command hops from the event loop to a worker thread and its answer hops back. One
hop per command costs each command a hand-off and a wake-up of the loop, and spreads
commands that arrive together over threads that then queue for one group commit. Here
the loop puts each command in one list; a worker thread takes the whole list, runs it
as one group (board.application.writer's `execute_many`: decided in turn, one
transaction) and hands every answer back with one wake-up of the loop. Commands that
arrive while a group is being run form the next group, taken by another thread (up to
DRAINERS at once), so the next group is decided while the last one's commit waits for
the disk, as threads did when each command had its own. A busy second groups more and
costs less per command; a quiet one costs what it did.

The answers come back after the events were handed to the hub, in the same wake-up
of the loop (board.ws.handoff: the publisher hands them over first), so a sender's
own screen has its events ahead of its ack.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor

from board.application.writer import Request
from board.events import CaseEvent
from board.ws.handoff import handoff

Answer = list[CaseEvent] | Exception
RunMany = Callable[[Sequence[Request]], list[Answer]]

GROUP_LIMIT = 500  # commands one thread takes at once; the rest form the next group
DRAINERS = 4  # threads running groups at once: one commits while the next decides


class CommandQueue:
    def __init__(
        self,
        run_many: RunMany,
        executor: Executor,
        limit: int = GROUP_LIMIT,
        drainers: int = DRAINERS,
    ) -> None:
        self._run_many = run_many
        self._executor = executor
        self._limit = limit
        self._drainers = drainers
        self._lock = threading.Lock()  # the list is filled on the loop, taken on threads
        self._waiting: list[tuple[Request, asyncio.Future[list[CaseEvent]]]] = []
        self._running = 0  # threads draining
        self._starting = False  # one of them has not taken its group yet
        self.groups = 0  # groups run, for the benchmarks and the tests

    async def run(self, request: Request) -> list[CaseEvent]:
        """The command's events once committed; raises what `execute` would."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[list[CaseEvent]] = loop.create_future()
        with self._lock:
            self._waiting.append((request, answer))
            # A thread about to take the list takes this too; else one more, if allowed.
            start = not self._starting and self._running < self._drainers
            if start:
                self._starting = True
                self._running += 1
        if start:
            self._executor.submit(self._drain, loop)
        return await answer

    def _drain(self, loop: asyncio.AbstractEventLoop) -> None:
        """On a worker thread: run groups until nothing is waiting."""
        while True:
            with self._lock:
                self._starting = False
                group = self._waiting[: self._limit]
                del self._waiting[: self._limit]
                if not group:
                    self._running -= 1
                    return
            # The group's events (the publisher's hand-over) and then its answers reach
            # the loop in one wake-up (board.ws.handoff).
            with handoff(loop).held():
                try:
                    answers = self._run_many([request for request, _ in group])
                except Exception as error:  # the group's own failure: every command hears it
                    answers = [error] * len(group)
                with self._lock:
                    self.groups += 1
                handoff(loop).call(_answer, group, answers)


def _answer(
    group: list[tuple[Request, asyncio.Future[list[CaseEvent]]]], answers: list[Answer]
) -> None:
    for (_, future), answer in zip(group, answers, strict=True):
        if future.done():
            continue  # its socket closed while it was run
        if isinstance(answer, Exception):
            future.set_exception(answer)
        else:
            future.set_result(answer)
