"""The store's small side streams: records kept beside the cases' own streams.

Staff accounts, invites, plan links, who was turned away from a lobby, who opened a
case, the case list and what is due: each is a side stream of typed records (msgspec
structs, packed with msgpack), one topic per type, in the same table as the events,
sealed with the store's master key. A record about one case may be sealed with the
case's own key inside that (`case_id=`), so erasing the case leaves it unreadable.

A stream's id is made from its name (`stream_id("lobby", case_id)`), so it is found
again without an index. Most streams grow at the end (`append`: another process may be
appending too); a ticket's stream (an invite, a plan link) is made whole by `create`
at its first place, and later only marked (`mark`: a revocation, an empty record).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec

from board.storage.store import CaseStore, StalePosition

R = TypeVar("R", bound=msgspec.Struct)

_encoder = msgspec.msgpack.Encoder()


def stream_id(*name: object) -> UUID:
    """The id of the side stream named `name` ("lobby", case_id -> board:lobby:<case>)."""
    return uuid5(NAMESPACE_URL, "board:" + ":".join(str(part) for part in name))


class SideStream(Generic[R]):
    """One kind of side stream over the store: its records' types, by topic."""

    def __init__(self, store: CaseStore, types: Mapping[str, type[R]]) -> None:
        self.store = store
        self._topics = {kind: topic for topic, kind in types.items()}
        self._decoders: dict[str, msgspec.msgpack.Decoder[Any]] = {
            topic: msgspec.msgpack.Decoder(kind) for topic, kind in types.items()
        }

    @classmethod
    def of(cls, store: CaseStore, *types: type[R]) -> SideStream[R]:
        """Records whose topics are their types' names."""
        return cls(store, {kind.__name__: kind for kind in types})

    def _data(self, record: R, case_id: UUID | None) -> bytes:
        data = _encoder.encode(record)
        return data if case_id is None else self.store.seal_for_case(case_id, data)

    def append(self, stream: UUID, record: R, *, case_id: UUID | None = None) -> bool:
        """Add a record at the end of the stream (sealed with the case's key too, with
        `case_id`). False if it never found a free place (board.storage.store)."""
        topic = self._topics[type(record)]
        return self.store.append_next(stream, topic, self._data(record, case_id))

    def create(self, stream: UUID, record: R) -> None:
        """A ticket's stream: its one record, at the first place (StalePosition if the
        stream already exists)."""
        self.store.append_record(stream, 1, self._topics[type(record)], _encoder.encode(record))

    def entries(self, stream: UUID, *, case_id: UUID | None = None) -> list[tuple[str, R | None]]:
        """(topic, record) of every item of the stream, oldest first; None for a topic
        that is not one of the types (a mark). With `case_id`, unsealed with the case's
        key (raises CaseErased for an erased case)."""
        found: list[tuple[str, R | None]] = []
        for _, topic, data in self.store.read_records(stream):
            decoder = self._decoders.get(topic)
            if decoder is None:
                found.append((topic, None))
                continue
            if case_id is not None:
                data = self.store.unseal_for_case(case_id, data)
            found.append((topic, decoder.decode(data)))
        return found

    def read(self, stream: UUID, *, case_id: UUID | None = None) -> list[R]:
        """Every record of the stream, oldest first (marks left out)."""
        return [record for _, record in self.entries(stream, case_id=case_id) if record is not None]

    def put(self, stream: UUID, place: int, record: R) -> bool:
        """A record at exactly this place of a ticket's stream; False if another got
        there first (so two processes cannot both put the first claim)."""
        try:
            self.store.append_record(
                stream, place, self._topics[type(record)], _encoder.encode(record)
            )
        except StalePosition:
            return False
        return True

    def mark(self, stream: UUID, topic: str) -> bool:
        """Mark a ticket's stream with an empty record under `topic`, once; False if it
        was marked already."""
        records = self.store.read_records(stream)
        if any(found == topic for _, found, _ in records):
            return False
        self.store.append_record(stream, len(records) + 1, topic, b"")
        return True
