"""What an event changed on the board, as each audience is shown it.

A screen does not fold facts: the server tells it which parts of the board an event
put or removed (already cut by the visibility rule for that screen's audience) and
the sentence that says what happened. A screen applies the changes generically, so
a new fact needs Python only.

The parts an event can touch are found from its ids: every text value of the fact,
the meeting it happened in and the open meeting. Only those parts are compared, so
telling costs the same on a board of ten items or ten thousand. The property tests
check that applying every event's changes to an empty board gives the board.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import msgspec

from board import events as ev
from board.events import CaseEvent
from board.practice import STAFF_ROLES
from board.projections.board import Board, UndoStep, copy_board, evolve
from board.projections.narration import in_brief
from board.projections.visibility import (
    ANY_GUEST,
    STAFF,
    Audience,
    Withheld,
    board_for,
    board_told,
    event_for,
    ever_withheld,
    fact_ids,
    guests_child_name,
    hidden_ids,
    holds_contacts,
    own_views_changed,
    reference_ids,
    rounds_private,
    shared_by,
    withheld_meetings,
)

# The board's collections (its fields keyed by id) and the fields a change sets outright,
# read from the Board itself, so a new part of the board needs nothing here. Each
# event frame carries its own position and time.
_EMPTY = Board()
COLLECTIONS = tuple(f for f in Board.__struct_fields__ if isinstance(getattr(_EMPTY, f), dict))
SCALARS = tuple(
    f for f in Board.__struct_fields__ if f not in COLLECTIONS and f not in ("position", "at")
)


class Put(msgspec.Struct, frozen=True, tag="put", gc=False):
    """Set the part of the board at `path` (collection, id, then field or key) to `value`."""

    path: tuple[str, ...]
    value: Any


class Remove(msgspec.Struct, frozen=True, tag="remove", gc=False):
    """Delete the part of the board at `path`."""

    path: tuple[str, ...]


Change = Put | Remove


@dataclass(frozen=True)
class Seen:
    """One event as one audience is shown it: the event (cut), what it changed, in words.
    `withheld`: the audience is told nothing of the event (who, what, where), only that
    the board moved on and what changed of the board as they may hold it: nothing, but
    for the author's own undo step (board.projections.visibility)."""

    event: CaseEvent
    changes: list[Change]
    said: str
    withheld: bool = False

    def same_as(self, other: Seen) -> bool:
        return (self.event, self.changes, self.said, self.withheld) == (
            other.event,
            other.changes,
            other.said,
            other.withheld,
        )


@dataclass(frozen=True)
class Told:
    """One event as every audience is shown it: any member of staff, any guest, and the
    few people whose own view differs (their own votes, their own undo steps)."""

    staff: Seen
    guest: Seen
    personal: dict[str, Seen] = field(default_factory=dict)
    # Of `personal`, the people who are guests (given ranks, board.projections.guest_ranks).
    guests: frozenset[str] = frozenset()

    def seen_by(self, audience: Audience) -> Seen:
        if audience.participant_id is not None and audience.participant_id in self.personal:
            return self.personal[audience.participant_id]
        return self.staff if audience.staff else self.guest


def _touchable(board: Board, event: CaseEvent, going: set[str], re_cut: set[str]) -> set[str]:
    found: set[str] = {event.by.participant_id, *fact_ids(event.fact), *re_cut}
    for meeting_id in (event.meeting_id, board.open_meeting_id):
        if meeting_id is not None:
            found.add(meeting_id)
    if going:
        # Everything beside what is shared, so it takes its place among them (shares
        # are rare; the cost is those collections' ids).
        for name in COLLECTIONS:
            collection = getattr(board, name)
            if not going.isdisjoint(collection):
                found.update(collection)
    return found


def _going(board: Board, event: CaseEvent) -> set[str]:
    """What an event shares with the family and what goes with it (empty for most)."""
    shared = shared_by(event.fact)
    return set() if shared is None else {shared, *_going_with(board, shared)}


