"""The caseload: opening a case, the cases allocated to me, who is allocated to a case,
and the case's access record (for its manager)."""

from __future__ import annotations

from uuid import UUID

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from board.application.case_list import case_title
from board.commands import AllocateStaff, CommandRefused, OpenCase, UnallocateStaff
from board.commands.case import NewChild
from board.practice import Framework, Role
from board.web.answers import (
    AccessEntry,
    Allocated,
    CaseOpenedAnswer,
    MyCase,
    StaffOnCase,
    json_response,
)
from board.web.bodies import json_body
from board.web.gate import CaseAccess, Refusal, case_api, problem
from board.web.services import Services
from board.web.viewers import Staff


class CaseRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A new case: the children (a sibling group is one case), the family's name."""

    children: list[NewChild]
    family_name: str
    framework: Framework = Framework.SAFETY


class AllocationRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Allocate a member of staff to the case, by their account's username."""

    username: str


async def _staff(request: Request) -> tuple[Services, Staff]:
    services: Services = request.app.state.services
    viewer = await services.viewer(request)
    if viewer is None:
        raise Refusal(401, "not_signed_in", "Please sign in first.")
    if not isinstance(viewer, Staff):
        raise Refusal(403, "forbidden", "This is for staff.")
    return services, viewer


async def open_new_case(services: Services, staff: Staff, request: CaseRequest) -> str:
    """Open the case, allocated to whoever opens it; its id (or a CommandRefused)."""
    if not request.children:
        raise CommandRefused("no_children", "Please name the child, or each of the children.")
    command = OpenCase(
        children=tuple(request.children),
        family_name=request.family_name,
        framework=request.framework,
        allocate_to=staff.username,
    )
    case_id = await run_in_threadpool(services.application.open_new_case, command, staff.who)
    return str(case_id)


async def cases(request: Request) -> Response:
    """GET: the cases allocated to me. POST: open a case (JSON: `CaseRequest`)."""
    try:
        services, staff = await _staff(request)
        if request.method == "GET":
            mine = await run_in_threadpool(services.application.cases_for, staff.username)
            return json_response([MyCase(c.case_id, c.title, list(c.staff)) for c in mine])
        body = await json_body(request, CaseRequest)
        case_id = await open_new_case(services, staff, body)
    except Refusal as refusal:
        return problem(refusal.status, refusal.code, refusal.message)
    except CommandRefused as refused:
        return problem(400, refused.code, refused.message)
    board = await run_in_threadpool(services.application.board, UUID(case_id))
    link = str(request.url_for("screen", case_id=case_id))
    answer = CaseOpenedAnswer(case_id, case_title(board), link)
    return json_response(answer, 201)


@case_api
async def case_staff(request: Request, access: CaseAccess) -> Response:
    """GET: who is allocated. POST {"username"}: allocate someone (from their account)."""
    services: Services = request.app.state.services
    if access.staff is None:
        return problem(403, "forbidden", "This is for staff.")
    if request.method == "GET":
        board = await run_in_threadpool(services.application.board, access.case_id)
        return json_response(
            [StaffOnCase(a.username, a.name, a.role) for a in board.staff.values()]
        )
    try:
        body = await json_body(request, AllocationRequest)
    except Refusal as refusal:
        return problem(refusal.status, refusal.code, refusal.message)
    account = (await run_in_threadpool(services.staff_accounts)).get(body.username)
    if account is None or not account.enabled:
        return problem(400, "unknown_account", "There is no member of staff with that username.")
    command = AllocateStaff(username=account.username, name=account.name, role=account.role)
    try:
        await run_in_threadpool(
            services.application.execute, access.case_id, command, access.viewer.who
        )
    except CommandRefused as refused:
        return problem(400 if refused.code != "forbidden" else 403, refused.code, refused.message)
    return json_response(Allocated(account.username, allocated=True), 201)


@case_api
async def case_staff_member(request: Request, access: CaseAccess) -> Response:
    """DELETE: the manager takes someone off the case."""
    services: Services = request.app.state.services
    if access.staff is None:
        return problem(403, "forbidden", "This is for staff.")
    command = UnallocateStaff(username=request.path_params["username"])
    try:
        await run_in_threadpool(
            services.application.execute, access.case_id, command, access.viewer.who
        )
    except CommandRefused as refused:
        return problem(403 if refused.code == "forbidden" else 400, refused.code, refused.message)
    return Response(status_code=204)


@case_api
async def case_access(request: Request, access: CaseAccess) -> Response:
    """The case's access record: who of the staff opened what, when. For managers."""
    services: Services = request.app.state.services
    if access.staff is None or access.viewer.who.role is not Role.MANAGER:
        return problem(403, "forbidden", "The access record is for the case's manager.")
    entries = await run_in_threadpool(services.application.accesses, access.case_id)
    return json_response([AccessEntry(e.username, e.what, e.at) for e in entries])


routes = [
    Route("/api/cases", cases, methods=["GET", "POST"], name="api_cases"),
    Route("/api/cases/{case_id}/staff", case_staff, methods=["GET", "POST"]),
    Route("/api/cases/{case_id}/staff/{username}", case_staff_member, methods=["DELETE"]),
    Route("/api/cases/{case_id}/access", case_access),
]
