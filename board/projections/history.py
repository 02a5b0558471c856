"""The history of one thing on the board: every wording, who wrote it, when, where."""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from board import events as ev
from board.events import Author, CaseEvent


class Wording(msgspec.Struct, frozen=True):
    position: int
    at: str  # ISO time, ready to show
    by: Author
    meeting_id: str | None
    change: str  # "written" | "revised" | "retired" | "added" | "amended" | "moved" | "removed"
    text: str


def _entity_and_text(fact: ev.Fact) -> tuple[str, str, str] | None:
    """(entity id, change, words) for facts that write or reword something."""
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
            return fact.rule_id, "added", _rule_words(fact.who, fact.what, fact.when)
        case ev.PlanRuleAmended():
            return fact.rule_id, "amended", _rule_words(fact.who, fact.what, fact.when)
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
    return None


def _rule_words(who: str, what: str, when: str) -> str:
    return f"{who} {what}" + (f" ({when})" if when else "")


def history(events: Iterable[CaseEvent], entity_id: str) -> list[Wording]:
    """Every change to one statement, goal, plan rule or item, oldest first."""
    found = []
    for event in events:
        found_change = _entity_and_text(event.fact)
        if found_change and found_change[0] == entity_id:
            found.append(
                Wording(
                    event.position,
                    event.at.isoformat(),
                    event.by,
                    event.meeting_id,
                    found_change[1],
                    found_change[2],
                )
            )
    return found
