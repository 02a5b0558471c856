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
    MEETING_NAMES,
    PLAN_PART_NAMES,
    PLAN_PARTS,
    PLAN_RULE_NAMES,
    AbuseCategory,
    Domain,
    PlanPart,
    PlanRuleKind,
    domain_heading,
)
from board.projections.addressing import addressing, addressing_words
from board.projections.board import (
    AgencyReport,
    Board,
    ChildView,
    DangerStatement,
    HarmStatement,
    Item,
    Meeting,
    Milestone,
    NextStep,
    Outcome,
    Participant,
    PlanRule,
    SafetyGoal,
    Stamp,
)
from board.projections.scaling import RoundResult, round_result
from board.projections.visibility import ANY_GUEST, Audience
from board.projections.wording import day
from board.timescales import day_in_england

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


class ClosedStatement(msgspec.Struct, frozen=True):
    """A danger statement closed (retired as no longer true) at this meeting, or since
    the meeting before it, with the reason given when it was retired."""

    number: int
    statement: DangerStatement
    goals: list[SafetyGoal]
    reason: str
    when: str  # "at this meeting", or "on 3 May 2026, between meetings"


class PlanSection(msgspec.Struct, frozen=True):
    """One part of the plan as the framework names it, its rules in reading order."""

    heading: str
    rules: list[PlanRule]
    empty: str  # what the record says when the part has no rule yet


class StepNow(msgspec.Struct, frozen=True):
    """A next step as it stands at the record's point, whichever meeting agreed it."""

    step: NextStep
    agreed_at: str  # "the initial child protection conference, 24 March 2026"


class ViewHeard(msgspec.Struct, frozen=True):
    """A child's view heard at this meeting, or brought to it (recorded since the
    meeting before)."""

    child_name: str
    view: ChildView
    at_this_meeting: bool


class ReportIn(msgspec.Struct, frozen=True):
    """A partner agency's report sent in before this meeting, and what its points became
    on the map (the items' words, as this record's reader may see them)."""

    report: AgencyReport
    mapped: list[Item]


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
    # What makes it the statutory record (issue #22 item 4).
    closed_statements: list[ClosedStatement] = msgspec.field(default_factory=list)
    plan_parts: list[PlanSection] = msgspec.field(default_factory=list)
    trajectory: list[Milestone] = msgspec.field(default_factory=list)
    steps_now: list[StepNow] = msgspec.field(default_factory=list)
    views_heard: list[ViewHeard] = msgspec.field(default_factory=list)
    reports: list[ReportIn] = msgspec.field(default_factory=list)
    apologies: list[Participant] = msgspec.field(default_factory=list)  # who sent them


def with_decision_since(board: Board, latest: Board, meeting: Meeting | None) -> Board:
    """The board at a meeting's close, with the decision recorded for that meeting since
    (a chair often records it just after closing the conference): a meeting's decision
    is the latest recorded for it. So too who sent apologies, often recorded after the
    meeting. `board` is a copy the caller owns."""
    if meeting is not None and meeting.meeting_id in latest.outcomes:
        board.outcomes[meeting.meeting_id] = latest.outcomes[meeting.meeting_id]
    now = latest.meetings.get(meeting.meeting_id) if meeting is not None else None
    if now is not None and meeting is not None and meeting.meeting_id in board.meetings:
        board.meetings[meeting.meeting_id] = msgspec.structs.replace(
            board.meetings[meeting.meeting_id], apologies=now.apologies
        )
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
        closed_statements=closed_statements(board, meeting),
        plan_parts=plan_parts(board),
        trajectory=sorted(board.milestones.values(), key=lambda m: (m.target, m.agreed.position)),
        steps_now=steps_now(board),
        views_heard=views_heard(board, meeting),
        reports=reports_in(board, meeting),
        apologies=apologies(board, meeting),
    )


def apologies(board: Board, meeting: Meeting | None) -> list[Participant]:
    """Who sent apologies to the meeting, each as one of the case's people on the board
    this record is cut from: on the family's cut, a person for professionals only
    (added in a meeting for professionals only, not shared) is no longer among the
    people, so is not named (board.projections.visibility)."""
    if meeting is None:
        return []
    sent = board.meetings.get(meeting.meeting_id, meeting).apologies  # with_decision_since
    return [p for p in sent.values() if p.participant_id in board.people]


def _window(board: Board, meeting: Meeting | None) -> tuple[int, int]:
    """The stretch of the stream that belongs to a meeting's record: after the meeting
    before it closed (what was done between meetings is brought to this one), up to
    this meeting's close (or the board's point, while it is open)."""
    if meeting is None:
        return 0, board.position
    before = [
        m.closed.position
        for m in board.meetings.values()
        if m.opened.position < meeting.opened.position and m.closed is not None
    ]
    end = meeting.closed.position if meeting.closed is not None else board.position
    return max(before, default=0), end


