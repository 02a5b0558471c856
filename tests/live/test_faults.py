"""Faults during a live meeting: a board process killed with kill -9, Redis restarted,
PostgreSQL unreachable. Real processes, real websockets, the real PostgreSQL.

Each test checks what the protocol promises (docs/protocol.md): an acknowledged
command is in the store exactly once, every screen gets every event once and in
order, screens reconnect by themselves and end up showing the store's board, and
while the database is away commands are refused with `unavailable` and nothing
that was refused is recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import shutil
import statistics
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

import pytest
from conftest import service_missing
from faults import PrivateRedis, RunningCluster, TcpProxy, healthz, start_cluster, wait_until
from live import STAFF_PASSWORD, LiveServer, prepare_store, start_server

from board.client import BoardClient, CommandError
from board.commands import AddItem, AdmitParticipant, OpenMeeting
from board.events import CaseEvent
from board.practice import Domain, MeetingKind, Role
from board.projections.board import Board, encode_board
from board.projections.guest_ranks import GuestRanks, ranked
from board.projections.visibility import board_for
from board.storage.store import CaseStore
from board.ws.protocol import Ack, AnyServerFrame, Event, Pong, Snapshot, Welcome

DOMAINS = list(Domain)


def board_hash(board: Board) -> str:
    return hashlib.sha256(encode_board(board)).hexdigest()


def read_events(store_url: str, case_id: UUID, after: int = 0) -> list[CaseEvent]:
    store = CaseStore(store_url)
    try:
        return list(store.read(case_id, after=after))
    finally:
        store.close()


def store_head_and_board(store_url: str, case_id: UUID) -> tuple[int, Board]:
    store = CaseStore(store_url)
    try:
        board = store.board_at(case_id)
        return board.position, board
    finally:
        store.close()


def store_guest_ranks(store_url: str, case_id: UUID) -> GuestRanks:
    """The case's guest ranks (a guest's own positions), judged from the store."""
    store = CaseStore(store_url)
    try:
        ranks = GuestRanks()
        ranks.judge(list(store.read(case_id)), store.board_at(case_id))
        return ranks
    finally:
        store.close()


def store_head_and_hash(store_url: str, case_id: UUID) -> tuple[int, str]:
    store = CaseStore(store_url)
    try:
        board = store.board_at(case_id)
        return board.position, board_hash(board)
    finally:
        store.close()


@dataclass
class Screen:
    """One person's client, and everything it was sent, duplicates included."""

    name: str
    client: BoardClient
    event_positions: list[int] = field(default_factory=list)
    snapshot_positions: list[int] = field(default_factory=list)
    connections: int = 0  # welcome frames as an admitted member: one per connection
    pongs: int = 0

    def __post_init__(self) -> None:
        self.client.on_frame = self._frame

    def _frame(self, frame: AnyServerFrame) -> None:
        match frame:
            case Event():
                self.event_positions.append(frame.position)
            case Snapshot():
                self.snapshot_positions.append(frame.position)
            case Pong():
                self.pongs += 1
            case Welcome() if frame.admitted:
                self.connections += 1  # a guest's first, lobby welcome is not counted

    def assert_every_event_once_in_order(self) -> None:
        """From its first snapshot on, the screen was sent each position exactly once."""
        assert self.snapshot_positions, f"{self.name} never got the board"
        start = self.snapshot_positions[0]
        expected = list(range(start + 1, start + 1 + len(self.event_positions)))
        assert self.event_positions == expected, (
            f"{self.name}: events out of order, missing or repeated: "
            f"{_first_difference(self.event_positions, expected)}"
        )


def _first_difference(got: list[int], expected: list[int]) -> str:
    for n, (a, b) in enumerate(zip(got, expected, strict=False)):
        if a != b:
            return f"at #{n}: got {got[max(0, n - 3) : n + 4]}, expected {expected[max(0, n - 3) : n + 4]}"
    return f"lengths {len(got)} and {len(expected)}"


async def staff(base_url: str, case_id: UUID, username: str) -> Screen:
    client = BoardClient(base_url)
    await client.sign_in(username, STAFF_PASSWORD)
    screen = Screen(username, client)
    await client.connect(case_id)
    await client.wait_for(lambda: client.board is not None)
    return screen


