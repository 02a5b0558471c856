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
marks so) are never shown to a guest: not the meeting, not any event of it (a guest's
screen is told only that the board moved on). Every thing written in one (an item, a
statement, a goal, a rule, a child's view, a next step, a milestone, an outcome) keeps
that audience wherever it goes: `for_professionals_only` is the one rule that says
whose a thing is, and every later event about it (an edit, a confirmation, a move, an
undo, a goal paired with it, in any meeting) is withheld from a guest exactly like an
event inside such a meeting; a rule or round that refers to it is shown without the
reference. Staff may share such a thing with the family (SharedWithFamily): from that
position on, not before, it is everyone's. The child's own channel is the same rule: a
child's view the child keeps for the professionals (ChildViewRecorded's
`kept_for_professionals`) is theirs alone until the child agrees to share it
(ChildAgreedToShare), and from that position on it is everyone's. What the family has seen cannot be changed
in a meeting for professionals only (board.commands refuses it). A guest's own change
made while such a meeting is open is written in it too: their screen is offered no undo
while that change is their last (undo would take back what they cannot see), so its
withheld event still takes their undo step off their screen.

Every reader applies this rule through `board_for` and `event_for`: live fan-out,
catch-up, the JSON API, every page and the record. A shared screen (the wall) has the
room's audience, `room_audience`: the family's cut unless the room is staff alone. The
rule works on any board, whole or a part of one (board.projections.changes cuts the
parts an event changed, naming the meetings withheld from the whole board).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import msgspec

from board import events as ev
from board.events import Author, CaseEvent
from board.practice import FAMILY_AND_NETWORK, STAFF_ROLES, Role, together
from board.projections.board import (
    AgencyReport,
    Board,
    ChildView,
    Outcome,
    SafetyGoal,
    ScalingRound,
    Shared,
    Stamp,
    Vote,
    copy_board,
)

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
    "agency_reports": "submitted",
}


def withheld_meetings(board: Board) -> frozenset[str]:
    """The meetings no guest is shown (for professionals only)."""
    return frozenset(m.meeting_id for m in board.meetings.values() if m.professionals_only)


def ever_withheld(board: Board) -> bool:
    """Could anything on this board be withheld from a guest (a meeting for
    professionals only, or a child's view kept for them)? When not, no cut is needed."""
    return (
        any(m.professionals_only for m in board.meetings.values())
        or any(v.kept_for_professionals for v in board.child_views.values())
        or bool(board.agency_reports)  # a partner agency's report is theirs until shared
    )


def _in_camera(board: Board, meeting_id: str | None) -> bool:
    meeting = board.meetings.get(meeting_id) if meeting_id is not None else None
    return meeting is not None and meeting.professionals_only


def for_professionals_only(
    board: Board, collection: str, thing: object, at: int | None = None
) -> bool:
    """The one rule of a thing's audience: is it for professionals only (at position
    `at`, or as `board` stands)?

    A thing is for professionals only from the moment it is written in a meeting for
    professionals only (a meeting's outcome also when it is the outcome of one), until
    staff share it with the family (SharedWithFamily): from the share's position on it
    is everyone's, with every change made to it before and after. A safety goal goes
    with its danger statement: while the statement is for professionals only, so are
    its goals, and sharing the statement shares the goals written with it. A child's
    view the child keeps for the professionals is theirs until the child agrees to
    share it (ChildAgreedToShare: from its position on). Everything else is
    everyone's. `board` is the whole board (it holds the meetings) at `at` or later."""
    if isinstance(thing, ChildView) and thing.kept_for_professionals and not _agreed(thing, at):
        return True
    if isinstance(thing, AgencyReport):
        return not _shared(thing, at)  # a partner agency's report, until staff share it
    own = not _shared(thing, at) and (
        _in_camera(board, getattr(thing, WRITTEN_IN[collection]).meeting_id)
        or (isinstance(thing, Outcome) and _in_camera(board, thing.meeting_id))
    )
    if isinstance(thing, SafetyGoal):
        statement = board.danger_statements.get(thing.statement_id)
        if statement is not None:
            if for_professionals_only(board, "danger_statements", statement, at):
                return True
            # Shared with its statement: the pair goes to the family together.
            return own and not _shared(statement, at)
    return own


def _agreed(view: ChildView, at: int | None) -> bool:
    """Had the child agreed to share their view (by position `at`)?"""
    return view.agreed is not None and (at is None or view.agreed.recorded.position <= at)


