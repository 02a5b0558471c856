"""One committed event ready to send, and the latest of them per case.

An event's frame is encoded once per audience (staff, any guest, the few people whose
own view differs) as UTF-8 JSON, and wrapped in a websocket frame once, the first
time a screen takes it straight from the hub: a hundred screens cost one encode and
one framing, then a copy each.

A guest's frames carry guest ranks, not positions (board.projections.guest_ranks):
an event withheld from guests has no guest frame at all (`WITHHELD`: a guest's screen
is sent nothing of it), and one whose ranks this process does not know yet has none
either (`None`: a guest's screen reads it from the store, ranked there).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from board.projections.changes import Seen, Told
from board.projections.guest_ranks import GuestRanks, ranked_seen
from board.ws.direct import frame_of
from board.ws.protocol import encode, event_frame
from board.ws.reactions import Reaction, reactions_to

# Live events kept per case for screens that are a little behind: the last
# RECENT_SECONDS of a meeting, never more than RECENT_LIMIT events or RECENT_BYTES of
# frames (each payload held twice, bare and framed), so 500 meetings on one process
# hold at most 64 MiB of them; at one edit a second, ~20 MiB. A screen further behind
# reads the store. Without the age, a quiet meeting kept ~70 events (~0.5 MiB) as long
# as it had a screen: memory that grew with every edit up to then.
RECENT_LIMIT = 256
RECENT_BYTES = 128 * 1024
RECENT_SECONDS = 5.0
# What an event costs besides its payloads: the Outbound, its dicts, the entry here.
ITEM_OVERHEAD = 400
WITHHELD = b""  # a guest's frame of an event withheld from guests: nothing is sent


@dataclass(slots=True)
class Outbound:
    """One event's frame for staff, for any guest (the same bytes where nothing is cut),
    and for the few guests whose own view differs (their own votes); and what follows
    from it for the people connected."""

    position: int
    data: bytes
    # A guest's frame, at ranks; WITHHELD, or None when the ranks are not known here.
    guest_data: bytes | None
    personal: dict[str, bytes | None]
    reactions: tuple[Reaction, ...]
    _frames: dict[int, bytes] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Bytes this event may come to hold: each audience's payload twice (bare, and
        in the websocket frame built when a screen takes it), and the objects."""
        size = len(self.data) + sum(len(data or b"") for data in self.personal.values())
        if self.guest_data is not self.data:
            size += len(self.guest_data or b"")
        return 2 * size + ITEM_OVERHEAD

    @classmethod
    def of(cls, told: Told, ranks: GuestRanks | None = None) -> Outbound:
        """The frames of one event; `ranks`, the case's guest ranks up to it (None:
        not known in this process, so guests read it from the store)."""
        data = encode(event_frame(told.staff))
        event = told.staff.event
        plain = ranks is not None and ranks.plain(event.position)

        def for_guest(seen: Seen) -> bytes | None:
            if seen.withheld:
                return WITHHELD
            if ranks is None:
                return None
            if not plain:
                return encode(event_frame(ranked_seen(seen, ranks)))
            return data if seen is told.staff else encode(event_frame(seen))

        guest_data = for_guest(told.guest)
        personal = {
            pid: for_guest(seen) if pid in told.guests else encode(event_frame(seen))
            for pid, seen in told.personal.items()
        }
        return cls(event.position, data, guest_data, personal, tuple(reactions_to(event.fact)))

    def data_for(self, participant_id: str, is_guest: bool) -> bytes | None:
        """This person's frame: WITHHELD (send nothing) or None (read the store) for a
        guest, as above."""
        if participant_id in self.personal:
            return self.personal[participant_id]
        return self.guest_data if is_guest else self.data

    def frame_for(self, data: bytes) -> bytes:
        """The websocket frame around `data` (one of this event's), built once."""
        frame = self._frames.get(id(data))
        if frame is None:
            frame = self._frames[id(data)] = frame_of(data)
        return frame


class Recent:
    """The latest live events of one case, by position, shared by all its screens: a
    screen that cannot take an event at once reads it from here when it can, and one
    that falls further behind than this reads the store (it is resynced)."""

    __slots__ = ("added", "byte_limit", "bytes", "clock", "head", "items", "limit", "seconds")

    def __init__(
        self,
        limit: int = RECENT_LIMIT,
        byte_limit: int = RECENT_BYTES,
        seconds: float = RECENT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.items: dict[int, Outbound] = {}
        self.added: deque[float] = deque()  # when each item was added, in the same order
        self.limit = limit
        self.byte_limit = byte_limit
        self.seconds = seconds
        self.clock = clock
        self.bytes = 0
        self.head = 0  # the latest position held

    def add(self, item: Outbound) -> None:
        if item.position in self.items:
            return  # heard twice (a resent command, Redis and this process)
        now = self.clock()
        self.items[item.position] = item
        self.added.append(now)
        self.bytes += item.size
        self.head = max(self.head, item.position)
        # Dropped oldest first (dicts keep their order); the newest is always kept.
        stale = now - self.seconds
        while len(self.items) > 1 and (
            len(self.items) > self.limit or self.bytes > self.byte_limit or self.added[0] < stale
        ):
            oldest = next(iter(self.items))
            self.bytes -= self.items.pop(oldest).size
            self.added.popleft()

    def get(self, position: int) -> Outbound | None:
        return self.items.get(position)
