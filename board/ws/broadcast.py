"""Broadcasters: what carries the hub's news to the other processes serving the board.

The hub (board.ws.hub) delivers to this process's connections and hands everything the
other processes must hear to its broadcaster: committed events, who is connected here,
the chair's "follow me" and timer, a device turned away from the lobby. What a
broadcaster hears from the others it gives back to the hub (`Rooms`).

`InProcess`: one process, nobody else to tell. `RedisBroadcaster`: Redis pub/sub, one
channel per case, so processes sharing the PostgreSQL store deliver each other's events.
Pub/sub may drop messages (a Redis restart, a slow subscriber), so Redis is only a fast
path: a connection that sees a jump reads the gap from the store, and every few seconds
the broadcaster checks each case's head in the store and catches its connections up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Literal, Protocol
from uuid import UUID

import msgspec

if TYPE_CHECKING:
    import redis.asyncio as aioredis

from board.ws.connection import Connection, Outgoing, Send
from board.ws.outbound import WITHHELD, Outbound
from board.ws.protocol import Event, PersonPresent
from board.ws.reactions import Reaction, reactions_to

log = logging.getLogger(__name__)

HeadReader = Callable[[UUID], Awaitable[int]]
Fanout = Literal["in-process", "redis"]


class Rooms(Protocol):
    """The hub, as a broadcaster sees it: where to give back what it heard."""

    def cases(self) -> list[UUID]: ...
    def live(self, case_id: UUID) -> list[Connection]: ...
    def local_presence(self, case_id: UUID) -> list[PersonPresent]: ...
    def deliver(self, case_id: UUID, outbound: Sequence[Outbound]) -> None: ...
    def catch_up(self, case_id: UUID) -> None: ...
    def presence_changed(self, case_id: UUID) -> None: ...
    def heard_presence(self, case_id: UUID) -> None: ...
    def heard_facilitation(self, case_id: UUID, kind: str, text: str) -> None: ...
    def heard_turned_away(self, case_id: UUID, participant_id: str, message: str) -> None: ...


class Broadcaster(Protocol):
    """What the hub hands on to the other processes, and hears from them."""

    name: Fanout  # as /healthz says it

    @property
    def healthy(self) -> bool: ...
    def attach(self, rooms: Rooms) -> None: ...
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    def events(self, case_id: UUID, outbound: Sequence[Outbound]) -> None: ...
    def presence(self, case_id: UUID) -> None: ...  # who is here changed
    def facilitation(self, case_id: UUID, kind: str, text: str) -> None: ...
    def turned_away(self, case_id: UUID, participant_id: str, message: str) -> None: ...
    def remote_presence(self, case_id: UUID) -> list[PersonPresent]: ...


class InProcess:
    """One process serves the board: there is nobody else to tell."""

    name: Fanout = "in-process"
    healthy = True

    def attach(self, rooms: Rooms) -> None:
        pass

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        pass

    def events(self, case_id: UUID, outbound: Sequence[Outbound]) -> None:
        pass

    def presence(self, case_id: UUID) -> None:
        pass

    def facilitation(self, case_id: UUID, kind: str, text: str) -> None:
        pass

    def turned_away(self, case_id: UUID, participant_id: str, message: str) -> None:
        pass

    def remote_presence(self, case_id: UUID) -> list[PersonPresent]:
        return []


_SAME = b"null"
# A guest's frame that is not sent (Outbound.WITHHELD) or not known here (None: read
# from the store), as the message carries them.
_GUEST_NOTHING = b"0"
_GUEST_UNKNOWN = b"1"


def _guest_raw(data: bytes | None, staff: bytes) -> msgspec.Raw:
    if data is None:
        return msgspec.Raw(_GUEST_UNKNOWN)
    if data is WITHHELD or not data:
        return msgspec.Raw(_GUEST_NOTHING)
    return msgspec.Raw(_SAME if data is staff else data)


def _guest_data(raw: msgspec.Raw, staff: bytes) -> bytes | None:
    data = bytes(raw)
    if data == _GUEST_UNKNOWN:
        return None
    if data == _GUEST_NOTHING:
        return WITHHELD
    return staff if data == _SAME else data


class _RedisEvent(msgspec.Struct, frozen=True, array_like=True):
    position: int
    frame: msgspec.Raw
    # `null`: the same as `frame`. (Not `Raw | None`: msgspec reads that union as None
    # only, so every event whose guest frame differed, one in a meeting for
    # professionals only, was dropped as malformed, with what follows from it.)
    guest_frame: msgspec.Raw = msgspec.Raw(_SAME)
    personal: dict[str, msgspec.Raw] = {}
    # Whether anything follows from the fact for the people connected (reactions_to):
    # only then does the receiver decode the frame for its fact, and most facts have
    # nothing. True when absent (a sender without the field); a receiver without it
    # ignores it (msgspec reads past trailing array items).
    reacts: bool = True


class _RedisMessage(msgspec.Struct, frozen=True):
    origin: str
    events: list[_RedisEvent] = []
    presence: list[PersonPresent] | None = None
    facilitation: tuple[str, str] | None = None  # (kind, frame text)
    turned_away: tuple[str, str] | None = None  # (lobby id, why)


CHANNEL_PREFIX = "board:case:"
AUDIT_EVERY = 2.0  # seconds between checks of each case's head in the store


class RedisBroadcaster:
    """Fan-out across processes over Redis pub/sub, one channel per case."""

    name: Fanout = "redis"

    def __init__(self, url: str, read_head: HeadReader, audit_every: float = AUDIT_EVERY) -> None:
        self.url = url
        self.read_head = read_head
        self.audit_every = audit_every
        self.origin = uuid.uuid4().hex
        # Imported here: a single process never loads redis (0.4 s CPU at start-up).
        import redis.asyncio
        from redis.exceptions import RedisError

        self.redis: aioredis.Redis = redis.asyncio.Redis.from_url(url, socket_connect_timeout=2)
        self._failures: tuple[type[BaseException], ...] = (RedisError, OSError)
        self.outgoing: asyncio.Queue[tuple[UUID, bytes]] = asyncio.Queue(maxsize=10_000)
        # case -> process -> (when heard, who is connected there)
        self._remote: dict[UUID, dict[str, tuple[float, list[PersonPresent]]]] = {}
        self.subscribed = asyncio.Event()
        self._rooms: Rooms | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._decoder = msgspec.json.Decoder(_RedisMessage)
        # Every message this process publishes comes back to it on the pattern; what
        # it starts with (origin is the first field) tells it so before any decoding.
        self._own = msgspec.json.encode(_RedisMessage(self.origin))[: len(self.origin) + 12]
        self._event_decoder = msgspec.json.Decoder(Event)

    @property
    def healthy(self) -> bool:
        return self.subscribed.is_set()

    @property
    def rooms(self) -> Rooms:
        assert self._rooms is not None, "a broadcaster is attached to its hub first"
        return self._rooms

    def attach(self, rooms: Rooms) -> None:
        self._rooms = rooms

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

    # -- telling the others ---------------------------------------------------------

    def events(self, case_id: UUID, outbound: Sequence[Outbound]) -> None:
        message = _RedisMessage(
            self.origin,
            events=[
                _RedisEvent(
                    o.position,
                    msgspec.Raw(o.data),
                    _guest_raw(o.guest_data, o.data),
                    {
                        pid: msgspec.Raw(data) if data else _guest_raw(data, o.data)
                        for pid, data in o.personal.items()
                    },
                    bool(o.reactions),
                )
                for o in outbound
            ],
        )
        self._queue(case_id, msgspec.json.encode(message))

    def presence(self, case_id: UUID) -> None:
        people = self.rooms.local_presence(case_id)
        self._queue(case_id, msgspec.json.encode(_RedisMessage(self.origin, presence=people)))

    def facilitation(self, case_id: UUID, kind: str, text: str) -> None:
        message = _RedisMessage(self.origin, facilitation=(kind, text))
        self._queue(case_id, msgspec.json.encode(message))

    def turned_away(self, case_id: UUID, participant_id: str, message: str) -> None:
        message_out = _RedisMessage(self.origin, turned_away=(participant_id, message))
        self._queue(case_id, msgspec.json.encode(message_out))

    def remote_presence(self, case_id: UUID) -> list[PersonPresent]:
        """Who is connected to the case in the other processes heard from lately."""
        fresh_since = time.monotonic() - 3 * self.audit_every  # a dead process fades out
        return [
            person
            for heard_at, remote in self._remote.get(case_id, {}).values()
            if heard_at >= fresh_since
            for person in remote
        ]

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
            except self._failures as error:
                # Other processes find these events in the store at their next audit.
                log.warning("could not publish to Redis: %s", type(error).__name__)

    # -- hearing them ---------------------------------------------------------------

    async def _listen(self) -> None:
        backoff = 0.1
        while True:
            pubsub = self.redis.pubsub()
            try:
                await pubsub.psubscribe(f"{CHANNEL_PREFIX}*")
                self.subscribed.set()
                backoff = 0.1
                for case_id in self.rooms.cases():
                    self.rooms.catch_up(case_id)  # anything published while we were away
                    self.rooms.presence_changed(case_id)
                async for message in pubsub.listen():
                    if message.get("type") == "pmessage":
                        self._received(message["channel"], message["data"])
            except self._failures as error:
                self.subscribed.clear()
                log.warning("Redis subscription lost (%s); retrying", type(error).__name__)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
            finally:
                # Typed through a variable: redis before 8 leaves aclose unannotated, and
                # an ignore comment would be "unused" on the releases that annotate it.
                close: Callable[[], Awaitable[None]] = pubsub.aclose
                with contextlib.suppress(*self._failures):
                    await close()

    def _received(self, channel: bytes, data: bytes) -> None:
        if data.startswith(self._own):
            return  # our own, back from the channel
        try:
            case_id = UUID(channel.decode()[len(CHANNEL_PREFIX) :])
            message = self._decoder.decode(data)
        except (ValueError, msgspec.DecodeError):
            log.warning("ignored a malformed message on the Redis channel")
            return
        if message.origin == self.origin:
            return
        if message.presence is not None:
            known = self._remote.setdefault(case_id, {})
            changed = message.origin not in known or known[message.origin][1] != message.presence
            known[message.origin] = (time.monotonic(), message.presence)
            if changed:
                self.rooms.heard_presence(case_id)
        if message.facilitation is not None:
            self.rooms.heard_facilitation(case_id, *message.facilitation)
        if message.turned_away is not None:
            self.rooms.heard_turned_away(case_id, *message.turned_away)
        if message.events and case_id in self.rooms.cases():
            self.rooms.deliver(case_id, [self._outbound(e) for e in message.events])

    def _outbound(self, received: _RedisEvent) -> Outbound:
        data = bytes(received.frame)
        reactions: tuple[Reaction, ...] = ()
        if received.reacts:
            fact = self._event_decoder.decode(received.frame).fact  # the staff frame's
            reactions = tuple(reactions_to(fact)) if fact is not None else ()
        return Outbound(
            received.position,
            data,
            _guest_data(received.guest_frame, data),
            {pid: _guest_data(frame, b"") for pid, frame in received.personal.items()},
            reactions,
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
            cases = self.rooms.cases()
            for case_id in list(seen):
                if case_id not in cases:
                    del seen[case_id]
            for case_id in cases:
                self.presence(case_id)  # keeps our people fresh in other processes
                connections = self.rooms.live(case_id)
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
