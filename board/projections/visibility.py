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

Meetings for professionals only (strategy discussions, legal planning, any the chair
marks so) are never shown to a guest: not the meeting, not anything written in it,
not any event of it (a guest's screen is told only that the board moved on). What is
written there cannot change what the family has seen (board.commands refuses it), so
cutting by where a thing was written is exact. A guest's own change made while such a
meeting is open is written in it too: their screen is offered no undo while that change
is their last (undo would take back what they cannot see), so its withheld event still
takes their undo step off their screen.

Every reader applies this rule through `board_for` and `event_for`: live fan-out,
catch-up, the JSON API, every page and the record. The rule works on any board,
whole or a part of one (board.projections.changes cuts the parts an event changed,
naming the meetings withheld from the whole board).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import msgspec

from board import events as ev
from board.events import Author, CaseEvent
from board.practice import FAMILY_AND_NETWORK, STAFF_ROLES, Role
from board.projections.board import Board, ScalingRound, Stamp, Vote, copy_board

HIDDEN_SCORE = -1  # a vote's score that has not been revealed yet
SOMEONE = "Someone"


@dataclass(frozen=True)
class Audience:
    """Whose eyes: staff or a guest; with `participant_id` that person (who sees their
    own votes and their own undo steps), without it anyone of that audience (for what
    is the same for each of them)."""

    staff: bool
    participant_id: str | None = None

    @classmethod
    def guest(cls, participant_id: str | None) -> Audience:
        return cls(False, participant_id)

    @classmethod
    def member_of_staff(cls, participant_id: str) -> Audience:
        return cls(True, participant_id)


STAFF = Audience(True)  # any member of staff: the whole record, without undo steps
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


# Where each kind of thing on the board records the meeting it was written in.
WRITTEN_IN: dict[str, str] = {
    "items": "added",
    "danger_statements": "written",
    "safety_goals": "written",
    "harm_statements": "written",
    "scaling_rounds": "opened",
    "plan": "added",
    "people": "added",
    "children": "added",
    "outcomes": "recorded",
    "next_steps": "agreed",
    "milestones": "agreed",
    "child_views": "recorded",
    "copies_given": "given",
}


def withheld_meetings(board: Board) -> frozenset[str]:
    """The meetings no guest is shown (for professionals only)."""
    return frozenset(m.meeting_id for m in board.meetings.values() if m.professionals_only)


@dataclass(frozen=True)
class Withheld:
    """What a whole board withholds from guests: meetings for professionals only, and
    the ids of everything written in them (so a part of the board can be cut too)."""

    meetings: frozenset[str]
    entities: frozenset[str]


def rounds_private(board: Board) -> bool:
    """Does any round on this board hide something of its votes from guests?"""
    return any(_private(r) != (False, False) for r in board.scaling_rounds.values())


def withheld_from_guests(board: Board) -> Withheld:
    meetings = withheld_meetings(board)
    if not meetings:
        return Withheld(meetings, frozenset())
    entities = frozenset(
        key
        for collection, stamp_name in WRITTEN_IN.items()
        for key, entity in getattr(board, collection).items()
        if getattr(entity, stamp_name).meeting_id in meetings
    )
    return Withheld(meetings, entities)


def shared_with_family(board: Board, collection: str, entity_id: str) -> bool:
    """Does a guest see this thing (it exists, and was not written in a meeting for
    professionals only)?"""
    entity = getattr(board, collection).get(entity_id)
    if entity is None:
        return False
    stamp: Stamp = getattr(entity, WRITTEN_IN[collection])
    return stamp.meeting_id not in withheld_meetings(board)


def _ids(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [part for item in value for part in _ids(item)]
    return []


def fact_ids(fact: ev.Fact) -> list[str]:
    """Every id a fact names (and its other texts: harmless, as ids are looked up)."""
    return [found for name in fact.__struct_fields__ for found in _ids(getattr(fact, name))]


def event_for(event: CaseEvent, board: Board, audience: Audience) -> CaseEvent | None:
    """The event as `audience` may receive it, or None if it is withheld from them
    (it happened in a meeting for professionals only). `board` holds the event's round and what it names, before or after the
    event: only votes are ever cut, and a vote leaves its round's state (revealed,
    closed) as it was, so either gives the same answer."""
    if not audience.staff and _withheld(event, board):
        return None
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


def _withheld(event: CaseEvent, board: Board) -> bool:
    """Did the event happen in a meeting for professionals only?"""
    return event.meeting_id is not None and event.meeting_id in withheld_meetings(board)


def board_for(board: Board, audience: Audience, withheld: Withheld | None = None) -> Board:
    """The board as `audience` may hold it (a copy where anything is cut; the original
    is never changed). `withheld`: the meetings withheld, when `board` is a part of a
    board that does not hold them all."""
    # Undo steps shown: the audience's own, and never an empty list (so a screen that
    # was told of none and a board whose steps were all taken back look the same).
    others_undo = any(
        person != audience.participant_id or len(steps) != 1
        for person, steps in board.undo_steps.items()
    )
    if audience.staff:
        if not others_undo:
            return board
        shown = copy_board(board)
        _own_undo_only(shown, audience.participant_id)
        return shown
    if withheld is None:
        withheld = withheld_from_guests(board)
    private = any(_private(r) != (False, False) for r in board.scaling_rounds.values())
    if not private and not withheld.meetings and not others_undo:
        return board
    shown = copy_board(board)
    _own_undo_only(shown, audience.participant_id)
    if withheld.meetings:
        _withhold(shown, withheld)
    for round_id, scaling_round in shown.scaling_rounds.items():
        shown.scaling_rounds[round_id] = _round_for(scaling_round, audience.participant_id)
    return shown


def _own_undo_only(shown: Board, participant_id: str | None) -> None:
    """A person's undo steps are theirs alone, and a screen needs only the last: what
    "undo my last change" would take back (so a change sends one step, not twenty)."""
    mine = shown.undo_steps.get(participant_id) if participant_id is not None else None
    shown.undo_steps = {participant_id: mine[-1:]} if participant_id is not None and mine else {}


def _withhold(shown: Board, withheld: Withheld) -> None:
    """Take out of a board (a copy) the meetings withheld and what was written in them."""
    meetings = withheld.meetings
    shown.meetings = {k: m for k, m in shown.meetings.items() if k not in meetings}
    if shown.open_meeting_id in meetings:
        shown.open_meeting_id = None
    hidden: set[str] = set(withheld.entities)
    for collection, stamp_name in WRITTEN_IN.items():
        kept = {}
        for key, entity in getattr(shown, collection).items():
            if getattr(entity, stamp_name).meeting_id in meetings:
                hidden.add(key)
            else:
                kept[key] = entity
        setattr(shown, collection, kept)
    if hidden:
        shown.undo_steps = {
            person: kept_steps
            for person, steps in shown.undo_steps.items()
            if (kept_steps := [s for s in steps if s.entity_id not in hidden])
        }


def own_views_changed(before: Board, after: Board) -> set[str]:
    """The people whose own view of these boards differs from any guest's in a way that
    changed between them: a voter, when their round's privacy changes (a reveal, a
    close). With the event's author, these are the audiences worth telling apart."""
    people: set[str] = set()
    for round_id, scaling_round in after.scaling_rounds.items():
        if _private(before.scaling_rounds.get(round_id)) != _private(scaling_round):
            people.update(
                voter
                for voter, vote in scaling_round.votes.items()
                if vote.role not in STAFF_ROLES  # staff see every vote anyway
            )
    return people
