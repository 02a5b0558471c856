"""The store benchmark: ingest rate and board-at-position time on a durable SQLite file.

    .venv/bin/python -m bench.store              # the figures in docs/benchmarks.md
    .venv/bin/python -m bench.store --quick      # a smoke run of a few seconds
    .venv/bin/python bench/store.py --events 20000 --json /tmp/figures.json

Everything runs on SQLite files in a fresh temporary directory, with the eventsourcing
library's own settings (WAL journal, SQLite's default synchronous=FULL): every append
is a durable commit. The case is a long, made-up Signs of Safety case told meeting by
meeting; every command in it passes the board's rules (`board.commands.decide`).

Phases:
  1. ingest through `BoardApplication.execute`: one command per transaction;
  2. ingest through `CaseStore.append`, 100 events per append (events built beforehand);
  3. build an N-event case (default 100,000): the same commands decided and folded in
     memory, appended 100 events at a time, with a board snapshot every 250 positions
     (what BoardApplication would have saved);
  4. the board at late positions: the first load in a newly opened store (one store per
     run, so nothing is in memory yet), the same again on one store, and no snapshots;
  5. a full rebuild (no snapshots, at the head) against a bare select + decode + fold,
     and a raw sqlite3 select, to show where the time goes;
  6. `execute` at the head of the N-event case (its snapshots are now large);
  7. the same case with AES encryption at rest: build, then the board at positions.

Progress goes to stderr; the figures go to stdout as Markdown tables (and to --json).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import hashlib
import inspect
import io
import json
import math
import os
import platform
import pstats
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.cryptography import AESCipher

import board as board_package
from board import commands as c
from board.application.service import BoardApplication
from board.commands import Context, decide
from board.events import Author, CaseEvent, MeetingClosed, MeetingOpened
from board.events.codec import decode_body
from board.practice import (
    BOTTOM_LINE_LIMIT,
    MEETING_KINDS,
    PROFESSIONALS_ONLY,
    Domain,
    Framework,
    ItemKind,
    PlanRuleKind,
    Role,
)
from board.projections.board import Board, decode_board, encode_board, evolve
from board.storage.store import CaseStore

TARGET_BOARD_MS = 50.0  # the board at any position of a 100,000-event case
TARGET_INGEST = 2000.0  # events per second, durable
BATCH = 100  # events per CaseStore.append in phases 2, 3 and 7
SNAPSHOT_EVERY = 250  # as BoardApplication

# Parts of the plan only staff (bottom lines: the social worker or manager) may write.
SOCIAL_WORKER_WRITES = frozenset(
    {PlanRuleKind.BOTTOM_LINE, PlanRuleKind.CONTINGENCY, PlanRuleKind.PROFESSIONALS}
)

Do = Callable[[Author, c.Command], list[CaseEvent]]


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- the case: people, words, and a script of meetings --------------------------------

CHAIR = Author("staff-chair", "Sam Reid", Role.CHAIR)
SOCIAL_WORKER = Author("staff-sw", "Amira Khan", Role.SOCIAL_WORKER)
MANAGER = Author("staff-manager", "Helen Ward", Role.MANAGER)
OTHERS = (
    Author("p-jess", "Jess (mum)", Role.PARENT),
    Author("p-dan", "Dan (Jess's partner)", Role.PARENT),
    Author("p-pat", "Gran Pat", Role.NETWORK_MEMBER),
    Author("p-sophie", "Aunt Sophie", Role.NETWORK_MEMBER),
    Author("p-mo", "Uncle Mo", Role.NETWORK_MEMBER),
    Author("p-hughes", "Ms Hughes (school)", Role.PROFESSIONAL),
    Author("p-okafor", "Nurse Okafor (health visitor)", Role.PROFESSIONAL),
    Author("p-lily", "Lily", Role.CHILD),
    Author("p-student", "Student social worker", Role.OBSERVER),
)
STAFF = (CHAIR, SOCIAL_WORKER, MANAGER)

SAYINGS = (
    "Police were called to the home after neighbours heard shouting late at night",
    "Lily told her teacher she hid under her bed when the shouting started",
    "Dan drinks heavily at weekends and is sometimes still drunk on Sunday morning",
    "Jess has had low mood since her father died and finds mornings hard",
    "Gran Pat has Lily to stay on Friday nights and always brings her back on time",
    "Aunt Sophie lives two streets away and sees Lily most days after school",
    "Lily's attendance this term is 81% and she is often late on Mondays",
    "Jess reads with Lily every night and Lily loves their library trips",
    "Dan has been to six sessions at the community alcohol service",
    "Lily is kind to other children and loves drawing animals",
    "There is no working smoke alarm and the back door does not lock",
    "The family is behind on rent and worried about being evicted",
)
SOURCES = ("police", "school", "Gran Pat", "health visitor", "Jess", "Lily", "GP", "")
SCALE = (
    "On a scale of 0 to 10, how safe is Lily at home today?",
    "Lily is certain to be hurt again if nothing changes",
    "Everyone is confident Lily is safe enough for the case to close",
)


class Clock:
    """Case time: a minute or so between changes, a couple of weeks between meetings."""

    def __init__(self) -> None:
        self.now = datetime(2020, 1, 6, 9, 30, tzinfo=UTC)
        self.step = 0

    def __call__(self) -> datetime:
        self.step += 1
        self.now += timedelta(seconds=20 + self.step % 97)
        return self.now

    def next_meeting(self) -> None:
        self.now += timedelta(days=14)


class Ids:
    """Ids like the application's (12 hex characters), but repeatable."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"{self.n:012x}"


