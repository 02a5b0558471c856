"""What the JSON API answers, as msgspec types.

Every JSON handler builds its answer from one of these, and the OpenAPI document
(board.web.openapi, served at /api/openapi.json and written into docs/api.md) is
generated from the same types: the two cannot drift apart. The request bodies are
beside their handlers (`InviteRequest`, `CaseRequest`, `AllocationRequest`,
`NewAccount`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from starlette.responses import Response

from board.practice import Role
from board.projections.board import Board
from board.projections.diff import BoardDiff

_json = msgspec.json.Encoder()


def json_response(body: object, status: int = 200) -> Response:
    """An answer (one of the types below, or a list of them) as JSON."""
    return Response(_json.encode(body), status_code=status, media_type="application/json")


class Problem(msgspec.Struct, frozen=True):
    """Every refusal: a code to act on, and plain words to show a person."""

    code: Annotated[str, msgspec.Meta(description="stable, for programs: `case_not_found`")]
    message: Annotated[str, msgspec.Meta(description="plain words, for people")]


class Health(msgspec.Struct, frozen=True):
    """Whether this process can serve: its store answers and takes writes, and (with
    Redis) its fan-out subscription is up."""

    status: Literal["ok", "unavailable"]
    store: Annotated[str, msgspec.Meta(description="`sqlite` or `postgresql`")]
    store_writable: Annotated[bool, msgspec.Meta(description="the store took a test write")]
    fanout: Literal["in-process", "redis"]


class SessionInfo(msgspec.Struct, frozen=True):
    """Who the session cookie belongs to (nothing of any case)."""

    participant_id: Annotated[
        str, msgspec.Meta(description="as the board names them: `staff-USERNAME` for staff")
    ]
    name: str
    role: Role
    guest: Annotated[bool, msgspec.Meta(description="joined with an invite, not staff")]
    case_id: Annotated[UUID | None, msgspec.Meta(description="a guest's case; null for staff")]


class InviteAnswer(msgspec.Struct, frozen=True):
    """An invite just made. The code is shown this once: only its hash is stored."""

    code: Annotated[str, msgspec.Meta(description="`ABCD-EFGH`, to read out or type in")]
    link: Annotated[str, msgspec.Meta(description="the join page with the code filled in")]
    role: Role
    hours: Annotated[float, msgspec.Meta(description="how long the code lasts")]
    invite_id: Annotated[str, msgspec.Meta(description="to list or revoke it by")] = ""
    person_id: Annotated[str | None, msgspec.Meta(description="a named invite's person")] = None


class StateAnswer(msgspec.Struct, frozen=True):
    """The board at a point, as the caller may see it (the visibility rule)."""

    at: Annotated[str, msgspec.Meta(description="the point asked for, as it was given")]
    position: Annotated[int, msgspec.Meta(description="the position it resolved to")]
    board: Board
    event: Annotated[
        str | None,
        msgspec.Meta(description="the event at that position, in plain words (null at 0)"),
    ]


class PointAt(msgspec.Struct, frozen=True):
    """A point as it was asked for, and the position it resolved to."""

    at: str
    position: int


class DiffAnswer(msgspec.Struct, frozen=True):
    """What changed between two points, as the caller may see them."""

    from_: Annotated[PointAt, msgspec.Meta(description="the earlier point")] = msgspec.field(
        name="from"
    )
    to: Annotated[PointAt, msgspec.Meta(description="the later point")]
    diff: BoardDiff


class MyCase(msgspec.Struct, frozen=True):
    """A case allocated to the caller, as the case list names it."""

    case_id: UUID
    title: Annotated[str, msgspec.Meta(description="the children, and the family's name")]
    staff: Annotated[list[str], msgspec.Meta(description="the usernames allocated")]


class CaseOpenedAnswer(msgspec.Struct, frozen=True):
    """A case just opened, allocated to whoever opened it."""

    case_id: str
    title: str
    link: Annotated[str, msgspec.Meta(description="the case's shared screen")]


class StaffOnCase(msgspec.Struct, frozen=True):
    """A member of staff allocated to the case."""

    username: str
    name: str
    role: Role


class Allocated(msgspec.Struct, frozen=True):
    """Someone was allocated to the case."""

    username: str
    allocated: bool


class AccessEntry(msgspec.Struct, frozen=True):
    """One opening of the case by a member of staff: who, what, when (never what they
    saw)."""

    username: str
    what: Annotated[str, msgspec.Meta(description="the path opened, the case id as `{case}`")]
    at: Annotated[datetime, msgspec.Meta(description="when (ISO 8601, UTC)")]


class Account(msgspec.Struct, frozen=True):
    """A staff account (never its password hash)."""

    username: str
    name: str
    role: Role
    administrator: Annotated[bool, msgspec.Meta(description="may look after accounts")]
    enabled: Annotated[bool, msgspec.Meta(description="may sign in")]


class InviteJoin(msgspec.Struct, frozen=True):
    """A device that joined with an invite."""

    joined_as: Annotated[str, msgspec.Meta(description="the device's place in the lobby")]
    name: Annotated[str, msgspec.Meta(description="the name the phone gave")]
    at: datetime
    let_in_as: Annotated[
        str | None, msgspec.Meta(description="the person the chair let them in as; null if not")
    ]


class InviteListing(msgspec.Struct, frozen=True):
    """One of the case's invites, as the chair's list shows it (never its code)."""

    invite_id: str
    code_ends: Annotated[str, msgspec.Meta(description="the code's last two characters")]
    role: Role
    person_id: Annotated[str | None, msgspec.Meta(description="a named invite's person")]
    person_name: Annotated[str | None, msgspec.Meta(description="that person's name")]
    for_open_meeting: Annotated[bool, msgspec.Meta(description="made for the meeting open now")]
    issued_by: str
    issued_at: datetime
    expires_at: datetime
    expired: bool
    revoked: bool
    joined: list[InviteJoin]


class PlanLinkAnswer(msgspec.Struct, frozen=True):
    """A personal plan link just made: its address is shown this once."""

    link_id: str
    link: Annotated[str, msgspec.Meta(description="the address to give the person")]
    person_id: str
    person_name: str
    expires_at: datetime


class PlanLinkListing(msgspec.Struct, frozen=True):
    """One of the case's plan links (never its address)."""

    link_id: str
    person_id: str
    person_name: str
    issued_by: str
    issued_at: datetime
    expires_at: datetime
    expired: bool
    revoked: bool


class Waiting(msgspec.Struct, frozen=True):
    """Someone waiting to be let in, and whom the chair is offered to let them in as."""

    participant_id: Annotated[str, msgspec.Meta(description="their place in the lobby")]
    name: Annotated[str, msgspec.Meta(description="the name their phone gave")]
    role: Annotated[Role, msgspec.Meta(description="the role their invite gave")]
    invited_as: Annotated[str, msgspec.Meta(description="a named invite's person, or empty")]
    proposed_person_id: Annotated[
        str | None,
        msgspec.Meta(
            description="the person of the case proposed: only a named invite's person "
            "(null: a new person, or the chair chooses)"
        ),
    ]
    proposed_role: Annotated[
        Role, msgspec.Meta(description="the person's role (proposed or claimed), else the code's")
    ]
    says_they_are: Annotated[
        str | None,
        msgspec.Meta(
            description="a person of the case whose name they typed: a claim for the chair "
            "to check, never chosen for them (null: no match, or a named invite)"
        ),
    ] = None
    already_here: Annotated[
        bool,
        msgspec.Meta(
            description="that person is in the meeting now, on another device: letting this "
            "one in as them signs the other out"
        ),
    ] = False
