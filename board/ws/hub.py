"""The fan-out hub: who is connected to which case, and getting events to them.

`Hub` is in-process: committed events go straight to this process's connections.
`RedisHub` also publishes them on the case's Redis channel, so other processes
(sharing the PostgreSQL store) deliver them to theirs. Pub/sub may drop messages
(a Redis restart, a slow subscriber), so Redis is only a fast path: a connection
that sees a jump reads the gap from the store, and every few seconds the hub
checks each case's head in the store and catches its connections up.

Each event is encoded once per audience and framed once, and the same bytes are
written to every connection of that audience (board.ws.outbound, board.ws.direct).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from uuid import UUID

import msgspec
import redis.asyncio as aioredis
from redis.exceptions import RedisError

from board.projections.changes import Told
from board.ws.connection import Connection, ConnectionState, Outgoing, Send
from board.ws.outbound import Outbound, Recent
from board.ws.protocol import (
    PROTOCOL_VERSION,
    Event,
    Goodbye,
    PersonPresent,
    Presence,
    Welcome,
    encode,
)
from board.ws.reactions import Admit, Dismiss, Reaction, reactions_to

log = logging.getLogger(__name__)

HeadReader = Callable[[UUID], Awaitable[int]]
PRESENCE_DELAY = 0.15  # seconds: joins and leaves within it are told in one frame


class Hub:
    def __init__(self) -> None:
        self.rooms: dict[UUID, set[Connection]] = {}
        self.recent: dict[UUID, Recent] = {}  # each room's latest live events
        # The chair's latest "follow me" and agenda timer per case: facilitation, not
        # the record, so they live here (and travel over Redis), not in the store.
        self.facilitation: dict[UUID, dict[str, str]] = {}
        self._presence_due: set[UUID] = set()  # cases with a presence frame on its way

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    # -- membership -------------------------------------------------------------

    def join(self, connection: Connection) -> None:
        self.rooms.setdefault(connection.case_id, set()).add(connection)
        connection.recent = self.recent.setdefault(connection.case_id, Recent())
        self.presence_changed(connection.case_id)

    def leave(self, connection: Connection) -> None:
        room = self.rooms.get(connection.case_id)
        if room is not None:
            room.discard(connection)
            if not room:
                del self.rooms[connection.case_id]
                self.recent.pop(connection.case_id, None)
        self.presence_changed(connection.case_id)

    def screens(self) -> int:
        """Connections open in this process (for board.metrics)."""
        return sum(len(room) for room in self.rooms.values())

    def live(self, case_id: UUID) -> list[Connection]:
        return [c for c in self.rooms.get(case_id, ()) if c.state is ConnectionState.LIVE]

    # -- events -----------------------------------------------------------------

    def publish(self, told: Sequence[Told]) -> None:
        """Committed events of one case, from this process: deliver them everywhere."""
        if told:
            self.deliver(told[0].staff.event.case_id, [Outbound.of(t) for t in told])

    def deliver(self, case_id: UUID, outbound: Sequence[Outbound]) -> None:
        """Give events to this process's connections: each encoded and framed once per
        audience, the same bytes for everyone who sees the same; then carry out what
        follows."""
        room = self.rooms.get(case_id)
        recent = self.recent.get(case_id)
        for item in outbound:
            if recent is not None:
                recent.add(item)
            for connection in room or ():
                connection.take_live(item)
            for reaction in item.reactions:
                self.react(case_id, reaction)

    def catch_up(self, case_id: UUID) -> None:
        """Ask every live connection of a case to read what it may have missed."""
        for connection in self.live(case_id):
            connection.offer(Outgoing(Send.CATCH_UP))

    def react(self, case_id: UUID, reaction: Reaction) -> None:
        """Carry out what the domain says follows from a fact (board.ws.reactions)."""
        room = self.rooms.get(case_id, set())
        match reaction:
            case Admit(joined_as, who):
                for c in room:
                    if c.state is ConnectionState.LOBBY and c.participant_id == joined_as:
                        c.who = who  # from now on, they are this person of the case
                        self.admit(c)
            case Dismiss(participant_id, message):
                for c in room:
                    if c.is_guest and participant_id in (None, c.participant_id):
                        self.dismiss(c, message)

    def admit(self, connection: Connection) -> None:
        connection.state = ConnectionState.LIVE
        connection.offer(Outgoing(Send.FRAME, welcome_text(connection, admitted=True)))
        connection.offer(Outgoing(Send.SNAPSHOT))
        self.send_facilitation(connection)
        self.presence_changed(connection.case_id)

    def facilitate(self, case_id: UUID, kind: str, text: str) -> None:
        """Remember the chair's latest `follow` or `timer` frame and show it everywhere."""
        self.facilitation.setdefault(case_id, {})[kind] = text
        for connection in self.live(case_id):
            connection.offer(Outgoing(Send.FRAME, text))

    def send_facilitation(self, connection: Connection) -> None:
        for text in self.facilitation.get(connection.case_id, {}).values():
            connection.offer(Outgoing(Send.FRAME, text))

    def turn_away(self, case_id: UUID, participant_id: str, message: str) -> None:
        """Tell a device waiting in the lobby it will not be let in, and end it (the
        gate keeps it out from now on)."""
        for c in list(self.rooms.get(case_id, ())):
            if c.state is ConnectionState.LOBBY and c.participant_id == participant_id:
                self.dismiss(c, message)

    def dismiss(self, connection: Connection, message: str) -> None:
        connection.offer(Outgoing(Send.CLOSE, encode(Goodbye(message=message)).decode()))

    # -- presence ---------------------------------------------------------------

    def local_presence(self, case_id: UUID) -> list[PersonPresent]:
        people: dict[str, PersonPresent] = {}
        for c in self.rooms.get(case_id, ()):
            if c.state is ConnectionState.CLOSED:
                continue
            seen = people.get(c.participant_id)
            in_lobby = c.state is ConnectionState.LOBBY and (seen is None or seen.in_lobby)
            people[c.participant_id] = PersonPresent(
                c.participant_id,
                c.who.name,
                c.who.role,
                in_lobby,
                c.invited_as if in_lobby else "",
            )
        return list(people.values())

    def presence(self, case_id: UUID) -> list[PersonPresent]:
        return self.local_presence(case_id)

    def presence_changed(self, case_id: UUID) -> None:
        """Tell the room who is here, soon: changes within PRESENCE_DELAY go out as one
        frame, so 500 people joining cost 500 frames, not 500 x 500."""
        if case_id in self._presence_due:
            return
        self._presence_due.add(case_id)
        asyncio.get_running_loop().call_later(PRESENCE_DELAY, self._send_presence, case_id)

    def _send_presence(self, case_id: UUID) -> None:
        self._presence_due.discard(case_id)
        frame = encode(Presence(people=self.presence(case_id))).decode()
        for connection in self.live(case_id):
            connection.offer(Outgoing(Send.FRAME, frame))


