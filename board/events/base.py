"""The envelope every fact is recorded in: which case, where in its stream, when, who."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from board.practice import Role


class Fact(msgspec.Struct, frozen=True, tag=True, kw_only=True, gc=False):
    """Something that happened on the board. Subclasses are the vocabulary.

    The tag (the class name) is the event's type on the wire and in the store, so
    a subclass is never renamed: add a new type instead (events are forever).

    `undoes` is set when the fact reverses an earlier change by the same person (their
    "undo"): the position of the change it reverses. Nothing is ever erased.
    """

    undoes: int | None = None


class Author(msgspec.Struct, frozen=True, gc=False):
    """Who made a change: the participant as they were known at that moment."""

    participant_id: str
    name: str
    role: Role


class CaseEvent(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """One immutable event in a case's stream.

    `position` is gap-free from 1 within the case; `meeting_id` is the meeting that
    was open when it happened (None between meetings).
    """

    case_id: UUID
    position: int
    at: datetime
    by: Author
    meeting_id: str | None
    fact: Fact
    # The sender's own id for the command that recorded this event, so a resent
    # command is recognised and not recorded twice.
    command_id: str | None = None

    @property
    def type(self) -> str:
        return type(self.fact).__name__
