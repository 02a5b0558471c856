"""The websocket endpoint, `/ws/cases/{case_id}?after=N`, and a shared screen's
(the wall's) `/ws/cases/{case_id}?screen=wall`.

At the door: the Origin must be this server's (board.web.origins), the session must be
staff or a guest of this case, and the case must exist; otherwise the upgrade is refused
(403). A store fault there is answered where the app is made (board.web.app). Once in,
the socket's life is handed to the board's protocol (board.ws.direct.hand_over), which
runs it after the app has returned: an idle screen holds none of the middleware, the
request or the handshake's headers that let it in (~12 KiB a screen, not ~33).
Inside: each frame is size-checked, rate-limited and decoded; a bad one gets an
`error` for this client alone and the connection stays open. A command is run by
the application in a worker thread, with the others that arrived together
(board.ws.command_queue): once its events are committed they reach every
screen through the hub, and then the sender gets its `ack`.

A wall is opened by staff (present mode) and shows the room's cut of the board, not
theirs: the family's whenever the family may be in the room (board.projections.
visibility.room_audience), decided afresh with every board it is sent. It only
shows: its commands are refused (the chair's own screen sends them).

The session a socket opened with is checked again while it is open: at every command
(its time), by the application as it decides the command (a guest in the open
meeting, staff allocated to the case: board.application.writer's Sender), and by one
watch per process (`watch_sessions`) every SESSIONS_CHECKED_EVERY seconds: a member of
staff whose account was disabled, whose password was changed or who signed out, and any
session whose time is up, are told goodbye with the reason and closed. The accounts are
read from the store, so this holds on every process, whichever changed them (the
command line, the accounts API of any process).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from datetime import UTC, datetime, timedelta
from uuid import UUID

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocket, WebSocketDisconnect

from board.application.errors import NoSuchCase, Unavailable
from board.application.records import StaffAccount
from board.application.service import BoardApplication
from board.application.writer import Request, Sender
from board.commands import FACILITATING_ROLES, Command, CommandRefused, JoinMeeting
from board.events import created_ids
from board.text import text_problem
from board.web import gate
from board.web.auth import session_ends
from board.web.gate import (
    NO_SUCH_CASE,
    CaseAccess,
    Refusal,
    admitted_guest,
    open_case,
)
from board.web.join_code import CODE, NOT_FOR_THE_WALL, for_anyone_now
from board.web.limits import TokenBucket
from board.web.services import Services
from board.web.viewers import Guest, Staff
from board.ws.connection import Connection, ConnectionState, Outgoing, Send
from board.ws.direct import DirectSocket, hand_over
from board.ws.hub import welcome_text
from board.ws.protocol import (
    MAX_WALL_PAGES,
    WALL_VIEWS,
    Ack,
    AnyClientFrame,
    CommandFrame,
    Error,
    Follow,
    FollowMe,
    FrameError,
    GoodbyeCode,
    Lobby,
    OnWall,
    Ping,
    Pong,
    ShowOnWall,
    StartTimer,
    Timer,
    WallFitted,
    decode_client_frame,
    encode,
    unread_frame_id,
)

log = logging.getLogger(__name__)

FRAMES_PER_SECOND = 20
FRAME_BURST = 40
UNAVAILABLE = (
    "The board cannot reach its database just now, so nothing was saved. "
    "Please try again in a moment."
)
SESSIONS_CHECKED_EVERY = 0.25  # seconds: a session ended elsewhere closes within ~2 of these
ACCOUNT_DISABLED = "Your account has been disabled, so this screen has been closed."
SIGNED_OUT = (
    "You have been signed out (your password was changed, or you signed out on another "
    "device). Please sign in again."
)
WALL_ONLY_SHOWS = "The wall only shows the board: change it from the chair's own screen."
NOT_A_WALL = "Only a wall says how many pages its view takes."
SESSION_EXPIRED = "Your session has ended. Please sign in again, or ask the chair for a new code."


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
    if after is not None and access.is_guest:
        # A guest holds ranks (board.projections.guest_ranks): theirs is where that
        # rank stands, just before the next event they see.
        ranks = await run_in_threadpool(services.application.ranks, access.case_id)
        after = ranks.last_position(min(after, ranks.count))
    screen = websocket.query_params.get("screen")
    wall = screen == "wall"
    if screen is not None and (not wall or access.staff is None):
        await websocket.close(code=1008)  # no such screen; a wall is staff's to put up
        return

    await websocket.accept()
    staff = access.staff
    epoch = websocket.session.get("epoch")
    connection = Connection(
        websocket=websocket,
        case_id=access.case_id,
        who=access.viewer.who,
        state=ConnectionState.LOBBY,
        is_guest=access.is_guest,
        direct=DirectSocket.of(websocket.scope),
        invited_as=(access.viewer.person_id or "") if isinstance(access.viewer, Guest) else "",
        username=staff.username if staff is not None else "",
        session_epoch=epoch if isinstance(epoch, int) else -1,
        session_ends=session_ends(websocket.session, datetime.now(UTC)),
        joined_as=access.viewer.joined_as if isinstance(access.viewer, Guest) else "",
        wall=wall,
    )
    if wall:
        after = None  # a wall always starts from the board, cut for the room as it is
    admitted = access.admitted
    if isinstance(access.viewer, Guest) and not admitted:
        # Asked again now, just before joining the room: the chair may have let them
        # in while the connection opened, and the room hears only what follows.
        guest, admitted = await admitted_guest(services, access.viewer)
        connection.who = guest.who
    elif isinstance(access.viewer, Staff) and not wall:
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
    life = functools.partial(_live, services, connection)
    if not hand_over(websocket, life, functools.partial(_leave, services, connection)):
        await life()  # not the board's own protocol: it lives under the stack


def _leave(services: Services, connection: Connection) -> None:
    """The socket is closed: its screen leaves the hub (at the end of its life, or
    instead of it if the app failed after handing it over)."""
    connection.state = ConnectionState.CLOSED
    services.hub.leave(connection)


async def _live(services: Services, connection: Connection) -> None:
    """An accepted socket's life, from its welcome to its close: run by the board's
    protocol once the app has returned (board.ws.direct.hand_over), so the middleware
    that let it in is not held by every idle screen."""
    if connection.direct is not None:
        connection.websocket = connection.direct  # the protocol's own send and receive
    connection.start(services.feed)
    try:
        await _receive(services, connection)
    except (NoSuchCase, Unavailable) as error:
        # Said as the app's handlers say them under the stack (board.web.app).
        if isinstance(error, Unavailable):
            log.warning("the store is unavailable: %s", type(error.__cause__).__name__)
        refusal = NO_SUCH_CASE if isinstance(error, NoSuchCase) else gate.UNAVAILABLE
        with contextlib.suppress(Exception):
            await connection.websocket.close(
                code=1008 if refusal is NO_SUCH_CASE else 1011, reason=refusal.message[:120]
            )
    finally:
        _leave(services, connection)
        sender, connection.sender = connection.sender, None
        if sender is not None:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await sender
            # Its exception's traceback holds its frame, which holds the connection:
            # a cycle that would keep the whole connection for the garbage collector.
            del sender


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
                _error(
                    unread_frame_id(raw),
                    "rate_limited",
                    "Too many messages at once; this one was not read.",
                )
            )
            continue
        try:
            frame = decode_client_frame(raw)
        except FrameError as error:
            connection.offer(_error(error.frame_id, error.code, error.message))
            continue
        await _handle(services, connection, frame)


async def _handle(services: Services, connection: Connection, frame: AnyClientFrame) -> None:
    if connection.ends_after is not None:
        return  # told goodbye: closing, and nothing it sent now is run
    match frame:
        case Ping():
            connection.send_own(encode(Pong(id=frame.id)))
        case WallFitted() if connection.wall:
            _wall_fitted(services, connection, frame)
        case WallFitted():
            connection.offer(_error(None, "not_a_wall", NOT_A_WALL))
        case CommandFrame() | FollowMe() | StartTimer() | ShowOnWall() if connection.wall:
            frame_id = frame.id if isinstance(frame, CommandFrame) else None
            connection.offer(_error(frame_id, "wall_only_shows", WALL_ONLY_SHOWS))
        case CommandFrame():
            await _run_command(services, connection, frame)
        case ShowOnWall():
            await _show_on_wall(services, connection, frame)
        case FollowMe() | StartTimer():
            _facilitate(services, connection, frame)


FACILITATION_TEXT_LIMIT = 100
MAX_TIMER_SECONDS = 4 * 3600


def _facilitates(connection: Connection) -> bool:
    """Whether this screen is the chair's (or another facilitator's), let in."""
    if connection.state is ConnectionState.LIVE and connection.who.role in FACILITATING_ROLES:
        return True
    connection.offer(_error(None, "forbidden", "Only the chair can do this."))
    return False


def _facilitate(services: Services, connection: Connection, frame: FollowMe | StartTimer) -> None:
    """The chair's "follow me" and agenda timer: shown on every screen, not recorded."""
    if not _facilitates(connection):
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


