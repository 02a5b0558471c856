"""Scaling results: each round's votes, narratives and spread, and each question over time."""

from __future__ import annotations

from statistics import median

import msgspec

from board.practice import FAMILY_AND_NETWORK, SCORE_MAX, SCORE_MIN
from board.projections.board import Board, ScalingRound, Vote


class RoundResult(msgspec.Struct, frozen=True):
    round_id: str
    question: str
    zero_means: str
    ten_means: str
    statement_id: str | None
    meeting_id: str | None
    votes: list[Vote]
    median: float | None
    lowest: int | None
    highest: int | None
    counts: list[int]  # counts[score] = how many people chose that score, 0..10
    family_and_network: list[int]  # the scores of parents, child and network
    professionals: list[int]  # everyone else's
    revealed: bool
    closed: bool


def question_key(scaling_round: ScalingRound) -> str:
    """Rounds asking the same question at different meetings share a key: the danger
    statement they scale, or else the question's words."""
    if scaling_round.statement_id:
        return f"statement:{scaling_round.statement_id}"
    return "question:" + " ".join(scaling_round.question.lower().split())


def round_result(scaling_round: ScalingRound) -> RoundResult:
    votes = sorted(scaling_round.votes.values(), key=lambda v: v.cast.position)
    scores = [v.score for v in votes]
    counts = [0] * (SCORE_MAX - SCORE_MIN + 1)
    for score in scores:
        counts[score - SCORE_MIN] += 1
    return RoundResult(
        round_id=scaling_round.round_id,
        question=scaling_round.question,
        zero_means=scaling_round.zero_means,
        ten_means=scaling_round.ten_means,
        statement_id=scaling_round.statement_id,
        meeting_id=scaling_round.opened.meeting_id,
        votes=votes,
        median=float(median(scores)) if scores else None,
        lowest=min(scores) if scores else None,
        highest=max(scores) if scores else None,
        counts=counts,
        family_and_network=[v.score for v in votes if v.role in FAMILY_AND_NETWORK],
        professionals=[v.score for v in votes if v.role not in FAMILY_AND_NETWORK],
        revealed=scaling_round.revealed,
        closed=scaling_round.closed,
    )


def scaling_results(board: Board) -> list[RoundResult]:
    """Every round on the board, in the order they were opened."""
    rounds = sorted(board.scaling_rounds.values(), key=lambda r: r.opened.position)
    return [round_result(r) for r in rounds]


class QuestionHistory(msgspec.Struct, frozen=True):
    key: str
    question: str  # the latest wording
    rounds: list[RoundResult]


def scaling_history(board: Board) -> list[QuestionHistory]:
    """Each scaling question with all its rounds across the case's meetings."""
    grouped: dict[str, list[RoundResult]] = {}
    for scaling_round in sorted(board.scaling_rounds.values(), key=lambda r: r.opened.position):
        grouped.setdefault(question_key(scaling_round), []).append(round_result(scaling_round))
    return [QuestionHistory(key, rounds[-1].question, rounds) for key, rounds in grouped.items()]


def latest_scored_rounds(board: Board) -> dict[str, ScalingRound]:
    """Per question, the latest round anyone scored in."""
    latest: dict[str, ScalingRound] = {}
    for scaling_round in sorted(board.scaling_rounds.values(), key=lambda r: r.opened.position):
        if scaling_round.votes:
            latest[question_key(scaling_round)] = scaling_round
    return latest
