"""A live meeting over real websockets: a real server process, real clients.

Each test gets its own demo case in the shared server's SQLite store.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import UUID

import pytest
import websockets
from live import (
    STAFF_PASSWORD,
    LiveServer,
    add_demo_case,
    guest,
    prepare_store,
    running_server,
    staff,
)
from shared_server import SharedServer
from websockets.exceptions import InvalidStatus

from board.client import BoardClient, CommandError
from board.commands import (
    AddItem,
    CastVote,
    CloseScalingRound,
    EditItem,
    OpenMeeting,
    OpenScalingRound,
)
from board.practice import Domain, ItemKind, MeetingKind, Role
from board.projections.board import encode_board
from board.projections.guest_ranks import GuestRanks, ranked
from board.projections.visibility import ANY_GUEST, STAFF, board_for
from board.storage.store import CaseStore


@pytest.fixture(scope="module")
def store_url(shared_server: SharedServer) -> str:
    return shared_server.store_url


@pytest.fixture(scope="module")
def server(shared_server: SharedServer) -> LiveServer:
    """The session's server (each test writes to a demo case of its own: `case_id`)."""
    return shared_server.live


@pytest.fixture
def case_id(store_url: str) -> UUID:
    return add_demo_case(store_url)


def head(store_url: str, case_id: UUID) -> int:
    store = CaseStore(store_url)
    try:
        return store.head(case_id)
    finally:
        store.close()


def guest_ranks(store_url: str, case_id: UUID) -> GuestRanks:
    """The case's guest ranks, judged from the store (a guest's own positions)."""
    store = CaseStore(store_url)
    try:
        ranks = GuestRanks()
        ranks.judge(list(store.read(case_id)), store.board_at(case_id, None))
        return ranks
    finally:
        store.close()


@pytest.fixture
async def chair(server: LiveServer, case_id: UUID) -> AsyncIterator[BoardClient]:
    client = await staff(server, case_id)
    await client.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    yield client
    await client.close()


async def test_twenty_screens_receive_every_event_in_the_same_order(
    server: LiveServer, case_id: UUID, chair: BoardClient, store_url: str
) -> None:
    people = [
        await guest(server, chair, case_id, f"Person {n}", Role.NETWORK_MEMBER) for n in range(19)
    ]
    screens = [chair, *people]
    start = chair.position

    async def add_items(client: BoardClient, count: int) -> None:
        for n in range(count):
            text = f"{client.welcome.name if client.welcome else '?'} says {n}"
            await client.send(AddItem(domain=Domain.EXISTING_STRENGTHS, text=text))

    await asyncio.gather(*(add_items(c, 3) for c in screens))
    final = head(store_url, case_id)
    assert final == start + 3 * len(screens)
    await chair.wait_for_position(final)
    for screen in people:
        await screen.barrier()  # a guest counts in ranks: the barrier proves all arrived
    ranks = guest_ranks(store_url, case_id)

    def order(client: BoardClient) -> list[int]:
        return [e.position for e in client.received if e.position > start]

    assert order(chair) == list(range(start + 1, final + 1))
    # Every phone the same events in the same order, at their ranks (the demo's strategy
    # discussion is not counted): each the rank of the chair's.
    assert all(
        order_of(screen, ranks.rank(start)) == [ranks.rank(p) for p in order(chair)]
        for screen in people
    )
    # The same board on every phone (what is the same for everyone: not undo steps), and
    # the chair's is that board with what guests are not shown (the demo's strategy
    # discussion, for professionals only).
    boards = {encode_board(board_for(s.board, STAFF)) for s in people if s.board}
    assert len(boards) == 1
    assert chair.board is not None
    assert boards == {encode_board(ranked(board_for(chair.board, ANY_GUEST), ranks))}
    for screen in people:
        await screen.close()


