"""Work handed from worker threads to the event loop, one wake-up for all that waits.

asyncio's `call_soon_threadsafe` writes to the loop's self-pipe on every call: a
syscall on the thread, a read and a turn of the loop on the other side. A command
hands two things over (its events to the hub, its answer to its socket), so it paid
that twice. Here everything handed over before the loop gets to it is run in one
turn, in the order it was handed over (so a command's events still reach the hub
before its ack: the publisher hands them over first).
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable
from typing import Any

_Work = tuple[Callable[..., object], tuple[Any, ...]]


class Handoff:
    """One event loop's queue of work from other threads."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._lock = threading.Lock()
        self._waiting: list[_Work] = []

    def call(self, callback: Callable[..., object], *args: Any) -> None:
        """Run `callback(*args)` on the loop soon; from any thread."""
        with self._lock:
            wake = not self._waiting  # else a wake-up is on its way and will run this
            self._waiting.append((callback, args))
        if wake:
            self.loop.call_soon_threadsafe(self._run)

    def _run(self) -> None:
        with self._lock:
            waiting, self._waiting = self._waiting, []
        for callback, args in waiting:
            try:
                callback(*args)
            except Exception as error:  # as the loop treats a failing callback: reported
                self.loop.call_exception_handler(
                    {"message": "a callback handed to the loop failed", "exception": error}
                )


_handoffs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Handoff] = (
    weakref.WeakKeyDictionary()
)
_handoffs_lock = threading.Lock()


def handoff(loop: asyncio.AbstractEventLoop) -> Handoff:
    """The loop's one Handoff: everyone handing work to the same loop shares it."""
    with _handoffs_lock:
        found = _handoffs.get(loop)
        if found is None:
            found = _handoffs[loop] = Handoff(loop)
        return found
