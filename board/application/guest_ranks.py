"""Each case's guest ranks (board.projections.guest_ranks), kept in memory by the
process: extended as events are recorded here (the writer's `noted` hook, under the
case's lock, judged on the board just recorded), and caught up from the store before
a read (events another process recorded).

The first use of a case after a start reads its events once (one pass); later uses
read only what was appended since, so the live path (a frame's rank, an ack's) costs a
look-up, never a read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from uuid import UUID

from board.events import CaseEvent
from board.projections.board import Board
from board.projections.guest_ranks import GuestRanks

ReadBetween = Callable[[UUID, int, int], Iterable[CaseEvent]]
Head = Callable[[UUID], int]
Latest = Callable[[UUID, Callable[[Board], None]], None]

CASES_KEPT = 256  # ~16 bytes an event: 256 cases of 10,000 events hold ~40 MB at most


class GuestRankIndex:
    def __init__(
        self, read: ReadBetween, head: Head, latest: Latest, cases_kept: int = CASES_KEPT
    ) -> None:
        self._read = read
        self._head = head
        self._latest = latest
        self._cases_kept = cases_kept
        self._ranks: OrderedDict[UUID, tuple[threading.Lock, GuestRanks]] = OrderedDict()
        self._lock = threading.Lock()

    def _entry(self, case_id: UUID) -> tuple[threading.Lock, GuestRanks]:
        with self._lock:
            entry = self._ranks.get(case_id)
            if entry is None:
                entry = self._ranks[case_id] = (threading.Lock(), GuestRanks())
            self._ranks.move_to_end(case_id)
            while len(self._ranks) > self._cases_kept:
                self._ranks.popitem(last=False)
            return entry

    def note(
        self, board: Board, events: Sequence[CaseEvent], seen: Sequence[bool] | None = None
    ) -> None:
        """Events just recorded (under the case's lock), with the board after them: any
        before them this process has not judged are read from the store first. `seen`:
        whether a guest sees each, when the caller has asked the visibility rule
        already (`Told.guest.withheld`); else it is asked here."""
        if not events:
            return
        case_id = events[0].case_id
        lock, ranks = self._entry(case_id)
        with lock:
            first = events[0].position
            if ranks.position < first - 1:
                ranks.judge(list(self._read(case_id, ranks.position, first - 1)), board)
            if seen is None:
                ranks.judge(list(events), board)
                return
            for event, visible in zip(events, seen, strict=True):
                ranks.note(event, visible)

    def known(self, case_id: UUID, position: int) -> GuestRanks | None:
        """The case's ranks if they reach `position` already (no read): for the live
        path, told under the case's lock after `note`."""
        with self._lock:
            entry = self._ranks.get(case_id)
        if entry is None or entry[1].position < position:
            return None
        return entry[1]

    def ranks(self, case_id: UUID) -> GuestRanks:
        """The case's ranks, caught up with the store. Not to be called under the case's
        lock (it looks at the latest board, which takes it)."""
        lock, ranks = self._entry(case_id)
        head = self._head(case_id)
        if ranks.position >= head:
            return ranks
        events = list(self._read(case_id, ranks.position, head))

        def judge(board: Board) -> None:
            # The latest board is at or after `head`: it judges every event read.
            with lock:
                ranks.judge([e for e in events if e.position > ranks.position], board)

        self._latest(case_id, judge)
        return ranks

    def forget(self, case_id: UUID) -> None:
        with self._lock:
            self._ranks.pop(case_id, None)
