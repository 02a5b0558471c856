"""The JSON API, authorised like the websocket (the same session cookie)."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Annotated
from uuid import UUID

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from board.application.records import MAX_LIFETIME, MIN_LIFETIME, InviteError, display, invite_id_of
from board.commands import INVITING_ROLES
from board.events import CaseEvent
from board.events.codec import export_line
from board.practice import ROLE_NAMES, Role
from board.projections.diff import diff
from board.projections.narration import told_to
from board.projections.timeline import UnknownPoint
from board.projections.visibility import Audience, board_for
from board.web.answers import (
    DiffAnswer,
    InviteAnswer,
    PointAt,
    SessionInfo,
    StateAnswer,
    json_response,
)
from board.web.bodies import json_body
from board.web.gate import CaseAccess, Refusal, case_api, problem
from board.web.services import Services
from board.web.viewers import Guest

# How long an invite may last, in hours: a minute to fourteen days (board.storage.invites).
MIN_HOURS = MIN_LIFETIME / timedelta(hours=1)
MAX_HOURS = MAX_LIFETIME / timedelta(hours=1)


class InviteRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """An invite for one person to join the case's open meeting (or the next one); with
    `person_id`, for that person of the case by name (their role is theirs)."""

    role: Annotated[
        Role | None,
        msgspec.Meta(description="who they will be on the board (optional with a person)"),
    ] = None
    # Bounded in the type, so 1e308, a negative number or infinity is refused while
    # decoding, with the bound in the message, before any date arithmetic.
    hours: Annotated[
        float,
        msgspec.Meta(
            ge=MIN_HOURS, le=MAX_HOURS, description="how long the code lasts (at most 14 days)"
        ),
    ] = 12.0
    person_id: Annotated[
        str, msgspec.Meta(description="a person of the case, to invite by name")
    ] = ""


async def make_invite(request: Request, access: CaseAccess) -> Response:
    """POST /api/cases/{case}/invites, once through the gate (board.web.invites_api)."""
    services: Services = request.app.state.services
    case_id = access.case_id
    if access.staff is None or access.viewer.who.role not in INVITING_ROLES:
        return problem(403, "forbidden", "Only the chair or the social worker can invite people.")
    try:
        body = await json_body(request, InviteRequest)
    except Refusal as refusal:
        return problem(refusal.status, refusal.code, refusal.message)
    board = await run_in_threadpool(services.application.board, case_id)
    role = body.role
    if body.person_id:
        person = board.people.get(body.person_id)
        if person is None or person.retired:
            return problem(400, "unknown_person", "There is no such person on this case.")
        if role is not None and role is not person.role:
            return problem(
                400,
                "role_mismatch",
                f"{person.name} is on the case as a {ROLE_NAMES[person.role].lower()}: correct "
                "their details first, or leave the role out.",
            )
        role = person.role
    if role is None:
        return problem(400, "invalid", "Say who they will be (a role), or which person.")
    try:
        code = await run_in_threadpool(
            functools.partial(
                services.invites.issue,
                case_id,
                role,
                board.open_meeting_id,
                access.viewer.who.participant_id,
                timedelta(hours=body.hours),
                person_id=body.person_id or None,
            )
        )
    except InviteError as error:
        return problem(400, "invalid", str(error))
    link = str(request.url_for("join")) + f"?code={code}"
    answer = InviteAnswer(
        display(code), link, role, body.hours, invite_id_of(code), body.person_id or None
    )
    return json_response(answer, 201)


async def _point(
    services: Services, case_id: UUID, point: str, audience: Audience
) -> int | JSONResponse:
    def resolve() -> int:
        return services.application.position_for(case_id, point, audience)

    try:
        return await run_in_threadpool(resolve)
    except UnknownPoint as error:
        return problem(400, "unknown_point", str(error))


@case_api
async def case_state(request: Request, access: CaseAccess) -> Response:
    """The board at a point: ?at= a position, an ISO time, icpc, review or a meeting id."""
    services: Services = request.app.state.services
    case_id = access.case_id
    point = request.query_params.get("at", "latest")
    position = await _point(services, case_id, point, access.audience)
    if isinstance(position, JSONResponse):
        return position

    def read() -> StateAnswer:
        app, audience = services.application, access.audience
        board = app.board(case_id, position)
        event = app.event_at(case_id, position)
        return StateAnswer(
            at=point,
            position=app.shown_position(case_id, position, audience),
            board=app.shown(case_id, board_for(board, audience), audience),
            event=told_to(event, board, audience) if event else None,
        )

    return json_response(await run_in_threadpool(read))


@case_api
async def case_diff(request: Request, access: CaseAccess) -> Response:
    """What changed between ?from= and ?to= (the same kinds of point as `state`)."""
    services: Services = request.app.state.services
    case_id = access.case_id
    start = request.query_params.get("from")
    if start is None:
        return problem(400, "invalid", "Say where to compare from: ?from=icpc, say.")
    points = start, request.query_params.get("to", "latest")
    positions = []
    for point in points:
        position = await _point(services, case_id, point, access.audience)
        if isinstance(position, JSONResponse):
            return position
        positions.append(position)

    def compare() -> DiffAnswer:
        app, audience = services.application, access.audience
        before, after = (board_for(app.board(case_id, p), audience) for p in positions)
        shown = [app.shown_position(case_id, p, audience) for p in positions]
        return DiffAnswer(
            from_=PointAt(points[0], shown[0]),
            to=PointAt(points[1], shown[1]),
            diff=app.shown(case_id, diff(before, after), audience),
        )

    return json_response(await run_in_threadpool(compare))


@case_api
async def case_events(request: Request, access: CaseAccess) -> Response:
    """Every event after ?after=N, as newline-delimited JSON: the raw records."""
    services: Services = request.app.state.services
    case_id = access.case_id
    if access.staff is None:
        return problem(403, "forbidden", "The raw record is for staff.")
    after_text = request.query_params.get("after", "0")
    if not (after_text.isascii() and after_text.isdigit()):
        return problem(400, "invalid", "?after= takes a position: a whole number from 0.")
    # Past the case's last event there is nothing to send (and a huge number is not
    # one the store can take).
    head = await run_in_threadpool(services.application.head, case_id)
    after = head if len(after_text) > 18 else min(int(after_text), head)

    def read(position: int) -> list[CaseEvent]:
        return list(services.application.events(case_id, position, position + 1000))

    async def lines() -> AsyncIterator[bytes]:
        position = after
        while True:
            batch = await run_in_threadpool(read, position)
            for event in batch:
                yield export_line(event)
            if len(batch) < 1000:
                return
            position = batch[-1].position

    return StreamingResponse(lines(), media_type="application/x-ndjson")


async def session_info(request: Request) -> Response:
    """Who this session is (nothing of any case)."""
    services: Services = request.app.state.services
    viewer = await services.viewer(request)
    if viewer is None:
        return problem(401, "not_signed_in", "Nobody is signed in.")
    return json_response(
        SessionInfo(
            participant_id=viewer.who.participant_id,
            name=viewer.who.name,
            role=viewer.who.role,
            guest=isinstance(viewer, Guest),
            case_id=viewer.case_id if isinstance(viewer, Guest) else None,
        )
    )


routes = [
    Route("/api/session", session_info),
    Route("/api/cases/{case_id}/state", case_state),
    Route("/api/cases/{case_id}/diff", case_diff),
    Route("/api/cases/{case_id}/events", case_events),
]
