"""Security headers on every answer, walked from the server's own route table, and
only the hosts the operator names served, against live servers."""

from __future__ import annotations

import asyncio
from pathlib import Path
from uuid import UUID

import httpx
import pytest
import websockets
from live import STAFF_PASSWORD, LiveServer, prepare_store, running_server
from shared_server import SharedServer
from starlette.routing import Mount, Route
from websockets.exceptions import InvalidStatus

from board.web.app import ROUTES

ALWAYS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


@pytest.fixture(scope="module")
def served(shared_server: SharedServer) -> tuple[LiveServer, UUID]:
    """The session's server and a demo case of this module's own."""
    return shared_server.live, shared_server.new_case()


def sign_in(client: httpx.Client, live: LiveServer) -> None:
    answer = client.post(
        "/signin",
        data={"username": "chair", "password": STAFF_PASSWORD},
        headers={"Origin": live.url},
    )
    assert answer.status_code == 303


def every_answer(case_id: UUID) -> list[tuple[str, str]]:
    """(method, path) for every HTTP route in the table, with its parameters filled."""
    asked = []
    for route in ROUTES:
        if isinstance(route, Route):
            path = route.path.format(
                case_id=case_id,
                username="worker",
                invite_id="no-such-invite",
                participant_id="g-000000000000",
                link_id="no-such-link",
                token="no-such-token-at-all",
                thread_id="demo0011",
                person_id="p-pat",
            )
            asked += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
        elif isinstance(route, Mount):
            asked += [("GET", f"{route.path}/board.css"), ("GET", f"{route.path}/missing.js")]
    asked.append(("GET", "/no-such-page"))
    return asked


def check_headers(answer: httpx.Response, path: str) -> None:
    where = f"{answer.request.method} {path} ({answer.status_code})"
    assert answer.status_code < 500, where
    for name, value in ALWAYS.items():
        assert answer.headers.get(name) == value, where
    policy = answer.headers.get("content-security-policy", "")
    directives = dict(d.strip().partition(" ")[::2] for d in policy.split(";"))
    assert directives.get("frame-ancestors") == "'none'", where
    assert directives.get("script-src") == "'self'", where
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where
    assert directives.get("default-src") == "'none'", where
    if not path.startswith("/static/"):
        # A case page must not stay in the cache of a family's shared phone.
        assert answer.headers.get("cache-control") == "no-store", where
    assert "strict-transport-security" not in answer.headers, where  # no BOARD_HTTPS here


@pytest.mark.parametrize("who", ["nobody", "chair"])
def test_every_page_and_api_answer_carries_the_security_headers(
    served: tuple[LiveServer, UUID], who: str
) -> None:
    live, case_id = served
    with httpx.Client(base_url=live.url, timeout=30) as client:
        if who == "chair":
            sign_in(client, live)
        asked = every_answer(case_id)
        assert len(asked) >= 25  # the walk reached the whole table
        for method, path in asked:
            # Without an Origin, every form and POST is refused: nothing changes.
            check_headers(client.request(method, path), path)


def test_a_case_page_is_not_kept_and_its_script_is_allowed(
    served: tuple[LiveServer, UUID],
) -> None:
    live, case_id = served
    with httpx.Client(base_url=live.url, timeout=30) as client:
        sign_in(client, live)
        page = client.get(f"/cases/{case_id}")
        assert page.status_code == 200
        assert page.headers["cache-control"] == "no-store"
        # The page's own script and style come from /static, which the policy allows.
        assert "/static/board.js" in page.text
        assert "onclick=" not in page.text and " style=" not in page.text
        for path in ("/record", "/plan", "/replay", "/compare"):
            text = client.get(f"/cases/{case_id}{path}").text
            assert "onclick=" not in text and "<script>" not in text, path


def test_a_wrong_host_gets_400_and_its_websocket_is_refused(
    served: tuple[LiveServer, UUID],
) -> None:
    live, case_id = served
    with httpx.Client(base_url=live.url, timeout=10) as client:
        for host in ("evil.example", "board.example.evil", "127.0.0.1.nip.io", "a b", ""):
            answer = client.get("/signin", headers={"Host": host})
            assert answer.status_code == 400, host
            assert "not served under that name" in answer.text
            assert answer.headers["x-content-type-options"] == "nosniff"
        # By default: this machine's names and any address (a phone on the same network).
        for host in (f"127.0.0.1:{live.port}", f"localhost:{live.port}", "192.168.1.20:8000"):
            assert client.get("/signin", headers={"Host": host}).status_code == 200, host
        assert client.get("/signin", headers={"Host": f"[::1]:{live.port}"}).status_code == 200

    async def upgrade(host: str) -> None:
        # The Host header names `host`; the connection goes to the live server.
        async with websockets.connect(
            f"ws://{host}:{live.port}/ws/cases/{case_id}",
            host="127.0.0.1",
            port=live.port,
            origin=websockets.Origin(f"http://{host}:{live.port}"),
        ):
            pass

    with pytest.raises(InvalidStatus) as refused:
        asyncio.run(upgrade("evil.example"))
    assert refused.value.response.status_code == 403


def test_only_the_named_hosts_are_served_and_https_adds_hsts(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    prepare_store(url)
    settings = {"BOARD_ALLOWED_HOSTS": "board.example.org, *.board.test", "BOARD_HTTPS": "true"}
    with (
        running_server(url, tmp_path, extra_env=settings) as live,
        httpx.Client(base_url=live.url, timeout=10) as client,
    ):
        for host in ("board.example.org", "BOARD.example.org:443", "north.board.test"):
            answer = client.get("/signin", headers={"Host": host})
            assert answer.status_code == 200, host
            assert answer.headers["strict-transport-security"] == "max-age=31536000"
        for host in (f"127.0.0.1:{live.port}", "localhost", "example.org", "board.test"):
            assert client.get("/signin", headers={"Host": host}).status_code == 400, host
        # Health checks come by address, and hold nothing of any case.
        assert client.get("/healthz", headers={"Host": "10.1.2.3"}).status_code == 200
