"""The case's course: dates of what happens off the board, next steps (who does what by
when, and when it is done), and the trajectory's milestones."""

from __future__ import annotations

from datetime import date

from board.commands.base import Command, CommandRefused, Context, checked_name, checked_text
from board.commands.outcomes import meeting_day, refuse_before
from board.events import (
    CaseDateRecorded,
    Fact,
    LateConferenceSignedOff,
    MappingSharedWithFamily,
    MilestoneAgreed,
    MilestoneMarked,
    NextStepAgreed,
    NextStepChanged,
    NextStepMarked,
    ReviewIntervalAgreed,
    StrategyDiscussionHeld,
)
from board.practice import (
    CASE_DATE_NAMES,
    CASE_DATES,
    FRAMEWORK_NAMES,
    CaseDate,
    Framework,
    MeetingKind,
    SeniorRole,
)
from board.projections.board import Board, Milestone, NextStep
from board.timescales import day_in_england, icpc_due


class RecordStrategyDiscussion(Command, frozen=True, tag="record_strategy_discussion"):
    """The date of the strategy discussion that started section 47 enquiries."""

    held_on: date


class RecordMappingShared(Command, frozen=True, tag="record_mapping_shared"):
    """The date the assessment (mapping) was shared with the family."""

    shared_on: date


class RecordCaseDate(Command, frozen=True, tag="record_case_date"):
    """A date of the course that happens off the board (the referral, the start of the
    assessment, a keyworker's visit...), for the case's framework's timescales."""

    which: CaseDate
    on: date


class SignOffLateConference(Command, frozen=True, tag="sign_off_late_conference"):
    """The Head of Service's or Deputy Director's sign-off of an initial conference
    later than 15 working days after the strategy discussion: who, and why."""

    signed_by: str
    senior_role: SeniorRole
    reason: str
    conference_on: date


class AgreeReviewInterval(Command, frozen=True, tag="agree_review_interval"):
    """How often the child in need plan is reviewed (in weeks), and why."""

    weeks: int
    reason: str


class AgreeNextStep(Command, frozen=True, tag="agree_next_step"):
    """`owner`: a person of the case (their id) or a member of its staff (username)."""

    text: str
    owner: str
    due: date


class ChangeNextStep(Command, frozen=True, tag="change_next_step"):
    step_id: str
    text: str
    owner: str
    due: date


class MarkNextStep(Command, frozen=True, tag="mark_next_step"):
    step_id: str
    done: bool = True


class AgreeMilestone(Command, frozen=True, tag="agree_milestone"):
    text: str
    target: date


class MarkMilestone(Command, frozen=True, tag="mark_milestone"):
    milestone_id: str
    reached: bool = True


def agreed_on(board: Board) -> date | None:
    """The day a step agreed now is agreed: the open meeting's day, or between meetings
    the day of the board's latest change (the rules have no clock of their own)."""
    meeting = board.open_meeting
    if meeting is not None:
        return meeting_day(meeting)
    return day_in_england(board.at) if board.at is not None else None


# The course counts working days from the dates staff record: a date outside these years
# is a slip of the keyboard (0202, 9999), and counting from it would run off the calendar.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)


def refuse_odd_date(when: date, what: str) -> None:
    if not EARLIEST_DAY <= when <= LATEST_DAY:
        raise CommandRefused(
            "date_out_of_range",
            f"The {what} ({when.day} {when:%B} {when.year}) is not a date in this case's "
            f"life: please check the year.",
        )


def _refuse_before_now(board: Board, when: date, what: str) -> None:
    day = agreed_on(board)
    if day is not None:
        refuse_before(when, day, what)


def checked_owner(board: Board, owner: str) -> str:
    person = board.people.get(owner)
    if person is not None and not person.retired:
        return owner
    if owner in board.staff:
        return owner
    raise CommandRefused(
        "owner_not_in_case",
        "A next step's owner is one of the case's people or staff; that person is not.",
    )


def refuse_in_camera(board: Board) -> None:
    """The case's dates are the same for everyone who sees the course: not recorded in a
    meeting for professionals only (whose events the family is never shown)."""
    meeting = board.open_meeting
    if meeting is not None and meeting.professionals_only:
        raise CommandRefused(
            "professionals_only",
            "Dates of the case's course are recorded outside a meeting for professionals "
            "only. Record it after this meeting closes.",
        )


def record_strategy_discussion(
    board: Board, command: RecordStrategyDiscussion, ctx: Context
) -> list[Fact]:
    refuse_in_camera(board)
    refuse_odd_date(command.held_on, "day of the strategy discussion")
    icpcs = [m for m in board.meetings.values() if m.kind is MeetingKind.ICPC]
    if icpcs and command.held_on > meeting_day(icpcs[0]):
        raise CommandRefused(
            "after_conference",
            "The strategy discussion comes before the initial conference "
            f"({meeting_day(icpcs[0]):%d %B %Y}).",
        )
    return [StrategyDiscussionHeld(held_on=command.held_on)]


def record_mapping_shared(board: Board, command: RecordMappingShared, ctx: Context) -> list[Fact]:
    refuse_in_camera(board)
    refuse_odd_date(command.shared_on, "day the mapping was shared")
    return [MappingSharedWithFamily(shared_on=command.shared_on)]


def agree_next_step(board: Board, command: AgreeNextStep, ctx: Context) -> list[Fact]:
    text = checked_text("next step", command.text)
    owner = checked_owner(board, command.owner)
    _refuse_before_now(board, command.due, "due date")
    return [NextStepAgreed(step_id=ctx.new_id(), text=text, owner=owner, due=command.due)]


