"""Fuzzing the websocket with frames that must all be refused, against a live server.

More than a thousand hypothesis-generated frames go over two real connections, an
admitted guest's (a family network member) and the chair's: malformed JSON, wrong
types, huge strings either side of the 16 KiB frame limit and the 1,000-character
text limit, unknown frame types and commands, commands the guest's role may not
send, and commands the board's state refuses (votes in closed or unknown rounds,
edits of removed items, retired statements and rules, stale edits and positions).

Every frame must get an `error` (tied to its id when it has a usable one), never an
`ack`; the connections stay open; the server does not crash; and at the end the
case's stream is exactly as it was, and a third connected screen saw nothing.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import Counter
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

import msgspec
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from live import STAFF_PASSWORD, LiveServer, prepare_store, running_server

from board.client import BoardClient
from board.commands import (
    PERMISSIONS,
    AddItem,
    AddPlanRule,
    AdmitParticipant,
    CloseScalingRound,
    OpenMeeting,
    OpenScalingRound,
    PairSafetyGoal,
    RemoveItem,
    RetireDangerStatement,
    RetirePlanRule,
    WriteDangerStatement,
    WriteHarmStatement,
    command_name,
)
from board.practice import Domain, ItemKind, MeetingKind, PlanRuleKind, Role
from board.storage.store import CaseStore
from board.ws.protocol import (
    MAX_FRAME_BYTES,
    MAX_NESTING,
    Ack,
    AnyServerFrame,
    CommandFrame,
    Error,
    Event,
    FrameError,
    Goodbye,
    Ping,
    Pong,
    Snapshot,
    decode_client_frame,
)

T = TypeVar("T")

EXAMPLES = 600  # each sends one frame from the guest and one from the chair
GAP = 1 / 17  # seconds between two frames on one connection: under the 20 a second limit
ANSWER_WITHIN = 5.0  # seconds for the server to answer one frame
WS_MAX_BYTES = 4 * MAX_FRAME_BYTES  # beyond this the websocket layer itself closes


class LoopThread:
    """An asyncio event loop in a thread of its own, so a synchronous hypothesis test
    can drive long-lived websocket connections one frame at a time."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="fuzz")
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        if not self.thread.is_alive():
            self.loop.close()


@dataclass
class Screen:
    """A connection, with every answer it gets queued in order."""

    name: str
    client: BoardClient
    answers: asyncio.Queue[AnyServerFrame] = field(default_factory=asyncio.Queue)
    frames: Counter[str] = field(default_factory=Counter)
    last_sent: float = 0.0
    listening: bool = False

    def __post_init__(self) -> None:
        self.client.on_frame = self._frame

    def _frame(self, frame: AnyServerFrame) -> None:
        self.frames[type(frame).__name__] += 1
        if self.listening and isinstance(frame, Error | Ack | Pong | Event | Snapshot | Goodbye):
            self.answers.put_nowait(frame)

    @property
    def open(self) -> bool:
        socket = self.client._socket
        return socket is not None and socket.close_code is None

    async def exchange(self, frame: str | bytes) -> AnyServerFrame:
        """Send one frame (paced under the rate limit) and return the server's answer."""
        assert self.open, f"{self.name}'s connection was closed"
        wait = self.last_sent + GAP - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        assert self.client._socket is not None
        await self.client._socket.send(frame)
        self.last_sent = time.monotonic()
        try:
            return await asyncio.wait_for(self.answers.get(), ANSWER_WITHIN)
        except TimeoutError:
            raise AssertionError(f"no answer from the server in {ANSWER_WITHIN} s") from None


@dataclass
class Room:
    """The live server, the case as it stands, and three connected screens."""

    server: LiveServer
    store_url: str
    case_id: UUID
    loop: LoopThread
    guest: Screen
    chair: Screen
    observer: Screen  # connected, never sends: must see nothing at all
    ids: dict[str, Any]
    head: int

    def store_head(self) -> int:
        store = CaseStore(self.store_url)
        try:
            return store.head(self.case_id)
        finally:
            store.close()


