"""Each case's thread index (board.projections.history.ThreadIndex), kept in memory by
the process and caught up from the store before every use, as the application keeps
each case's latest board.

So the history of one statement, goal, rule or item costs a read of the few events
that touched it, not a scan of the case: the first use after a start reads the case's
events once (one pass), later uses only what was appended since.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from uuid import UUID

from board.events import CaseEvent
from board.projections.history import ThreadIndex

ReadAfter = Callable[[UUID, int], Iterable[CaseEvent]]

CASES_KEPT = 32  # indexes kept, least recently used dropped (~1 MB per 100,000 events)


class ThreadIndexes:
    def __init__(self, read_after: ReadAfter, cases_kept: int = CASES_KEPT) -> None:
        self._read_after = read_after
        self._cases_kept = cases_kept
        self._indexes: OrderedDict[UUID, tuple[threading.Lock, ThreadIndex]] = OrderedDict()
        self._lock = threading.Lock()

    def _entry(self, case_id: UUID) -> tuple[threading.Lock, ThreadIndex]:
        with self._lock:
            entry = self._indexes.get(case_id)
            if entry is None:
                entry = self._indexes[case_id] = (threading.Lock(), ThreadIndex())
            self._indexes.move_to_end(case_id)
            while len(self._indexes) > self._cases_kept:
                self._indexes.popitem(last=False)
            return entry

    def _caught_up(self, case_id: UUID, upto: int) -> tuple[threading.Lock, ThreadIndex]:
        lock, index = self._entry(case_id)
        with lock:
            if index.position < upto:
                index.extend(self._read_after(case_id, index.position))
        return lock, index

    def positions(self, case_id: UUID, thread_id: str, upto: int) -> list[int]:
        """Where the thread was touched, at or before `upto`, oldest first."""
        lock, index = self._caught_up(case_id, upto)
        with lock:
            return list(index.positions(thread_id, upto))

    def made_by(self, case_id: UUID, participant_id: str, upto: int) -> list[int]:
        """Every change the person made, at or before `upto`, oldest first."""
        lock, index = self._caught_up(case_id, upto)
        with lock:
            return list(index.made_by(participant_id, upto))

    def forget(self, case_id: UUID) -> None:
        with self._lock:
            self._indexes.pop(case_id, None)
