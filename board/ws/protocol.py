"""The wire protocol: JSON text frames, typed with msgspec tagged unions.

Client to server: `command` (with the client's own id), `ping`, from the chair
`follow`, `timer` and `wall` (what the wall shows), and from a wall `wall_fitted`.
Server to client: `welcome`, `lobby`, `snapshot`, `event`, `caught_up`, `ack`,
`error`, `presence`, `pong`, `goodbye`, `follow`, `timer`, `wall`, and to a wall
`waiting` (how many wait in the lobby, never who).
docs/protocol.md describes each; its JSON Schema is generated from these types
(`python -m board schema`) and a test fails if the two drift apart.
"""

from __future__ import annotations

import re
from datetime import datetime
from json.encoder import encode_basestring_ascii
from typing import Any, Literal
from uuid import UUID

import msgspec

from board.commands import AnyCommand
from board.events import AnyFact, Author
from board.practice import Role
from board.projections.board import Board
from board.projections.changes import Change, Seen

PROTOCOL_VERSION = 1
MAX_FRAME_BYTES = 16 * 1024  # a command is small; anything larger is refused
# A frame is a few levels deep (frame > command > a list of ids). Far deeper nesting
# would make the decoder recurse until Python stops it, so it is refused first.
MAX_NESTING = 32


class ClientFrame(msgspec.Struct, frozen=True, tag_field="type", kw_only=True):
    pass


class CommandFrame(ClientFrame, frozen=True, tag="command"):
    """`id` is the client's own (1-64 characters); a resent id is not recorded twice.
    With `expected_position`, the command is refused unless the board is still there."""

    id: str
    command: AnyCommand
    expected_position: int | None = None


class Ping(ClientFrame, frozen=True, tag="ping"):
    id: str = ""


class FollowMe(ClientFrame, frozen=True, tag="follow"):
    """The chair asks every screen to show what the chair is showing (a part of the board,
    such as "mapping", "statements", "scaling", "plan"; or "" to let people roam)."""

    view: str


class StartTimer(ClientFrame, frozen=True, tag="timer"):
    """The chair starts a visible timer for an agenda item (0 seconds stops it)."""

    label: str
    seconds: int


# The wall's views (static/board/wall/present.js), in the order "next" goes through.
WALL_VIEWS = ("mapping", "child", "statements", "plan", "round", "join")
MAX_WALL_PAGES = 1000


class ShowOnWall(ClientFrame, frozen=True, tag="wall"):
    """The chair's presenter view says what the wall shows: one of its views, a page of
    it, and a card or domain shown whole (`focus`, "" for none); with the join screen,
    the open meeting's code for anyone (`code`: the server keeps only its hash, so the
    presenter, who made it, tells the wall)."""

    view: str
    page: int = 0
    focus: str = ""
    code: str = ""


class WallFitted(ClientFrame, frozen=True, tag="wall_fitted"):
    """A wall says how many pages the view it shows takes on its screen, so the
    presenter's "next" knows when to move to the next view."""

    view: str
    pages: int
    focus: str = ""


AnyClientFrame = CommandFrame | Ping | FollowMe | StartTimer | ShowOnWall | WallFitted


class ServerFrame(msgspec.Struct, frozen=True, tag_field="type", kw_only=True):
    pass


class Welcome(ServerFrame, frozen=True, tag="welcome"):
    protocol: int
    case_id: UUID
    participant_id: str
    name: str
    role: Role
    position: int  # the case's latest position as the connection opened
    admitted: bool  # False: the person waits in the lobby and sees nothing of the case


class Lobby(ServerFrame, frozen=True, tag="lobby"):
    message: str


class Snapshot(ServerFrame, frozen=True, tag="snapshot"):
    position: int
    board: Board


class Event(ServerFrame, frozen=True, tag="event"):
    """One committed event, as this screen's audience may see it: the fact, the parts of
    the board it changed (apply them in order, then take `position` and `at`), and what
    happened in words. A screen applies `changes`; it never folds `fact` itself."""

    position: int
    # None (with `by` and `fact`): withheld from this screen; it learns only that the
    # board moved on, not when, by whom or about what.
    at: datetime | None
    by: Author | None
    meeting_id: str | None
    command_id: str | None
    fact: AnyFact | None
    changes: list[Change] = []
    said: str = ""