async def _sign_in(url: str, case_id: UUID, username: str) -> Screen:
    client = BoardClient(url, reconnect=False)
    await client.sign_in(username, STAFF_PASSWORD)
    screen = Screen(username, client)
    await client.connect(case_id)
    await client.wait_for(lambda: client.board is not None, timeout=30)
    return screen


async def _made(chair: Screen, command: Any, attribute: str) -> str:
    """Send a setup command as the chair; return the id of what it made."""
    await chair.client.send(command)
    made: str = getattr(chair.client.received[-1].fact, attribute)
    return made


async def _set_the_scene(url: str, case_id: UUID) -> tuple[Screen, Screen, Screen, dict[str, Any]]:
    """An open meeting with an admitted guest, and things in every refusable state."""
    chair = await _sign_in(url, case_id, "chair")
    await chair.client.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    ids: dict[str, Any] = {}
    harm = Domain.HARM
    ids["removed_item"] = await _made(chair, AddItem(domain=harm, text="Gone soon"), "item_id")
    await chair.client.send(RemoveItem(item_id=ids["removed_item"]))
    ids["live_item"] = await _made(chair, AddItem(domain=harm, text="Staying"), "item_id")
    ids["retired_statement"] = await _made(
        chair, WriteDangerStatement(text="Worried that ... (retired)"), "statement_id"
    )
    ids["orphan_goal"] = await _made(
        chair, PairSafetyGoal(statement_id=ids["retired_statement"], text="Goal"), "goal_id"
    )
    await chair.client.send(
        RetireDangerStatement(statement_id=ids["retired_statement"], reason="Merged")
    )
    ids["live_statement"] = await _made(
        chair, WriteDangerStatement(text="Worried that ... (current)"), "statement_id"
    )
    ids["live_harm"] = await _made(chair, WriteHarmStatement(text="What happened"), "statement_id")
    ids["closed_round"] = await _made(
        chair,
        OpenScalingRound(question="How safe?", zero_means="Not", ten_means="Safe"),
        "round_id",
    )
    await chair.client.send(CloseScalingRound(round_id=ids["closed_round"]))
    ids["retired_rule"] = await _made(chair, AddPlanRule(who="Gran", what="Tea"), "rule_id")
    await chair.client.send(RetirePlanRule(rule_id=ids["retired_rule"], reason="Not needed"))
    ids["live_rule"] = await _made(chair, AddPlanRule(who="Dan", what="Calls"), "rule_id")

    code = await chair.client.create_invite(case_id, Role.NETWORK_MEMBER)
    guest_client = BoardClient(url, reconnect=False)
    await guest_client.join(code, "Great-aunt Ruth")
    guest = Screen("guest", guest_client)
    await guest_client.connect(case_id)
    assert guest_client.welcome is not None
    ids["guest"] = guest_client.welcome.participant_id
    await chair.client.send(
        AdmitParticipant(
            participant_id=ids["guest"], name="Great-aunt Ruth", role=Role.NETWORK_MEMBER
        )
    )
    await guest_client.wait_for(lambda: guest_client.board is not None, timeout=30)
    observer = await _sign_in(url, case_id, "worker")

    board = chair.client.board
    assert board is not None and chair.client.welcome is not None
    ids["chair"] = chair.client.welcome.participant_id
    ids["known"] = {
        *board.items,
        *board.danger_statements,
        *board.safety_goals,
        *board.harm_statements,
        *board.scaling_rounds,
        *board.plan,
        *board.meetings,
    }
    ids["changed"] = {  # where each live thing was last changed, for stale edits
        "live_item": board.items[ids["live_item"]].changed.position,
        "live_statement": board.danger_statements[ids["live_statement"]].changed.position,
        "live_harm": board.harm_statements[ids["live_harm"]].changed.position,
        "live_rule": board.plan[ids["live_rule"]].changed.position,
    }
    ids["head"] = board.position
    for screen in (chair, observer):
        await screen.client.wait_for_position(board.position, timeout=30)
    # A guest counts in ranks (board.projections.guest_ranks): their head and the
    # stamps they hold are ranks, and what they send is read as ranks.
    await guest.client.barrier()
    seen = guest.client.board
    assert seen is not None
    ids["guest_head"] = guest.client.position
    ids["guest_changed"] = {
        "live_item": seen.items[ids["live_item"]].changed.position,
        "live_statement": seen.danger_statements[ids["live_statement"]].changed.position,
        "live_harm": seen.harm_statements[ids["live_harm"]].changed.position,
        "live_rule": seen.plan[ids["live_rule"]].changed.position,
    }
    return guest, chair, observer, ids


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Room]:
    folder = tmp_path_factory.mktemp("fuzz")
    store_url = str(folder / "board.sqlite3")
    case_id = prepare_store(store_url)
    with running_server(store_url, folder) as server:
        loop = LoopThread()
        try:
            guest, chair, observer, ids = loop.run(_set_the_scene(server.url, case_id), 60)
            yield Room(server, store_url, case_id, loop, guest, chair, observer, ids, ids["head"])
            for screen in (guest, chair, observer):
                loop.run(asyncio.wait_for(screen.client.close(), 10), 15)
        finally:
            loop.close()