async def guest(base_url: str, chair: Screen, case_id: UUID, name: str, role: Role) -> Screen:
    """Invited by the chair, joins, waits in the lobby, is admitted: as in the room."""
    code = await chair.client.create_invite(case_id, role)
    client = BoardClient(base_url)
    await client.join(code, name)
    screen = Screen(name, client)
    await client.connect(case_id)
    assert client.welcome is not None and not client.welcome.admitted
    await chair.client.send(
        AdmitParticipant(participant_id=client.welcome.participant_id, name=name, role=role)
    )
    await client.wait_for(lambda: client.board is not None, timeout=15)
    return screen


async def close_all(screens: list[Screen]) -> None:
    for screen in screens:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(screen.client.close(), 5)


async def converge(screens: list[Screen], store_url: str, case_id: UUID, timeout: float) -> str:
    """Wait until every screen is at the store's head; check they all show its board."""
    head, board = await asyncio.to_thread(store_head_and_board, store_url, case_id)
    ranks = await asyncio.to_thread(store_guest_ranks, store_url, case_id)

    def head_of(screen: Screen) -> int:  # a guest counts in ranks
        return head if screen.client.audience.staff else ranks.rank(head)

    for screen in screens:
        try:
            await screen.client.wait_for_position(head_of(screen), timeout=timeout)
        except TimeoutError:
            pytest.fail(f"{screen.name} stuck at {screen.client.position}, store at {head}")
    for screen in screens:
        assert screen.client.board is not None
        assert screen.client.position == head_of(screen), f"{screen.name} went past the head"
        # Each screen holds the board as its person may see it (their own undo steps),
        # a guest's at ranks.
        audience = screen.client.audience
        shown = board_for(board, audience)
        expected = board_hash(shown if audience.staff else ranked(shown, ranks))
        assert board_hash(screen.client.board) == expected, f"{screen.name} shows another board"
        screen.assert_every_event_once_in_order()
    return board_hash(board)


@dataclass
class Sent:
    """What happened to each command a test sent: its ack, or the refusal's code."""

    acks: dict[str, Ack] = field(default_factory=dict)
    acked_at: dict[str, float] = field(default_factory=dict)
    refused: dict[str, CommandError] = field(default_factory=dict)
    retried_busy: int = 0
    # Commands sent by a guest: their acks say guest ranks (board.projections.guest_ranks).
    by_guests: set[str] = field(default_factory=set)


async def send_stream(
    screen: Screen,
    tag: str,
    count: int,
    sent: Sent,
    *,
    pace: float,
    timeout: float,
    until: asyncio.Event | None = None,
    after_each: Callable[[], None] = lambda: None,
) -> None:
    """Send up to `count` commands one after another, each with an id of its own,
    until `until` is set. Refusals are recorded; `busy` (the store was contended eight
    times running) is retried under the same id."""
    for n in range(count):
        if until is not None and until.is_set():
            return
        command_id = f"{tag}-{n:02d}"
        command = AddItem(domain=DOMAINS[n % len(DOMAINS)], text=f"{screen.name} says {n}")
        for _ in range(5):
            try:
                ack = await screen.client.send(command, command_id=command_id, timeout=timeout)
            except CommandError as refused:
                if refused.code == "busy":
                    sent.retried_busy += 1
                    continue
                sent.refused[command_id] = refused
                break
            sent.acks[command_id] = ack
            sent.acked_at[command_id] = time.monotonic()
            if not screen.client.audience.staff:
                sent.by_guests.add(command_id)
            break
        after_each()
        await asyncio.sleep(pace)


def recorded_once(events: list[CaseEvent], sent: Sent, ranks: GuestRanks) -> dict[str, CaseEvent]:
    """Each acknowledged command (one `add_item` each): its one event in the store, at
    the acked position (a guest's, at its rank: `ranks`, the case's guest ranks). Any
    command's events are one run: never recorded twice."""
    by_id: dict[str, list[CaseEvent]] = {}
    for event in events:
        if event.command_id is not None:
            by_id.setdefault(f"{event.by.participant_id}:{event.command_id}", []).append(event)
    for key, of_one in by_id.items():
        positions = [e.position for e in of_one]
        assert positions == list(range(positions[0], positions[0] + len(positions))), (
            f"command {key} recorded more than once: {positions}"
        )
    by_id = {k.split(":", 1)[1]: v for k, v in by_id.items()}
    repeated = {k: [e.position for e in by_id[k]] for k in sent.acks if len(by_id.get(k, [])) > 1}
    assert not repeated, f"commands recorded more than once: {repeated}"
    found: dict[str, CaseEvent] = {}
    for command_id, ack in sent.acks.items():
        events_of = by_id.get(command_id)
        assert events_of, f"{command_id} was acknowledged at {ack.position} but is not stored"
        stored = events_of[0].position
        if command_id in sent.by_guests:
            stored = ranks.rank(stored)
        assert stored == ack.position, (
            f"{command_id} acknowledged at {ack.position}, stored at {events_of[0].position}"
        )
        found[command_id] = events_of[0]
    return found