@dataclass
class _ItemState:
    author: Author
    domain: Domain
    changed: int
    removed: bool = False


class CaseScript:
    """A long case, meeting after meeting, sending only commands the rules accept.

    Each meeting: the chair opens it and admits 5-8 people; then, in a shuffled
    order, about 30 items added, 60 edited, 12 moved and 5 removed, two scaling
    rounds (everyone scores, a few change their score, the chair reveals and
    closes), plan rules added, amended and retired, statements written and revised;
    then the chair closes it. About 160 events a meeting; at 100,000 events the board
    holds ~18,600 items, ~9,000 votes and ~3,100 plan rules (a ~13 MB snapshot).
    """

    ACTIVITIES = (
        ("add_item", 30),
        ("edit_item", 60),
        ("move_item", 12),
        ("remove_item", 5),
        ("scale", 2),
        ("add_rule", 5),
        ("amend_rule", 8),
        ("retire_rule", 1),
        ("statement", 4),
    )

    def __init__(self, limit: int, seed: int = 2026) -> None:
        self.limit = limit  # stop once the case has this many events
        self.rng = random.Random(seed)
        self.clock = Clock()
        self.ids = Ids()
        self.position = 0
        self.n = 0
        self.items: dict[str, _ItemState] = {}
        self.item_order: list[str] = []
        self.statements: list[str] = []  # current danger statements
        self.goals: dict[str, str] = {}  # goal -> its danger statement
        self.harms: list[str] = []
        self.rules: dict[str, Author] = {}  # current plan rules -> author
        self.rule_kinds: dict[str, PlanRuleKind] = {}
        self.bottom_lines = 0
        self.meeting: list[Author] | None = None  # who is in the open meeting
        self._do: Do | None = None

    @property
    def done(self) -> bool:
        return self.position >= self.limit

    def run(self, do: Do) -> None:
        """Send commands through `do` until the case has `limit` events (resumable)."""
        self._do = do
        if self.position == 0:
            self.send(SOCIAL_WORKER, c.OpenCase(child_name="Lily", family_name="the Bennetts"))
        if self.meeting is not None and not self.done:
            self.send(CHAIR, c.CloseMeeting(decision="Adjourned."))
            self.meeting = None
        while not self.done:
            self.hold_meeting()

    def send(self, by: Author, command: c.Command) -> list[CaseEvent]:
        assert self._do is not None
        events = self._do(by, command)
        self.position = events[-1].position
        return events

    def words(self, base: str = "") -> str:
        self.n += 1
        return f"{base or self.rng.choice(SAYINGS)} (note {self.n})"

    def someone(self) -> Author:
        """Anyone in the meeting who may change the board (not the observer)."""
        assert self.meeting is not None
        return self.rng.choice([p for p in self.meeting if p.role is not Role.OBSERVER])

    def hold_meeting(self) -> None:
        if self.limit - self.position < 2:  # opening a meeting records two events
            self.add_item(SOCIAL_WORKER)
            return
        self.clock.next_meeting()
        rng = self.rng
        chair = CHAIR
        others = rng.sample(OTHERS, rng.randint(4, 7))
        people = [SOCIAL_WORKER, *others] + ([MANAGER] if rng.random() < 0.3 else [])
        # Meetings for professionals only are left out: the family is never let in, and
        # nothing they have seen may change there, which this script does not track.
        # A child protection case (OpenCase's default) holds only its own meetings.
        kind = rng.choice(
            [k for k in MEETING_KINDS[Framework.SAFETY] if k not in PROFESSIONALS_ONLY]
        )
        self.send(chair, c.OpenMeeting(kind=kind))
        self.meeting = [chair]
        for person in people:
            if self.done:
                return
            if person.role in (Role.SOCIAL_WORKER, Role.MANAGER):
                self.send(person, c.JoinMeeting())  # staff join with their own account
            else:
                self.send(
                    chair,
                    c.AdmitParticipant(
                        participant_id=person.participant_id, name=person.name, role=person.role
                    ),
                )
            self.meeting.append(person)
        plan = [name for name, count in self.ACTIVITIES for _ in range(count)]
        rng.shuffle(plan)
        for name in plan:
            if self.done:
                return
            getattr(self, name)(self.someone())
        if self.done:
            return
        leaving = rng.choice(others)
        self.send(leaving, c.LeaveMeeting())
        if self.done:
            return
        # The script records no child's views, so at a review the chair goes ahead anyway.
        decision = self.words("Plan reviewed; next meeting set")
        self.send(chair, c.CloseMeeting(decision=decision, without_child_views=True))
        self.meeting = None

    # -- activities -------------------------------------------------------------

    def _recent_item(self) -> str | None:
        """A live item, mostly one of the last 200 added (people work on what is new)."""
        order = self.item_order
        for _ in range(20):
            if not order:
                return None
            window = 200 if self.rng.random() < 0.8 else len(order)
            item_id = order[-self.rng.randint(1, min(window, len(order)))]
            if not self.items[item_id].removed:
                return item_id
        return None

    def add_item(self, by: Author) -> None:
        command = c.AddItem(
            domain=self.rng.choice(list(Domain)),
            text=self.words(),
            kind=self.rng.choice(list(ItemKind)),
            source=self.rng.choice(SOURCES),
        )
        events = self.send(by, command)
        item_id = events[0].fact.item_id  # type: ignore[attr-defined]
        self.items[item_id] = _ItemState(by, command.domain, events[0].position)
        self.item_order.append(item_id)

    def _editor(self, item: _ItemState, by: Author) -> Author:
        assert self.meeting is not None
        if by.role in (Role.CHAIR, Role.SOCIAL_WORKER, Role.MANAGER):
            return by
        return item.author if item.author in self.meeting else SOCIAL_WORKER

    def edit_item(self, by: Author) -> None:
        item_id = self._recent_item()
        if item_id is None:
            return self.add_item(by)
        item = self.items[item_id]
        events = self.send(
            self._editor(item, by),
            c.EditItem(
                item_id=item_id,
                text=self.words(),
                kind=self.rng.choice(list(ItemKind)),
                source=self.rng.choice(SOURCES),
                based_on=item.changed,
            ),
        )
        item.changed = events[0].position
        return None

    def move_item(self, by: Author) -> None:
        item_id = self._recent_item()
        if item_id is None:
            return self.add_item(by)
        item = self.items[item_id]
        domain = self.rng.choice([d for d in Domain if d is not item.domain])
        events = self.send(self._editor(item, by), c.MoveItem(item_id=item_id, domain=domain))
        item.domain, item.changed = domain, events[0].position
        return None

    def remove_item(self, by: Author) -> None:
        item_id = self._recent_item()
        if item_id is None:
            return self.add_item(by)
        item = self.items[item_id]
        self.send(self._editor(item, by), c.RemoveItem(item_id=item_id))
        item.removed = True
        return None

    def scale(self, by: Author) -> None:
        assert self.meeting is not None
        question, zero, ten = SCALE
        statement = self.rng.choice(self.statements) if self.statements else None
        events = self.send(
            CHAIR,
            c.OpenScalingRound(
                question=question, zero_means=zero, ten_means=ten, statement_id=statement
            ),
        )
        round_id = events[0].fact.round_id  # type: ignore[attr-defined]
        voters = [p for p in self.meeting if p.role is not Role.OBSERVER]
        second_thoughts = self.rng.sample(voters, min(2, len(voters)))
        for voter in [*voters, *second_thoughts]:
            if self.done:
                return
            score = self.rng.randint(0, 10)
            self.send(voter, c.CastVote(round_id=round_id, score=score, narrative=self.words()))
        for command in (
            c.RevealVotes(round_id=round_id, show_names=self.rng.random() < 0.5),
            c.CloseScalingRound(round_id=round_id),
        ):
            if self.done:
                return
            self.send(CHAIR, command)

    def _addresses(self) -> tuple[str, ...]:
        k = min(len(self.statements), self.rng.randint(1, 2))
        return tuple(self.rng.sample(self.statements, k))

    def add_rule(self, by: Author) -> None:
        kind = self.rng.choice(list(PlanRuleKind))
        if kind is PlanRuleKind.BOTTOM_LINE and self.bottom_lines >= BOTTOM_LINE_LIMIT:
            kind = PlanRuleKind.RULE  # the plan keeps only a few bottom lines
        if kind in SOCIAL_WORKER_WRITES:
            by = SOCIAL_WORKER  # the rules say who may write these parts of the plan
        events = self.send(
            by,
            c.AddPlanRule(
                who=by.name,
                what=self.words(),
                when=self.rng.choice(("every weekend", "school days", "always", "")),
                addresses=self._addresses(),
                kind=kind,
            ),
        )
        self.rules[events[0].fact.rule_id] = by  # type: ignore[attr-defined]
        self.rule_kinds[events[0].fact.rule_id] = kind  # type: ignore[attr-defined]
        self.bottom_lines += kind is PlanRuleKind.BOTTOM_LINE

    def amend_rule(self, by: Author) -> None:
        if not self.rules:
            return self.add_rule(by)
        rule_id = self.rng.choice(list(self.rules)[-50:])
        self.send(
            SOCIAL_WORKER,
            c.AmendPlanRule(
                rule_id=rule_id,
                who=self.rules[rule_id].name,
                what=self.words(),
                when="every weekend",
                addresses=self._addresses(),
            ),
        )
        return None

    def retire_rule(self, by: Author) -> None:
        if len(self.rules) < 5:
            return self.add_rule(by)
        rule_id = self.rng.choice(list(self.rules)[:20])
        self.send(SOCIAL_WORKER, c.RetirePlanRule(rule_id=rule_id, reason=self.words("Done")))
        del self.rules[rule_id]
        self.bottom_lines -= self.rule_kinds.pop(rule_id) is PlanRuleKind.BOTTOM_LINE
        return None

    def statement(self, by: Author) -> None:
        """Write, revise, pair or retire a danger statement, or write or revise harm."""
        roll = self.rng.random()
        sw = SOCIAL_WORKER
        if not self.statements or roll < 0.15:
            events = self.send(sw, c.WriteDangerStatement(text=self.words()))
            statement_id = events[0].fact.statement_id  # type: ignore[attr-defined]
            self.statements.append(statement_id)
            events = self.send(sw, c.PairSafetyGoal(statement_id=statement_id, text=self.words()))
            self.goals[events[0].fact.goal_id] = statement_id  # type: ignore[attr-defined]
        elif roll < 0.5:
            statement_id = self.rng.choice(self.statements)
            self.send(sw, c.ReviseDangerStatement(statement_id=statement_id, text=self.words()))
        elif roll < 0.7:
            goals = [g for g, s in self.goals.items() if s in self.statements]
            if goals:
                self.send(sw, c.ReviseSafetyGoal(goal_id=goals[-1], text=self.words()))
        elif roll < 0.75 and len(self.statements) > 3:
            statement_id = self.statements.pop(0)
            self.send(sw, c.RetireDangerStatement(statement_id=statement_id, reason="Resolved"))
        elif roll < 0.85 or not self.harms:
            events = self.send(sw, c.WriteHarmStatement(text=self.words()))
            self.harms.append(events[0].fact.statement_id)  # type: ignore[attr-defined]
        else:
            statement_id = self.rng.choice(self.harms)
            self.send(sw, c.ReviseHarmStatement(statement_id=statement_id, text=self.words()))