# -- the frames ------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """A frame to send. `body` is JSON (given a fresh id if it has an "id" of None);
    `raw` is sent exactly as it is. `code` is the error code to expect, when sure."""

    kind: str
    body: Any = None
    raw: str | bytes | None = None
    code: str | None = None


# Text of every size that matters: short, around the 1,000-character text limit, and
# around the 16 KiB frame limit, in characters of 1 to 4 bytes (and JSON-escaped ones).
WIDE = ["x", "é", "字", "😀", " ", "\n", '"', "\\", "\u2003"]


def _sized(char: str, target_bytes: int) -> str:
    width = len(json.dumps(char, ensure_ascii=False).encode()) - 2
    return char * max(1, target_bytes // width)


huge_text = st.builds(
    _sized,
    st.sampled_from(WIDE),
    st.one_of(
        st.integers(990, 1010),
        st.integers(1011, 16_000),
        st.integers(16_250, 16_500),
        st.integers(16_501, 48_000),
    ),
)
any_text = st.one_of(huge_text, st.text(max_size=30))  # one_of favours its first
short_text = st.text(max_size=20)
blank_text = st.text(alphabet=" \t\n\r\u00a0\u2003\u3000", max_size=12)
too_long_text = st.builds(
    lambda c, n: c * n, st.sampled_from(["x", "é", "字"]), st.integers(1001, 1400)
)
# Control characters, direction overrides, or nothing visible: refused wherever typed.
hostile_text = st.one_of(
    st.builds(
        lambda before, bad, after: before + bad + after,
        st.text(max_size=10),
        st.sampled_from(["\x00", "\x07", "\x1b[2J", "\x7f", "\u202e", "\u2066", "\u2028"]),
        st.text(max_size=10),
    ),
    st.text(alphabet="\u200b\u200c\u200d\u2060\ufeff\u3164 ", min_size=1, max_size=12),
)
bad_text = st.one_of(blank_text, too_long_text, hostile_text)


def command(body: dict[str, Any], expected_position: int | None = None) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "command", "id": None, "command": body}
    if expected_position is not None:
        frame["expected_position"] = expected_position
    return frame


def refused_by_state(ids: dict[str, Any]) -> st.SearchStrategy[Frame]:
    """Commands anyone may send, refused because of where things stand on the board;
    the refusal does not depend on the text, so the text may be anything."""
    unknown = st.text(max_size=24).filter(lambda s: s not in ids["known"])
    domain = st.sampled_from(list(Domain))
    round_id = st.one_of(st.just(ids["closed_round"]), unknown)
    item = st.one_of(st.just(ids["removed_item"]), unknown)
    statement = st.one_of(st.just(ids["retired_statement"]), unknown)
    rule = st.one_of(st.just(ids["retired_rule"]), unknown)
    score = st.one_of(st.integers(0, 10), st.integers(-(2**40), 2**40))
    bodies = st.one_of(
        st.fixed_dictionaries(
            {"type": st.just("cast_vote"), "round_id": round_id, "score": score},
            optional={"narrative": any_text},
        ),
        st.fixed_dictionaries(
            {"type": st.just("edit_item"), "item_id": item, "text": any_text},
            optional={
                "source": short_text,
                "kind": st.sampled_from(list(ItemKind)),
                # Any text: the item is looked for before its source's kind is checked.
                "source_kind": st.text(max_size=12),
            },
        ),
        st.fixed_dictionaries({"type": st.just("move_item"), "item_id": item, "domain": domain}),
        st.fixed_dictionaries({"type": st.just("remove_item"), "item_id": item}),
        st.fixed_dictionaries(
            {
                "type": st.just("amend_plan_rule"),
                "rule_id": rule,
                "who": any_text,
                "what": short_text,
            }
        ),
        st.fixed_dictionaries(
            {"type": st.just("retire_plan_rule"), "rule_id": rule, "reason": any_text}
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("add_plan_rule"),
                "who": any_text,
                "what": short_text,
                "addresses": st.lists(statement, min_size=1, max_size=3),
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("add_plan_rule"),
                "who": any_text,
                "what": short_text,
                "kind": st.just(PlanRuleKind.BOTTOM_LINE.value),
            }  # social worker and manager only
        ),
    )
    return st.builds(lambda b: Frame("state", command(b)), bodies)


def refused_for_the_chair(ids: dict[str, Any]) -> st.SearchStrategy[Frame]:
    """The chair may send anything; these are refused by the board's state or text."""
    unknown = st.text(max_size=24).filter(lambda s: s not in ids["known"])
    present = st.sampled_from([ids["chair"], ids["guest"]])
    statement = st.one_of(st.just(ids["retired_statement"]), unknown)
    changed = ids["changed"]
    bodies = st.one_of(
        st.fixed_dictionaries(
            {"type": st.just("open_meeting"), "kind": st.sampled_from(list(MeetingKind))},
            optional={"title": any_text},
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("admit_participant"),
                "participant_id": present,
                "name": any_text,
                "role": st.sampled_from(list(Role)),
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("leave_meeting"),
                "participant_id": st.text(min_size=1, max_size=20).filter(
                    lambda p: p not in (ids["chair"], ids["guest"])
                ),
            }
        ),
        st.fixed_dictionaries(
            {"type": st.just("open_case"), "child_name": any_text, "family_name": short_text}
        ),
        st.fixed_dictionaries({"type": st.just("close_meeting"), "decision": too_long_text}),
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["reveal_votes", "close_scaling_round"]),
                "round_id": st.one_of(st.just(ids["closed_round"]), unknown),
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("open_scaling_round"),
                "question": any_text,
                "zero_means": short_text,
                "ten_means": short_text,
                "statement_id": statement,
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["revise_danger_statement", "pair_safety_goal"]),
                "statement_id": statement,
                "text": any_text,
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("retire_danger_statement"),
                "statement_id": statement,
                "reason": any_text,
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("revise_safety_goal"),
                "goal_id": st.one_of(st.just(ids["orphan_goal"]), unknown),
                "text": any_text,
            }
        ),
        st.fixed_dictionaries(
            {"type": st.just("revise_harm_statement"), "statement_id": unknown, "text": any_text}
        ),
        # Stale edits: someone changed it after the version being edited.
        st.fixed_dictionaries(
            {
                "type": st.just("edit_item"),
                "item_id": st.just(ids["live_item"]),
                "text": any_text,
                "based_on": st.integers(0, changed["live_item"] - 1),
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("revise_danger_statement"),
                "statement_id": st.just(ids["live_statement"]),
                "text": any_text,
                "based_on": st.integers(0, changed["live_statement"] - 1),
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("revise_harm_statement"),
                "statement_id": st.just(ids["live_harm"]),
                "text": any_text,
                "based_on": st.integers(0, changed["live_harm"] - 1),
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("amend_plan_rule"),
                "rule_id": st.just(ids["live_rule"]),
                "who": any_text,
                "what": short_text,
                "based_on": st.integers(0, changed["live_rule"] - 1),
            }
        ),
        # Text the rules refuse: blank, or over 1,000 characters.
        st.fixed_dictionaries(
            {"type": st.just("add_item"), "domain": st.sampled_from(list(Domain)), "text": bad_text}
        ),
        st.fixed_dictionaries(
            {
                "type": st.sampled_from(["write_danger_statement", "write_harm_statement"]),
                "text": bad_text,
            }
        ),
        st.fixed_dictionaries(
            {"type": st.just("add_plan_rule"), "who": bad_text, "what": short_text}
        ),
    )
    return st.builds(lambda b: Frame("chair_state", command(b)), bodies)


