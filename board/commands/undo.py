"""Undo: a person takes back their own last change, recorded as a new event."""

from __future__ import annotations

import msgspec

from board.commands.base import Command, CommandRefused, Context
from board.events import Fact
from board.projections.board import Board, Stamp


class Undo(Command, frozen=True, tag="undo"):
    """Reverse the sender's own most recent change that can be undone."""


def _last_changed(board: Board, entity_id: str) -> tuple[Stamp, bool] | None:
    """When the thing was last changed, and whether it is locked."""
    for found in (
        board.items.get(entity_id),
        board.harm_statements.get(entity_id),
        board.plan.get(entity_id),
    ):
        if found is not None:
            return found.changed, False
    statement = board.danger_statements.get(entity_id) or board.safety_goals.get(entity_id)
    return (statement.changed, statement.locked) if statement is not None else None


def undo(board: Board, command: Undo, ctx: Context) -> list[Fact]:
    steps = board.undo_steps.get(ctx.by.participant_id)
    if not steps:
        raise CommandRefused("nothing_to_undo", "There is nothing of yours to undo.")
    step = steps[-1]
    found = _last_changed(board, step.entity_id)
    if found is None:
        raise CommandRefused("nothing_to_undo", "There is nothing of yours to undo.")
    changed, locked = found
    # Untouched since, or touched only by this person's own undos.
    mine = changed.undid and changed.by.participant_id == ctx.by.participant_id
    if changed.position != step.position and not mine:
        raise CommandRefused(
            "changed_since",
            f"{changed.by.name} has changed it since, so your change cannot be undone. "
            "You can still edit it.",
        )
    if locked:
        raise CommandRefused(
            "statement_locked", "The chair has locked it; ask the chair to unlock it first."
        )
    goal = board.safety_goals.get(step.entity_id)
    if goal is not None and board.danger_statements[goal.statement_id].retired:
        raise CommandRefused(
            "statement_retired", "Its danger statement has been retired, so it stays as it is."
        )
    return [msgspec.structs.replace(step.inverse, undoes=step.position)]
