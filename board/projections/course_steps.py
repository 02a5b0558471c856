"""A step of a case's course and how it stands on a day: the pieces every framework's
course (board.projections.course, board.projections.course_rhythms) is made of.

A step is, on `today`:
- HELD: it happened by its due date;
- LATE: it happened, after its due date;
- DUE: it has not happened, and its due date has not passed;
- OVERDUE: it has not happened, and its due date has passed;
- MISSED: it had to happen before something that has now happened without it (a family
  network meeting before the conference): it reads "not done before the conference",
  not an "Overdue" that grows for ever;
- AS_AGREED: the documents give no number of days, so there is no due date to count;
- UNKNOWN: it has not happened, and there is nothing yet to count from.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from board.practice import MeetingKind
from board.projections.board import Board, Meeting
from board.timescales import Due, day_in_england


class Status(enum.StrEnum):
    HELD = "held"
    LATE = "late"
    DUE = "due"
    OVERDUE = "overdue"
    MISSED = "missed"
    AS_AGREED = "as_agreed"
    UNKNOWN = "unknown"


STATUS_NAMES: dict[Status, str] = {
    Status.HELD: "Held in time",
    Status.LATE: "Held late",
    Status.DUE: "Due",
    Status.OVERDUE: "Overdue",
    Status.MISSED: "Not done before the conference",
    Status.AS_AGREED: "As agreed",
    Status.UNKNOWN: "Date not known yet",
}

# A step that is not a meeting (the mapping shared, a visit, a plan made, a referral) is
# done, not held (W19).
DONE_NAMES: dict[Status, str] = {Status.HELD: "Done in time", Status.LATE: "Done late"}


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
    due_why: str | None = None  # why the due date is before the rule's date
    note: str | None = None  # what else the chair needs to read beside it
    status_words: str | None = None  # instead of STATUS_NAMES (e.g. "not done by...")

    @property
    def open(self) -> bool:
        return self.status in (Status.DUE, Status.OVERDUE)

    @property
    def says(self) -> str:
        return self.status_words or STATUS_NAMES[self.status]


def status_on(due: date | None, held: date | None, today: date) -> Status:
    if held is not None:
        return Status.LATE if due is not None and held > due else Status.HELD
    if due is None:
        return Status.UNKNOWN
    return Status.OVERDUE if today > due else Status.DUE


def step(
    what: str,
    rule: str,
    due: Due | date | None,
    held: Meeting | date | None,
    today: date,
    *,
    booked: date | None = None,
    before: date | None = None,
    before_words: str = "Not done before the conference",
    note: str | None = None,
    as_agreed: bool = False,
) -> Step:
    """A step from its rule's due date and what happened. `before`: the day of what it
    had to come before (the conference), once that has happened; `as_agreed`: the
    documents give no number of days. A date given for `held` is a step done, not a
    meeting held."""
    meeting_id = held.meeting_id if isinstance(held, Meeting) else None
    day = held_on(held) if isinstance(held, Meeting) else held
    due_day = due.by if isinstance(due, Due) else due
    why = due.why if isinstance(due, Due) else None
    status = status_on(due_day, day, today)
    words = None
    if before is not None and (day is None or day > before):
        status, words = Status.MISSED, before_words
    elif as_agreed and day is None and due_day is None:
        status = Status.AS_AGREED
    elif day is not None and not isinstance(held, Meeting):
        words = DONE_NAMES.get(status)
    return Step(what, rule, due_day, day, status, booked, meeting_id, why, note, words)


def held_on(meeting: Meeting) -> date:
    """The day it was held: the day recorded for a meeting recorded afterwards, else
    the day it opened on the board."""
    return meeting.held_on or day_in_england(meeting.opened.at)


def meetings_by_date(board: Board) -> list[Meeting]:
    return sorted(board.meetings.values(), key=lambda m: (held_on(m), m.opened.position))


def meetings_since(board: Board, kinds: tuple[MeetingKind, ...]) -> list[Meeting]:
    """The meetings of these kinds held in the case's present framework (from the day
    it moved, if it did), oldest first."""
    moved = board.framework_moved_at
    return [
        m
        for m in meetings_by_date(board)
        if m.kind in kinds and (moved is None or m.opened.position > moved)
    ]