def forbidden_to(commands: list[type[Any]]) -> st.SearchStrategy[Frame]:
    """Commands of kinds the sender's role may never send, whatever their fields."""
    return st.one_of([st.builds(c) for c in commands]).map(
        lambda c: Frame("role", command(msgspec.to_builtins(c)), code="forbidden")
    )


def forbidden_to_the_guest(ids: dict[str, Any]) -> st.SearchStrategy[Frame]:
    """What a family network member may not send at all, or may not do to what staff
    wrote: `forbidden` or `not_yours`, whatever the fields say."""
    forbidden = forbidden_to(
        [c for c, roles in PERMISSIONS.items() if Role.NETWORK_MEMBER not in roles]
    )
    not_yours = st.one_of(
        st.fixed_dictionaries(
            {"type": st.just("edit_item"), "item_id": st.just(ids["live_item"]), "text": any_text}
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("move_item"),
                "item_id": st.just(ids["live_item"]),
                "domain": st.sampled_from([d.value for d in Domain if d is not Domain.HARM]),
            }
        ),
        st.fixed_dictionaries(
            {"type": st.just("remove_item"), "item_id": st.just(ids["live_item"])}
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("amend_plan_rule"),
                "rule_id": st.just(ids["live_rule"]),
                "who": any_text,
                "what": short_text,
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("retire_plan_rule"),
                "rule_id": st.just(ids["live_rule"]),
                "reason": any_text,
            }
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("leave_meeting"),
                "participant_id": st.one_of(
                    st.just(ids["chair"]),
                    st.text(min_size=1, max_size=20).filter(lambda p: p != ids["guest"]),
                ),
            }
        ),
        st.fixed_dictionaries(
            {"type": st.just("add_item"), "domain": st.sampled_from(list(Domain)), "text": bad_text}
        ),
    ).map(lambda b: Frame("not_yours", command(b)))
    return st.one_of(forbidden, not_yours)


