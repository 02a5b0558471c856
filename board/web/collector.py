"""The garbage collector kept out of the screens' way.

A full collection walks every object the collector tracks, with every screen waiting:
with 10,000 screens open that took 1.4 s, and whenever one fell among the edits it was
the p99. What the server builds at start-up (modules, routes, caches) lives as long as
the process; a connection, its cycles broken (board.ws.direct, board.web.socket), is
freed by reference counting when it closes. So start-up's objects are frozen out of
the collector's sight (`gc.freeze`), and after each full collection so is whatever
survived it: the next full collection walks only what was made since.

The cost: an object frozen while alive that later becomes garbage in a cycle is kept
until the next thaw (every THAW_EVERY full collections everything frozen is handed
back, and the next full collection walks it all). Nothing the board keeps per
connection or per case does (the test in tests/live/test_connection_garbage.py holds
connections to it).
"""

from __future__ import annotations

import gc
from typing import Any

# Every so many full collections, what was frozen is handed back instead, so the next
# one walks everything and frees what became cyclic garbage while frozen (a task's
# traceback, an error path's cycle): one long pause now and then, not a slow leak.
THAW_EVERY = 64
_full_collections = 0


def _freeze_after_full(phase: str, info: dict[str, Any]) -> None:
    global _full_collections
    if phase == "stop" and info.get("generation") == 2:
        _full_collections += 1
        if _full_collections % THAW_EVERY == 0:
            gc.unfreeze()
        else:
            gc.freeze()


def start() -> None:
    """Once the server is built: freeze what start-up made, and the survivors of every
    full collection from now on. Collections resume here if `python -m board` paused
    them for start-up. No collection first: it would walk all of start-up's ~70,000
    objects (~20 ms before the first answer) to find ~1,300 of cyclic garbage, which
    the first thaw frees instead."""
    gc.enable()
    gc.freeze()
    if _freeze_after_full not in gc.callbacks:
        gc.callbacks.append(_freeze_after_full)


def stop() -> None:
    """The server is stopping (or a test's app): the collector as it was."""
    if _freeze_after_full in gc.callbacks:
        gc.callbacks.remove(_freeze_after_full)
    gc.unfreeze()
