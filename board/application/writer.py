"""The board application: one method per use case, each load → decide → append.

It keeps the latest board of each case it has touched and calls its listeners with
the new events only after the store has committed them.

A command is decided on the board in memory without reading the store first: the
store refuses an event at a position already taken, so a board that another process
has moved on is found out at the commit, and the case is then read from the store and
the command decided again. A refusal (or a command that changes nothing) is only
given on a board just read from the store, so nobody is refused on a board that was
behind.

Commands on one case that arrive together are committed together: while one
command's events wait for their commit, the next is decided on the board with those
events applied (`ahead`), and its events join the same group commit. If a batch is
not recorded, the ones decided after it are not either (board.application.group_commit), the
case is read from the store again, and their commands are decided again.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from uuid import UUID

from board import events as ev
from board import metrics
from board.application.case_list import CaseList, CaseSummary
from board.application.course_list import COURSE_FACTS, CourseList, DueSoon
from board.application.group_commit import Abandoned, Batch, GroupCommit
from board.commands import Command, CommandRefused, Context, OpenCase, decide
from board.events import Author, CaseEvent, Fact, MeetingClosed, MeetingOpened
from board.practice import Framework
from board.projections.board import Allocation, Board, Participant, copy_board, evolve
from board.projections.changes import Told, evolve_and_tell
from board.projections.timeline import resolve_point
from board.storage.access_log import AccessLog, AccessRecorded
from board.storage.store import CaseStore, StalePosition

log = logging.getLogger(__name__)

# Called with the committed events of one case, in order, each as every audience is
# shown it (board.projections.changes), on the thread that committed them.
Listener = Callable[[Sequence[Told]], None]

# Facts that change how a case is listed (its title, who it is allocated to).
LISTED = (ev.CaseOpened, ev.ChildAdded, ev.StaffAllocated, ev.StaffUnallocated)

SNAPSHOT_EVERY = 250  # events between board snapshots, at least: a load folds this many
# A big board is costly to snapshot, so its snapshots are spaced further apart: one
# event more per this many bytes of snapshot (a 13 MB board: every ~680 events).
SNAPSHOT_BYTES_PER_EVENT = 20_000
REMEMBERED_BEFORE_SNAPSHOT = 1000  # events whose command ids a fresh load reads back
RECENT_COMMANDS = 5000  # command ids remembered per case, to spot a resent command
APPEND_ATTEMPTS = 5


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class _CaseState:
    """What this process holds for one case: its latest committed board, recent command
    ids, and the batches decided but not yet committed and told (in position order)."""

    def __init__(self, snapshot_every: int) -> None:
        self.lock = threading.Lock()
        self.board = Board()
        self.snapshot_at = 0  # the position of the latest snapshot this process knows
        self.snapshot_gap = snapshot_every
        self.recent: OrderedDict[str, list[int]] = OrderedDict()
        # True until the board is read from the store, and again after a commit failed.
        self.stale = True
        self.pending: deque[Batch] = deque()
        self.pending_commands: set[str] = set()  # command keys of the pending batches
        # The board with the pending batches applied, built when a command is decided
        # while others wait for their commit; None when nothing is pending.
        self.ahead: Board | None = None

    def remember(self, event: CaseEvent) -> None:
        if event.command_id is None:
            return
        key = f"{event.by.participant_id}:{event.command_id}"
        self.recent.setdefault(key, []).append(event.position)
        while len(self.recent) > RECENT_COMMANDS:
            self.recent.popitem(last=False)


def _command_key(event: CaseEvent) -> str:
    return f"{event.by.participant_id}:{event.command_id}"


def _in_meetings(
    facts: Sequence[Fact], open_meeting_id: str | None
) -> Iterator[tuple[Fact, str | None]]:
    """Pair each fact with the meeting it happens in: a meeting's opening and closing
    belong to that meeting, and what follows an opening belongs to it."""
    for fact in facts:
        if isinstance(fact, MeetingOpened):
            open_meeting_id = fact.meeting_id
        yield fact, open_meeting_id
        if isinstance(fact, MeetingClosed):
            open_meeting_id = None


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
        self.make_id = make_id
        self.snapshot_every = snapshot_every
        self.listeners: list[Listener] = []
        self.commits = GroupCommit(store)
        self.case_list = CaseList(store)
        self.course_list = CourseList(store)
        self.access_log = AccessLog(store)
        self._cases: dict[UUID, _CaseState] = {}
        self._cases_lock = threading.Lock()

    def close(self) -> None:
        self.store.close()

    def _case(self, case_id: UUID) -> _CaseState:
        with self._cases_lock:
            state = self._cases.get(case_id)
            if state is None:
                state = self._cases[case_id] = _CaseState(self.snapshot_every)
            return state

    def _catch_up(self, case_id: UUID, state: _CaseState) -> None:
        """Tell what this process has committed, then read what the store has after the
        board (another process may have appended). Not while commits of the case are in
        flight: the store would hand back our own events before they are told; the
        board is then as current as those commits will prove."""
        self._settle(case_id, state)
        if state.pending:
            return
        if state.board.position == 0:
            # Start from the newest snapshot, remembering the command ids of the events
            # just before it: a client may resend a command recorded there (its ack was
            # lost with a process that died).
            snapshot = self.store.nearest_snapshot(case_id, None)
            if snapshot is not None:
                state.board, state.snapshot_at = snapshot, snapshot.position
                since = max(0, snapshot.position - REMEMBERED_BEFORE_SNAPSHOT)
                for event in self.store.read(case_id, after=since, upto=snapshot.position):
                    state.remember(event)
        for event in self.store.read(case_id, after=state.board.position):
            self._apply(state, event)
        state.stale = False

    def _read_again(self, case_id: UUID, state: _CaseState) -> None:
        """Wait for the case's commits in flight (under its lock, so no more join them),
        tell them, and read the case from the store."""
        while state.pending:
            # The last one: the earlier ones are done with it. A failure is for its own
            # caller to hear; here the board is read again whatever happened.
            with contextlib.suppress(Exception):
                self.commits.wait(state.pending[-1])
            self._settle(case_id, state)
        self._catch_up(case_id, state)

    def _settle(self, case_id: UUID, state: _CaseState) -> None:
        """Under the case's lock: apply and tell, in position order, every batch of the
        case that has been committed, whichever thread's command it was."""
        while state.pending and state.pending[0].done:
            batch = state.pending.popleft()
            if batch.events[0].command_id is not None:
                state.pending_commands.discard(_command_key(batch.events[0]))
            if batch.error is not None:
                # Not recorded (nor anything decided after it): the board in memory may
                # be behind the store, so it is read again before the next decision.
                state.stale = True
                continue
            told = [self._apply_and_tell(state, event) for event in batch.events]
            if any(isinstance(e.fact, LISTED) for e in batch.events):
                self._list(state.board)
            if any(isinstance(e.fact, COURSE_FACTS) for e in batch.events):
                self._note_course(state.board)
            for listener in self.listeners:
                listener(told)
        if state.stale or not state.pending:
            state.ahead = None

    def _ahead(self, state: _CaseState) -> Board:
        """The board to decide the next command on: the committed one, with the events
        still waiting for their commit applied."""
        if not state.pending:
            return state.board
        if state.ahead is None:
            state.ahead = copy_board(state.board)
            for batch in state.pending:
                for event in batch.events:
                    evolve(state.ahead, event)
        return state.ahead

    def _apply(self, state: _CaseState, event: CaseEvent) -> None:
        evolve(state.board, event)
        state.remember(event)
        self._snapshot(state, event)

    def _apply_and_tell(self, state: _CaseState, event: CaseEvent) -> Told:
        told = evolve_and_tell(state.board, event)
        state.remember(event)
        self._snapshot(state, event)
        return told

    def _list(self, board: Board) -> None:
        try:
            self.case_list.note(board)
        except Exception as error:  # the case is recorded; its listing is caught up later
            log.warning("could not update the case list: %s", type(error).__name__)

    def _note_course(self, board: Board) -> None:
        try:
            self.course_list.note(board)
        except Exception as error:  # the case is recorded; what is due is noted next time
            log.warning("could not note the case's course: %s", type(error).__name__)

    def _snapshot(self, state: _CaseState, event: CaseEvent) -> None:
        if event.position - state.snapshot_at >= state.snapshot_gap:
            try:
                size = self.store.save_snapshot(state.board)
            except Exception as error:  # a snapshot only speeds up loading; never fail for it
                log.warning("could not save a snapshot: %s", type(error).__name__)
                return
            state.snapshot_at = event.position
            state.snapshot_gap = max(self.snapshot_every, size // SNAPSHOT_BYTES_PER_EVENT)

    # -- use cases ---------------------------------------------------------------

    def open_case(
        self, child_name: str, family_name: str, framework: Framework, by: Author
    ) -> UUID:
        return self.open_new_case(
            OpenCase(child_name=child_name, family_name=family_name, framework=framework), by
        )

    def open_new_case(self, command: OpenCase, by: Author) -> UUID:
        """Open a case under a new id; returns the id."""
        case_id = uuid.uuid4()
        self.execute(case_id, command, by)
        return case_id

    def execute(
        self,
        case_id: UUID,
        command: Command,
        by: Author,
        *,
        command_id: str | None = None,
        expected_position: int | None = None,
    ) -> list[CaseEvent]:
        """Check the command against the latest board and record its events.

        Returns the recorded events (for a resent command_id: the events it recorded
        the first time). Raises CommandRefused, with nothing recorded, if it breaks a
        rule or `expected_position` is not the case's latest position.
        """
        try:
            events = self._execute(case_id, command, by, command_id, expected_position)
        except CommandRefused as refusal:
            metrics.refused(refusal.code)
            raise
        metrics.COMMANDS.inc()
        return events

    def _execute(
        self,
        case_id: UUID,
        command: Command,
        by: Author,
        command_id: str | None,
        expected_position: int | None,
    ) -> list[CaseEvent]:
        state = self._case(case_id)
        for attempt in range(APPEND_ATTEMPTS):
            with state.lock:
                decided = self._decide(case_id, state, command, by, command_id, expected_position)
            if not isinstance(decided, Batch):
                return decided
            started = time.perf_counter()
            try:
                self.commits.wait(decided)  # with what other commands commit now
            except StalePosition as taken:
                with state.lock:
                    self._settle(case_id, state)
                if not isinstance(taken, Abandoned):
                    # Another process got there first: decide again on its board, after a
                    # short random pause, so two writers in step fall out of step.
                    time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311 - jitter
                continue
            except Exception:
                with state.lock:
                    self._settle(case_id, state)
                raise
            metrics.COMMIT_SECONDS.observe(time.perf_counter() - started)
            with state.lock:
                # Listeners hear events in position order: the batches before this one
                # are committed too, and told here if their own threads have not yet.
                self._settle(case_id, state)
            return list(decided.events)
        raise CommandRefused("busy", "The board is very busy just now; please try again.")

    def _decide(
        self,
        case_id: UUID,
        state: _CaseState,
        command: Command,
        by: Author,
        command_id: str | None,
        expected_position: int | None,
    ) -> list[CaseEvent] | Batch:
        """Under the case's lock: the command's batch, submitted for commit; or, for a
        command recorded before, its events (told again); or [] for one that changes
        nothing. Raises CommandRefused, decided on the board read from the store."""
        key = None if command_id is None else f"{by.participant_id}:{command_id}"
        self._settle(case_id, state)
        fresh = state.stale  # read from the store just now
        if state.stale:
            self._read_again(case_id, state)
        while True:
            if key is not None:
                if key in state.pending_commands and not fresh:  # sent again meanwhile
                    self._read_again(case_id, state)
                    fresh = True
                done = state.recent.get(key)
                if done:
                    return self._told_again(case_id, done)
            board = self._ahead(state)
            try:
                facts = decide(
                    board, command, Context(by=by, new_id=self.make_id), expected_position
                )
            except CommandRefused:
                if fresh:
                    raise
                facts = []
            if facts or fresh:
                break
            # Refused, or nothing to do, on a board that may be behind the store or ahead
            # of what will be committed: asked again of the board read from the store.
            self._read_again(case_id, state)
            fresh = True
        if not facts:
            return []
        at = self.clock()
        events = [
            CaseEvent(
                case_id=case_id,
                position=board.position + offset,
                at=at,
                by=by,
                meeting_id=meeting_id,
                fact=fact,
                command_id=command_id,
            )
            for offset, (fact, meeting_id) in enumerate(
                _in_meetings(facts, board.open_meeting_id), start=1
            )
        ]
        if state.ahead is not None:
            try:
                for event in events:
                    evolve(state.ahead, event)
            except BaseException:  # built again from the board and the batches pending
                state.ahead = None
                raise
        batch = self.commits.submit(events, after=state.pending[-1] if state.pending else None)
        state.pending.append(batch)
        if key is not None:
            state.pending_commands.add(key)
        return batch

    def _told_again(self, case_id: UUID, done: list[int]) -> list[CaseEvent]:
        """A command recorded before (its answer was lost): its events, handed on again
        in case nobody heard them; screens drop what they already have."""
        events = list(self.store.read(case_id, done[0] - 1, done[-1]))
        board = self.store.board_at(case_id, done[0] - 1)
        told = [evolve_and_tell(board, event) for event in events]
        for listener in self.listeners:
            listener(told)
        return events

    def board(self, case_id: UUID, at: int | None = None) -> Board:
        """The board at a position (latest if None); a copy the caller may keep."""
        if at is None:
            state = self._case(case_id)
            with state.lock:
                self._catch_up(case_id, state)
                return copy_board(state.board)
        return self.store.board_at(case_id, at)

    def import_events(self, events: Iterable[CaseEvent], batch: int = 500) -> list[UUID]:
        """Append exported events into this store, case by case, as they were (same ids,
        positions, times and authors), with snapshots along the way. A case that already
        has events here is refused (StalePosition), never merged."""
        imported: list[UUID] = []
        pending: list[CaseEvent] = []

        def flush() -> None:
            if not pending:
                return
            self.store.append(pending)
            state = self._case(pending[0].case_id)
            with state.lock:
                for event in pending:
                    self._apply(state, event)
            pending.clear()

        for event in events:
            if pending and (event.case_id != pending[0].case_id or len(pending) >= batch):
                flush()
            if event.case_id not in imported:
                imported.append(event.case_id)
            pending.append(event)
        flush()
        for case_id in imported:
            self.case_list.note(self.board(case_id))
            self.course_list.note(self.board(case_id))
        return imported

    def allocation(self, case_id: UUID, username: str) -> Allocation | None:
        """The member of staff's allocation to the case, if they are allocated."""
        state = self._case(case_id)
        with state.lock:
            self._catch_up(case_id, state)
            return state.board.staff.get(username)

    def admitted_as(self, case_id: UUID, joined_as: str) -> Participant | None:
        """Who the device that joined as `joined_as` was let in as, in the case's open
        meeting; None if it is not in the meeting (waiting, removed, or it closed)."""
        state = self._case(case_id)
        with state.lock:
            self._catch_up(case_id, state)
            return state.board.admitted_as(joined_as)

    def events(self, case_id: UUID, after: int = 0, upto: int | None = None) -> Iterator[CaseEvent]:
        return self.store.read(case_id, after, upto)

    def event_at(self, case_id: UUID, position: int) -> CaseEvent | None:
        return self.store.event_at(case_id, position) if position else None

    def case_ids(self) -> list[UUID]:
        return self.store.case_ids()

    def cases_for(self, username: str) -> list[CaseSummary]:
        """The cases allocated to a member of staff (from the small case list)."""
        return self.case_list.for_staff(username)

    def due_soon_for(self, username: str, today: date) -> list[tuple[CaseSummary, DueSoon]]:
        """What is overdue or due soon on the cases allocated to a member of staff."""
        cases = {case.case_id: case for case in self.cases_for(username)}
        return [(cases[d.case_id], d) for d in self.course_list.due_soon(list(cases), today)]

    def record_access(self, case_id: UUID, username: str, what: str) -> None:
        self.access_log.record(case_id, AccessRecorded(username, what, self.clock()))

    def accesses(self, case_id: UUID) -> list[AccessRecorded]:
        return self.access_log.of(case_id)

    def can_write(self) -> bool:
        """Can the store take a write now (not full, not read-only, reachable)?"""
        return self.store.can_write()

    @property
    def store_kind(self) -> str:
        return "postgresql" if self.store.is_postgres else "sqlite"

    def head(self, case_id: UUID) -> int:
        """The case's latest position; 0 for a case that does not exist or was erased."""
        if self.store.is_erased(case_id):
            self.forget(case_id)
            return 0
        return self.store.head(case_id)

    def forget(self, case_id: UUID) -> None:
        """Drop what this process holds of a case (after it was erased)."""
        with self._cases_lock:
            self._cases.pop(case_id, None)

    def erase_case(self, case_id: UUID) -> bool:
        try:
            return self.store.erase_case(case_id)
        finally:  # the key is destroyed even when the scrub is left to finish later
            self.forget(case_id)

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

    def resolve_point(self, case_id: UUID, point: str) -> int:
        """The position named by a point: a number, an ISO time, or a meeting."""
        return resolve_point(
            self.board(case_id), point, lambda when: self.position_at_time(case_id, when)
        )