def _shared(thing: object, at: int | None) -> bool:
    """Was the thing shared with the family (by position `at`)?"""
    shared: Shared | None = getattr(thing, "shared", None)
    return shared is not None and (at is None or shared.recorded.position <= at)


def hidden_ids(board: Board, ids: Iterable[str], at: int | None = None) -> frozenset[str]:
    """Of these ids, the things on `board` that are for professionals only (at `at`)."""
    if not ever_withheld(board):
        return frozenset()  # nothing was ever for professionals only
    # Each collection asked once with a set intersection (this runs several times an
    # event, over tens of ids most of which are no thing at all): the first collection
    # holding an id decides it, as WRITTEN_IN orders them.
    left = set(ids)
    found: set[str] = set()
    for collection in WRITTEN_IN:
        if not left:
            break
        things = getattr(board, collection)
        held = things.keys() & left
        if not held:
            continue
        left -= held
        for key in held:
            if for_professionals_only(board, collection, things[key], at):
                found.add(key)
    return frozenset(found)


@dataclass(frozen=True)
class Withheld:
    """What a whole board withholds from guests: meetings for professionals only, and
    the ids of every thing for professionals only (so a part of the board can be cut
    too)."""

    meetings: frozenset[str]
    entities: frozenset[str]
    # The children's names as a guest reads them, when a child is withheld (added in
    # a meeting for professionals only): the case's name must not name them either.
    child_name: str | None = None


def guests_child_name(board: Board, hidden: Iterable[str] | None = None) -> str | None:
    """The case's children's names without those withheld from guests (None: nobody is
    withheld). `board` is the whole board; `hidden`, its withheld ids if known."""
    withheld = (
        hidden_ids(board, board.children)
        if hidden is None
        else frozenset(hidden) & board.children.keys()
    )
    if not withheld:
        return None
    return together([c.name for k, c in board.children.items() if k not in withheld])


def rounds_private(board: Board) -> bool:
    """Does any round on this board hide something of its votes from guests?"""
    return any(_private(r) != (False, False) for r in board.scaling_rounds.values())


def withheld_from_guests(board: Board) -> Withheld:
    meetings = withheld_meetings(board)
    if not ever_withheld(board):
        return Withheld(meetings, frozenset())
    entities = frozenset(
        key
        for collection in WRITTEN_IN
        for key, thing in getattr(board, collection).items()
        if for_professionals_only(board, collection, thing)
    )
    return Withheld(meetings, entities, guests_child_name(board, entities))


def shared_with_family(board: Board, collection: str, entity_id: str) -> bool:
    """Does a guest see this thing (it exists, and is not for professionals only)?"""
    thing = getattr(board, collection).get(entity_id)
    return thing is not None and not for_professionals_only(board, collection, thing)


# Fields that name other things a thing or a fact refers to (the statements a rule
# addresses, the people it names, a conference's core group, a round's statement):
# for a guest, a reference to a thing for professionals only is cut out, and the rest
# is shown. Every other id a fact names is what the fact is about (its subject).
# A next step's owner is a reference too: a step agreed with the family, owned by a
# person added in a meeting for professionals only, is theirs without its owner.
_REFERENCES = ("addresses", "person_ids", "core_group", "owner")
_ROUND_STATEMENT = (ev.ScalingRoundOpened, ScalingRound)


def reference_ids(value: msgspec.Struct) -> list[str]:
    """The ids a fact or a thing refers to (not what it is about)."""
    found = [i for name in _REFERENCES for i in _ids(getattr(value, name, None))]
    if isinstance(value, _ROUND_STATEMENT) and value.statement_id is not None:
        found.append(value.statement_id)
    return found


def subject_ids(fact: ev.Fact) -> list[str]:
    """Every id a fact names as what it is about (and its other texts: harmless, as
    ids are looked up), without the things it only refers to."""
    skip: Iterable[str] = _REFERENCES
    if isinstance(fact, _ROUND_STATEMENT):
        skip = {*_REFERENCES, "statement_id"}
    elif isinstance(fact, ev.VoteRecordedFor):
        # A score said aloud is about its round: the round's votes, on every board,
        # say whose it is (so a withheld event never changes what a guest holds).
        skip = {*_REFERENCES, "person_id"}
    return [
        found
        for name in fact.__struct_fields__
        if name not in skip
        for found in _ids(getattr(fact, name))
    ]


S = TypeVar("S", bound=msgspec.Struct)


