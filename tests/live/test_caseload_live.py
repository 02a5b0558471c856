"""The caseload over a real server: a newcomer opens a case and only allocated staff
open it; the access record keeps who looked, and nothing of what they saw; disabling
an account ends its sessions on every process within a second."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from uuid import UUID

import httpx
import pytest
from live import LiveServer, add_account, prepare_store, running_server, signed_in

from board.practice import Role
from board.storage.accounts import Accounts
from board.storage.store import CaseStore


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, UUID]]:
    url = str(tmp_path_factory.mktemp("caseload") / "board.sqlite3")
    case_id = prepare_store(url)
    add_account(url, "newcomer", "Nia Obi", Role.SOCIAL_WORKER)
    with running_server(url, tmp_path_factory.mktemp("logs")) as live:
        yield live, case_id


def test_a_newcomer_opens_a_case_that_only_allocated_staff_can_open(
    server: tuple[LiveServer, UUID],
) -> None:
    live, demo_case = server
    with signed_in(live, "newcomer") as nia, signed_in(live, "chair") as chair:
        _newcomer_opens_a_case(nia, chair, demo_case)


def _newcomer_opens_a_case(nia: httpx.Client, chair: httpx.Client, demo_case: UUID) -> None:
    # Nothing allocated yet: the home page lists no case, and the demo case is not hers.
    assert nia.get("/api/cases").json() == []
    assert nia.get(f"/api/cases/{demo_case}/state").status_code == 403
    opened = nia.post(
        "/api/cases",
        json={
            "children": [{"name": "Mia", "age": 7}, {"name": "Leo", "age": 3}],
            "family_name": "the Obi family",
        },
    )
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["case_id"]
    assert opened.json()["title"] == "Mia and Leo (the Obi family)"
    assert [c["title"] for c in nia.get("/api/cases").json()] == ["Mia and Leo (the Obi family)"]
    assert "Mia and Leo (the Obi family)" in nia.get("/").text
    # The chair cannot open it until the social worker allocates them.
    assert chair.get(f"/api/cases/{case_id}/state").status_code == 403
    assert "Mia and Leo" not in chair.get("/").text
    allocated = nia.post(f"/api/cases/{case_id}/staff", json={"username": "chair"})
    assert allocated.status_code == 201, allocated.text
    assert chair.get(f"/api/cases/{case_id}/state").status_code == 200
    # Bad input: an unknown account, an odd body; nothing changes.
    assert nia.post(f"/api/cases/{case_id}/staff", json={"username": "nobody"}).status_code == 400
    assert nia.post(f"/api/cases/{case_id}/staff", json={"who": "chair"}).status_code == 400
    assert nia.post("/api/cases", json={"children": [], "family_name": "X"}).status_code == 400
    staff = {a["username"] for a in nia.get(f"/api/cases/{case_id}/staff").json()}
    assert staff == {"newcomer", "chair"}


def test_the_access_record_keeps_who_looked_and_nothing_of_what_they_saw(
    server: tuple[LiveServer, UUID],
) -> None:
    live, case_id = server
    with signed_in(live, "worker") as worker, signed_in(live, "manager") as manager:
        _access_record(worker, manager, case_id)


def _access_record(worker: httpx.Client, manager: httpx.Client, case_id: UUID) -> None:
    for path in ("/api/cases/{case}/state", "/cases/{case}/record", "/api/cases/{case}/events"):
        assert worker.get(path.replace("{case}", str(case_id))).status_code == 200
    answer = manager.get(f"/api/cases/{case_id}/access")
    assert answer.status_code == 200
    entries = answer.json()
    mine = [(e["username"], e["what"]) for e in entries if e["username"] == "worker"]
    assert mine == [
        ("worker", "/api/cases/{case}/state"),
        ("worker", "/cases/{case}/record"),
        ("worker", "/api/cases/{case}/events"),
    ]
    assert all(set(e) == {"username", "what", "at"} for e in entries)
    text = json.dumps(entries)
    for content in ("Lily", "Bennett", "Jess", str(case_id)):
        assert content not in text
    # Only the case's manager reads it.
    assert worker.get(f"/api/cases/{case_id}/access").status_code == 403


@pytest.mark.postgres
async def test_disabling_an_account_ends_its_sessions_on_every_process_within_a_second(
    postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    case_id = await asyncio.to_thread(prepare_store, postgres_url)
    logs = tmp_path_factory.mktemp("logs")
    with running_server(postgres_url, logs) as first, running_server(postgres_url, logs) as second:
        with signed_in(first, "worker") as worker:
            cookie = worker.cookies.get("board_session")
        assert cookie
        state = f"/api/cases/{case_id}/state"
        for live in (first, second):
            async with httpx.AsyncClient(
                base_url=live.url, cookies={"board_session": cookie}
            ) as http:
                assert (await http.get(state)).status_code == 200
        store = CaseStore(postgres_url)
        try:
            await asyncio.to_thread(Accounts(store).set_enabled, "worker", False)
        finally:
            store.close()
        disabled_at = time.monotonic()
        for live in (second, first):
            async with httpx.AsyncClient(
                base_url=live.url, cookies={"board_session": cookie}
            ) as http:
                while (await http.get(state)).status_code != 401:
                    assert time.monotonic() - disabled_at < 1.0, f"{live.url} still let them in"
                    await asyncio.sleep(0.05)
        # Enabled again, the old session stays over: they sign in afresh.
        store = CaseStore(postgres_url)
        try:
            await asyncio.to_thread(Accounts(store).set_enabled, "worker", True)
        finally:
            store.close()
        async with httpx.AsyncClient(base_url=first.url, cookies={"board_session": cookie}) as http:
            assert (await http.get(state)).status_code == 401
