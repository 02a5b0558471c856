"""Every query, form and JSON parameter of every route, given odd values against a live
server: each gets a clear 4xx (or, where the value is only a hint, the ordinary page),
never a 500 and never a dropped connection; an invite's lifetime is bounded in its type."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from collections.abc import Iterator
from uuid import UUID

import httpx
import pytest
import websockets
from live import STAFF_PASSWORD, LiveServer, add_account, prepare_store, running_server
from websockets.exceptions import InvalidStatus

from board.practice import Role

ODD = [
    "²",
    "٣",
    "9" * 30,
    "9" * 5000,
    "-1",
    "1e308",
    "NaN",
    "inf",
    "",
    " ",
    "\x00",
    "\u202e",
    "x" * 5000,
    "0x10",
    "1.5",
    "latest;drop",
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, UUID]]:
    folder = tmp_path_factory.mktemp("parameters")
    url = str(folder / "board.sqlite3")
    case_id = prepare_store(url)
    add_account(url, "admin", "Ada Admin", Role.MANAGER, administrator=True)
    with running_server(url, folder) as live:
        yield live, case_id


@pytest.fixture
def admin(served: tuple[LiveServer, UUID]) -> Iterator[httpx.Client]:
    live, _ = served
    with httpx.Client(base_url=live.url, timeout=30, headers={"Origin": live.url}) as client:
        answer = client.post("/signin", data={"username": "admin", "password": STAFF_PASSWORD})
        assert answer.status_code == 303
        yield client


@pytest.fixture
def chair(served: tuple[LiveServer, UUID]) -> Iterator[httpx.Client]:
    live, _ = served
    with httpx.Client(base_url=live.url, timeout=30, headers={"Origin": live.url}) as client:
        answer = client.post("/signin", data={"username": "chair", "password": STAFF_PASSWORD})
        assert answer.status_code == 303
        yield client


POINT_ROUTES = [
    ("/api/cases/{case}/state", "at"),
    ("/api/cases/{case}/diff?from=start", "to"),
    ("/api/cases/{case}/diff", "from"),
    ("/cases/{case}/replay", "at"),
    ("/cases/{case}/board-at", "at"),
    ("/cases/{case}/compare", "from"),
    ("/cases/{case}/compare", "to"),
    ("/cases/{case}/record", "at"),
    ("/cases/{case}/plan", "at"),
    ("/cases/{case}/record.pdf", "at"),  # refused before any printer starts
    ("/cases/{case}/record", "for"),  # whose record: "family" or "professionals" only
    ("/cases/{case}/record.pdf", "for"),
]


def with_param(path: str, name: str, value: str) -> tuple[str, dict[str, str]]:
    base, _, fixed = path.partition("?")
    params = dict(p.split("=") for p in fixed.split("&") if p)
    params[name] = value
    return base, params


@pytest.mark.parametrize(("path", "name"), POINT_ROUTES)
def test_an_odd_point_is_a_clear_400(
    served: tuple[LiveServer, UUID], chair: httpx.Client, path: str, name: str
) -> None:
    _, case_id = served
    for value in ODD:
        base, params = with_param(path.format(case=case_id), name, value)
        answer = chair.get(base, params=params)
        if value in ("", " ") and not base.startswith("/api/"):
            # An empty choice on a page's form: the default page, or the plain error.
            assert answer.status_code in (200, 400), (path, value)
        else:
            assert answer.status_code == 400, (path, repr(value[:20]), answer.status_code)


def test_an_odd_after_on_the_raw_record_is_a_400_or_nothing_more(
    served: tuple[LiveServer, UUID], chair: httpx.Client
) -> None:
    _, case_id = served
    for value in ODD:
        answer = chair.get(f"/api/cases/{case_id}/events", params={"after": value})
        if value.isascii() and value.isdigit():
            assert answer.status_code == 200 and answer.text == "", value[:20]  # past the end
        else:
            assert answer.status_code == 400, repr(value[:20])
            assert answer.json()["code"] == "invalid"


def test_an_odd_after_on_the_websocket_sends_the_whole_board(
    served: tuple[LiveServer, UUID], chair: httpx.Client
) -> None:
    live, case_id = served
    cookie = "; ".join(f"{k}={v}" for k, v in chair.cookies.items())

    async def first_frame(after: str) -> dict[str, object]:
        async with websockets.connect(
            f"ws://127.0.0.1:{live.port}/ws/cases/{case_id}?after={after}",
            origin=websockets.Origin(live.url),
            additional_headers={"Cookie": cookie},
        ) as socket:
            while True:
                frame = json.loads(await asyncio.wait_for(socket.recv(), 10))
                if frame["type"] in ("welcome", "board", "catch_up", "snapshot"):
                    return dict(frame)

    for value in ("²", "٣", "9" * 30, "9" * 5000, "-1", "NaN", "%00", "x" * 2000):
        frame = asyncio.run(first_frame(value))
        assert frame["type"] in ("welcome", "board", "catch_up", "snapshot"), value[:20]


def test_an_invites_lifetime_is_bounded_and_every_odd_body_is_a_400(
    served: tuple[LiveServer, UUID], chair: httpx.Client
) -> None:
    _, case_id = served
    path = f"/api/cases/{case_id}/invites"
    # 1e400 is infinity to a JSON reader; NaN, Infinity are not JSON at all.
    bad_hours = ["1e308", "1e400", "-1e400", "-1", "0", "0.001", "337", '"NaN"', '"12"']
    bad_hours += ["null", "true", "[]", "{}", "NaN", "Infinity", "-0"]
    for hours in bad_hours:
        body = f'{{"role": "parent", "hours": {hours}}}'
        answer = chair.post(path, content=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400, (hours, answer.status_code, answer.text)
        assert answer.json()["code"] == "invalid", hours
    too_long = chair.post(path, json={"role": "parent", "hours": 1e308})
    assert "336" in too_long.json()["message"]  # the bound, said plainly
    for body in ('{"role": "chair"}', '{"role": "nobody"}', '{"role": 5}', "{", "", "[]"):
        answer = chair.post(path, content=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400, (body, answer.status_code)
    extra = chair.post(path, json={"role": "parent", "hours": 2, "admin": True})
    assert extra.status_code == 400  # an unknown field is refused, not ignored
    huge = chair.post(path, content=b'{"role": "parent", "x": "' + b"a" * 20000 + b'"}')
    assert huge.status_code == 413
    # The bounds themselves are allowed (so the test above can fail).
    for hours in (1 / 60, 336, 0.5):
        assert chair.post(path, json={"role": "parent", "hours": hours}).status_code == 201


def test_every_odd_json_body_of_the_caseload_and_accounts_is_a_400(
    served: tuple[LiveServer, UUID], chair: httpx.Client, admin: httpx.Client
) -> None:
    _, case_id = served
    cases = [
        {"children": [{"name": "Mia", "age": age}], "family_name": "the Test family"}
        for age in (1e308, -1, "6", 6.5, 10**30, None if False else "x")
    ]
    cases += [{"children": [{"name": "Mia"}], "family_name": "x", "framework": "nope"}]
    cases += [{"children": "Mia", "family_name": "x"}, {"children": [], "family_name": 5}]
    for body in cases:
        answer = chair.post("/api/cases", json=body)
        assert answer.status_code == 400, (body, answer.status_code, answer.text)
    for body in ({"username": 5}, {"username": None}, {}, {"username": "x" * 5000}):
        answer = chair.post(f"/api/cases/{case_id}/staff", json=body)
        assert answer.status_code == 400, (body, answer.status_code)
    accounts = [
        {"username": "new", "name": "N", "role": "nobody", "password": "a long password"},
        {"username": "new", "name": "N", "role": "chair", "password": 12345678901},
        {
            "username": "new",
            "name": "N",
            "role": "chair",
            "password": "x" * 20,
            "administrator": "yes",
        },
        {"username": "new", "name": "\u202eN", "role": "chair", "password": "a long password"},
    ]
    for body in accounts:
        answer = admin.post("/api/accounts", json=body)
        assert answer.status_code == 400, (body, answer.status_code, answer.text)
    assert admin.get("/api/accounts").json()[0]["username"] != "new"
    assert "new" not in {a["username"] for a in admin.get("/api/accounts").json()}


def test_odd_form_fields_get_the_form_again_with_a_message(
    served: tuple[LiveServer, UUID], chair: httpx.Client
) -> None:
    live, _ = served
    for age in ("²", "seven", "9" * 30, "-1", "1.5"):
        answer = chair.post("/cases", data={"child_0_name": "Mia", "child_0_age": age})
        assert answer.status_code == 400, (age, answer.status_code)
        assert "whole number of years" in answer.text or "0 to 25" in answer.text, age
    answer = chair.post("/cases", data={"child_0_name": "Mia", "framework": "nope"})
    assert answer.status_code == 400 and "frameworks listed" in answer.text
    with httpx.Client(base_url=live.url, timeout=30, headers={"Origin": live.url}) as nobody:
        for value in ODD:
            # Wrong codes: 400, until the address has tried too many (429).
            joined = nobody.post("/join", data={"code": value, "name": "Ann"}).status_code
            assert joined in (400, 429)
            # Longer than any code or username: refused with the limit named, never cut.
            prefill = nobody.get("/join", params={"code": value})
            assert prefill.status_code == (400 if len(value) > 20 else 200)
            if len(value) > 20:
                assert "at most 20 characters" in prefill.text
            fields = {"username": value, "password": value}
            signed = nobody.post("/signin", data=fields)
            too_long = len(value.strip()) > 80
            assert signed.status_code in ((400,) if too_long else (401, 429))
            if too_long:
                assert "at most 80 characters" in signed.text


def test_a_case_id_or_username_that_is_not_one_is_a_404_or_401(
    served: tuple[LiveServer, UUID], chair: httpx.Client, admin: httpx.Client
) -> None:
    live, case_id = served
    for odd in ("not-a-uuid", "²", "9" * 30, "%00", "x" * 300):
        for path in (f"/cases/{odd}", f"/api/cases/{odd}/state", f"/cases/{odd}/record"):
            assert chair.get(path).status_code == 404, path[:40]
        answer = admin.post(f"/api/accounts/{odd}/disable")
        assert answer.status_code == 404, odd[:20]
        assert chair.delete(f"/api/cases/{case_id}/staff/{odd}").status_code in (400, 403)

    async def refused(path: str) -> int:
        with pytest.raises(InvalidStatus) as refusal:
            async with websockets.connect(
                f"ws://127.0.0.1:{live.port}{path}", origin=websockets.Origin(live.url)
            ):
                pass
        return refusal.value.response.status_code

    assert asyncio.run(refused("/ws/cases/not-a-uuid")) == 403


def test_odd_threads_people_and_meetings_are_not_found_never_a_500(
    served: tuple[LiveServer, UUID], chair: httpx.Client
) -> None:
    _, case_id = served
    for value in [*ODD, "%00", "x" * 300, "../record"]:
        # (httpx sends no control character in a path, even escaped.)
        if value.isprintable() and value.strip() and "%" not in value:
            segment = urllib.parse.quote(value, safe="")
            for path in (
                f"/cases/{case_id}/threads/{segment}",
                f"/cases/{case_id}/people/{segment}/scores",
            ):
                assert chair.get(path).status_code == 404, (path[:60], value[:20])
        meeting = chair.get(f"/cases/{case_id}/replay", params={"meeting": value})
        assert meeting.status_code == (200 if value in ("", " ") else 404), value[:20]
        # A person who made no change: an empty list, said so.
        person = chair.get(f"/cases/{case_id}/replay", params={"person": value})
        assert person.status_code == 200, value[:20]
        for flag in ("all", "summary"):
            assert chair.get(f"/cases/{case_id}/compare", params={flag: value}).status_code == 200
