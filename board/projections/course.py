"""The case's course: the steps its framework's timescales ask for, when each is due,
whether it was done in time, and what is overdue, on a given day. A pure function of
the board and today's date (the caller's clock), so a test can stand on any day.

Each framework has its own course and shows no other's: child protection here (seed
002, flow charts 1, 3, 4 and 5); family wellbeing, looked after and fostering in
board.projections.course_rhythms. A case that moved framework keeps its history (every
meeting stays in "what each meeting decided") and its new course counts from the day it
moved. The steps and their statuses are in board.projections.course_steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from board.practice import MEETING_NAMES, SENIOR_ROLE_NAMES, Framework, MeetingKind
from board.projections.board import Board, Meeting, Milestone, NextStep, Outcome, PlanRule
from board.projections.course_rhythms import looked_after_steps, stability_steps, wellbeing_steps
from board.projections.course_steps import (
    STATUS_NAMES,
    Status,
    Step,
    held_on,
    meetings_by_date,
    meetings_since,
    step,
)
from board.timescales import (
    ASSESSMENT_WORKING_DAYS,
    CORE_GROUP_WORKING_DAYS,
    FAMILY_NETWORK_WORKING_DAYS,
    ICPC_WORKING_DAYS,
    MAPPING_SHARED_DAYS_BEFORE,
    REFERRAL_DECISION_WORKING_DAYS,
    assessment_due,
    cin_review_due,
    cmr_due,
    core_group_due,
    day_in_england,
    family_network_due,
    icpc_due,
    mapping_shared_due,
    referral_decision_due,
    review_due,
    working_days_between,
)

__all__ = [
    "DUE_SOON_DAYS",
    "STATUS_NAMES",
    "Course",
    "HeldMeeting",
    "Status",
    "Step",
    "course",
    "due_soon",
    "held_on",
    "late_by",
    "meetings_by_date",
    "strategy_discussion",
]

DUE_SOON_DAYS = 28  # "due soon" on a home page: within four weeks (time to book it), or overdue

_FAMILY_NETWORK = (MeetingKind.FAMILY_NETWORK, MeetingKind.RAPID_FAMILY_NETWORK)


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
    framework: Framework = Framework.SAFETY
    # A case that moved framework: since when, from which, and the plan's rules whose
    # "who" has not been looked at since ("foster carer will..." for "mother will...").
    moved_on: date | None = None
    moved_from: Framework | None = None
    rules_to_review: tuple[PlanRule, ...] = ()


def strategy_discussion(board: Board) -> date | None:
    """The recorded date, or the first strategy meeting held on the board."""
    if board.strategy_discussion is not None:
        return board.strategy_discussion
    held = [m for m in meetings_by_date(board) if m.kind is MeetingKind.STRATEGY]
    return held_on(held[0]) if held else None


def _ends_plan(outcome: Outcome | None) -> bool:
    return outcome is not None and bool(outcome.children) and not outcome.any_subject_to_plan


def _rules_to_review(board: Board) -> tuple[PlanRule, ...]:
    """The plan's rules in force not changed since the case moved framework."""
    moved = board.framework_moved_at
    if moved is None:
        return ()
    return tuple(
        r
        for r in board.plan.values()
        if not (r.retired or r.proposed or r.set_aside) and r.changed.position < moved
    )


def course(board: Board, today: date) -> Course:
    """The course of the case on `today`, from the board as it stands."""
    meetings = meetings_by_date(board)
    strategy = strategy_discussion(board)
    plan_ended = False
    match board.framework:
        case Framework.SAFETY:
            steps, plan_ended = _child_protection(board, strategy, today)
        case Framework.WELLBEING:
            steps = wellbeing_steps(board, today)
        case Framework.SUCCESS:
            steps = looked_after_steps(board, today)
        case Framework.STABILITY:
            steps = stability_steps(board, today)
    held = [
        HeldMeeting(m, held_on(m), MEETING_NAMES[m.kind], board.outcomes.get(m.meeting_id))
        for m in meetings
    ]
    next_steps = sorted(board.next_steps.values(), key=lambda s: (s.done, s.due))
    milestones = sorted(board.milestones.values(), key=lambda m: m.target)
    return Course(
        today,
        strategy,
        steps,
        held,
        next_steps,
        milestones,
        plan_ended,
        board.framework,
        board.framework_since,
        board.framework_before,
        _rules_to_review(board),
    )


def _referral(board: Board, today: date) -> list[Step]:
    """FC1 and FC3: the decision in one working day, the assessment in 45, both counted
    from the referral (shown once the referral's date is recorded)."""
    dates = board.case_dates
    if dates.referral is None:
        return []
    return [
        step(
            "Decision on the referral",
            f"within {REFERRAL_DECISION_WORKING_DAYS} working day of the referral",
            referral_decision_due(dates.referral),
            dates.referral_decision,
            today,
        ),
        step(
            "Assessment",
            f"within {ASSESSMENT_WORKING_DAYS} working days of the referral",
            assessment_due(dates.referral),
            dates.assessment_done,
            today,
        ),
    ]