def _guests_whose_step_names(board: Board, going: set[str]) -> set[str]:
    """The guests whose last undo step touches or refers to something being shared:
    their screens hold it cut without that thing, so the share must re-cut it. Staff
    see every step whole (a share changes nothing of theirs), and a person is taken
    for a guest only if a meeting admitted them in a guest's role, so a screen of
    staff is never sent a guest's cut (one never admitted keeps the old cut until a
    catch-up)."""
    named = {
        person
        for person, steps in board.undo_steps.items()
        if steps
        and (steps[-1].entity_id in going or not going.isdisjoint(reference_ids(steps[-1].inverse)))
    }
    if not named:
        return named
    roles: dict[str, set[bool]] = {}
    for meeting in board.meetings.values():
        for person in named & meeting.participants.keys():
            roles.setdefault(person, set()).add(meeting.participants[person].role in STAFF_ROLES)
    return {person for person, staff in roles.items() if staff == {False}}


def _going_with(board: Board, thing_id: str) -> set[str]:
    """What a guest sees more of when this thing is shared: a danger statement's goals,
    and the rules and rounds that refer to it."""
    if thing_id not in board.danger_statements:
        return set()
    return {
        *(g.goal_id for g in board.safety_goals.values() if g.statement_id == thing_id),
        *(r.rule_id for r in board.plan.values() if thing_id in r.addresses),
        *(r.round_id for r in board.scaling_rounds.values() if r.statement_id == thing_id),
    }


def _part(board: Board, ids: set[str]) -> Board:
    """The parts of `board` with these ids, and its scalars: a small board of its own."""
    parts: dict[str, Any] = {}
    for name in COLLECTIONS:
        collection = getattr(board, name)
        held = collection.keys() & ids  # one intersection a collection, most empty
        if len(held) > 1:
            # In the board's order (statements are numbered by it): rare, and then the
            # one collection is walked.
            parts[name] = {key: thing for key, thing in collection.items() if key in held}
        else:
            parts[name] = {key: collection[key] for key in held}
    return Board(
        position=board.position,
        at=board.at,
        **{name: getattr(board, name) for name in SCALARS},
        **parts,
    )


_MISSING: Any = object()
_HOLDS_COLLECTION: dict[type, bool] = {}


def _holds_collection(value: msgspec.Struct) -> bool:
    """Does this kind of part hold a keyed collection (asked once per kind)?"""
    kind = type(value)
    found = _HOLDS_COLLECTION.get(kind)
    if found is None:
        found = _HOLDS_COLLECTION[kind] = any(
            isinstance(getattr(value, f), dict) for f in value.__struct_fields__
        )
    return found


def _diff(before: Any, after: Any, path: tuple[str, ...], out: list[Change]) -> None:
    if before is after:
        return
    if isinstance(after, dict) and isinstance(before, dict):
        for key in before:
            if key not in after:
                out.append(Remove((*path, key)))
        moving = False
        for key, value in after.items():
            held = before.get(key, _MISSING)
            if held is _MISSING:
                moving = True
            elif moving:
                # A thing a screen already holds, after one it is given now (a statement
                # shared after later ones were written): taken out and put back, so the
                # screen keeps the board's order (statements are numbered by it).
                out.append(Remove((*path, key)))
                held = _MISSING
            _diff(held, value, (*path, key), out)
        return
    if (
        type(before) is type(after)
        and isinstance(after, msgspec.Struct)
        and _holds_collection(after)
    ):
        # A part holding a keyed collection (a round's votes, a meeting's people): say
        # what changed inside it, so a vote does not resend every other vote.
        for name in after.__struct_fields__:
            _diff(getattr(before, name), getattr(after, name), (*path, name), out)
        return
    if before is not _MISSING and before == after:
        return
    out.append(Put(path, after))