async def test_a_dropped_phone_reconnects_and_converges(
    server: LiveServer, case_id: UUID, chair: BoardClient, store_url: str
) -> None:
    gran = await guest(server, chair, case_id, "Gran Pat", Role.NETWORK_MEMBER)
    await gran.send(AddItem(domain=Domain.EXISTING_SAFETY, text="Gran is there at teatime"))
    gran.reconnect = False
    await gran.drop()  # the phone loses its signal mid-meeting
    for n in range(5):
        await chair.send(AddItem(domain=Domain.DANGER, text=f"While Gran was away {n}"))
    ranks = guest_ranks(store_url, case_id)  # a guest's positions are ranks
    gran.reconnect = True
    await gran.resume()  # signal again: reconnect with after=<last rank held>
    await gran.wait_for(lambda: gran.caught_up is not None, timeout=15)
    assert gran.caught_up is not None
    assert (gran.caught_up.position, gran.caught_up.missed) == (ranks.count, 5)
    assert gran.board is not None and chair.board is not None
    # Gran's board is the chair's without what guests are not shown (the demo's strategy
    # discussion is for professionals only).
    assert encode_board(board_for(gran.board, ANY_GUEST)) == encode_board(
        ranked(board_for(chair.board, ANY_GUEST), ranks)
    )
    positions = [e.position for e in gran.received]
    assert positions == sorted(set(positions)), "a gap or a duplicate after reconnecting"
    await gran.close()


async def test_ack_follows_the_event_and_a_resent_command_is_recorded_once(
    server: LiveServer, case_id: UUID, chair: BoardClient, store_url: str
) -> None:
    seen: list[str] = []
    chair.on_frame = lambda frame: seen.append(type(frame).__name__)
    before = head(store_url, case_id)
    command = AddItem(domain=Domain.NEXT_STEPS, text="Review in six weeks")
    first = await chair.send(command, command_id="same-id-1")
    again = await chair.send(command, command_id="same-id-1")
    assert first.position == again.position == before + 1
    assert head(store_url, case_id) == before + 1
    assert seen.index("Event") < seen.index("Ack")


async def test_an_ack_names_what_its_command_created(
    server: LiveServer, case_id: UUID, chair: BoardClient
) -> None:
    added = await chair.send(AddItem(domain=Domain.EXISTING_STRENGTHS, text="Gran helps"))
    (item_id,) = added.created
    assert chair.board is not None
    assert chair.board.items[item_id].text == "Gran helps"
    # Changing it creates nothing; nor does an edit naming only the text lose its kind.
    edited = await chair.send(EditItem(item_id=item_id, text="Gran helps every day"))
    assert edited.created == []
    assert chair.board.items[item_id].kind is ItemKind.JUDGEMENT
    opened = await chair.send(
        OpenScalingRound(question="How safe is Lily today?", zero_means="Not", ten_means="Safe")
    )
    (round_id,) = opened.created
    assert chair.board.scaling_rounds[round_id].is_open
    closed = await chair.send(CloseScalingRound(round_id=round_id))
    assert closed.created == []
    # A resent command's ack names the same ids again.
    first = await chair.send(AddItem(domain=Domain.HARM, text="Once"), command_id="created-1")
    again = await chair.send(AddItem(domain=Domain.HARM, text="Once"), command_id="created-1")
    assert first.created == again.created and len(first.created) == 1


async def test_a_scaling_round_over_the_wire(
    server: LiveServer, case_id: UUID, chair: BoardClient
) -> None:
    mum = await guest(server, chair, case_id, "Jess", Role.PARENT)
    ack = await chair.send(
        OpenScalingRound(question="How safe is Lily today?", zero_means="Not", ten_means="Safe")
    )
    (round_id,) = ack.created
    await mum.barrier()  # a guest counts in ranks: the barrier proves it arrived
    await mum.send(CastVote(round_id=round_id, score=7, narrative="We kept to the plan"))
    await mum.send(CastVote(round_id=round_id, score=8, narrative="Changed my mind"))
    with pytest.raises(CommandError) as refused:
        await mum.send(CastVote(round_id=round_id, score=11))
    assert refused.value.code == "score_out_of_range"
    await chair.barrier()
    assert chair.board is not None
    votes = chair.board.scaling_rounds[round_id].votes
    assert [(v.name, v.score) for v in votes.values()] == [("Jess", 8)]
    await mum.close()


async def test_a_guest_waits_in_the_lobby_and_sees_nothing_until_admitted(
    server: LiveServer, case_id: UUID, chair: BoardClient
) -> None:
    code = await chair.create_invite(case_id, Role.NETWORK_MEMBER)
    waiting = BoardClient(server.url)
    await waiting.join(code, "Aunt Sophie")
    await waiting.connect(case_id)
    await chair.send(AddItem(domain=Domain.HARM, text="Something private"))
    await waiting.barrier()  # the item was committed and fanned out before the ack
    assert waiting.board is None and waiting.received == []
    assert waiting.lobby is not None
    with pytest.raises(CommandError) as refused:
        await waiting.send(AddItem(domain=Domain.HARM, text="let me in"), timeout=5)
    assert refused.value.code == "not_admitted"
    await waiting.close()


