"""What follows from a fact for the people connected to a case: one table, pure.

The hub carries these out on the connections it holds (board.ws.hub); deciding them
is the domain's: a person let in from the lobby starts receiving the board (and the
device they were in on before, when they rejoin from another, is signed out); a person
the chair removes, and every guest once the meeting closes, is told why and leaves; a
member of staff taken off the case is told why and leaves, on every screen; and when
who is in the room may have changed (a meeting opens or closes, someone comes or goes),
a shared screen (the wall) is sent the board again, cut for the room as it is now
(board.projections.visibility.room_audience).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from board import events as ev
from board.events import Author
from board.ws.protocol import GoodbyeCode


@dataclass(frozen=True)
class Admit:
    """Let the device waiting as `joined_as` in from the lobby, as the person `who`:
    send them the board from now on."""

    joined_as: str
    who: Author


@dataclass(frozen=True)
class Dismiss:
    """Tell this guest (None: every guest) why, and end their connection."""

    participant_id: str | None
    code: GoodbyeCode
    message: str


@dataclass(frozen=True)
class Unallocated:
    """The member of staff with this account is no longer allocated to the case: tell
    each of their screens of it why, and end them."""

    username: str


@dataclass(frozen=True)
class SignOut:
    """Tell the guest device that joined as `joined_as` why, and end its connection
    (its person rejoined from another device)."""

    joined_as: str
    message: str


@dataclass(frozen=True)
class RoomChanged:
    """Who is in the room may have changed: each wall of the case gets the board again,
    as the room may now see it."""


Reaction = Admit | Dismiss | Unallocated | SignOut | RoomChanged

REMOVED = "The chair has ended your place in this meeting."
MEETING_ENDED = "The meeting has ended. Thank you for taking part."
NOT_ALLOCATED = (
    "This case is no longer allocated to you, so it has been closed on this screen. "
    "Ask the team manager if you need to see it."
)
SIGNED_OUT = (
    "You have joined the meeting from another device, so this one is signed out. "
    "Carry on from the other device."
)


def _admitted(fact: ev.ParticipantAdmitted) -> list[Reaction]:
    who = Author(fact.participant_id, fact.name, fact.role)
    admit: list[Reaction] = [Admit(fact.joined_as or fact.participant_id, who)]
    return [SignOut(fact.replaces, SIGNED_OUT), *admit] if fact.replaces else admit


REACTIONS: dict[type[ev.Fact], Callable[[Any], list[Reaction]]] = {
    ev.MeetingOpened: lambda fact: [RoomChanged()],
    ev.ParticipantAdmitted: lambda fact: [*_admitted(fact), RoomChanged()],
    ev.ParticipantLeft: lambda fact: [
        Dismiss(fact.participant_id, "removed", REMOVED),
        RoomChanged(),
    ],
    ev.MeetingClosed: lambda fact: [Dismiss(None, "meeting_ended", MEETING_ENDED), RoomChanged()],
    ev.StaffUnallocated: lambda fact: [Unallocated(fact.username)],
}


def reactions_to(fact: ev.Fact) -> list[Reaction]:
    """What the connections of a case should do once `fact` is committed."""
    react = REACTIONS.get(type(fact))
    return react(fact) if react is not None else []
