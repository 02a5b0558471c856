"""A guest's own positions: the *rank* of an event is how many events up to it a
guest may see (board.projections.visibility: `event_for(event, board, ANY_GUEST)` is
not None).

Positions are gap-free, so if a guest were given real positions they could count
what is withheld from them (a meeting for professionals only, a late conference's
sign-off, a later change to a thing of theirs). A guest is given ranks instead: a
withheld event is not sent at all, and every position a guest receives is a rank,
every position a guest sends is mapped back to a real one. Ranks are gap-free too, so
screens keep their rule of an unbroken order. Whether a guest sees an event is the
same on any later board, so a rank never changes once given.

This module is the pure part: one case's ranks (`GuestRanks`) and what turns a value
a guest is sent (a board, an event, a frame's changes) from real positions into
ranks (`ranked`). The application keeps one `GuestRanks` per case, caught up from the
store and extended as events are recorded (board.application.guest_ranks); every
edge asks it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta
from types import UnionType
from typing import Any, TypeVar, Union, cast, get_args, get_origin
from uuid import UUID

import msgspec

from board.events import CaseEvent
from board.projections.board import Board
from board.projections.changes import Seen
from board.projections.visibility import ANY_GUEST, event_for

# The fields of a board, an event or a fact that hold a position in the stream: a
# stamp's, an undo step's, a copy of the plan's, an undo's target, the board's own,
# the framework move's.
POSITION_FIELDS = frozenset({"position", "undoes", "framework_moved_at"})
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(when: datetime) -> int:
    delta = when - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class GuestRanks:
    """One case's events a guest sees: their real positions (and times), in order.
    Rank r (from 1) is the r-th of them; rank 0 is the start."""

    __slots__ = ("position", "seen", "times")

    def __init__(self) -> None:
        self.seen = array("q")  # real positions of the events a guest sees
        self.times = array("q")  # their times, in microseconds since 1970 (UTC)
        self.position = 0  # the last real position judged

    def note(self, event: CaseEvent, visible: bool) -> None:
        """Judge the next event (its position right after the last judged): `visible`,
        a guest sees it. An event judged before is ignored."""
        if event.position != self.position + 1:
            return
        if visible:
            self.seen.append(event.position)
            self.times.append(_micros(event.at))
        self.position = event.position

    def judge(self, events: list[CaseEvent], board: Board) -> None:
        """Judge these events (in order) on `board`, the whole board at or after the
        last of them: any later board gives each the same answer. Events past the
        board are left for a later board."""
        for event in events:
            if event.position > board.position:
                return
            self.note(event, event_for(event, board, ANY_GUEST) is not None)

    @property
    def count(self) -> int:
        """How many events a guest sees (the latest rank)."""
        return len(self.seen)

    def plain(self, upto: int) -> bool:
        """Are ranks the real positions up to `upto` (nothing withheld so far)?"""
        upto = min(upto, self.position)
        return upto <= 0 or (len(self.seen) >= upto and self.seen[upto - 1] == upto)

    def rank(self, position: int) -> int:
        """The rank of a real position: how many events a guest sees up to it."""
        return bisect_right(self.seen, position)  # C, and no slower than asking `plain`

    def sees(self, position: int) -> bool:
        """Does a guest see the event at this real position?"""
        found = bisect_right(self.seen, position)
        return found > 0 and self.seen[found - 1] == position

    def first_position(self, rank: int) -> int:
        """The real position of the rank-th event a guest sees: the point a guest's
        rank names (the board there is the board they held at that rank). Past the
        last rank: the last judged position."""
        if rank <= 0:
            return 0
        if rank > len(self.seen):
            return self.position
        return self.seen[rank - 1]

    def last_position(self, rank: int) -> int:
        """The last real position with this rank (just before the next event a guest
        sees, or the last judged): where a guest holding rank `rank` stands, for what
        they send (`after=`, `expected_position`, `based_on`)."""
        if rank < 0:
            return 0
        if rank >= len(self.seen):
            return self.position
        return self.seen[rank] - 1

    def time_of(self, rank: int) -> datetime | None:
        """The time of the rank-th event a guest sees (None for rank 0)."""
        if rank <= 0 or rank > len(self.times):
            return None
        return _EPOCH + timedelta(microseconds=self.times[rank - 1])


V = TypeVar("V")


def ranked(value: V, ranks: GuestRanks) -> V:
    """`value` (a board, an event, a frame's changes, a fact...) with every position
    in it a rank, and every time stamped with a withheld event's position the time of
    the last event a guest sees before it. Unchanged parts are the same objects; when
    nothing is withheld up to the latest position, `value` itself."""
    if ranks.plain(ranks.position):
        return value
    return cast(V, _ranked(value, ranks))


# Fields whose declared type is a plain value (a text, a number that is no position, a
# flag, an enum, a date other than a stamp's `at`) hold no position: not walked.
_PLAIN = (str, bool, int, float, UUID, date)
_WALKED: dict[type, tuple[str, ...]] = {}


def _plain_field(name: str, hint: Any) -> bool:
    if name in POSITION_FIELDS or name == "at":
        return False
    options = get_args(hint) if get_origin(hint) in (Union, UnionType) else (hint,)
    return all(
        option is type(None) or (isinstance(option, type) and issubclass(option, _PLAIN))
        for option in options
    )


def _walked(kind: type[msgspec.Struct]) -> tuple[str, ...]:
    """The fields of this kind of struct that may hold a position (asked once a kind):
    a guest's every frame is walked, so the texts and flags of each part are skipped."""
    found = _WALKED.get(kind)
    if found is None:
        found = _WALKED[kind] = tuple(
            f.name for f in msgspec.structs.fields(kind) if not _plain_field(f.name, f.type)
        )
    return found


def _ranked(value: Any, ranks: GuestRanks) -> Any:
    if isinstance(value, msgspec.Struct):
        changed: dict[str, Any] = {}
        fields = value.__struct_fields__
        position = getattr(value, "position", None) if "position" in fields else None
        for name in _walked(type(value)):
            part = getattr(value, name)
            if name in POSITION_FIELDS and type(part) is int:
                new: Any = ranks.rank(part)
            elif name == "at" and isinstance(part, datetime) and type(position) is int:
                # A stamp of a withheld event (a shared thing changed before its share):
                # no time of it, only of the last event a guest saw before.
                new = part if ranks.sees(position) else ranks.time_of(ranks.rank(position))
                if new is None:
                    new = part if position == 0 else _EPOCH
            elif isinstance(part, msgspec.Struct | dict | list | tuple):
                new = _ranked(part, ranks)
            else:
                continue
            if new is not part and new != part:
                changed[name] = new
        if not changed:
            return value
        return msgspec.structs.replace(value, **changed)
    if isinstance(value, dict):
        out = {key: _ranked(part, ranks) for key, part in value.items()}
        return value if all(out[k] is v for k, v in value.items()) else out
    if isinstance(value, list | tuple):
        items = [_ranked(part, ranks) for part in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return items if isinstance(value, list) else tuple(items)
    return value


def ranked_board(board: Board, ranks: GuestRanks) -> Board:
    """A guest's board (already cut for them) at ranks: its position the rank, its time
    that of the last event they see."""
    shown = ranked(board, ranks)
    if shown is board:
        return board
    when = ranks.time_of(shown.position)
    if when is not None and when != shown.at:
        shown = msgspec.structs.replace(shown, at=when)
    return shown


def ranked_seen(seen: Seen, ranks: GuestRanks) -> Seen:
    """One event as a guest is shown it (board.projections.changes), at ranks."""
    event = ranked(seen.event, ranks)
    changes = ranked(seen.changes, ranks)
    if event is seen.event and changes is seen.changes:
        return seen
    return Seen(event, changes, seen.said, seen.withheld)
