"""The write path: load → decide → append → tell listeners, one case at a time.

The writer keeps the latest board of each case it has touched and calls its listeners
with the new events only after the store has committed them.

A command is decided on the board in memory without reading the store first: the
store refuses an event at a position already taken, so a board that another process
has moved on is found out at the commit, and the case is then read from the store and
the command decided again. A refusal (or a command that changes nothing) is only
given on a board just read from the store, so nobody is refused on a board that was
behind.

Commands on one case that arrive together are committed together: while one
command's events wait for their commit, the next is decided on the board with those
events applied (`ahead`), and its events join the same group commit. If a batch is
not recorded, the ones decided after it are not either (board.application.group_commit),
the case is read from the store again, and their commands are decided again.

A command sent from a live connection names its `Sender`: a guest's is decided only
while they are in the case's open meeting, and never while a meeting for professionals
only is open; a member of staff's only while the case is allocated to them. That is
checked on the same board as the rule, under the same lock, so a command queued behind
the chair's removal of a guest (or a manager's unallocation) is refused, never recorded.

So a command is decided again in three cases, each named where it happens:
- *taken*: another process committed at the same positions first (`_commit` says
  TAKEN): decided again on its board, after a short random pause;
- *abandoned*: a batch decided before it in this process was not recorded (ABANDONED):
  decided again at once, on the board read from the store;
- *doubted*: refused, or found to change nothing, on a board that may be behind the
  store (`_decide`): asked once more of the board read from the store.

Listeners run under the case's lock and must not block. They are told each case's
events exactly once and in position order because they are called while the case is
held; so a listener that waits holds up every command on that case. The publisher
(board.ws.publisher) only hands the events to the event loop. A listener that takes
longer than LISTENER_BUDGET is logged.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import random
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import TypeVar
from uuid import UUID

from board import metrics
from board.application.group_commit import Abandoned, Batch, GroupCommit
from board.commands import Command, CommandRefused, Context, decide
from board.events import (
    Author,
    CaseEvent,
    Fact,
    MeetingClosed,
    MeetingOpened,
    MeetingRecordedAfterwards,
)
from board.projections.board import Board, copy_board, evolve
from board.projections.changes import Told, evolve_and_tell
from board.projections.entities import device_of
from board.storage.store import CaseStore, StalePosition
from board.timescales import day_in_england

log = logging.getLogger(__name__)

T = TypeVar("T")

# Called with the committed events of one case, in order, each as every audience is
# shown it (board.projections.changes), on the thread that committed them, under the
# case's lock: it must not block.
Listener = Callable[[Sequence[Told]], None]
# Called with a case's board and the events just applied to it, each as every audience
# is shown it (the read caches: a guest's ranks are judged from the cut already made).
Noter = Callable[[Board, Sequence[Told]], None]

SNAPSHOT_EVERY = 250  # events between board snapshots, at least: a load folds this many
# A big board is costly to snapshot, so its snapshots are spaced further apart: one
# event more per this many bytes of snapshot (a 13 MB board: every ~680 events).
SNAPSHOT_BYTES_PER_EVENT = 20_000
REMEMBERED_BEFORE_SNAPSHOT = 1000  # events whose command ids a fresh load reads back
RECENT_COMMANDS = 5000  # command ids remembered per case, to spot a resent command
APPEND_ATTEMPTS = 8  # with pauses doubling from ~1 ms: ~0.25 s in all before "busy"
LISTENER_BUDGET = 0.05  # seconds a listener may take under the case's lock before a warning


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class Held(enum.Enum):
    """How far this process may trust the board it holds for a case."""

    UNREAD = "unread"  # not read from the store yet (the case was never touched here)
    CURRENT = "current"  # as the store had it, with this process's commits since
    DOUBTFUL = "doubtful"  # a commit failed: the store may differ; read before deciding


class Committed(enum.Enum):
    """What became of a batch given to the group commit."""

    DONE = "done"
    TAKEN = "taken"  # another process recorded at its positions first
    ABANDONED = "abandoned"  # a batch before it was not recorded, so neither was it


class _CaseLock:
    """The case's lock, knowing which thread holds it (listeners are told under it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holder: int | None = None

    def __enter__(self) -> None:
        self._lock.acquire()
        self._holder = threading.get_ident()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._holder = None
        self._lock.release()

    def held_here(self) -> bool:
        return self._holder == threading.get_ident()


