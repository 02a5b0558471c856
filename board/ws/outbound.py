"""One committed event ready to send, and the latest of them per case.

An event's frame is encoded once per audience (staff, any guest, the few people whose
own view differs) as UTF-8 JSON, and wrapped in a websocket frame once, the first
time a screen takes it straight from the hub: a hundred screens cost one encode and
one framing, then a copy each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from board.projections.changes import Told
from board.reactions import Reaction, reactions_to
from board.ws.direct import frame_of
from board.ws.protocol import encode, event_frame

RECENT_LIMIT = 1024  # live events kept per case for screens that are a little behind


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

    __slots__ = ("head", "items", "limit")

    def __init__(self, limit: int = RECENT_LIMIT) -> None:
        self.items: dict[int, Outbound] = {}
        self.limit = limit
        self.head = 0  # the latest position held

    def add(self, item: Outbound) -> None:
        self.items[item.position] = item
        self.head = max(self.head, item.position)
        while len(self.items) > self.limit:
            del self.items[next(iter(self.items))]  # the oldest: dicts keep their order

    def get(self, position: int) -> Outbound | None:
        return self.items.get(position)
