"""The child's voice before the judgement.

At a review "a judgement about increased safety and the impact of the plan cannot be
completed until the child's feedback is heard and fully considered" (the seeds). So
before the chair records a review's decision, the board asks whether any child's views
have been recorded since the last conference, and the record says whose were heard and
how. A pure function of the board, so the decision's form and the record agree.
"""

from __future__ import annotations

import msgspec

from board.practice import MEETING_NAMES, ROLE_NAMES, MeetingKind, Role
from board.projections.board import Board, ChildView, Meeting

CONFERENCES = frozenset({MeetingKind.ICPC, MeetingKind.REVIEW_CONFERENCE})


class ChildViewsCheck(msgspec.Struct, frozen=True):
    """`last_conference`: the conference before now (None if there was none);
    `views`: what children said since it closed; `heard`: whose views, and how, in
    words for the record; `ask_chair`: a review is open and no child's views are in."""

    last_conference: Meeting | None
    views: list[ChildView]
    heard: list[str]
    ask_chair: bool
    question: str


def _last_closed_conference(board: Board, meeting: Meeting | None) -> Meeting | None:
    """The conference closed before `meeting` opened (before now, without one)."""
    closed = [
        m
        for m in board.meetings.values()
        if m.kind in CONFERENCES
        and m.closed is not None
        and (meeting is None or m.closed.position < meeting.opened.position)
    ]
    return max(closed, key=lambda m: m.opened.position, default=None)


def _heard(board: Board, views: list[ChildView]) -> list[str]:
    """ "In Lily's own words, on her phone (2)" (W36), "Lily, written down by Amira Khan
    (social worker): at a home visit (1)": one line per child and way of hearing. No
    pronoun is guessed: the board does not record one."""
    counts: dict[str, int] = {}
    for view in views:
        child = board.children.get(view.child_id)
        name = child.name if child else "a child"
        by = view.recorded.by
        if by.role is Role.CHILD:
            key = f"In {name}'s own words, on the board"
        else:
            key = f"{name[:1].upper()}{name[1:]}, written down by {by.name} ({ROLE_NAMES[by.role]})"
            if view.how:
                key += f": {view.how}"
        counts[key] = counts.get(key, 0) + 1
    return [f"{key} ({n})" for key, n in counts.items()]


def child_views_since_last_conference(
    board: Board, meeting: Meeting | None = None
) -> ChildViewsCheck:
    """For `meeting` (by default the open one): the children's views recorded since the
    conference before it, up to the board's position (for a record: the meeting's close).
    The chair is asked only while a review conference is open and none were recorded."""
    meeting = meeting or board.open_meeting
    last = _last_closed_conference(board, meeting)
    after = last.closed.position if last is not None and last.closed is not None else 0
    views = sorted(
        (v for v in board.child_views.values() if v.recorded.position > after),
        key=lambda v: v.recorded.position,
    )
    is_open_review = (
        meeting is not None
        and meeting.meeting_id == board.open_meeting_id
        and meeting.kind is MeetingKind.REVIEW_CONFERENCE
    )
    ask = is_open_review and not views
    since = (
        f"since the {MEETING_NAMES[last.kind].lower()} on {last.opened.at.day} "
        f"{last.opened.at:%B %Y}"
        if last is not None
        else "yet"
    )
    name = board.child_name or "the child"
    question = (
        f"No views from {name} have been recorded {since}. A judgement about increased "
        f"safety cannot be completed until the child's feedback is heard. Record the "
        f"decision anyway?"
        if ask
        else ""
    )
    return ChildViewsCheck(last, views, _heard(board, views), ask, question)
