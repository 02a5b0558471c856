"""The time travel API on the demo case, against a real server: state, diff, events."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from uuid import UUID

import msgspec
import pytest
from live import STAFF_PASSWORD, LiveServer
from shared_server import SharedServer

from board.application.service import BoardApplication
from board.client import BoardClient
from board.events.codec import import_line
from board.projections.board import Board, encode_board, project
from board.projections.visibility import Audience, board_for
from board.storage.store import CaseStore


@pytest.fixture(scope="module")
def demo(shared_server: SharedServer) -> tuple[LiveServer, UUID, str]:
    """The session's server, a demo case of this module's own, and the store's URL."""
    return shared_server.live, shared_server.new_case(), shared_server.store_url


@pytest.fixture(scope="module")
def cookie(demo: tuple[LiveServer, UUID, str]) -> str:
    client = BoardClient(demo[0].url)
    client._http(
        "POST",
        "/signin",
        f"username=chair&password={STAFF_PASSWORD}".replace(" ", "+").encode(),
        "application/x-www-form-urlencoded",
    )
    assert client.cookie
    return client.cookie


def get(demo: tuple[LiveServer, UUID, str], cookie: str | None, path: str) -> tuple[int, bytes]:
    request = urllib.request.Request(f"{demo[0].url}/api/cases/{demo[1]}/{path}")
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


CHAIR_EYES = Audience.member_of_staff("staff-chair")  # the cookie's


def board_of(body: bytes) -> tuple[int, Board]:
    found = json.loads(body)
    return found["position"], msgspec.convert(found["board"], Board)


def test_state_at_icpc_and_review_differ_exactly_by_the_events_between(
    demo: tuple[LiveServer, UUID, str], cookie: str
) -> None:
    status, body = get(demo, cookie, "state?at=icpc")
    assert status == 200
    icpc_position, icpc = board_of(body)
    review_position, review = board_of(get(demo, cookie, "state?at=review")[1])
    assert 0 < icpc_position < review_position
    assert encode_board(icpc) != encode_board(review)
    events = [
        import_line(line)
        for line in get(demo, cookie, f"events?after={icpc_position}")[1].splitlines()
        if line
    ]
    between = [e for e in events if e.position <= review_position]
    assert [e.position for e in between] == list(range(icpc_position + 1, review_position + 1))
    # The API shows a member of staff their own undo steps only: cut the fold alike.
    assert encode_board(board_for(project(between, icpc), CHAIR_EYES)) == encode_board(review)


@pytest.mark.parametrize("point", ["icpc", "review", "0", "40", "latest"])
def test_diff_from_a_point_to_itself_is_empty(
    demo: tuple[LiveServer, UUID, str], cookie: str, point: str
) -> None:
    status, body = get(demo, cookie, f"diff?from={point}&to={point}")
    assert status == 200
    found = json.loads(body)["diff"]
    assert found["statements"] == [] and found["scaling"] == [] and found["plan"] == []
    assert all(
        not (d["added"] or d["removed"] or d["changed"] or d["moved_in"]) for d in found["domains"]
    )


def test_diff_from_icpc_to_review_names_the_reworded_goal(
    demo: tuple[LiveServer, UUID, str], cookie: str
) -> None:
    found = json.loads(get(demo, cookie, "diff?from=icpc&to=review")[1])
    revised = [s for s in found["diff"]["statements"] if s["change"] == "revised"]
    assert revised and all(s["old_text"] != s["new_text"] for s in revised)
    assert found["from"]["position"] < found["to"]["position"]


def test_the_export_re_imported_into_an_empty_store_gives_the_same_board(
    demo: tuple[LiveServer, UUID, str], cookie: str, tmp_path: Path
) -> None:
    lines = get(demo, cookie, "events?after=0")[1].splitlines()
    fresh = CaseStore(str(tmp_path / "empty.sqlite3"))
    try:
        app = BoardApplication(fresh)
        assert app.import_events(import_line(line) for line in lines if line) == [demo[1]]
        _, served = board_of(get(demo, cookie, "state?at=latest")[1])
        assert encode_board(board_for(fresh.board_at(demo[1]), CHAIR_EYES)) == encode_board(served)
    finally:
        fresh.close()


def test_bad_points_and_strangers_get_clear_errors(
    demo: tuple[LiveServer, UUID, str], cookie: str
) -> None:
    status, body = get(demo, cookie, "state?at=next-tuesday")
    assert status == 400 and json.loads(body)["code"] == "unknown_point"
    status, body = get(demo, cookie, "state?at=999999")
    assert status == 400 and "only" in json.loads(body)["message"]
    status, body = get(demo, cookie, "events?after=-1")
    assert status == 400
    status, body = get(demo, None, "state?at=icpc")
    assert status == 401
    status, _ = get(demo, cookie, "diff?to=review")
    assert status == 400
    # Found by tests/test_openapi_fuzz.py: digits int() refuses, and numbers past any
    # store, once ended the answer with a server error.
    for strange in ("%C2%B2", "9" * 30, "1" * 5000):
        status, body = get(demo, cookie, f"state?at={strange}")
        assert status == 400 and json.loads(body)["code"] == "unknown_point"
    status, body = get(demo, cookie, f"events?after={'9' * 30}")
    assert status == 200 and body == b""
    status, body = get(demo, cookie, "events?after=%C2%B2")
    assert status == 400


def test_the_state_says_what_happened_at_that_point(
    demo: tuple[LiveServer, UUID, str], cookie: str
) -> None:
    found = json.loads(get(demo, cookie, "state?at=icpc")[1])
    assert "Initial child protection conference" in found["event"]
    assert "closed the meeting" in found["event"]
