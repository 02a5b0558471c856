"""What a guest's screen may hold while a scaling round is under way.

Everyone scales from their own phone, and nobody should see another person's score
before the chair reveals the spread (or their name, when the chair reveals it
anonymously) — not on screen, and not in the data their phone receives. So, for a
guest (anyone not staff), while a round is open:
- before the reveal, other people's votes carry no score and no reasons: only that
  they have voted;
- after an anonymous reveal, other people's votes carry no name.
A person always sees their own vote in full, and once a round is closed it is part
of the record, shown in full (the phone tells people that the record keeps who said
what). Staff see everything: they keep the record.
"""

from __future__ import annotations

import hashlib

import msgspec

from board import events as ev
from board.events import Author, CaseEvent
from board.practice import FAMILY_AND_NETWORK, STAFF_ROLES, Role
from board.projections.board import Board, ScalingRound, Vote, copy_board

HIDDEN_SCORE = -1  # a vote's score that has not been revealed yet
SOMEONE = "Someone"


def sees_everything(viewer: Author) -> bool:
    return viewer.role in STAFF_ROLES


def _anonymous(round_id: str, person: Author | Vote) -> Author:
    """A stable stand-in, so a person who changes their vote replaces their own dot. The
    role is coarsened to "family and network" or "professional", which the dot plot
    shows, so that a role held by one person (the child) does not name them."""
    digest = hashlib.sha256(f"{round_id}:{person.participant_id}".encode()).hexdigest()[:10]
    role = Role.NETWORK_MEMBER if person.role in FAMILY_AND_NETWORK else Role.PROFESSIONAL
    return Author(f"anon-{digest}", SOMEONE, role)


def _private(scaling_round: ScalingRound | None) -> tuple[bool, bool]:
    """(scores hidden, names hidden) for guests, for a round in this state."""
    if scaling_round is None or scaling_round.closed:
        return False, False
    return not scaling_round.revealed, scaling_round.revealed and not scaling_round.show_names


def guest_event(event: CaseEvent, board_after: Board, viewer_id: str | None) -> CaseEvent:
    """The event as a guest other than its author may receive it (`board_after` is the
    board with the event applied). Only votes in open rounds ever differ."""
    fact = event.fact
    if not isinstance(fact, ev.VoteCast) or event.by.participant_id == viewer_id:
        return event
    hide_score, hide_name = _private(board_after.scaling_rounds.get(fact.round_id))
    if hide_score:
        fact = msgspec.structs.replace(fact, score=HIDDEN_SCORE, narrative="")
    by = _anonymous(fact.round_id, event.by) if hide_name else event.by
    if fact is event.fact and by is event.by:
        return event
    return msgspec.structs.replace(event, fact=fact, by=by, command_id=None)


def guest_board(board: Board, viewer_id: str | None) -> Board:
    """The board as a guest may hold it (a copy; the original is not changed)."""
    if not any(_private(r) != (False, False) for r in board.scaling_rounds.values()):
        return board
    shown = copy_board(board)
    for round_id, scaling_round in shown.scaling_rounds.items():
        hide_score, hide_name = _private(scaling_round)
        if not (hide_score or hide_name):
            continue
        votes: dict[str, Vote] = {}
        for voter_id, vote in scaling_round.votes.items():
            if voter_id == viewer_id:
                votes[voter_id] = vote
                continue
            if hide_score:
                vote = msgspec.structs.replace(vote, score=HIDDEN_SCORE, narrative="")
            if hide_name:
                stand_in = _anonymous(scaling_round.round_id, vote)
                vote = msgspec.structs.replace(
                    vote,
                    participant_id=stand_in.participant_id,
                    name=stand_in.name,
                    role=stand_in.role,
                    cast=msgspec.structs.replace(vote.cast, by=stand_in),
                )
            votes[vote.participant_id] = vote
        shown.scaling_rounds[round_id] = msgspec.structs.replace(scaling_round, votes=votes)
    return shown


def resync_after(fact: ev.Fact) -> bool:
    """After these, a guest's screen needs the board afresh: what was hidden is shown."""
    return isinstance(fact, ev.VotesRevealed | ev.ScalingRoundClosed)


def shown_to(board: Board, viewer_id: str | None) -> Board:
    """The board for a viewer: a guest's participant id, or None for staff."""
    return board if viewer_id is None else guest_board(board, viewer_id)
