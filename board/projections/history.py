"""The history of one thing on the board: every wording, who wrote it, when, where.

A thread is one statement, goal, harm statement, plan rule or mapping item, followed
from the fact that wrote it to now. `histories` builds every thread in one pass over
the events; `ThreadIndex` keeps only where each thread was touched (positions), so a
long case's thread is read back with a few event reads instead of a scan of every
event (docs/benchmarks.md, "Threads and compare").
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from board import events as ev
from board.events import Author, CaseEvent
from board.practice import PlanRuleKind
from board.projections.family_plan import rule_said


class Wording(msgspec.Struct, frozen=True):
    position: int
    at: str  # ISO time, ready to show
    by: Author
    meeting_id: str | None
    # "written" | "revised" | "retired" | "added" | "amended" | "moved" | "removed" |
    # "restored" | "still_true" | "no_longer_true"
    change: str
    text: str


def wording_of(fact: ev.Fact) -> tuple[str, str, str] | None:
    """(thread id, change, words) for facts that write, reword or end something."""
    match fact:
        case ev.DangerStatementWritten() | ev.HarmStatementWritten():
            return fact.statement_id, "written", fact.text
        case ev.DangerStatementRevised() | ev.HarmStatementRevised():
            return fact.statement_id, "revised", fact.text
        case ev.DangerStatementRetired():
            return fact.statement_id, "retired", fact.reason
        case ev.SafetyGoalWritten():
            return fact.goal_id, "written", fact.text
        case ev.SafetyGoalRevised():
            return fact.goal_id, "revised", fact.text
        case ev.PlanRuleAdded():
            return fact.rule_id, "added", rule_words(fact.who, fact.what, fact.when, fact.kind)
        case ev.PlanRuleAmended():
            return fact.rule_id, "amended", rule_words(fact.who, fact.what, fact.when)
        case ev.PlanRuleRetired():
            return fact.rule_id, "retired", fact.reason
        case ev.ItemAdded():
            return fact.item_id, "added", fact.text
        case ev.ItemEdited():
            return fact.item_id, "revised", fact.text
        case ev.ItemMoved():
            return fact.item_id, "moved", fact.domain.value
        case ev.ItemRemoved():
            return fact.item_id, "removed", ""
        case ev.ItemRestored():
            return fact.item_id, "restored", ""
        case ev.ItemConfirmed():
            return fact.item_id, "still_true", ""
        case ev.ItemNoLongerTrue():
            return fact.item_id, "no_longer_true", fact.reason
    return None


def rule_words(who: str, what: str, when: str, kind: PlanRuleKind = PlanRuleKind.RULE) -> str:
    """A plan rule read as one sentence: "Gran Pat has Lily to stay (every weekend)."."""
    return rule_said(who, what, when, kind)


def _wording(event: CaseEvent, change: str, text: str) -> Wording:
    return Wording(event.position, event.at.isoformat(), event.by, event.meeting_id, change, text)


def history(events: Iterable[CaseEvent], thread_id: str) -> list[Wording]:
    """Every change to one thread, oldest first (a scan: for a few events)."""
    return histories(events).get(thread_id, [])


def histories(events: Iterable[CaseEvent]) -> dict[str, list[Wording]]:
    """Every thread's changes, oldest first, in one pass over the events."""
    found: dict[str, list[Wording]] = {}
    for event in events:
        wording = wording_of(event.fact)
        if wording is not None:
            thread_id, change, text = wording
            found.setdefault(thread_id, []).append(_wording(event, change, text))
    return found


def wordings_from(events: Iterable[CaseEvent]) -> list[Wording]:
    """The wordings of events already known to touch one thread (from a ThreadIndex)."""
    found = []
    for event in events:
        wording = wording_of(event.fact)
        if wording is not None:
            found.append(_wording(event, wording[1], wording[2]))
    return found


class ThreadIndex:
    """Where each thread of one case was touched: positions, oldest first.

    Built in one pass and caught up with `extend` as the case grows; it holds ids and
    positions only, never words, so it is no more private than the stream's shape.
    """

    def __init__(self) -> None:
        self.position = 0
        self.touched: dict[str, list[int]] = {}
        self.by_person: dict[str, list[int]] = {}  # every change each person made

    def extend(self, events: Iterable[CaseEvent]) -> None:
        for event in events:
            if event.position != self.position + 1:
                msg = f"event at position {event.position} cannot follow {self.position}"
                raise ValueError(msg)
            wording = wording_of(event.fact)
            if wording is not None:
                self.touched.setdefault(wording[0], []).append(event.position)
            self.by_person.setdefault(event.by.participant_id, []).append(event.position)
            self.position = event.position

    def positions(self, thread_id: str, upto: int | None = None) -> list[int]:
        found = self.touched.get(thread_id, [])
        return found if upto is None else [p for p in found if p <= upto]

    def made_by(self, participant_id: str, upto: int | None = None) -> list[int]:
        found = self.by_person.get(participant_id, [])
        return found if upto is None else [p for p in found if p <= upto]
