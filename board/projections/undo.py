"""What would reverse a change: each person's undo, worked out as the board is folded.

When a person makes an undoable change, the fold notes the fact that would put the
board back as it was just before (an `UndoStep`). Their "undo" command records that
fact as a new event, marked `undoes=<position>`; nothing is ever erased.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from board import events as ev

if TYPE_CHECKING:
    from board.projections.board import Board

UNDO_DEPTH = 20  # steps kept per person


class UndoStep(msgspec.Struct, frozen=True, gc=False):
    position: int  # the change this step reverses
    entity_id: str  # the item, statement, goal or rule it touches
    inverse: ev.AnyFact


def inverse_of(board: Board, fact: ev.Fact) -> tuple[str, ev.Fact] | None:
    """(entity id, the fact that reverses `fact`) on the board as it was before it, or
    None if `fact` is not something a person undoes (votes, meetings, rounds...)."""
    match fact:
        case ev.ItemAdded():
            return fact.item_id, ev.ItemRemoved(item_id=fact.item_id)
        case ev.ItemEdited():
            item = board.items[fact.item_id]
            return item.item_id, ev.ItemEdited(
                item_id=item.item_id, text=item.text, kind=item.kind, source=item.source
            )
        case ev.ItemMoved():
            item = board.items[fact.item_id]
            return item.item_id, ev.ItemMoved(item_id=item.item_id, domain=item.domain)
        case ev.ItemRemoved():
            return fact.item_id, ev.ItemRestored(item_id=fact.item_id)
        case ev.ItemRestored():
            return fact.item_id, ev.ItemRemoved(item_id=fact.item_id)
        case ev.DangerStatementWritten():
            return fact.statement_id, ev.DangerStatementRetired(
                statement_id=fact.statement_id, reason="Taken back by the person who wrote it."
            )
        case ev.DangerStatementRevised():
            old = board.danger_statements[fact.statement_id].text
            return fact.statement_id, ev.DangerStatementRevised(
                statement_id=fact.statement_id, text=old
            )
        case ev.SafetyGoalRevised():
            old = board.safety_goals[fact.goal_id].text
            return fact.goal_id, ev.SafetyGoalRevised(goal_id=fact.goal_id, text=old)
        case ev.HarmStatementRevised():
            old = board.harm_statements[fact.statement_id].text
            return fact.statement_id, ev.HarmStatementRevised(
                statement_id=fact.statement_id, text=old
            )
        case ev.PlanRuleAdded():
            return fact.rule_id, ev.PlanRuleRetired(
                rule_id=fact.rule_id, reason="Taken back by the person who proposed it."
            )
        case ev.PlanRuleAmended():
            rule = board.plan[fact.rule_id]
            return rule.rule_id, ev.PlanRuleAmended(
                rule_id=rule.rule_id,
                who=rule.who,
                what=rule.what,
                when=rule.when,
                addresses=rule.addresses,
            )
    return None
