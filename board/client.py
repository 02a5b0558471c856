"""A Python client for the board: sign in or join, connect, send commands, await acks.

It keeps its own copy of the board, folded from the snapshot and events with the
same projection the server uses, and reconnects by itself with `after=` its last
position, resending any command not yet acknowledged (under the same id, so it is
never recorded twice).

    client = BoardClient("http://127.0.0.1:8000")
    await client.sign_in("chair", password)
    await client.connect(case_id)
    ack = await client.send(AddItem(domain=Domain.EXISTING_STRENGTHS, text="Gran helps"))
    (item_id,) = ack.created  # the ids of what the command created

Its HTTP (sign in, join, invites) goes through httpx, which keeps the session in a
cookie jar (`client.cookies`); `client.cookie` is that jar as a Cookie header, for
the websocket or any other request. The board itself never imports this module:
tests and benchmarks do, so httpx comes with the `test` extra.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit
from uuid import UUID

import httpx
import msgspec
import websockets
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from board.commands import Command
from board.practice import STAFF_ROLES, Role
from board.projections.board import Board
from board.projections.changes import apply_changes
from board.projections.visibility import Audience
from board.ws.protocol import (
    Ack,
    AnyServerFrame,
    CaughtUp,
    Error,
    Event,
    Follow,
    Goodbye,
    Lobby,
    OnWall,
    PersonPresent,
    Pong,
    Presence,
    Snapshot,
    Timer,
    Waiting,
    Welcome,
)

log = logging.getLogger(__name__)


class CommandError(Exception):
    """The server refused a command: `code` is stable, `message` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


class ClientError(Exception):
    pass


@dataclass
class _Pending:
    frame: str
    future: asyncio.Future[Ack]


class _CookieHeader:
    """`client.cookie`: the client's cookie jar as the Cookie header its server gets.

    Reading gives None while the jar holds nothing for the server; setting a header
    (another client's, say) empties the jar and fills it with those cookies.
    """

    def __get__(self, client: BoardClient | None, owner: type | None = None) -> str | None:
        if client is None:
            return None  # the field's default, as the dataclass sees it
        request = httpx.Request("GET", client._url("/"))
        client.cookies.set_cookie_header(request)
        header: str | None = request.headers.get("Cookie")
        return header

    def __set__(self, client: BoardClient, header: str | None) -> None:
        client.cookies.clear()
        pairs = [part.strip().partition("=") for part in (header or "").split(";")]
        set_cookies = [
            ("Set-Cookie", f"{name}={value}; Path=/") for name, _, value in pairs if name
        ]
        if set_cookies:  # as if the server had set them: the jar files them the same way
            request = httpx.Request("GET", client._url("/"))
            client.cookies.extract_cookies(
                httpx.Response(200, headers=set_cookies, request=request)
            )


