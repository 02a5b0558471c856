"""The websocket endpoint, `/ws/cases/{case_id}?after=N`.

At the door: the Origin must be this server's (board.web.origins), the session must be
staff or a guest of this case, and the case must exist; otherwise the upgrade is refused
(403). A store fault there is answered where the app is made (board.web.app).
Inside: each frame is size-checked, rate-limited and decoded; a bad one gets an
`error` for this client alone and the connection stays open. A command is run by
the application in a worker thread: once its events are committed they reach every
screen through the hub, and then the sender gets its `ack`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket, WebSocketDisconnect

from board.application.errors import NoSuchCase, Unavailable
from board.commands import FACILITATING_ROLES, CommandRefused, JoinMeeting
from board.events import created_ids
from board.text import text_problem
from board.web.gate import CaseAccess, Refusal, admitted_guest, open_case
from board.web.limits import TokenBucket
from board.web.services import Services
from board.web.viewers import Guest, Staff
from board.ws.connection import Connection, ConnectionState, Outgoing, Send
from board.ws.direct import DirectSocket
from board.ws.hub import welcome_text
from board.ws.protocol import (
    Ack,
    AnyClientFrame,
    CommandFrame,
    Error,
    Follow,
    FollowMe,
    FrameError,
    Lobby,
    Ping,
    Pong,
    StartTimer,
    Timer,
    decode_client_frame,
    encode,
)

log = logging.getLogger(__name__)

FRAMES_PER_SECOND = 20
FRAME_BURST = 40
UNAVAILABLE = (
    "The board cannot reach its database just now, so nothing was saved. "
    "Please try again in a moment."
)


def _error(frame_id: str | None, code: str, message: str) -> Outgoing:
    return Outgoing(Send.FRAME, encode(Error(id=frame_id, code=code, message=message)).decode())


async def case_socket(websocket: WebSocket) -> None:
    services: Services = websocket.app.state.services
    try:
        access = await open_case(services, websocket, may_wait=True)
        head = await run_in_threadpool(services.application.head, access.case_id)
    except Refusal:
        await websocket.close(code=1008)  # "not yours" and "no such case" said the same way
        return
    after = _after(websocket.query_params.get("after"), head)

    await websocket.accept()
    connection = Connection(
        websocket=websocket,
        case_id=access.case_id,
        who=access.viewer.who,
        state=ConnectionState.LOBBY,
        is_guest=access.is_guest,
        direct=DirectSocket.of(websocket.scope),
        invited_as=(access.viewer.person_id or "") if isinstance(access.viewer, Guest) else "",
        joined_as=access.viewer.joined_as if isinstance(access.viewer, Guest) else "",
    )
    admitted = access.admitted
    if isinstance(access.viewer, Guest) and not admitted:
        # Asked again now, just before joining the room: the chair may have let them
        # in while the connection opened, and the room hears only what follows.
        guest, admitted = await admitted_guest(services, access.viewer)
        connection.who = guest.who
    elif isinstance(access.viewer, Staff):
        await _staff_join(services, access)
    # Join and queue the first frames with no await in between, so nothing live can
    # slip in ahead of the catch-up.
    if admitted:
        connection.state = ConnectionState.LIVE
        connection.offer(Outgoing(Send.FRAME, welcome_text(connection, admitted=True)))
        if after is None:
            connection.offer(Outgoing(Send.SNAPSHOT))
        else:
            connection.last_position = after
            connection.offer(Outgoing(Send.CATCH_UP))
        services.hub.send_facilitation(connection)
    else:
        connection.offer(Outgoing(Send.FRAME, welcome_text(connection, admitted=False)))
        waiting = Lobby(message="Please wait. The chair will let you in to the meeting soon.")
        connection.offer(Outgoing(Send.FRAME, encode(waiting).decode()))
    services.hub.join(connection)
    sender = asyncio.create_task(connection.send_loop(services.feed))
    try:
        await _receive(services, connection)
    finally:
        connection.state = ConnectionState.CLOSED
        services.hub.leave(connection)
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await sender


async def _staff_join(services: Services, access: CaseAccess) -> None:
    """Staff who open the case while a meeting is open are among who was there."""
    try:
        board = await run_in_threadpool(services.application.board, access.case_id)
        meeting = board.open_meeting
        there = meeting.participants.get(access.viewer.who.participant_id) if meeting else None
        if meeting is None or (there is not None and there.present):
            return
        await run_in_threadpool(
            services.application.execute, access.case_id, JoinMeeting(), access.viewer.who
        )
    except (CommandRefused, Unavailable, NoSuchCase):
        return  # the meeting closed meanwhile, or the store is away: they can still look


def _after(value: str | None, head: int) -> int | None:
    """The client's last position; None (send the whole board) if absent or nonsense."""
    if value is None or not (value.isascii() and value.isdigit()):
        return None  # "²" and "٣" are digits to Python, but no position
    if len(value) > 18:
        return head  # past any case's end (and more digits than int() will read)
    return min(int(value), head)