def in_memory(
    case_id: UUID, script: CaseScript, on_event: Callable[[CaseEvent, Board], None]
) -> Do:
    """Decide and fold commands in memory, as BoardApplication does, without a store."""
    board = Board()

    def do(by: Author, command: c.Command) -> list[CaseEvent]:
        facts = decide(board, command, Context(by=by, new_id=script.ids))
        at = script.clock()
        meeting_id = board.open_meeting_id
        events = []
        for fact in facts:
            if isinstance(fact, MeetingOpened):
                meeting_id = fact.meeting_id
            event = CaseEvent(
                case_id=case_id,
                position=board.position + 1,
                at=at,
                by=by,
                meeting_id=meeting_id,
                fact=fact,
            )
            evolve(board, event)
            on_event(event, board)
            events.append(event)
            if isinstance(fact, MeetingClosed):
                meeting_id = None
        return events

    return do


# -- measuring --------------------------------------------------------------------


def p95(samples: Sequence[float]) -> float:
    """Nearest-rank 95th percentile (with 5 samples, that is the slowest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def summary_ms(samples: Sequence[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(samples) * 1000, 2),
        "p95_ms": round(p95(samples) * 1000, 2),
        "runs": len(samples),
    }


def repeat(fn: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def db_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def unsealer(store: CaseStore, case_id: UUID) -> Callable[[bytes], bytes]:
    """The store's own decryption of a case's records, for the bare folds below (with
    per-case keys it takes the case; before them it did not)."""
    unseal: Callable[..., bytes] = store._unseal
    try:
        inspect.signature(unseal).bind(b"", case_id)
    except TypeError:
        return unseal
    return lambda data: unseal(data, case_id)


# -- phases -------------------------------------------------------------------------


def ingest_execute(store: CaseStore, events: int) -> dict[str, Any]:
    """Phase 1: a fresh case through BoardApplication.execute, one command per commit."""
    progress(f"1. ingest through BoardApplication.execute: {events:,} events")
    script = CaseScript(events, seed=1)
    app = BoardApplication(store, clock=script.clock, make_id=script.ids)
    case_id = uuid4()
    latencies: list[float] = []

    def do(by: Author, command: c.Command) -> list[CaseEvent]:
        start = time.perf_counter()
        recorded = app.execute(case_id, command, by)
        latencies.append(time.perf_counter() - start)
        return recorded

    start = time.perf_counter()
    script.run(do)
    seconds = time.perf_counter() - start
    return {
        "events": script.position,
        "commands": len(latencies),
        "seconds": round(seconds, 3),
        "events_per_s": round(script.position / seconds),
        "commands_per_s": round(len(latencies) / seconds),
        "command": summary_ms(latencies),
    }


def make_events(count: int, seed: int) -> list[CaseEvent]:
    """A fresh case's first `count` events, decided and folded in memory."""
    made: list[CaseEvent] = []
    script = CaseScript(count, seed=seed)
    script.run(in_memory(uuid4(), script, lambda event, board: made.append(event)))
    return made