def welcome_text(connection: Connection, admitted: bool) -> str:
    return encode(
        Welcome(
            protocol=PROTOCOL_VERSION,
            case_id=connection.case_id,
            participant_id=connection.participant_id,
            name=connection.who.name,
            role=connection.who.role,
            position=connection.last_position,
            admitted=admitted,
        )
    ).decode()


class _RedisEvent(msgspec.Struct, frozen=True, array_like=True):
    position: int
    frame: msgspec.Raw
    guest_frame: msgspec.Raw | None = None  # None: the same as `frame`
    personal: dict[str, msgspec.Raw] = {}


class _RedisMessage(msgspec.Struct, frozen=True):
    origin: str
    events: list[_RedisEvent] = []
    presence: list[PersonPresent] | None = None
    facilitation: tuple[str, str] | None = None  # (kind, frame text)
    turned_away: tuple[str, str] | None = None  # (lobby id, why)


CHANNEL_PREFIX = "board:case:"
AUDIT_EVERY = 2.0  # seconds between checks of each case's head in the store


class RedisHub(Hub):
    """Fan-out across processes over Redis pub/sub, one channel per case."""

    def __init__(self, url: str, read_head: HeadReader, audit_every: float = AUDIT_EVERY) -> None:
        super().__init__()
        self.url = url
        self.read_head = read_head
        self.audit_every = audit_every
        self.origin = uuid.uuid4().hex
        self.redis: aioredis.Redis = aioredis.Redis.from_url(url, socket_connect_timeout=2)
        self.outgoing: asyncio.Queue[tuple[UUID, bytes]] = asyncio.Queue(maxsize=10_000)
        # case -> process -> (when heard, who is connected there)
        self.remote_presence: dict[UUID, dict[str, tuple[float, list[PersonPresent]]]] = {}
        self.subscribed = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._decoder = msgspec.json.Decoder(_RedisMessage)
        self._event_decoder = msgspec.json.Decoder(Event)

    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._listen(), name="redis-listen"),
            asyncio.create_task(self._send(), name="redis-send"),
            asyncio.create_task(self._audit(), name="store-audit"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.redis.aclose()

    def publish(self, told: Sequence[Told]) -> None:
        if not told:
            return
        case_id = told[0].staff.event.case_id
        outbound = [Outbound.of(t) for t in told]
        self.deliver(case_id, outbound)
        message = _RedisMessage(
            self.origin,
            events=[
                _RedisEvent(
                    o.position,
                    msgspec.Raw(o.data),
                    None if o.guest_data is o.data else msgspec.Raw(o.guest_data),
                    {pid: msgspec.Raw(data) for pid, data in o.personal.items()},
                )
                for o in outbound
            ],
        )
        self._queue(case_id, msgspec.json.encode(message))

    def presence_changed(self, case_id: UUID) -> None:
        super().presence_changed(case_id)
        self._share_presence(case_id)

    def facilitate(self, case_id: UUID, kind: str, text: str) -> None:
        super().facilitate(case_id, kind, text)
        message = _RedisMessage(self.origin, facilitation=(kind, text))
        self._queue(case_id, msgspec.json.encode(message))

    def turn_away(self, case_id: UUID, participant_id: str, message: str) -> None:
        super().turn_away(case_id, participant_id, message)
        message_out = _RedisMessage(self.origin, turned_away=(participant_id, message))
        self._queue(case_id, msgspec.json.encode(message_out))

    def _share_presence(self, case_id: UUID) -> None:
        message = _RedisMessage(self.origin, presence=self.local_presence(case_id))
        self._queue(case_id, msgspec.json.encode(message))

    def presence(self, case_id: UUID) -> list[PersonPresent]:
        people = {p.participant_id: p for p in self.local_presence(case_id)}
        fresh_since = time.monotonic() - 3 * self.audit_every  # a dead process fades out
        for heard_at, remote in self.remote_presence.get(case_id, {}).values():
            if heard_at < fresh_since:
                continue
            for person in remote:
                if person.participant_id not in people or not person.in_lobby:
                    people[person.participant_id] = person
        return list(people.values())

    def _queue(self, case_id: UUID, payload: bytes) -> None:
        try:
            self.outgoing.put_nowait((case_id, payload))
        except asyncio.QueueFull:
            log.warning("Redis publish queue full; other processes will catch up from the store")

    async def _send(self) -> None:
        while True:
            case_id, payload = await self.outgoing.get()
            try:
                await self.redis.publish(f"{CHANNEL_PREFIX}{case_id}", payload)
            except (RedisError, OSError) as error:
                # Other processes find these events in the store at their next audit.
                log.warning("could not publish to Redis: %s", type(error).__name__)

    async def _listen(self) -> None:
        backoff = 0.1
        while True:
            pubsub = self.redis.pubsub()
            try:
                await pubsub.psubscribe(f"{CHANNEL_PREFIX}*")
                self.subscribed.set()
                backoff = 0.1
                for case_id in list(self.rooms):
                    self.catch_up(case_id)  # anything published while we were away
                    self.presence_changed(case_id)
                async for message in pubsub.listen():
                    if message.get("type") == "pmessage":
                        self._received(message["channel"], message["data"])
            except (RedisError, OSError) as error:
                self.subscribed.clear()
                log.warning("Redis subscription lost (%s); retrying", type(error).__name__)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
            finally:
                # Typed through a variable: redis before 8 leaves aclose unannotated, and
                # an ignore comment would be "unused" on the releases that annotate it.
                close: Callable[[], Awaitable[None]] = pubsub.aclose
                with contextlib.suppress(RedisError, OSError):
                    await close()

    def _received(self, channel: bytes, data: bytes) -> None:
        try:
            case_id = UUID(channel.decode()[len(CHANNEL_PREFIX) :])
            message = self._decoder.decode(data)
        except (ValueError, msgspec.DecodeError):
            log.warning("ignored a malformed message on the Redis channel")
            return
        if message.origin == self.origin:
            return
        if message.presence is not None:
            known = self.remote_presence.setdefault(case_id, {})
            changed = message.origin not in known or known[message.origin][1] != message.presence
            known[message.origin] = (time.monotonic(), message.presence)
            if changed:
                Hub.presence_changed(self, case_id)  # tell our clients; no echo to Redis
        if message.facilitation is not None:
            Hub.facilitate(self, case_id, *message.facilitation)  # no echo to Redis
        if message.turned_away is not None:
            Hub.turn_away(self, case_id, *message.turned_away)  # no echo to Redis
        if message.events and case_id in self.rooms:
            self.deliver(case_id, [self._outbound(e) for e in message.events])

    def _outbound(self, received: _RedisEvent) -> Outbound:
        data = bytes(received.frame)
        fact = self._event_decoder.decode(received.frame).fact  # the staff frame: never None
        return Outbound(
            received.position,
            data,
            data if received.guest_frame is None else bytes(received.guest_frame),
            {pid: bytes(frame) for pid, frame in received.personal.items()},
            tuple(reactions_to(fact)) if fact is not None else (),
        )

    async def _audit(self) -> None:
        """Every few seconds, catch up any live connection the store shows is behind.

        Only events the store already held at the previous audit count: an event that
        was just committed is usually still on its way over Redis, and reading the
        store for every connection then would be wasted work (at 500 screens, most
        of a process's time). A missed event is caught up within two audits."""
        seen: dict[UUID, int] = {}
        while True:
            await asyncio.sleep(self.audit_every)
            for case_id in list(seen):
                if case_id not in self.rooms:
                    del seen[case_id]
            for case_id in list(self.rooms):
                self._share_presence(case_id)  # keeps our people fresh in other processes
                connections = self.live(case_id)
                if not connections:
                    continue
                try:
                    head = await self.read_head(case_id)
                except Exception as error:  # the store may be away; try at the next audit
                    log.warning("audit could not read the store: %s", type(error).__name__)
                    continue
                settled = seen.get(case_id, 0)
                seen[case_id] = head
                for connection in connections:
                    if connection.last_position < settled:
                        connection.offer(Outgoing(Send.FILL))
