"""What a connection reads from the store: the events it missed, the board, the head."""

from __future__ import annotations

from uuid import UUID

from starlette.concurrency import run_in_threadpool

from board.application.service import BoardApplication
from board.projections.changes import evolve_and_show
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
        def read() -> list[tuple[int, str]]:
            limit = after + 1000 if upto is None else min(upto, after + 1000)
            events = list(self.app.events(case_id, after, limit))
            if not events:
                return []
            # Fold along from the board before them, to say what each event changed.
            board = self.app.board(case_id, after)
            return [
                (e.position, encode_text(event_frame(evolve_and_show(board, e, audience))))
                for e in events
            ]

        return await run_in_threadpool(read)

    async def snapshot(self, case_id: UUID, audience: Audience) -> tuple[int, str]:
        def read() -> tuple[int, str]:
            board = board_for(self.app.board(case_id), audience)
            return board.position, encode(Snapshot(position=board.position, board=board)).decode()

        return await run_in_threadpool(read)

    async def head(self, case_id: UUID) -> int:
        return await run_in_threadpool(self.app.head, case_id)

    async def room_snapshot(self, case_id: UUID) -> tuple[int, str, Audience]:
        def read() -> tuple[int, str, Audience]:
            whole = self.app.board(case_id)
            room = room_audience(whole)
            board = board_for(whole, room)
            text = encode(Snapshot(position=board.position, board=board)).decode()
            return board.position, text, room

        return await run_in_threadpool(read)
