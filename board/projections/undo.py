"""What would reverse a change: each person's undo, worked out as the board is folded.

When a person makes an undoable change, the fold notes the fact that would put the
board back as it was just before (an `UndoStep`). Their "undo" command records that
fact as a new event, marked `undoes=<position>`; nothing is ever erased.
"""

from __future__ import annotations

from board import events as ev
from board.practice import danger_statement_words, harm_statement_words, safety_goal_words
from board.projections.entities import Board

UNDO_DEPTH = 20  # steps kept per person
# The reasons an undo gives for taking back what its author wrote (the board's own
# words, the same in every case).
WROTE_IT = "Taken back by the person who wrote it."
PROPOSED_IT = "Taken back by the person who proposed it."


def inverse_of(board: Board, fact: ev.Fact) -> tuple[str, ev.Fact] | None:
    """(entity id, the fact that reverses `fact`) on the board as it was before it, or
    None if `fact` is not something a person undoes (votes, meetings, rounds...)."""
    match fact:
        case ev.ItemAdded():
            return fact.item_id, ev.ItemRemoved(item_id=fact.item_id)
        case ev.ItemEdited():
            item = board.items[fact.item_id]
            return item.item_id, ev.ItemEdited(
                item_id=item.item_id,
                text=item.text,
                kind=item.kind,
                source=item.source,
                source_kind=item.source_kind,
            )
        case ev.ItemMoved():
            item = board.items[fact.item_id]
            return item.item_id, ev.ItemMoved(item_id=item.item_id, domain=item.domain)
        case ev.ItemRemoved():
            return fact.item_id, ev.ItemRestored(item_id=fact.item_id)
        case ev.ItemRestored():
            return fact.item_id, ev.ItemRemoved(item_id=fact.item_id)
        case ev.ItemNoLongerTrue():
            return fact.item_id, ev.ItemRestored(item_id=fact.item_id)
        case ev.DangerStatementWritten():
            return fact.statement_id, ev.DangerStatementRetired(
                statement_id=fact.statement_id, reason=WROTE_IT
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
            return fact.rule_id, ev.PlanRuleRetired(rule_id=fact.rule_id, reason=PROPOSED_IT)
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


def _quoted(text: str, limit: int = 60) -> str:
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
    return f"\u201c{text}\u201d"


def takes_back(board: Board, fact: ev.Fact) -> str:
    """What undoing `fact` would take back, in words, on the board as it was before it."""
    danger = danger_statement_words(board.framework)
    item = board.items.get(getattr(fact, "item_id", ""))
    match fact:
        case ev.ItemAdded():
            return f"adding {_quoted(fact.text)}"
        case ev.ItemEdited():
            return f"changing {_quoted(item.text) if item else 'an item'}"
        case ev.ItemMoved():
            return f"moving {_quoted(item.text) if item else 'an item'}"
        case ev.ItemRemoved():
            return f"removing {_quoted(item.text) if item else 'an item'}"
        case ev.ItemRestored():
            return f"putting back {_quoted(item.text) if item else 'an item'}"
        case ev.ItemNoLongerTrue():
            return f"marking {_quoted(item.text) if item else 'an item'} no longer true"
        case ev.DangerStatementWritten():
            return f"writing {danger} {len(board.danger_statements) + 1}"
        case ev.DangerStatementRevised():
            number = board.danger_statement_number(fact.statement_id)
            return f"changing {danger} {number}"
        case ev.SafetyGoalRevised():
            return f"changing a {safety_goal_words(board.framework)}"
        case ev.HarmStatementRevised():
            return f"changing a {harm_statement_words(board.framework).one}"
        case ev.PlanRuleAdded():
            return f"adding the rule {_quoted(f'{fact.who} {fact.what}')}"
        case ev.PlanRuleAmended():
            rule = board.plan[fact.rule_id]
            return f"changing the rule {_quoted(f'{rule.who} {rule.what}')}"
    return "your last change"
