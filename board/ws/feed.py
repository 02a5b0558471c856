"""What a connection reads from the store: the events it missed, the board, the head.

A guest's (and a wall's, showing the room's cut) are at guest ranks
(board.projections.guest_ranks): an event withheld from them is read as no text (the
connection passes over it), and positions in what they are sent are ranks.
"""

from __future__ import annotations

from uuid import UUID

from starlette.concurrency import run_in_threadpool

from board.application.service import BoardApplication
from board.projections.board import Board
from board.projections.changes import evolve_and_show
from board.projections.guest_ranks import ranked_board, ranked_seen
from board.projections.visibility import Audience, board_for, room_audience
from board.ws.protocol import Snapshot, encode, encode_text, event_frame


class StoreFeed:
    """What connections read from the store: missed events, the board, the head; each
    as the connection's audience may see it (board.projections.visibility)."""

    def __init__(self, app: BoardApplication) -> None:
        self.app = app

    async def events(
        self, case_id: UUID, after: int, upto: int | None, audience: Audience
    ) -> list[tuple[int, str]]:
        """(position, frame text) of each event after `after`, in order; "" for one
        withheld from a guest (nothing is sent of it)."""

        def read() -> list[tuple[int, str]]:
            limit = after + 1000 if upto is None else min(upto, after + 1000)
            events = list(self.app.events(case_id, after, limit))
            if not events:
                return []
            ranks = None if audience.staff else self.app.ranks(case_id)
            if ranks is not None:
                # Only what the ranks have judged: the rest comes with the next read.
                events = [e for e in events if e.position <= ranks.position]
            # Fold along from the board before them, to say what each event changed.
            board = self.app.board(case_id, after)
            found: list[tuple[int, str]] = []
            for event in events:
                seen = evolve_and_show(board, event, audience)
                if ranks is not None:
                    if seen.withheld:
                        found.append((event.position, ""))
                        continue
                    seen = ranked_seen(seen, ranks)
                found.append((event.position, encode_text(event_frame(seen))))
            return found

        return await run_in_threadpool(read)

    async def snapshot(self, case_id: UUID, audience: Audience) -> tuple[int, str]:
        """(real position, snapshot frame text) of the board now."""

        def read() -> tuple[int, str]:
            whole = self.app.board(case_id)
            return whole.position, self._snapshot_text(case_id, whole, audience)

        return await run_in_threadpool(read)

    def _snapshot_text(self, case_id: UUID, whole: Board, audience: Audience) -> str:
        board = board_for(whole, audience)
        if not audience.staff:
            board = ranked_board(board, self.app.ranks(case_id))
        return encode(Snapshot(position=board.position, board=board)).decode()

    async def head(self, case_id: UUID) -> int:
        return await run_in_threadpool(self.app.head, case_id)

    async def rank(self, case_id: UUID, position: int) -> int:
        """A guest's rank of `position`: from the ranks noted as events were recorded
        when they reach it (no read, no thread hop), else caught up on a worker thread."""
        known = self.app.guest_ranks.known(case_id, position)
        if known is not None:
            return known.rank(position)
        return await run_in_threadpool(lambda: self.app.ranks(case_id).rank(position))

    async def room_snapshot(self, case_id: UUID) -> tuple[int, str, Audience]:
        def read() -> tuple[int, str, Audience]:
            whole = self.app.board(case_id)
            room = room_audience(whole)
            return whole.position, self._snapshot_text(case_id, whole, room), room

        return await run_in_threadpool(read)