class _Case:
    """What this process holds for one case: its latest committed board, recent command
    ids, and the batches decided but not yet committed and told (in position order)."""

    def __init__(self, snapshot_every: int) -> None:
        self.lock = _CaseLock()
        self.board = Board()
        self.held = Held.UNREAD
        self.snapshot_at = 0  # the position of the latest snapshot this process knows
        self.snapshot_gap = snapshot_every
        # Positions as tuples of ints, which the collector stops tracking: 5,000 lists a
        # case would be walked by every full collection.
        self.recent: OrderedDict[str, tuple[int, ...]] = OrderedDict()
        self.pending: deque[Batch] = deque()
        self.pending_commands: set[str] = set()  # command keys of the pending batches
        # The board with the pending batches applied, built when a command is decided
        # while others wait for their commit; None when nothing is pending.
        self.ahead: Board | None = None

    def remember(self, event: CaseEvent) -> None:
        if event.command_id is None:
            return
        key = _command_key(event)
        self.recent[key] = (*self.recent.get(key, ()), event.position)
        while len(self.recent) > RECENT_COMMANDS:
            self.recent.popitem(last=False)


@dataclass(frozen=True)
class Sender:
    """Who sends a command from a live connection, as far as their place on the case is
    checked again when it is decided: a guest (joined with an invite), or a member of
    staff by their account's username. Commands given without one (the command line,
    the HTTP routes, which the gate has just checked) are not."""

    guest: bool = False
    username: str = ""  # staff: the account that must be allocated to the case
    # A guest's device (its place in the lobby): once its person rejoins from another
    # device, this one's commands are refused, even those already queued.
    device: str = ""

    @classmethod
    def of_guest(cls, device: str = "") -> Sender:
        return cls(guest=True, device=device)

    @classmethod
    def of_staff(cls, username: str) -> Sender:
        return cls(username=username)


@dataclass(frozen=True, slots=True)
class Request:
    """One command to run, as `CaseWriter.execute` takes it (for `execute_many`)."""

    case_id: UUID
    command: Command
    by: Author
    command_id: str | None = None
    expected_position: int | None = None
    sender: Sender | None = None


NOT_IN_MEETING = "not_in_meeting"
PROFESSIONALS_ONLY = "professionals_only"
NOT_ALLOCATED = "not_allocated"
SIGNED_OUT = "signed_out"


def refuse_unless_still_there(board: Board, by: Author, sender: Sender | None) -> None:
    """The sender's place on the case, now: a guest in the open meeting (not one for
    professionals only) on the device they were let in on last, a member of staff
    allocated to the case. A CommandRefused with its code otherwise."""
    if sender is None:
        return
    if not sender.guest:
        if sender.username not in board.staff:
            raise CommandRefused(
                NOT_ALLOCATED, "This case is no longer allocated to you, so nothing was saved."
            )
        return
    meeting = board.open_meeting
    if meeting is not None and meeting.professionals_only:
        raise CommandRefused(
            PROFESSIONALS_ONLY,
            "A meeting for professionals only is open, so nothing can be sent from a "
            "guest's screen until it ends. Nothing was saved.",
        )
    there = meeting.participants.get(by.participant_id) if meeting is not None else None
    if sender.device and meeting is not None and sender.device in meeting.signed_out:
        raise CommandRefused(
            SIGNED_OUT,
            "You were let in again on another device, so this one was signed out and "
            "this was not saved.",
        )
    if there is None or not there.present:
        raise CommandRefused(
            NOT_IN_MEETING, "You are no longer in the meeting, so this was not saved."
        )
    if sender.device and device_of(there) != sender.device:
        # Not this device's person any more (moved to another device): the same answer.
        raise CommandRefused(
            SIGNED_OUT,
            "You were let in again on another device, so this one was signed out and "
            "this was not saved.",
        )


def _command_key(event: CaseEvent) -> str:
    return f"{event.by.participant_id}:{event.command_id}"


def _in_meetings(
    facts: Sequence[Fact], open_meeting_id: str | None
) -> Iterator[tuple[Fact, str | None]]:
    """Pair each fact with the meeting it happens in: a meeting's opening and closing
    belong to that meeting, and what follows an opening belongs to it."""
    for fact in facts:
        if isinstance(fact, MeetingRecordedAfterwards):  # opened and closed in itself
            yield fact, fact.meeting_id
            continue
        if isinstance(fact, MeetingOpened):
            open_meeting_id = fact.meeting_id
        yield fact, open_meeting_id
        if isinstance(fact, MeetingClosed):
            open_meeting_id = None