def changes(before: Board, after: Board) -> list[Change]:
    """The puts and removes that turn `before` into `after` (position and time aside:
    each event frame carries its own)."""
    out: list[Change] = []
    for name in SCALARS:
        _diff(getattr(before, name), getattr(after, name), (name,), out)
    for name in COLLECTIONS:
        _diff(getattr(before, name), getattr(after, name), (name,), out)
    return out


_NOTHING_WITHHELD = Withheld(frozenset(), frozenset())


def _named_in(part: Board) -> set[str]:
    """Every id a part of a board holds or refers to, as far as any screen is shown
    it: its things, what its things refer to (a rule's statements, a goal's), and the
    thing each person's last undo step touches (a screen is given its own last step
    only, board.projections.visibility's `_own_undo_only`, so the twenty before it are
    never cut for anyone)."""
    found: set[str] = set()
    for name in COLLECTIONS:
        collection = getattr(part, name)
        found.update(collection)
        if name == "undo_steps":
            continue
        for thing in collection.values():
            if isinstance(thing, msgspec.Struct):
                found.update(reference_ids(thing))
    for steps in part.undo_steps.values():
        if steps:
            found.add(steps[-1].entity_id)
            found.update(reference_ids(steps[-1].inverse))
    return found


class _Named:
    """Each part's ids (`_named_in`), found once: the part before an event is asked
    about on the board before it and again after (~50 µs a part, with its undo steps)."""

    def __init__(self) -> None:
        self._found: dict[int, set[str]] = {}

    def __call__(self, part: Board) -> set[str]:
        found = self._found.get(id(part))  # the parts outlive this (evolve_and_tell's)
        if found is None:
            found = self._found[id(part)] = _named_in(part)
        return found


def _withheld_from(board: Board, *parts: Board, named: _Named | None = None) -> Withheld:
    """What the whole board withholds from guests, as far as these parts need: the
    meetings, and of the things for professionals only those the parts hold or refer
    to. The same cut as `withheld_from_guests`, without a look at every thing on the
    board."""
    if not ever_withheld(board):
        return _NOTHING_WITHHELD
    meetings = withheld_meetings(board)
    ids_of = named or _Named()
    named_ids = set().union(*(ids_of(part) for part in parts))
    return Withheld(meetings, hidden_ids(board, named_ids), guests_child_name(board))


def _names_withheld(board: Board, ids: set[str]) -> bool:
    """Does an event that names these ids touch something withheld from guests?"""
    return bool(hidden_ids(board, ids))


