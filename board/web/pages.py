"""HTML pages: home, sign in and out, joining with an invite code."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from board.application.errors import NoSuchCase
from board.application.records import (
    InviteError,
    PlanLinkError,
    guest_name,
    invite_id_of,
    link_id_of,
)
from board.commands import INVITING_ROLES, PERMISSIONS, CommandRefused, command_name
from board.commands.case import NewChild
from board.commands.safety_plan import (
    BOTTOM_LINE_ROLES,
    CONTINGENCY_ROLES,
    PROFESSIONALS_PART_ROLES,
)
from board.practice import (
    COLUMN_DOMAINS,
    COLUMN_HEADINGS,
    DRAWING_COLOURS,
    DRAWING_POINT_LIMIT,
    DRAWING_SIZE,
    DRAWING_STROKE_LIMIT,
    FAMILY_AND_NETWORK,
    FRAMEWORK_NAMES,
    HOUSE_NAMES,
    HOUSE_PICTURES,
    ITEM_KIND_NAMES,
    MEETING_KINDS,
    MEETING_NAMES,
    NAME_LIMIT,
    PICTURES,
    PLAN_COPY_NAMES,
    PLAN_PART_NAMES,
    PLAN_PARTS,
    PLAN_RULE_NAMES,
    ROLE_NAMES,
    SCALE_HINTS,
    SCORE_MAX,
    SCORE_MIN,
    SOURCE_KIND_NAMES,
    SOURCE_KIND_SAID,
    STAFF_ROLES,
    TEXT_LIMIT,
    Domain,
    Framework,
    PlanRuleKind,
    Role,
    danger_statement_words,
    domain_heading,
    goal_shows,
    harm_statement_words,
    plan_purpose,
    plan_words,
    role_names,
    safety_goal_words,
    scale_words,
)
from board.projections.help_words import domain_help, framework_words, help_words
from board.projections.undo import UNDO_DEPTH
from board.timescales import day_in_england
from board.web.attempts import WINDOW
from board.web.auth import hold_plan_link, join_as_guest, sign_in_staff
from board.web.caseload import CaseRequest, open_new_case
from board.web.gate import CaseAccess, case_page
from board.web.services import Services
from board.web.site import local_path
from board.web.viewers import Guest, PlanReader, Staff


def _roles(roles: frozenset[Role]) -> list[str]:
    return [role.value for role in Role if role in roles]


def board_words() -> dict[str, Any]:
    """Everything the browser needs to word and guard the board, taken from the practice
    vocabulary and the command rules, so the page script holds no table of its own."""
    return {
        "columns": [
            {
                "key": column.value,
                "heading": heading,
                "domains": [domain.value for domain in COLUMN_DOMAINS[column]],
            }
            for column, heading in COLUMN_HEADINGS.items()
        ],
        "frameworks": {
            framework.value: {
                "domains": {domain.value: domain_heading(framework, domain) for domain in Domain},
                "danger_statement": danger_statement_words(framework),
                "safety_goal": safety_goal_words(framework),
                "help": help_words(framework) + framework_words(framework),
                "domain_help": domain_help(framework),
                "plan": plan_words(framework),
                # Roles as the framework names them: the family keyworker in early help,
                # the independent reviewing officer for a looked-after child.
                "roles": {role.value: name for role, name in role_names(framework).items()},
                # What the plan is for and what a goal shows, in the framework's terms
                # (W4, W6, W7); "{child}" is the child's name, put in by the page.
                "plan_purpose": plan_purpose(framework, "{child}"),
                "goal_shows": goal_shows(framework),
                "harm": harm_statement_words(framework)._asdict(),  # W3
                "scale": scale_words(framework),
                "scale_hints": SCALE_HINTS[framework],  # W34
                # A list, not an object: the meetings in the order a case meets them.
                "meetings": [
                    [kind.value, MEETING_NAMES[kind]] for kind in MEETING_KINDS[framework]
                ],
            }
            for framework in Framework
        },
        "roles": {role.value: name for role, name in ROLE_NAMES.items()},
        "staff_roles": _roles(STAFF_ROLES),
        "family_and_network": _roles(FAMILY_AND_NETWORK),
        "inviting_roles": _roles(INVITING_ROLES),
        "invitable_roles": _roles(frozenset(Role) - STAFF_ROLES),
        "bottom_line_roles": _roles(BOTTOM_LINE_ROLES),
        "meetings": {kind.value: name for kind, name in MEETING_NAMES.items()},
        "plan_rule_kinds": {kind.value: name for kind, name in PLAN_RULE_NAMES.items()},
        # A list, not an object: the page's words are sent with their keys sorted.
        "plan_copies": [[copy.value, name] for copy, name in PLAN_COPY_NAMES.items()],
        "pictures": [[key, name] for key, name in PICTURES.items()],  # Words and Pictures
        "plan_parts": [
            {"key": part.value, "name": PLAN_PART_NAMES[part], "kinds": [k.value for k in kinds]}
            for part, kinds in PLAN_PARTS.items()
        ],
        "kind_roles": {
            PlanRuleKind.BOTTOM_LINE.value: _roles(BOTTOM_LINE_ROLES),
            PlanRuleKind.CONTINGENCY.value: _roles(CONTINGENCY_ROLES),
            PlanRuleKind.PROFESSIONALS.value: _roles(PROFESSIONALS_PART_ROLES),
        },
        # A list, not an object: the page's words are sent with their keys sorted.
        "houses": [
            {"key": house.value, "name": name, "picture": HOUSE_PICTURES[house]}
            for house, name in HOUSE_NAMES.items()
        ],
        "drawing": {
            "size": DRAWING_SIZE,
            "points": DRAWING_POINT_LIMIT,
            "strokes": DRAWING_STROKE_LIMIT,
            "colours": DRAWING_COLOURS,
        },
        "item_kinds": {kind.value: name for kind, name in ITEM_KIND_NAMES.items()},
        # Who an item came from (E66): a list, in the form's order; and how a card says it.
        "source_kinds": [[kind.value, name] for kind, name in SOURCE_KIND_NAMES.items()],
        "source_said": {kind.value: said for kind, said in SOURCE_KIND_SAID.items()},
        "permissions": {
            command_name(command): _roles(roles) for command, roles in PERMISSIONS.items()
        },
        "limits": {
            "text": TEXT_LIMIT,
            "name": NAME_LIMIT,
            "score_min": SCORE_MIN,
            "score_max": SCORE_MAX,
            "undo_depth": UNDO_DEPTH,
        },
    }


BOARD_WORDS: dict[str, Any] = board_words()


def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    services: Services = request.app.state.services
    return services.templates.TemplateResponse(
        request,
        template,
        {"role_names": ROLE_NAMES, "name_limit": NAME_LIMIT, **context},
        status_code=status,
    )


def _wait(response: Response) -> Response:
    """A 429 says how long to wait (the window guesses are counted in), for scripts."""
    response.headers["Retry-After"] = str(int(WINDOW))
    return response


def _address(request: Request) -> str:
    """The client's address (a trusted proxy's X-Forwarded-For: board.web.proxies)."""
    return request.client.host if request.client else "unknown"


async def home(request: Request) -> Response:
    services: Services = request.app.state.services
    viewer = await services.viewer(request)
    if isinstance(viewer, Guest):
        return RedirectResponse(request.url_for("phone", case_id=str(viewer.case_id)), 303)
    if isinstance(viewer, PlanReader):
        return RedirectResponse(request.url_for("fridge_plan", case_id=str(viewer.case_id)), 303)
    cases = []
    due: list[Any] = []
    if isinstance(viewer, Staff):
        cases = await run_in_threadpool(services.application.cases_for, viewer.username)
        today = day_in_england(services.application.clock())
        due = await run_in_threadpool(services.application.due_soon_for, viewer.username, today)
    return render(
        request,
        "home.html",
        who=viewer,
        cases=cases,
        due=due,
        frameworks=FRAMEWORK_NAMES,
        error=None,
    )


CHILD_ROWS = 4  # a sibling group of up to four on the form; the API takes more


async def open_case_form(request: Request) -> Response:
    """The home page's "Open a case" form."""
    services: Services = request.app.state.services
    viewer = await services.viewer(request)
    if not isinstance(viewer, Staff):
        return RedirectResponse(request.url_for("signin"), 303)
    form = await request.form()
    children = []
    error = None
    for n in range(CHILD_ROWS):
        name = str(form.get(f"child_{n}_name", "")).strip()
        age = str(form.get(f"child_{n}_age", "")).strip()
        if name:
            # An age the form cannot read is refused, never dropped ("²", "seven").
            if age and not (age.isascii() and age.isdigit() and len(age) <= 3):
                error = f"The age of child {n + 1} is a whole number of years, such as 6."
                break
            children.append(NewChild(name=name, age=int(age) if age else None))
    try:
        if error is None:
            framework = Framework(str(form.get("framework", Framework.SAFETY.value)))
            body = CaseRequest(
                children=children,
                family_name=str(form.get("family_name", "")),
                framework=framework,
            )
            case_id = await open_new_case(services, viewer, body)
    except ValueError:
        error = "Please choose one of the frameworks listed."
    except CommandRefused as refused:
        error = refused.message
    if error is not None:
        cases = await run_in_threadpool(services.application.cases_for, viewer.username)
        return render(
            request,
            "home.html",
            400,
            who=viewer,
            cases=cases,
            frameworks=FRAMEWORK_NAMES,
            error=error,
        )
    return RedirectResponse(request.url_for("screen", case_id=case_id), 303)


