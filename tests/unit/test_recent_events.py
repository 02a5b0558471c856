"""The live events kept per case for screens a little behind (board/ws/outbound.py):
bounded by age, count and bytes, so the memory a busy process holds for them stops
growing however many edits it hears (issue 24, item 3)."""

from __future__ import annotations

from board.ws.outbound import Outbound, Recent

PAYLOAD = b"x" * 1259  # an add_item event's frame, as the capacity benchmark sends


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def event(position: int, guest_data: bytes | None = None) -> Outbound:
    data = PAYLOAD
    return Outbound(position, data, data if guest_data is None else guest_data, {}, ())


def test_a_meeting_at_one_edit_a_second_keeps_its_last_five_seconds() -> None:
    clock = Clock()
    recent = Recent(clock=clock)
    for position in range(1, 1001):
        recent.add(event(position))
        clock.now += 1.0
    # Added at 994 s ... 999 s: the newest, and those no older than five seconds.
    assert list(recent.items) == [995, 996, 997, 998, 999, 1000]
    assert recent.bytes == 6 * (2 * 1259 + 400)
    assert recent.head == 1000
    assert recent.get(994) is None  # a screen this far behind reads the store


def test_a_burst_keeps_what_fits_in_the_bytes_counting_the_frames() -> None:
    recent = Recent(clock=Clock())
    for position in range(1, 1001):
        recent.add(event(position, guest_data=b"y" * 1259))  # a guest frame of its own
    # Each event counts 2 x (1259 + 1259) + 400 = 5,436 bytes: 24 fit in 128 KiB.
    assert len(recent.items) == 24
    assert list(recent.items) == list(range(977, 1001))
    assert recent.bytes == 24 * 5436


def test_a_burst_of_small_events_keeps_at_most_the_limit() -> None:
    recent = Recent(clock=Clock())
    for position in range(1, 1001):
        recent.add(Outbound(position, b"{}", b"{}", {}, ()))
    assert len(recent.items) == 256
    assert min(recent.items) == 745


def test_the_newest_event_is_kept_whatever_its_size_or_age() -> None:
    clock = Clock()
    recent = Recent(byte_limit=100, clock=clock)
    recent.add(event(1))
    clock.now += 60.0
    recent.add(event(2))
    assert list(recent.items) == [2]
    assert recent.get(2) is not None


def test_an_event_heard_twice_is_kept_once() -> None:
    recent = Recent(clock=Clock())
    recent.add(event(1))
    recent.add(event(1))
    assert list(recent.items) == [1]
    assert recent.bytes == 2 * 1259 + 400
