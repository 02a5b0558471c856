"""Real board servers for tests: `python -m board serve` in a subprocess on 127.0.0.1."""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx

from board.cli.demo import allocate_accounts, write_demo_case
from board.client import BoardClient
from board.commands import AdmitParticipant, CloseMeeting, OpenMeeting, RecordMeetingOutcome
from board.practice import MeetingKind, Role
from board.storage.accounts import Accounts
from board.storage.store import CaseStore

# CI runs every test it can (.ci/run starts the services, scripts/test installs Chromium):
# there a missing service or browser fails the test instead of skipping it.
IN_CI = os.environ.get("CI", "").lower() == "true"

SECRET = "test-session-secret-not-for-production"
STAFF_PASSWORD = "a long test password"
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def prepare_store(store_url: str, cipher_key: str | None = None) -> UUID:
    """Write the demo case and the staff accounts tests sign in with; return the case id."""
    store = CaseStore(store_url, cipher_key)
    try:
        accounts = Accounts(store)
        accounts.save("chair", "Sam Reid", Role.CHAIR, STAFF_PASSWORD)
        accounts.save("worker", "Amira Khan", Role.SOCIAL_WORKER, STAFF_PASSWORD)
        accounts.save("manager", "Helen Ward", Role.MANAGER, STAFF_PASSWORD)
        return demo_case_for_test_staff(store)
    finally:
        store.close()


def add_account(
    store_url: str, username: str, name: str, role: Role, *, administrator: bool = False
) -> None:
    """One more staff account, with the test password, beside those prepare_store wrote."""
    store = CaseStore(store_url)
    try:
        Accounts(store).save(username, name, role, STAFF_PASSWORD, administrator=administrator)
    finally:
        store.close()


def demo_case_for_test_staff(store: CaseStore) -> UUID:
    """A demo case, allocated to the test accounts (chair, worker, manager)."""
    case_id = write_demo_case(store)
    allocate_accounts(store, case_id, Accounts(store).all().values())
    return case_id


def add_demo_case(store_url: str) -> UUID:
    """Another demo case in the store, allocated to the test accounts."""
    store = CaseStore(store_url)
    try:
        return demo_case_for_test_staff(store)
    finally:
        store.close()


@dataclass
class LiveServer:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def kill(self) -> None:
        """kill -9: no clean shutdown at all."""
        self.process.kill()
        self.process.wait(5)


def start_server(
    store_url: str,
    log_dir: Path,
    *,
    redis_url: str | None = None,
    port: int | None = None,
    extra_env: dict[str, str] | None = None,
) -> LiveServer:
    port = port or free_port()
    env = {
        **os.environ,
        "BOARD_STORE": store_url,
        "BOARD_SECRET": SECRET,
        "BOARD_PORT": str(port),
        "BOARD_HOST": "127.0.0.1",
        "BOARD_ARGON2_COST": "test",  # throwaway accounts: argon2's lowest cost
        **(extra_env or {}),
    }
    env.pop("BOARD_REDIS_URL", None)
    if redis_url:
        env["BOARD_REDIS_URL"] = redis_url
    log_path = log_dir / f"server-{port}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "board", "serve"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(process, port, log_path)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"the server did not become healthy:\n{server.log()}")


@contextmanager
def running_server(store_url: str, log_dir: Path, **kwargs: object) -> Iterator[LiveServer]:
    server = start_server(store_url, log_dir, **kwargs)  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


# -- pages over HTTP -------------------------------------------------------------------


@contextmanager
def signed_in(server: LiveServer, username: str) -> Iterator[httpx.Client]:
    """An HTTP client with a member of staff's session, sending the board's Origin."""
    with httpx.Client(base_url=server.url, headers={"Origin": server.url}, timeout=20) as http:
        answer = http.post("/signin", data={"username": username, "password": STAFF_PASSWORD})
        assert answer.status_code == 303, answer.text
        yield http


def page_words(page: httpx.Response, status: int = 200) -> str:
    """The page's words, without its markup (what a reader sees)."""
    assert page.status_code == status, page.text
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text)))


def open_jays_case(http: httpx.Client, framework: str, age: int) -> str:
    """A case for Jay of the Okafor family, opened through `POST /api/cases`; its id."""
    opened = http.post(
        "/api/cases",
        json={
            "children": [{"name": "Jay", "age": age}],
            "family_name": "the Okafor family",
            "framework": framework,
        },
    )
    assert opened.status_code == 201, opened.text
    return str(opened.json()["case_id"])


def get_page(server: LiveServer, path: str, cookie: str | None) -> tuple[int, str]:
    """GET a path with a session's cookie (or none): its status and body, an error's too."""
    request = urllib.request.Request(f"{server.url}{path}")
    request.add_header("Cookie", cookie or "")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        body = error.read().decode()
        error.close()
        return error.code, body


# -- people at a live meeting ---------------------------------------------------------


async def staff(server: LiveServer, case_id: UUID, username: str = "chair") -> BoardClient:
    client = BoardClient(server.url)
    await client.sign_in(username, STAFF_PASSWORD)
    await client.connect(case_id)
    await client.wait_for(lambda: client.board is not None)
    return client


async def guest(
    server: LiveServer, chair: BoardClient, case_id: UUID, name: str, role: Role
) -> BoardClient:
    """Invite, join, wait in the lobby, be admitted by the chair: as in the room."""
    code = await chair.create_invite(case_id, role)
    client = BoardClient(server.url)
    await client.join(code, name)
    await client.connect(case_id)
    assert client.welcome is not None and not client.welcome.admitted
    await chair.wait_for(lambda: any(p.name == name and p.in_lobby for p in chair.presence))
    await chair.send(
        AdmitParticipant(participant_id=client.welcome.participant_id, name=name, role=role)
    )
    await client.wait_for(lambda: client.board is not None)
    return client


async def hold_meeting(
    server: LiveServer, case_id: UUID, username: str, kind: MeetingKind, **outcome: Any
) -> str:
    """A member of staff opens a meeting of `kind`, records its outcome when given (the
    fields of RecordMeetingOutcome), and closes it; the meeting's id."""
    client = await staff(server, case_id, username)
    try:
        await client.send(OpenMeeting(kind=kind))
        assert client.board is not None and client.board.open_meeting_id is not None
        meeting_id = client.board.open_meeting_id
        if outcome:
            await client.send(RecordMeetingOutcome(meeting_id=meeting_id, **outcome))
        await client.send(CloseMeeting())
    finally:
        await client.close()
    return meeting_id


class _Spy:
    """Keeps every frame's text as it arrived, then decodes it as the client would."""

    def __init__(self, decoder: object, into: list[str]) -> None:
        self.decoder, self.into = decoder, into

    def decode(self, raw: str | bytes) -> object:
        self.into.append(raw if isinstance(raw, str) else raw.decode())
        return self.decoder.decode(raw)  # type: ignore[attr-defined]


def frames_sent_to(client: BoardClient) -> list[str]:
    """Every raw frame the client is sent from now on, as text: to prove what never
    reached it."""
    frames: list[str] = []
    client._decoder = _Spy(client._decoder, frames)  # type: ignore[assignment]
    return frames