async def _receive(services: Services, connection: Connection) -> None:
    bucket = TokenBucket(FRAMES_PER_SECOND, FRAME_BURST)
    websocket = connection.websocket
    while True:
        try:
            message = await websocket.receive()
        except (WebSocketDisconnect, RuntimeError):
            return
        if message["type"] == "websocket.disconnect":
            return
        if connection.overflowed:
            return
        raw = message.get("text")
        if raw is None:
            connection.offer(
                _error(None, "binary_not_supported", "Send JSON text frames, not binary ones.")
            )
            continue
        if not bucket.allow():
            connection.offer(
                _error(None, "rate_limited", "Too many messages at once; this one was not read.")
            )
            continue
        try:
            frame = decode_client_frame(raw)
        except FrameError as error:
            connection.offer(_error(error.frame_id, error.code, error.message))
            continue
        await _handle(services, connection, frame)


async def _handle(services: Services, connection: Connection, frame: AnyClientFrame) -> None:
    match frame:
        case Ping():
            connection.offer(Outgoing(Send.FRAME, encode(Pong(id=frame.id)).decode()))
        case CommandFrame():
            await _run_command(services, connection, frame)
        case FollowMe() | StartTimer():
            _facilitate(services, connection, frame)


FACILITATION_TEXT_LIMIT = 100
MAX_TIMER_SECONDS = 4 * 3600


def _facilitate(services: Services, connection: Connection, frame: FollowMe | StartTimer) -> None:
    """The chair's "follow me" and agenda timer: shown on every screen, not recorded."""
    if (
        connection.state is not ConnectionState.LIVE
        or connection.who.role not in FACILITATING_ROLES
    ):
        connection.offer(_error(None, "forbidden", "Only the chair can do this."))
        return
    if isinstance(frame, FollowMe):
        if len(frame.view) > FACILITATION_TEXT_LIMIT:
            connection.offer(_error(None, "text_too_long", "That view name is too long."))
            return
        problem = text_problem("view", frame.view, multiline=False)
        if problem is not None:
            connection.offer(_error(None, *problem))
            return
        text = encode(Follow(view=frame.view, by=connection.who.name)).decode()
        services.hub.facilitate(connection.case_id, "follow", text)
        return
    label = " ".join(frame.label.split())
    problem = text_problem("timer label", label, multiline=False)
    if problem is not None:
        connection.offer(_error(None, *problem))
        return
    if len(label) > FACILITATION_TEXT_LIMIT or not 0 <= frame.seconds <= MAX_TIMER_SECONDS:
        connection.offer(
            _error(None, "invalid", "A timer needs a short label and 0 to 14,400 seconds.")
        )
        return
    now = datetime.now(UTC)
    ends_at = now + timedelta(seconds=frame.seconds) if frame.seconds else None
    timer = Timer(label=label, seconds=frame.seconds, ends_at=ends_at, server_now=now)
    text = encode(timer).decode()
    services.hub.facilitate(connection.case_id, "timer", text)


async def _run_command(services: Services, connection: Connection, frame: CommandFrame) -> None:
    if connection.state is not ConnectionState.LIVE:
        connection.offer(
            _error(frame.id, "not_admitted", "Please wait until the chair lets you in.")
        )
        return
    try:
        events = await run_in_threadpool(
            services.application.execute,
            connection.case_id,
            frame.command,
            connection.who,
            command_id=frame.id,
            expected_position=frame.expected_position,
        )
    except CommandRefused as refused:
        connection.offer(_error(frame.id, refused.code, refused.message))
        return
    except Unavailable as error:
        log.warning("store unavailable for a command: %s", type(error.__cause__).__name__)
        connection.offer(_error(frame.id, "unavailable", UNAVAILABLE))
        return
    except NoSuchCase:
        connection.offer(_error(frame.id, "case_erased", "This case has been erased."))
        return
    # The events were handed to the hub before execute returned, so the sender's own
    # screen has them queued ahead of this ack.
    position = events[-1].position if events else 0
    created = created_ids(event.fact for event in events)
    ack = Ack(id=frame.id, position=position, created=created)
    connection.offer(Outgoing(Send.FRAME, encode(ack).decode()))