PASSWORD_LIMIT = 1024
CODE_LIMIT = 20  # longer than any code the board makes, with room for spaces typed
_LONG_CODE = f"That is longer than any code (at most {CODE_LIMIT} characters). Please check it."


async def sign_in(request: Request) -> Response:
    if request.method == "GET":
        back = local_path(request.query_params.get("next"))
        return render(request, "signin.html", error=None, username="", next=back)
    services: Services = request.app.state.services
    form = await request.form()
    back = local_path(str(form.get("next", "")))  # the page they asked for, on this site
    username = str(form.get("username", "")).strip().lower()
    password = str(form.get("password", ""))
    # Refused, never cut: a cut password that happened to match would be a surprise.
    if len(username) > NAME_LIMIT or len(password) > PASSWORD_LIMIT:
        return render(
            request,
            "signin.html",
            400,
            username="",
            next=back,
            error=f"A username has at most {NAME_LIMIT} characters and a password at most "
            f"{PASSWORD_LIMIT:,}. Please check what you typed.",
        )
    ticket = await services.guesses.sign_in(username, _address(request))
    if ticket is None:
        return _wait(
            render(
                request,
                "signin.html",
                429,
                username=username,
                next=back,
                error="Too many attempts. Please wait ten minutes and try again.",
            )
        )
    account = await run_in_threadpool(services.accounts.verify, username, password)
    if account is None:
        return render(
            request,
            "signin.html",
            401,
            username=username,
            next=back,
            error="That username and password do not match. Please try again.",
        )
    await services.guesses.signed_in(ticket)
    sign_in_staff(request.session, account)
    return RedirectResponse(back or request.url_for("home"), 303)