# -- A. kill -9 of one board process ----------------------------------------------------


@pytest.fixture
async def cluster(
    postgres_url: str, redis_url: str, tmp_path: Path
) -> AsyncIterator[tuple[RunningCluster, str, UUID]]:
    case_id = await asyncio.to_thread(prepare_store, postgres_url)
    running = await asyncio.to_thread(start_cluster, postgres_url, redis_url, tmp_path)
    try:
        yield running, postgres_url, case_id
    finally:
        await asyncio.to_thread(running.stop)


COMMANDS_EACH = 30


async def stored_event(store_url: str, case_id: UUID, command_id: str, timeout: float) -> int:
    """Wait until a command's event is in the store; its position."""

    def find() -> int | None:
        store = CaseStore(store_url)
        try:
            head = store.head(case_id)
            for event in store.read(case_id, after=max(0, head - 500)):
                if event.command_id == command_id:
                    return event.position
            return None
        finally:
            store.close()

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        position = await asyncio.to_thread(find)
        if position is not None:
            return position
        await asyncio.sleep(0.05)
    raise AssertionError(f"{command_id} never reached the store")


@pytest.mark.postgres
@pytest.mark.redis
async def test_kill_9_of_a_board_process_loses_and_repeats_nothing(
    cluster: tuple[RunningCluster, str, UUID],
) -> None:
    running, store_url, case_id = cluster
    victim, survivor = running.backend_url(0), running.backend_url(1)
    # One screen reaches the doomed process through a proxy that can hold back its
    # answers: its command is stored, its ack is held, then the process is killed.
    courier_line = TcpProxy(running.port + 1).start()
    chair = await staff(victim, case_id, "chair")
    screens = [chair]
    try:
        await chair.client.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
        screens += [
            await staff(victim, case_id, "worker"),
            await guest(victim, chair, case_id, "Gran Pat", Role.NETWORK_MEMBER),
            await staff(survivor, case_id, "manager"),
            await guest(survivor, chair, case_id, "Jess", Role.PARENT),
            # Through the balancer: whichever process it picks, then the next that answers.
            await guest(running.url, chair, case_id, "Ms Hughes", Role.PROFESSIONAL),
        ]
        senders, on_victim = list(screens), screens[:3]
        courier = await guest(
            f"http://127.0.0.1:{courier_line.port}",
            chair,
            case_id,
            "Aunt Sophie",
            Role.NETWORK_MEMBER,
        )
        screens.append(courier)
        start = await asyncio.to_thread(lambda: read_events(store_url, case_id)[-1].position)

        sent = Sent()
        kill_now = asyncio.Event()
        total = COMMANDS_EACH * len(senders)

        def count_ack() -> None:
            if len(sent.acks) >= total // 4:
                kill_now.set()

        streams = [
            asyncio.create_task(
                send_stream(
                    screen,
                    f"k{n}",
                    COMMANDS_EACH,
                    sent,
                    pace=0.04,
                    timeout=45,
                    after_each=count_ack,
                )
            )
            for n, screen in enumerate(senders)
        ]
        await asyncio.wait_for(kill_now.wait(), 30)
        courier_line.hold()
        lost_ack = asyncio.create_task(
            courier.client.send(
                AddItem(domain=Domain.EXISTING_SAFETY, text="Sophie has the children on Fridays"),
                command_id="lost-ack",
                timeout=60,
            )
        )
        lost_at = await stored_event(store_url, case_id, "lost-ack", timeout=15)
        killed_pid = running.kill_backend(0)
        courier_line.cut()  # the held ack goes down with the connection
        courier_line.restore()
        killed_at = time.monotonic()
        head_at_kill = (await asyncio.to_thread(read_events, store_url, case_id, start))[-1]

        # Every stream finishes: the victim's screens reconnect (to the restarted
        # process) and resend what was not acknowledged, under the same ids.
        _, pending = await asyncio.wait([*streams, lost_ack], timeout=90)
        for task in pending:
            task.cancel()
        assert not pending, f"streams still sending after 90 s: {sent.refused}"
        for task in streams:
            task.result()
        assert not sent.refused, f"refused: {sent.refused}"
        assert len(sent.acks) == total
        # The command whose ack was lost: resent by the client under the same id, and
        # acknowledged at the position it was stored at before the kill.
        ranks = await asyncio.to_thread(store_guest_ranks, store_url, case_id)
        expected = lost_at if courier.client.audience.staff else ranks.rank(lost_at)
        assert lost_ack.result().position == expected
        sent.acks["lost-ack"] = lost_ack.result()
        if not courier.client.audience.staff:
            sent.by_guests.add("lost-ack")

        # The process was started again by the cluster, and answers.
        await asyncio.to_thread(running.wait_healthy, 30)
        assert running.backend_pid(0) != killed_pid

        events = await asyncio.to_thread(read_events, store_url, case_id, start)
        found = recorded_once(events, sent, ranks)
        assert len(events) == total + 1, "events in the store that nobody asked for"
        assert [e.position for e in events] == list(range(start + 1, start + 2 + total))
        for command_id, event in found.items():
            if command_id != "lost-ack":
                n = int(command_id.split("-")[1])
                assert event.fact.text.endswith(f"says {n}")  # type: ignore[union-attr]

        # Everyone on the killed process reconnected by themselves.
        for screen in [*on_victim, courier]:
            assert screen.connections >= 2, f"{screen.name} never reconnected"

        await converge(screens, store_url, case_id, timeout=20)

        # Other acks lost with the process: stored before the kill, acked after it.
        victim_tags = tuple(f"k{n}-" for n in range(len(on_victim)))
        lost = [
            k
            for k, at in sent.acked_at.items()
            if k.startswith(victim_tags)
            and at > killed_at
            and sent.acks[k].position <= head_at_kill.position
        ]
        print(f"\nkill -9 at ack {total // 4}: lost-ack at {lost_at}, and by chance {lost}")

        # A command resent with the same id through the other process is not
        # recorded again, and is acknowledged at its first position.
        resend_id, first_ack = next((k, a) for k, a in sent.acks.items() if k.startswith("k0-"))
        again = await staff(survivor, case_id, "chair")
        screens.append(again)
        n = int(resend_id.split("-")[1])
        repeat = await again.client.send(
            AddItem(domain=DOMAINS[n % len(DOMAINS)], text=f"chair says {n}"),
            command_id=resend_id,
        )
        assert repeat.position == first_ack.position
        final = await asyncio.to_thread(read_events, store_url, case_id, start)
        assert len(final) == total + 1
    finally:
        await close_all(screens)
        courier_line.stop()


