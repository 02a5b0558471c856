"""The join screen's QR code: the address a phone opens to join the meeting with a
code, as an SVG the chair puts on the wall beside the code in large type.

Made by segno (a maintained QR library) on the server, so the browser draws an image
and runs no QR code of its own. Staff only, through the one gate, and only for the
open meeting's code for anyone: never a named invite's (that is one person's). The code is in the
query string: the server keeps no access log of paths (board serve: access_log=False).
"""

from __future__ import annotations

import io
import re
from uuid import UUID

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from board.application.records import InviteError
from board.web.gate import CaseAccess, case_page
from board.web.services import Services

# An invite code: KQ7M2XPD, or as people see it, KQ7M-2XPD (board.storage.invites.display).
CODE = re.compile(r"[A-Z0-9]{8}")


def join_address(request: Request, code: str) -> str:
    """The address behind the code, exactly as the invites API gives it out."""
    return str(request.url_for("join")) + f"?code={code}"


def qr_svg(address: str) -> bytes:
    """The address as a QR code, black on white, with a quiet zone; error correction
    at Q so a projector's glare or a keystoned wall still reads."""
    import segno  # on first need: only the join screen draws a QR code

    qr = segno.make_qr(address, error="q")
    out = io.BytesIO()
    qr.save(
        out,
        kind="svg",
        scale=10,
        border=4,
        dark="#0b0c0c",
        light="#ffffff",
        xmldecl=False,
        title="QR code: the address to join the meeting",
    )
    return out.getvalue()


async def _join_code(request: Request, access: CaseAccess) -> Response:
    if access.staff is None:  # invites are staff's, as in the invites API
        return PlainTextResponse("Only the chair or the social worker shows the code.", 403)
    code = request.query_params.get("code", "").strip().upper().replace("-", "")
    if not CODE.fullmatch(code):
        return PlainTextResponse("That is not an invite code, for example KQ7M-2XPD.", 400)
    services: Services = request.app.state.services
    if not await run_in_threadpool(for_anyone_now, services, access.case_id, code):
        return PlainTextResponse(NOT_FOR_THE_WALL, 404)
    return Response(
        qr_svg(join_address(request, code)),
        media_type="image/svg+xml",
        headers={"Cache-Control": "no-store"},
    )


NOT_FOR_THE_WALL = (
    "The wall shows only the open meeting's code for anyone: make one under "
    "\u201cInvite someone\u201d, for anyone, while the meeting is open."
)


def for_anyone_now(services: Services, case_id: UUID, code: str) -> bool:
    """Whether the code is one the wall may show: this case's, for anyone (a named
    invite's code is that person's alone), made for the meeting open now, and still
    valid."""
    try:
        invite = services.invites.redeem(code)
    except InviteError:
        return False
    if invite.case_id != case_id or invite.person_id is not None:
        return False
    board = services.application.board(case_id)
    return board.open_meeting_id is not None and invite.meeting_id == board.open_meeting_id


join_code = case_page(_join_code)

routes = [Route("/cases/{case_id}/join-code.svg", join_code, name="join_code")]
