"""The one gate: may this viewer open this case, now?

Every route that shows anything of a case asks here first (pages, the JSON API,
records and their PDF, exports, the websocket), and nowhere else:
- nobody signed in: 401;
- a case that does not exist, was erased, or is not the viewer's to see: 404, said
  the same way, so a guess learns nothing;
- a guest who is not in the case's open meeting (waiting in the lobby, removed, or
  the meeting closed): 403. Only the websocket lets them wait in the lobby.
What the viewer then sees of the case is the visibility rule's to say
(board.projections.visibility), through `CaseAccess.audience`.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlencode
from uuid import UUID

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from board.events import Author
from board.projections.visibility import Audience
from board.web.answers import Problem
from board.web.services import Services
from board.web.viewers import Guest, PlanReader, Staff, Viewer


class Refusal(Exception):
    """Why a viewer may not open a case: an HTTP status, a code and plain words."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


NOT_SIGNED_IN = Refusal(401, "not_signed_in", "Please sign in first.")
NO_SUCH_CASE = Refusal(404, "case_not_found", "There is no such case.")
NOT_ADMITTED = Refusal(
    403, "not_admitted", "You can see the board only while the chair has you in the meeting."
)


UNAVAILABLE = Refusal(
    503, "unavailable", "The board cannot reach its database just now. Please try again."
)
PLAN_ONLY = Refusal(
    403, "plan_only", "This link opens the family's plan only. Please ask the social worker."
)
LINK_ENDED = Refusal(
    403,
    "link_ended",
    "This link to the plan has expired or was cancelled. Please ask the social worker "
    "for a new one.",
)
NOT_ALLOCATED = Refusal(
    403,
    "not_allocated",
    "This case is not allocated to you. Ask the team manager if you need to see it.",
)


@dataclass(frozen=True)
class CaseAccess:
    """A viewer who may open a case; `admitted` is False only for a guest the
    websocket keeps waiting in the lobby."""

    viewer: Viewer
    case_id: UUID
    admitted: bool = True

    @property
    def audience(self) -> Audience:
        return self.viewer.audience

    @property
    def is_guest(self) -> bool:
        """Anyone who is not staff: they see the case as a guest may."""
        return not isinstance(self.viewer, Staff)

    @property
    def plan_only(self) -> bool:
        return isinstance(self.viewer, PlanReader)

    @property
    def staff(self) -> Staff | None:
        return self.viewer if isinstance(self.viewer, Staff) else None


def may_open(viewer: Viewer, case_id: UUID, case_exists: bool, admitted: bool) -> Refusal | None:
    """The rule itself, pure: None if the viewer may open the case. `admitted` is, for
    staff, whether they are allocated to the case; for a guest, whether they are in its
    open meeting."""
    if not case_exists:
        return NO_SUCH_CASE
    if isinstance(viewer, Staff) and not admitted:
        return NOT_ALLOCATED
    if isinstance(viewer, Guest | PlanReader):
        if viewer.case_id != case_id:
            return NO_SUCH_CASE
        if not admitted:
            return NOT_ADMITTED if isinstance(viewer, Guest) else LINK_ENDED
    return None


async def open_case(
    services: Services,
    connection: HTTPConnection,
    *,
    may_wait: bool = False,
    plan_link: bool = False,
) -> CaseAccess:
    """The viewer and the case named in the path, or a Refusal. With `may_wait`, a guest
    of this case who is not admitted is let through, not admitted (the lobby), unless the
    chair turned them away or their invite was revoked. With `plan_link`, the route is
    the family's plan: the one route a personal plan link opens, while it is valid."""
    found = await services.viewer(connection)
    if found is None:
        raise NOT_SIGNED_IN
    viewer: Viewer = found
    try:
        case_id = UUID(connection.path_params["case_id"])
    except (KeyError, ValueError):
        raise NO_SUCH_CASE from None
    if isinstance(viewer, Guest | PlanReader) and viewer.case_id != case_id:
        raise NO_SUCH_CASE  # before any read: another case's guest learns nothing
    if isinstance(viewer, PlanReader) and not plan_link:
        raise PLAN_ONLY
    # The store's faults are the application's (NoSuchCase, Unavailable), answered
    # where the app is made (board.web.app) as NO_SUCH_CASE and UNAVAILABLE are here.
    exists = await run_in_threadpool(services.application.head, case_id) > 0
    admitted = False
    if isinstance(viewer, Guest) and exists:
        viewer, admitted = await admitted_guest(services, viewer)
        if not admitted and may_wait:
            why = await run_in_threadpool(services.lobby_refusal, viewer)
            if why is not None:
                raise Refusal(403, "turned_away", why)
    elif isinstance(viewer, PlanReader) and exists:
        viewer, admitted = await run_in_threadpool(plan_reader, services, viewer)
    elif isinstance(viewer, Staff) and exists:
        allocated = await run_in_threadpool(
            services.application.allocation, case_id, viewer.username
        )
        admitted = allocated is not None
    waiting = may_wait and isinstance(viewer, Guest)
    refusal = may_open(viewer, case_id, exists, admitted or waiting)
    if refusal is not None:
        raise refusal
    if isinstance(viewer, Staff):
        # The case's access record: who, what (the path, with the case's id taken
        # out), when; never what they saw.
        what = connection.url.path.replace(str(case_id), "{case}")
        try:
            await run_in_threadpool(
                services.application.record_access, case_id, viewer.username, what
            )
        except Exception:  # no record, no reading: the record of who looked must hold
            raise UNAVAILABLE from None
    return CaseAccess(viewer, case_id, admitted)