def _cut_references(value: S, hidden: frozenset[str]) -> S:
    """`value` without its references to these things (itself if it has none)."""
    if not hidden:
        return value
    changed: dict[str, object] = {}
    for name in _REFERENCES:
        ids = getattr(value, name, None)
        if isinstance(ids, tuple) and any(i in hidden for i in ids):
            changed[name] = tuple(i for i in ids if i not in hidden)
        elif isinstance(ids, str) and ids in hidden:
            changed[name] = ""
            if hasattr(value, f"{name}_name"):
                changed[f"{name}_name"] = ""  # nor the name it was known by
    if isinstance(value, _ROUND_STATEMENT) and value.statement_id in hidden:
        changed["statement_id"] = None
    return msgspec.structs.replace(value, **changed) if changed else value


def _hidden_subject(board: Board, fact: ev.Fact, at: int) -> bool:
    """Is the fact about something a guest may not see at position `at`: a thing for
    professionals only, or (not being about a thing) a meeting for professionals only?"""
    if isinstance(fact, ev.ChildViewRecorded) and fact.kept_for_professionals:
        return True  # kept from its first moment, whichever board it is judged on
    if isinstance(fact, ev.AgencyReportSubmitted):
        return True  # likewise a partner agency's report (shared later, if at all)
    if not ever_withheld(board):
        return False
    # As in hidden_ids: the first collection holding an id decides it; an id no
    # collection holds may be a meeting's.
    left = set(subject_ids(fact))
    for collection in WRITTEN_IN:
        if not left:
            return False
        things = getattr(board, collection)
        held = things.keys() & left
        if not held:
            continue
        left -= held
        if any(for_professionals_only(board, collection, things[k], at) for k in held):
            return True
    return not left.isdisjoint(withheld_meetings(board))


def _ids(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple | list):
        return [part for item in value for part in _ids(item)]
    return []


def fact_ids(fact: ev.Fact) -> list[str]:
    """Every id a fact names (and its other texts: harmless, as ids are looked up)."""
    return [found for name in fact.__struct_fields__ for found in _ids(getattr(fact, name))]


# The facts that make a thing everyone's from their own position: staff sharing it with
# the family, a child agreeing to share their view.
SHARING = (ev.SharedWithFamily, ev.ChildAgreedToShare)


def shared_by(fact: ev.Fact) -> str | None:
    """The id of the thing a fact makes everyone's (SHARING), or None."""
    if isinstance(fact, ev.SharedWithFamily):
        return fact.thing_id
    if isinstance(fact, ev.ChildAgreedToShare):
        return fact.view_id
    return None


# Facts for professionals only whatever meeting they happen in: a late conference's
# senior sign-off (FC4) is the local authority's own account of why it was late.
FOR_PROFESSIONALS_ONLY = (ev.LateConferenceSignedOff,)


# Facts judged by the meeting they happen in only: who is in a meeting (a person in the
# room is seen by the room), and a share (from its own position the thing is everyone's:
# its event is the first they are told of it, whichever board it is judged on).
_NOT_ABOUT_A_THING = (
    ev.MeetingOpened,
    ev.ParticipantAdmitted,
    ev.ParticipantLeft,
    ev.MeetingClosed,
    *SHARING,
)


def event_for(event: CaseEvent, board: Board, audience: Audience) -> CaseEvent | None:
    """The event as `audience` may receive it, or None if it is withheld from them:
    it happened in a meeting for professionals only, or it is about a thing that was
    for professionals only at its position (an edit, a confirmation, an undo... of
    something written in such a meeting and not shared by then). A guest's event is
    otherwise cut: its references to things for professionals only (a rule's
    statements and people) and, in an open round, others' scores or names.

    `board` is the whole board (it holds the meetings, the things the event names and
    when each was shared) just before the event, after it, or later: each gives the
    same answer (a share is judged by its meeting only, and a vote leaves its round's
    state as it was)."""
    fact = event.fact
    if not audience.staff:
        if _withheld(event, board) or isinstance(fact, FOR_PROFESSIONALS_ONLY):
            return None
        if not isinstance(fact, _NOT_ABOUT_A_THING) and _hidden_subject(
            board, fact, event.position
        ):
            return None
        fact = _cut_references(fact, hidden_ids(board, reference_ids(fact), event.position))
        if isinstance(fact, ev.PersonAdded | ev.PersonCorrected) and fact.contact:
            fact = msgspec.structs.replace(fact, contact="")
    if isinstance(fact, ev.VoteRecordedFor) and not audience.staff:
        return _given_vote_for(event, fact, board, audience)
    if (
        audience.staff
        or not isinstance(fact, ev.VoteCast)
        or event.by.participant_id == audience.participant_id
    ):
        if fact is event.fact:
            return event
        return msgspec.structs.replace(event, fact=fact, command_id=None)
    hide_score, hide_name = _private(board.scaling_rounds.get(fact.round_id))
    if hide_score:
        fact = msgspec.structs.replace(fact, score=HIDDEN_SCORE, narrative="")
    by = _anonymous(fact.round_id, event.by) if hide_name else event.by
    if fact is event.fact and by is event.by:
        return event
    return msgspec.structs.replace(event, fact=fact, by=by, command_id=None)


