"""One websocket connection: who it is, what it has been sent, and its ordered outbox.

A live event goes straight to the socket, as the same bytes every screen of its
audience gets, when nothing is ahead of it: the outbox is empty, it has no sender,
the event is the next position, and the socket's buffer has room. Otherwise the
outbox gets one `LIVE` mark, and its sender (one task while the outbox has anything,
which sends it all in order) reads the events from the case's recent events; a screen
that fell out of those reads the store (it is resynced), and one that stops reading
costs nothing more than that mark while the others carry on.

Events carry their position: nothing at or below the last one sent is sent again,
and a jump is filled from the store first. That one rule makes catch-up, live
delivery, Redis and reconnects meet without a gap or a duplicate.

A guest (and a wall showing the room's cut) is sent guest ranks, not positions
(board.projections.guest_ranks): the connection still counts real positions, but an
event withheld from guests is passed over without a frame, and every frame, board and
`caught_up` it is sent says ranks.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from board import metrics
from board.events import Author
from board.projections.visibility import ANY_GUEST, Audience
from board.ws.direct import DirectSocket, frame_of
from board.ws.outbound import Outbound, Recent
from board.ws.protocol import CaughtUp, encode
from board.ws.reactions import RoomChanged

log = logging.getLogger(__name__)

OUTBOX_LIMIT = 4096  # frames; a client this far behind is dropped and catches up on return


class ConnectionState(enum.Enum):
    LOBBY = "lobby"  # waiting for the chair to admit them: is sent nothing of the case
    LIVE = "live"  # admitted: receives the board and every event
    CLOSED = "closed"


class Send(enum.Enum):
    FRAME = "frame"  # a frame as it is (welcome, ack, error, presence...)
    LIVE = "live"  # the live events after the last one sent, from the case's recent events
    CATCH_UP = "catch_up"  # send every event after the last one sent, then `caught_up`
    FILL = "fill"  # send every event after the last one sent (the store shows more)
    SNAPSHOT = "snapshot"  # send the board as it stands, and carry on from its position
    CLOSE = "close"  # send `text` (a goodbye) and close with `close_code`


@dataclass(frozen=True)
class Outgoing:
    kind: Send
    text: str = ""
    position: int = 0
    close_code: int = 1000


class Socket(Protocol):
    """What a connection sends and receives through: starlette's WebSocket at the door,
    the protocol itself once the socket's life is handed over (board.ws.direct)."""

    async def send_text(self, data: str) -> None: ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...

    async def receive(self) -> Any: ...


class Feed(Protocol):
    """Where a connection reads what it missed: the store, through a thread. `audience`
    is who will see it, so a guest gets only what a guest may hold."""

    async def events(
        self, case_id: UUID, after: int, upto: int | None, audience: Audience
    ) -> list[tuple[int, str]]:
        """(position, event frame text) for after < position <= upto, in order."""
        ...

    async def snapshot(self, case_id: UUID, audience: Audience) -> tuple[int, str]:
        """(position, snapshot frame text) of the board now."""
        ...

    async def room_snapshot(self, case_id: UUID) -> tuple[int, str, Audience]:
        """(position, snapshot frame text, the room's audience) of the board now, as a
        shared screen may show it to whoever is in the room."""
        ...

    async def head(self, case_id: UUID) -> int:
        """The case's latest position."""
        ...

    async def rank(self, case_id: UUID, position: int) -> int:
        """A real position's guest rank (board.projections.guest_ranks)."""
        ...


CATCH_UP_BY_SNAPSHOT = 5000  # further behind than this, a client gets the board instead


