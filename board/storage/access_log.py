"""Who of the staff opened a case, what, and when: the case's access record.

Kept for every time a member of staff opens a case (a page, the API, an export, the
PDF, the live board), so a manager can see who has looked at a child's record. It
holds no case content: a username, the name of what was opened, and the time.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from board.storage.side_stream import SideStream, stream_id
from board.storage.store import CaseStore


class AccessRecorded(msgspec.Struct, frozen=True):
    username: str
    what: str  # the route's name: "screen", "record_pdf", "case_state", "websocket"...
    at: datetime


class AccessLog:
    def __init__(self, store: CaseStore) -> None:
        self.records = SideStream.of(store, AccessRecorded)

    def record(self, case_id: UUID, entry: AccessRecorded) -> None:
        self.records.append(stream_id("access", case_id), entry)

    def of(self, case_id: UUID) -> list[AccessRecorded]:
        """Every recorded access to the case, oldest first."""
        return self.records.read(stream_id("access", case_id))
