"""How the board names things to people: days, meetings, a person with their role, a
sentence with its reason. One place, so the screen, the records, compare, replay and
the command line say it the same way ("Initial child protection conference,
24 March 2026", never "icpc (position 36)"; "Sam Reid (chair)", never "(chair) (chair)").
"""

from __future__ import annotations

from datetime import date, datetime

from board.practice import (
    MEETING_NAMES,
    SOURCE_KIND_SAID,
    Framework,
    Role,
    SourceKind,
    role_name,
)
from board.projections.entities import Board, Meeting
from board.projections.timeline import find_meeting


def day(when: date) -> str:
    """ "24 March 2026" (no leading zero, as people write it)."""
    return f"{when.day} {when:%B %Y}"


def day_and_time(when: datetime) -> str:
    """ "24 March 2026 at 10:32"."""
    return f"{day(when)} at {when:%H:%M}"


def source_said(kind: SourceKind, source: str) -> str:
    """Where an item came from, as its card says it: "From a professional: school",
    "From the child", "Source: police" (its kind not said), or "" (nothing said)."""
    source = source.strip()
    if kind is SourceKind.NOT_SAID:
        return f"{SOURCE_KIND_SAID[kind]}: {source}" if source else ""
    return f"{SOURCE_KIND_SAID[kind]}: {source}" if source else SOURCE_KIND_SAID[kind]


def source_aside(kind: SourceKind, source: str) -> str:
    """The same inside a line's brackets: "from police" (its kind not said), "from a
    professional: school", "observed: home visit", or "" (nothing said)."""
    if kind is SourceKind.NOT_SAID:
        return f"from {source.strip()}" if source.strip() else ""
    said = source_said(kind, source)
    return said[:1].lower() + said[1:]


def meeting_title(meeting: Meeting) -> str:
    """ "Initial child protection conference, 24 March 2026"."""
    return f"{MEETING_NAMES[meeting.kind]}, {day(meeting.held_on or meeting.opened.at)}"


def named(name: str, role: Role, framework: Framework = Framework.SAFETY) -> str:
    """ "Sam Reid (chair)": the role once, even where it is already part of the name;
    a name that already ends in brackets takes the role inside them, "Jess (mum,
    parent)", never "Jess (mum) (parent)" (W14). The role as the case's framework names
    it: "Amira Khan (family keyworker)" in early help, the independent reviewing officer
    at a looked after review."""
    said = role_name(role, framework)
    name = name.rstrip()
    if name.lower().endswith(f"({said})") or name.lower().endswith(f", {said})"):
        return name
    if name.endswith(")") and " (" in name:
        return f"{name[:-1]}, {said})"
    return f"{name} ({said})"


def with_reason(text: str, reason: str, joiner: str = " \u2014 ") -> str:
    """The text and its reason, or the text alone: a blank reason leaves no dash."""
    reason = reason.strip()
    return f"{text}{joiner}{reason}" if reason else text


def when_in_case(board: Board, position: int, at: datetime | None) -> str:
    """Where a position falls, in people's words: "Initial child protection conference,
    24 March 2026, 10:32" inside a meeting, else "24 March 2026 at 10:32"."""
    if position == 0 or at is None:
        return "The start, before anything was written"
    for meeting in board.meetings.values():
        end = meeting.closed.position if meeting.closed else board.position
        if meeting.opened.position <= position <= end:
            return f"{meeting_title(meeting)}, {at:%H:%M}"
    return f"Between meetings, {day_and_time(at)}"


def point_title(latest: Board, point: str, board: Board) -> str:
    """A point a person asked for (`icpc`, `review`, a meeting id, a time, a number), as
    a heading: "Initial child protection conference, 24 March 2026"; a moment that is
    not a meeting is named by its day and time. `board` is the board at that point."""
    meeting = find_meeting(latest, point.strip())
    if meeting is not None:
        return meeting_title(meeting)
    if point.strip() in ("latest", "now", "end"):
        return f"Now ({day(board.at)})" if board.at else "Now"
    return when_in_case(latest, board.position, board.at)
