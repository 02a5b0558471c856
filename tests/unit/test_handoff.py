"""Work handed from threads to the event loop (board.ws.handoff): what is handed over
before the loop gets to it runs in one wake-up, in the order it was handed over, and
one failing callback does not keep the rest from running."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
from typing import Any

from board.ws.handoff import handoff


def test_work_handed_over_together_wakes_the_loop_once_and_runs_in_order() -> None:
    async def scenario() -> tuple[list[str], int]:
        loop = asyncio.get_running_loop()
        wakes = 0
        wake = loop.call_soon_threadsafe

        def counted(callback: Any, *args: Any) -> asyncio.Handle:
            nonlocal wakes
            wakes += 1
            return wake(callback, *args)

        loop.call_soon_threadsafe = counted  # type: ignore[method-assign]
        ran: list[str] = []
        done = asyncio.Event()

        def hand_over() -> None:
            shared = handoff(loop)
            shared.call(ran.append, "events")
            shared.call(ran.append, "ack")
            shared.call(done.set)

        # The loop is held (a plain join, no await) while the thread hands over, so
        # nothing it handed can have run yet: all three wait for one wake-up.
        thread = threading.Thread(target=hand_over)
        thread.start()
        thread.join()
        assert ran == []
        await done.wait()
        return ran, wakes

    ran, wakes = asyncio.run(scenario())
    assert ran == ["events", "ack"]
    assert wakes == 1


def test_a_failing_callback_is_reported_and_the_rest_still_run() -> None:
    async def scenario() -> tuple[list[str], list[str]]:
        loop = asyncio.get_running_loop()
        reported: list[str] = []
        loop.set_exception_handler(lambda _, context: reported.append(context["message"]))
        ran: list[str] = []
        done = asyncio.Event()

        def fail() -> None:
            raise RuntimeError("broken")

        def hand_over() -> None:
            shared = handoff(loop)
            shared.call(fail)
            shared.call(ran.append, "after")
            shared.call(done.set)

        threading.Thread(target=hand_over).start()
        await done.wait()
        return ran, reported

    ran, reported = asyncio.run(scenario())
    assert ran == ["after"]
    assert reported == ["a callback handed to the loop failed"]


def test_each_loop_has_its_own_handoff() -> None:
    first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
    try:
        assert handoff(first) is handoff(first)
        assert handoff(first) is not handoff(second)
    finally:
        first.close()
        second.close()


def test_a_held_thread_wakes_the_loop_once_its_block_ends() -> None:
    async def scenario() -> tuple[list[str], list[int]]:
        loop = asyncio.get_running_loop()
        wakes: list[int] = []
        wake = loop.call_soon_threadsafe

        def counted(callback: Any, *args: Any) -> asyncio.Handle:
            wakes.append(1)
            return wake(callback, *args)

        loop.call_soon_threadsafe = counted  # type: ignore[method-assign]
        ran: list[str] = []
        done = asyncio.Event()
        inside: list[int] = []

        def group() -> None:
            shared = handoff(loop)
            with shared.held():
                shared.call(ran.append, "events")
                inside.append(len(wakes))  # handed over, yet the loop was not woken
                shared.call(ran.append, "answers")
                shared.call(done.set)

        threading.Thread(target=group).start()
        await done.wait()
        return ran, [*inside, len(wakes)]

    ran, wakes = asyncio.run(scenario())
    assert ran == ["events", "answers"]
    assert wakes == [0, 1]


def test_a_loop_that_has_ended_is_not_kept_alive_by_its_handoff() -> None:
    loop = asyncio.new_event_loop()
    handoff(loop)
    gone = weakref.ref(loop)
    loop.close()
    del loop
    gc.collect()
    assert gone() is None
