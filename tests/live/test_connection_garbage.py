"""A closed connection leaves nothing for the garbage collector (issue 24, item 3).

With 10,000 screens open, a full collection walks every tracked object: ~0.1 ms per
connection, so the p99 is whichever collection falls among the edits. Connections
whose cycles are broken when they close are freed by reference counting alone, and
what the collector has to walk does not grow with closed ones.

The server runs in this process (uvicorn, the board's own protocols), so its objects can
be watched; the screen is a plain blocking socket in a thread, which makes no garbage
of its own. The collector is off while the connection opens and closes: what is freed
was freed by reference counting.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import os
import socket
import struct
import types
import weakref
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest
import uvicorn
from live import STAFF_PASSWORD, free_port, prepare_store

from board.cli.serve import uvicorn_config
from board.client import BoardClient
from board.settings import Settings
from board.web import collector
from board.web import socket as socket_module
from board.web.services import Services

SERVER_SIDE = ("board", "uvicorn", "starlette", "websockets", "asyncio", "socket", "h11")


@dataclass
class InProcess:
    server: uvicorn.Server
    services: Services
    port: int
    case_id: UUID
    cookie: str

    def quiet(self) -> bool:
        """No connection left in the hub or in uvicorn, and no request running."""
        state = self.server.server_state
        return not (self.services.hub.connections() or state.connections or state.tasks)


@pytest.fixture
async def in_process(tmp_path: Path) -> AsyncIterator[InProcess]:
    store = str(tmp_path / "board.sqlite3")
    case_id = prepare_store(store)
    port = free_port()
    settings = Settings(store=store, secret="s" * 40, host="127.0.0.1", port=port)
    config = uvicorn_config(settings, log_level="warning")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    await until(lambda: server.started, "the server did not start")
    client = BoardClient(f"http://127.0.0.1:{port}")
    await client.sign_in("chair", STAFF_PASSWORD)
    yield InProcess(server, config.app.state.services, port, case_id, client.cookie or "")
    server.should_exit = True
    await serving


def upgrade_request(place: InProcess) -> bytes:
    """A browser's websocket upgrade for the case, signed in as the chair."""
    key = base64.b64encode(os.urandom(16)).decode()
    return (
        f"GET /ws/cases/{place.case_id} HTTP/1.1\r\nHost: 127.0.0.1:{place.port}\r\n"
        f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
        f"Sec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:{place.port}\r\n"
        f"Cookie: {place.cookie}\r\n\r\n"
    ).encode()


class Screen:
    """A websocket client on a blocking socket: the upgrade, one frame read, then a
    close frame (`close`) or the socket cut off with a reset (`drop`)."""

    def __init__(self, place: InProcess) -> None:
        self.sock = socket.create_connection(("127.0.0.1", place.port), timeout=10)
        self.sock.sendall(upgrade_request(place))
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self._recv()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 101"), head
        self.first_frame = self._frame()

    def _recv(self) -> bytes:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise EOFError
        return chunk

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            self.buffer += self._recv()
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def _frame(self) -> bytes:
        _, size = self._read(2)
        size &= 0x7F
        if size == 126:
            size = struct.unpack("!H", self._read(2))[0]
        elif size == 127:
            size = struct.unpack("!Q", self._read(8))[0]
        return self._read(size)

    def close(self) -> None:
        mask = os.urandom(4)
        code = struct.pack("!H", 1000)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(code))
        self.sock.sendall(bytes([0x88, 0x80 | len(code)]) + mask + masked)
        try:
            while self.sock.recv(65536):
                pass
        except OSError:
            pass
        self.sock.close()

    def drop(self) -> None:
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


def server_side(thing: object) -> bool:
    """Is this object the server's (by its type's module, or a coroutine's or frame's
    code)? The test process's own garbage (pytest's) is not this test's business."""
    code = getattr(thing, "cr_code", None) or getattr(thing, "f_code", None)
    if isinstance(thing, types.CoroutineType | types.FrameType) and code is not None:
        return any(f"/{name}/" in code.co_filename for name in SERVER_SIDE)
    return type(thing).__module__.split(".")[0] in SERVER_SIDE


async def until(condition: Callable[[], bool], failure: str) -> None:
    """Wait (10 s at most) for a condition of the server's: a barrier, not a pause."""
    for _ in range(1000):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(failure)


async def wait_until_quiet(place: InProcess) -> None:
    await until(place.quiet, "the server still holds the connection after 10 s")


@pytest.mark.parametrize("ending", ["close", "drop"])
async def test_a_closed_connection_is_freed_without_the_collector(
    in_process: InProcess, ending: str
) -> None:
    # One connection first: whatever the first one builds once (caches) is not garbage.
    screen = await asyncio.to_thread(Screen, in_process)
    await asyncio.to_thread(screen.close)
    await wait_until_quiet(in_process)
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        screen = await asyncio.to_thread(Screen, in_process)
        assert b'"type":"welcome"' in screen.first_frame
        [connection] = in_process.services.hub.connections()
        assert connection.direct is not None
        held = [weakref.ref(connection), weakref.ref(connection.direct.protocol)]
        held.append(weakref.ref(connection.direct.protocol.conn))
        del connection
        await asyncio.to_thread(getattr(screen, ending))
        await wait_until_quiet(in_process)
        still_held = [ref() for ref in held if ref() is not None]
        assert still_held == [], "kept alive by a cycle until the collector runs"
        gc.collect()
        left = [type(thing).__qualname__ for thing in gc.garbage if server_side(thing)]
        assert left == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