def ingest_append(store: CaseStore, count: int) -> dict[str, Any]:
    """Phase 2: CaseStore.append, BATCH events per append (one commit each)."""
    progress(f"2. ingest through CaseStore.append, {BATCH} per append: {count:,} events")
    events = make_events(count, seed=2)
    latencies = []
    start = time.perf_counter()
    for i in range(0, len(events), BATCH):
        t = time.perf_counter()
        store.append(events[i : i + BATCH])
        latencies.append(time.perf_counter() - t)
    seconds = time.perf_counter() - start
    return {
        "events": len(events),
        "appends": len(latencies),
        "seconds": round(seconds, 3),
        "events_per_s": round(len(events) / seconds),
        "append": summary_ms(latencies),
    }


class Builder:
    """Phase 3 and 7: build the long case, BATCH events per append, snapshot every 250."""

    def __init__(self, store: CaseStore, limit: int, label: str) -> None:
        self.store = store
        self.limit = limit
        self.label = label
        self.pending: list[CaseEvent] = []
        self.append_seconds = 0.0
        self.snapshot_seconds = 0.0
        self.snapshots = 0
        self.last_snapshot_bytes = 0
        self.started = 0.0

    def on_event(self, event: CaseEvent, board: Board) -> None:
        self.pending.append(event)
        if len(self.pending) >= BATCH:
            self.flush()
        if event.position % SNAPSHOT_EVERY == 0:
            start = time.perf_counter()
            self.store.save_snapshot(board)
            self.snapshot_seconds += time.perf_counter() - start
            self.snapshots += 1
        if event.position % 10_000 == 0:
            elapsed = time.perf_counter() - self.started
            progress(f"   {self.label}: {event.position:,}/{self.limit:,} events ({elapsed:.0f} s)")

    def flush(self) -> None:
        if self.pending:
            start = time.perf_counter()
            self.store.append(self.pending)
            self.append_seconds += time.perf_counter() - start
            self.pending = []

    def build(self, case_id: UUID, seed: int = 3) -> tuple[CaseScript, dict[str, Any]]:
        script = CaseScript(self.limit, seed=seed)
        self.started = time.perf_counter()
        script.run(in_memory(case_id, script, self.on_event))
        self.flush()
        seconds = time.perf_counter() - self.started
        last = self.store.snapshot_recorder.select_events(case_id, desc=True, limit=1)
        return script, {
            "events": script.position,
            "seconds": round(seconds, 1),
            "append_events_per_s": round(script.position / self.append_seconds),
            "snapshots": self.snapshots,
            "snapshot_seconds": round(self.snapshot_seconds, 1),
            "snapshot_ms_each": round(self.snapshot_seconds / max(1, self.snapshots) * 1000, 1),
            "last_snapshot_bytes": len(last[0].state) if last else 0,
        }


