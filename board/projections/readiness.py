"""The chair's readiness check before a conference, from the seed's consultation duties:
"CP chairs will always check that danger statements have been developed with the
family, that the assessment (mapping) has been developed and shared with the family
and that the Social Worker has engaged the network to develop a safety plan"; a
family network meeting "will have always taken place prior to conference"; and "the
child's voice is clear". A checklist, not a block: the chair may open the conference
with an item unticked, and knows it.

Pure: the board (as the chair may see it) and the conference it is for.
"""

from __future__ import annotations

from dataclasses import dataclass

from board.practice import (
    FAMILY_AND_NETWORK,
    MEETING_NAMES,
    MeetingKind,
    Role,
    SourceKind,
    danger_statement_words,
    plan_words,
    together,
)
from board.projections.addressing import plan_counts
from board.projections.board import Board, Meeting, Stamp
from board.projections.child_voice import child_views_since_last_conference
from board.projections.wording import day
from board.timescales import MAPPING_SHARED_DAYS_BEFORE, day_in_england


@dataclass(frozen=True)
class Check:
    label: str
    done: bool
    detail: str


def _with_family(board: Board, stamp: Stamp) -> bool:
    """Was this written in a meeting the family (parents, network or child) were in?"""
    meeting = board.meetings.get(stamp.meeting_id or "")
    return meeting is not None and any(
        p.role in FAMILY_AND_NETWORK for p in meeting.participants.values()
    )


def last_conference(board: Board) -> Meeting | None:
    held = [
        m
        for m in board.meetings.values()
        if m.kind in (MeetingKind.ICPC, MeetingKind.REVIEW_CONFERENCE)
    ]
    return max(held, key=lambda m: m.opened.position) if held else None


def next_conference(board: Board) -> MeetingKind:
    """The conference being prepared: the initial one, until it is held."""
    held = any(m.kind is MeetingKind.ICPC for m in board.meetings.values())
    return MeetingKind.REVIEW_CONFERENCE if held else MeetingKind.ICPC


def _since(board: Board, stamp: Stamp) -> bool:
    last = last_conference(board)
    return last is None or stamp.position > last.opened.position


def _danger_statements(board: Board) -> Check:
    words = danger_statement_words(board.framework)
    current = board.current_danger_statements()
    label = f"{words.capitalize()}s developed with the family"
    if not current:
        return Check(label, False, f"No {words} has been written yet.")
    with_family = [
        s for s in current if _with_family(board, s.written) or _with_family(board, s.changed)
    ]
    if len(with_family) == len(current):
        if len(current) == 1:
            return Check(label, True, f"The {words} was written or reworded with the family.")
        return Check(label, True, f"All {len(current)} were written or reworded with the family.")
    numbers = ", ".join(
        str(board.danger_statement_number(s.statement_id)) for s in current if s not in with_family
    )
    return Check(label, False, f"Not yet with the family: {words} {numbers}.")


def _mapping_shared(board: Board) -> Check:
    label = "Mapping shared with the family"
    if board.mapping_shared is None:
        return Check(
            label,
            False,
            f"No date recorded. It is shared {MAPPING_SHARED_DAYS_BEFORE} days before "
            "the conference.",
        )
    last = last_conference(board)
    if last is not None and board.mapping_shared < day_in_england(last.opened.at):
        # A review needs the new mapping shared, not the one before the last conference.
        return Check(
            label,
            False,
            f"Last shared on {day(board.mapping_shared)}, before the last conference.",
        )
    return Check(label, True, f"Shared on {day(board.mapping_shared)}.")


def _family_network_meeting(board: Board) -> Check:
    label = "A family network meeting held"
    held = [
        m
        for m in board.meetings.values()
        if m.kind in (MeetingKind.FAMILY_NETWORK, MeetingKind.RAPID_FAMILY_NETWORK)
        and _since(board, m.opened)
    ]
    if not held:
        since = " since the last conference" if last_conference(board) else ""
        return Check(label, False, f"No family network meeting{since}.")
    latest = max(held, key=lambda m: m.opened.position)
    return Check(
        label,
        True,
        f"{MEETING_NAMES[latest.kind]}, {day(latest.held_on or day_in_england(latest.opened.at))}.",
    )


def _safety_plan(board: Board) -> Check:
    """Only the family's plan counts as addressing a statement (projections.addressing);
    bottom lines and what professionals do are counted beside it, in those words."""
    label = f"A {plan_words(board.framework)} in place"
    if not board.current_plan():
        return Check(label, False, "The plan has no rules yet.")
    counts = plan_counts(board)
    words = danger_statement_words(board.framework)
    unaddressed = [
        str(board.danger_statement_number(s.statement_id))
        for s in board.current_danger_statements()
        if not board.rules_addressing(s.statement_id)
    ]
    if unaddressed:
        return Check(
            label,
            False,
            f"{counts}; no rule in the family's plan yet for {words} {', '.join(unaddressed)}.",
        )
    return Check(label, True, f"{counts}; the family's plan addresses every {words}.")


def in_own_words(board: Board) -> str:
    """Whose own words a child's items are: "Lily's", or "the children's" when the case
    has more than one child (a source's free text is not read to guess which)."""
    children = list(board.children.values())
    return f"{children[0].name}'s" if len(children) == 1 else "the children's"


def _childs_views(board: Board) -> Check:
    """The child's own words since the last conference: their three houses (in their
    own words or told to a worker), something they added or said as they scaled, or an
    item whose source is recorded as the child (its kind, E66: never guessed from the
    source's free text)."""
    label = "The child's views recorded"
    houses = child_views_since_last_conference(board).views
    said = [
        i
        for i in board.live_items()
        if _since(board, i.added)
        and (i.added.by.role is Role.CHILD or i.source_kind is SourceKind.CHILD)
    ]
    scaled = [
        v
        for r in board.scaling_rounds.values()
        for v in r.votes.values()
        if v.role is Role.CHILD and _since(board, v.cast)
    ]
    if not houses and not said and not scaled:
        since = " since the last conference" if last_conference(board) else ""
        return Check(label, False, f"Nothing from the child{since}.")
    parts = []
    if houses:
        parts.append(f"{len(houses)} in their three houses")
    if said:
        things = "thing" if len(said) == 1 else "things"
        parts.append(f"{len(said)} {things} in {in_own_words(board)} own words on the mapping")
    if scaled:
        parts.append(f"{len(scaled)} scaling answer{'' if len(scaled) == 1 else 's'}")
    return Check(label, True, f"In the child's words: {together(parts)}.")


def readiness(board: Board) -> list[Check]:
    """The checks before the next conference, in the order the chair asks them."""
    return [
        _danger_statements(board),
        _mapping_shared(board),
        _family_network_meeting(board),
        _safety_plan(board),
        _childs_views(board),
    ]