class CaughtUp(ServerFrame, frozen=True, tag="caught_up"):
    """Everything up to `position` has been sent; what follows is live."""

    position: int
    missed: int  # how many events the client was sent to catch up


class Ack(ServerFrame, frozen=True, tag="ack"):
    """The command was recorded. `created` names the ids of everything its events
    brought into being (an item, a statement, a round, a rule...), in order; empty
    when it created nothing."""

    id: str
    position: int  # the position of the last event the command recorded
    created: list[str] = []


class Error(ServerFrame, frozen=True, tag="error"):
    id: str | None
    code: str
    message: str


class PersonPresent(msgspec.Struct, frozen=True):
    participant_id: str
    name: str
    role: Role
    in_lobby: bool
    # Waiting with a named invite: the person of the case it was made for (the chair
    # lets them in as that person); empty otherwise.
    invited_as: str = ""


class Presence(ServerFrame, frozen=True, tag="presence"):
    people: list[PersonPresent]


class Pong(ServerFrame, frozen=True, tag="pong"):
    id: str


# Why the server ends a connection: the goodbye's `code`, and the websocket close code
# that follows it. 1000: the meeting is over for this screen (it may join the next
# one). 4401: the session is over (sign in or join again). 4403: no longer allowed
# to this case.
GoodbyeCode = Literal[
    "meeting_ended",  # the meeting closed (every guest)
    "removed",  # the chair ended the guest's place in the meeting
    "turned_away",  # waiting in the lobby: turned away, or the invite was cancelled
    "not_allocated",  # staff: the case is no longer allocated to them
    "account_disabled",  # staff: their account was disabled
    "signed_out",  # staff: signed out elsewhere, or their password was changed
    "session_expired",  # the session's time is up (staff after 12 hours; a guest's invite)
]
CLOSE_CODES: dict[str, int] = {
    "meeting_ended": 1000,
    "removed": 1000,
    "turned_away": 1000,
    "not_allocated": 4403,
    "account_disabled": 4401,
    "signed_out": 4401,
    "session_expired": 4401,
}


class Goodbye(ServerFrame, frozen=True, tag="goodbye"):
    """Sent just before the server closes the connection, saying why: `code` for the
    screen, `message` in plain words; the close code then says the same (CLOSE_CODES)."""

    code: GoodbyeCode
    message: str


class Follow(ServerFrame, frozen=True, tag="follow"):
    """Show this part of the board (sent to everyone, and to each screen as it joins)."""

    view: str
    by: str  # the chair's name


class Timer(ServerFrame, frozen=True, tag="timer"):
    """A timer for an agenda item; `ends_at` None means no timer is running."""

    label: str
    seconds: int
    ends_at: datetime | None
    server_now: datetime  # so a screen whose clock is wrong still counts down right


class OnWall(ServerFrame, frozen=True, tag="wall"):
    """What the wall shows (sent to walls and staff, and to each as it joins): `pages`
    is what the wall last said the view takes (0: not yet known)."""

    view: str
    page: int
    focus: str
    pages: int
    by: str  # the chair's name
    code: str = ""  # the join screen's code for anyone (checked by the server)


class Waiting(ServerFrame, frozen=True, tag="waiting"):
    """To a wall instead of `presence`: how many people wait in the lobby, not who."""

    count: int


AnyServerFrame = (
    Welcome
    | Lobby
    | Snapshot
    | Event
    | CaughtUp
    | Ack
    | Error
    | Presence
    | Pong
    | Goodbye
    | Follow
    | Timer
    | OnWall
    | Waiting
)

_client_decoder = msgspec.json.Decoder(AnyClientFrame)
_encoder = msgspec.json.Encoder()


