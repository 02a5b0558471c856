"""Fan-out at scale over real sockets: many screens, a burst of events, a screen that
stops reading; and the operators' metrics, which must hold no case data.

The screens here are bare websockets signed in as staff that only note the position
of each event they receive: the server does the same work for them as for a browser.
"""

from __future__ import annotations

import asyncio
import json
import socket
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Iterator
from uuid import UUID

import msgspec
import pytest
import websockets
from live import LiveServer, add_demo_case, free_port, prepare_store, running_server, staff
from websockets.asyncio.client import ClientConnection

from board.client import BoardClient
from board.commands import AddItem, OpenMeeting
from board.practice import Domain, MeetingKind
from board.storage.store import CaseStore
from board.ws.protocol import CommandFrame


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = str(tmp_path_factory.mktemp("fanout") / "board.sqlite3")
    prepare_store(url)
    return url


@pytest.fixture(scope="module")
def metrics_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def server(
    store_url: str, metrics_port: int, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    env = {"BOARD_METRICS_PORT": str(metrics_port)}
    with running_server(store_url, tmp_path_factory.mktemp("logs"), extra_env=env) as live:
        yield live


@pytest.fixture
def case_id(store_url: str) -> UUID:
    return add_demo_case(store_url)


@pytest.fixture
async def chair(server: LiveServer, case_id: UUID) -> AsyncIterator[BoardClient]:
    client = await staff(server, case_id)
    await client.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    yield client
    await client.close()


async def open_screen(
    server: LiveServer, chair: BoardClient, case_id: UUID, **options: object
) -> ClientConnection:
    """A staff screen that opens at the chair's position (it is told it has caught up)."""
    headers = {"Origin": server.url}
    if cookie := chair.cookie:
        headers["Cookie"] = cookie
    url = f"ws://127.0.0.1:{server.port}/ws/cases/{case_id}?after={chair.position}"
    screen = await websockets.connect(url, additional_headers=headers, **options)  # type: ignore[arg-type]
    while json.loads(await screen.recv())["type"] != "caught_up":
        pass
    return screen


async def positions_until(screen: ClientConnection, last: int) -> list[int]:
    """The positions of the events the screen receives, until `last`."""
    seen: list[int] = []
    while not seen or seen[-1] < last:
        frame = json.loads(await screen.recv())
        if frame["type"] == "event":
            seen.append(frame["position"])
    return seen


async def burst(writers: list[ClientConnection], count: int, text: str = "") -> None:
    """`count` new items, written at once by several people, each waiting for its acks:
    each socket may send a burst of 40 frames (then 20 a second), so the limit is not
    what is tested."""
    assert count <= 40 * len(writers)

    async def write(writer: ClientConnection, share: range) -> None:
        for n in share:
            command = AddItem(domain=Domain.EXISTING_SAFETY, text=f"{text}{n}")
            frame_text = msgspec.json.encode(CommandFrame(id=f"c{n}", command=command)).decode()
            await writer.send(frame_text)
            while True:
                frame = json.loads(await writer.recv())
                if frame["type"] in ("ack", "error") and frame.get("id") in (f"c{n}", None):
                    assert frame["type"] == "ack", frame
                    break

    shares = [range(w, count, len(writers)) for w in range(len(writers))]
    await asyncio.gather(*(write(w, share) for w, share in zip(writers, shares, strict=True)))


async def test_500_screens_each_receive_every_event_of_a_burst_in_order(
    server: LiveServer, case_id: UUID, chair: BoardClient
) -> None:
    screens = await asyncio.gather(
        *(open_screen(server, chair, case_id, max_size=2**22) for _ in range(500))
    )
    writer = await open_screen(server, chair, case_id)
    try:
        start = chair.position
        await burst([writer], 30)
        last = start + 30
        received = await asyncio.wait_for(
            asyncio.gather(*(positions_until(screen, last) for screen in screens)), 120
        )
        expected = list(range(start + 1, last + 1))
        assert all(seen == expected for seen in received)
    finally:
        await asyncio.gather(*(screen.close() for screen in [*screens, writer]))


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text: str = response.read().decode()
        return text


def metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in the metrics")


async def test_a_screen_that_stops_reading_slows_nobody_and_is_resynced_when_it_reads_again(
    server: LiveServer, case_id: UUID, chair: BoardClient, metrics_port: int
) -> None:
    # A phone on a bad connection: a tiny receive buffer, and it stops reading.
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.connect(("127.0.0.1", server.port))
    slow = await open_screen(
        server, chair, case_id, sock=raw, max_queue=1, max_size=2**22, ping_interval=None
    )
    writers = await asyncio.gather(*(open_screen(server, chair, case_id) for _ in range(20)))
    resyncs_before = metric(scrape(metrics_port), "board_resyncs_total")
    try:
        start = chair.position
        # Enough to fill every buffer between the server and the phone, and to pass
        # the recent events the server keeps for screens that are a little behind.
        count = 800
        await burst(writers, count, text="x" * 900 + " ")
        last = start + count
        # Everyone else has every event while the phone still reads nothing.
        await chair.wait_for_position(last, timeout=60)
        assert [e.position for e in chair.received[-count:]] == list(range(start + 1, last + 1))
        # The phone reads again: every event, in order, the old ones from the store.
        seen = await asyncio.wait_for(positions_until(slow, last), 60)
        assert seen == list(range(start + 1, last + 1))
        assert metric(scrape(metrics_port), "board_resyncs_total") > resyncs_before
    finally:
        await slow.close()
        await asyncio.gather(*(writer.close() for writer in writers))


async def test_metrics_name_no_case_and_nobody(
    server: LiveServer, case_id: UUID, chair: BoardClient, metrics_port: int, store_url: str
) -> None:
    await chair.send(AddItem(domain=Domain.EXISTING_SAFETY, text="Gran collects the children"))
    await chair.barrier()
    text = scrape(metrics_port)
    assert metric(text, "board_screens") >= 1
    assert metric(text, "board_commands_total") >= 2
    assert metric(text, "board_commit_seconds_count") >= 2
    assert metric(text, "board_fanout_lag_seconds_count") >= 2
    store = CaseStore(store_url)
    try:
        names = {p.name for p in store.board_at(case_id, None).people.values()}
    finally:
        store.close()
    secrets = {str(case_id), case_id.hex, "Gran", "Sam Reid", *names}
    assert not [s for s in secrets if s and s in text]


def test_metrics_are_not_on_the_board_s_own_port(server: LiveServer) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{server.url}/metrics", timeout=5)
    refused.value.close()
    assert refused.value.code == 404
