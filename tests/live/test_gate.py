"""The one gate, tested route by route from the server's own route table: a new route
under a case that skips the gate fails here, and so does a new route outside a case
that is not named below as holding nothing of any case.

Who may open a case's pages, API, records and websocket:
- nobody signed in: 401 (pages send people to sign in);
- a guest of another case: 404, as for a case that does not exist;
- a guest who joined but was never let in, who was removed, or whose meeting closed:
  403; only the phone's page (a shell holding nothing of the case) and the websocket
  (the lobby) let them wait;
- a guest in the meeting: the board, as a guest may see it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import httpx
import pytest
import websockets
from live import STAFF_PASSWORD, LiveServer, prepare_store, running_server, staff
from starlette.routing import Mount, Route, WebSocketRoute
from websockets.exceptions import InvalidStatus

from board.cli.demo import write_demo_case
from board.client import BoardClient, ClientError
from board.commands import AdmitParticipant, CloseMeeting, LeaveMeeting, OpenMeeting
from board.practice import MeetingKind, Role
from board.storage.plan_links import PlanLinks
from board.storage.store import CaseStore
from board.web.app import ROUTES

# Routes that hold nothing of any case, so need no gate.
OUTSIDE_ANY_CASE = {
    "/",
    "/cases",  # the home page's "open a case" form
    "/api/cases",  # my cases (from the case list), and opening one
    "/api/accounts",  # administrators only, and no case in them
    "/api/accounts/{username}/disable",
    "/api/accounts/{username}/enable",
    "/signin",
    "/signout",
    "/join",
    "/plan-links/{token}",  # a personal plan link: sets who is asking, then the plan's page
    "/healthz",
    "/api/session",
    "/api/openapi.json",  # the API described: types and routes, no case data
    "/static",
    "/favicon.ico",  # the board's icon
}
# Case routes a guest may open while waiting to be let in: they hold nothing of the case.
WAITING_ALLOWED = {"/cases/{case_id}/phone", "/ws/cases/{case_id}"}


@dataclass(frozen=True)
class CaseRoute:
    path: str
    method: str  # GET, POST or WS
    page: bool  # an HTML page (401 is a redirect to sign in)


def case_routes() -> list[CaseRoute]:
    found = []
    for route in ROUTES:
        if isinstance(route, Mount):
            assert route.path in OUTSIDE_ANY_CASE, f"{route.path} is mounted outside the gate"
            continue
        assert isinstance(route, Route | WebSocketRoute)
        if "{case_id}" not in route.path:
            assert route.path in OUTSIDE_ANY_CASE, (
                f"{route.path} is neither a case route (through the gate) nor known to hold "
                "nothing of any case"
            )
            continue
        if isinstance(route, WebSocketRoute):
            found.append(CaseRoute(route.path, "WS", False))
            continue
        methods = route.methods or {"GET"}
        method = "GET" if "GET" in methods else sorted(methods)[0]
        found.append(CaseRoute(route.path, method, not route.path.startswith("/api/")))
    return found


CASE_ROUTES = case_routes()


def test_the_route_table_has_the_case_routes_we_know() -> None:
    # A floor, not the list: every case route found is tested below.
    paths = {r.path for r in CASE_ROUTES}
    assert {
        "/cases/{case_id}",
        "/cases/{case_id}/phone",
        "/cases/{case_id}/record.pdf",
        "/api/cases/{case_id}/state",
        "/api/cases/{case_id}/events",
        "/ws/cases/{case_id}",
    } <= paths


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("gate") / "board.sqlite3")


@pytest.fixture(scope="module")
def server(
    store_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, UUID, UUID]]:
    url = store_url
    case_id = prepare_store(url)
    store = CaseStore(url)
    try:
        other_case = write_demo_case(store)
        # The demo's ids are the same in every demo case: a thread and a person of both.
        board = store.board_at(case_id)
        PATH_PARAMS["{thread_id}"] = next(iter(board.danger_statements))
        PATH_PARAMS["{person_id}"] = next(iter(board.people))
    finally:
        store.close()
    with running_server(url, tmp_path_factory.mktemp("logs")) as live:
        yield live, case_id, other_case


Answer = int | str
# What a case route's other parameters are filled with (a thread, a person of the case).
PATH_PARAMS: dict[str, str] = {}


async def answer(live: LiveServer, route: CaseRoute, case_id: UUID, cookie: str | None) -> Answer:
    """The status a route gives this cookie: for the websocket, 101 if it was let in; a
    redirect as where it leads ("to signin")."""
    path = route.path.replace("{case_id}", str(case_id))
    for name, value in PATH_PARAMS.items():
        path = path.replace(name, value)
    headers = {"Origin": live.url}
    if cookie:
        headers["Cookie"] = cookie
    if route.method == "WS":
        return await _socket_answer(live, path, headers)
    async with httpx.AsyncClient() as http:
        response = await http.request(
            route.method, live.url + path, headers=headers, json={}, follow_redirects=False
        )
    if response.status_code == 303:
        # Where it leads, without the page to come back to ("/signin?next=...").
        return "to " + response.headers["location"].split("?", 1)[0].rsplit("/", 1)[-1]
    return response.status_code


async def _socket_answer(live: LiveServer, path: str, headers: dict[str, str]) -> int:
    url = live.url.replace("http://", "ws://") + path
    try:
        async with websockets.connect(url, additional_headers=headers) as socket:
            welcome = await asyncio.wait_for(socket.recv(), 10)
            assert '"type":"welcome"' in str(welcome)
            return 101
    except InvalidStatus as refused:
        return refused.response.status_code


async def expect_all(
    live: LiveServer, case_id: UUID, cookie: str | None, expected: dict[str, Answer], default: int
) -> None:
    got = {r.path: await answer(live, r, case_id, cookie) for r in CASE_ROUTES}
    want = {r.path: _as_answered(r, expected.get(r.path, default)) for r in CASE_ROUTES}
    assert got == want


def _as_answered(route: CaseRoute, status: Answer) -> Answer:
    """A websocket refused by the gate is refused at the upgrade, always with 403 (a
    browser is told no more than that)."""
    return 403 if route.method == "WS" and status in (401, 403, 404) else status


def anonymous_answer(route: CaseRoute) -> Answer:
    if route.method == "WS":
        return 403
    return "to signin" if route.page else 401


async def test_nobody_signed_in_opens_nothing(server: tuple[LiveServer, UUID, UUID]) -> None:
    live, case_id, _ = server
    got = {r.path: await answer(live, r, case_id, None) for r in CASE_ROUTES}
    assert got == {r.path: anonymous_answer(r) for r in CASE_ROUTES}


async def _chair(live: LiveServer, case_id: UUID) -> BoardClient:
    chair = await staff(live, case_id)
    board = chair.board
    assert board is not None
    if board.open_meeting_id is None:
        await chair.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    return chair


async def test_a_guest_reads_only_while_in_the_meeting(
    server: tuple[LiveServer, UUID, UUID],
) -> None:
    live, case_id, other_case = server
    chair = await _chair(live, case_id)
    try:
        code = await chair.create_invite(case_id, Role.PARENT)
        jess = BoardClient(live.url)
        await jess.join(code, "Jess")
        waiting: dict[str, Answer] = {
            path: 200 if path != "/ws/cases/{case_id}" else 101 for path in WAITING_ALLOWED
        }

        # Joined with a code, never let in: nothing but the lobby.
        await expect_all(live, case_id, jess.cookie, waiting, 403)
        # Another case: as if it did not exist.
        await expect_all(live, other_case, jess.cookie, {}, 404)

        # Let in: the board, as a guest sees it; the raw record and invites stay staff's.
        await jess.connect(case_id)
        assert jess.welcome is not None
        jess_id = jess.welcome.participant_id
        await chair.send(AdmitParticipant(participant_id=jess_id, name="Jess", role=Role.PARENT))
        await jess.wait_for(lambda: jess.board is not None)
        admitted: dict[str, Answer] = {
            "/cases/{case_id}": "to phone",  # the shared screen is staff's
            "/cases/{case_id}/wall": "to phone",  # and so is the wall
            "/api/cases/{case_id}/events": 403,  # the raw record, the caseload and who
            "/api/cases/{case_id}/invites": 403,  # looked are staff's
            "/api/cases/{case_id}/staff": 403,
            "/api/cases/{case_id}/staff/{username}": 403,
            "/api/cases/{case_id}/access": 403,
            "/cases/{case_id}/join-code.svg": 403,  # the join screen's QR code, like invites
            "/cases/{case_id}/course": 403,  # the case's course is staff's
            "/api/cases/{case_id}/invites/{invite_id}/revoke": 403,  # invites, the lobby
            "/api/cases/{case_id}/lobby": 403,  # and plan links are staff's
            "/api/cases/{case_id}/lobby/{participant_id}/turn-away": 403,
            "/api/cases/{case_id}/plan-links": 403,
            "/api/cases/{case_id}/plan-links/{link_id}/revoke": 403,
            "/api/cases/{case_id}/diff": 400,  # in, but asked without ?from=
            "/ws/cases/{case_id}": 101,
        }
        await expect_all(live, case_id, jess.cookie, admitted, 200)

        # Removed by the chair: back to nothing.
        await chair.send(LeaveMeeting(participant_id=jess_id))
        await expect_all(live, case_id, jess.cookie, waiting, 403)

        # Let in again, then the meeting closes: nothing.
        await chair.send(AdmitParticipant(participant_id=jess_id, name="Jess", role=Role.PARENT))
        await expect_all(live, case_id, jess.cookie, admitted, 200)
        await chair.send(CloseMeeting())
        # Her session was for that meeting: it ends with it, lobby and all.
        await expect_all(live, case_id, jess.cookie, {}, 403)
        await jess.close()

        # The code was for that meeting: at the next one it lets nobody in.
        await chair.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
        latecomer = BoardClient(live.url)
        with pytest.raises(ClientError):
            await latecomer.join(code, "Jess")
        assert latecomer.cookie is None
    finally:
        await chair.close()


async def test_staff_open_only_the_cases_allocated_to_them(
    server: tuple[LiveServer, UUID, UUID],
) -> None:
    live, case_id, other_case = server  # the other case is allocated to none of them
    chair = BoardClient(live.url)
    await chair.sign_in("chair", STAFF_PASSWORD)
    await expect_all(
        live,
        case_id,
        chair.cookie,
        {
            "/api/cases/{case_id}/diff": 400,  # allocated, but asked without ?from=
            "/cases/{case_id}/join-code.svg": 400,  # allocated, but asked without a code
            "/api/cases/{case_id}/invites/{invite_id}/revoke": 404,  # no such invite, link
            "/api/cases/{case_id}/plan-links/{link_id}/revoke": 404,  # or waiting device
            "/api/cases/{case_id}/lobby/{participant_id}/turn-away": 404,
            "/api/cases/{case_id}/staff/{username}": 403,  # taking someone off is the manager's
            "/api/cases/{case_id}/access": 403,  # the access record is the manager's
            "/ws/cases/{case_id}": 101,
        },
        200,
    )
    await expect_all(live, other_case, chair.cookie, {}, 403)


async def test_a_plan_link_reads_the_plan_and_nothing_else(
    server: tuple[LiveServer, UUID, UUID],
) -> None:
    """A family member's personal link to the plan: the plan's page, and no other route
    of the table; after it is revoked, or once it has expired, not even that."""
    live, case_id, other_case = server
    worker = BoardClient(live.url)
    await worker.sign_in("worker", STAFF_PASSWORD)
    status, made = await worker.api(
        "POST", f"/api/cases/{case_id}/plan-links", {"person_id": "p-jess", "days": 30}
    )
    assert status == 201, made
    assert made["person_name"] == "Jess (mum)"

    jess = BoardClient(live.url)
    async with httpx.AsyncClient(cookies=jess.cookies.jar) as http:
        opened = await http.get(made["link"], follow_redirects=False)
    assert opened.status_code == 303
    assert opened.headers["location"].endswith(f"/cases/{case_id}/plan")
    assert jess.cookie is not None

    only_the_plan: dict[str, Answer] = {"/cases/{case_id}/plan": 200}
    await expect_all(live, case_id, jess.cookie, only_the_plan, 403)
    await expect_all(live, other_case, jess.cookie, {}, 404)
    async with httpx.AsyncClient() as http:
        plan = await http.get(
            f"{live.url}/cases/{case_id}/plan?at=start", headers={"Cookie": jess.cookie}
        )
        home = await http.get(
            f"{live.url}/", headers={"Cookie": jess.cookie}, follow_redirects=False
        )
    assert "Our plan to keep Lily safe" in plan.text
    assert 'aria-label="This case"' not in plan.text  # no way to the rest of the case
    # ?at= is not theirs to choose: the plan as it is now, never its history.
    assert "This is the plan as it is now." in plan.text
    assert "as it stood at now" not in plan.text
    assert home.headers["location"].endswith(f"/cases/{case_id}/plan")

    status, _ = await worker.api(
        "POST", f"/api/cases/{case_id}/plan-links/{made['link_id']}/revoke"
    )
    assert status == 204
    await expect_all(live, case_id, jess.cookie, {}, 403)
    status, links = await worker.api("GET", f"/api/cases/{case_id}/plan-links")
    assert [(link["person_name"], link["revoked"]) for link in links][:1] == [("Jess (mum)", True)]
    async with httpx.AsyncClient() as http:
        again = await http.get(made["link"], follow_redirects=False)
    assert again.status_code == 403


async def test_an_expired_plan_link_reads_nothing(
    server: tuple[LiveServer, UUID, UUID], store_url: str
) -> None:
    live, case_id, _ = server
    # A link made 31 days ago for 30 days (the clock of its making put back).
    store = CaseStore(store_url)
    try:
        token, _ = PlanLinks(store).issue(
            case_id, "p-pat", "staff-worker", 30, now=datetime.now(UTC) - timedelta(days=31)
        )
        fresh, _ = PlanLinks(store).issue(
            case_id, "p-pat", "staff-worker", 30, now=datetime.now(UTC) - timedelta(days=29)
        )
    finally:
        store.close()
    async with httpx.AsyncClient() as http:
        expired = await http.get(f"{live.url}/plan-links/{token}", follow_redirects=False)
        working = await http.get(f"{live.url}/plan-links/{fresh}", follow_redirects=True)
    assert expired.status_code == 403
    assert "expired" in expired.text
    assert working.status_code == 200
    assert "Our plan to keep Lily safe" in working.text