class FrameError(Exception):
    def __init__(self, code: str, message: str, frame_id: str | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.frame_id = code, message, frame_id


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def _text(raw: bytes | str) -> str:
    return raw if isinstance(raw, str) else raw.decode("latin-1")  # bytes as they are


def nesting(raw: bytes | str) -> int:
    """How deeply the JSON text's arrays and objects nest; brackets inside strings do
    not count."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", _text(raw))):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _too_deep(raw: bytes | str) -> bool:
    text = _text(raw)
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return False  # it cannot nest deeper than it has brackets: every real frame
    return nesting(text) > MAX_NESTING


class _IdOnly(msgspec.Struct):
    id: Any = None


_id_decoder = msgspec.json.Decoder(_IdOnly)


def _frame_id(raw: bytes | str) -> str | None:
    """The id of a frame that failed validation, so the error can name it."""
    try:
        found = _id_decoder.decode(raw).id
    except (msgspec.DecodeError, RecursionError):
        return None
    return found if isinstance(found, str) and len(found) <= 64 else None


def unread_frame_id(raw: bytes | str) -> str | None:
    """The id of a frame refused unread (too many at once), so the screen can tell the
    person which of their changes was not made; nothing else of it is looked at."""
    size = len(raw.encode() if isinstance(raw, str) else raw)
    return _frame_id(raw) if size <= MAX_FRAME_BYTES else None


def _error_code(text: str) -> str:
    if text.endswith("`$.type`"):
        return "unknown_type"
    if text.endswith("`$.command.type`"):
        return "unknown_command"
    if text.endswith("`$.command.domain`"):
        return "unknown_domain"
    return "invalid"


def decode_client_frame(raw: bytes | str) -> AnyClientFrame:
    """A typed frame, or a FrameError with a code and a message a person can act on."""
    size = len(raw.encode() if isinstance(raw, str) else raw)
    if size > MAX_FRAME_BYTES:
        raise FrameError(
            "frame_too_large", f"The message is {size} bytes; the most is {MAX_FRAME_BYTES}."
        )
    if _too_deep(raw):
        raise FrameError(
            "too_deeply_nested",
            f"The message nests lists and objects more than {MAX_NESTING} levels deep; "
            "a command needs only a few.",
        )
    try:
        frame: AnyClientFrame = _client_decoder.decode(raw)
    except RecursionError:  # the check above should make this unreachable; never fatal
        raise FrameError(
            "too_deeply_nested", "The message nests lists and objects too deeply."
        ) from None
    except msgspec.ValidationError as error:
        text = str(error)
        raise FrameError(
            _error_code(text), f"The message was not understood: {text}", _frame_id(raw)
        ) from None
    except msgspec.DecodeError as error:
        raise FrameError("malformed_json", f"The message is not valid JSON: {error}") from None
    if isinstance(frame, CommandFrame) and not 1 <= len(frame.id) <= 64:
        raise FrameError("invalid", "A command's id must be 1 to 64 characters.")
    return frame


def encode(frame: ServerFrame) -> bytes:
    return _encoder.encode(frame)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _escaped(match: re.Match[str]) -> str:
    # A run of non-ASCII characters holds no quote or backslash, so the standard
    # library's C escaper gives exactly its JSON spelling (surrogate pairs included).
    return str(encode_basestring_ascii(match.group()))[1:-1]


def encode_text(frame: ServerFrame) -> str:
    """The frame as ASCII-only JSON text. A frame sent to many screens is encoded once,
    and the server turns the text into bytes again for every screen: ASCII costs a copy
    where other characters (the curly quotes of `said`, names in any script) cost a
    full UTF-8 encode per screen."""
    text = _encoder.encode(frame).decode()
    return text if text.isascii() else _NOT_ASCII.sub(_escaped, text)


def event_frame(seen: Seen) -> Event:
    event = seen.event
    if seen.withheld:
        # Only that the board moved on: nothing of who, what or where; and what changed
        # of the board as this screen may hold it (only ever its author's own undo step).
        return Event(
            position=event.position,
            at=None,
            by=None,
            meeting_id=None,
            command_id=None,
            fact=None,
            changes=seen.changes,
        )
    fact: Any = event.fact
    return Event(
        position=event.position,
        at=event.at,
        by=event.by,
        meeting_id=event.meeting_id,
        command_id=event.command_id,
        fact=fact,
        changes=seen.changes,
        said=seen.said,
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of both directions, generated from the types above."""
    (client, server), components = msgspec.json.schema_components(
        [AnyClientFrame, AnyServerFrame], ref_template="#/$defs/{name}"
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"The board's websocket protocol, version {PROTOCOL_VERSION}",
        "$defs": components,
        "properties": {"client_to_server": client, "server_to_client": server},
    }