def stale(head: int, role: Role) -> st.SearchStrategy[Frame]:
    """Any well-formed command, of every kind, sent with an `expected_position` the
    board is not at: refused as stale (or, what the role may never send, forbidden)."""
    position = st.one_of(st.integers(0, head + 5), st.integers(-(2**62), 2**62)).filter(
        lambda p: p != head
    )

    def frame(cmd: Any, at: int) -> Frame:
        code = "stale_position" if role in PERMISSIONS[type(cmd)] else "forbidden"
        return Frame("stale", command(msgspec.to_builtins(cmd), at), code=code)

    return st.builds(frame, st.one_of([st.builds(c) for c in PERMISSIONS]), position)


KNOWN_COMMANDS = {command_name(c) for c in PERMISSIONS}
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _not_a_frame(text: str | bytes) -> bool:
    try:
        decode_client_frame(text)
    except FrameError:
        return True
    return False


def malformed() -> st.SearchStrategy[Frame]:
    """Not JSON, not an object, unknown types and commands, wrong types of field."""
    garbage = (
        st.one_of(
            st.text(max_size=60),
            st.builds(lambda b, n: json.dumps(b)[:n], json_values, st.integers(0, 40)),
            st.builds(
                lambda cmd, n: json.dumps(
                    {"type": "command", "id": "x", "command": msgspec.to_builtins(cmd)}
                )[: max(1, n)],
                st.one_of([st.builds(c) for c in PERMISSIONS]),
                st.integers(1, 60),
            ),
            json_values.map(json.dumps),
        )
        .filter(_not_a_frame)
        .map(lambda raw: Frame("garbage", raw=raw))
    )
    # Nested far past MAX_NESTING, at the top, in a command or in a field nobody reads:
    # before the check, 2,000 levels ended the connection with a RecursionError.
    deep = st.builds(
        _nested,
        st.integers(MAX_NESTING + 1, 2600),
        st.sampled_from(["[", "{"]),
        st.sampled_from(["top", "command", "extra"]),
    ).map(lambda raw: Frame("deep", raw=raw, code="too_deeply_nested"))
    binary = st.binary(min_size=0, max_size=64).map(
        lambda raw: Frame("binary", raw=raw, code="binary_not_supported")
    )
    unknown_type = st.fixed_dictionaries(
        {
            "type": st.text(max_size=15).filter(lambda t: t not in ("command", "ping")),
            "id": st.none(),
        },
        optional={"command": json_values},
    ).map(lambda b: Frame("unknown_type", b, code="unknown_type"))
    unknown_command = st.fixed_dictionaries(
        {"type": st.text(max_size=25).filter(lambda t: t not in KNOWN_COMMANDS)},
        optional={"text": any_text, "round_id": short_text},
    ).map(lambda b: Frame("unknown_command", command(b), code="unknown_command"))

    def wrong_field(cmd: Any, name_and_value: tuple[int, Any]) -> dict[str, Any]:
        body = msgspec.to_builtins(cmd)
        fields = sorted(k for k in body if k != "type")
        index, value = name_and_value
        if fields:
            body[fields[index % len(fields)]] = value
        return command(body)

    wrong_types = st.one_of(
        st.builds(
            wrong_field,
            st.one_of([st.builds(c) for c in PERMISSIONS]),
            st.tuples(st.integers(0, 9), json_values),
        ),
        # The frame's own fields: id, command, expected_position, type.
        st.builds(
            lambda cmd, key, value: {
                "type": "command",
                "id": None,
                "command": msgspec.to_builtins(cmd),
                key: value,
            },
            st.one_of([st.builds(c) for c in PERMISSIONS]),
            st.sampled_from(["id", "command", "expected_position", "type"]),
            json_values,
        ),
        st.fixed_dictionaries(
            {"type": st.just("ping"), "id": json_values.filter(lambda v: not isinstance(v, str))}
        ),
        st.fixed_dictionaries(
            {
                "type": st.just("command"),
                "id": st.one_of(st.just(""), st.text(min_size=65, max_size=80)),
                "command": st.just({"type": "add_item", "domain": "harm", "text": "no id"}),
            }
        ),
    ).filter(
        lambda b: _not_a_frame(json.dumps(b | ({"id": "x"} if b.get("id", 0) is None else {})))
    )
    return st.one_of(
        wrong_types.map(lambda b: Frame("wrong_types", b)),
        unknown_command,
        unknown_type,
        garbage,
        deep,
        binary,
    )


