"""What is due on each case, kept beside the small case list, so a member of staff's home
page can say what is due soon across their cases without loading any board.

One side stream holds a record per change of a case's course: the steps not yet held
that have a due date (what, due by, booked for). Whether a step is overdue depends on
the day it is read, so that is worked out then. The steps are sealed with the case's
own key where encryption is on, as the case list's titles are.
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import msgspec

from board import events as ev
from board.projections.board import Board
from board.projections.course import DUE_SOON_DAYS, Status, course
from board.storage.case_keys import CaseErased
from board.storage.side_stream import SideStream, stream_id
from board.storage.store import CaseStore

COURSE_LIST_STREAM: UUID = stream_id("course-list")

# Facts that change what a case has due (a meeting held, a decision, a date recorded).
COURSE_FACTS = (
    ev.MeetingOpened,
    ev.MeetingRecordedAfterwards,  # held away from the board, on its own date
    ev.MeetingOutcomeRecorded,  # a strategy discussion's section 47 decision dates the ICPC
    ev.ConferenceDecisionRecorded,
    ev.StrategyDiscussionHeld,
    ev.MappingSharedWithFamily,
    ev.CaseDateRecorded,
    ev.ReviewIntervalAgreed,
    ev.FrameworkChanged,
)


class Due(msgspec.Struct, frozen=True):
    what: str
    due: date
    booked: date | None = None


class CourseNoted(msgspec.Struct, frozen=True):
    case_id: UUID
    sealed_steps: bytes  # list[Due], sealed with the case's key


class DueSoon(msgspec.Struct, frozen=True):
    case_id: UUID
    what: str
    due: date
    booked: date | None
    overdue: bool


_encoder = msgspec.msgpack.Encoder()
_steps = msgspec.msgpack.Decoder(list[Due])


def open_steps(board: Board) -> list[Due]:
    """The steps not yet held that have a due date (the same on any day: a step is
    "not held" whatever the date, and only whether it is overdue changes)."""
    today = date.min  # any day will do: nothing is held by being looked at
    return [
        Due(s.what, s.due, s.booked)
        for s in course(board, today).steps
        # A step missed before the conference is not due any more: it is not done
        # before the conference, not overdue for ever.
        if s.held is None and s.due is not None and s.status is not Status.MISSED
    ]


class CourseList:
    def __init__(self, store: CaseStore) -> None:
        self.store = store
        self.records = SideStream.of(store, CourseNoted)

    def note(self, board: Board) -> None:
        assert board.case_id is not None
        sealed = self.store.seal_for_case(board.case_id, _encoder.encode(open_steps(board)))
        entry = CourseNoted(board.case_id, sealed)
        self.records.append(COURSE_LIST_STREAM, entry)

    def due_soon(
        self, case_ids: list[UUID], today: date, days: int = DUE_SOON_DAYS
    ) -> list[DueSoon]:
        """What is overdue or due within `days` on these cases, soonest first."""
        wanted = set(case_ids)
        latest: dict[UUID, CourseNoted] = {}
        for entry in self.records.read(COURSE_LIST_STREAM):
            if entry.case_id in wanted:
                latest[entry.case_id] = entry
        horizon = today + timedelta(days=days)
        found: list[DueSoon] = []
        for entry in latest.values():
            try:
                steps = _steps.decode(self.store.unseal_for_case(entry.case_id, entry.sealed_steps))
            except CaseErased:
                continue
            found.extend(
                DueSoon(entry.case_id, s.what, s.due, s.booked, today > s.due)
                for s in steps
                if s.due <= horizon
            )
        return sorted(found, key=lambda d: d.due)