def _in(stamp: Stamp, window: tuple[int, int]) -> bool:
    return window[0] < stamp.position <= window[1]


def closed_statements(board: Board, meeting: Meeting | None) -> list[ClosedStatement]:
    """The danger statements retired at this meeting, or since the meeting before, each
    with the reason recorded when it was retired (its last change is the retirement:
    a retired statement is not revised)."""
    if meeting is None:
        return []
    window = _window(board, meeting)
    return [
        ClosedStatement(
            board.danger_statement_number(s.statement_id),
            s,
            board.goals_for(s.statement_id),
            s.retired_reason,
            "at this meeting"
            if s.changed.meeting_id == meeting.meeting_id
            else f"on {day(day_in_england(s.changed.at))}, between meetings",
        )
        for s in board.danger_statements.values()
        if s.retired and _in(s.changed, window)
    ]


# The plan's parts in the order it is read: bottom lines first, then the family's own
# rules, what professionals will do, and what happens if the plan cannot be kept (the
# contingency is the local authority's: a part of its own, not one of the tasks).
_PART_ORDER: tuple[tuple[str, tuple[PlanRuleKind, ...], str], ...] = (
    (PLAN_PART_NAMES[PlanPart.BOTTOM_LINES], PLAN_PARTS[PlanPart.BOTTOM_LINES], "No bottom lines."),
    (
        PLAN_PART_NAMES[PlanPart.FAMILY],
        PLAN_PARTS[PlanPart.FAMILY],
        "No rules of the family's yet.",
    ),
    (PLAN_RULE_NAMES[PlanRuleKind.PROFESSIONALS], (PlanRuleKind.PROFESSIONALS,), "Nothing yet."),
    (PLAN_RULE_NAMES[PlanRuleKind.CONTINGENCY], (PlanRuleKind.CONTINGENCY,), "Not set out yet."),
)


def plan_parts(board: Board) -> list[PlanSection]:
    """The plan in force, in its parts (practice.PLAN_PARTS), each part's rules by kind
    in the order the framework reads them, then as they were added."""
    plan = board.current_plan()
    sections = []
    for heading, kinds, empty in _PART_ORDER:
        rules = sorted(
            (r for r in plan if r.kind in kinds),
            key=lambda r: (kinds.index(r.kind), r.added.position),
        )
        sections.append(PlanSection(heading, rules, empty))
    return sections


def _agreed_at(board: Board, stamp: Stamp) -> str:
    meeting = board.meetings.get(stamp.meeting_id) if stamp.meeting_id else None
    if meeting is None:
        return f"between meetings, {day(day_in_england(stamp.at))}"
    held = meeting.held_on or day_in_england(stamp.at)
    return f"the {MEETING_NAMES[meeting.kind].lower()}, {day(held)}"


def steps_now(board: Board) -> list[StepNow]:
    """Every next step agreed so far, as it stands: one list, whichever meeting agreed
    each; those still to do first, each group by when it is due."""
    steps = sorted(board.next_steps.values(), key=lambda s: (s.done, s.due, s.agreed.position))
    return [StepNow(s, _agreed_at(board, s.agreed)) for s in steps]


def views_heard(board: Board, meeting: Meeting | None) -> list[ViewHeard]:
    """The children's views heard at this meeting or brought to it (recorded since the
    meeting before). A view a child keeps for the professionals is on a board cut for
    the family only once the child has agreed (board.projections.visibility)."""
    if meeting is None:
        return []
    window = _window(board, meeting)
    return [
        ViewHeard(
            board.children[v.child_id].name if v.child_id in board.children else "A child",
            v,
            v.recorded.meeting_id == meeting.meeting_id,
        )
        for v in board.child_views.values()
        if _in(v.recorded, window)
    ]


def reports_in(board: Board, meeting: Meeting | None) -> list[ReportIn]:
    """The partner agencies' reports sent in for this meeting: those for its kind of
    meeting, submitted after the one before of that kind opened and before this one
    opened (a report is for the next meeting of its kind)."""
    if meeting is None:
        return []
    earlier = [
        m.opened.position
        for m in board.meetings.values()
        if m.kind is meeting.kind and m.opened.position < meeting.opened.position
    ]
    after = max(earlier, default=0)
    return [
        ReportIn(r, [board.items[i] for i in r.mapped if i in board.items])
        for r in board.agency_reports.values()
        if r.for_meeting is meeting.kind and after < r.submitted.position < meeting.opened.position
    ]


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
