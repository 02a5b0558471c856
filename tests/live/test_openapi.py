"""The HTTP API's description: every JSON route of the route table is in the table of
operations (board.web.openapi), the served document is OpenAPI 3.1 with every /api/
path, and what the live server answers decodes as the types the document names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import msgspec
import pytest
from live import LiveServer, add_account, prepare_store, running_server
from live import signed_in as staff_signed_in
from starlette.routing import Route

from board.events.codec import ExportedEvent
from board.practice import Role
from board.projections.diff import BoardDiff
from board.web.app import ROUTES
from board.web.openapi import OPERATIONS, Operation, all_answers, openapi_document

REF = "#/components/schemas/"


def json_routes() -> set[tuple[str, str]]:
    """(method, path) of every JSON route in the route table: under /api/, and /healthz."""
    found = set()
    for route in ROUTES:
        if not isinstance(route, Route):
            continue
        if route.path.startswith("/api/") or route.path == "/healthz":
            for method in (route.methods or {"GET"}) - {"HEAD"}:
                found.add((method, route.path))
    return found


def test_every_json_route_is_described_and_nothing_else() -> None:
    described = [(o.method, o.path) for o in OPERATIONS]
    assert len(described) == len(set(described)), "a route is described twice"
    missing = json_routes() - set(described)
    assert not missing, f"add these to OPERATIONS in board/web/openapi.py: {sorted(missing)}"
    stale = set(described) - json_routes()
    assert not stale, f"OPERATIONS describes routes the server does not have: {sorted(stale)}"
    assert len({o.operation_id for o in OPERATIONS}) == len(OPERATIONS)


def test_the_document_is_openapi_3_1_with_every_api_path() -> None:
    document = openapi_document()
    assert document["openapi"] == "3.1.0"
    paths = {path for _, path in json_routes()}
    assert set(document["paths"]) == paths
    assert {p for p in paths if p.startswith("/api/")} >= {
        "/api/openapi.json",
        "/api/session",
        "/api/cases/{case_id}/state",
        "/api/cases/{case_id}/diff",
        "/api/cases/{case_id}/events",
    }
    schemas = document["components"]["schemas"]
    # One plain name per type: two types of one name would be told apart by module path.
    assert all("." not in name for name in schemas), sorted(n for n in schemas if "." in n)
    for path, item in document["paths"].items():
        for operation in item.values():
            for name in _refs(operation):
                assert name in schemas, f"{path} refers to {name}, not in the components"
            names = [p["name"] for p in operation["parameters"] if p["in"] == "path"]
            assert names == [part[1:-1] for part in path.split("/") if part.startswith("{")]


def test_the_diff_answer_holds_the_board_diff() -> None:
    schemas = openapi_document()["components"]["schemas"]
    answer = openapi_document()["paths"]["/api/cases/{case_id}/diff"]["get"]["responses"]["200"]
    diff_answer = _resolve(answer["content"]["application/json"]["schema"], schemas)
    assert set(diff_answer["properties"]) == {"from", "to", "diff"}
    board_diff = _resolve(diff_answer["properties"]["diff"], schemas)
    fields = {f.encode_name for f in msgspec.structs.fields(BoardDiff)}
    assert set(board_diff["properties"]) == fields
    assert fields >= {"domains", "statements", "scaling", "plan"}


def test_each_case_route_can_be_refused_by_the_gate() -> None:
    for operation in OPERATIONS:
        statuses = {a.status for a in all_answers(operation)}
        if "{case_id}" in operation.path:
            assert {401, 403, 404, 503} <= statuses, operation.path
        if operation.method != "GET":
            assert 403 in statuses, operation.path


def _refs(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        found = [schema["$ref"].removeprefix(REF)] if "$ref" in schema else []
        return found + [n for v in schema.values() for n in _refs(v)]
    if isinstance(schema, list):
        return [n for v in schema for n in _refs(v)]
    return []


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = schemas[schema["$ref"].removeprefix(REF)]
    return found


# Against a live server: the document served, and answers decoded as the types named.


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, UUID]]:
    url = str(tmp_path_factory.mktemp("openapi") / "board.sqlite3")
    case_id = prepare_store(url)
    add_account(url, "admin", "Ada Admin", Role.MANAGER, administrator=True)
    with running_server(url, tmp_path_factory.mktemp("logs")) as server:
        yield server, case_id


@contextmanager
def signed_in(server: LiveServer, username: str) -> Iterator[httpx.Client]:
    """An HTTP client with a member of staff's session cookie, sending the board's Origin."""
    with staff_signed_in(server, username) as client:
        assert "board_session" in client.cookies
        yield client


def test_the_served_document_is_the_document(live: tuple[LiveServer, UUID]) -> None:
    server, _ = live
    answer = httpx.get(server.url + "/api/openapi.json", timeout=10)  # no cookie: public
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    served = json.loads(answer.content)
    assert served["openapi"] == "3.1.0"
    assert served == json.loads(json.dumps(openapi_document()))


def _answer_type(operation: Operation, status: int) -> Any:
    return next(a.body for a in all_answers(operation) if a.status == status)


def _decode(operation: Operation, status: int, content: bytes) -> None:
    """The answer decodes, strictly, as the type the document names for its status."""
    shape = _answer_type(operation, status)
    if shape is None:
        assert content == b""
    elif shape is ExportedEvent:
        lines = [line for line in content.splitlines() if line]
        assert lines
        for line in lines:
            msgspec.json.decode(line, type=ExportedEvent)
    else:
        msgspec.json.decode(content, type=shape)


def _path(operation: Operation, case_id: UUID) -> str:
    return operation.path.replace("{case_id}", str(case_id)).replace("{username}", "worker")


def test_every_get_answers_as_documented(live: tuple[LiveServer, UUID]) -> None:
    server, case_id = live
    for username in ("manager", "admin"):
        with signed_in(server, username) as client:
            for operation in OPERATIONS:
                if operation.method != "GET":
                    continue
                params = {"from": "icpc"} if operation.operation_id == "case_diff" else {}
                answer = client.get(_path(operation, case_id), params=params)
                assert answer.status_code in {a.status for a in all_answers(operation)}
                _decode(operation, answer.status_code, answer.content)
                if username == "manager" and operation.path != "/api/accounts":
                    assert answer.status_code == 200, (operation.path, answer.text)


def test_changes_answer_as_documented(live: tuple[LiveServer, UUID]) -> None:
    server, case_id = live
    by_id = {o.operation_id: o for o in OPERATIONS}
    with signed_in(server, "admin") as admin:
        made = admin.post(
            "/api/accounts",
            json={
                "username": "newer",
                "name": "Noor",
                "role": "social_worker",
                "password": "x" * 16,
            },
        )
        assert made.status_code == 201, made.text
        _decode(by_id["create_account"], 201, made.content)
        again = admin.post(
            "/api/accounts",
            json={
                "username": "newer",
                "name": "Noor",
                "role": "social_worker",
                "password": "x" * 16,
            },
        )
        assert again.status_code == 409
        _decode(by_id["create_account"], 409, again.content)
        for verb in ("disable", "enable"):
            switched = admin.post(f"/api/accounts/newer/{verb}")
            assert switched.status_code == 200
            _decode(by_id[f"{verb}_account"], 200, switched.content)
    with signed_in(server, "chair") as chair:
        invite = chair.post(f"/api/cases/{case_id}/invites", json={"role": "parent"})
        assert invite.status_code == 201, invite.text
        _decode(by_id["create_invite"], 201, invite.content)
        opened = chair.post(
            "/api/cases", json={"children": [{"name": "Mia", "age": 4}], "family_name": "Reed"}
        )
        assert opened.status_code == 201, opened.text
        _decode(by_id["open_case"], 201, opened.content)
        new_case = json.loads(opened.content)["case_id"]
        allocated = chair.post(f"/api/cases/{new_case}/staff", json={"username": "newer"})
        assert allocated.status_code == 201, allocated.text
        _decode(by_id["allocate_staff"], 201, allocated.content)
        refused = chair.delete(f"/api/cases/{new_case}/staff/newer")
        assert refused.status_code == 403  # only the manager takes staff off a case
        _decode(by_id["unallocate_staff"], 403, refused.content)
        bad_point = chair.get(f"/api/cases/{case_id}/state", params={"at": "next-tuesday"})
        assert bad_point.status_code == 400
        _decode(by_id["case_state"], 400, bad_point.content)
    anonymous = httpx.get(f"{server.url}/api/cases/{case_id}/diff?from=icpc", timeout=10)
    assert anonymous.status_code == 401
    _decode(by_id["case_diff"], 401, anonymous.content)
    health = httpx.get(f"{server.url}/healthz", timeout=10)
    _decode(by_id["healthz"], health.status_code, health.content)


def test_the_docs_say_how_to_add_a_user_without_a_prompt() -> None:
    root = Path(__file__).resolve().parents[2]
    for page in ("README.md", "docs/configuration.md"):
        assert "BOARD_NEW_PASSWORD" in (root / page).read_text(), page