def _nested(depth: int, opener: str, where: str) -> str:
    nest = "[" * depth + "]" * depth if opener == "[" else '{"a":' * depth + "1" + "}" * depth
    if where == "top":
        return nest
    if where == "command":
        return '{"type": "command", "id": "deep", "command": ' + nest + "}"
    return '{"type": "ping", "id": "deep", "extra": ' + nest + "}"


def frames_for(room: Room, guest: bool) -> st.SearchStrategy[Frame]:
    ids = room.ids
    role = Role.NETWORK_MEMBER if guest else Role.CHAIR
    own = forbidden_to_the_guest(ids) if guest else refused_for_the_chair(ids)
    head = ids["guest_head"] if guest else room.head
    states = refused_by_state(dict(ids, changed=ids["guest_changed"]) if guest else ids)
    mine = [own, states, stale(head, role), malformed()]
    forbidden = [c for c, roles in PERMISSIONS.items() if role not in roles]
    if not guest and forbidden:  # the chair may not send everything either
        mine.append(forbidden_to(forbidden))
    return st.one_of(mine)


# -- the test --------------------------------------------------------------------------


def expected(
    text: str | bytes, frame: Frame, body: Any
) -> tuple[tuple[str | None, ...], str | None]:
    """The ids the server may put on its error for this frame, and the code (if sure).

    Frames the protocol cannot read are judged by the server's own decoder; frames it
    can read carry their id, and the code their strategy promised."""
    if isinstance(text, bytes):
        return (None,), "binary_not_supported"
    try:
        decode_client_frame(text)
    except FrameError as error:
        return (error.frame_id,), error.code
    return (body["id"],), frame.code