async def _show_on_wall(services: Services, connection: Connection, frame: ShowOnWall) -> None:
    """The presenter view moves the wall: every wall of the case, on any process, shows
    it; the pages the wall said its view takes are kept while the view stays. A code
    goes on the wall only if it is the open meeting's code for anyone."""
    if not _facilitates(connection):
        return
    if frame.view not in WALL_VIEWS:
        connection.offer(
            _error(None, "unknown_view", f"The wall has no view called {frame.view[:40]!r}.")
        )
        return
    if len(frame.focus) > FACILITATION_TEXT_LIMIT or not 0 <= frame.page < MAX_WALL_PAGES:
        connection.offer(
            _error(None, "invalid", "Show a page from 0 to 999, and a card by its short id.")
        )
        return
    problem = text_problem("focus", frame.focus, multiline=False) if frame.focus else None
    if problem is not None:
        connection.offer(_error(None, *problem))
        return
    code = frame.code.strip().upper().replace("-", "")
    if code and not (
        frame.view == "join"
        and CODE.fullmatch(code)
        and await _for_anyone_now(services, connection, code)
    ):
        connection.offer(_error(None, "not_for_the_wall", NOT_FOR_THE_WALL))
        return
    now = services.hub.on_wall(connection.case_id)
    same = now is not None and (now.view, now.focus) == (frame.view, frame.focus)
    pages = now.pages if now is not None and same else 0
    page = min(frame.page, pages - 1) if pages else frame.page
    shown = OnWall(
        view=frame.view,
        page=page,
        focus=frame.focus,
        pages=pages,
        by=connection.who.name,
        code=f"{code[:4]}-{code[4:]}" if code else "",  # as people read it: KQ7M-2XPD
    )
    services.hub.facilitate(connection.case_id, "wall", encode(shown).decode())


