"""One committed event ready to send, and the latest of them per case.

An event's frame is encoded once per audience (staff, any guest, the few people whose
own view differs) as UTF-8 JSON, and wrapped in a websocket frame once, the first
time a screen takes it straight from the hub: a hundred screens cost one encode and
one framing, then a copy each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from board.projections.changes import Told
from board.ws.direct import frame_of
from board.ws.protocol import encode, event_frame
from board.ws.reactions import Reaction, reactions_to

# Live events kept per case for screens that are a little behind: a few seconds of a
# busy meeting, and never more than RECENT_BYTES of frames, so that 500 meetings on
# one process hold at most ~128 MiB of them (most hold far less).
RECENT_LIMIT = 256
RECENT_BYTES = 256 * 1024


@dataclass(slots=True)
class Outbound:
    """One event's frame for staff, for any guest (the same bytes where nothing is cut),
    and for the few guests whose own view differs (their own votes); and what follows
    from it for the people connected."""

    position: int
    data: bytes
    guest_data: bytes
    personal: dict[str, bytes]
    reactions: tuple[Reaction, ...]
    _frames: dict[int, bytes] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Bytes held for this event's frames (each audience's once)."""
        size = len(self.data) + sum(len(data) for data in self.personal.values())
        return size if self.guest_data is self.data else size + len(self.guest_data)

    @classmethod
    def of(cls, told: Told) -> Outbound:
        data = encode(event_frame(told.staff))
        guest_data = data if told.guest is told.staff else encode(event_frame(told.guest))
        personal = {pid: encode(event_frame(seen)) for pid, seen in told.personal.items()}
        event = told.staff.event
        return cls(event.position, data, guest_data, personal, tuple(reactions_to(event.fact)))

    def data_for(self, participant_id: str, is_guest: bool) -> bytes:
        personal = self.personal.get(participant_id)
        if personal is not None:
            return personal
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

    __slots__ = ("byte_limit", "bytes", "head", "items", "limit")

    def __init__(self, limit: int = RECENT_LIMIT, byte_limit: int = RECENT_BYTES) -> None:
        self.items: dict[int, Outbound] = {}
        self.limit = limit
        self.byte_limit = byte_limit
        self.bytes = 0
        self.head = 0  # the latest position held

    def add(self, item: Outbound) -> None:
        if item.position in self.items:
            return  # heard twice (a resent command, Redis and this process)
        self.items[item.position] = item
        self.bytes += item.size
        self.head = max(self.head, item.position)
        while len(self.items) > 1 and (
            len(self.items) > self.limit or self.bytes > self.byte_limit
        ):
            oldest = next(iter(self.items))  # dicts keep their order
            self.bytes -= self.items.pop(oldest).size

    def get(self, position: int) -> Outbound | None:
        return self.items.get(position)
