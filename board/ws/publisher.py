"""Between the application and the fan-out: committed events, told for every audience,
handed from the worker thread that committed them to the event loop's hub.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Protocol

from board import metrics
from board.projections.changes import Told


class Fanout(Protocol):
    def publish(self, told: Sequence[Told]) -> None: ...


class Publisher:
    """An application listener that hands committed events to a hub on its loop."""

    def __init__(self, hub: Fanout, loop: asyncio.AbstractEventLoop) -> None:
        self.hub = hub
        self.loop = loop

    def __call__(self, told: Sequence[Told]) -> None:
        # Called on the worker thread that committed the events, in position order.
        self.loop.call_soon_threadsafe(self._publish, list(told), time.perf_counter())

    def _publish(self, told: Sequence[Told], committed_at: float) -> None:
        self.hub.publish(told)
        metrics.FANOUT_LAG_SECONDS.observe(time.perf_counter() - committed_at)