def board_contents(board: Board) -> dict[str, int]:
    return {
        "items": len(board.items),
        "live_items": len(board.live_items()),
        "danger_statements": len(board.danger_statements),
        "safety_goals": len(board.safety_goals),
        "harm_statements": len(board.harm_statements),
        "scaling_rounds": len(board.scaling_rounds),
        "votes": sum(len(r.votes) for r in board.scaling_rounds.values()),
        "plan_rules": len(board.plan),
        "meetings": len(board.meetings),
    }


def positions_for(n: int) -> list[int]:
    """The head, and late positions like 99,999, 75,001 and 50,123 of 100,000."""
    found = [n, n - 1, n * 3 // 4 + 1, n // 2 + 123]
    return [p for p in dict.fromkeys(found) if 0 < p <= n]


def board_at_positions(
    open_store: Callable[[], CaseStore],
    case_id: UUID,
    positions: Sequence[int],
    runs: int,
    first_runs: int,
    cold_runs: int,
) -> list[dict[str, Any]]:
    """Phase 4 (and 7): board_at with snapshots and without, at each position.

    "first": the first board_at in a newly opened CaseStore (as in a process that has
    just started, or one with an in-memory cache, after a miss), one store per run;
    "again": repeated on one long-lived store; "no snapshots": a fold from position 1."""
    rows = []
    store = open_store()
    try:
        for position in positions:
            with_snapshot = store.board_at(case_id, position)
            without = store.board_at(case_id, position, snapshots=False)
            assert with_snapshot == without, f"the boards at {position} differ"
            assert with_snapshot.position == position
            del with_snapshot, without
            first = []
            for _ in range(first_runs):
                fresh = open_store()
                try:
                    start = time.perf_counter()
                    fresh.board_at(case_id, position)
                    first.append(time.perf_counter() - start)
                finally:
                    fresh.close()
            again = repeat(lambda p=position: store.board_at(case_id, p), runs)
            slow = repeat(lambda p=position: store.board_at(case_id, p, snapshots=False), cold_runs)
            rows.append(
                {
                    "position": position,
                    "folded_after_snapshot": position % SNAPSHOT_EVERY,
                    "first": summary_ms(first),
                    "again": summary_ms(again),
                    "no_snapshots": summary_ms(slow),
                }
            )
            progress(
                f"   board_at({position:,}): first {rows[-1]['first']['median_ms']} ms, again "
                f"{rows[-1]['again']['median_ms']} ms; without snapshots "
                f"{rows[-1]['no_snapshots']['median_ms']} ms"
            )
    finally:
        store.close()
    return rows


def snapshot_path_parts(
    store: CaseStore, case_id: UUID, position: int, runs: int
) -> dict[str, Any]:
    """Where board_at(position) spends its time: the snapshot select, its decode, the
    select of the events after it, and their decode + fold."""
    unseal = unsealer(store, case_id)
    times: dict[str, list[float]] = {
        "select_snapshot": [],
        "decode_snapshot": [],
        "select_tail": [],
        "decode_fold_tail": [],
    }
    for _ in range(runs):
        t0 = time.perf_counter()
        found = store.snapshot_recorder.select_events(case_id, lte=position, desc=True, limit=1)
        t1 = time.perf_counter()
        board = decode_board(unseal(found[0].state))
        t2 = time.perf_counter()
        tail = store.recorder.select_events(case_id, gt=board.position, lte=position)
        t3 = time.perf_counter()
        for record in tail:
            evolve(board, decode_body(case_id, record.originator_version, unseal(record.state)))
        t4 = time.perf_counter()
        for key, seconds in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            times[key].append(seconds)
    encoded = encode_board(board)
    # The same decode with the cyclic garbage collector off: the difference is the
    # collector walking every object the decode allocates (and every other live one).
    blob = unseal(found[0].state)
    gc.disable()
    try:
        gc_off = repeat(lambda: decode_board(blob), runs)
    finally:
        gc.enable()
    return {
        "decode_snapshot_gc_off": summary_ms(gc_off),
        "snapshot_bytes": len(found[0].state),
        "encode_ms": round(min(repeat(lambda: encode_board(board), 3)) * 1000, 2),
        "board_bytes": len(encoded),
        **{key: summary_ms(samples) for key, samples in times.items()},
    }


def full_rebuild(store: CaseStore, db_path: Path, case_id: UUID, runs: int) -> dict[str, Any]:
    """Phase 5: board_at(head, snapshots=False) against a bare select + decode + fold."""
    progress("5. full rebuild at the head: board_at without snapshots vs a bare fold")
    head = store.head(case_id)
    store_runs = repeat(lambda: store.board_at(case_id, None, snapshots=False), runs)
    gc.disable()  # the same, with the cyclic garbage collector off
    try:
        store_gc_off = repeat(lambda: store.board_at(case_id, None, snapshots=False), runs)
    finally:
        gc.enable()

    # Bare: the library's select (one query for every record), then a tight loop.
    select, fold, bare, decode = [], [], [], []
    unseal = unsealer(store, case_id)
    for _ in range(runs):
        t0 = time.perf_counter()
        records = store.recorder.select_events(case_id)
        t1 = time.perf_counter()
        board = Board()
        for r in records:
            evolve(board, decode_body(case_id, r.originator_version, unseal(r.state)))
        t2 = time.perf_counter()
        for r in records:  # decode alone, to split decode from evolve
            decode_body(case_id, r.originator_version, unseal(r.state))
        t3 = time.perf_counter()
        select.append(t1 - t0)
        fold.append(t2 - t1)
        bare.append(t2 - t0)
        decode.append(t3 - t2)
        del records
    assert board == store.board_at(case_id, None, snapshots=False)

    # The same rows without the library: one sqlite3 query, no StoredEvent objects.
    raw_select, raw_total = [], []
    connection = sqlite3.connect(db_path)
    query = (
        "SELECT originator_version, state FROM stored_events "
        "WHERE originator_id = ? ORDER BY originator_version"
    )
    for _ in range(runs):
        t0 = time.perf_counter()
        rows = connection.execute(query, (case_id.hex,)).fetchall()
        t1 = time.perf_counter()
        board = Board()
        for version, state in rows:
            evolve(board, decode_body(case_id, version, unseal(state)))
        t2 = time.perf_counter()
        raw_select.append(t1 - t0)
        raw_total.append(t2 - t0)
        del rows
    connection.close()
    result = {
        "events": head,
        "board_at_no_snapshots": summary_ms(store_runs),
        "board_at_no_snapshots_gc_off": summary_ms(store_gc_off),
        "bare_total": summary_ms(bare),
        "bare_select_events": summary_ms(select),
        "bare_decode_and_evolve": summary_ms(fold),
        "bare_decode_only": summary_ms(decode),
        "raw_sqlite3_select": summary_ms(raw_select),
        "raw_sqlite3_total": summary_ms(raw_total),
    }
    progress(
        f"   board_at: {result['board_at_no_snapshots']['median_ms']} ms; bare: "
        f"{result['bare_total']['median_ms']} ms; raw sqlite3: "
        f"{result['raw_sqlite3_total']['median_ms']} ms"
    )
    return result


def execute_at_head(
    store: CaseStore, case_id: UUID, script: CaseScript, events: int
) -> dict[str, Any]:
    """Phase 6: carry on the long case through BoardApplication.execute."""
    progress(f"6. BoardApplication.execute at the head of the {script.position:,}-event case")
    app = BoardApplication(store, clock=script.clock, make_id=script.ids)
    start = time.perf_counter()
    app.board(case_id)  # catch up: the nearest snapshot and the events after it
    catch_up = time.perf_counter() - start
    latencies: list[float] = []

    def do(by: Author, command: c.Command) -> list[CaseEvent]:
        t = time.perf_counter()
        recorded = app.execute(case_id, command, by)
        latencies.append(time.perf_counter() - t)
        return recorded

    first = script.position
    script.limit = first + events
    start = time.perf_counter()
    script.run(do)
    seconds = time.perf_counter() - start
    added = script.position - first
    return {
        "from_position": first,
        "events": added,
        "commands": len(latencies),
        "first_load_ms": round(catch_up * 1000, 1),
        "events_per_s": round(added / seconds),
        "command": summary_ms(latencies),
        "slowest_command_ms": round(max(latencies) * 1000, 1),
    }


def profile_board_at(open_store: Callable[[], CaseStore], case_id: UUID, position: int) -> str:
    """cProfile of ten first loads of the board at `position`, each in a fresh store."""
    profiler = cProfile.Profile()
    for _ in range(10):
        store = open_store()
        profiler.enable()
        store.board_at(case_id, position)
        profiler.disable()
        store.close()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    return out.getvalue()


# -- the run ------------------------------------------------------------------------


def machine() -> dict[str, str]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "load_average_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "board_code": board_code(),
    }


