"""Recording what a meeting decided: a conference's decision for each child, and the
outcome of a family network or placement stability meeting."""

from __future__ import annotations

from datetime import date

from board.commands.base import Command, CommandRefused, Context, checked_text
from board.commands.meetings import SECTION_47_DECIDERS, facilitates
from board.commands.people import person_or_refuse
from board.events import ChildDecision, ConferenceDecisionRecorded, Fact, MeetingOutcomeRecorded
from board.practice import (
    CONFERENCES,
    MEETING_NAMES,
    OWN_OUTCOME,
    MeetingKind,
    PlacementOutcome,
    Role,
    plan_words,
)
from board.projections.board import Board, Meeting
from board.projections.wording import day
from board.timescales import day_in_england


class RecordConferenceDecision(Command, frozen=True, tag="record_conference_decision"):
    """The decision of an initial or review conference, for each of the case's children.
    With a plan: the core group (person ids), the lead social worker (a username of
    the case's staff) and the next review's date."""

    meeting_id: str
    children: tuple[ChildDecision, ...]
    core_group: tuple[str, ...] = ()
    lead_social_worker: str = ""
    next_review: date | None = None


class RecordMeetingOutcome(Command, frozen=True, tag="record_meeting_outcome"):
    """What a family network meeting (was a safety plan agreed?), a placement stability
    meeting (what happens to the placement?) or a strategy discussion (do section 47
    enquiries start?) decided, in words."""

    meeting_id: str
    outcome: str
    safety_plan_agreed: bool | None = None
    placement: PlacementOutcome | None = None
    section_47: bool | None = None  # strategy discussions: section 47 enquiries start


def meeting_or_refuse(board: Board, meeting_id: str) -> Meeting:
    meeting = board.meetings.get(meeting_id)
    if meeting is None:
        raise CommandRefused("unknown_meeting", "There is no such meeting on this case.")
    return meeting


def meeting_day(meeting: Meeting) -> date:
    """The day it was held (a meeting recorded afterwards: the day recorded)."""
    return meeting.held_on or day_in_england(meeting.opened.at)


def refuse_before(when: date, meeting_date: date, what: str) -> None:
    if when < meeting_date:
        raise CommandRefused(
            "date_before_meeting",
            f"The {what} ({day(when)}) is before the meeting it was agreed at "
            f"({day(meeting_date)}).",
        )


def _child_decisions(board: Board, command: RecordConferenceDecision) -> tuple[ChildDecision, ...]:
    decided: dict[str, ChildDecision] = {}
    for decision in command.children:
        child = board.children.get(decision.child_id)
        if child is None:
            raise CommandRefused("unknown_child", "There is no such child on this case.")
        if child.child_id in decided:
            raise CommandRefused(
                "child_twice", f"There are two decisions for {child.name}: please give one."
            )
        if decision.category is not None and not decision.subject_to_plan:
            raise CommandRefused(
                "category_without_plan",
                f"A category is given only when {child.name} is subject to a child "
                "protection plan.",
            )
        if decision.category is None and decision.subject_to_plan:
            raise CommandRefused(
                "category_needed",
                f"Please give the category of {child.name}'s child protection plan "
                "(neglect, physical, emotional or sexual abuse).",
            )
        reasons = checked_text(f"reasons for {child.name}", decision.reasons)
        decided[child.child_id] = ChildDecision(
            child.child_id, decision.subject_to_plan, reasons, decision.category
        )
    missing = [c.name for c in board.children.values() if c.child_id not in decided]
    if missing:
        raise CommandRefused(
            "child_missing", f"Please record the decision for {', '.join(missing)} too."
        )
    return tuple(decided.values())


