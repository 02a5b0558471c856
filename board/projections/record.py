"""The records people take away: the conference record and the fridge-friendly plan.

Both are pure functions of the board at a point in time, so "the plan as agreed at
the initial conference" is just the record of the board at that conference's close.

A record is printed for someone: the professionals' record (staff's own: everything,
what is for professionals only marked so) or the record for the family (their cut:
what is for professionals only is absent). Staff choose; anyone else gets the family's.
"""

from __future__ import annotations

import msgspec

from board.practice import (
    COLUMN_DOMAINS,
    COLUMN_HEADINGS,
    CONFERENCES,
    AbuseCategory,
    Domain,
    domain_heading,
)
from board.projections.addressing import addressing, addressing_words
from board.projections.board import (
    Board,
    DangerStatement,
    HarmStatement,
    Item,
    Meeting,
    NextStep,
    Outcome,
    Participant,
    PlanRule,
    SafetyGoal,
)
from board.projections.scaling import RoundResult, round_result
from board.projections.visibility import ANY_GUEST, Audience

# Whose record, as `?for=` names it, and how the record says so.
FOR_PROFESSIONALS = "professionals"
FOR_THE_FAMILY = "family"
WHOSE_RECORD = {FOR_PROFESSIONALS: "Professionals' record", FOR_THE_FAMILY: "For the family"}


class UnknownRecord(ValueError):
    """`?for=` named no record."""


def whose_record(viewer: Audience, asked: str | None) -> tuple[str, Audience]:
    """Whose record to print, and the audience it is cut for. Staff choose, the
    professionals' record by default; anyone else gets the family's, whatever they
    ask for (a guest's own cut: the family's, with their own votes)."""
    if asked is not None and asked not in WHOSE_RECORD:
        raise UnknownRecord(
            f"There is no record for '{asked[:40]}': ask for 'family' or 'professionals'."
        )
    if not viewer.staff:
        return FOR_THE_FAMILY, viewer
    if asked == FOR_THE_FAMILY:
        return FOR_THE_FAMILY, ANY_GUEST
    return FOR_PROFESSIONALS, viewer


class DomainSection(msgspec.Struct, frozen=True):
    domain: Domain
    heading: str
    items: list[Item]


class ColumnSection(msgspec.Struct, frozen=True):
    heading: str
    domains: list[DomainSection]


class StatementSection(msgspec.Struct, frozen=True):
    number: int
    statement: DangerStatement
    goals: list[SafetyGoal]
    rules: list[PlanRule]  # the family's rules that address it (projections.addressing)
    addressed: str = ""  # in words, with the bottom lines and professionals' part beside


class ChildDecided(msgspec.Struct, frozen=True):
    """One child's decision, with the child's name, for the record."""

    child_name: str
    subject_to_plan: bool
    reasons: str
    category: AbuseCategory | None


class ConferenceRecord(msgspec.Struct, frozen=True):
    child_name: str
    family_name: str
    position: int
    meeting: Meeting | None
    attendees: list[Participant]
    columns: list[ColumnSection]
    statements: list[StatementSection]
    harm_statements: list[HarmStatement]
    scaling: list[RoundResult]
    plan: list[PlanRule]
    next_steps: list[Item]
    decision: str
    # What the meeting decided (board.events.outcomes), and the next steps agreed at it.
    outcome: Outcome | None = None
    children_decided: list[ChildDecided] = msgspec.field(default_factory=list)
    core_group: list[str] = msgspec.field(default_factory=list)  # names
    lead_social_worker: str = ""  # name
    agreed_steps: list[NextStep] = msgspec.field(default_factory=list)


def with_decision_since(board: Board, latest: Board, meeting: Meeting | None) -> Board:
    """The board at a meeting's close, with the decision recorded for that meeting since
    (a chair often records it just after closing the conference): a meeting's decision
    is the latest recorded for it. `board` is a copy the caller owns."""
    if meeting is not None and meeting.meeting_id in latest.outcomes:
        board.outcomes[meeting.meeting_id] = latest.outcomes[meeting.meeting_id]
    return board


def latest_meeting(board: Board) -> Meeting | None:
    meetings = sorted(board.meetings.values(), key=lambda m: m.opened.position)
    return meetings[-1] if meetings else None


def record_title(meeting: Meeting | None) -> str:
    """ "Conference record" for a conference only; every other meeting's is a "Meeting
    record" (a family network meeting or a core group is no conference, W16)."""
    return (
        "Conference record"
        if meeting is not None and meeting.kind in CONFERENCES
        else "Meeting record"
    )


def conference_record(board: Board, meeting: Meeting | None = None) -> ConferenceRecord:
    """The record of a meeting (the latest by default) from the board at its close."""
    meeting = meeting or latest_meeting(board)
    columns = [
        ColumnSection(
            COLUMN_HEADINGS[column],
            [
                DomainSection(d, domain_heading(board.framework, d), board.items_in(d))
                for d in domains
            ],
        )
        for column, domains in COLUMN_DOMAINS.items()
    ]
    statements = [
        StatementSection(
            board.danger_statement_number(s.statement_id),
            s,
            board.goals_for(s.statement_id),
            board.rules_addressing(s.statement_id),
            addressing_words(addressing(board, s.statement_id)),
        )
        for s in board.current_danger_statements()
    ]
    rounds = [
        round_result(r)
        for r in sorted(board.scaling_rounds.values(), key=lambda r: r.opened.position)
        if meeting is None or r.opened.meeting_id == meeting.meeting_id
    ]
    return ConferenceRecord(
        child_name=board.child_name,
        family_name=board.family_name,
        position=board.position,
        meeting=meeting,
        attendees=list(meeting.participants.values()) if meeting else [],
        columns=columns,
        statements=statements,
        harm_statements=list(board.harm_statements.values()),
        scaling=rounds,
        plan=board.current_plan(),
        next_steps=board.items_in(Domain.NEXT_STEPS),
        decision=meeting.decision if meeting else "",
        outcome=board.outcomes.get(meeting.meeting_id) if meeting else None,
        children_decided=_children_decided(board, meeting),
        core_group=_core_group(board, meeting),
        lead_social_worker=_lead_social_worker(board, meeting),
        agreed_steps=[
            s
            for s in board.next_steps.values()
            if meeting is None or s.agreed.meeting_id == meeting.meeting_id
        ],
    )


def _children_decided(board: Board, meeting: Meeting | None) -> list[ChildDecided]:
    outcome = board.outcomes.get(meeting.meeting_id) if meeting else None
    if outcome is None:
        return []
    return [
        ChildDecided(
            board.children[d.child_id].name if d.child_id in board.children else "a child",
            d.subject_to_plan,
            d.reasons,
            d.category,
        )
        for d in outcome.children
    ]


def _core_group(board: Board, meeting: Meeting | None) -> list[str]:
    outcome = board.outcomes.get(meeting.meeting_id) if meeting else None
    if outcome is None:
        return []
    return [board.people[p].name for p in outcome.core_group if p in board.people]


def _lead_social_worker(board: Board, meeting: Meeting | None) -> str:
    outcome = board.outcomes.get(meeting.meeting_id) if meeting else None
    if outcome is None or not outcome.lead_social_worker:
        return ""
    lead = board.staff.get(outcome.lead_social_worker)
    return lead.name if lead else outcome.lead_social_worker
