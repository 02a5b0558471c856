"""The board's use cases: one method each, over the writer, the store and the read
caches. The web edge, the websocket and the command line all come in here.

Writing is the writer's (board.application.writer: load → decide → append → tell
listeners). Reading is either the latest board, kept by the writer; the board at a
point in the past, folded from the store's snapshots; or a read cache that answers
without loading any board (the case list, what is due, the access record). Every
fault of the store reaches callers as Unavailable or NoSuchCase
(board.application.errors), never in the store's own terms.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import TypeVar
from uuid import UUID

from board import events as ev
from board.application.case_list import CaseList, CaseSummary
from board.application.course_list import COURSE_FACTS, CourseList, DueSoon
from board.application.errors import as_application_fault, guarded, store_faults, translated
from board.application.guest_ranks import GuestRankIndex
from board.application.writer import (
    SNAPSHOT_EVERY,
    CaseWriter,
    Listener,
    Request,
    Sender,
    new_id,
    utc_now,
)
from board.commands import Command, OpenCase
from board.events import Author, CaseEvent
from board.practice import Framework
from board.projections.board import Allocation, Board, Participant, copy_board
from board.projections.changes import Told
from board.projections.guest_ranks import GuestRanks, ranked
from board.projections.timeline import UnknownPoint, resolve_point
from board.projections.visibility import Audience, point_for
from board.storage.access_log import AccessLog, AccessRecorded
from board.storage.accounts import Accounts
from board.storage.invites import Invites
from board.storage.lobby import LobbyRecord
from board.storage.plan_links import PlanLinks
from board.storage.store import CaseStore

log = logging.getLogger(__name__)
V = TypeVar("V")

# Facts that change how a case is listed (its title, who it is allocated to).
LISTED = (ev.CaseOpened, ev.ChildAdded, ev.StaffAllocated, ev.StaffUnallocated)


class BoardApplication:
    def __init__(
        self,
        store: CaseStore,
        *,
        clock: Callable[[], datetime] = utc_now,
        make_id: Callable[[], str] = new_id,
        snapshot_every: int = SNAPSHOT_EVERY,
    ) -> None:
        self.store = store
        self.clock = clock
        self.case_list = CaseList(store)
        self.course_list = CourseList(store)
        self.access_log = AccessLog(store)
        self.writer = CaseWriter(
            store, clock=clock, make_id=make_id, snapshot_every=snapshot_every, noted=self._note
        )
        # Each case's guest ranks (a guest's own positions), kept as events are noted.
        self.guest_ranks = GuestRankIndex(
            lambda case_id, after, upto: self.store.read(case_id, after, upto),
            self.store.head,
            self.writer.latest,
        )
        # The side records the edge reads and keeps, their store faults translated.
        self.accounts = guarded(Accounts(store))
        self.invites = guarded(Invites(store))
        self.lobby = guarded(LobbyRecord(store))
        self.plan_links = guarded(PlanLinks(store))

    @classmethod
    def open(cls, store_url: str, cipher_key: str | None = None) -> BoardApplication:
        """The application over the store at `store_url` (SQLite or PostgreSQL)."""
        return cls(CaseStore(store_url, cipher_key))

    def close(self) -> None:
        self.store.close()

    @property
    def listeners(self) -> list[Listener]:
        """Told every case's committed events, under the case's lock: see the writer."""
        return self.writer.listeners

    def _note(self, board: Board, told: Sequence[Told]) -> None:
        """Keep the read caches up with what was just recorded; the case is recorded
        whatever happens here (what is missed is noted at the next change)."""
        events = [t.staff.event for t in told]  # staff are told each event whole
        try:
            # Whether a guest sees each event was decided in telling it: asked once.
            self.guest_ranks.note(board, events, [not t.guest.withheld for t in told])
        except Exception as error:  # read again from the store at the next use
            self.guest_ranks.forget(board.case_id or events[0].case_id)
            log.warning("could not note the guest ranks: %s", type(error).__name__)
        if any(isinstance(e.fact, LISTED) for e in events):
            try:
                self.case_list.note(board)
            except Exception as error:
                log.warning("could not update the case list: %s", type(error).__name__)
        if any(isinstance(e.fact, COURSE_FACTS) for e in events):
            try:
                self.course_list.note(board)
            except Exception as error:
                log.warning("could not note the case's course: %s", type(error).__name__)

    # -- writing -----------------------------------------------------------------

    def open_case(
        self, child_name: str, family_name: str, framework: Framework, by: Author
    ) -> UUID:
        return self.open_new_case(
            OpenCase(child_name=child_name, family_name=family_name, framework=framework), by
        )

    @translated
    def open_new_case(self, command: OpenCase, by: Author) -> UUID:
        """Open a case under a new id; returns the id."""
        case_id = uuid.uuid4()
        self.writer.execute(case_id, command, by)
        return case_id

    @translated
    def execute(
        self,
        case_id: UUID,
        command: Command,
        by: Author,
        *,
        command_id: str | None = None,
        expected_position: int | None = None,
        sender: Sender | None = None,
    ) -> list[CaseEvent]:
        """Check the command against the latest board and record its events
        (board.application.writer). Raises CommandRefused, with nothing recorded. A
        command from a live connection names its `sender`, whose place on the case
        (a guest in the open meeting, staff allocated) is checked as it is decided."""
        return self.writer.execute(
            case_id,
            command,
            by,
            command_id=command_id,
            expected_position=expected_position,
            sender=sender,
        )

    def execute_many(self, requests: Sequence[Request]) -> list[list[CaseEvent] | Exception]:
        """Commands that arrived together, run as one group commit on this thread
        (board.application.writer's `execute_many`): for each, its events or what
        `execute` would have raised, a store's fault as the application's."""
        return [
            as_application_fault(outcome) if isinstance(outcome, Exception) else outcome
            for outcome in self.writer.execute_many(requests)
        ]

    def import_events(self, events: Iterable[CaseEvent], batch: int = 500) -> list[UUID]:
        """Append exported events into this store, case by case, as they were (same ids,
        positions, times and authors), with snapshots along the way. A case that already
        has events here is refused (StalePosition), never merged."""
        imported = self.writer.import_events(events, batch)
        for case_id in imported:
            self.case_list.note(self.board(case_id))
            self.course_list.note(self.board(case_id))
        return imported

    @translated
    def record_access(self, case_id: UUID, username: str, what: str) -> None:
        self.access_log.record(case_id, AccessRecorded(username, what, self.clock()))

    def forget(self, case_id: UUID) -> None:
        """Drop what this process holds of a case (after it was erased)."""
        self.writer.forget(case_id)
        self.guest_ranks.forget(case_id)

    def erase_case(self, case_id: UUID) -> bool:
        try:
            return self.store.erase_case(case_id)
        finally:  # the key is destroyed even when the scrub is left to finish later
            self.forget(case_id)

    # -- reading -----------------------------------------------------------------

    @translated
    def board(self, case_id: UUID, at: int | None = None) -> Board:
        """The board at a position (latest if None); a copy the caller may keep."""
        if at is None:
            return self.writer.latest(case_id, copy_board)
        return self.store.board_at(case_id, at)

    @translated
    def allocation(self, case_id: UUID, username: str) -> Allocation | None:
        """The member of staff's allocation to the case, if they are allocated."""
        return self.writer.latest(case_id, lambda board: board.staff.get(username))

    @translated
    def admitted_as(self, case_id: UUID, joined_as: str) -> Participant | None:
        """Who the device that joined as `joined_as` was let in as, in the case's open
        meeting; None if it is not in the meeting (waiting, removed, or it closed)."""
        return self.writer.latest(case_id, lambda board: board.admitted_as(joined_as))

    def events(self, case_id: UUID, after: int = 0, upto: int | None = None) -> Iterator[CaseEvent]:
        with store_faults():  # read as they are iterated
            yield from self.store.read(case_id, after, upto)

    @translated
    def event_at(self, case_id: UUID, position: int) -> CaseEvent | None:
        return self.store.event_at(case_id, position) if position else None

    @translated
    def case_ids(self) -> list[UUID]:
        return self.store.case_ids()

    @translated
    def cases_for(self, username: str) -> list[CaseSummary]:
        """The cases allocated to a member of staff (from the small case list)."""
        return self.case_list.for_staff(username)

    @translated
    def due_soon_for(self, username: str, today: date) -> list[tuple[CaseSummary, DueSoon]]:
        """What is overdue or due soon on the cases allocated to a member of staff."""
        cases = {case.case_id: case for case in self.cases_for(username)}
        return [(cases[d.case_id], d) for d in self.course_list.due_soon(list(cases), today)]

    @translated
    def accesses(self, case_id: UUID) -> list[AccessRecorded]:
        return self.access_log.of(case_id)

    def can_write(self) -> bool:
        """Can the store take a write now (not full, not read-only, reachable)?"""
        return self.store.can_write()

    @property
    def store_kind(self) -> str:
        return "postgresql" if self.store.is_postgres else "sqlite"

    @translated
    def head(self, case_id: UUID) -> int:
        """The case's latest position; 0 for a case that does not exist or was erased."""
        if self.store.is_erased(case_id):
            self.forget(case_id)
            return 0
        return self.store.head(case_id)

    @translated
    def ranks(self, case_id: UUID) -> GuestRanks:
        """The case's guest ranks, caught up with the store (board.projections.guest_ranks):
        what every edge asks to give a guest positions of their own."""
        return self.guest_ranks.ranks(case_id)

    @translated
    def position_at_time(self, case_id: UUID, when: datetime) -> int:
        """The position of the last event at or before `when` (0 if none): a binary
        search, so a long case costs a few reads, not a replay."""
        low, high = 0, self.store.head(case_id)
        while low < high:
            middle = (low + high + 1) // 2
            event = self.store.event_at(case_id, middle)
            if event is not None and event.at <= when:
                low = middle
            else:
                high = middle - 1
        return low

    @translated
    def resolve_point(self, case_id: UUID, point: str) -> int:
        """The position named by a point: a number, an ISO time, or a meeting."""
        return resolve_point(
            self.board(case_id), point, lambda when: self.position_at_time(case_id, when)
        )

    # -- points, as each audience names them ---------------------------------------

    @translated
    def position_for(self, case_id: UUID, point: str, audience: Audience) -> int:
        """The position to read when `audience` asks for the board at `point`: the one
        place every reader of points asks. Staff name real positions. A guest names
        guest ranks (board.projections.guest_ranks): a number is a rank, and any point
        is answered at the last event they see at or before it, never inside a meeting
        for professionals only (visibility.point_for); so what they are answered says
        nothing of what is withheld, not even how much."""
        if audience.staff:
            return self.resolve_point(case_id, point)
        ranks = self.ranks(case_id)
        text = point.strip()
        # A number is a rank, unless it is a meeting's id (twelve hex digits may have
        # no letter): a meeting is answered at its close, as for staff.
        numeric = text.isascii() and text.isdigit() and text not in self.board(case_id).meetings
        if numeric and text != "0":
            if len(text) > 18 or int(text) > ranks.count:
                raise UnknownPoint(f"This case has only {ranks.count} changes, not {text}.")
            return ranks.first_position(int(text))
        position = point_for(self.board(case_id), self.resolve_point(case_id, text), audience)
        return ranks.first_position(ranks.rank(position))

    def shown_position(self, case_id: UUID, position: int, audience: Audience) -> int:
        """A real position as `audience` is told it: a guest, its rank."""
        return position if audience.staff else self.ranks(case_id).rank(position)

    def shown(self, case_id: UUID, value: V, audience: Audience) -> V:
        """A board (or part of one, or a diff) already cut for `audience`, with its
        positions as they are told them: a guest's are ranks."""
        return value if audience.staff else ranked(value, self.ranks(case_id))