async def test_a_connection_for_one_case_never_receives_another(
    server: LiveServer, case_id: UUID, chair: BoardClient, store_url: str
) -> None:
    other_id = add_demo_case(store_url)
    other_chair = await staff(server, other_id)
    await other_chair.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    received_before = len(chair.received)
    await other_chair.send(AddItem(domain=Domain.HARM, text="Only for the other case"))
    await chair.barrier()  # the item was committed and fanned out before the ack
    assert len(chair.received) == received_before
    # A guest of one case is refused at the door of another.
    gran = await guest(server, chair, case_id, "Gran Pat", Role.NETWORK_MEMBER)
    intruder = BoardClient(server.url, cookie=gran.cookie, reconnect=False)
    with pytest.raises(InvalidStatus) as refused:
        await intruder.connect(other_id)
    assert refused.value.response.status_code == 403
    await gran.close()
    await other_chair.close()


@pytest.mark.parametrize("origin", ["http://evil.example", "null", None])
async def test_a_foreign_or_missing_origin_is_refused(
    server: LiveServer, case_id: UUID, origin: str | None
) -> None:
    client = BoardClient(server.url)
    await client.sign_in("chair", STAFF_PASSWORD)
    headers = {"Cookie": client.cookie or ""}
    if origin is not None:
        headers["Origin"] = origin
    with pytest.raises(InvalidStatus) as refused:
        async with websockets.connect(
            f"ws://127.0.0.1:{server.port}/ws/cases/{case_id}", additional_headers=headers
        ):
            pass
    assert refused.value.response.status_code == 403


async def test_no_session_no_board(server: LiveServer, case_id: UUID) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with websockets.connect(
            f"ws://127.0.0.1:{server.port}/ws/cases/{case_id}",
            additional_headers={"Origin": server.url},
        ):
            pass
    assert refused.value.response.status_code == 403


BAD_FRAMES = [
    ("{not json", "malformed_json"),
    ('{"type": "shout"}', "unknown_type"),
    (
        '{"type": "command", "id": "b1", "command": {"type": "delete_everything"}}',
        "unknown_command",
    ),
    (
        '{"type": "command", "id": "b2", "command": {"type": "add_item", "domain": "moon", "text": "x"}}',
        "unknown_domain",
    ),
    (
        '{"type": "command", "id": "b3", "command": {"type": "add_item", "domain": "harm", "text": 5}}',
        "invalid",
    ),
    (
        '{"type": "command", "id": "b4", "command": {"type": "add_item", "domain": "harm", "text": "'
        + "x" * 1001
        + '"}}',
        "text_too_long",
    ),
    (
        '{"type": "command", "id": "b5", "command": {"type": "add_item", "domain": "harm", "text": "   "}}',
        "empty_text",
    ),
    (
        '{"type": "command", "id": "'
        + "z" * 65
        + '", "command": {"type": "add_item", "domain": "harm", "text": "x"}}',
        "invalid",
    ),
    (
        '{"type": "command", "id": "b6", "command": {"type": "add_item", "domain": "harm", "text": "'
        + "y" * 17000
        + '"}}',
        "frame_too_large",
    ),
    ("[]", "invalid"),
    # 2,000 levels of nesting in 4 KB: refused before the decoder recurses.
    (
        '{"type": "command", "id": "b7", "command": ' + "[" * 2000 + "]" * 2000 + "}",
        "too_deeply_nested",
    ),
    (
        '{"type": "ping", "id": "b8", "extra": ' + '{"a":' * 2000 + "1" + "}" * 2001,
        "too_deeply_nested",
    ),
    (
        '{"type": "command", "id": "b9", "command": {"type": "add_item", "domain": "harm", "text": "Nan \u202eevil"}}',
        "direction_control",
    ),
    (
        '{"type": "command", "id": "b10", "command": {"type": "add_item", "domain": "harm", "text": "\\u001b[2J"}}',
        "control_character",
    ),
    (
        '{"type": "command", "id": "b11", "command": {"type": "add_item", "domain": "harm", "text": "\u200b\u2060"}}',
        "invisible_text",
    ),
]


