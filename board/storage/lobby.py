"""Who the chair turned away from a case's lobby.

A device waiting to be let in is not yet one of the case's people, so turning it away
is not a fact of the case: it is kept here, in a small side stream per case, so the
device cannot come back to wait (its session's place in the lobby is refused by the
gate). It holds only the device's random lobby id and when: no name, no case content.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec

from board.storage.store import CaseStore

TURNED_AWAY = "The chair has not let you in to this meeting. Please speak to the chair."
INVITE_REVOKED = (
    "The invite you joined with has been cancelled. Please ask the chair for a new one."
)


class TurnedAway(msgspec.Struct, frozen=True):
    joined_as: str
    at: datetime


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(TurnedAway)


def _stream(case_id: UUID) -> UUID:
    return uuid5(NAMESPACE_URL, f"board:lobby:{case_id}")


class LobbyRecord:
    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def turn_away(self, case_id: UUID, joined_as: str, now: datetime | None = None) -> None:
        entry = TurnedAway(joined_as, now or datetime.now(UTC))
        self.store.append_next(_stream(case_id), "TurnedAway", _encoder.encode(entry))

    def turned_away(self, case_id: UUID) -> set[str]:
        return {
            _decoder.decode(data).joined_as
            for _, _, data in self.store.read_records(_stream(case_id))
        }
