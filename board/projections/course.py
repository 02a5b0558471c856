"""The case's course: the meetings the timescales ask for, when each is due, whether it
was held in time, and what is overdue, on a given day. A pure function of the board
and today's date (the caller's clock), so a test can stand on any day.

A step is, on `today`:
- HELD: it happened by its due date;
- LATE: it happened, after its due date;
- DUE: it has not happened, and its due date has not passed;
- OVERDUE: it has not happened, and its due date has passed;
- UNKNOWN: it has not happened, and there is nothing yet to count from (the
  strategy discussion has not been recorded).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from board.practice import MEETING_NAMES, MeetingKind
from board.projections.board import Board, Meeting, Milestone, NextStep, Outcome
from board.timescales import (
    CORE_GROUP_WORKING_DAYS,
    ICPC_WORKING_DAYS,
    MAPPING_SHARED_DAYS_BEFORE,
    core_group_due,
    day_in_england,
    icpc_due,
    mapping_shared_due,
    review_due,
    working_days_between,
)

DUE_SOON_DAYS = 28  # "due soon" on a home page: within four weeks (time to book it), or overdue

_FAMILY_NETWORK = (MeetingKind.FAMILY_NETWORK, MeetingKind.RAPID_FAMILY_NETWORK)


class Status(enum.StrEnum):
    HELD = "held"
    LATE = "late"
    DUE = "due"
    OVERDUE = "overdue"
    UNKNOWN = "unknown"


STATUS_NAMES: dict[Status, str] = {
    Status.HELD: "Held in time",
    Status.LATE: "Held late",
    Status.DUE: "Due",
    Status.OVERDUE: "Overdue",
    Status.UNKNOWN: "Date not known yet",
}


@dataclass(frozen=True)
class Step:
    """One step of the course the timescales set."""

    what: str  # "Initial child protection conference"
    rule: str  # "within 15 working days of the strategy discussion"
    due: date | None
    held: date | None
    status: Status
    booked: date | None = None  # the date the last conference set for it
    meeting_id: str | None = None

    @property
    def open(self) -> bool:
        return self.status in (Status.DUE, Status.OVERDUE)


@dataclass(frozen=True)
class HeldMeeting:
    meeting: Meeting
    held: date
    name: str
    outcome: Outcome | None


@dataclass(frozen=True)
class Course:
    today: date
    strategy_discussion: date | None
    steps: list[Step]
    meetings: list[HeldMeeting]
    next_steps: list[NextStep]
    milestones: list[Milestone]
    plan_ended: bool  # a conference decided no child stays subject to a plan


def _status(due: date | None, held: date | None, today: date) -> Status:
    if held is not None:
        return Status.LATE if due is not None and held > due else Status.HELD
    if due is None:
        return Status.UNKNOWN
    return Status.OVERDUE if today > due else Status.DUE


def _step(
    what: str,
    rule: str,
    due: date | None,
    held: Meeting | date | None,
    today: date,
    booked: date | None = None,
) -> Step:
    meeting_id = held.meeting_id if isinstance(held, Meeting) else None
    day = held_on(held) if isinstance(held, Meeting) else held
    return Step(what, rule, due, day, _status(due, day, today), booked, meeting_id)


def held_on(meeting: Meeting) -> date:
    """The day it was held: the day recorded for a meeting recorded afterwards, else
    the day it opened on the board."""
    return meeting.held_on or day_in_england(meeting.opened.at)


def meetings_by_date(board: Board) -> list[Meeting]:
    return sorted(board.meetings.values(), key=lambda m: (held_on(m), m.opened.position))


def strategy_discussion(board: Board) -> date | None:
    """The recorded date, or the first strategy meeting held on the board."""
    if board.strategy_discussion is not None:
        return board.strategy_discussion
    held = [m for m in meetings_by_date(board) if m.kind is MeetingKind.STRATEGY]
    return held_on(held[0]) if held else None


def _ends_plan(outcome: Outcome | None) -> bool:
    return outcome is not None and bool(outcome.children) and not outcome.any_subject_to_plan


def course(board: Board, today: date) -> Course:
    """The course of the case on `today`, from the board as it stands."""
    meetings = meetings_by_date(board)
    strategy = strategy_discussion(board)
    icpc = next((m for m in meetings if m.kind is MeetingKind.ICPC), None)
    icpc_day = held_on(icpc) if icpc else None
    icpc_deadline = icpc_due(strategy) if strategy else None
    conference_day = icpc_day or icpc_deadline  # what "before the conference" counts from
    steps: list[Step] = []

    fnm = next((m for m in meetings if m.kind in _FAMILY_NETWORK), None)
    steps.append(
        _step(
            MEETING_NAMES[MeetingKind.FAMILY_NETWORK],
            "before the initial conference",
            conference_day,
            fnm,
            today,
        )
    )
    shared_due = mapping_shared_due(conference_day) if conference_day else None
    steps.append(
        _step(
            "The mapping shared with the family",
            f"{MAPPING_SHARED_DAYS_BEFORE} days before the initial conference",
            shared_due,
            board.mapping_shared,
            today,
        )
    )
    steps.append(
        _step(
            MEETING_NAMES[MeetingKind.ICPC],
            f"within {ICPC_WORKING_DAYS} working days of the strategy discussion",
            icpc_deadline,
            icpc,
            today,
        )
    )
    plan_ended = False
    if icpc is not None and icpc_day is not None:
        plan_ended = _ends_plan(board.outcomes.get(icpc.meeting_id))
        if not plan_ended:
            core = next(
                (
                    m
                    for m in meetings
                    if m.kind is MeetingKind.CORE_GROUP and m.opened.position > icpc.opened.position
                ),
                None,
            )
            steps.append(
                _step(
                    "First core group meeting",
                    f"within {CORE_GROUP_WORKING_DAYS} working days of the initial conference",
                    core_group_due(icpc_day),
                    core,
                    today,
                )
            )
            steps.extend(_reviews(board, meetings, icpc, today))
            last = [m for m in meetings if m.kind is MeetingKind.REVIEW_CONFERENCE]
            plan_ended = _ends_plan(board.outcomes.get(last[-1].meeting_id)) if last else False
    held = [
        HeldMeeting(m, held_on(m), MEETING_NAMES[m.kind], board.outcomes.get(m.meeting_id))
        for m in meetings
    ]
    next_steps = sorted(board.next_steps.values(), key=lambda s: (s.done, s.due))
    milestones = sorted(board.milestones.values(), key=lambda m: m.target)
    return Course(today, strategy, steps, held, next_steps, milestones, plan_ended)


def _reviews(board: Board, meetings: list[Meeting], icpc: Meeting, today: date) -> list[Step]:
    """Each review held, due from the conference before it; then the next, unless a
    conference ended the plan."""
    steps: list[Step] = []
    previous = icpc
    reviews = [
        m
        for m in meetings
        if m.kind is MeetingKind.REVIEW_CONFERENCE and m.opened.position > icpc.opened.position
    ]
    for number, review in enumerate(reviews):
        steps.append(_review_step(board, previous, number == 0, review, today))
        previous = review
        if _ends_plan(board.outcomes.get(review.meeting_id)):
            return steps
    steps.append(_review_step(board, previous, not reviews, None, today))
    return steps


def _review_step(
    board: Board, previous: Meeting, first: bool, review: Meeting | None, today: date
) -> Step:
    before = board.outcomes.get(previous.meeting_id)
    rule = (
        "within three months of the initial conference"
        if first
        else "within six months of the review before"
    )
    return _step(
        "First review conference" if first else "Review conference",
        rule,
        review_due(held_on(previous), first),
        review,
        today,
        booked=before.next_review if before else None,
    )


def due_soon(course_now: Course, days: int = DUE_SOON_DAYS) -> list[Step]:
    """The steps not yet held that are overdue or due within `days` of today."""
    horizon = course_now.today + timedelta(days=days)
    return [s for s in course_now.steps if s.open and s.due is not None and s.due <= horizon]


def late_by(step: Step, today: date) -> int:
    """Working days past its due date: when it happened late, or today if overdue."""
    if step.due is None:
        return 0
    until = step.held if step.held is not None else today
    return working_days_between(step.due, until)
