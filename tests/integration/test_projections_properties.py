"""Properties of the projections over random but valid case histories.

1. The board at position n, loaded from the store with or without snapshots, is the
   fold of the first n events.
2. `diff(a, a)` is empty, and `diff(a, b)` accounts for every event in (a, b]: what
   the event touched is in the diff, or looks the same at a and at b. And nothing is
   in the diff that no event in (a, b] touched.
3. The ids a fact says it creates (`board.events.created_ids`, what an `ack` names)
   are exactly the new entries it puts on the board.

Each hypothesis example gets its own SQLite file (function-scoped fixtures are not
reset between examples).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_cases import random_app, write_random_case

from board import events as ev
from board.application.service import BoardApplication
from board.cli.demo import write_demo_case
from board.events import CaseEvent, created_ids
from board.projections.board import Board, encode_board, evolve, project
from board.projections.diff import BoardDiff, diff
from board.projections.scaling import question_key
from board.storage.store import CaseStore

PROPERTY_SETTINGS = settings(
    deadline=None,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextmanager
def fresh_app(snapshot_every: int) -> Iterator[BoardApplication]:
    with tempfile.TemporaryDirectory() as tmp:
        app = random_app(str(Path(tmp) / "board.sqlite3"), snapshot_every)
        try:
            yield app
        finally:
            app.close()


def assert_same_board(got: Board, expected: Board) -> None:
    assert got == expected
    # Equal dicts may differ in order; the order numbers danger statements, so it counts.
    assert list(got.danger_statements) == list(expected.danger_statements)
    assert encode_board(got) == encode_board(expected)


# -- 1. the board at n is the fold of the first n events ----------------------------


@PROPERTY_SETTINGS
@given(data=st.data(), snapshot_every=st.integers(min_value=1, max_value=6))
def test_board_at_n_is_the_fold_of_the_first_n_events(
    data: st.DataObject, snapshot_every: int
) -> None:
    with fresh_app(snapshot_every) as app:
        store = app.store
        case_id = write_random_case(data, app)
        events = list(store.read(case_id))
        head = store.head(case_id)
        assert [e.position for e in events] == list(range(1, head + 1))

        for n in range(head + 1):
            expected = project(events[:n])
            assert expected.position == n
            assert_same_board(store.board_at(case_id, n, snapshots=False), expected)
            assert_same_board(store.board_at(case_id, n, snapshots=True), expected)
            # The application saved a snapshot at every multiple of snapshot_every,
            # so the load at n really started from one (when n reaches the first).
            snapshot = store.nearest_snapshot(case_id, n)
            latest_multiple = n - n % snapshot_every
            if latest_multiple == 0:
                assert snapshot is None
            else:
                assert snapshot is not None
                assert snapshot.position == latest_multiple
                assert_same_board(snapshot, project(events[:latest_multiple]))

        # The application's own latest board, and a second application that starts
        # from the newest snapshot, agree with the fold of everything.
        everything = project(events)
        assert_same_board(app.board(case_id), everything)
        assert_same_board(BoardApplication(store).board(case_id), everything)


# -- 2. diff accounts for every event between its two boards ------------------------


def touched(fact: ev.Fact) -> tuple[str, str] | None:
    """(what, id) of the thing on the board a fact changes, for the things a diff shows.
    (Locks and family views sit beside a statement's words; the diff is about words.)"""
    match fact:
        case ev.ItemAdded() | ev.ItemEdited() | ev.ItemMoved() | ev.ItemRemoved():
            return "item", fact.item_id
        case ev.ItemRestored() | ev.ItemConfirmed() | ev.ItemNoLongerTrue():
            return "item", fact.item_id
        case ev.DangerStatementWritten() | ev.DangerStatementRevised():
            return "danger_statement", fact.statement_id
        case ev.DangerStatementRetired():
            return "danger_statement", fact.statement_id
        case ev.SafetyGoalWritten() | ev.SafetyGoalRevised():
            return "safety_goal", fact.goal_id
        case ev.HarmStatementWritten() | ev.HarmStatementRevised():
            return "harm_statement", fact.statement_id
        case ev.ScalingRoundOpened() | ev.VoteCast() | ev.VoteRecordedFor() | ev.VotesRevealed():
            return "round", fact.round_id
        case ev.ScalingRoundClosed():
            return "round", fact.round_id
        case ev.PlanRuleAdded() | ev.PlanRuleAmended() | ev.PlanRuleRetired():
            return "rule", fact.rule_id
    return None


def looks(board: Board, what: str, entity_id: str) -> Any:
    """How a thing looks to people on a board: what a comparison is about."""
    if what == "item":
        item = board.items.get(entity_id)
        if item is None or item.removed:
            return None
        return item.domain, item.text, item.kind, item.source, item.source_kind
    if what == "danger_statement":
        statement = board.danger_statements.get(entity_id)
        return None if statement is None else (statement.text, statement.retired)
    if what == "safety_goal":
        goal = board.safety_goals.get(entity_id)
        return None if goal is None else (goal.text, goal.statement_id)
    if what == "harm_statement":
        harm = board.harm_statements.get(entity_id)
        return None if harm is None else harm.text
    if what == "round":
        scaling_round = board.scaling_rounds.get(entity_id)
        return {} if scaling_round is None else scaling_round.votes
    assert what == "rule"
    rule = board.plan.get(entity_id)
    if rule is None or rule.retired:
        return None
    return rule.kind, rule.who, rule.what, rule.when, rule.addresses


def shown(comparison: BoardDiff, after: Board, what: str, entity_id: str) -> bool:
    """Whether the comparison mentions the thing."""
    if what == "item":
        return any(
            entity_id in {i.item_id for i in [*d.added, *d.removed]}
            or entity_id in {c.item_id for c in d.changed}
            or entity_id in {m.item.item_id for m in d.moved_in}
            for d in comparison.domains
        )
    if what in ("danger_statement", "safety_goal", "harm_statement"):
        return any(s.what == what and s.entity_id == entity_id for s in comparison.statements)
    if what == "round":
        # Scaling is compared per question: the round's question must be there.
        key = question_key(after.scaling_rounds[entity_id])
        return key in {m.key for m in comparison.scaling}
    assert what == "rule"
    return any(r.rule_id == entity_id for r in comparison.plan)


def mentioned(comparison: BoardDiff) -> set[tuple[str, str]]:
    """Every (what, id) the comparison mentions; scaling by question key."""
    found: set[tuple[str, str]] = set()
    for d in comparison.domains:
        found |= {("item", i.item_id) for i in [*d.added, *d.removed]}
        found |= {("item", c.item_id) for c in d.changed}
        found |= {("item", m.item.item_id) for m in d.moved_in}
    found |= {(s.what, s.entity_id) for s in comparison.statements}
    found |= {("question", m.key) for m in comparison.scaling}
    found |= {("rule", r.rule_id) for r in comparison.plan}
    return found


def check_diff_accounts_for(
    before: Board, after: Board, between: list[CaseEvent], comparison: BoardDiff
) -> None:
    assert (comparison.from_position, comparison.to_position) == (before.position, after.position)
    things = {t for t in (touched(e.fact) for e in between) if t is not None}
    # Every event's thing is in the diff, or looks the same at both ends.
    for what, entity_id in things:
        if looks(before, what, entity_id) != looks(after, what, entity_id):
            assert shown(comparison, after, what, entity_id), (what, entity_id)
    # And the kind of change is the right one for items and rules coming and going.
    for d in comparison.domains:
        for item in d.added:
            assert looks(before, "item", item.item_id) is None
            assert item.domain is d.domain
        for item in d.removed:
            assert looks(after, "item", item.item_id) is None
    # Nothing is in the diff that no event in the range touched.
    touched_questions = {
        ("question", question_key(after.scaling_rounds[i])) for w, i in things if w == "round"
    }
    assert mentioned(comparison) <= things | touched_questions


@PROPERTY_SETTINGS
@given(data=st.data())
def test_diff_accounts_for_every_event_between_two_points(data: st.DataObject) -> None:
    with fresh_app(snapshot_every=250) as app:
        case_id = write_random_case(data, app, max_steps=30)
        events = list(app.store.read(case_id))
    boards = [project(events[:n]) for n in range(len(events) + 1)]

    for a, board_a in enumerate(boards):
        assert diff(board_a, board_a).is_empty
        assert diff(board_a, project(events[:a])).is_empty  # an equal board, not the same
        for b in range(a, len(boards)):
            check_diff_accounts_for(board_a, boards[b], events[a:b], diff(board_a, boards[b]))


def test_the_diff_check_can_fail() -> None:
    """The check above rejects a diff that leaves out a change (so it is not vacuous)."""
    from datetime import UTC, datetime
    from uuid import uuid4

    from board.events import Author
    from board.practice import Domain, Framework, ItemKind, Role

    by = Author("w", "Wendy", Role.SOCIAL_WORKER)
    case_id = uuid4()
    at = datetime(2026, 1, 1, tzinfo=UTC)
    facts: list[ev.Fact] = [
        ev.CaseOpened(child_name="Kit", family_name="Test", framework=Framework.SAFETY),
        ev.ItemAdded(item_id="i1", domain=Domain.HARM, text="x", kind=ItemKind.FACT, source=""),
    ]
    events = [
        CaseEvent(case_id=case_id, position=n, at=at, by=by, meeting_id=None, fact=fact)
        for n, fact in enumerate(facts, start=1)
    ]
    before, after = project(events[:1]), project(events)
    real = diff(before, after)
    check_diff_accounts_for(before, after, events[1:], real)  # the real diff passes
    blind = diff(before, before)  # a "diff" that saw nothing
    blind = BoardDiff(1, 2, blind.domains, blind.statements, blind.scaling, blind.plan)
    with pytest.raises(AssertionError):
        check_diff_accounts_for(before, after, events[1:], blind)


# -- 3. what a fact creates is what it puts on the board ----------------------------

# The board's collections of things with ids of their own (staff are keyed by their
# account, and undo steps by person: neither is something a command creates).
ENTITIES = (
    "children",
    "people",
    "meetings",
    "items",
    "danger_statements",
    "safety_goals",
    "harm_statements",
    "scaling_rounds",
    "plan",
    "next_steps",
    "milestones",
    "child_views",
    "copies_given",
    "agency_reports",
)


def entity_ids(board: Board) -> set[str]:
    return {key for name in ENTITIES for key in getattr(board, name)}


def check_created_ids(events: list[CaseEvent]) -> None:
    board = Board()
    before = entity_ids(board)
    for event in events:
        evolve(board, event)
        after = entity_ids(board)
        created = created_ids([event.fact])
        assert len(created) == len(set(created))
        assert set(created) == after - before, (event.type, after - before)
        before = after


@PROPERTY_SETTINGS
@given(data=st.data())
def test_the_ids_a_fact_creates_are_its_new_entries_on_the_board(data: st.DataObject) -> None:
    with fresh_app(snapshot_every=250) as app:
        case_id = write_random_case(data, app, max_steps=30)
        check_created_ids(list(app.store.read(case_id)))


def test_the_demo_case_creates_what_its_facts_say(store: CaseStore) -> None:
    """The demo has children, people, meetings and every kind of statement."""
    case_id = write_demo_case(store)
    events = list(store.read(case_id))
    kinds = {type(e.fact) for e in events}
    assert set(ev.CREATES) <= kinds  # every creating fact is exercised
    check_created_ids(events)
