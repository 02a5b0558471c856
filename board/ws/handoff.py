"""Work handed from worker threads to the event loop, one wake-up for all that waits.

asyncio's `call_soon_threadsafe` writes to the loop's self-pipe on every call: a
syscall on the thread, a read and a turn of the loop on the other side. A command
hands two things over (its events to the hub, its answer to its socket), so it paid
that twice. Here everything handed over before the loop gets to it is run in one
turn, in the order it was handed over (so a command's events still reach the hub
before its ack: the publisher hands them over first), and the thread running a group
of commands holds its wake-up until the group's answers are handed over too.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

_Work = tuple[Callable[..., object], tuple[Any, ...]]


class Handoff:
    """One event loop's queue of work from other threads."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        # Weakly: the Handoff is the value of a WeakKeyDictionary keyed by its loop.
        self._loop = weakref.ref(loop)
        self._lock = threading.Lock()
        self._waiting: list[_Work] = []
        self._woken = False  # a wake-up is on its way for what waits
        self._held = threading.local()  # this thread holds its wake-ups (`held`)

    def call(self, callback: Callable[..., object], *args: Any) -> None:
        """Run `callback(*args)` on the loop soon; from any thread."""
        with self._lock:
            self._waiting.append((callback, args))
            wake = not self._woken and not getattr(self._held, "on", False)
            self._woken = self._woken or wake
        if wake:
            self._wake()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """On this thread, hand work over without waking the loop until the block ends:
        a group's events (handed over as its first batch is told) and its answers then
        share one wake-up. Waking as each is handed over does not, since the write to
        the loop's pipe lets the loop take the GIL before the answers are ready."""
        self._held.on = True
        try:
            yield
        finally:
            self._held.on = False
            with self._lock:
                wake = bool(self._waiting) and not self._woken
                self._woken = self._woken or wake
            if wake:
                self._wake()

    def _wake(self) -> None:
        loop = self._loop()
        if loop is not None:  # else the loop is gone, and the work with it
            loop.call_soon_threadsafe(self._run)

    def _run(self) -> None:
        with self._lock:
            waiting, self._waiting = self._waiting, []
            self._woken = False
        for callback, args in waiting:
            try:
                callback(*args)
            except Exception as error:  # as the loop treats a failing callback: reported
                loop = self._loop()
                assert loop is not None  # running this on it
                loop.call_exception_handler(
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
