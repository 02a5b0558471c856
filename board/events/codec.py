"""How events are written to and read from the store.

The stored record keeps case and position in the library's own columns
(originator_id, originator_version); the body is MessagePack of the rest. The topic
column holds the fact's type name, which is stable (never a module path), so code
can move without breaking stored streams.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast
from uuid import UUID

import msgspec

from board.events import AnyFact, Author, CaseEvent


class _Body(msgspec.Struct, frozen=True, array_like=True, gc=False):
    at: datetime
    by: Author
    meeting_id: str | None
    fact: AnyFact
    command_id: str | None = None


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(_Body)


def encode_body(event: CaseEvent) -> bytes:
    # The envelope types its fact as the base class; the body's union names each one.
    fact = cast(AnyFact, event.fact)
    return _encoder.encode(_Body(event.at, event.by, event.meeting_id, fact, event.command_id))


def decode_body(case_id: UUID, position: int, body: bytes) -> CaseEvent:
    return _case_event(case_id, position, _decoder.decode(body))


def _case_event(case_id: UUID, position: int, found: _Body | ExportedEvent) -> CaseEvent:
    return CaseEvent(
        case_id=case_id,
        position=position,
        at=found.at,
        by=found.by,
        meeting_id=found.meeting_id,
        fact=found.fact,
        command_id=found.command_id,
    )


class ExportedEvent(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """One event as a line of an export (`python -m board export`, and the HTTP API's
    `/events`): the raw record, its fact tagged with its type."""

    case_id: UUID
    position: int
    at: datetime
    by: Author
    meeting_id: str | None
    fact: AnyFact
    command_id: str | None = None


_json_encoder = msgspec.json.Encoder()
_exported_decoder = msgspec.json.Decoder(ExportedEvent)


def export_line(event: CaseEvent) -> bytes:
    """One event as a line of newline-delimited JSON: the raw record, nothing derived."""
    return _json_encoder.encode(event) + b"\n"


def import_line(line: bytes | str) -> CaseEvent:
    """The event in an exported line (raises msgspec.ValidationError if it is not one)."""
    found = _exported_decoder.decode(line)
    return _case_event(found.case_id, found.position, found)