def record_conference_decision(
    board: Board, command: RecordConferenceDecision, ctx: Context
) -> list[Fact]:
    meeting = meeting_or_refuse(board, command.meeting_id)
    if meeting.kind not in CONFERENCES:
        raise CommandRefused(
            "not_a_conference",
            f"A decision about a child protection plan is made at an initial or review "
            f"conference; this is a {MEETING_NAMES[meeting.kind].lower()}.",
        )
    children = _child_decisions(board, command)
    plan = any(child.subject_to_plan for child in children)
    if not plan and (command.core_group or command.lead_social_worker or command.next_review):
        raise CommandRefused(
            "no_plan",
            "With no child subject to a plan there is no core group, lead social worker "
            "or review to record.",
        )
    if plan and not command.core_group:
        raise CommandRefused("core_group_needed", "Please name the core group's members.")
    core_group = tuple(
        dict.fromkeys(person_or_refuse(board, p).person_id for p in command.core_group)
    )
    if plan:
        lead = board.staff.get(command.lead_social_worker)
        if lead is None or lead.role is not Role.SOCIAL_WORKER:
            raise CommandRefused(
                "lead_social_worker_needed",
                "Please name the lead social worker, one of the social workers allocated "
                "to the case.",
            )
        if command.next_review is None:
            raise CommandRefused("next_review_needed", "Please give the next review's date.")
        refuse_before(command.next_review, meeting_day(meeting), "next review date")
    return [
        ConferenceDecisionRecorded(
            meeting_id=meeting.meeting_id,
            children=children,
            core_group=core_group,
            lead_social_worker=command.lead_social_worker,
            next_review=command.next_review,
        )
    ]


def _strategy_outcome(meeting: Meeting, command: RecordMeetingOutcome, ctx: Context) -> Fact:
    """A strategy discussion's decision: whether section 47 enquiries start, recorded by
    the chair or a manager."""
    if ctx.by.role not in SECTION_47_DECIDERS:
        raise CommandRefused(
            "forbidden",
            "The chair or a manager records the strategy discussion's decision.",
        )
    if command.section_47 is None:
        raise CommandRefused("section_47_needed", "Please say whether section 47 enquiries start.")
    if command.safety_plan_agreed is not None or command.placement is not None:
        raise CommandRefused(
            "not_a_family_network_meeting",
            "A strategy discussion decides whether section 47 enquiries start, and nothing "
            "about a safety plan or a placement.",
        )
    return MeetingOutcomeRecorded(
        meeting_id=meeting.meeting_id,
        outcome=checked_text("outcome", command.outcome),
        section_47=command.section_47,
    )


def record_meeting_outcome(board: Board, command: RecordMeetingOutcome, ctx: Context) -> list[Fact]:
    meeting = meeting_or_refuse(board, command.meeting_id)
    name = MEETING_NAMES[meeting.kind].lower()
    if meeting.kind in CONFERENCES:
        raise CommandRefused(
            "conference_decision",
            f"The {name} records a decision for each child, not an outcome in words.",
        )
    if meeting.kind is MeetingKind.STRATEGY:
        return [_strategy_outcome(meeting, command, ctx)]
    if command.section_47 is not None:
        raise CommandRefused(
            "not_a_strategy_discussion",
            "Whether section 47 enquiries start is decided at a strategy discussion.",
        )
    if meeting.kind not in OWN_OUTCOME:
        raise CommandRefused(
            "no_outcome",
            f"A {name} records no outcome here.",
        )
    if not facilitates(meeting.kind, ctx.by):
        raise CommandRefused("forbidden", f"Only the person who chairs the {name} records it.")
    placement_meeting = meeting.kind is MeetingKind.PLACEMENT_STABILITY
    if placement_meeting and command.placement is None:
        raise CommandRefused("placement_needed", "Please say what happens to the placement.")
    if not placement_meeting and command.placement is not None:
        raise CommandRefused(
            "not_a_placement_meeting", f"The {name} does not decide about a placement."
        )
    if not placement_meeting and command.safety_plan_agreed is None:
        raise CommandRefused(
            "plan_agreed_needed",
            f"Please say whether the family agreed a {plan_words(board.framework)}.",
        )
    if placement_meeting and command.safety_plan_agreed is not None:
        raise CommandRefused(
            "not_a_family_network_meeting",
            "A placement stability meeting says what happens to the placement; its "
            "safe care plan is on the board.",
        )
    return [
        MeetingOutcomeRecorded(
            meeting_id=meeting.meeting_id,
            outcome=checked_text("outcome", command.outcome),
            safety_plan_agreed=command.safety_plan_agreed,
            placement=command.placement,
        )
    ]