@dataclass
class Tally:
    sent: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    largest: int = 0


def judge(
    tally: Tally, screen: Screen, frame: Frame, text: str | bytes, body: Any, answer: Any
) -> None:
    """The answer to one frame must be an error, with the frame's id, and the code the
    frame calls for; and the connection must still be open."""
    size = len(text) if isinstance(text, bytes) else len(text.encode())
    assert size < WS_MAX_BYTES, "the strategy made a frame the websocket layer refuses"
    tally.sent[frame.kind] += 1
    tally.largest = max(tally.largest, size)
    shown = (text[:200] if isinstance(text, str) else repr(text[:60])) + f"... ({size} bytes)"
    assert isinstance(answer, Error), f"{screen.name} sent {shown}\nand got {answer}"
    tally.codes[answer.code] += 1
    if answer.code == "rate_limited":
        return  # refused unread: also an error
    ids, code = expected(text, frame, body)
    assert answer.id in ids, f"{screen.name} sent {shown}\n{answer}"
    if code is not None:
        assert answer.code == code, f"{screen.name} sent {shown}\n{answer}"
    if size > MAX_FRAME_BYTES:
        assert answer.code == "frame_too_large", f"{screen.name} sent {shown}\n{answer}"
    assert screen.open, f"the server closed {screen.name}'s connection after {shown}"


