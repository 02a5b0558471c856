"""Guessing limits that hold and never lock everyone out, against live servers: the
client's address comes from X-Forwarded-For only through a proxy the operator names;
a lockout is per address, and per account at an address, never for the whole
account; and every process of a deployment shares the counts through Redis."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from live import STAFF_PASSWORD, LiveServer, prepare_store, running_server

from board.web.attempts import JOIN_PER_ADDRESS, SIGN_IN_PER_ACCOUNT_AT_ADDRESS


def post(live: LiveServer, path: str, fields: dict[str, str], forwarded_for: str = "") -> int:
    headers = {"Origin": live.url}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    answer = httpx.post(f"{live.url}{path}", data=fields, headers=headers, timeout=10)
    return answer.status_code


def guess_code(live: LiveServer, n: int, forwarded_for: str = "") -> int:
    return post(live, "/join", {"code": f"ABCD-{n:04d}", "name": "Guesser"}, forwarded_for)


def sign_in(live: LiveServer, username: str, password: str, forwarded_for: str = "") -> int:
    fields = {"username": username, "password": password}
    return post(live, "/signin", fields, forwarded_for)


def test_rotating_x_forwarded_for_from_an_untrusted_peer_does_not_lift_the_limit(
    tmp_path: Path,
) -> None:
    url = str(tmp_path / "board.sqlite3")
    prepare_store(url)
    with running_server(url, tmp_path) as live:  # no BOARD_TRUSTED_PROXIES: trust no one
        statuses = [guess_code(live, n, forwarded_for=f"10.0.{n}.{n}") for n in range(12)]
        assert statuses == [400] * JOIN_PER_ADDRESS + [429, 429]
        # Nor does a header that names the guesser as a proxy's client.
        assert guess_code(live, 99, forwarded_for="10.9.9.9, 127.0.0.1") == 429
        refused = httpx.post(
            f"{live.url}/join",
            data={"code": "ABCD-EFGH", "name": "Guesser"},
            headers={"Origin": live.url},
        )
        assert refused.headers["retry-after"] == "600"
        assert "Please wait ten minutes" in refused.text


def test_a_trusted_proxys_forwarded_address_is_the_one_counted(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    prepare_store(url)
    trusted = {"BOARD_TRUSTED_PROXIES": "127.0.0.1"}
    with running_server(url, tmp_path, extra_env=trusted) as live:
        guesser, neighbour = "203.0.113.7", "198.51.100.20"
        statuses = [guess_code(live, n, forwarded_for=guesser) for n in range(11)]
        assert statuses == [400] * JOIN_PER_ADDRESS + [429]
        # Another address behind the same proxy is counted apart: it may still try.
        assert guess_code(live, 50, forwarded_for=neighbour) == 400
        # An entry the guesser wrote to the left of what the proxy added proves nothing.
        assert guess_code(live, 51, forwarded_for=f"{neighbour}, {guesser}") == 429


def test_a_lockout_at_one_address_leaves_other_people_and_addresses_signing_in(
    tmp_path: Path,
) -> None:
    url = str(tmp_path / "board.sqlite3")
    prepare_store(url)
    trusted = {"BOARD_TRUSTED_PROXIES": "127.0.0.1"}
    with running_server(url, tmp_path, extra_env=trusted) as live:
        office, home = "192.0.2.10", "192.0.2.99"
        bad = [sign_in(live, "chair", f"wrong guess {n}", office) for n in range(10)]
        assert bad == [401] * SIGN_IN_PER_ACCOUNT_AT_ADDRESS
        # The chair's account, from the office: held for ten minutes, right password or not.
        assert sign_in(live, "chair", STAFF_PASSWORD, office) == 429
        # Someone else in the same office signs in (no lockout of a whole office) ...
        assert sign_in(live, "worker", STAFF_PASSWORD, office) == 303
        # ... and the chair signs in from elsewhere (no lockout of the account).
        assert sign_in(live, "chair", STAFF_PASSWORD, home) == 303


def test_a_right_password_forgets_the_accounts_earlier_mistakes(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    prepare_store(url)
    with running_server(url, tmp_path) as live:
        assert [sign_in(live, "chair", f"typo {n}") for n in range(9)] == [401] * 9
        assert sign_in(live, "chair", STAFF_PASSWORD) == 303
        # Nine more typos are allowed: the count started again at the right password.
        assert [sign_in(live, "chair", f"typo {n}") for n in range(10)] == [401] * 10
        assert sign_in(live, "chair", STAFF_PASSWORD) == 429


@pytest.mark.postgres
@pytest.mark.redis
def test_two_processes_share_the_counts_through_redis(
    tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    prepare_store(postgres_url)
    with (
        running_server(postgres_url, tmp_path, redis_url=redis_url) as first,
        running_server(postgres_url, tmp_path, redis_url=redis_url) as second,
    ):
        # Half the guesses at each process: in-process counts would allow twenty.
        statuses = [guess_code(first if n % 2 else second, n) for n in range(JOIN_PER_ADDRESS)]
        assert statuses == [400] * JOIN_PER_ADDRESS
        assert guess_code(first, 100) == 429
        assert guess_code(second, 101) == 429
        # The staff's separate count is untouched, on either process.
        assert sign_in(second, "chair", STAFF_PASSWORD) == 303


def test_a_burst_of_guesses_sent_at_once_is_counted_whole(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    prepare_store(url)
    with running_server(url, tmp_path) as live:

        async def burst() -> list[int]:
            async with httpx.AsyncClient(base_url=live.url, timeout=30) as client:
                answers = await asyncio.gather(
                    *(
                        client.post(
                            "/join",
                            data={"code": f"ABCD-{n:04d}", "name": "Guesser"},
                            headers={"Origin": live.url},
                        )
                        for n in range(30)
                    )
                )
            return sorted(answer.status_code for answer in answers)

        # Each is counted before its code is looked up: never more than the limit checked.
        assert asyncio.run(burst()) == [400] * JOIN_PER_ADDRESS + [429] * 20