async def test_each_bad_frame_gets_its_error_and_changes_nothing(
    server: LiveServer, case_id: UUID, chair: BoardClient, store_url: str
) -> None:
    gran = await guest(server, chair, case_id, "Gran Pat", Role.NETWORK_MEMBER)
    before = head(store_url, case_id)
    chair_seen = len(chair.received)
    for text, code in BAD_FRAMES:
        errors_before = len(gran.errors)
        await gran.send_raw(text)
        await gran.wait_for(lambda n=errors_before: len(gran.errors) > n)
        assert gran.errors[-1].code == code, text[:80]
    # Commands the rules refuse come back tied to their id.
    for command, code in [
        ({"type": "write_danger_statement", "text": "I may not"}, "forbidden"),
        ({"type": "edit_item", "item_id": "nope", "text": "x"}, "item_not_found"),
    ]:
        with pytest.raises(CommandError) as refused:
            await gran.send(msgspec_command(command))
        assert refused.value.code == code
    with pytest.raises(CommandError) as stale:
        await gran.send(AddItem(domain=Domain.HARM, text="old view"), expected_position=1)
    assert stale.value.code == "stale_position"
    await gran._socket.send(b"\x00\x01")  # type: ignore[union-attr]
    await gran.wait_for(lambda: gran.errors[-1].code == "binary_not_supported")
    # The connection is still up and the board untouched; nobody else saw a thing.
    await gran.barrier()  # the connection still answers
    await chair.barrier()  # and anything sent the chair's way has arrived
    assert head(store_url, case_id) == before
    assert len(chair.received) == chair_seen
    assert chair.errors == []
    await gran.close()


def msgspec_command(fields: dict[str, object]) -> AddItem:
    """Build any command from its wire form (the client sends it as given)."""
    import msgspec

    from board.commands import AnyCommand

    command: AddItem = msgspec.convert(fields, AnyCommand)  # type: ignore[arg-type]
    return command


async def test_a_flood_is_rate_limited_and_the_connection_stays(
    server: LiveServer, case_id: UUID, chair: BoardClient
) -> None:
    frames: list[str] = []
    chair.on_frame = lambda frame: frames.append(type(frame).__name__)
    for n in range(200):
        await chair.send_raw(json.dumps({"type": "ping", "id": f"p{n}"}))
    await chair.wait_for(lambda: frames.count("Pong") + len(chair.errors) >= 200)
    limited = [e for e in chair.errors if e.code == "rate_limited"]
    assert limited
    # Each refusal names the frame it did not read, so a screen can say which change
    # was not made: every ping is answered once, by a pong or by its refusal.
    assert all(e.id is not None and e.id.startswith("p") for e in limited)
    assert len({e.id for e in limited}) == len(limited)
    assert frames.count("Pong") + len(limited) == 200
    await asyncio.sleep(2.5)  # the bucket refills
    ack = await chair.send(AddItem(domain=Domain.NEXT_STEPS, text="Still connected"))
    assert ack.position > 0


@pytest.fixture
def postgres_store(postgres_url: str) -> tuple[str, UUID]:
    return postgres_url, prepare_store(postgres_url)


@pytest.mark.postgres
@pytest.mark.redis
async def test_two_processes_over_postgres_and_redis_serve_one_meeting(
    postgres_store: tuple[str, UUID], redis_url: str, tmp_path: Path
) -> None:
    store_url, case_id = postgres_store
    with (
        running_server(store_url, tmp_path, redis_url=redis_url) as first,
        running_server(store_url, tmp_path, redis_url=redis_url) as second,
    ):
        on_first = await staff(first, case_id)
        on_second = await staff(second, case_id, "worker")
        await on_first.send(OpenMeeting(kind=MeetingKind.REVIEW_CONFERENCE))
        ack = await on_first.send(AddItem(domain=Domain.EXISTING_SAFETY, text="Across processes"))
        await on_second.wait_for_position(ack.position, timeout=10)
        assert on_second.board is not None
        texts = [i.text for i in on_second.board.items_in(Domain.EXISTING_SAFETY)]
        assert "Across processes" in texts
        back = await on_second.send(AddItem(domain=Domain.NEXT_STEPS, text="And back again"))
        await on_first.wait_for_position(back.position, timeout=10)
        assert on_first.board is not None and on_second.board is not None
        assert encode_board(board_for(on_first.board, STAFF)) == encode_board(
            board_for(on_second.board, STAFF)
        )
        # Each process knows who is connected to the other.
        await on_first.wait_for(
            lambda: {p.name for p in on_first.presence} >= {"Sam Reid", "Amira Khan"}
        )
        await on_first.close()
        await on_second.close()


def order_of(client: BoardClient, after: int) -> list[int]:
    return [e.position for e in client.received if e.position > after]