@dataclass
class BoardClient:
    base_url: str
    origin: str | None = None  # defaults to the server's own origin, as a browser's page
    reconnect: bool = True
    # The session, kept by httpx from the server's Set-Cookie (filled before `cookie`).
    cookies: httpx.Cookies = field(default_factory=httpx.Cookies, init=False, repr=False)
    cookie: _CookieHeader = _CookieHeader()
    case_id: UUID | None = None
    screen: str = ""  # "wall": a shared screen's socket, cut for the room (docs/protocol.md)
    welcome: Welcome | None = None
    presence: list[PersonPresent] = field(default_factory=list)
    received: list[Event] = field(default_factory=list)  # every event frame, in order
    errors: list[Error] = field(default_factory=list)  # errors not tied to a command
    caught_up: CaughtUp | None = None
    goodbye: Goodbye | None = None
    close_code: int | None = None  # the server's close code, once it closed the socket
    lobby: Lobby | None = None
    follow: Follow | None = None  # what the chair last asked every screen to show
    timer: Timer | None = None
    on_wall: OnWall | None = None  # what the wall shows (walls and staff are told)
    waiting: Waiting | None = None  # a wall's: how many wait in the lobby
    on_frame: Callable[[AnyServerFrame], None] | None = None
    _socket: ClientConnection | None = None
    _reader: asyncio.Task[None] | None = None
    _reconnector: asyncio.Task[None] | None = None
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _closing: bool = False
    pongs: set[str] = field(default_factory=set)  # ids of pings answered
    # The board as the server's changes build it, as plain data (like a browser's), and
    # as a Board, made from it when asked for.
    _plain: dict[str, Any] | None = None
    _board: Board | None = None
    _decoder: msgspec.json.Decoder[AnyServerFrame] = field(
        default_factory=lambda: msgspec.json.Decoder(AnyServerFrame)
    )

    # -- HTTP: sign in, join, invite --------------------------------------------

    def _http(
        self, method: str, path: str, body: bytes, content_type: str
    ) -> tuple[int, dict[str, str], bytes]:
        """One request, redirects not followed; the jar takes any cookie it sets."""
        headers = {"Content-Type": content_type, "Origin": self._origin()}
        # Given a CookieJar (not Cookies, which it would copy), the client shares ours.
        with httpx.Client(cookies=self.cookies.jar, timeout=10) as http:
            response = http.request(method, self._url(path), content=body, headers=headers)
        return response.status_code, dict(response.headers), response.content

    def _url(self, path: str) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{path}"

    def _origin(self) -> str:
        return self.origin or self._url("")

    async def _form(self, path: str, fields: dict[str, str]) -> int:
        status, _, _ = await asyncio.to_thread(
            self._http,
            "POST",
            path,
            urlencode(fields).encode(),
            "application/x-www-form-urlencoded",
        )
        return status

    async def sign_in(self, username: str, password: str) -> None:
        if await self._form("/signin", {"username": username, "password": password}) != 303:
            raise ClientError("sign-in refused")

    async def join(self, code: str, name: str) -> None:
        if await self._form("/join", {"code": code, "name": name}) != 303:
            raise ClientError("joining refused")

    async def create_invite(
        self, case_id: UUID, role: Role | None, hours: float = 12.0, person_id: str = ""
    ) -> str:
        """A new invite's code; with `person_id`, a named invite for that person."""
        fields: dict[str, object] = {"hours": hours}
        if role is not None:
            fields["role"] = role.value
        if person_id:
            fields["person_id"] = person_id
        status, payload = await self.api("POST", f"/api/cases/{case_id}/invites", fields)
        if status != 201:
            raise ClientError(f"invite refused ({status}): {payload}")
        code: str = payload["code"]
        return code

    async def api(self, method: str, path: str, body: object = None) -> tuple[int, Any]:
        """Call the JSON API: (status, the decoded JSON answer, or None for no body)."""
        content = json.dumps(body).encode() if body is not None else b""
        status, _, payload = await asyncio.to_thread(
            self._http, method, path, content, "application/json"
        )
        return status, json.loads(payload) if payload else None

    # -- the websocket ----------------------------------------------------------

    @property
    def position(self) -> int:
        return int(self._plain["position"]) if self._plain is not None else 0

    def _ws_url(self, after: int | None) -> str:
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        query = [f"after={after}"] if after is not None else []
        if self.screen:
            query.append(f"screen={self.screen}")
        joined = f"?{'&'.join(query)}" if query else ""
        return f"{scheme}://{parts.netloc}/ws/cases/{self.case_id}{joined}"

    async def connect(self, case_id: UUID, after: int | None = None) -> None:
        """Open the connection; returns once the server has welcomed us."""
        self.case_id = case_id
        self._closing = False
        await self._open(after)

    async def _open(self, after: int | None) -> None:
        headers = {"Origin": self._origin()}
        if cookie := self.cookie:
            headers["Cookie"] = cookie
        self.welcome = None
        self.close_code = None
        self._socket = await websockets.connect(
            self._ws_url(after), additional_headers=headers, max_size=2**24, open_timeout=10
        )
        reader = self._reader = asyncio.create_task(self._read(self._socket))
        await self.wait_for(lambda: self.welcome is not None or reader.done(), timeout=10)
        if self.welcome is None:
            raise ConnectionError("the server closed the connection before welcoming us")
        for pending in self._pending.values():  # resend what was never acknowledged
            await self._socket.send(pending.frame)

    async def close(self) -> None:
        self._closing = True
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        for pending in self._pending.values():
            pending.future.cancel()
        self._pending.clear()

    async def resume(self) -> None:
        """Reconnect now, asking for what happened after our last position."""
        self._closing = False
        await self._open(self.position if self._plain is not None else None)

    async def drop(self) -> None:
        """Cut the connection abruptly, as a phone losing signal would (for tests)."""
        if self._socket is not None:
            self._socket.transport.abort()

    async def _read(self, socket: ClientConnection) -> None:
        try:
            async for raw in socket:
                self._receive(self._decoder.decode(raw))
                async with self._changed:
                    self._changed.notify_all()
        except ConnectionClosed:
            pass
        self.close_code = socket.close_code
        async with self._changed:
            self._changed.notify_all()  # wake anyone waiting on this socket
        reconnecting = self._reconnector is not None and not self._reconnector.done()
        if not self._closing and self.reconnect and self.goodbye is None and not reconnecting:
            self._reconnector = asyncio.create_task(self._reconnect())

    async def _reconnect(self) -> None:
        delay = 0.05
        while not self._closing:
            try:
                await self._open(self.position if self._plain is not None else None)
                return
            # InvalidHandshake: also a server that closed before answering the
            # upgrade (a process dying or starting, a balancer with no backend).
            except (OSError, InvalidHandshake, ConnectionClosed, TimeoutError):
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    def _receive(self, frame: AnyServerFrame) -> None:
        match frame:
            case Welcome():
                self.welcome = frame
            case Snapshot():
                self.board = frame.board
            case Event():
                self._apply(frame)
            case CaughtUp():
                self.caught_up = frame
            case Ack():
                pending = self._pending.pop(frame.id, None)
                if pending is not None and not pending.future.done():
                    pending.future.set_result(frame)
            case Error():
                pending = self._pending.pop(frame.id, None) if frame.id else None
                if pending is not None and not pending.future.done():
                    pending.future.set_exception(CommandError(frame.code, frame.message))
                else:
                    self.errors.append(frame)
            case Presence():
                self.presence = frame.people
            case Goodbye():
                self.goodbye = frame
            case Lobby():
                self.lobby = frame
            case Follow():
                self.follow = frame
            case Timer():
                self.timer = frame
            case OnWall():
                self.on_wall = frame
            case Waiting():
                self.waiting = frame
            case Pong():
                self.pongs.add(frame.id)
        if self.on_frame is not None:
            self.on_frame(frame)

    @property
    def audience(self) -> Audience:
        """Whose eyes this client's board is for (the server cuts what it sends to it)."""
        assert self.welcome is not None, "not connected yet"
        is_staff = self.welcome.role in STAFF_ROLES
        return Audience(is_staff, self.welcome.participant_id)

    @property
    def board(self) -> Board | None:
        """The board as this client holds it: the snapshot, with every event's changes
        applied as the server sent them (the same way a browser's page does)."""
        if self._board is None and self._plain is not None:
            self._board = msgspec.convert(self._plain, Board, strict=False)
        return self._board

    @board.setter
    def board(self, board: Board | None) -> None:
        self._board = board
        self._plain = msgspec.to_builtins(board) if board is not None else None

    def _apply(self, frame: Event) -> None:
        if self._plain is None or self.case_id is None:
            return
        if frame.position <= self.position:
            return  # the server never repeats itself, but a client stays safe
        self.received.append(frame)
        apply_changes(self._plain, frame.position, msgspec.to_builtins(frame.at), frame.changes)
        self._board = None

    async def send_raw(self, text: str) -> None:
        """Send any text frame, well-formed or not (for tests of the server's defences)."""
        assert self._socket is not None
        await self._socket.send(text)

    async def follow_me(self, view: str) -> None:
        """As the chair: bring every screen to this part of the board ("" to release)."""
        await self.send_raw(json.dumps({"type": "follow", "view": view}))

    async def show_on_wall(self, view: str, page: int = 0, focus: str = "", code: str = "") -> None:
        """As the chair: what every wall of the case shows (the presenter view); with the
        join screen, the open meeting's code for anyone."""
        frame = {"type": "wall", "view": view, "page": page, "focus": focus, "code": code}
        await self.send_raw(json.dumps(frame))

    async def start_timer(self, label: str, seconds: int) -> None:
        """As the chair: show a timer for an agenda item on every screen (0 stops it)."""
        await self.send_raw(json.dumps({"type": "timer", "label": label, "seconds": seconds}))

    async def send(
        self,
        command: Command,
        *,
        command_id: str | None = None,
        expected_position: int | None = None,
        timeout: float = 15.0,
    ) -> Ack:
        """Send a command and wait for its ack (its `position`, and in `created` the ids
        of what it created); raises CommandError if refused."""
        frame_id = command_id or uuid.uuid4().hex[:16]
        frame: dict[str, Any] = {
            "type": "command",
            "id": frame_id,
            "command": msgspec.to_builtins(command),
        }
        if expected_position is not None:
            frame["expected_position"] = expected_position
        text = json.dumps(frame)
        future: asyncio.Future[Ack] = asyncio.get_running_loop().create_future()
        self._pending[frame_id] = _Pending(text, future)
        if self._socket is not None:
            with contextlib.suppress(ConnectionClosed):  # resent on reconnect
                await self._socket.send(text)
        return await asyncio.wait_for(future, timeout)

    async def wait_for(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until `condition()` holds (checked after every frame)."""

        async def waiting() -> None:
            async with self._changed:
                await self._changed.wait_for(condition)

        await asyncio.wait_for(waiting(), timeout)

    async def barrier(self, timeout: float = 10.0) -> None:
        """Ping, and wait for the pong: every frame the server queued for this client
        before it read the ping has then arrived (one ordered outbox per connection).
        Proves that nothing else is on its way, without a sleep."""
        ping_id = f"barrier-{uuid.uuid4().hex[:8]}"
        await self.send_raw(json.dumps({"type": "ping", "id": ping_id}))
        await self.wait_for(lambda: ping_id in self.pongs, timeout)

    async def wait_for_position(self, position: int, timeout: float = 10.0) -> None:
        await self.wait_for(lambda: self.position >= position, timeout)
