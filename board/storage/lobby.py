"""Who the chair turned away from a case's lobby.

A device waiting to be let in is not yet one of the case's people, so turning it away
is not a fact of the case: it is kept here, in a small side stream per case, so the
device cannot come back to wait (its session's place in the lobby is refused by the
gate). It holds only the device's random lobby id and when: no name, no case content.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import msgspec

from board.storage.side_stream import SideStream, stream_id
from board.storage.store import CaseStore

TURNED_AWAY = "The chair has not let you in to this meeting. Please speak to the chair."
INVITE_REVOKED = (
    "The invite you joined with has been cancelled. Please ask the chair for a new one."
)
SESSION_ENDED = (
    "The meeting you joined has ended. To join another, please ask the chair for its code."
)
SIGNED_OUT = (
    "You have joined the meeting from another device, so this one is signed out. "
    "Carry on from the other device."
)


class TurnedAway(msgspec.Struct, frozen=True):
    joined_as: str
    at: datetime


class LobbyRecord:
    def __init__(self, store: CaseStore) -> None:
        self.records = SideStream.of(store, TurnedAway)

    def turn_away(self, case_id: UUID, joined_as: str, now: datetime | None = None) -> None:
        entry = TurnedAway(joined_as, now or datetime.now(UTC))
        self.records.append(stream_id("lobby", case_id), entry)

    def turned_away(self, case_id: UUID) -> set[str]:
        return {entry.joined_as for entry in self.records.read(stream_id("lobby", case_id))}
