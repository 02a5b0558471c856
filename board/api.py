"""The JSON API, authorised like the websocket (the same session cookie)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from board.auth import Visitor, origin_allowed
from board.invites import InviteError, display
from board.practice import Role

if TYPE_CHECKING:
    from board.server import BoardServer

INVITING_ROLES = frozenset({Role.CHAIR, Role.SOCIAL_WORKER})


class InviteRequest(msgspec.Struct, frozen=True):
    role: Role
    hours: float = 12.0


def problem(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status)


async def _case_for(request: Request) -> tuple[BoardServer, Visitor, UUID] | JSONResponse:
    """The server, the visitor and the case, or the response that refuses them."""
    server: BoardServer = request.app.state.board
    who = await server.visitor(request)
    if who is None:
        return problem(401, "not_signed_in", "Please sign in first.")
    try:
        case_id = UUID(request.path_params["case_id"])
    except ValueError:
        return problem(404, "case_not_found", "There is no such case.")
    if not who.may_see(case_id) or await run_in_threadpool(server.app.head, case_id) == 0:
        return problem(404, "case_not_found", "There is no such case.")
    return server, who, case_id


async def create_invite(request: Request) -> Response:
    found = await _case_for(request)
    if isinstance(found, JSONResponse):
        return found
    server, who, case_id = found
    if not origin_allowed(request, server.settings.allowed_origins):
        return problem(403, "bad_origin", "This request did not come from the board's own pages.")
    if who.is_guest or who.who.role not in INVITING_ROLES:
        return problem(403, "forbidden", "Only the chair or the social worker can invite people.")
    try:
        body = msgspec.json.decode(await request.body(), type=InviteRequest)
    except msgspec.DecodeError as error:
        return problem(400, "invalid", f"The request was not understood: {error}")
    board = await run_in_threadpool(server.app.board, case_id)
    try:
        code = await run_in_threadpool(
            server.invites.issue,
            case_id,
            body.role,
            board.open_meeting_id,
            who.who.participant_id,
            timedelta(hours=body.hours),
        )
    except InviteError as error:
        return problem(400, "invalid", str(error))
    link = str(request.url_for("join")) + f"?code={code}"
    return JSONResponse(
        {"code": display(code), "link": link, "role": body.role.value, "hours": body.hours},
        status_code=201,
    )


async def session_info(request: Request) -> Response:
    server: BoardServer = request.app.state.board
    who = await server.visitor(request)
    if who is None:
        return problem(401, "not_signed_in", "Nobody is signed in.")
    return JSONResponse(
        {
            "participant_id": who.who.participant_id,
            "name": who.who.name,
            "role": who.who.role.value,
            "guest": who.is_guest,
            "case_id": str(who.case_id) if who.case_id else None,
        }
    )


routes = [
    Route("/api/session", session_info),
    Route("/api/cases/{case_id}/invites", create_invite, methods=["POST"]),
]