async def _for_anyone_now(services: Services, connection: Connection, code: str) -> bool:
    try:
        return await run_in_threadpool(for_anyone_now, services, connection.case_id, code)
    except (Unavailable, NoSuchCase):
        return False


def _wall_fitted(services: Services, connection: Connection, frame: WallFitted) -> None:
    """A wall's count of pages for what it shows, told to the presenter (a count for a
    view the chair has moved on from is old news, and dropped)."""
    now = services.hub.on_wall(connection.case_id)
    if now is None or (now.view, now.focus) != (frame.view, frame.focus):
        return
    if not 1 <= frame.pages <= MAX_WALL_PAGES:
        connection.offer(_error(None, "invalid", "A wall has 1 to 1,000 pages."))
        return
    if frame.pages == now.pages:
        return
    fitted = OnWall(
        view=now.view,
        page=min(now.page, frame.pages - 1),
        focus=now.focus,
        pages=frame.pages,
        by=now.by,
        code=now.code,
    )
    services.hub.facilitate(connection.case_id, "wall", encode(fitted).decode())


def session_over(
    connection: Connection, accounts: dict[str, StaffAccount] | None, now: datetime
) -> tuple[GoodbyeCode, str] | None:
    """Why the session the connection opened with is over, or None: its time is up;
    for staff (when `accounts` are given), their account was disabled, or its session
    number moved on (a new password, signing out)."""
    if connection.session_ends is not None and now >= connection.session_ends:
        return "session_expired", SESSION_EXPIRED
    if accounts is None or connection.is_guest:
        return None
    account = accounts.get(connection.username)
    if account is None or not account.enabled:
        return "account_disabled", ACCOUNT_DISABLED
    if account.session_epoch != connection.session_epoch:
        return "signed_out", SIGNED_OUT
    return None


