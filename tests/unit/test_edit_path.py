"""The work around each edit (issue 24, item 1): an ack goes straight to the socket as
live events do, never ahead of what is queued for the screen; and the batches a group
commit tells together wake the event loop once."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Any, cast
from uuid import uuid4

import pytest
from starlette.websockets import WebSocket

from board.events import Author
from board.practice import Role
from board.projections.changes import Told
from board.ws.connection import Connection, ConnectionState, Outgoing, Send
from board.ws.direct import RECEIVED_BEFORE_PAUSE, DirectProtocol, DirectSocket, frame_of
from board.ws.publisher import Publisher

ACK = b'{"type":"ack","id":"c1","position":7,"created":[]}'


class Socket(DirectSocket):
    """A socket whose buffer has room (or not), keeping what is written to it."""

    def __init__(self, room: bool = True) -> None:
        super().__init__(cast(DirectProtocol, None))
        self.room = room
        self.written: list[bytes] = []

    def ready(self) -> bool:
        return self.room

    def write(self, frame: bytes) -> None:
        self.written.append(frame)


def screen(socket: Socket) -> Connection:
    return Connection(
        websocket=cast(WebSocket, None),
        case_id=uuid4(),
        who=Author("staff-chair", "Sam Reid", Role.CHAIR),
        state=ConnectionState.LIVE,
        is_guest=False,
        direct=socket,
    )


def test_an_ack_to_an_idle_screen_is_written_at_once() -> None:
    socket = Socket()
    connection = screen(socket)
    connection.send_own(ACK)
    assert socket.written == [frame_of(ACK)]
    assert list(connection.outbox) == []


def test_an_ack_waits_behind_the_events_queued_for_the_screen() -> None:
    socket = Socket()
    connection = screen(socket)
    connection.live_queued = True
    connection.offer(Outgoing(Send.LIVE))  # the sender's own event, not yet written
    connection.send_own(ACK)
    assert socket.written == []
    assert list(connection.outbox) == [Outgoing(Send.LIVE), Outgoing(Send.FRAME, ACK.decode())]


@pytest.mark.parametrize("busy", [True, False])
def test_an_ack_waits_while_the_sender_works_or_the_socket_is_full(busy: bool) -> None:
    socket = Socket(room=busy)
    connection = screen(socket)
    connection.busy = busy
    connection.send_own(ACK)
    assert socket.written == []
    assert list(connection.outbox) == [Outgoing(Send.FRAME, ACK.decode())]


async def test_batches_told_together_wake_the_loop_once_in_their_order() -> None:
    loop = asyncio.get_running_loop()
    told: list[list[Any]] = []
    all_three = asyncio.Event()

    class Hub:
        def publish(self, batch: Sequence[Told]) -> None:
            told.append(list(batch))
            if len(told) == 3:
                all_three.set()

    wake_ups: list[object] = []
    call_soon_threadsafe = loop.call_soon_threadsafe

    def counted(callback: Any, *args: Any) -> asyncio.Handle:
        wake_ups.append(callback)
        return call_soon_threadsafe(callback, *args)

    loop.call_soon_threadsafe = counted  # type: ignore[method-assign]
    try:
        publisher = Publisher(Hub(), loop)
        batches = [[cast(Told, f"event {n}")] for n in (1, 2, 3)]
        # One worker thread tells three batches (a group commit) before the loop runs.
        worker = threading.Thread(target=lambda: [publisher(b) for b in batches])
        worker.start()
        worker.join()
        await asyncio.wait_for(all_three.wait(), 5)
    finally:
        del loop.call_soon_threadsafe
    assert told == batches
    assert len(wake_ups) == 1


async def test_a_batch_the_hub_fails_on_does_not_lose_the_batches_after_it(
    caplog: pytest.LogCaptureFixture,
) -> None:
    loop = asyncio.get_running_loop()
    told: list[list[Told]] = []
    both_tried = asyncio.Event()

    class Hub:
        def publish(self, batch: Sequence[Told]) -> None:
            told.append(list(batch))
            if len(told) == 2:
                both_tried.set()
            if batch[0] == "event 1":
                raise RuntimeError("a screen's queue broke")

    publisher = Publisher(Hub(), loop)
    batches = [[cast(Told, f"event {n}")] for n in (1, 2)]
    worker = threading.Thread(target=lambda: [publisher(b) for b in batches])
    worker.start()
    worker.join()
    await asyncio.wait_for(both_tried.wait(), 5)
    assert told == batches
    assert "publishing a batch of events failed: RuntimeError" in caplog.text
    assert "a screen's queue broke" not in caplog.text  # the kind of error, no more


class Transport:
    def __init__(self) -> None:
        self.pauses = 0
        self.resumes = 0

    def pause_reading(self) -> None:
        self.pauses += 1

    def resume_reading(self) -> None:
        self.resumes += 1


def receiving_protocol() -> tuple[DirectProtocol, Transport]:
    """A DirectProtocol as far as receiving messages goes (no server around it)."""
    protocol = DirectProtocol.__new__(DirectProtocol)
    transport = Transport()
    protocol.transport = cast(Any, transport)
    protocol.queue = asyncio.Queue()
    protocol.read_paused = False
    protocol.close_sent = False
    protocol.curr_msg_data_type = "text"
    return protocol, transport


def test_a_socket_is_read_on_while_the_app_keeps_up_and_paused_when_it_does_not() -> None:
    async def scenario() -> tuple[list[int], list[str]]:
        protocol, transport = receiving_protocol()
        seen = []
        for n in range(RECEIVED_BEFORE_PAUSE):
            protocol.frames = [f'{{"n":{n}}}'.encode()]
            protocol.send_receive_event_to_app()
            seen.append(transport.pauses)
        texts = [
            cast(str, (await protocol.receive())["text"]) for _ in range(RECEIVED_BEFORE_PAUSE)
        ]
        return [*seen, transport.resumes], texts

    counts, texts = asyncio.run(scenario())
    # No pause (no change to the loop's epoll set) until RECEIVED_BEFORE_PAUSE wait,
    # then one; reading resumes once the app has read them all.
    assert counts == [0] * (RECEIVED_BEFORE_PAUSE - 1) + [1, 1]
    assert texts == [f'{{"n":{n}}}' for n in range(RECEIVED_BEFORE_PAUSE)]
