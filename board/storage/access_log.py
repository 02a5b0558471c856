"""Who of the staff opened a case, what, and when: the case's access record.

Kept for every time a member of staff opens a case (a page, the API, an export, the
PDF, the live board), so a manager can see who has looked at a child's record. It
holds no case content: a username, the name of what was opened, and the time.
"""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec

from board.storage.store import CaseStore


class AccessRecorded(msgspec.Struct, frozen=True):
    username: str
    what: str  # the route's name: "screen", "record_pdf", "case_state", "websocket"...
    at: datetime


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(AccessRecorded)


def _stream(case_id: UUID) -> UUID:
    return uuid5(NAMESPACE_URL, f"board:access:{case_id}")


class AccessLog:
    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def record(self, case_id: UUID, entry: AccessRecorded) -> None:
        self.store.append_next(_stream(case_id), "AccessRecorded", _encoder.encode(entry))

    def of(self, case_id: UUID) -> list[AccessRecorded]:
        """Every recorded access to the case, oldest first."""
        return [_decoder.decode(data) for _, _, data in self.store.read_records(_stream(case_id))]
