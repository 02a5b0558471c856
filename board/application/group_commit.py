"""Group commit: commands that arrive together, of any cases, share one transaction.

A durable commit costs the same for one event as for fifty (on SQLite an fsync, on
PostgreSQL a round trip and a lock on the notification table), so the board commits
whatever is waiting at once. The first worker thread to find no commit running
becomes the leader: it takes every batch waiting and writes them in one
transaction, while newcomers wait for the next group. Each caller returns only when
its own events are committed, and a batch whose positions were taken (another
process wrote first) is refused on its own: the group is then written batch by
batch, so the others are committed and it is not.

A batch may be decided on a board that includes an earlier batch of its case still
waiting here (`after`). If that one is not recorded, neither is this one (Abandoned):
it was decided on a board that never was.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from eventsourcing.persistence import PersistenceError

from board.events import CaseEvent
from board.storage.store import CaseStore, StalePosition, StoreUnavailable

GROUP_LIMIT = 500  # events in one transaction at most; the rest form the next group


class Abandoned(StalePosition):
    """Not written: the batch it was decided after was not recorded."""


@dataclass(eq=False)
class Batch:
    """One command's events, waiting to be committed (or done, with an error or not)."""

    events: Sequence[CaseEvent]
    after: Batch | None = None  # the batch of the same case this one was decided after
    done: bool = False
    error: Exception | None = None
    # What its waiters wait on (made by the first), so a finished group wakes only the
    # threads whose batches it wrote and the one that is to lead next, not every one.
    turn: threading.Condition | None = None


class GroupCommit:
    def __init__(self, store: CaseStore, limit: int = GROUP_LIMIT) -> None:
        self.store = store
        self.limit = limit
        self._lock = threading.Lock()
        self._waiting: list[Batch] = []
        self._leading = False

    def append(self, events: Sequence[CaseEvent]) -> None:
        """Record one command's events, with whatever else is waiting; return once
        they are committed. Raises as CaseStore.append would, for this batch alone."""
        self.wait(self.submit(events))

    def submit(self, events: Sequence[CaseEvent], after: Batch | None = None) -> Batch:
        """Queue a batch without waiting. Batches are written in the order they were
        submitted, so a case's batches submitted under its lock keep their order."""
        batch = Batch(events, after)
        with self._lock:
            self._waiting.append(batch)
        return batch

    def wait(self, batch: Batch) -> None:
        """Return once the batch is committed (leading a group if none is being
        written); raise its error if it was not."""
        with self._lock:
            while not batch.done:
                if self._leading:
                    if batch.turn is None:
                        batch.turn = threading.Condition(self._lock)
                    batch.turn.wait()
                    continue
                self._leading = True
                group = self._take()
                self._lock.release()
                try:
                    self._write(group)
                finally:
                    self._lock.acquire()
                    self._leading = False
                    for written in group:
                        if written.turn is not None:
                            written.turn.notify_all()
                    self._wake_next_leader()
        if batch.error is not None:
            raise batch.error

    def _wake_next_leader(self) -> None:
        """Under the lock, with no group being written: wake the waiters of the first
        batch waiting, to write the next group. (If nobody waits for it yet, its own
        thread leads when it comes to wait.)"""
        if self._waiting and self._waiting[0].turn is not None:
            self._waiting[0].turn.notify_all()

    def _take(self) -> list[Batch]:
        group: list[Batch] = []
        size = 0
        while self._waiting and (not group or size + len(self._waiting[0].events) <= self.limit):
            batch = self._waiting.pop(0)
            group.append(batch)
            size += len(batch.events)
        return group

    def _write(self, group: list[Batch]) -> None:
        try:
            # Those decided after a batch an earlier group did not record: never written.
            group = [batch for batch in group if not self._abandoned(batch)]
            if len(group) <= 1:
                for batch in group:
                    self._write_alone(batch)
                return
            try:
                self.store.append([e for batch in group for e in batch.events])
            except (StoreUnavailable, PersistenceError) as error:  # every caller is told
                for batch in group:
                    batch.error = error
            except Exception:
                # A position taken, or one batch's own fault (its case erased meanwhile):
                # which one? Each on its own, in order, so the others are committed.
                for batch in group:
                    if not self._abandoned(batch):
                        self._write_alone(batch)
                return
            for batch in group:
                batch.done = True
        except BaseException as error:
            for batch in group:
                if not batch.done:
                    batch.error = batch.error or RuntimeError(str(error))
                    batch.done = True
            raise

    @staticmethod
    def _abandoned(batch: Batch) -> bool:
        if batch.after is None or batch.after.error is None:
            return False
        first = batch.events[0]
        batch.error = Abandoned(first.case_id, first.position)
        batch.done = True
        return True

    def _write_alone(self, batch: Batch) -> None:
        try:
            self.store.append(batch.events)
        except Exception as error:
            batch.error = error
        batch.done = True
