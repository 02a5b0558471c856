"""The HTTP API described: one table of its operations, and the OpenAPI 3.1 document
made from that table and from the msgspec types the handlers take and answer with.

`OPERATIONS` describes every JSON route of the route table (board.web.app's ROUTES:
each route under /api/, and /healthz): method, path, summary, who may call it, its
query parameters, its request body's type and its answers' types by status.
tests/test_openapi.py fails on a JSON route it does not describe, and on an entry with
no route. The answers a route can get from the gate (board.web.gate: 401, 403, 404,
503) and from the Origin check (403) are added here from `Who`, once, rather than
listed per route.

`openapi_document()` is served at GET /api/openapi.json (public: it holds no case
data), and `python -m board docs` writes docs/api.md's reference from it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from board.events.codec import ExportedEvent
from board.web.accounts_api import NewAccount
from board.web.answers import (
    AccessEntry,
    Account,
    Allocated,
    CaseOpenedAnswer,
    DiffAnswer,
    Health,
    InviteAnswer,
    InviteListing,
    MyCase,
    PlanLinkAnswer,
    PlanLinkListing,
    Problem,
    SessionInfo,
    StaffOnCase,
    StateAnswer,
    Waiting,
)
from board.web.api import InviteRequest
from board.web.caseload import AllocationRequest, CaseRequest
from board.web.plan_links_api import PlanLinkRequest

REF = "#/components/schemas/{name}"
POINT = (
    "A point (`at`, `from`, `to`) is a position (`42`), an ISO time (`2026-03-24T11:00`: "
    "the last event at or before it), a meeting (`icpc`, `review`, `core`, `fnm`, a "
    "meeting kind such as `core_group`: the latest of that kind; or a meeting id: the "
    "board at its close), `start` or `latest`."
)
POINT_SHORT = "a point: a position, an ISO time, a meeting, `start` or `latest`"
POINT_EXAMPLES = ["latest", "start", "icpc", "review", "12", "2026-03-24T11:00"]
# The path parameters, wherever they appear.
PATH_PARAMETERS = {
    "case_id": ("the case's id", {"type": "string", "format": "uuid"}),
    "username": ("a staff account's username", {"type": "string"}),
    "invite_id": ("an invite's id (from the list of invites)", {"type": "string"}),
    "link_id": ("a plan link's id (from the list of plan links)", {"type": "string"}),
    "participant_id": ("a device's place in the lobby (`g-…`)", {"type": "string"}),
}


@dataclass(frozen=True)
class Query:
    """A query parameter: a point (a string, `POINT`), or a position (a whole number)."""

    name: str
    meaning: str
    point: bool = True
    required: bool = False
    default: str | int | None = None


@dataclass(frozen=True)
class Who:
    """Who may call a route, and so which refusals it can answer with: 401 when it needs
    a session; through the gate (`case`), 403 for staff not allocated to the case or a
    guest not in its meeting, 404 and 503; `forbidden`, when set, is why a caller who
    passed the gate may still be refused with 403."""

    words: str
    signed_in: bool = True
    case: bool = False
    forbidden: str = ""


PUBLIC = Who("anyone (it holds nothing of any case)", signed_in=False)
SIGNED_IN = Who("anyone signed in: staff, or a guest who joined with an invite")
STAFF = Who("staff", forbidden="`forbidden`: a guest; this is for staff")
ADMINISTRATOR = Who(
    "an administrator (staff)", forbidden="`forbidden`: not an administrator, or a guest"
)
CASE = Who(
    "staff allocated to the case; a guest of the case while the chair has them in its "
    "open meeting (they see it as a guest may)",
    case=True,
)
CASE_STAFF = Who(
    "staff allocated to the case", case=True, forbidden="`forbidden`: a guest; this is for staff"
)
CASE_INVITER = Who(
    "the case's chair or social worker (allocated to it)",
    case=True,
    forbidden="`forbidden`: anyone else (other staff, a guest)",
)
CASE_MANAGER = Who(
    "the case's manager (allocated to it)",
    case=True,
    forbidden="`forbidden`: anyone else (other staff, a guest)",
)


@dataclass(frozen=True)
class Answer:
    """One answer of a route: its status, when it is given, and its body's type (a type
    msgspec can describe; None for no body)."""

    status: int
    meaning: str
    body: Any = Problem
    media_type: str = "application/json"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    who: Who
    answers: tuple[Answer, ...]
    query: tuple[Query, ...] = ()
    body: Any = None  # the request body's type
    description: str = ""


INVALID = Answer(400, "`invalid`: the body is not the shape below")
TOO_LARGE = Answer(413, "`too_large`: the body is over 16 KiB")

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        "GET",
        "/healthz",
        "healthz",
        "Whether this process can serve",
        PUBLIC,
        (
            Answer(200, "the store answers and takes a write (and Redis is subscribed)", Health),
            Answer(503, "`unavailable`: something above does not hold", Health),
        ),
        description="For load balancers and monitoring.",
    ),
    Operation(
        "GET",
        "/api/openapi.json",
        "openapi",
        "This API, described (OpenAPI 3.1)",
        PUBLIC,
        (Answer(200, "the OpenAPI document", dict[str, Any]),),
        description="Made from the types the handlers use; docs/api.md is made from it.",
    ),
    Operation(
        "GET",
        "/api/session",
        "session_info",
        "Who the session cookie belongs to",
        SIGNED_IN,
        (Answer(200, "the person signed in", SessionInfo),),
    ),
    Operation(
        "GET",
        "/api/cases",
        "my_cases",
        "The cases allocated to me",
        STAFF,
        (Answer(200, "each case, as the case list names it", list[MyCase]),),
    ),
    Operation(
        "POST",
        "/api/cases",
        "open_case",
        "Open a case, allocated to whoever opens it",
        STAFF,
        (
            Answer(201, "the case is opened", CaseOpenedAnswer),
            Answer(400, "`invalid`: the body is not the shape below; or the case was refused"),
            TOO_LARGE,
        ),
        body=CaseRequest,
        description="A sibling group is one case: name each child.",
    ),
    Operation(
        "GET",
        "/api/cases/{case_id}/state",
        "case_state",
        "The board at a point",
        CASE,
        (
            Answer(200, "the board, and the event at that position in plain words", StateAnswer),
            Answer(400, "`unknown_point`: no such point in this case"),
        ),
        query=(Query("at", "where to look", default="latest"),),
        description=(
            "The board is the projection of board/projections/board.py, cut for the "
            "caller by the visibility rule (board/projections/visibility.py)."
        ),
    ),
    Operation(
        "GET",
        "/api/cases/{case_id}/diff",
        "case_diff",
        "What changed between two points",
        CASE,
        (
            Answer(200, "the two points, and what changed between them", DiffAnswer),
            Answer(400, "`invalid`: no `from`; `unknown_point`: no such point in this case"),
        ),
        query=(
            Query("from", "the earlier point", required=True),
            Query("to", "the later point", default="latest"),
        ),
        description=(
            "Per domain: added, removed, changed (old and new words) and moved in; danger "
            "statements, safety goals and harm statements written, revised, retired; per "
            "scaling question each person's score and the middle score at both points; "
            "plan rules added, amended, retired."
        ),
    ),
    Operation(
        "GET",
        "/api/cases/{case_id}/events",
        "case_events",
        "The raw record: every event after a position",
        CASE_STAFF,
        (
            Answer(
                200,
                "newline-delimited JSON: one event a line, in position order",
                ExportedEvent,
                media_type="application/x-ndjson",
            ),
            Answer(400, "`invalid`: `after` is not a whole number from 0"),
        ),
        query=(Query("after", "the events after this position are sent", point=False, default=0),),
        description="`python -m board import` reads it back.",
    ),
    Operation(
        "POST",
        "/api/cases/{case_id}/invites",
        "create_invite",
        "Invite someone to the case's meeting",
        CASE_INVITER,
        (
            Answer(201, "the invite: its code is shown this once", InviteAnswer),
            Answer(400, "`invalid`: the body is not the shape below, or too long an invite"),
            Answer(503, "`unavailable`: the board cannot make invites just now"),
        ),
        body=InviteRequest,
    ),
    Operation(
        "GET",
        "/api/cases/{case_id}/invites",
        "case_invites",
        "The case's invites: what each is for, who joined with it, whether revoked",
        CASE_STAFF,
        (Answer(200, "each invite, newest first (never its code)", list[InviteListing]),),
    ),
    Operation(
        "POST",
        "/api/cases/{case_id}/invites/{invite_id}/revoke",
        "revoke_invite",
        "Revoke an invite: it lets nobody else in; whoever still waits with it is turned away",
        CASE_INVITER,
        (
            Answer(200, "the invite, revoked", InviteListing),
            Answer(404, "`no_such_invite`: the case has no invite with that id"),
        ),
    ),
    Operation(
        "GET",
        "/api/cases/{case_id}/lobby",
        "case_lobby",
        "Who is waiting to be let in, and whom each is proposed to be let in as",
        CASE_STAFF,
        (Answer(200, "each person waiting", list[Waiting]),),
    ),
    Operation(
        "POST",
        "/api/cases/{case_id}/lobby/{participant_id}/turn-away",
        "turn_away",
        "Turn away someone waiting to be let in",
        Who(
            "whoever chairs the case's meeting (a social worker at a family network meeting)",
            case=True,
            forbidden="`forbidden`: anyone else",
        ),
        (
            Answer(204, "they are told, and cannot wait again with that session", None),
            Answer(404, "`not_waiting`: not a lobby id"),
            Answer(409, "`already_admitted`: they are in the meeting (remove them instead)"),
        ),
    ),
    Operation(
        "GET",
        "/api/cases/{case_id}/plan-links",
        "plan_links",
        "The case's personal links to the family's plan",
        CASE_STAFF,
        (Answer(200, "each link, newest first (never its address)", list[PlanLinkListing]),),
    ),
    Operation(
        "POST",
        "/api/cases/{case_id}/plan-links",
        "create_plan_link",
        "Give a family member a personal link to the family's plan, and nothing else",
        CASE_STAFF,
        (
            Answer(201, "the link: its address is shown this once", PlanLinkAnswer),
            Answer(
                400,
                "`invalid`: the body, or days out of bounds; `unknown_person`; `not_family`: "
                "the person is a professional",
            ),
            TOO_LARGE,
        ),
        body=PlanLinkRequest,
        description=(
            "The link opens `/plan-links/{token}`, which reads the plan as it is now (as a "
            "guest may see it) until it expires or is revoked; every other route refuses it."
        ),
    ),
    Operation(
        "POST",
        "/api/cases/{case_id}/plan-links/{link_id}/revoke",
        "revoke_plan_link",
        "Revoke a plan link: from now on it reads nothing",
        CASE_STAFF,
        (
            Answer(204, "revoked", None),
            Answer(404, "`no_such_link`: the case has no plan link with that id"),
        ),
    ),
    Operation(
        "GET",
        "/api/cases/{case_id}/staff",
        "case_staff",
        "Who of the staff is allocated to the case",
        CASE_STAFF,
        (Answer(200, "each member of staff allocated", list[StaffOnCase]),),
    ),
    Operation(
        "POST",
        "/api/cases/{case_id}/staff",
        "allocate_staff",
        "Allocate a member of staff to the case",
        CASE_STAFF,
        (
            Answer(201, "they are allocated", Allocated),
            Answer(
                400,
                "`invalid`; `unknown_account`: no enabled account has that username; or refused",
            ),
            TOO_LARGE,
        ),
        body=AllocationRequest,
    ),
    Operation(
        "DELETE",
        "/api/cases/{case_id}/staff/{username}",
        "unallocate_staff",
        "Take a member of staff off the case",
        CASE_MANAGER,
        (
            Answer(204, "they are no longer allocated", None),
            Answer(400, "refused (say, they are not allocated)"),
        ),
    ),
    Operation(
        "GET",
        "/api/cases/{case_id}/access",
        "case_access",
        "The case's access record: who of the staff opened what, when",
        CASE_MANAGER,
        (Answer(200, "each opening, oldest first", list[AccessEntry]),),
        description="Never what they saw. Reading it is itself recorded.",
    ),
    Operation(
        "GET",
        "/api/accounts",
        "accounts",
        "Every staff account",
        ADMINISTRATOR,
        (Answer(200, "each account (never a password hash)", list[Account]),),
    ),
    Operation(
        "POST",
        "/api/accounts",
        "create_account",
        "Create a staff account",
        ADMINISTRATOR,
        (
            Answer(201, "the account is made", Account),
            Answer(400, "`invalid`: the body is not the shape below, or the account is refused"),
            Answer(409, "`exists`: there is already an account with that username"),
            TOO_LARGE,
        ),
        body=NewAccount,
    ),
    Operation(
        "POST",
        "/api/accounts/{username}/disable",
        "disable_account",
        "Disable a staff account: its sessions end at once, on every process",
        ADMINISTRATOR,
        (
            Answer(200, "the account, disabled", Account),
            Answer(404, "`unknown_account`: there is no such account"),
        ),
    ),
    Operation(
        "POST",
        "/api/accounts/{username}/enable",
        "enable_account",
        "Enable a staff account again",
        ADMINISTRATOR,
        (
            Answer(200, "the account, enabled", Account),
            Answer(404, "`unknown_account`: there is no such account"),
        ),
    ),
)


def all_answers(operation: Operation) -> list[Answer]:
    """The route's own answers, and the refusals that follow from who may call it and
    from its method, by status (meanings of one status joined)."""
    who = operation.who
    found = list(operation.answers)
    if who.signed_in:
        found.append(Answer(401, "`not_signed_in`: no session, or an expired one"))
    if operation.method != "GET":
        found.append(Answer(403, "`bad_origin`: not sent from the board's own pages (Origin)"))
    if who.case:
        found.append(
            Answer(
                403,
                "`not_allocated`: staff not allocated to the case; `not_admitted`: a guest "
                "not in its open meeting (waiting, removed, or the meeting closed)",
            )
        )
    if who.forbidden:
        found.append(Answer(403, who.forbidden))
    if who.case:
        found.append(
            Answer(
                404,
                "`case_not_found`: no such case; said too for an erased case and for "
                "another case's guest, so a guess learns nothing",
            )
        )
        found.append(Answer(503, "`unavailable`: the store cannot be reached just now"))
    merged: dict[int, Answer] = {}
    for answer in found:
        was = merged.get(answer.status)
        if was is None:
            merged[answer.status] = answer
        else:
            merged[answer.status] = Answer(
                answer.status, f"{was.meaning}; {answer.meaning}", was.body, was.media_type
            )
    return [merged[status] for status in sorted(merged)]


def _parameters(operation: Operation) -> list[dict[str, Any]]:
    found = []
    for name in _path_names(operation.path):
        meaning, schema = PATH_PARAMETERS[name]
        found.append(
            {"name": name, "in": "path", "required": True, "description": meaning, "schema": schema}
        )
    for query in operation.query:
        shape: dict[str, Any] = (
            {"type": "string", "examples": POINT_EXAMPLES}
            if query.point
            else {"type": "integer", "minimum": 0}
        )
        if query.default is not None:
            shape["default"] = query.default
        kind = POINT_SHORT if query.point else "a position (a whole number from 0)"
        found.append(
            {
                "name": query.name,
                "in": "query",
                "required": query.required,
                "description": f"{query.meaning}: {kind}",
                "schema": shape,
            }
        )
    return found


def _path_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


@functools.cache
def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API (the same every time: made once)."""
    types: list[Any] = []
    for operation in OPERATIONS:
        shapes = [operation.body, *(a.body for a in all_answers(operation))]
        types.extend(t for t in shapes if t is not None and t not in types)
    schemas, components = msgspec.json.schema_components(types, ref_template=REF)
    schema_of: dict[Any, Any] = dict(zip(types, schemas, strict=True))

    paths: dict[str, dict[str, Any]] = {}
    for operation in OPERATIONS:
        item: dict[str, Any] = {
            "operationId": operation.operation_id,
            "summary": operation.summary,
            "description": "\n\n".join(
                part
                for part in (operation.description, f"Who may call it: {operation.who.words}.")
                if part
            ),
            "x-who": operation.who.words,
            "security": [{"session": []}] if operation.who.signed_in else [],
            "parameters": _parameters(operation),
            "responses": {
                str(answer.status): _response(answer, schema_of)
                for answer in all_answers(operation)
            },
        }
        if operation.body is not None:
            item["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": schema_of[operation.body]}},
            }
        paths.setdefault(operation.path, {})[operation.method.lower()] = item
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "The board's HTTP API",
            "version": "1",
            "description": (
                "A collaborative meeting board for Signs of Safety child protection "
                "practice. Signed in with the `board_session` cookie (staff: POST /signin; "
                "a guest: /join with an invite). Every refusal is a Problem. " + POINT
            ),
        },
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "board_session",
                    "description": "the signed session cookie, from /signin or /join",
                }
            },
        },
    }


def _response(answer: Answer, schema_of: dict[Any, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {"description": answer.meaning}
    if answer.body is not None:
        found["content"] = {answer.media_type: {"schema": schema_of[answer.body]}}
    return found


_json = msgspec.json.Encoder()


async def openapi_json(request: Request) -> Response:
    """The document itself. Public: it describes the API and holds no case data."""
    return Response(_json.encode(openapi_document()), media_type="application/json")


routes = [Route("/api/openapi.json", openapi_json)]