# -- B. Redis restarted mid-meeting -----------------------------------------------------


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    if shutil.which("redis-server") is None:
        service_missing("redis-server is not installed (the Redis fault test starts its own)")
    redis = PrivateRedis(tmp_path).start()
    try:
        yield redis
    finally:
        redis.stop()


async def all_healthz(servers: list[LiveServer], status: int, timeout: float, what: str) -> None:
    def check() -> bool:
        return all(healthz(s.url, 5) == status for s in servers)

    await asyncio.to_thread(wait_until, check, timeout, what, 0.1)


async def delivery_seconds(sender: Screen, receiver: Screen, command_id: str) -> float:
    """Send one command; how long until the other process's screen has it."""
    started = time.monotonic()
    ack = await sender.client.send(
        AddItem(domain=Domain.NEXT_STEPS, text=f"{sender.name}: {command_id}"),
        command_id=command_id,
    )
    await receiver.client.wait_for_position(ack.position, timeout=15)
    return time.monotonic() - started


@pytest.mark.postgres
@pytest.mark.redis
async def test_redis_restarted_mid_meeting_every_screen_still_gets_everything(
    postgres_url: str, private_redis: PrivateRedis, tmp_path: Path
) -> None:
    case_id = await asyncio.to_thread(prepare_store, postgres_url)
    servers = [
        await asyncio.to_thread(start_server, postgres_url, tmp_path, redis_url=private_redis.url)
        for _ in range(2)
    ]
    screens: list[Screen] = []
    try:
        first, second = servers
        chair = await staff(first.url, case_id, "chair")
        screens.append(chair)
        await chair.client.send(OpenMeeting(kind=MeetingKind.REVIEW_CONFERENCE))
        screens += [
            await staff(second.url, case_id, "worker"),
            await guest(first.url, chair, case_id, "Gran Pat", Role.NETWORK_MEMBER),
            await guest(second.url, chair, case_id, "Jess", Role.PARENT),
        ]
        on_first, on_second = [screens[0], screens[2]], [screens[1], screens[3]]
        sent = Sent()
        # Before: pub/sub carries everything.
        await asyncio.gather(
            *(
                send_stream(s, f"r{n}-before", 3, sent, pace=0.02, timeout=15)
                for n, s in enumerate(screens)
            )
        )
        await converge(screens, postgres_url, case_id, timeout=10)
        assert private_redis.pattern_subscribers() == 2

        # Redis dies. Both processes notice (their health says so) and keep working:
        # commands are stored and acknowledged; the store audit (every 2 s) brings
        # each process's screens what the other process recorded.
        private_redis.kill()
        await all_healthz(servers, 503, 15, "both processes to report the fan-out down")
        await asyncio.gather(
            *(
                send_stream(s, f"r{n}-during", 4, sent, pace=0.05, timeout=15)
                for n, s in enumerate(screens)
            )
        )
        assert not sent.refused
        await converge(screens, postgres_url, case_id, timeout=10)
        assert all(healthz(s.url, 5) == 503 for s in servers), "Redis came back by itself?"

        # Redis is back on the same port: both processes subscribe again.
        await asyncio.to_thread(private_redis.start)
        await all_healthz(servers, 200, 20, "both processes to subscribe again")
        assert private_redis.pattern_subscribers() == 2

        # After: across processes in well under the audit's 2 s, so through pub/sub.
        latencies = []
        for n in range(6):
            sender, receiver = (on_first[n % 2], on_second[n % 2])
            if n % 4 >= 2:
                sender, receiver = receiver, sender
            latencies.append(await delivery_seconds(sender, receiver, f"r-after-{n}"))
        assert statistics.median(latencies) < 0.5, f"slow: not through pub/sub? {latencies}"
        await asyncio.gather(
            *(
                send_stream(s, f"r{n}-after", 3, sent, pace=0.02, timeout=15)
                for n, s in enumerate(screens)
            )
        )
        assert not sent.refused
        events = await asyncio.to_thread(read_events, postgres_url, case_id)
        ranks = await asyncio.to_thread(store_guest_ranks, postgres_url, case_id)
        recorded_once(events, sent, ranks)
        await converge(screens, postgres_url, case_id, timeout=10)
        for screen in screens:
            assert screen.connections == 1, f"{screen.name} was disconnected"
        for server in servers:
            assert server.process.poll() is None
        print(f"\nafter Redis came back, cross-process delivery took {latencies}")
    finally:
        await close_all(screens)
        for server in servers:
            await asyncio.to_thread(server.stop)