def board_code() -> str:
    """The git commit, and a digest of the board/ sources measured (the working tree
    may hold uncommitted changes)."""
    root = Path(board_package.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.read_bytes())
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return f"{root} at {commit}, sources sha256 {digest.hexdigest()[:12]}"
    return f"{root}, sources sha256 {digest.hexdigest()[:12]}"


def run(args: argparse.Namespace) -> dict[str, Any]:
    n = args.events
    results: dict[str, Any] = {"machine": machine(), "events": n, "quick": args.quick}
    progress(f"machine: {results['machine']}")
    with tempfile.TemporaryDirectory(prefix="board-bench-", dir=args.dir) as tmp:
        plain_path = Path(tmp) / "plain.sqlite3"
        case_id = uuid4()
        store = CaseStore(str(plain_path))
        try:
            results["ingest_execute"] = ingest_execute(store, args.ingest_events)
            progress(f"   {results['ingest_execute']['events_per_s']:,} events/s")
            results["ingest_append"] = ingest_append(store, args.append_events)
            progress(f"   {results['ingest_append']['events_per_s']:,} events/s")
            progress(f"3. build a {n:,}-event case (append {BATCH} at a time, snapshot every 250)")
            script, results["build"] = Builder(store, n, "plain").build(case_id)
        finally:
            store.close()
        results["build"]["db_bytes"] = db_size(plain_path)

        # Measure on stores opened afresh, so nothing the build left in memory helps.
        def open_plain() -> CaseStore:
            return CaseStore(str(plain_path))

        store = open_plain()
        try:
            results["board_contents"] = board_contents(store.board_at(case_id))
            progress(f"   built in {results['build']['seconds']} s: {results['board_contents']}")
            progress(
                f"4. the board at positions: {args.first_runs} first loads, {args.runs} repeats, "
                f"{args.cold_runs} without snapshots"
            )
            positions = positions_for(n)
            results["board_at"] = board_at_positions(
                open_plain, case_id, positions, args.runs, args.first_runs, args.cold_runs
            )
            results["snapshot_path"] = snapshot_path_parts(store, case_id, positions[1], args.runs)
            if args.profile:
                results["profile"] = profile_board_at(open_plain, case_id, positions[1])
                print(results["profile"], file=sys.stderr)
            results["full_rebuild"] = full_rebuild(store, plain_path, case_id, args.cold_runs)
            results["execute_at_head"] = execute_at_head(store, case_id, script, args.head_events)
            progress(f"   {results['execute_at_head']['events_per_s']:,} events/s")
        finally:
            store.close()

        progress(
            f"7. encryption at rest: build the same {n:,}-event case, then the board at positions"
        )
        key = AESCipher.create_key(32)
        secret_path = Path(tmp) / "encrypted.sqlite3"

        def open_secret() -> CaseStore:
            return CaseStore(str(secret_path), cipher_key=key)

        secret = open_secret()
        try:
            _, results["encrypted_build"] = Builder(secret, n, "encrypted").build(case_id)
        finally:
            secret.close()
        results["encrypted_build"]["db_bytes"] = db_size(secret_path)
        results["encrypted_board_at"] = board_at_positions(
            open_secret,
            case_id,
            positions,
            args.runs,
            args.first_runs,
            max(3, args.cold_runs // 2),
        )
        secret = open_secret()
        try:
            results["encrypted_snapshot_path"] = snapshot_path_parts(
                secret, case_id, positions[1], args.runs
            )
        finally:
            secret.close()
    return results


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(r: dict[str, Any]) -> str:
    """The figures as Markdown tables."""
    lines = []
    add = lines.append
    m = r["machine"]
    add(f"Machine: {m['cpus']} CPUs, {m['cpu']}; Python {m['python']}; SQLite {m['sqlite']}")
    add(
        f"Load average (1, 5, 15 min) at the start: {m['load_average_at_start']}; at the end: "
        f"{m.get('load_average_at_end', '?')}; run time {r.get('seconds', '?')} s"
    )
    add(f"Code measured: {m['board_code']}")
    add("")
    add("| Ingest (durable, one commit per call) | events | events/s | per call median / p95 |")
    add("|---|---:|---:|---:|")
    ie, ia, eh = r["ingest_execute"], r["ingest_append"], r["execute_at_head"]
    add(
        f"| `BoardApplication.execute`, fresh case ({ie['commands']:,} commands) | {ie['events']:,} "
        f"| {ie['events_per_s']:,} | {ie['command']['median_ms']} / {ie['command']['p95_ms']} ms |"
    )
    add(
        f"| `BoardApplication.execute`, at position {eh['from_position']:,} ({eh['commands']:,} commands) "
        f"| {eh['events']:,} | {eh['events_per_s']:,} | {eh['command']['median_ms']} / "
        f"{eh['command']['p95_ms']} ms (slowest {eh['slowest_command_ms']} ms) |"
    )
    add(
        f"| `CaseStore.append`, {BATCH} events per append | {ia['events']:,} | {ia['events_per_s']:,} "
        f"| {ia['append']['median_ms']} / {ia['append']['p95_ms']} ms |"
    )
    b, eb = r["build"], r["encrypted_build"]
    add(
        f"| `CaseStore.append`, {BATCH} per append, while building the {b['events']:,}-event case "
        f"| {b['events']:,} | {b['append_events_per_s']:,} | |"
    )
    add(f"| the same, encrypted | {eb['events']:,} | {eb['append_events_per_s']:,} | |")
    add("")
    for title, key in (("", "board_at"), (", encrypted at rest", "encrypted_board_at")):
        add(f"Board at a position of the {b['events']:,}-event case{title}, ms (median / p95):")
        add("")
        add(
            "| position | events folded after the snapshot | first load in a new store "
            "| again, same store | no snapshots |"
        )
        add("|---:|---:|---:|---:|---:|")
        for row in r[key]:
            add(
                f"| {row['position']:,} | {row['folded_after_snapshot']} "
                f"| {row['first']['median_ms']} / {row['first']['p95_ms']} "
                f"| {row['again']['median_ms']} / {row['again']['p95_ms']} "
                f"| {row['no_snapshots']['median_ms']} / {row['no_snapshots']['p95_ms']} |"
            )
        add("")
    for label, key in (("plain", "snapshot_path"), ("encrypted", "encrypted_snapshot_path")):
        s = r[key]
        add(
            f"Snapshot path at position {r['board_at'][1]['position']:,} ({label}), medians: select "
            f"snapshot {s['select_snapshot']['median_ms']} ms, decode snapshot "
            f"{s['decode_snapshot']['median_ms']} ms, select tail {s['select_tail']['median_ms']} ms, "
            f"decode + fold tail {s['decode_fold_tail']['median_ms']} ms; snapshot "
            f"{s['snapshot_bytes']:,} bytes stored, encode {s['encode_ms']} ms; the same decode "
            f"with the garbage collector off: {s['decode_snapshot_gc_off']['median_ms']} ms."
        )
        add("")
    f = r["full_rebuild"]
    add(f"Full rebuild at the head ({f['events']:,} events), ms:")
    add("")
    add("| path | median | p95 |")
    add("|---|---:|---:|")
    for label, key in (
        ("`store.board_at(case, snapshots=False)`", "board_at_no_snapshots"),
        ("the same, garbage collector off", "board_at_no_snapshots_gc_off"),
        ("bare: `recorder.select_events` (one query) + decode + `evolve`", "bare_total"),
        ("&nbsp;&nbsp;of which `recorder.select_events`", "bare_select_events"),
        ("&nbsp;&nbsp;of which `decode_body` + `evolve`", "bare_decode_and_evolve"),
        ("&nbsp;&nbsp;(`decode_body` alone)", "bare_decode_only"),
        ("raw `sqlite3` select + decode + `evolve`", "raw_sqlite3_total"),
        ("&nbsp;&nbsp;of which the `sqlite3` select", "raw_sqlite3_select"),
    ):
        add(f"| {label} | {f[key]['median_ms']} | {f[key]['p95_ms']} |")
    add("")
    add(
        f"Build: {b['seconds']} s plain, {eb['seconds']} s encrypted; {b['snapshots']} snapshots, "
        f"{b['snapshot_ms_each']} ms each on average; last snapshot {b['last_snapshot_bytes']:,} bytes; "
        f"database {b['db_bytes'] / 1e6:,.0f} MB plain, {eb['db_bytes'] / 1e6:,.0f} MB encrypted."
    )
    add(f"Board at the head: {r['board_contents']}")
    add("")
    worst_board = max(
        row[kind]["p95_ms"]
        for row in [*r["board_at"], *r["encrypted_board_at"]]
        for kind in ("first", "again")
    )
    worst_ingest = min(ie["events_per_s"], eh["events_per_s"])
    add(
        f"Target: board at any position <= {TARGET_BOARD_MS:.0f} ms (worst p95 {worst_board} ms): "
        f"{verdict(worst_board <= TARGET_BOARD_MS)}"
    )
    add(
        f"Target: ingest >= {TARGET_INGEST:,.0f} events/s durable through execute (worst "
        f"{worst_ingest:,}): {verdict(worst_ingest >= TARGET_INGEST)}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=100_000, help="events in the long case")
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--ingest-events", type=int, default=10_000, help="events through execute")
    parser.add_argument("--append-events", type=int, default=20_000, help="events through append")
    parser.add_argument(
        "--head-events", type=int, default=3_000, help="execute at the long case's head"
    )
    parser.add_argument("--runs", type=int, default=30, help="runs per position with snapshots")
    parser.add_argument(
        "--first-runs", type=int, default=10, help="first loads per position, each in a new store"
    )
    parser.add_argument("--cold-runs", type=int, default=5, help="runs per position without")
    parser.add_argument("--profile", action="store_true", help="cProfile board_at with snapshots")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--dir", help="where to make the temporary directory")
    args = parser.parse_args(argv)
    if args.quick:
        args.events = min(args.events, 3_000)
        args.ingest_events, args.append_events, args.head_events = 500, 1_000, 300
        args.runs, args.first_runs, args.cold_runs = 5, 3, 3
    started = time.perf_counter()
    results = run(args)
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_average_at_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    progress(f"done in {results['seconds']} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(report(results))


if __name__ == "__main__":
    main()
