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
