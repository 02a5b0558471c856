"""A screen whose sending fails (the store away a moment during its catch-up) is closed,
so it reconnects and catches up; it is never left open looking current while nothing
more is sent to it."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import uuid4

from board.application.errors import Unavailable
from board.events import Author
from board.practice import Role
from board.ws.connection import Connection, ConnectionState, Outgoing, Send


class Socket:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self.closed: int | None = None

    async def send_text(self, data: str) -> None:
        self.sent.append(data)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        self.closed = code


class StoreAway:
    async def head(self, case_id: Any) -> int:
        raise Unavailable("the store is away")


def test_a_screen_whose_catch_up_failed_is_closed_to_reconnect() -> None:
    async def scenario() -> Socket:
        socket = Socket()
        connection = Connection(
            websocket=socket,  # type: ignore[arg-type]
            case_id=uuid4(),
            who=Author("staff-chair", "Sam Reid", Role.CHAIR),
            state=ConnectionState.LIVE,
            is_guest=False,
        )
        connection.offer(Outgoing(Send.CATCH_UP))
        connection.start(StoreAway())  # type: ignore[arg-type]
        sender = connection.sender
        assert sender is not None
        await sender  # the barrier: the sender has ended
        return socket

    socket = asyncio.run(scenario())
    assert socket.sent == []
    assert socket.closed == 1011