class _Now:
    """The clock read once for a command, when first asked: by a rule about the future
    or for its events' time (so a command reads the clock once, as it always has)."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock
        self.at: datetime | None = None

    def __call__(self) -> datetime:
        if self.at is None:
            self.at = self.clock()
        return self.at


class CaseWriter:
    """Decides commands on each case's latest board and records their events."""

    def __init__(
        self,
        store: CaseStore,
        *,
        clock: Callable[[], datetime] = utc_now,
        make_id: Callable[[], str] = new_id,
        snapshot_every: int = SNAPSHOT_EVERY,
        noted: Noter | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.make_id = make_id
        self.snapshot_every = snapshot_every
        self.noted = noted
        self.listeners: list[Listener] = []
        self.commits = GroupCommit(store)
        self._cases: dict[UUID, _Case] = {}
        self._cases_lock = threading.Lock()

    # -- writing -----------------------------------------------------------------

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
        """Check the command against the latest board and record its events.

        Returns the recorded events (for a resent command_id: the events it recorded
        the first time). Raises CommandRefused, with nothing recorded, if it breaks a
        rule, `expected_position` is not the case's latest position, or the `sender`
        is no longer where they must be (refuse_unless_still_there).
        """
        try:
            events = self._execute(case_id, command, by, command_id, expected_position, sender)
        except CommandRefused as refusal:
            metrics.refused(refusal.code)
            raise
        metrics.COMMANDS.inc()
        return events

    def execute_many(self, requests: Sequence[Request]) -> list[list[CaseEvent] | Exception]:
        """Run commands that arrived together, on one thread, as one group commit: each
        is decided (and its batch submitted) in turn, then the first wait writes every
        batch at once and the rest find theirs done. The answer for each request is
        what `execute` would return, or the exception it would raise (in order). A
        batch whose positions were taken, or that was abandoned, is run again alone."""
        results: list[list[CaseEvent] | Exception] = []
        decided: list[tuple[int, _Case, Batch]] = []
        for request in requests:
            case = self._case(request.case_id)
            outcome: list[CaseEvent] | Exception
            try:
                with case.lock:
                    found = self._decide(
                        request.case_id,
                        case,
                        request.command,
                        request.by,
                        request.command_id,
                        request.expected_position,
                        request.sender,
                    )
            except Exception as error:
                outcome = error
            else:
                if isinstance(found, Batch):
                    decided.append((len(results), case, found))
                    outcome = []  # answered once committed, below
                else:
                    outcome = found
            results.append(outcome)
        for index, case, batch in decided:
            request = requests[index]
            try:
                committed = self._commit(request.case_id, case, batch)
                if committed is Committed.DONE:
                    results[index] = list(batch.events)
                    continue
                if committed is Committed.TAKEN:
                    time.sleep(random.uniform(0, 0.002))  # noqa: S311 - jitter, as _execute
                results[index] = self._run(request)
            except Exception as error:
                results[index] = error
        for outcome in results:
            if isinstance(outcome, CommandRefused):
                metrics.refused(outcome.code)
            elif not isinstance(outcome, Exception):
                metrics.COMMANDS.inc()
        return results

    def _run(self, request: Request) -> list[CaseEvent]:
        return self._execute(
            request.case_id,
            request.command,
            request.by,
            request.command_id,
            request.expected_position,
            request.sender,
        )

    def _execute(
        self,
        case_id: UUID,
        command: Command,
        by: Author,
        command_id: str | None,
        expected_position: int | None,
        sender: Sender | None,
    ) -> list[CaseEvent]:
        case = self._case(case_id)
        for attempt in range(APPEND_ATTEMPTS):
            with case.lock:
                decided = self._decide(
                    case_id, case, command, by, command_id, expected_position, sender
                )
            if not isinstance(decided, Batch):
                return decided  # recorded before (told again), or nothing to record
            committed = self._commit(case_id, case, decided)
            if committed is Committed.DONE:
                return list(decided.events)
            if committed is Committed.TAKEN:
                # Decided again on the other process's board, after a random pause that
                # doubles each time, so two writers in step fall out of step even when a
                # busy machine keeps waking them together.
                time.sleep(random.uniform(0, 0.001 * 2**attempt))  # noqa: S311 - jitter
        raise CommandRefused("busy", "The board is very busy just now; please try again.")

    def _commit(self, case_id: UUID, case: _Case, batch: Batch) -> Committed:
        """Wait for the batch's group commit, then (under the case's lock) tell every
        batch of the case committed by then, in position order, whichever thread's
        command it was. Raises what the store raised, other than a taken position."""
        started = time.perf_counter()
        try:
            self.commits.wait(batch)  # with what other commands commit now
        except StalePosition as taken:
            with case.lock:
                self._settle(case_id, case)
            return Committed.ABANDONED if isinstance(taken, Abandoned) else Committed.TAKEN
        except Exception:
            with case.lock:
                self._settle(case_id, case)
            raise
        metrics.COMMIT_SECONDS.observe(time.perf_counter() - started)
        with case.lock:
            self._settle(case_id, case)
        return Committed.DONE

    def _decide(
        self,
        case_id: UUID,
        case: _Case,
        command: Command,
        by: Author,
        command_id: str | None,
        expected_position: int | None,
        sender: Sender | None,
    ) -> list[CaseEvent] | Batch:
        """Under the case's lock: the command's batch, submitted for commit; or, for a
        command recorded before, its events (told again); or [] for one that changes
        nothing. Raises CommandRefused, decided on the board read from the store."""
        key = None if command_id is None else f"{by.participant_id}:{command_id}"
        now = _Now(self.clock)
        self._settle(case_id, case)
        fresh = case.held is not Held.CURRENT  # then read from the store just now
        if fresh:
            self._read_again(case_id, case)
        while True:
            if key is not None:
                if key in case.pending_commands and not fresh:  # sent again meanwhile
                    self._read_again(case_id, case)
                    fresh = True
                done = case.recent.get(key)
                if done:
                    return self._told_again(case_id, done)
            board = self._ahead(case)
            facts = self._facts(
                board, command, by, expected_position, sender, refuse=fresh, now=now
            )
            if facts or fresh:
                break
            # Doubted: refused, or nothing to do, on a board that may be behind the
            # store or ahead of what will be committed: asked again of the board read
            # from the store.
            self._read_again(case_id, case)
            fresh = True
        if not facts:
            return []
        return self._submit(case_id, case, board, facts, by, command_id, key, now())

    def _facts(
        self,
        board: Board,
        command: Command,
        by: Author,
        expected_position: int | None,
        sender: Sender | None,
        *,
        refuse: bool,
        now: _Now,
    ) -> list[Fact]:
        """What the command records on this board; a refusal is raised only if `refuse`
        (the board was just read from the store), else it is no facts."""
        try:
            refuse_unless_still_there(board, by, sender)
            ctx = Context(by=by, new_id=self.make_id, today=lambda: day_in_england(now()))
            return decide(board, command, ctx, expected_position)
        except CommandRefused:
            if refuse:
                raise
            return []

    def _submit(
        self,
        case_id: UUID,
        case: _Case,
        board: Board,
        facts: Sequence[Fact],
        by: Author,
        command_id: str | None,
        key: str | None,
        at: datetime,
    ) -> Batch:
        """The facts as events after the board, handed to the group commit."""
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
        if case.ahead is not None:
            try:
                for event in events:
                    evolve(case.ahead, event)
            except BaseException:  # built again from the board and the batches pending
                case.ahead = None
                raise
        batch = self.commits.submit(events, after=case.pending[-1] if case.pending else None)
        case.pending.append(batch)
        if key is not None:
            case.pending_commands.add(key)
        return batch

    def _told_again(self, case_id: UUID, done: Sequence[int]) -> list[CaseEvent]:
        """A command recorded before (its answer was lost): its events, handed on again
        in case nobody heard them; screens drop what they already have."""
        events = list(self.store.read(case_id, done[0] - 1, done[-1]))
        board = self.store.board_at(case_id, done[0] - 1)
        self._tell([evolve_and_tell(board, event) for event in events])
        return events

    def _tell(self, told: Sequence[Told]) -> None:
        """Hand committed events to every listener, under the case's lock (see the
        module's docstring): a listener must not block."""
        for listener in self.listeners:
            started = time.perf_counter()
            listener(told)
            spent = time.perf_counter() - started
            if spent > LISTENER_BUDGET:
                log.warning(
                    "a listener took %.0f ms under the case's lock (listeners must not block)",
                    spent * 1000,
                )

    # -- what this process holds of each case ----------------------------------------

    def _case(self, case_id: UUID) -> _Case:
        with self._cases_lock:
            case = self._cases.get(case_id)
            if case is None:
                case = self._cases[case_id] = _Case(self.snapshot_every)
            return case

    def under_case_lock(self, case_id: UUID) -> bool:
        """Does the calling thread hold the case's lock (is it a listener being told)?"""
        with self._cases_lock:
            case = self._cases.get(case_id)
        return case is not None and case.lock.held_here()

    def forget(self, case_id: UUID) -> None:
        """Drop what this process holds of a case (after it was erased)."""
        with self._cases_lock:
            self._cases.pop(case_id, None)

    def latest(self, case_id: UUID, look: Callable[[Board], T]) -> T:
        """`look` at the case's latest board, under its lock, once caught up with the
        store; what it returns must not be (or hold) the board itself."""
        case = self._case(case_id)
        with case.lock:
            self._catch_up(case_id, case)
            return look(case.board)

    def _catch_up(self, case_id: UUID, case: _Case) -> None:
        """Tell what this process has committed, then read what the store has after the
        board (another process may have appended). Not while commits of the case are in
        flight: the store would hand back our own events before they are told; the
        board is then as current as those commits will prove."""
        self._settle(case_id, case)
        if case.pending:
            return
        if case.board.position == 0:
            # Start from the newest snapshot, remembering the command ids of the events
            # just before it: a client may resend a command recorded there (its ack was
            # lost with a process that died).
            snapshot = self.store.nearest_snapshot(case_id, None)
            if snapshot is not None:
                case.board, case.snapshot_at = snapshot, snapshot.position
                since = max(0, snapshot.position - REMEMBERED_BEFORE_SNAPSHOT)
                for event in self.store.read(case_id, after=since, upto=snapshot.position):
                    case.remember(event)
        for event in self.store.read(case_id, after=case.board.position):
            self._apply(case, event)
        case.held = Held.CURRENT

    def _read_again(self, case_id: UUID, case: _Case) -> None:
        """Wait for the case's commits in flight (under its lock, so no more join them),
        tell them, and read the case from the store."""
        while case.pending:
            # The last one: the earlier ones are done with it. A failure is for its own
            # caller to hear; here the board is read again whatever happened.
            with contextlib.suppress(Exception):
                self.commits.wait(case.pending[-1])
            self._settle(case_id, case)
        self._catch_up(case_id, case)

    def _settle(self, case_id: UUID, case: _Case) -> None:
        """Under the case's lock: apply and tell, in position order, every batch of the
        case that has been committed, whichever thread's command it was."""
        while case.pending and case.pending[0].done:
            batch = case.pending.popleft()
            if batch.events[0].command_id is not None:
                case.pending_commands.discard(_command_key(batch.events[0]))
            if batch.error is not None:
                # Not recorded (nor anything decided after it): the board in memory may
                # be behind the store, so it is read again before the next decision.
                case.held = Held.DOUBTFUL
                continue
            told = [self._apply_and_tell(case, event) for event in batch.events]
            if self.noted is not None:
                self.noted(case.board, told)
            self._tell(told)
        if case.held is not Held.CURRENT or not case.pending:
            case.ahead = None

    def _ahead(self, case: _Case) -> Board:
        """The board to decide the next command on: the committed one, with the events
        still waiting for their commit applied."""
        if not case.pending:
            return case.board
        if case.ahead is None:
            case.ahead = copy_board(case.board)
            for batch in case.pending:
                for event in batch.events:
                    evolve(case.ahead, event)
        return case.ahead

    def _apply(self, case: _Case, event: CaseEvent) -> None:
        evolve(case.board, event)
        case.remember(event)
        self._snapshot(case, event)

    def _apply_and_tell(self, case: _Case, event: CaseEvent) -> Told:
        told = evolve_and_tell(case.board, event)
        case.remember(event)
        self._snapshot(case, event)
        return told

    def _snapshot(self, case: _Case, event: CaseEvent) -> None:
        if event.position - case.snapshot_at >= case.snapshot_gap:
            try:
                size = self.store.save_snapshot(case.board)
            except Exception as error:  # a snapshot only speeds up loading; never fail for it
                log.warning("could not save a snapshot: %s", type(error).__name__)
                return
            case.snapshot_at = event.position
            case.snapshot_gap = max(self.snapshot_every, size // SNAPSHOT_BYTES_PER_EVENT)

    # -- importing ---------------------------------------------------------------

    def import_events(self, events: Iterable[CaseEvent], batch: int = 500) -> list[UUID]:
        """Append exported events as they were (same ids, positions, times and authors),
        case by case, with snapshots along the way; returns the cases. A case that
        already has events here is refused (StalePosition), never merged."""
        imported: list[UUID] = []
        pending: list[CaseEvent] = []

        def flush() -> None:
            if not pending:
                return
            self.store.append(pending)
            case = self._case(pending[0].case_id)
            with case.lock:
                for event in pending:
                    self._apply(case, event)
            pending.clear()

        for event in events:
            if pending and (event.case_id != pending[0].case_id or len(pending) >= batch):
                flush()
            if event.case_id not in imported:
                imported.append(event.case_id)
            pending.append(event)
        flush()
        return imported