def evolve_and_tell(board: Board, event: CaseEvent) -> Told:
    """Apply `event` to a board the caller owns, and say what it changed for everyone."""
    going = _going(board, event)
    re_cut = _guests_whose_step_names(board, going) if going else set()
    ids = _touchable(board, event, going, re_cut)
    before_part = _part(board, ids)
    # Words need the board before the event. Votes are said differently to guests, and
    # a vote does not change its round's state, so the cut before is the cut after.
    staff_words = in_brief(event, board)
    cut_before = event_for(event, board, ANY_GUEST)
    cut_words = (
        in_brief(cut_before, board)
        if cut_before is not None and cut_before is not event
        else staff_words
    )
    # An event that names something for professionals only (a share, a rule that
    # refers to a statement of theirs) is said to guests with the board as they may
    # hold it at the event's position, so it quotes nothing they may not see.
    before_copy = (
        copy_board(board)
        if shared_by(event.fact) is not None or _names_withheld(board, set(fact_ids(event.fact)))
        else None
    )
    # Each side is cut as it stood: a share makes a thing everyone's only from its event.
    named = _Named()
    withheld_before = _withheld_from(board, before_part, named=named)
    evolve(board, event)
    after_part = _part(board, ids)
    withheld = _withheld_from(board, before_part, after_part, named=named)

    # A guest's cut of the event, asked once on the board after it (where a meeting
    # for professionals only that the event opens is already known).
    guest_event = event_for(event, board, ANY_GUEST)

    def seen(audience: Audience) -> Seen:
        if audience.staff:
            shown: CaseEvent | None = event  # staff are shown every event whole
        elif audience.participant_id is None:
            shown = guest_event
        else:
            shown = event_for(event, board, audience)
        before_cut = board_for(before_part, audience, withheld_before)
        after_cut = board_for(after_part, audience, withheld)
        if shown is None:
            # Nothing of the event itself; what it changed of the board as this audience
            # may hold it is still theirs. For the event's author that is their own undo:
            # a change of theirs in a meeting for professionals only becomes their last
            # step, which their screen cannot be offered (it names what they cannot see).
            return Seen(event, changes(before_cut, after_cut), "", withheld=True)
        if before_copy is not None and not audience.staff:
            words = in_brief(shown, board_told(before_copy, event, audience))
        else:
            words = staff_words if shown is event else cut_words
        return Seen(shown, changes(before_cut, after_cut), words)

    staff = seen(STAFF)
    if (
        not withheld.meetings
        and not withheld.entities
        and not rounds_private(before_part)
        and not rounds_private(after_part)
        and not holds_contacts(before_part)
        and not holds_contacts(after_part)
        and guest_event is event
    ):
        guest = staff  # nothing here is cut for a guest: one frame serves everyone
    else:
        guest = seen(ANY_GUEST)
        if guest.same_as(staff):
            guest = staff
    people = dict.fromkeys(own_views_changed(before_part, after_part), False)
    people[event.by.participant_id] = event.by.role in STAFF_ROLES
    if isinstance(event.fact, ev.VoteRecordedFor):
        # A score said aloud and recorded for someone: their own, whole, on their screen.
        people.setdefault(event.fact.person_id, event.fact.role in STAFF_ROLES)
    for person in re_cut:  # a share puts back what their last step refers to
        people.setdefault(person, False)
    personal: dict[str, Seen] = {}
    for person, is_staff in people.items():
        if is_staff:
            mine = _staff_own(staff, before_part, after_part, person)
        else:
            mine = seen(Audience(is_staff, person))
        if not mine.same_as(staff if is_staff else guest):
            personal[person] = mine
    guests = frozenset(p for p in personal if not people[p])
    return Told(staff, guest, personal, guests)


_FIELD_ORDER = {name: index for index, name in enumerate((*SCALARS, *COLLECTIONS))}


def _own_steps(part: Board, person: str) -> dict[str, list[UndoStep]]:
    mine = part.undo_steps.get(person)
    return {person: mine[-1:]} if mine else {}


def _staff_own(staff: Seen, before_part: Board, after_part: Board, person: str) -> Seen:
    """A member of staff's own view of an event: what staff are shown, with their own
    last undo step (`board_for` cuts nothing else differently for them), so their
    changes are staff's with their step's put in its place (`changes`' field order)."""
    undo: list[Change] = []
    _diff(_own_steps(before_part, person), _own_steps(after_part, person), ("undo_steps",), undo)
    if not undo:
        return staff
    merged = sorted([*staff.changes, *undo], key=lambda change: _FIELD_ORDER[change.path[0]])
    return Seen(staff.event, merged, staff.said, staff.withheld)


def evolve_and_show(board: Board, event: CaseEvent, audience: Audience) -> Seen:
    """Apply `event` to a board the caller owns, and say what it changed for one
    audience (catching a screen up)."""
    return evolve_and_tell(board, event).seen_by(audience)


def apply_changes(board: dict[str, Any], position: int, at: Any, said: Iterable[Change]) -> None:
    """Apply an event frame's changes to a board held as plain data (JSON), as a screen
    does: the reference for static/board/model.js and the property tests."""
    for change in said:
        *parents, last = change.path
        target = board
        for key in parents:
            target = target.setdefault(key, {})
        if isinstance(change, Put):
            target[last] = msgspec.to_builtins(change.value)
        else:
            target.pop(last, None)
    board["position"] = position
    board["at"] = at
