"""Facts about danger statements, their paired safety goals, and harm statements.

In wellbeing, success and stability work the same facts carry the other words
(worry statement, wellbeing goal...): see board.practice.
"""

from __future__ import annotations

from board.events.base import Fact


class DangerStatementWritten(Fact, frozen=True):
    statement_id: str
    text: str


class DangerStatementRevised(Fact, frozen=True):
    statement_id: str
    text: str


class DangerStatementRetired(Fact, frozen=True):
    statement_id: str
    reason: str


class SafetyGoalWritten(Fact, frozen=True):
    """A safety goal, always paired with the danger statement it answers."""

    goal_id: str
    statement_id: str
    text: str


class SafetyGoalRevised(Fact, frozen=True):
    goal_id: str
    text: str


class HarmStatementWritten(Fact, frozen=True):
    statement_id: str
    text: str


class HarmStatementRevised(Fact, frozen=True):
    statement_id: str
    text: str


class StatementLocked(Fact, frozen=True):
    """The chair locks a danger statement or safety goal once the room has agreed it:
    it cannot be reworded or retired until unlocked."""

    statement_id: str  # a danger statement's id or a safety goal's id


class StatementUnlocked(Fact, frozen=True):
    statement_id: str


class FamilyViewRecorded(Fact, frozen=True):
    """Where the family disagrees with a danger statement, their view in their own words,
    kept beside it (the statement itself is not changed). The author is the person
    whose view it is; an empty text withdraws it."""

    statement_id: str
    text: str