# -- C. PostgreSQL unreachable ----------------------------------------------------------

POSTGRES_PORT = 5432


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    running = TcpProxy(POSTGRES_PORT).start()
    try:
        yield running
    finally:
        running.stop()


def through(proxy: TcpProxy, store_url: str) -> str:
    """The same store, reached through the proxy."""
    return store_url.replace(f"@127.0.0.1:{POSTGRES_PORT}/", f"@127.0.0.1:{proxy.port}/", 1)


@pytest.mark.postgres
async def test_postgres_unreachable_commands_are_refused_and_service_resumes(
    postgres_url: str, proxy: TcpProxy, tmp_path: Path
) -> None:
    case_id = await asyncio.to_thread(prepare_store, postgres_url)
    server = await asyncio.to_thread(start_server, through(proxy, postgres_url), tmp_path)
    screens: list[Screen] = []
    try:
        chair = await staff(server.url, case_id, "chair")
        screens.append(chair)
        await chair.client.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
        screens += [
            await staff(server.url, case_id, "worker"),
            await guest(server.url, chair, case_id, "Gran Pat", Role.NETWORK_MEMBER),
        ]
        sent = Sent()
        cut_now = asyncio.Event()

        def count_ack() -> None:
            if len(sent.acks) >= 12:
                cut_now.set()

        streams = [
            asyncio.create_task(
                send_stream(
                    screen,
                    f"p{n}",
                    40,
                    sent,
                    pace=0.05,
                    timeout=120,
                    until=cut_now,
                    after_each=count_ack,
                )
            )
            for n, screen in enumerate(screens)
        ]
        await asyncio.wait_for(cut_now.wait(), 30)
        proxy.cut()  # PostgreSQL vanishes: no new connections, the open ones die
        cut_at = time.monotonic()
        health = asyncio.create_task(asyncio.to_thread(healthz, server.url, 150))

        # A command in flight at the cut is acknowledged (it was stored) or refused.
        # Commands on one case queue behind each other while the store retries, so
        # the streams stop at the cut and one more command is sent while it is down.
        done, pending = await asyncio.wait(streams, timeout=120)
        for task in pending:
            task.cancel()
        assert not pending, "a command was neither acknowledged nor refused in 120 s"
        for task in done:
            task.result()
        assert {r.code for r in sent.refused.values()} <= {"unavailable"}, sent.refused
        if not sent.refused:
            with pytest.raises(CommandError) as refused:
                await chair.client.send(
                    AddItem(domain=Domain.HARM, text="Written while the database is away"),
                    command_id="p-down",
                    timeout=120,
                )
            sent.refused["p-down"] = refused.value
        refused_after = time.monotonic() - cut_at
        for error in sent.refused.values():
            assert error.code == "unavailable"
            assert "database" in error.message and "nothing was saved" in error.message
        # The connections stay up: another screen's ping is answered at once.
        worker = screens[1]
        pongs = worker.pongs
        await worker.client.send_raw('{"type": "ping", "id": "still-there"}')
        await worker.client.wait_for(lambda: worker.pongs > pongs, timeout=5)
        assert server.process.poll() is None, "the server died with its database"

        status = await asyncio.wait_for(health, 150)
        unhealthy_after = time.monotonic() - cut_at
        assert status == 503, f"/healthz said {status} with the database away"

        proxy.restore()
        restored_at = time.monotonic()

        async def send_until_back(screen: Screen, n: int) -> Ack:
            # "Try again in a moment", as the refusal says: the same command id, so a
            # command that was stored but refused in transit is not stored twice.
            deadline = time.monotonic() + 60
            while True:
                try:
                    return await screen.client.send(
                        AddItem(domain=Domain.NEXT_STEPS, text=f"{screen.name} is back"),
                        command_id=f"p{n}-back",
                        timeout=30,
                    )
                except CommandError as error:
                    if error.code != "unavailable" or time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(0.5)

        after = [await send_until_back(screen, n) for n, screen in enumerate(screens)]
        resumed_after = time.monotonic() - restored_at
        for n, ack in enumerate(after):
            sent.acks[f"p{n}-back"] = ack
            if not screens[n].client.audience.staff:
                sent.by_guests.add(f"p{n}-back")
        assert await asyncio.to_thread(healthz, server.url, 30) == 200

        # Nothing acknowledged is missing; nothing refused was recorded after all.
        events = await asyncio.to_thread(read_events, postgres_url, case_id)
        ranks = await asyncio.to_thread(store_guest_ranks, postgres_url, case_id)
        recorded_once(events, sent, ranks)
        stored_ids = {e.command_id for e in events}
        assert not stored_ids & set(sent.refused), "refused as unavailable, yet stored"
        await converge(screens, postgres_url, case_id, timeout=20)
        for screen in screens:
            assert screen.connections == 1, f"{screen.name} was disconnected"
        assert server.process.poll() is None
        print(
            f"\nPostgreSQL cut: refused after {refused_after:.1f} s, /healthz 503 after "
            f"{unhealthy_after:.1f} s; restored: first ack after {resumed_after:.1f} s"
        )
    finally:
        await close_all(screens)
        await asyncio.to_thread(server.stop)


@pytest.mark.postgres
async def test_with_postgres_away_health_and_refusals_answer_within_seconds(
    postgres_url: str, proxy: TcpProxy, tmp_path: Path
) -> None:
    case_id = await asyncio.to_thread(prepare_store, postgres_url)
    server = await asyncio.to_thread(start_server, through(proxy, postgres_url), tmp_path)
    chair: Screen | None = None
    try:
        chair = await staff(server.url, case_id, "chair")
        proxy.cut()
        assert await asyncio.to_thread(healthz, server.url, 5) == 503
        with pytest.raises(CommandError) as refused:
            await chair.client.send(AddItem(domain=Domain.HARM, text="Soon refused"), timeout=5)
        assert refused.value.code == "unavailable"
    finally:
        if chair is not None:
            chair.client.reconnect = False
            await close_all([chair])
        await asyncio.to_thread(server.kill)  # its threads may wait on the pool for a minute