async def test_start_up_and_each_full_collection_freeze_what_survives(
    in_process: InProcess,
) -> None:
    assert gc.get_freeze_count() > 10_000  # the modules, routes and caches of start-up
    survivors = [[n] for n in range(1000)]  # as the screens of a meeting would be
    assert any(thing is survivors[0] for thing in gc.get_objects())
    gc.collect()
    # The full collection's survivors are frozen: the next one will not walk them.
    assert not any(thing is survivors[0] for thing in gc.get_objects())
    assert len(gc.get_objects()) < 1000


def awaiting(coroutine: object) -> list[str]:
    """The functions a task is suspended in, outermost first, by file and name."""
    chain = []
    while coroutine is not None:
        code = getattr(coroutine, "cr_code", None) or getattr(coroutine, "gi_code", None)
        if code is not None:
            chain.append(f"{code.co_filename}:{code.co_name}")
        coroutine = getattr(coroutine, "cr_await", None) or getattr(coroutine, "gi_yieldfrom", None)
    return chain


async def test_an_idle_connection_holds_nothing_of_the_door(in_process: InProcess) -> None:
    """Memory per idle connection (issue 24, item 3): what let the socket in (the
    middleware, the request, the handshake's headers) is let go once it is in, and an
    idle screen has no sender task."""
    screen = await asyncio.to_thread(Screen, in_process)
    try:
        [connection] = in_process.services.hub.connections()
        assert connection.direct is not None
        protocol = connection.direct.protocol
        await until(lambda: connection.sender is None, "the sender did not go idle")
        [task] = in_process.server.server_state.tasks  # the socket's one task
        chain = awaiting(task.get_coro())
        assert [f for f in chain if "/starlette/" in f or "/board/web/" in f] == [
            f"{Path(socket_module.__file__)}:_live",
            f"{Path(socket_module.__file__)}:_receive",
        ]
        assert connection.websocket is connection.direct  # not starlette's, nor its wrappers
        assert dict(protocol.scope) == {"type": "websocket"}  # no headers, no session
        assert "request" not in protocol.conn.parser.gi_frame.f_locals
        assert not hasattr(protocol, "request") and not hasattr(protocol, "response")
    finally:
        await asyncio.to_thread(screen.close)
    await wait_until_quiet(in_process)


# What the collector walks per idle screen (a full collection's pause grows with it):
# 152 objects before issue 24's cut (the middleware's frames, the request, the
# headers), 59 after.
TRACKED_PER_IDLE_SCREEN = 80


async def test_an_idle_connection_gives_the_collector_few_objects(in_process: InProcess) -> None:
    warm = await asyncio.to_thread(Screen, in_process)  # what the first one builds once
    collector.stop()  # so a full collection here freezes nothing
    gc.collect()
    gc.unfreeze()
    gc.collect()
    before = len(gc.get_objects())
    screens = [await asyncio.to_thread(Screen, in_process) for _ in range(20)]
    try:
        connections = in_process.services.hub.connections()
        assert len(connections) == 21
        await until(
            lambda: all(c.sender is None for c in connections), "the senders did not go idle"
        )
        gc.collect()
        per_screen = (len(gc.get_objects()) - before) / len(screens)
        assert 20 < per_screen <= TRACKED_PER_IDLE_SCREEN
    finally:
        for screen in [*screens, warm]:
            await asyncio.to_thread(screen.close)
    await wait_until_quiet(in_process)


async def test_a_socket_whose_app_fails_after_the_hand_over_leaves_no_ghost_screen(
    tmp_path: Path,
) -> None:
    """Middleware that raises on its way out, after the socket was let in and handed to
    the board's protocol: the socket's life never runs, and its connection must not stay
    in the hub as a screen that is shown present and never read."""
    store = str(tmp_path / "board.sqlite3")
    case_id = prepare_store(store)
    port = free_port()
    settings = Settings(store=store, secret="s" * 40, host="127.0.0.1", port=port)
    config = uvicorn_config(settings, log_level="critical")
    board_app = config.app
    services: Services = board_app.state.services
    joined: list[int] = []

    async def fails_on_its_way_out(scope: dict[str, object], receive: object, send: object) -> None:
        await board_app(scope, receive, send)  # type: ignore[operator]
        if scope["type"] == "websocket":
            joined.append(len(services.hub.connections()))
            raise RuntimeError("a middleware failing after the app returned")

    config.app = fails_on_its_way_out
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        await until(lambda: server.started, "the server did not start")
        client = BoardClient(f"http://127.0.0.1:{port}")
        await client.sign_in("chair", STAFF_PASSWORD)
        place = InProcess(server, services, port, case_id, client.cookie or "")
        sock = await asyncio.to_thread(_upgrade_only, place)
        try:
            await until(lambda: bool(joined), "the app never returned")
            assert joined == [1]  # the screen had joined before the failure
            await until(lambda: not services.hub.connections(), "a ghost screen stayed")
        finally:
            sock.close()
    finally:
        server.should_exit = True
        await serving


def _upgrade_only(place: InProcess) -> socket.socket:
    """Open the case's websocket and read only the upgrade's answer."""
    sock = socket.create_connection(("127.0.0.1", place.port), timeout=10)
    sock.sendall(upgrade_request(place))
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = sock.recv(65536)
        if not chunk:
            break
        answer += chunk
    assert answer.startswith(b"HTTP/1.1 101"), answer[:80]
    return sock
