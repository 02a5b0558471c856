"""The chair's invites and lobby over HTTP: list the case's invites (who joined with
each), revoke one (it lets nobody else in, and whoever is still waiting with it is
turned away), and turn away someone waiting in the lobby.

Through the one gate (board.web.gate.case_api); for the case's chair or social worker.
"""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from board.application.records import INVITE_REVOKED, TURNED_AWAY, InviteError, InviteSummary
from board.commands import INVITING_ROLES
from board.commands.meetings import facilitates
from board.commands.people import lobby_proposal
from board.practice import Role
from board.projections.board import Board
from board.projections.entities import device_of
from board.web.answers import InviteJoin, InviteListing, Waiting, json_response
from board.web.api import make_invite
from board.web.gate import CaseAccess, case_api, problem
from board.web.services import Services


def _refusal(request: Request, access: CaseAccess) -> Response | None:
    if access.staff is None:
        return problem(403, "forbidden", "Invites are the staff's to see.")
    if request.method != "GET" and access.viewer.who.role not in INVITING_ROLES:
        return problem(403, "forbidden", "Only the chair or the social worker can do this.")
    return None


def listing(invite: InviteSummary, board: Board, now: datetime) -> InviteListing:
    """An invite as the chair's list shows it, with who joined and whom they were let in
    as (pure)."""
    # A person let in as someone new has their lobby place as their id and no
    # joined_as: device_of is the lobby place for both.
    let_in = {
        device_of(p): p.name for m in board.meetings.values() for p in m.participants.values()
    }
    person = board.people.get(invite.person_id) if invite.person_id else None
    return InviteListing(
        invite_id=invite.invite_id,
        code_ends=invite.code_ends,
        role=invite.role,
        person_id=invite.person_id,
        person_name=person.name if person else None,
        for_open_meeting=invite.meeting_id is not None
        and invite.meeting_id == board.open_meeting_id,
        issued_by=invite.issued_by,
        issued_at=invite.issued_at,
        expires_at=invite.expires_at,
        expired=now >= invite.expires_at,
        revoked=invite.revoked,
        joined=[
            InviteJoin(j.joined_as, j.name, j.at, let_in.get(j.joined_as)) for j in invite.joined
        ],
    )


@case_api
async def invites(request: Request, access: CaseAccess) -> Response:
    """GET: the case's invites, newest first. POST: make one (board.web.api)."""
    if request.method == "POST":
        return await make_invite(request, access)
    refused = _refusal(request, access)
    if refused is not None:
        return refused
    services: Services = request.app.state.services

    def read() -> list[InviteListing]:
        board = services.application.board(access.case_id)
        now = datetime.now(UTC)
        return [listing(i, board, now) for i in services.invites.of_case(access.case_id)]

    return json_response(await run_in_threadpool(read))


@case_api
async def revoke_invite(request: Request, access: CaseAccess) -> Response:
    """Revoke one of the case's invites; anyone still waiting with it is turned away."""
    refused = _refusal(request, access)
    if refused is not None:
        return refused
    services: Services = request.app.state.services
    invite_id = request.path_params["invite_id"]
    try:
        invite = await run_in_threadpool(services.invites.revoke_listed, access.case_id, invite_id)
    except InviteError as error:
        return problem(404, "no_such_invite", str(error))
    board = await run_in_threadpool(services.application.board, access.case_id)
    for joined in invite.joined:
        if board.admitted_as(joined.joined_as) is None:
            services.hub.turn_away(access.case_id, joined.joined_as, INVITE_REVOKED)
    summary = next(
        i
        for i in await run_in_threadpool(services.invites.of_case, access.case_id)
        if i.invite_id == invite_id
    )
    return json_response(listing(summary, board, datetime.now(UTC)))


@case_api
async def lobby(request: Request, access: CaseAccess) -> Response:
    """Who is waiting to be let in (on every process), each with what the chair is
    offered: the person a named invite was for, or the person whose name they typed,
    to check (board.commands.people.lobby_proposal)."""
    if access.staff is None:
        return problem(403, "forbidden", "The lobby is the chair's to see.")
    services: Services = request.app.state.services
    board = await run_in_threadpool(services.application.board, access.case_id)
    waiting = []
    for present in services.hub.presence(access.case_id):
        if not present.in_lobby:
            continue
        offer = lobby_proposal(board, present.name, present.invited_as, present.role)
        waiting.append(
            Waiting(
                present.participant_id,
                present.name,
                present.role,
                present.invited_as,
                offer.person.person_id if offer.person else None,
                offer.role,
                offer.says.person_id if offer.says else None,
                offer.here,
            )
        )
    return json_response(waiting)


@case_api
async def turn_away(request: Request, access: CaseAccess) -> Response:
    """Turn away someone waiting in the lobby: they are told, and cannot wait again with
    that session. For whoever facilitates the meeting."""
    services: Services = request.app.state.services
    board = await run_in_threadpool(services.application.board, access.case_id)
    meeting = board.open_meeting
    staff = access.staff
    if (
        staff is None
        or staff.who.role not in (Role.CHAIR, Role.SOCIAL_WORKER)
        or (
            staff.who.role is not Role.CHAIR
            and (meeting is None or not facilitates(meeting.kind, staff.who))
        )
    ):
        return problem(403, "forbidden", "Only the person chairing the meeting can do this.")
    waiting = request.path_params["participant_id"]
    if not waiting.startswith("g-") or len(waiting) > 40:
        return problem(404, "not_waiting", "Nobody is waiting with that id.")
    if board.admitted_as(waiting) is not None:
        return problem(
            409,
            "already_admitted",
            "They are in the meeting: remove them from the meeting instead.",
        )
    await run_in_threadpool(services.lobby.turn_away, access.case_id, waiting)
    services.hub.turn_away(access.case_id, waiting, TURNED_AWAY)
    return Response(status_code=204)


routes = [
    Route("/api/cases/{case_id}/invites", invites, methods=["GET", "POST"]),
    Route("/api/cases/{case_id}/invites/{invite_id}/revoke", revoke_invite, methods=["POST"]),
    Route("/api/cases/{case_id}/lobby", lobby),
    Route("/api/cases/{case_id}/lobby/{participant_id}/turn-away", turn_away, methods=["POST"]),
]
