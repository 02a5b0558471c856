"""The small list of cases that home pages read: each case's title and the staff
allocated to it, so a member of staff's home lists their cases without loading any
board.

One side stream holds a record per change. A record's title is sealed with the case's
own key where encryption is on, so erasing a case leaves its entry unreadable, and the
list skips it; the case id and usernames are not case content.
"""

from __future__ import annotations

from uuid import UUID

import msgspec

from board.projections.board import Board
from board.storage.case_keys import CaseErased
from board.storage.side_stream import SideStream, stream_id
from board.storage.store import CaseStore

CASE_LIST_STREAM: UUID = stream_id("case-list")


class CaseListed(msgspec.Struct, frozen=True):
    case_id: UUID
    staff: tuple[str, ...]  # usernames allocated
    sealed_title: bytes  # the case's title, sealed with the case's key


class CaseSummary(msgspec.Struct, frozen=True):
    case_id: UUID
    title: str
    staff: tuple[str, ...]


def case_title(board: Board) -> str:
    """How a case is named in lists: the children, and the family."""
    return f"{board.child_name} ({board.family_name})" if board.family_name else board.child_name


class CaseList:
    def __init__(self, store: CaseStore) -> None:
        self.store = store
        self.records = SideStream.of(store, CaseListed)

    def note(self, board: Board) -> None:
        """Record the case as it should be listed now (after its title or staff changed)."""
        assert board.case_id is not None
        entry = CaseListed(
            board.case_id,
            tuple(sorted(board.staff)),
            self.store.seal_for_case(board.case_id, case_title(board).encode()),
        )
        self.records.append(CASE_LIST_STREAM, entry)

    def for_staff(self, username: str) -> list[CaseSummary]:
        """The cases allocated to this member of staff, in the order they were opened;
        erased cases are left out."""
        latest: dict[UUID, CaseListed] = {}
        for entry in self.records.read(CASE_LIST_STREAM):
            latest[entry.case_id] = entry
        found = []
        for entry in latest.values():
            if username not in entry.staff:
                continue
            try:
                title = self.store.unseal_for_case(entry.case_id, entry.sealed_title).decode()
            except CaseErased:
                continue
            found.append(CaseSummary(entry.case_id, title, entry.staff))
        return found
