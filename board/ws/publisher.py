"""Between the application and the fan-out: committed events, told for every audience,
handed from the worker thread that committed them to the event loop's hub.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import Protocol
from uuid import UUID

from board import metrics
from board.projections.changes import Told
from board.projections.guest_ranks import GuestRanks
from board.ws.handoff import handoff

log = logging.getLogger(__name__)


class Fanout(Protocol):
    def publish(self, told: Sequence[Told], ranks: GuestRanks | None = None) -> None: ...


# The case's guest ranks if they reach a position, without a read (the application's
# GuestRankIndex.known): noted before listeners are told.
KnownRanks = Callable[[UUID, int], GuestRanks | None]


class Publisher:
    """An application listener that hands committed events to a hub on its loop.

    Every batch told while the loop has not yet taken the last ones joins them: a
    group commit of many commands wakes the loop once, not once per command (a
    wake-up is a write to the loop's pipe and a turn of the loop)."""

    def __init__(
        self,
        hub: Fanout,
        loop: asyncio.AbstractEventLoop,
        known_ranks: KnownRanks | None = None,
    ) -> None:
        self.hub = hub
        self.loop = loop
        self.known_ranks = known_ranks
        self._lock = threading.Lock()
        self._waiting: list[tuple[list[Told], GuestRanks | None, float]] = []

    def __call__(self, told: Sequence[Told]) -> None:
        # Called on the worker thread that committed the events, under the case's
        # lock, in position order: so each case's batches join the list in order.
        ranks = None
        if told and self.known_ranks is not None:
            last = told[-1].staff.event
            ranks = self.known_ranks(last.case_id, last.position)
        with self._lock:
            self._waiting.append((list(told), ranks, time.perf_counter()))
        # Handed over every time, never only by the first to find the list empty: that
        # one may not have handed it over yet when another thread hands over its answer,
        # and an ack would overtake its events. The handoff shares one wake-up of the
        # loop for all of it (board.ws.handoff); a `_publish` that finds nothing is cheap.
        handoff(self.loop).call(self._publish)

    def _publish(self) -> None:
        with self._lock:
            waiting, self._waiting = self._waiting, []
        for told, ranks, committed_at in waiting:
            try:
                if ranks is None:
                    self.hub.publish(told)
                else:
                    self.hub.publish(told, ranks)
            except Exception as error:
                # The events are committed: screens that miss them catch up from the
                # store at the next event or audit. Only the kind of error is logged
                # (no case data in logs).
                log.error("publishing a batch of events failed: %s", type(error).__name__)
                continue
            metrics.FANOUT_LAG_SECONDS.observe(time.perf_counter() - committed_at)