def _step_or_refuse(board: Board, step_id: str) -> NextStep:
    step = board.next_steps.get(step_id)
    if step is None:
        raise CommandRefused("unknown_next_step", "There is no such next step on this case.")
    return step


def change_next_step(board: Board, command: ChangeNextStep, ctx: Context) -> list[Fact]:
    step = _step_or_refuse(board, command.step_id)
    text = checked_text("next step", command.text)
    owner = checked_owner(board, command.owner)
    refuse_before(command.due, day_in_england(step.agreed.at), "due date")
    if (text, owner, command.due) == (step.text, step.owner, step.due):
        raise CommandRefused("no_change", "That is how the next step is already.")
    return [NextStepChanged(step_id=step.step_id, text=text, owner=owner, due=command.due)]


def mark_next_step(board: Board, command: MarkNextStep, ctx: Context) -> list[Fact]:
    step = _step_or_refuse(board, command.step_id)
    if not ctx.is_staff and ctx.by.participant_id != step.owner:
        raise CommandRefused(
            "not_yours", "Only the person the step is for, or a worker, can mark it."
        )
    if step.done == command.done:
        raise CommandRefused(
            "no_change", "It is already marked done." if step.done else "It is not marked done."
        )
    return [NextStepMarked(step_id=step.step_id, done=command.done)]


def agree_milestone(board: Board, command: AgreeMilestone, ctx: Context) -> list[Fact]:
    text = checked_text("milestone", command.text)
    _refuse_before_now(board, command.target, "target date")
    return [MilestoneAgreed(milestone_id=ctx.new_id(), text=text, target=command.target)]


def _milestone_or_refuse(board: Board, milestone_id: str) -> Milestone:
    milestone = board.milestones.get(milestone_id)
    if milestone is None:
        raise CommandRefused("unknown_milestone", "There is no such milestone on this case.")
    return milestone


def mark_milestone(board: Board, command: MarkMilestone, ctx: Context) -> list[Fact]:
    milestone = _milestone_or_refuse(board, command.milestone_id)
    if milestone.reached == command.reached:
        raise CommandRefused("no_change", "It is already marked so.")
    return [MilestoneMarked(milestone_id=milestone.milestone_id, reached=command.reached)]


def record_case_date(board: Board, command: RecordCaseDate, ctx: Context) -> list[Fact]:
    refuse_in_camera(board)
    refuse_odd_date(command.on, f"day of {CASE_DATE_NAMES[command.which]}")
    if command.which not in CASE_DATES[board.framework]:
        raise CommandRefused(
            "not_this_framework",
            f"{CASE_DATE_NAMES[command.which][:1].upper()}{CASE_DATE_NAMES[command.which][1:]} "
            f"is not a date of a case in {FRAMEWORK_NAMES[board.framework]}.",
        )
    if getattr(board.case_dates, command.which.value) == command.on:
        raise CommandRefused("no_change", "That date is already recorded.")
    return [CaseDateRecorded(which=command.which, on=command.on)]


def sign_off_late_conference(
    board: Board, command: SignOffLateConference, ctx: Context
) -> list[Fact]:
    """Refused without a name or a reason: the note asks who signed it off, and the
    record carries why."""
    refuse_in_camera(board)
    refuse_odd_date(command.conference_on, "day of the conference")
    signed_by = checked_name("who signed it off", command.signed_by)
    if not command.reason.strip():
        raise CommandRefused(
            "sign_off_without_reason",
            "A conference later than 15 working days needs the reason for the delay "
            "with its sign-off. Please write why.",
        )
    reason = checked_text("why", command.reason)
    strategy = board.strategy_discussion
    if strategy is None:
        raise CommandRefused(
            "no_strategy_discussion",
            "Record the strategy discussion first: the 15 working days count from it.",
        )
    due = icpc_due(strategy)
    if command.conference_on <= due:
        raise CommandRefused(
            "conference_not_late",
            f"A conference on {command.conference_on:%d %B %Y} is within 15 working days "
            f"(due by {due:%d %B %Y}): it needs no sign-off.",
        )
    return [
        LateConferenceSignedOff(
            signed_by=signed_by,
            senior_role=command.senior_role,
            reason=reason,
            conference_on=command.conference_on,
        )
    ]


REVIEW_WEEKS_MAX = 52  # a plan reviewed less than once a year is not being reviewed


def agree_review_interval(board: Board, command: AgreeReviewInterval, ctx: Context) -> list[Fact]:
    """The documents set no number: the worker agrees one with the family, with why."""
    refuse_in_camera(board)
    if board.framework is not Framework.SAFETY:
        raise CommandRefused(
            "not_this_framework",
            "A child in need plan's reviews are part of a child in need or child protection case.",
        )
    if not 1 <= command.weeks <= REVIEW_WEEKS_MAX:
        raise CommandRefused(
            "weeks_out_of_range",
            f"Please give a number of weeks from 1 to {REVIEW_WEEKS_MAX}.",
        )
    if not command.reason.strip():
        raise CommandRefused(
            "review_interval_without_reason",
            "Please say why this often: the reviews follow how uncertain the child's "
            "safety and welfare are.",
        )
    reason = checked_text("why", command.reason)
    return [ReviewIntervalAgreed(weeks=command.weeks, reason=reason)]