async def admitted_guest(services: Services, guest: Guest) -> tuple[Guest, bool]:
    """The guest as the person the chair let them in as, and whether they are in the
    case's open meeting now."""
    person = await run_in_threadpool(
        services.application.admitted_as, guest.case_id, guest.joined_as
    )
    if person is None:
        return guest, False
    who = Author(person.participant_id, person.name, person.role)
    return dataclasses.replace(guest, who=who), True


def plan_reader(services: Services, reader: PlanReader) -> tuple[PlanReader, bool]:
    """The reader as the person their link was made for, and whether it reads the plan
    now: not revoked, not expired (by the application's clock), for this case, and for
    someone who is still one of the case's people."""
    link = services.plan_links.valid(reader.link_id, services.application.clock())
    if link is None or link.case_id != reader.case_id:
        return reader, False
    person = services.application.board(reader.case_id).people.get(link.person_id)
    if person is None or person.retired:
        return reader, False
    who = Author(person.person_id, person.name, person.role)
    return dataclasses.replace(reader, who=who), True


CaseHandler = Callable[[Request, CaseAccess], Awaitable[Response]]


def problem(status: int, code: str, message: str) -> JSONResponse:
    """A refusal as JSON: a `Problem`."""
    return JSONResponse(msgspec.structs.asdict(Problem(code, message)), status_code=status)


def refused(request: Request, refusal: Refusal) -> Response:
    """A refusal answered: a JSON problem under /api/, else a page that says so."""
    if request.url.path.startswith("/api/"):
        return problem(refusal.status, refusal.code, refusal.message)
    services: Services = request.app.state.services
    template = {404: "not_found.html", 503: "unavailable.html"}.get(
        refusal.status, "not_admitted.html"
    )
    if refusal in (PLAN_ONLY, LINK_ENDED):
        template = "plan_link_ended.html"
    return services.templates.TemplateResponse(
        request, template, {"message": refusal.message}, status_code=refusal.status
    )


def case_api(handler: CaseHandler) -> Callable[[Request], Awaitable[Response]]:
    """A JSON route of one case: the gate first; a refusal is a JSON problem."""

    @functools.wraps(handler)
    async def gated(request: Request) -> Response:
        services: Services = request.app.state.services
        try:
            access = await open_case(services, request)
        except Refusal as refusal:
            return problem(refusal.status, refusal.code, refusal.message)
        return await handler(request, access)

    return gated


def case_page(
    handler: CaseHandler, *, may_wait: bool = False, plan_link: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    """An HTML page of one case: the gate first; nobody signed in is sent to sign in,
    a refusal is a page that says so plainly. `may_wait`: the page holds nothing of the
    case itself (the live board's shell), so a guest may open it to wait in the lobby.
    `plan_link`: the family's plan, which a personal plan link may read."""

    @functools.wraps(handler)
    async def gated(request: Request) -> Response:
        services: Services = request.app.state.services
        try:
            access = await open_case(services, request, may_wait=may_wait, plan_link=plan_link)
        except Refusal as refusal:
            if refusal.status == 401:  # back here once signed in (a local path only)
                asked = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                back = urlencode({"next": asked})
                return RedirectResponse(f"{request.url_for('signin')}?{back}", 303)
            return refused(request, refusal)
        return await handler(request, access)

    return gated