# Slots: 10,000 screens' instance dicts of ~25 fields were ~0.7 KiB each.
@dataclass(eq=False, slots=True, weakref_slot=True)
class Connection:
    websocket: Socket
    case_id: UUID
    who: Author
    state: ConnectionState
    is_guest: bool  # joined with an invite (not staff): leaves when the meeting ends
    invited_as: str = ""  # a named invite's person, while waiting in the lobby
    # The session it was opened with, checked again at every command and by the
    # sessions' watch (board.web.socket): staff by their account and its session
    # number; everyone until the session's end.
    username: str = ""  # staff: the account's username; "" for a guest
    session_epoch: int = 0
    session_ends: datetime | None = None
    # Told goodbye: the last position it is sent (nothing after it, though the close
    # waits behind what is queued), and no command of it is run any more.
    ends_after: int | None = None
    joined_as: str = ""  # a guest device's place in the lobby (its session's own id)
    last_position: int = 0  # the last event position this client has been sent
    # A list: an asyncio.Queue would hold four deques and an Event per screen, and even
    # one empty deque is 0.6 KiB where an empty list is 56 bytes (10,000 idle screens'
    # memory). A list's pop(0) moves what is behind it: at OUTBOX_LIMIT, 32 KiB, ~1 µs.
    outbox: list[Outgoing] = field(default_factory=list)
    # The sender: a task only while there is something to send (an idle screen holds
    # no task, ~1 KiB with its frames); once it has closed the socket or failed, it
    # stays (done), so nothing more is sent.
    sender: asyncio.Task[None] | None = None
    feed: Feed | None = None  # where the sender reads what it missed; None: not started
    overflowed: bool = False
    direct: DirectSocket | None = None  # the socket, for frames built once (board.ws.direct)
    recent: Recent | None = None  # the case's latest live events (given by the hub)
    busy: bool = False  # the sender is in the middle of something
    live_queued: bool = False  # a LIVE mark is in the outbox
    resyncs: int = 0  # times this screen fell out of the recent events and read the store
    # A shared screen (the wall, opened by staff): it shows the room's cut of the board,
    # decided with each board it is sent (board.projections.visibility.room_audience),
    # never a person's own view, and sends no commands.
    wall: bool = False
    room: Audience = ANY_GUEST  # the wall's audience, as of the last board it was sent

    @property
    def participant_id(self) -> str:
        return self.who.participant_id

    @property
    def audience(self) -> Audience:
        """Whose eyes: a guest sees only what a guest may (and their own votes); a
        wall, the room's."""
        if self.wall:
            return self.room
        if self.is_guest:
            return Audience.guest(self.participant_id)
        return Audience.member_of_staff(self.participant_id)

    def offer(self, outgoing: Outgoing) -> None:
        """Queue a frame without waiting. A full outbox means the client cannot keep up:
        it is closed, and catches up from the store when it reconnects."""
        if self.state is ConnectionState.CLOSED or self.overflowed:
            return
        if len(self.outbox) >= OUTBOX_LIMIT:
            self.overflowed = True
            metrics.DROPPED.inc()
            log.warning("closing a connection that fell %d frames behind", OUTBOX_LIMIT)
        else:
            self.outbox.append(outgoing)
        if self.sender is None and self.feed is not None:
            self._start_sender(self.feed)

    def start(self, feed: Feed) -> None:
        """Send what is queued, and from now on whatever is offered, in order."""
        self.feed = feed
        if self.sender is None and (self.outbox or self.overflowed):
            self._start_sender(feed)

    def _start_sender(self, feed: Feed) -> None:
        self.busy = True
        self.sender = asyncio.get_running_loop().create_task(self._send(feed))

    def send_own(self, data: bytes) -> None:
        """A frame for this connection alone (an ack, a pong): written straight to the
        socket when nothing is ahead of it, as a live event is, without waking the
        sender; else queued behind what is."""
        direct = self._free_socket()
        if direct is not None and self.state is not ConnectionState.CLOSED:
            direct.write(frame_of(data))
            return
        self.offer(Outgoing(Send.FRAME, data.decode()))

    def _free_socket(self) -> DirectSocket | None:
        """The socket to write to at once, when nothing is ahead of a frame (the sender
        idle, nothing queued) and its buffer has room; else None."""
        direct = self.direct
        if direct is None or self.busy or self.live_queued or self.outbox or not direct.ready():
            return None
        return direct

    def take_live(self, item: Outbound) -> None:
        """A live event, from the hub: written at once when nothing is ahead of it,
        else left for the sender to read from the case's recent events."""
        if self.state is not ConnectionState.LIVE or item.position <= self.last_position:
            return  # already sent (catch-up and live overlap, or an echo)
        if self.ends_after is not None and item.position > self.ends_after:
            return  # told goodbye before this event
        direct = self._free_socket() if item.position == self.last_position + 1 else None
        data = self._data(item) if direct is not None else None
        if direct is not None and data is not None:
            if data:  # else withheld from this screen: passed over, no frame
                direct.write(item.frame_for(data))
            self.last_position = item.position
            return
        if not self.live_queued:
            self.live_queued = True
            self.offer(Outgoing(Send.LIVE))

    async def _send(self, feed: Feed) -> None:
        """Drain the outbox in order, then end (the next offer starts another sender);
        or close the socket, and end for good."""
        idle = False
        try:
            while self.state is not ConnectionState.CLOSED:
                if self.overflowed:
                    await self.websocket.close(code=1013, reason="Too far behind; reconnect")
                    return
                if not self.outbox:
                    idle = True  # no await since the check: nothing was offered unseen
                    return
                outgoing = self.outbox.pop(0)
                match outgoing.kind:
                    case Send.FRAME:
                        await self.websocket.send_text(outgoing.text)
                    case Send.LIVE:
                        try:
                            await self._send_live(feed)
                        finally:
                            # No await since the last check: nothing arrived unseen.
                            self.live_queued = False
                    case Send.CATCH_UP:
                        await self._catch_up(feed)
                    case Send.FILL:
                        await self._fill(feed, None)
                    case Send.SNAPSHOT:
                        await self._snapshot(feed)
                    case Send.CLOSE:
                        await self.websocket.send_text(outgoing.text)
                        await self.websocket.close(code=outgoing.close_code)
                        return
        except Exception as error:
            # A catch-up the store could not answer a moment, or a socket gone: a screen
            # that can no longer be sent to is closed, so it reconnects and catches up,
            # never left looking current while frozen. Only the error's kind is logged.
            log.info("sending to a screen failed: %s", type(error).__name__)
            with contextlib.suppress(Exception):
                await self.websocket.close(code=1011, reason="Try again shortly")
        finally:
            if idle:
                self.sender = None
                self.busy = False

    def _data(self, item: Outbound) -> bytes | None:
        """This screen's bytes of a live event: a wall has the room's (staff or any
        guest's, never a person's own). Empty: nothing is sent (withheld from a guest);
        None: a guest's frame this process could not rank, read from the store."""
        if self.wall:
            return item.data if self.room.staff else item.guest_data
        return item.data_for(self.participant_id, self.is_guest)

    def room_changed(self) -> None:
        """Who is in the room may have changed: a wall is sent the board again, cut for
        the room as it is now (queued behind what it has been sent)."""
        self.offer(Outgoing(Send.SNAPSHOT))

    async def _send_live(self, feed: Feed) -> None:
        """Send the case's recent events after the last one sent, in order; read the
        store for any this screen fell behind (or, over Redis, never heard)."""
        while (
            self.recent is not None
            and self.recent.head > self.last_position
            and (self.ends_after is None or self.last_position < self.ends_after)
        ):
            item = self.recent.get(self.last_position + 1)
            data = self._data(item) if item is not None else None
            if item is None or data is None:
                self.resyncs += 1
                metrics.RESYNCS.inc()
                before = self.last_position
                if self.recent.head - self.last_position > CATCH_UP_BY_SNAPSHOT:
                    await self._snapshot(feed)
                else:
                    await self._fill(feed, None)
                if self.last_position == before:
                    return  # the store has not got it yet: the next event or audit brings it
                continue
            if not data:
                pass  # withheld from this screen: passed over, no frame
            elif self.direct is not None and await self.direct.writable():
                self.direct.write(item.frame_for(data))
            else:
                await self.websocket.send_text(data.decode())
            self.last_position = item.position
            if self.wall and any(isinstance(r, RoomChanged) for r in item.reactions):
                return  # the room may have changed: the board comes next, cut anew

    async def _fill(self, feed: Feed, upto: int | None) -> int:
        """Send every event after the last sent, up to `upto` (or the head); count them."""
        sent = 0
        if self.ends_after is not None:
            upto = self.ends_after if upto is None else min(upto, self.ends_after)
            if self.last_position >= upto:
                return sent
        if self.wall:
            # A wall behind is sent the board, cut for the room as it is now: events
            # read one by one would be cut for the room as it was (one screen a case).
            before = self.last_position
            if await feed.head(self.case_id) > before:
                await self._snapshot(feed)
            return self.last_position - before
        while True:
            missing = await feed.events(self.case_id, self.last_position, upto, self.audience)
            progressed = False
            for position, text in missing:
                if position == self.last_position + 1:
                    if text:  # else withheld from this screen: passed over, no frame
                        await self.websocket.send_text(text)
                        sent += 1
                    self.last_position = position
                    progressed = True
            if not progressed or (upto is not None and self.last_position >= upto):
                return sent

    async def _catch_up(self, feed: Feed) -> None:
        before = self.last_position
        behind = await feed.head(self.case_id) - before
        if behind > CATCH_UP_BY_SNAPSHOT:
            await self._snapshot(feed)  # cheaper than replaying thousands of events
            missed = behind
        else:
            missed = await self._fill(feed, None)
        position = self.last_position
        if not self.audience.staff:  # a guest counts in ranks: no count of the withheld
            position = await feed.rank(self.case_id, position)
            if behind > CATCH_UP_BY_SNAPSHOT:
                missed = position - await feed.rank(self.case_id, before)
        frame = CaughtUp(position=position, missed=missed)
        await self.websocket.send_text(encode(frame).decode())

    async def _snapshot(self, feed: Feed) -> None:
        if self.ends_after is not None:
            return  # told goodbye: not the board as it stands now
        if self.wall:
            position, text, self.room = await feed.room_snapshot(self.case_id)
        else:
            position, text = await feed.snapshot(self.case_id, self.audience)
        await self.websocket.send_text(text)
        self.last_position = position