def test_a_thousand_bad_frames_are_each_refused_and_change_nothing(room: Room) -> None:
    tally = Tally()
    observer_before = dict(room.observer.frames)
    events_before = {s.name: s.frames["Event"] for s in (room.guest, room.chair)}
    acks_before = {s.name: s.frames["Ack"] for s in (room.guest, room.chair)}
    guest_frames, chair_frames = frames_for(room, guest=True), frames_for(room, guest=False)
    for screen in (room.guest, room.chair, room.observer):
        screen.listening = True
    started = time.monotonic()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # no shrinking: a failure names its frame, and stays quick
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def two_frames(data: st.DataObject) -> None:
        """One frame from the guest and one from the chair, sent side by side."""
        n = sum(tally.sent.values())
        turns = [
            (room.guest, data.draw(guest_frames, label="guest's frame"), f"fz-{n}"),
            (room.chair, data.draw(chair_frames, label="chair's frame"), f"fz-{n + 1}"),
        ]
        texts = []
        for _, frame, frame_id in turns:
            body = frame.body
            if frame.raw is not None:
                texts.append((frame.raw, body))
                continue
            if isinstance(body, dict) and body.get("id", 0) is None:
                body = {**body, "id": frame_id}
            texts.append((json.dumps(body, ensure_ascii=False), body))

        async def side_by_side() -> list[AnyServerFrame]:
            pairs = zip(turns, texts, strict=True)
            return list(await asyncio.gather(*(s.exchange(t) for (s, _, _), (t, _) in pairs)))

        answers = room.loop.run(side_by_side(), ANSWER_WITHIN + 5)
        for (screen, frame, _), (text, body), answer in zip(turns, texts, answers, strict=True):
            judge(tally, screen, frame, text, body, answer)

    two_frames()
    elapsed = time.monotonic() - started

    sent = sum(tally.sent.values())
    assert sent >= 1000, tally.sent
    assert tally.codes["too_deeply_nested"] > 0, tally.codes  # deep frames were tried
    # Nothing was recorded: the stream is as it was.
    assert room.store_head() == room.head
    assert room.server.process.poll() is None, "the server crashed"
    # Both connections are still up, and answer a ping.
    for screen in (room.guest, room.chair):
        answer = room.loop.run(screen.exchange('{"type": "ping", "id": "after"}'), 10)
        assert isinstance(answer, Pong) and answer.id == "after"
        assert screen.frames["Event"] == events_before[screen.name], f"{screen.name} got events"
        assert screen.frames["Ack"] == acks_before[screen.name], f"{screen.name} got an ack"
    # Nobody was sent an event; the observer was sent no error either.
    for screen in (room.guest, room.chair, room.observer):
        assert room.loop.run(_drained(screen), 5) == [], f"{screen.name} got more frames"
    seen = {k: v - observer_before.get(k, 0) for k, v in room.observer.frames.items()}
    assert seen.get("Event", 0) == 0 and seen.get("Error", 0) == 0, seen
    assert room.chair.client.position == room.head
    assert room.guest.client.position == room.ids["guest_head"]
    print(
        f"\n{sent} frames in {elapsed:.0f} s (largest {tally.largest} bytes): "
        f"{dict(tally.sent)}\nerrors: {dict(tally.codes)}"
    )


async def _drained(screen: Screen) -> list[AnyServerFrame]:
    """What else reached the screen: a ping answered proves its outbox is empty."""
    await screen.client.barrier()
    left = []
    while not screen.answers.empty():
        frame = screen.answers.get_nowait()
        if not (isinstance(frame, Pong) and frame.id.startswith("barrier-")):
            left.append(frame)
    return left


# -- the decoder on its own ----------------------------------------------------------------


@pytest.mark.parametrize("where", ["top", "command", "extra"])
@pytest.mark.parametrize("opener", ["[", "{"])
@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 2000, 2600])
def test_deep_nesting_is_a_clear_error_not_a_recursion(depth: int, opener: str, where: str) -> None:
    raw = _nested(depth, opener, where)
    assert len(raw.encode()) <= MAX_FRAME_BYTES
    for frame in (raw, raw.encode()):
        with pytest.raises(FrameError) as refused:
            decode_client_frame(frame)
        assert refused.value.code == "too_deeply_nested"
        assert f"more than {MAX_NESTING} levels" in refused.value.message


def test_nesting_up_to_the_limit_and_brackets_in_strings_are_not_refused() -> None:
    # As deep as allowed (the frame's own object is the first level), in a field nobody
    # reads: the frame is a ping like any other.
    depth = MAX_NESTING - 1
    ping = decode_client_frame(
        '{"type": "ping", "id": "p", "extra": ' + "[" * depth + "]" * depth + "}"
    )
    assert ping == Ping(id="p")
    # Brackets inside a text are words, not nesting (escaped quotes and backslashes too).
    wire_text = '[{\\\\\\"' * 400  # on the wire: [{ then an escaped backslash and quote
    frame = decode_client_frame(
        '{"type": "command", "id": "c", "command": {"type": "add_item", "domain": "harm", '
        f'"text": "{wire_text}"}}}}'
    )
    assert isinstance(frame, CommandFrame)
    assert frame.command == AddItem(domain=Domain.HARM, text='[{\\"' * 400)