async def watch_sessions(services: Services) -> None:
    """Every SESSIONS_CHECKED_EVERY seconds, end each connection of this process whose
    session is over (session_over): idle ones too. Staff accounts are read afresh from
    the store when any staff are connected; a store that cannot be read ends nobody."""
    while True:
        await asyncio.sleep(SESSIONS_CHECKED_EVERY)
        try:
            await _end_sessions_that_are_over(services)
        except Exception as error:  # the watch goes on whatever one round met
            log.warning("the sessions' watch failed a round: %s", type(error).__name__)


async def _end_sessions_that_are_over(services: Services) -> None:
    connections = [c for c in services.hub.connections() if c.ends_after is None]
    if not connections:
        return
    accounts: dict[str, StaffAccount] | None = None
    if any(not c.is_guest for c in connections):
        try:
            accounts = await run_in_threadpool(services.staff_accounts, SESSIONS_CHECKED_EVERY)
        except Exception as error:  # the store away: check the time alone, try again
            log.warning("could not read the staff accounts: %s", type(error).__name__)
    now = datetime.now(UTC)
    for connection in connections:
        over = session_over(connection, accounts, now)
        if over is not None:
            services.hub.dismiss(connection, *over)


async def _run_command(services: Services, connection: Connection, frame: CommandFrame) -> None:
    over = session_over(connection, None, datetime.now(UTC))
    if over is not None:
        connection.offer(_error(frame.id, over[0], over[1]))
        services.hub.dismiss(connection, *over)
        return
    if connection.state is not ConnectionState.LIVE:
        connection.offer(
            _error(frame.id, "not_admitted", "Please wait until the chair lets you in.")
        )
        return
    app = services.application
    command: Command = frame.command
    expected = frame.expected_position
    if connection.is_guest:
        # A guest's positions are ranks: mapped to real ones before the command joins
        # the queue (on a worker thread: the case's ranks may need a read).
        command, expected = await run_in_threadpool(
            _from_ranks, app, connection.case_id, command, expected
        )
    request = Request(
        connection.case_id,
        command,
        connection.who,
        command_id=frame.id,
        expected_position=expected,
        sender=Sender.of_guest(connection.joined_as)
        if connection.is_guest
        else Sender.of_staff(connection.username),
    )
    try:
        events = await services.command_queue.run(request)
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
    if connection.is_guest:
        position = await services.feed.rank(connection.case_id, position)
    created = created_ids(event.fact for event in events)
    connection.send_own(encode(Ack(id=frame.id, position=position, created=created)))


def _from_ranks(
    app: BoardApplication, case_id: UUID, command: Command, expected: int | None
) -> tuple[Command, int | None]:
    """A guest's command with the positions they sent (`expected_position`,
    `based_on`) mapped from ranks (board.projections.guest_ranks) to where that rank
    stands, just before the next event they see."""
    ranks = app.ranks(case_id)
    if expected is not None:
        # Past their last rank (or below none) is no board they held: stale.
        expected = ranks.last_position(expected) if 0 <= expected <= ranks.count else -1
    based_on = getattr(command, "based_on", None)
    if type(based_on) is int:
        # A rank they never held: as if their copy were from the start (refused as
        # changed since, never taken as current).
        real = ranks.last_position(based_on) if 0 <= based_on <= ranks.count else 0
        command = msgspec.structs.replace(command, based_on=real)
    return command, expected