def room_audience(board: Board) -> Audience:
    """Whose eyes a shared screen (the wall) has: the room's. The family's cut
    (ANY_GUEST: professionals-only things absent, others' scores private until the
    reveal) unless a meeting for professionals only is open with no guest in it; then
    the room is staff and sees what staff see. With no meeting open nobody can say who
    is in the room, so it is the family's cut too: the wall never draws staff-only
    things by default."""
    meeting = board.open_meeting
    if meeting is None or not meeting.professionals_only:
        return ANY_GUEST
    if any(p.present and p.role not in STAFF_ROLES for p in meeting.participants.values()):
        return ANY_GUEST
    return STAFF


def _given_vote_for(
    event: CaseEvent, fact: ev.VoteRecordedFor, board: Board, audience: Audience
) -> CaseEvent:
    """A score said aloud and recorded for someone, as a guest may read it: as that
    person's own vote would be (their own, whole; others' score and name cut while the
    round keeps them private)."""
    if fact.person_id == audience.participant_id:
        return event
    hide_score, hide_name = _private(board.scaling_rounds.get(fact.round_id))
    if hide_score:
        fact = msgspec.structs.replace(fact, score=HIDDEN_SCORE, narrative="")
    if hide_name or hidden_ids(board, [fact.person_id], event.position):
        stand_in = _anonymous(fact.round_id, Author(fact.person_id, fact.name, fact.role))
        fact = msgspec.structs.replace(
            fact, person_id=stand_in.participant_id, name=stand_in.name, role=stand_in.role
        )
    if fact is event.fact:
        return event
    return msgspec.structs.replace(event, fact=fact, command_id=None)


def point_for(board: Board, position: int, audience: Audience) -> int:
    """The position `audience` is answered with when they ask for the board at
    `position` (`board`: the whole latest board). Staff may ask for any. A position
    inside a meeting for professionals only is no point a guest can ask for: they are
    answered, as for any point they may see, with the board as it stood just before
    that meeting opened (so its time, its events and how many there were stay
    withheld)."""
    if audience.staff:
        return position
    moved = True
    while moved:
        moved = False
        for meeting in board.meetings.values():
            if not meeting.professionals_only:
                continue
            end = meeting.closed.position if meeting.closed is not None else board.position
            if meeting.opened.position <= position <= end:
                position, moved = meeting.opened.position - 1, True
    return position


def board_told(board: Board, event: CaseEvent, audience: Audience) -> Board:
    """The board to tell `event` with (the whole board just before it, or later), as
    `audience` may hold it at the event's position: a thing shared by the event is
    theirs from the event itself, so its words are told."""
    if audience.staff:
        return board
    withheld = withheld_from_guests(board)
    thing_id = shared_by(event.fact)
    if thing_id is not None:
        withheld = Withheld(withheld.meetings, withheld.entities - {thing_id})
    return board_for(board, audience, withheld)


def _round_for(
    scaling_round: ScalingRound, viewer_id: str | None, hidden: frozenset[str] = frozenset()
) -> ScalingRound:
    """A round as a guest may read it: others' scores private until the reveal, names
    after an anonymous one, and never the name of a person for professionals only
    (`hidden`: someone added in such a meeting, whose score was said aloud)."""
    hide_score, hide_name = _private(scaling_round)
    if not (hide_score or hide_name or any(v in hidden for v in scaling_round.votes)):
        return scaling_round
    votes: dict[str, Vote] = {}
    for voter_id, vote in scaling_round.votes.items():
        if voter_id == viewer_id:
            votes[voter_id] = vote
            continue
        if hide_score:
            vote = msgspec.structs.replace(vote, score=HIDDEN_SCORE, narrative="")
        if hide_name or voter_id in hidden:
            stand_in = _anonymous(scaling_round.round_id, vote)
            vote = msgspec.structs.replace(
                vote,
                participant_id=stand_in.participant_id,
                name=stand_in.name,
                role=stand_in.role,
                cast=msgspec.structs.replace(vote.cast, by=stand_in),
                given_to="",  # who it was said to could name them
            )
        votes[vote.participant_id] = vote
    return msgspec.structs.replace(scaling_round, votes=votes)