async def sign_out(request: Request) -> Response:
    """Sign out: every session of a member of staff ends, on every device."""
    services: Services = request.app.state.services
    viewer = await services.viewer(request)
    if isinstance(viewer, Staff):
        await run_in_threadpool(services.accounts.end_sessions, viewer.username)
        services.forget_accounts()
    request.session.clear()
    return RedirectResponse(request.url_for("home"), 303)


async def join(request: Request) -> Response:
    services: Services = request.app.state.services
    if request.method == "GET":
        code = request.query_params.get("code", "")
        if len(code) > CODE_LIMIT:
            return render(request, "join.html", 400, error=_LONG_CODE, code="", name="")
        return render(request, "join.html", error=None, code=code, name="")
    form = await request.form()
    code = str(form.get("code", ""))
    if len(code) > CODE_LIMIT:
        return render(request, "join.html", 400, error=_LONG_CODE, code="", name="")
    offered = " ".join(str(form.get("name", "")).split())
    name_problem = None
    try:
        name = guest_name(offered)
    except InviteError as error:  # refused, never cut: the person can put it right
        if offered:
            return render(request, "join.html", 400, code=code, name=offered, error=str(error))
        name, name_problem = "", str(error)  # a named invite knows who it is for
    ticket = await services.guesses.join(_address(request))
    if ticket is None:
        return _wait(
            render(
                request,
                "join.html",
                429,
                code=code,
                name=name,
                error="Too many codes tried. Please wait ten minutes, then try again.",
            )
        )
    try:
        invite = await run_in_threadpool(services.invites.redeem, code)
        board = await run_in_threadpool(services.application.board, invite.case_id)
        # A code made during a meeting is for that meeting only.
        if invite.meeting_id is not None and board.open_meeting_id != invite.meeting_id:
            raise InviteError(
                "That code was for another meeting. Please ask the chair for today's code.",
                "invite_other_meeting",
            )
        if invite.person_id is not None:
            person = board.people.get(invite.person_id)
            if person is None or person.retired:
                raise InviteError(
                    "That invite is no longer valid. Please ask the chair.", "invite_unknown"
                )
            name = name or person.name
    except InviteError as error:
        return _join_refused(request, code, name, error)
    except NoSuchCase:  # erased since the code was made
        return _join_refused(request, code, name, InviteError(_WRONG_CODE, "invite_unknown"))
    await services.guesses.joined(ticket)  # a right code: not a guess
    if not name:
        return render(request, "join.html", 400, code=code, name="", error=name_problem)
    invite_id = invite_id_of(code)
    viewer = await services.viewer(request)
    if invite.person_id is not None and isinstance(viewer, Guest) and viewer.invite_id == invite_id:
        # The device this named invite works on, joining again: it carries on as it was.
        return RedirectResponse(request.url_for("phone", case_id=str(invite.case_id)), 303)
    joined_as = join_as_guest(
        request.session, invite, name, invite_id=invite_id, meeting_id=board.open_meeting_id
    )
    try:
        if invite.person_id is not None:  # a named invite works on one device only
            on = await run_in_threadpool(services.invites.claim, code, joined_as)
            if on != joined_as:
                request.session.clear()
                return _join_refused(request, code, name, InviteError(_USED, "invite_used"))
        # The chair's list of invites says who joined with each.
        await run_in_threadpool(services.invites.used, code, invite, joined_as, name)
    except NoSuchCase:  # erased since the code was read
        request.session.clear()
        return _join_refused(request, code, name, InviteError(_WRONG_CODE, "invite_unknown"))
    return RedirectResponse(request.url_for("phone", case_id=str(invite.case_id)), 303)


