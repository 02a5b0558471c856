"""kill -9 while commands are being committed in groups, of many cases and of one case
from many screens: everything acknowledged is in the store after the crash, once, and
the case's positions have no gap."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from uuid import UUID

import msgspec
import websockets
from live import STAFF_PASSWORD, add_demo_case, prepare_store, start_server
from websockets.exceptions import ConnectionClosed

from board.client import BoardClient
from board.commands import AddItem
from board.practice import Domain
from board.storage.store import CaseStore
from board.ws.protocol import CommandFrame

CASES = 12
EACH = 40  # a socket's burst of frames: the frame limit is not what is tested


async def writer(
    url: str,
    headers: dict[str, str],
    case_id: UUID,
    acked: list[str],
    half: asyncio.Event,
    name: str = "",
    enough: int = EACH * CASES // 2,
) -> None:
    """Send commands to one case as fast as their acks return, until the server dies."""
    try:
        async with websockets.connect(
            f"{url}/ws/cases/{case_id}?after=0", additional_headers=headers
        ) as socket:
            for n in range(EACH):
                command_id = f"{case_id.hex[:6]}{name}-{n}"
                command = AddItem(domain=Domain.EXISTING_SAFETY, text=f"Said {n}")
                frame = CommandFrame(id=command_id, command=command)
                await socket.send(msgspec.json.encode(frame).decode())
                while True:
                    answer = json.loads(await socket.recv())
                    if answer["type"] == "ack" and answer["id"] == command_id:
                        acked.append(command_id)
                        if len(acked) >= enough:
                            half.set()
                        break
                    assert answer["type"] != "error", answer
    except (ConnectionClosed, OSError):
        return


async def test_kill_9_during_group_commits_loses_nothing_acknowledged(
    each_store_url: str, tmp_path: Path
) -> None:
    prepare_store(each_store_url)
    cases = [add_demo_case(each_store_url) for _ in range(CASES)]
    server = start_server(each_store_url, tmp_path)
    try:
        chair = BoardClient(server.url)
        await chair.sign_in("chair", STAFF_PASSWORD)
        cookie = chair.cookie
        assert cookie is not None
        acked: list[str] = []
        half = asyncio.Event()
        url = f"ws://127.0.0.1:{server.port}"
        headers = {"Origin": server.url, "Cookie": cookie}
        writers = [
            asyncio.create_task(writer(url, headers, case_id, acked, half)) for case_id in cases
        ]
        await asyncio.wait_for(half.wait(), 60)
        server.kill()
        await asyncio.wait_for(asyncio.gather(*writers), 30)
    finally:
        server.stop()

    store = CaseStore(each_store_url)
    try:
        recorded = [
            event.command_id
            for case_id in cases
            for event in store.read(case_id)
            if event.command_id is not None
        ]
    finally:
        store.close()
    assert len(acked) >= EACH * CASES // 2
    assert set(acked) <= set(recorded)
    assert len(recorded) == len(set(recorded))  # nothing twice


async def test_kill_9_during_one_cases_group_commits_loses_nothing_acknowledged(
    each_store_url: str, tmp_path: Path
) -> None:
    """Many screens writing to one case at once: their commands are decided on the board
    with the others' pending events applied and committed together."""
    prepare_store(each_store_url)
    case_id = add_demo_case(each_store_url)
    store = CaseStore(each_store_url)
    try:
        head = store.head(case_id)
    finally:
        store.close()
    server = start_server(each_store_url, tmp_path)
    try:
        chair = BoardClient(server.url)
        await chair.sign_in("chair", STAFF_PASSWORD)
        cookie = chair.cookie
        assert cookie is not None
        acked: list[str] = []
        half = asyncio.Event()
        url = f"ws://127.0.0.1:{server.port}"
        headers = {"Origin": server.url, "Cookie": cookie}
        writers = [
            asyncio.create_task(writer(url, headers, case_id, acked, half, f"w{n}"))
            for n in range(CASES)
        ]
        await asyncio.wait_for(half.wait(), 60)
        server.kill()
        await asyncio.wait_for(asyncio.gather(*writers), 30)
    finally:
        server.stop()

    store = CaseStore(each_store_url)
    try:
        events = list(store.read(case_id, after=head))
    finally:
        store.close()
    recorded = [event.command_id for event in events if event.command_id is not None]
    assert len(acked) >= EACH * CASES // 2
    assert set(acked) <= set(recorded)
    assert len(recorded) == len(set(recorded))  # nothing twice
    assert [event.position for event in events] == list(range(head + 1, head + 1 + len(events)))