def _withheld(event: CaseEvent, board: Board) -> bool:
    """Did the event happen in a meeting for professionals only?"""
    return event.meeting_id is not None and event.meeting_id in withheld_meetings(board)


def holds_contacts(board: Board) -> bool:
    """Does this board (or part of one) hold how to reach any of the case's people?
    That is for staff only: a guest is never sent a person's phone or address (a carer's
    to a birth parent, a parent's to a partner she left). The family's own plan prints
    its safety people's numbers from the staff board (board.projections.family_plan)."""
    return any(person.contact for person in board.people.values())


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
    cut = bool(withheld.meetings or withheld.entities)
    contacts = holds_contacts(board)
    sign_off = board.late_sign_off is not None
    if not private and not cut and not others_undo and not contacts and not sign_off:
        return board
    shown = copy_board(board)
    _own_undo_only(shown, audience.participant_id)
    shown.late_sign_off = None  # the senior sign-off is for professionals only
    if cut:
        _withhold(shown, withheld)
    if contacts:
        shown.people = {
            key: msgspec.structs.replace(person, contact="") if person.contact else person
            for key, person in shown.people.items()
        }
    for round_id, scaling_round in shown.scaling_rounds.items():
        shown.scaling_rounds[round_id] = _round_for(
            scaling_round, audience.participant_id, withheld.entities
        )
    return shown


def _own_undo_only(shown: Board, participant_id: str | None) -> None:
    """A person's undo steps are theirs alone, and a screen needs only the last: what
    "undo my last change" would take back (so a change sends one step, not twenty)."""
    mine = shown.undo_steps.get(participant_id) if participant_id is not None else None
    shown.undo_steps = {participant_id: mine[-1:]} if participant_id is not None and mine else {}


def _withhold(shown: Board, withheld: Withheld) -> None:
    """Take out of a board (a copy) the meetings withheld and the things for
    professionals only, and cut what is left of its references to them."""
    meetings = withheld.meetings
    shown.meetings = {k: m for k, m in shown.meetings.items() if k not in meetings}
    if shown.open_meeting_id in meetings:
        shown.open_meeting_id = None
    if withheld.child_name is not None:
        shown.child_name = withheld.child_name
    hidden = withheld.entities
    for collection in WRITTEN_IN:
        things = getattr(shown, collection)
        if not things:  # a part of a board holds few of its collections
            continue
        setattr(
            shown,
            collection,
            {
                key: _unplaced(_cut_references(thing, hidden), meetings)
                for key, thing in things.items()
                if key not in hidden
            },
        )
    if hidden:
        shown.undo_steps = {
            person: kept_steps
            for person, steps in shown.undo_steps.items()
            if (
                kept_steps := [
                    msgspec.structs.replace(s, inverse=_cut_references(s.inverse, hidden))
                    if reference_ids(s.inverse)
                    else s
                    for s in steps
                    if s.entity_id not in hidden
                ]
            )
        }


def _unplaced(thing: S, meetings: frozenset[str]) -> S:
    """A thing shared with the family, without the meetings for professionals only its
    stamps name (where it was written or changed: no trace of those meetings), nor
    those of what it holds (a statement's family views, a rule in a child's words)."""
    if getattr(thing, "shared", None) is None:
        return thing
    return _stamps_unplaced(thing, meetings)


def _stamps_unplaced(value: S, meetings: frozenset[str]) -> S:
    changed: dict[str, object] = {}
    for name in value.__struct_fields__:
        part = getattr(value, name)
        if isinstance(part, Stamp):
            if part.meeting_id in meetings:
                changed[name] = msgspec.structs.replace(part, meeting_id=None)
        elif isinstance(part, dict) and part:
            held = {k: _stamps_unplaced(v, meetings) for k, v in part.items()}
            if any(held[k] is not v for k, v in part.items()):
                changed[name] = held
    return msgspec.structs.replace(value, **changed) if changed else value


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