def _child_protection(board: Board, strategy: date | None, today: date) -> tuple[list[Step], bool]:
    meetings = meetings_since(board, tuple(MeetingKind))
    icpc = next((m for m in meetings if m.kind is MeetingKind.ICPC), None)
    icpc_day = held_on(icpc) if icpc else None
    icpc_deadline = icpc_due(strategy) if strategy else None
    conference_day = icpc_day or icpc_deadline  # what "before the conference" counts from
    steps = _referral(board, today)

    rapid = next((m for m in meetings if m.kind is MeetingKind.RAPID_FAMILY_NETWORK), None)
    if rapid is not None:
        steps.append(
            step(
                MEETING_NAMES[MeetingKind.RAPID_FAMILY_NETWORK],
                "on the same day as the strategy meeting, in an emergency",
                strategy,
                rapid,
                today,
            )
        )
    fnm = next((m for m in meetings if m.kind in _FAMILY_NETWORK), None)
    started = board.case_dates.assessment_started
    fnm_due = family_network_due(started) if started else None
    if fnm_due is not None and conference_day is not None:
        fnm_due = min(fnm_due, conference_day)
    steps.append(
        step(
            MEETING_NAMES[MeetingKind.FAMILY_NETWORK],
            f"within {FAMILY_NETWORK_WORKING_DAYS} working days of the assessment starting, "
            "and always before the initial conference",
            fnm_due or conference_day,
            fnm,
            today,
            before=icpc_day,
        )
    )
    steps.append(
        step(
            "The mapping shared with the family",
            f"{MAPPING_SHARED_DAYS_BEFORE} days before the initial conference",
            mapping_shared_due(conference_day) if conference_day else None,
            board.mapping_shared,
            today,
            before=icpc_day,
        )
    )
    steps.append(_icpc_step(board, icpc, icpc_deadline, today))
    steps.extend(_child_in_need(board, meetings, today))
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
                step(
                    "First core group meeting",
                    f"within {CORE_GROUP_WORKING_DAYS} working days of the initial conference",
                    core_group_due(icpc_day),
                    core,
                    today,
                )
            )
            reviews, plan_ended = _reviews(board, meetings, icpc, today)
            steps.extend(reviews)
            if any(m.kind is MeetingKind.REVIEW_CONFERENCE for m in meetings) and not plan_ended:
                steps.append(_cmr_step(board, icpc_day, today))
    return steps, plan_ended


def _child_in_need(board: Board, meetings: list[Meeting], today: date) -> list[Step]:
    """FC3 note: a child in need plan is reviewed "in accordance with the degree of
    uncertainty": shown once a child in need meeting is held or an interval agreed."""
    held = [m for m in meetings if m.kind is MeetingKind.CHILD_IN_NEED]
    interval = board.review_interval
    if not held and interval is None:
        return []
    what = "Next child in need review"
    if interval is None:
        return [
            step(
                what,
                "as often as the uncertainty about the child's safety and welfare needs",
                None,
                None,
                today,
                as_agreed=True,
                note="The documents set no number: agree how often with the family, and "
                "why (record it below).",
            )
        ]
    last = held_on(held[-1]) if held else day_in_england(interval.agreed.at)
    every = "every week" if interval.weeks == 1 else f"every {interval.weeks} weeks"
    return [
        step(
            what,
            f"{every}, as agreed: {interval.reason}",
            cin_review_due(last, interval.weeks),
            None,
            today,
        )
    ]


def _icpc_step(board: Board, icpc: Meeting | None, due: date | None, today: date) -> Step:
    """FC4 note: "No conference should exceed 15 working days unless HoS or DD sign off"."""
    late = due is not None and (held_on(icpc) if icpc else today) > due
    signed = board.late_sign_off
    note = None
    if signed is not None:
        note = (
            f"Signed off by {signed.signed_by} ({SENIOR_ROLE_NAMES[signed.senior_role]}) for "
            f"{signed.conference_on.day} {signed.conference_on:%B %Y}: {signed.reason}"
        )
    elif late:
        note = (
            "Later than 15 working days: this needs a Head of Service's or Deputy "
            "Director's sign-off, with the reason (record it below)."
        )
    return step(
        MEETING_NAMES[MeetingKind.ICPC],
        f"within {ICPC_WORKING_DAYS} working days of the strategy discussion",
        due,
        icpc,
        today,
        note=note,
    )


def _cmr_step(board: Board, icpc_day: date, today: date) -> Step:
    """FC5 note: "If the plan is likely to continue beyond six months, refer to the Case
    Management Review. The CMR panel should be built into the trajectory." Asked once a
    review has kept the plan going (its next review is past six months)."""
    return step(
        "Referral to the Case Management Review",
        "before the plan runs past six months; build the panel into the trajectory",
        cmr_due(icpc_day),
        board.case_dates.cmr_referred,
        today,
        note="A review has kept the plan going: it is likely to continue beyond six months.",
    )


def _reviews(
    board: Board, meetings: list[Meeting], icpc: Meeting, today: date
) -> tuple[list[Step], bool]:
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
            return steps, True
    steps.append(_review_step(board, previous, not reviews, None, today))
    return steps, False


def _review_step(
    board: Board, previous: Meeting, first: bool, review: Meeting | None, today: date
) -> Step:
    before = board.outcomes.get(previous.meeting_id)
    rule = (
        "within three months of the initial conference"
        if first
        else "within six months of the review before"
    )
    return step(
        "First review conference" if first else "Review conference",
        rule,
        review_due(held_on(previous), first),
        review,
        today,
        booked=before.next_review if before else None,
    )


def due_soon(course_now: Course, days: int = DUE_SOON_DAYS) -> list[Step]:
    """The steps not yet done that are overdue or due within `days` of today."""
    horizon = course_now.today + timedelta(days=days)
    return [s for s in course_now.steps if s.open and s.due is not None and s.due <= horizon]


def late_by(step: Step, today: date) -> int:
    """Working days past its due date: when it happened late, or today if overdue."""
    if step.due is None:
        return 0
    until = step.held if step.held is not None else today
    return working_days_between(step.due, until)
