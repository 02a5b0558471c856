"""What one process tells the others over Redis, read back as the receiver reads it:
the frame's fact decoded only for an event something follows from, a message from a
sender without that mark read as before, and a process's own messages left alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID, uuid4

import msgspec

from board import events as ev
from board.events import Author
from board.practice import Role
from board.ws.broadcast import CHANNEL_PREFIX, RedisBroadcaster
from board.ws.connection import Connection
from board.ws.outbound import Outbound
from board.ws.protocol import Event, PersonPresent, encode
from board.ws.reactions import MEETING_ENDED, Dismiss, RoomChanged

CHAIR = Author("staff-chair", "Sam Reid", Role.CHAIR)
CASE = uuid4()
# Not an event frame at all: decoding it as one raises, so a receiver that returns
# without raising never decoded it.
NOT_DECODABLE = b'{"type":"event","position":"not a number"}'


class Heard:
    """The hub as a broadcaster sees it (board.ws.broadcast.Rooms), keeping what it is
    given: one live case and nobody connected."""

    def __init__(self) -> None:
        self.delivered: list[Sequence[Outbound]] = []

    def cases(self) -> list[UUID]:
        return [CASE]

    def live(self, case_id: UUID) -> list[Connection]:
        return []

    def local_presence(self, case_id: UUID) -> list[PersonPresent]:
        return []

    def deliver(self, case_id: UUID, outbound: Sequence[Outbound]) -> None:
        self.delivered.append(outbound)

    def catch_up(self, case_id: UUID) -> None: ...
    def presence_changed(self, case_id: UUID) -> None: ...
    def heard_presence(self, case_id: UUID) -> None: ...
    def heard_facilitation(self, case_id: UUID, kind: str, text: str) -> None: ...
    def heard_turned_away(self, case_id: UUID, participant_id: str, message: str) -> None: ...


def closing_frame() -> bytes:
    at = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)
    fact = ev.MeetingClosed(meeting_id="m1")
    return encode(Event(position=4, at=at, by=CHAIR, meeting_id="m1", command_id=None, fact=fact))


def broadcaster() -> tuple[RedisBroadcaster, Heard]:
    # Never started: nothing here reaches Redis (the client connects when first used).
    told = RedisBroadcaster("redis://127.0.0.1:6379/0", read_head=None)  # type: ignore[arg-type]
    heard = Heard()
    told.attach(heard)
    return told, heard


def published(sender: RedisBroadcaster, outbound: list[Outbound]) -> bytes:
    sender.events(CASE, outbound)
    case_id, payload = sender.outgoing.get_nowait()
    assert case_id == CASE
    return payload


def test_only_an_event_something_follows_from_is_decoded_on_arrival() -> None:
    sender, _ = broadcaster()
    receiver, heard = broadcaster()
    closing = closing_frame()
    payload = published(
        sender,
        [
            Outbound(4, closing, closing, {}, (Dismiss(None, "meeting_ended", MEETING_ENDED),)),
            Outbound(5, NOT_DECODABLE, NOT_DECODABLE, {}, ()),
        ],
    )
    receiver._received(f"{CHANNEL_PREFIX}{CASE}".encode(), payload)
    [outbound] = heard.delivered
    assert [(o.position, o.data) for o in outbound] == [(4, closing), (5, NOT_DECODABLE)]
    assert outbound[0].reactions == (Dismiss(None, "meeting_ended", MEETING_ENDED), RoomChanged())
    assert outbound[1].reactions == ()


def test_a_message_without_the_mark_is_decoded_as_before() -> None:
    """From a process of the release before: four items an event, no mark."""
    receiver, heard = broadcaster()
    closing = closing_frame()
    payload = msgspec.json.encode(
        {"origin": "another", "events": [[4, msgspec.Raw(closing), msgspec.Raw(b"null"), {}]]}
    )
    receiver._received(f"{CHANNEL_PREFIX}{CASE}".encode(), payload)
    [outbound] = heard.delivered
    assert outbound[0].reactions == (Dismiss(None, "meeting_ended", MEETING_ENDED), RoomChanged())


def test_a_process_leaves_its_own_messages_alone() -> None:
    sender, heard = broadcaster()
    other, _ = broadcaster()
    closing = closing_frame()
    own = published(sender, [Outbound(4, closing, closing, {}, ())])
    sender._received(f"{CHANNEL_PREFIX}{CASE}".encode(), own)
    assert heard.delivered == []
    # The same message from another process is delivered.
    theirs = published(other, [Outbound(4, closing, closing, {}, ())])
    sender._received(f"{CHANNEL_PREFIX}{CASE}".encode(), theirs)
    assert [[o.position for o in batch] for batch in heard.delivered] == [[4]]
