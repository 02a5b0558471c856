"""Personal links to the family's plan, over HTTP: after a meeting, a worker gives a
family member a link that reads the family's plan and nothing else; it expires (30
days unless the worker chooses, 1 to 92) and can be revoked. For the case's staff.

The link itself opens at /plan-links/{token} (board.web.pages), and the gate lets it
read only the plan's page (board.web.gate, `plan_link`).
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Annotated

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from board.application.records import (
    DEFAULT_DAYS,
    MAX_DAYS,
    MIN_DAYS,
    PlanLinkError,
    PlanLinkSummary,
)
from board.practice import FAMILY_AND_NETWORK
from board.projections.board import Board
from board.web.answers import PlanLinkAnswer, PlanLinkListing, json_response
from board.web.bodies import json_body
from board.web.gate import CaseAccess, Refusal, case_api, problem
from board.web.services import Services


class PlanLinkRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A personal link to the family's plan for one person of the family or network."""

    person_id: Annotated[str, msgspec.Meta(description="the person of the case it is for")]
    days: Annotated[
        int, msgspec.Meta(description=f"how long it works: {MIN_DAYS} to {MAX_DAYS} days")
    ] = DEFAULT_DAYS


def _listing(link: PlanLinkSummary, board: Board, now: datetime) -> PlanLinkListing:
    person = board.people.get(link.person_id)
    return PlanLinkListing(
        link_id=link.link_id,
        person_id=link.person_id,
        person_name=person.name if person else "",
        issued_by=link.issued_by,
        issued_at=link.issued_at,
        expires_at=link.expires_at,
        expired=now >= link.expires_at,
        revoked=link.revoked,
    )


def _refusal(request: Request, access: CaseAccess) -> Response | None:
    if access.staff is None:
        return problem(403, "forbidden", "Plan links are given by the case's staff.")
    return None


@case_api
async def plan_links(request: Request, access: CaseAccess) -> Response:
    """GET: the case's plan links, newest first. POST: make one (`PlanLinkRequest`)."""
    refused = _refusal(request, access)
    if refused is not None:
        return refused
    services: Services = request.app.state.services
    case_id = access.case_id
    if request.method == "GET":

        def read() -> list[PlanLinkListing]:
            board, now = services.application.board(case_id), services.application.clock()
            return [_listing(link, board, now) for link in services.plan_links.of_case(case_id)]

        return json_response(await run_in_threadpool(read))
    try:
        body = await json_body(request, PlanLinkRequest)
    except Refusal as refusal:
        return problem(refusal.status, refusal.code, refusal.message)
    board = await run_in_threadpool(services.application.board, case_id)
    person = board.people.get(body.person_id)
    if person is None or person.retired:
        return problem(400, "unknown_person", "There is no such person on this case.")
    if person.role not in FAMILY_AND_NETWORK:
        return problem(
            400,
            "not_family",
            "Plan links are for the family and their network; professionals sign in or "
            "get the conference record.",
        )
    try:
        token, link_id = await run_in_threadpool(
            functools.partial(
                services.plan_links.issue,
                case_id,
                person.person_id,
                access.viewer.who.participant_id,
                body.days,
                now=services.application.clock(),
            )
        )
    except PlanLinkError as error:
        return problem(400, "invalid", str(error))
    links = await run_in_threadpool(services.plan_links.of_case, case_id)
    made = next(link for link in links if link.link_id == link_id)
    address = str(request.url_for("plan_link", token=token))
    return json_response(
        PlanLinkAnswer(link_id, address, person.person_id, person.name, made.expires_at), 201
    )


@case_api
async def revoke_plan_link(request: Request, access: CaseAccess) -> Response:
    """Revoke a plan link: from now on it reads nothing."""
    refused = _refusal(request, access)
    if refused is not None:
        return refused
    services: Services = request.app.state.services
    link_id = request.path_params["link_id"]
    try:
        await run_in_threadpool(services.plan_links.revoke, access.case_id, link_id)
    except PlanLinkError as error:
        return problem(404, "no_such_link", str(error))
    return Response(status_code=204)


routes = [
    Route("/api/cases/{case_id}/plan-links", plan_links, methods=["GET", "POST"]),
    Route("/api/cases/{case_id}/plan-links/{link_id}/revoke", revoke_plan_link, methods=["POST"]),
]
