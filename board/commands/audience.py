"""Who a thing is for: staff share with the family something written for professionals
only, and record the two steps the practice asks after a meeting for professionals
only (the family told that it took place, its outcome discussed with them).

The rule of a thing's audience is board.projections.visibility.for_professionals_only;
these commands only record the facts it reads."""

from __future__ import annotations

from datetime import date

from board.commands.base import Command, CommandRefused, Context, checked_text
from board.commands.outcomes import meeting_day, refuse_before
from board.events import (
    Fact,
    FamilyToldOfMeeting,
    MeetingOutcomeDiscussedWithFamily,
    SharedWithFamily,
)
from board.projections.board import Board, Meeting, shareable
from board.projections.entities import SafetyGoal
from board.projections.visibility import for_professionals_only


class ShareWithFamily(Command, frozen=True, tag="share_with_family"):
    """Share with the family a thing written for professionals only (an item, a
    statement, a goal, a rule, a child's view, a next step, a milestone, or a meeting's
    outcome by its meeting's id). `how`: "at the family network meeting", "by phone
    with Esi"; `shared_on`: the day, when it was not today."""

    thing_id: str
    how: str
    shared_on: date | None = None


class RecordFamilyTold(Command, frozen=True, tag="record_family_told"):
    """The family was told that a meeting for professionals only took place."""

    meeting_id: str
    told_on: date
    how: str = ""


class RecordOutcomeDiscussed(Command, frozen=True, tag="record_outcome_discussed"):
    """The outcome of a meeting for professionals only was discussed with the family."""

    meeting_id: str
    discussed_on: date
    how: str = ""


def _refuse_in_camera(board: Board) -> None:
    meeting = board.open_meeting
    if meeting is not None and meeting.professionals_only:
        raise CommandRefused(
            "professionals_only",
            "This meeting is for professionals only: record what was shared with the "
            "family, and what they were told, after it closes.",
        )


def share_with_family(board: Board, command: ShareWithFamily, ctx: Context) -> list[Fact]:
    _refuse_in_camera(board)
    found = shareable(board, command.thing_id)
    if found is None:
        raise CommandRefused("unknown_thing", "There is no such thing on this case to share.")
    collection, thing = found
    if getattr(thing, "kept_for_professionals", False):
        raise CommandRefused(
            "child_must_agree",
            "The child kept this just for the workers: it is shared when the child agrees.",
        )
    if thing.shared is not None:
        raise CommandRefused(
            "already_shared",
            f"This was already shared with the family ({thing.shared.how}).",
        )
    if isinstance(thing, SafetyGoal):
        statement = board.danger_statements.get(thing.statement_id)
        if statement is not None and for_professionals_only(board, "danger_statements", statement):
            raise CommandRefused(
                "statement_not_shared",
                "A goal goes with its danger statement: share the statement first.",
            )
    if not for_professionals_only(board, collection, thing):
        raise CommandRefused(
            "not_professionals_only",
            "The family already sees this: only what is for professionals only is shared.",
        )
    how = checked_text("how", command.how, multiline=False)
    return [SharedWithFamily(thing_id=command.thing_id, how=how, shared_on=command.shared_on)]


def _in_camera_meeting(board: Board, meeting_id: str) -> Meeting:
    meeting = board.meetings.get(meeting_id)
    if meeting is None:
        raise CommandRefused("unknown_meeting", "There is no such meeting on this case.")
    if not meeting.professionals_only:
        raise CommandRefused(
            "not_professionals_only",
            "The family attends this meeting: there is nothing to tell them of it.",
        )
    if meeting.closed is None:
        raise CommandRefused(
            "meeting_still_open", "The meeting is still open: the family is told after it."
        )
    return meeting


def record_family_told(board: Board, command: RecordFamilyTold, ctx: Context) -> list[Fact]:
    _refuse_in_camera(board)
    meeting = _in_camera_meeting(board, command.meeting_id)
    refuse_before(command.told_on, meeting_day(meeting), "date")
    how = checked_text("how", command.how, required=False, multiline=False)
    return [FamilyToldOfMeeting(meeting_id=meeting.meeting_id, told_on=command.told_on, how=how)]


def record_outcome_discussed(
    board: Board, command: RecordOutcomeDiscussed, ctx: Context
) -> list[Fact]:
    _refuse_in_camera(board)
    meeting = _in_camera_meeting(board, command.meeting_id)
    refuse_before(command.discussed_on, meeting_day(meeting), "date")
    how = checked_text("how", command.how, required=False, multiline=False)
    return [
        MeetingOutcomeDiscussedWithFamily(
            meeting_id=meeting.meeting_id, discussed_on=command.discussed_on, how=how
        )
    ]
