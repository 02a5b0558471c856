"""Points in a case's history: a position, a time, or the close of a meeting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from board.practice import MeetingKind
from board.projections.board import Board, Meeting

# Short names people type for the meetings compared most often.
MEETING_ALIASES = {
    "icpc": MeetingKind.ICPC,
    "review": MeetingKind.REVIEW_CONFERENCE,
    "fnm": MeetingKind.FAMILY_NETWORK,
    "core": MeetingKind.CORE_GROUP,
}


class UnknownPoint(ValueError):
    """The point could not be understood or is not in this case."""


def meetings_in_order(board: Board) -> list[Meeting]:
    return sorted(board.meetings.values(), key=lambda m: m.opened.position)


def meeting_end(board: Board, meeting: Meeting) -> int:
    """The position at the close of a meeting (or now, for one still open)."""
    return meeting.closed.position if meeting.closed else board.position


def find_meeting(board: Board, name: str) -> Meeting | None:
    """A meeting by id, by alias (`icpc`, `review`) or kind: the latest of that kind."""
    if name in board.meetings:
        return board.meetings[name]
    kind = MEETING_ALIASES.get(name) or next((k for k in MeetingKind if k.value == name), None)
    if kind is None:
        return None
    of_kind = [m for m in meetings_in_order(board) if m.kind is kind]
    return of_kind[-1] if of_kind else None


def resolve_point(latest: Board, point: str, position_at: Callable[[datetime], int]) -> int:
    """The position a point names, given the case's latest board.

    `point` is a position (`120`), `start`, `latest`, an ISO time (the last event at
    or before it), or a meeting (`icpc`, `review`, a kind, or a meeting id: its close).
    """
    point = point.strip()
    if point in latest.meetings:
        # A meeting id is twelve hex digits, and one in about 300 has no letter: it is
        # a meeting, not a position (its record's link would otherwise be refused).
        return meeting_end(latest, latest.meetings[point])
    if point.isascii() and point.isdigit():  # not "²": int() refuses what isdigit() allows
        # Past 18 digits, past any case (and past what int() and the store take).
        if len(point) > 18 or int(point) > latest.position:
            raise UnknownPoint(f"This case has only {latest.position} events, not {point}.")
        return int(point)
    if point in ("start", "0"):
        return 0
    if point in ("latest", "now", "end"):
        return latest.position
    meeting = find_meeting(latest, point)
    if meeting is not None:
        return meeting_end(latest, meeting)
    try:
        when = datetime.fromisoformat(point)
    except ValueError:
        raise UnknownPoint(
            f"'{point}' is not a position, a time, or a meeting of this case "
            "(try icpc, review, or a number)."
        ) from None
    return position_at(when if when.tzinfo else when.replace(tzinfo=UTC))
