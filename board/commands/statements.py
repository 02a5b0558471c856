"""Writing and revising danger statements, their paired safety goals, and harm statements."""

from __future__ import annotations

from board.commands.base import Command, CommandRefused, Context, checked_text
from board.commands.mapping import refuse_if_changed_since
from board.events import (
    DangerStatementRetired,
    DangerStatementRevised,
    DangerStatementWritten,
    Fact,
    FamilyViewRecorded,
    HarmStatementRevised,
    HarmStatementWritten,
    SafetyGoalRevised,
    SafetyGoalWritten,
    StatementLocked,
    StatementUnlocked,
)
from board.practice import danger_statement_words, safety_goal_words
from board.projections.board import Board, DangerStatement, HarmStatement, SafetyGoal


class WriteDangerStatement(Command, frozen=True, tag="write_danger_statement"):
    text: str


class ReviseDangerStatement(Command, frozen=True, tag="revise_danger_statement"):
    statement_id: str
    text: str
    based_on: int | None = None


class RetireDangerStatement(Command, frozen=True, tag="retire_danger_statement"):
    statement_id: str
    reason: str


class PairSafetyGoal(Command, frozen=True, tag="pair_safety_goal"):
    """Write the safety goal that answers one danger statement."""

    statement_id: str
    text: str


class ReviseSafetyGoal(Command, frozen=True, tag="revise_safety_goal"):
    goal_id: str
    text: str
    based_on: int | None = None


class WriteHarmStatement(Command, frozen=True, tag="write_harm_statement"):
    text: str


class ReviseHarmStatement(Command, frozen=True, tag="revise_harm_statement"):
    statement_id: str
    text: str
    based_on: int | None = None


class LockStatement(Command, frozen=True, tag="lock_statement"):
    """Lock a danger statement or a safety goal once the room has agreed its words."""

    statement_id: str


class UnlockStatement(Command, frozen=True, tag="unlock_statement"):
    statement_id: str


class RecordFamilyView(Command, frozen=True, tag="record_family_view"):
    """A family member's own view of a danger statement, kept beside it in their words.
    Empty text withdraws the sender's view."""

    statement_id: str
    text: str


def current_danger_statement(board: Board, statement_id: str) -> DangerStatement:
    """The danger statement, or a refusal if it is missing or retired."""
    words = danger_statement_words(board.framework)
    statement = board.danger_statements.get(statement_id)
    if statement is None:
        raise CommandRefused("statement_not_found", f"There is no such {words} on this board.")
    if statement.retired:
        raise CommandRefused("statement_retired", f"That {words} has been retired.")
    return statement


def refuse_if_locked(thing: DangerStatement | SafetyGoal) -> None:
    if thing.locked:
        raise CommandRefused(
            "statement_locked",
            "The room agreed these words and the chair locked them. Ask the chair to unlock "
            "them first.",
        )


def _goal(board: Board, goal_id: str) -> SafetyGoal:
    goal = board.safety_goals.get(goal_id)
    if goal is None:
        words = safety_goal_words(board.framework)
        raise CommandRefused("goal_not_found", f"There is no such {words} on this board.")
    return goal


def _harm_statement(board: Board, statement_id: str) -> HarmStatement:
    statement = board.harm_statements.get(statement_id)
    if statement is None:
        raise CommandRefused("statement_not_found", "There is no such harm statement.")
    return statement


def _refuse_unchanged(old: str, new: str) -> None:
    if old == new:
        raise CommandRefused("no_change", "It already reads like that.")


def write_danger_statement(board: Board, command: WriteDangerStatement, ctx: Context) -> list[Fact]:
    text = checked_text("text", command.text)
    return [DangerStatementWritten(statement_id=ctx.new_id(), text=text)]


def revise_danger_statement(
    board: Board, command: ReviseDangerStatement, ctx: Context
) -> list[Fact]:
    statement = current_danger_statement(board, command.statement_id)
    refuse_if_locked(statement)
    refuse_if_changed_since(statement.changed, command.based_on, statement.text)
    text = checked_text("text", command.text)
    _refuse_unchanged(statement.text, text)
    return [DangerStatementRevised(statement_id=statement.statement_id, text=text)]


def retire_danger_statement(
    board: Board, command: RetireDangerStatement, ctx: Context
) -> list[Fact]:
    statement = current_danger_statement(board, command.statement_id)
    refuse_if_locked(statement)
    reason = checked_text("reason", command.reason)
    return [DangerStatementRetired(statement_id=statement.statement_id, reason=reason)]


def pair_safety_goal(board: Board, command: PairSafetyGoal, ctx: Context) -> list[Fact]:
    statement = current_danger_statement(board, command.statement_id)
    text = checked_text("text", command.text)
    return [SafetyGoalWritten(goal_id=ctx.new_id(), statement_id=statement.statement_id, text=text)]


def revise_safety_goal(board: Board, command: ReviseSafetyGoal, ctx: Context) -> list[Fact]:
    goal = _goal(board, command.goal_id)
    current_danger_statement(board, goal.statement_id)
    refuse_if_locked(goal)
    refuse_if_changed_since(goal.changed, command.based_on, goal.text)
    text = checked_text("text", command.text)
    _refuse_unchanged(goal.text, text)
    return [SafetyGoalRevised(goal_id=goal.goal_id, text=text)]


def write_harm_statement(board: Board, command: WriteHarmStatement, ctx: Context) -> list[Fact]:
    return [
        HarmStatementWritten(statement_id=ctx.new_id(), text=checked_text("text", command.text))
    ]


def revise_harm_statement(board: Board, command: ReviseHarmStatement, ctx: Context) -> list[Fact]:
    statement = _harm_statement(board, command.statement_id)
    refuse_if_changed_since(statement.changed, command.based_on, statement.text)
    text = checked_text("text", command.text)
    _refuse_unchanged(statement.text, text)
    return [HarmStatementRevised(statement_id=statement.statement_id, text=text)]


def _lockable(board: Board, statement_id: str) -> DangerStatement | SafetyGoal:
    goal = board.safety_goals.get(statement_id)
    return goal if goal is not None else current_danger_statement(board, statement_id)


def lock_statement(board: Board, command: LockStatement, ctx: Context) -> list[Fact]:
    thing = _lockable(board, command.statement_id)
    if thing.locked:
        raise CommandRefused("no_change", "It is already locked.")
    return [StatementLocked(statement_id=command.statement_id)]


def unlock_statement(board: Board, command: UnlockStatement, ctx: Context) -> list[Fact]:
    thing = _lockable(board, command.statement_id)
    if not thing.locked:
        raise CommandRefused("no_change", "It is not locked.")
    return [StatementUnlocked(statement_id=command.statement_id)]


def record_family_view(board: Board, command: RecordFamilyView, ctx: Context) -> list[Fact]:
    statement = current_danger_statement(board, command.statement_id)
    text = checked_text("your view", command.text, required=False)
    earlier = statement.family_views.get(ctx.by.participant_id)
    if (earlier.text if earlier else "") == text:
        raise CommandRefused("no_change", "Your view already reads like that.")
    return [FamilyViewRecorded(statement_id=statement.statement_id, text=text)]
