"""A command's ack never overtakes its own events, whichever thread hands them over first.

Two groups commit at once on two worker threads. Thread A (case X) adds its events to
the publisher's list and is held before it hands them to the loop; thread B (case Y)
adds its own and hands over its answer. When B's answer runs on the loop (its ack is
written then), B's events must already have reached the hub.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from board.ws import publisher as publisher_module
from board.ws.handoff import Handoff, handoff
from board.ws.publisher import Publisher


class Hub:
    def __init__(self) -> None:
        self.published: list[Any] = []

    def publish(self, told: Any, ranks: Any = None) -> None:
        self.published.extend(told)


def test_an_ack_never_overtakes_its_events(monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario() -> tuple[list[Any], list[Any]]:
        loop = asyncio.get_running_loop()
        hub = Hub()
        publisher = Publisher(hub, loop)  # type: ignore[arg-type]
        a_added = threading.Event()
        a_may_go_on = threading.Event()

        def held_on_a(the_loop: asyncio.AbstractEventLoop) -> Handoff:
            # Thread A stops between adding its events and handing them over.
            if threading.current_thread().name == "A":
                a_added.set()
                a_may_go_on.wait(10)
            return handoff(the_loop)

        monkeypatch.setattr(publisher_module, "handoff", held_on_a)
        answered: asyncio.Future[list[Any]] = loop.create_future()

        def group_a() -> None:
            with handoff(loop).held():
                publisher(["event of X"])  # type: ignore[list-item]

        def group_b() -> None:
            a_added.wait(10)
            with handoff(loop).held():
                publisher(["event of Y"])  # type: ignore[list-item]
                # B's answer: its ack is written when this runs, so see what the hub has.
                handoff(loop).call(lambda: answered.set_result(list(hub.published)))

        a = threading.Thread(target=group_a, name="A")
        b = threading.Thread(target=group_b, name="B")
        a.start()
        b.start()
        try:
            seen_at_ack = await asyncio.wait_for(answered, 10)
        finally:
            a_may_go_on.set()
            await asyncio.to_thread(a.join)
            await asyncio.to_thread(b.join)
        # A barrier: work handed over runs in order, so once this has run, so has A's.
        done: asyncio.Future[None] = loop.create_future()
        handoff(loop).call(done.set_result, None)
        await asyncio.wait_for(done, 10)
        return seen_at_ack, hub.published

    seen_at_ack, published = asyncio.run(scenario())
    assert "event of Y" in seen_at_ack, "B's ack went out before B's own event"
    assert sorted(published) == ["event of X", "event of Y"]  # each published once
