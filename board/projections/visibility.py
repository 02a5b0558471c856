"""The one visibility rule: what an audience may hold of a case.

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

Every reader applies this rule through `board_for` and `event_for`: live fan-out,
catch-up, the JSON API, every page and the record. The rule works on any board,
whole or a part of one (board.projections.changes cuts the parts an event changed).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import msgspec

from board import events as ev
from board.events import Author, CaseEvent
from board.practice import FAMILY_AND_NETWORK, Role
from board.projections.board import Board, ScalingRound, Vote, copy_board

HIDDEN_SCORE = -1  # a vote's score that has not been revealed yet
SOMEONE = "Someone"


@dataclass(frozen=True)
class Audience:
    """Whose eyes: staff, or a guest (`participant_id` None: any guest, for what is the
    same for every guest; a participant id: that person, who sees their own votes)."""

    staff: bool
    participant_id: str | None = None

    @classmethod
    def guest(cls, participant_id: str | None) -> Audience:
        return cls(False, participant_id)


STAFF = Audience(True)
ANY_GUEST = Audience(False)


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


def event_for(event: CaseEvent, board: Board, audience: Audience) -> CaseEvent:
    """The event as `audience` may receive it. `board` holds the event's round, before
    or after the event: only votes are ever cut, and a vote leaves its round's state
    (revealed, closed) as it was, so either gives the same answer."""
    fact = event.fact
    if (
        audience.staff
        or not isinstance(fact, ev.VoteCast)
        or event.by.participant_id == audience.participant_id
    ):
        return event
    hide_score, hide_name = _private(board.scaling_rounds.get(fact.round_id))
    if hide_score:
        fact = msgspec.structs.replace(fact, score=HIDDEN_SCORE, narrative="")
    by = _anonymous(fact.round_id, event.by) if hide_name else event.by
    if fact is event.fact and by is event.by:
        return event
    return msgspec.structs.replace(event, fact=fact, by=by, command_id=None)


def _round_for(scaling_round: ScalingRound, viewer_id: str | None) -> ScalingRound:
    hide_score, hide_name = _private(scaling_round)
    if not (hide_score or hide_name):
        return scaling_round
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
    return msgspec.structs.replace(scaling_round, votes=votes)


def board_for(board: Board, audience: Audience) -> Board:
    """The board as `audience` may hold it (a copy where anything is cut; the original
    is never changed)."""
    if audience.staff or not any(
        _private(r) != (False, False) for r in board.scaling_rounds.values()
    ):
        return board
    shown = copy_board(board)
    for round_id, scaling_round in shown.scaling_rounds.items():
        shown.scaling_rounds[round_id] = _round_for(scaling_round, audience.participant_id)
    return shown


def own_views_changed(before: Board, after: Board) -> set[str]:
    """The people whose own view of these boards differs from any guest's in a way that
    changed between them: a voter, when their round's privacy changes (a reveal, a
    close). With the event's author, these are the audiences worth telling apart."""
    people: set[str] = set()
    for round_id, scaling_round in after.scaling_rounds.items():
        if _private(before.scaling_rounds.get(round_id)) != _private(scaling_round):
            people.update(scaling_round.votes)
    return people
