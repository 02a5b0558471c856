"""Writing a frame built once straight to many sockets.

A relay sends the same bytes to every client; so can the board. uvicorn's own
websocket protocol (websockets, sans-I/O) is subclassed only to put itself in the
ASGI scope, so the hub can write a finished frame to a socket's transport without an
ASGI send, a task wake-up or a frame built per screen. Where the socket cannot take
it at once (its buffer is full, it is closing, it compresses), the frame goes the
ordinary way.

A closed connection is freed by reference counting alone, not left for the garbage
collector (whose full collections pause every screen for ~0.1 ms per open connection):
the scope names the protocol through a weak reference, and the transport's own cycle
is broken when the connection is lost (`release_transport`).

An idle connection holds as little as it can (memory per connection, issue 24): the
app checks the socket at the door through the whole ASGI stack (the Host and Origin
checks, the session, the gate: board.web.app, board.web.socket), accepts it, and hands
the rest of its life to the protocol (`hand_over`), which runs it once the stack has
returned. So no middleware's frame, request object or send wrapper stays on the stack
of every idle screen, and neither does the scope's copy of the handshake's headers.
"""

from __future__ import annotations

import socket
import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast

from starlette.websockets import WebSocket
from uvicorn.protocols.utils import ClientDisconnected
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import State
from websockets.server import ServerProtocol

from board.ws.inbox import Flag, Inbox

SCOPE_KEY = "board.direct"
LIFE_KEY = "board.life"  # the socket's life after the door, run by the protocol
# The kernel's send buffer per socket (Linux doubles it). Left alone, it grows to
# 4 MiB for a screen that stops reading: memory outside any limit of ours, and time in
# which the board cannot tell the screen is behind. Past this, the protocol pauses
# and the screen reads its events from the case's recent ones or the store.
SEND_BUFFER = 128 * 1024
# Messages received and not yet read by the app before the socket stops being read.
# uvicorn stops after each one and starts again when the app reads it: two changes to
# the event loop's epoll set (~8 µs of CPU) for every frame a screen sends. A screen
# may send 20 frames a second (board.web.socket), the app reads them one at a time;
# past this many waiting, reading pauses and TCP holds the rest back, as before.
RECEIVED_BEFORE_PAUSE = 4


class DirectProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websocket protocol, which also names itself in the scope's extensions."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.queue = cast(Any, Inbox())  # board.ws.inbox: ~3.8 KiB less a connection
        self.writable = cast(Any, Flag(True))

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
            restart_parser(self.conn)

    def handle_connect(self, event: Any) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)
        if scope is not None:
            # Weak: the protocol holds the scope, so a strong reference back is a cycle.
            extensions = cast(dict[str, Any], scope).setdefault("extensions", {})
            extensions[SCOPE_KEY] = weakref.ref(self)

    def send_receive_event_to_app(self) -> None:
        paused = self.read_paused
        self.read_paused = True  # so uvicorn's own pause after every message is skipped
        try:
            super().send_receive_event_to_app()
        finally:
            self.read_paused = paused
        # Reading resumes when the app has read them all (uvicorn's `receive`).
        if not paused and self.queue.qsize() >= RECEIVED_BEFORE_PAUSE:
            self.read_paused = True
            self.transport.pause_reading()

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        release_transport(self.transport)
        # websockets' parser is a generator of the connection's, which holds the
        # connection: a cycle, until it reads an end of stream nobody feeds it now.
        self.conn.parser.close()

    async def run_asgi(self) -> None:
        """uvicorn's, but once the app has returned, the life it handed over (if any)
        runs here, with the middleware's frames and the scope let go."""
        extensions = cast(dict[str, Any], self.scope.get("extensions") or {})
        try:
            result = await self.app(self.scope, self.receive, self.send)
            handed: HandedOver | None = extensions.get(LIFE_KEY)
            if handed is not None and result is None:
                del extensions[LIFE_KEY]
                # The headers, the session and the rest were read at the door.
                self.scope = cast(Any, {"type": "websocket"})
                await handed.life()
        except ClientDisconnected:
            pass
        except BaseException:
            self.logger.exception("Exception in ASGI application\n")
            self.send_500_response()
        else:
            if not self.handshake_complete:
                self.logger.error("ASGI callable returned without completing handshake.")
                self.send_500_response()
            elif result is not None:
                self.logger.error("ASGI callable should return None, but returned '%s'.", result)
        finally:
            # Handed over, but the app failed on its way out: the life never runs, so
            # the connection it would have ended leaves the hub here (no ghost screen).
            unlived: HandedOver | None = extensions.pop(LIFE_KEY, None)
            if unlived is not None:
                unlived.abandon()
        if self.close_timer is None:
            self.transport.close()


def release_transport(transport: Any) -> None:
    """asyncio's socket transport holds its own bound method (`_read_ready_cb`): a cycle
    that only the collector frees, with the socket, the protocol and all they hold.
    Nothing reads a lost connection, so the method is let go."""
    if getattr(transport, "_read_ready_cb", None) is not None:
        transport._read_ready_cb = None


def restart_parser(conn: ServerProtocol) -> None:
    """websockets' parser of a server connection is one generator from the handshake
    on, and its frame keeps the request it parsed (its headers, ~3 KiB) for the socket's
    life. Once the response is sent, a parser at the start of a frame with nothing
    buffered is replaced by a fresh one, in the same place, without the request. (A
    client sends nothing before the response, RFC 6455 4.1; one that did keeps the old.)"""
    old = conn.parser
    inner = getattr(old, "gi_yieldfrom", None)  # websockets' Protocol.parse
    waiting = getattr(inner, "gi_yieldfrom", None)  # the reader, waiting for a frame
    at_start = getattr(getattr(waiting, "gi_code", None), "co_name", "") == "at_eof"
    if conn.state is not State.OPEN or not at_start or conn.reader.buffer:
        return
    conn.parser = conn.parse()
    next(conn.parser)
    old.close()


@dataclass(frozen=True, slots=True)
class HandedOver:
    """An accepted socket's life, and what to do instead if it never runs."""

    life: Callable[[], Awaitable[None]]
    abandon: Callable[[], None]


def hand_over(
    websocket: WebSocket, life: Callable[[], Awaitable[None]], abandon: Callable[[], None]
) -> bool:
    """Ask the board's protocol to run an accepted socket's `life` once the app has
    returned (or `abandon` if the app fails before then); False if it is not the
    board's protocol (the app runs it itself)."""
    extensions = websocket.scope.get("extensions") or {}
    if not isinstance(extensions.get(SCOPE_KEY), weakref.ref):
        return False
    extensions[LIFE_KEY] = HandedOver(life, abandon)
    return True


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
        ref = scope.get("extensions", {}).get(SCOPE_KEY)
        protocol = ref() if isinstance(ref, weakref.ref) else None
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

    # The connection's socket once its life is handed over (board.web.socket): ASGI
    # messages to and from the protocol itself, not through starlette's WebSocket and
    # the middleware's wrappers around its send, which the scope and request hold.
    async def send_text(self, data: str) -> None:
        await self.protocol.send({"type": "websocket.send", "text": data})

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self.protocol.send({"type": "websocket.close", "code": code, "reason": reason or ""})

    async def receive(self) -> Any:
        return await self.protocol.receive()

    async def writable(self) -> bool:
        """Wait until the socket's buffer has room; False if it can no longer take frames."""
        await self.protocol.writable.wait()
        return self.ready()
