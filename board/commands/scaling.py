"""Scaling rounds: the chair asks, everyone scores 0 to 10 with their reasons."""

from __future__ import annotations

from board.commands.base import Command, CommandRefused, Context, checked_text
from board.commands.statements import current_danger_statement
from board.events import (
    Fact,
    ScalingRoundClosed,
    ScalingRoundOpened,
    VoteCast,
    VoteRecordedFor,
    VotesRevealed,
)
from board.practice import FAMILY_AND_NETWORK, SCORE_MAX, SCORE_MIN, STAFF_ROLES
from board.projections.board import Board, ScalingRound


class OpenScalingRound(Command, frozen=True, tag="open_scaling_round"):
    question: str
    zero_means: str
    ten_means: str
    statement_id: str | None = None
    # A child-worded question with its own 0 and 10 ("0 — I feel scared at home"),
    # alongside the adults' question: all three, or none.
    child_question: str = ""
    child_zero_means: str = ""
    child_ten_means: str = ""


class CastVote(Command, frozen=True, tag="cast_vote"):
    round_id: str
    score: int
    narrative: str = ""


class RecordVoteFor(Command, frozen=True, tag="record_vote_for"):
    """A worker records the score and reasons of one of the case's people who has no
    device, as they said them aloud; it counts as that person's."""

    round_id: str
    person_id: str
    score: int
    narrative: str = ""


class RevealVotes(Command, frozen=True, tag="reveal_votes"):
    round_id: str
    show_names: bool = False


class CloseScalingRound(Command, frozen=True, tag="close_scaling_round"):
    round_id: str


def _open_round(board: Board, round_id: str) -> ScalingRound:
    scaling_round = board.scaling_rounds.get(round_id)
    if scaling_round is None:
        raise CommandRefused("round_not_found", "There is no such scaling question.")
    if scaling_round.closed:
        raise CommandRefused("round_closed", "This scaling question has been closed.")
    return scaling_round


def open_scaling_round(board: Board, command: OpenScalingRound, ctx: Context) -> list[Fact]:
    still_open = [r for r in board.scaling_rounds.values() if r.is_open]
    if still_open:
        raise CommandRefused(
            "round_still_open",
            f"The question \u201c{still_open[0].question}\u201d is still open. Close it first.",
        )
    if command.statement_id is not None:
        current_danger_statement(board, command.statement_id)
    child_question, child_zero, child_ten = _child_words(command)
    return [
        ScalingRoundOpened(
            round_id=ctx.new_id(),
            question=checked_text("question", command.question),
            zero_means=checked_text("what 0 means", command.zero_means),
            ten_means=checked_text("what 10 means", command.ten_means),
            statement_id=command.statement_id,
            child_question=child_question,
            child_zero_means=child_zero,
            child_ten_means=child_ten,
        )
    ]


def _child_words(command: OpenScalingRound) -> tuple[str, str, str]:
    words = (
        checked_text("question for a child", command.child_question, required=False),
        checked_text("what 0 means to a child", command.child_zero_means, required=False),
        checked_text("what 10 means to a child", command.child_ten_means, required=False),
    )
    if any(words) and not all(words):
        raise CommandRefused(
            "child_question_incomplete",
            "A question for a child needs its own words for the question, for 0 and for 10.",
        )
    return words


def _refuse_out_of_range(score: int) -> None:
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise CommandRefused(
            "score_out_of_range",
            f"A score is a whole number from {SCORE_MIN} to {SCORE_MAX}; {score} is not.",
        )


def cast_vote(board: Board, command: CastVote, ctx: Context) -> list[Fact]:
    scaling_round = _open_round(board, command.round_id)
    _refuse_out_of_range(command.score)
    narrative = checked_text("your reasons", command.narrative, required=False)
    earlier = scaling_round.votes.get(ctx.by.participant_id)
    if earlier is not None and (earlier.score, earlier.narrative) == (command.score, narrative):
        raise CommandRefused("no_change", "Your vote already says that.")
    return [VoteCast(round_id=scaling_round.round_id, score=command.score, narrative=narrative)]


def record_vote_for(board: Board, command: RecordVoteFor, ctx: Context) -> list[Fact]:
    scaling_round = _open_round(board, command.round_id)
    person = board.people.get(command.person_id)
    if person is None or person.retired:
        raise CommandRefused(
            "not_of_the_case", "A score is recorded for one of the case's people; this is not."
        )
    if person.role in STAFF_ROLES:
        raise CommandRefused("staff_scale_themselves", "Staff scale on their own screen.")
    meeting = board.open_meeting
    if meeting is not None and meeting.professionals_only and person.role in FAMILY_AND_NETWORK:
        raise CommandRefused(
            "professionals_only",
            f"This meeting is for professionals only: {person.name} does not scale in it.",
        )
    if person.person_id in scaling_round.votes:
        raise CommandRefused(
            "already_scaled",
            f"{person.name} has already scaled this question; one score each in a round.",
        )
    _refuse_out_of_range(command.score)
    narrative = checked_text(f"{person.name}'s reasons", command.narrative, required=False)
    return [
        VoteRecordedFor(
            round_id=scaling_round.round_id,
            person_id=person.person_id,
            name=person.name,
            role=person.role,
            score=command.score,
            narrative=narrative,
        )
    ]


def reveal_votes(board: Board, command: RevealVotes, ctx: Context) -> list[Fact]:
    scaling_round = _open_round(board, command.round_id)
    if not scaling_round.votes:
        raise CommandRefused("no_votes", "Nobody has scaled yet, so there is nothing to show.")
    if scaling_round.revealed and scaling_round.show_names == command.show_names:
        raise CommandRefused("no_change", "The scores are already shown that way.")
    return [VotesRevealed(round_id=scaling_round.round_id, show_names=command.show_names)]


def close_scaling_round(board: Board, command: CloseScalingRound, ctx: Context) -> list[Fact]:
    scaling_round = _open_round(board, command.round_id)
    return [ScalingRoundClosed(round_id=scaling_round.round_id)]
