"""Writing a frame built once straight to many sockets.

A relay sends the same bytes to every client; so can the board. uvicorn's own
websocket protocol (websockets, sans-I/O) is subclassed only to put itself in the
ASGI scope, so the hub can write a finished frame to a socket's transport without an
ASGI send, a task wake-up or a frame built per screen. Where the socket cannot take
it at once (its buffer is full, it is closing, it compresses), the frame goes the
ordinary way.
"""

from __future__ import annotations

import socket
from typing import Any, cast

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import State

SCOPE_KEY = "board.direct"
# The kernel's send buffer per socket (Linux doubles it). Left alone, it grows to
# 4 MiB for a screen that stops reading: memory outside any limit of ours, and time in
# which the board cannot tell the screen is behind. Past this, the protocol pauses
# and the screen reads its events from the case's recent ones or the store.
SEND_BUFFER = 128 * 1024


class DirectProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websocket protocol, which also names itself in the scope's extensions."""

    def connection_made(self, transport: Any) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        super().connection_made(transport)

    async def send(self, message: Any) -> None:
        await super().send(message)
        if message["type"] == "websocket.accept" and self.handshake_complete:
            # The handshake's request and response, their headers parsed into two
            # structures each, are not read again once the response is sent; the scope
            # keeps the headers the app reads. ~4 KiB a connection.
            for name in ("request", "response"):
                self.__dict__.pop(name, None)

    def handle_connect(self, event: Any) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)
        if scope is not None:
            cast(dict[str, Any], scope).setdefault("extensions", {})[SCOPE_KEY] = self


def frame_of(data: bytes) -> bytes:
    """A server's text frame (unmasked, uncompressed) around UTF-8 JSON."""
    return Frame(Opcode.TEXT, data).serialize(mask=False, extensions=[])


class DirectSocket:
    """One connection's way around the ASGI send, for frames built once."""

    __slots__ = ("protocol",)

    def __init__(self, protocol: DirectProtocol) -> None:
        self.protocol = protocol

    @classmethod
    def of(cls, scope: Any) -> DirectSocket | None:
        protocol = scope.get("extensions", {}).get(SCOPE_KEY)
        return cls(protocol) if isinstance(protocol, DirectProtocol) else None

    def ready(self) -> bool:
        """Can a frame go out now without queueing behind a full buffer?"""
        protocol = self.protocol
        return (
            protocol.writable.is_set()
            and not protocol.close_sent
            and not protocol.disconnected
            and protocol.conn.state is State.OPEN
            and not protocol.conn.extensions  # a compressing socket frames its own
            and not protocol.transport.is_closing()
        )

    def write(self, frame: bytes) -> None:
        self.protocol.transport.write(frame)

    async def writable(self) -> bool:
        """Wait until the socket's buffer has room; False if it can no longer take frames."""
        await self.protocol.writable.wait()
        return self.ready()