_WRONG_CODE = "That code is not right. Please check it with the chair."
_USED = (
    "That invite was made for one person and has been used on another device already. "
    "If that was you, ask the chair to let this device in instead: join with the "
    "meeting's code for anyone (on the wall), and the chair will check it is you."
)


def _join_refused(request: Request, code: str, name: str, error: InviteError) -> Response:
    """The join form again, with why (and its code, for scripts and tests)."""
    response = render(request, "join.html", 400, code=code, name=name, error=str(error))
    response.headers["X-Board-Error"] = error.code
    return response


async def open_plan_link(request: Request) -> Response:
    """A personal link to the family's plan: remember it, and show the plan. A member of
    staff signed in on this browser keeps their own session and just sees the plan."""
    services: Services = request.app.state.services
    token = request.path_params["token"]
    viewer = await services.viewer(request)
    ticket = await services.guesses.join(_address(request))  # counted as codes are
    if ticket is None:
        message = "Too many links tried. Please wait ten minutes, then try again."
        return _wait(render(request, "plan_link_ended.html", 429, message=message))
    try:
        _, link = await run_in_threadpool(
            services.plan_links.redeem, token, services.application.clock()
        )
    except PlanLinkError as error:
        return render(request, "plan_link_ended.html", 403, message=str(error))
    await services.guesses.joined(ticket)
    if not isinstance(viewer, Staff):
        hold_plan_link(request.session, link_id_of(token), link.case_id)
    return RedirectResponse(request.url_for("fridge_plan", case_id=str(link.case_id)), 303)


def _case_page(
    request: Request, access: CaseAccess, mode: str, framework: Framework | None = None
) -> Response:
    """The page the board's script draws into. Staff are named by their role as the
    case's framework says it ("Amira Khan, family keyworker" in early help); a phone
    holds nothing of the case until its socket lets it in, so it is not read for one."""
    extra: dict[str, Any] = {} if framework is None else {"role_names": role_names(framework)}
    return render(
        request,
        "case.html",
        who=access.viewer,
        case_id=access.case_id,
        mode=mode,
        words=BOARD_WORDS,
        **extra,
    )


async def _framework(request: Request, access: CaseAccess) -> Framework:
    services: Services = request.app.state.services
    board = await run_in_threadpool(services.application.board, access.case_id)
    return board.framework


async def _screen(request: Request, access: CaseAccess) -> Response:
    if access.is_guest:
        return RedirectResponse(request.url_for("phone", case_id=str(access.case_id)), 303)
    return _case_page(request, access, "screen", await _framework(request, access))


async def _wall(request: Request, access: CaseAccess) -> Response:
    if access.is_guest:  # a wall is staff's to put up, as its socket is
        return RedirectResponse(request.url_for("phone", case_id=str(access.case_id)), 303)
    return _case_page(request, access, "wall", await _framework(request, access))


async def _phone(request: Request, access: CaseAccess) -> Response:
    return _case_page(request, access, "phone")


# The shared screen: the chair's wall view and facilitation.
screen = case_page(_screen)
# The wall on its own (another window or device): the room's view, led by the chair's
# presenter view, with no control on it and nobody's name from the lobby.
wall = case_page(_wall)
# A participant's own device: lobby, the board, scaling, proposing plan rules. It holds
# nothing of the case until the websocket lets its holder in.
phone = case_page(_phone, may_wait=True)


routes = [
    Route("/", home, name="home"),
    Route("/signin", sign_in, methods=["GET", "POST"], name="signin"),
    Route("/signout", sign_out, methods=["POST"], name="signout"),
    Route("/cases", open_case_form, methods=["POST"], name="open_case"),
    Route("/join", join, methods=["GET", "POST"], name="join"),
    Route("/plan-links/{token}", open_plan_link, name="plan_link"),
    Route("/cases/{case_id}", screen, name="screen"),
    Route("/cases/{case_id}/phone", phone, name="phone"),
    Route("/cases/{case_id}/wall", wall, name="wall"),
]
