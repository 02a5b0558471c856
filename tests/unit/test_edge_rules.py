"""The web edge's rules as pure functions: whose address a request is, which hosts are
served, which headers an answer gets; and guesses counted in this process."""

from __future__ import annotations

import pytest

from board.web.attempts import (
    JOIN_PER_ADDRESS,
    SIGN_IN_PER_ACCOUNT_AT_ADDRESS,
    SIGN_IN_PER_ADDRESS,
    SWEEP_OVER,
    WINDOW,
    Guesses,
    LocalCounter,
    counted_address,
)
from board.web.headers import security_headers
from board.web.hosts import AllowedHosts, host_name
from board.web.proxies import BadProxySetting, TrustedProxies, client_address

PROXY = TrustedProxies.parse(["10.0.0.5", "172.16.0.0/12"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # not a proxy: the header is ignored
        ("10.0.0.5", None, "10.0.0.5"),  # a proxy's own request
        ("10.0.0.5", "198.51.100.7", "198.51.100.7"),
        ("10.0.0.5", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the left entry was typed
        ("10.0.0.5", "198.51.100.7, 172.16.3.4", "198.51.100.7"),  # two proxies deep
        ("10.0.0.5", "172.16.3.4", "172.16.3.4"),  # only proxies: the nearest's entry
        ("10.0.0.5", "172.16.9.9, 172.16.3.4", "172.16.3.4"),
        ("10.0.0.5", "not an address", "10.0.0.5"),  # garbled: the proxy is counted
        ("10.0.0.5", "198.51.100.7, ", "10.0.0.5"),
        ("10.0.0.5", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address(peer: str, forwarded: str | None, client: str) -> None:
    assert client_address(peer, forwarded, PROXY) == client


def test_trusted_proxies_are_addresses_networks_or_anyone() -> None:
    assert not TrustedProxies.parse([]).trusts("127.0.0.1")  # nobody by default
    anyone = TrustedProxies.parse(["*"])
    assert anyone.trusts("192.0.2.1")
    # `*` trusts the one proxy in front: the entry it added, not those the client wrote.
    assert client_address("10.9.9.9", "6.6.6.6, 198.51.100.7", anyone) == "198.51.100.7"
    assert TrustedProxies.parse(["::1"]).trusts("::1")
    with pytest.raises(BadProxySetting, match="nginx"):
        TrustedProxies.parse(["nginx"])


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Board.Example.org:443", "board.example.org"),
        ("board.example.org.", "board.example.org"),
        ("[::1]:8000", "[::1]"),
        ("192.168.1.20", "192.168.1.20"),
        ("", None),
        ("a b", None),
        ("host:port", None),
        ("[::1", None),
        ("evil.example/path", None),
    ],
)
def test_the_name_in_a_host_header(header: str, name: str | None) -> None:
    assert host_name(header) == name


def test_hosts_named_by_the_operator_and_the_default() -> None:
    named = AllowedHosts.from_settings(["Board.example.org", "*.board.test"])
    assert named.allows("board.example.org") and named.allows("north.board.test")
    assert not named.allows("board.test") and not named.allows("127.0.0.1")
    assert not named.allows("evilboard.test")
    default = AllowedHosts.from_settings([], listen_host="0.0.0.0")  # noqa: S104
    assert default.allows("localhost") and default.allows("192.168.1.20")
    assert default.allows("[fe80::1]") and not default.allows("evil.example")
    assert AllowedHosts.from_settings([], listen_host="board.lan").allows("board.lan")
    assert AllowedHosts.from_settings(["*"]).allows("anything.at.all")


def test_the_headers_of_an_answer() -> None:
    page = security_headers("/cases/x", "127.0.0.1:8000", https=False)
    assert page["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert "ws://127.0.0.1:8000" in page["Content-Security-Policy"]
    assert "Strict-Transport-Security" not in page
    static = security_headers("/static/board.css", "a;b", https=True)
    assert "Cache-Control" not in static  # the board's own files hold no case
    assert static["Strict-Transport-Security"] == "max-age=31536000"
    assert "a;b" not in static["Content-Security-Policy"]  # no host smuggles a directive


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_sign_in_limits_per_address_and_per_account_at_an_address() -> None:
    clock = Clock()
    guesses = Guesses(LocalCounter(clock), "store")
    for _ in range(SIGN_IN_PER_ACCOUNT_AT_ADDRESS):
        assert await guesses.sign_in("sam", "1.1.1.1") is not None
    assert await guesses.sign_in("sam", "1.1.1.1") is None
    assert await guesses.sign_in("sam", "2.2.2.2") is not None  # the account, elsewhere
    assert await guesses.sign_in("amira", "1.1.1.1") is not None  # another, same address
    # The address as a whole: many people, many accounts, until PER_ADDRESS.
    for n in range(SIGN_IN_PER_ADDRESS - SIGN_IN_PER_ACCOUNT_AT_ADDRESS - 1):
        assert await guesses.sign_in(f"person{n}", "1.1.1.1") is not None
    assert await guesses.sign_in("someone-new", "1.1.1.1") is None
    clock.now += WINDOW + 1  # ten minutes on: all forgotten
    assert await guesses.sign_in("sam", "1.1.1.1") is not None


async def test_a_right_answer_is_given_back() -> None:
    guesses = Guesses(LocalCounter(Clock()), "store")
    for _ in range(JOIN_PER_ADDRESS * 3):
        ticket = await guesses.join("1.1.1.1")
        assert ticket is not None
        await guesses.joined(ticket)  # right codes never count against the address


def test_an_ipv6_client_is_counted_by_its_64_and_a_mapped_ipv4_as_itself() -> None:
    assert counted_address("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert counted_address("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert counted_address("::ffff:192.0.2.7") == "192.0.2.7"
    assert counted_address("192.0.2.7") == "192.0.2.7"
    assert counted_address("unknown") == "unknown"


async def test_rotating_ipv6_addresses_within_a_64_does_not_lift_the_limit() -> None:
    guesses = Guesses(LocalCounter(Clock()), "store")
    for n in range(JOIN_PER_ADDRESS):
        assert await guesses.join(f"2001:db8::{n + 1:x}") is not None
    assert await guesses.join("2001:db8::ffff:1") is None
    assert await guesses.join("2001:db8:0:1::1") is not None  # the next /64: someone else


async def test_many_addresses_tried_once_are_swept_out_of_memory() -> None:
    clock = Clock()
    counter = LocalCounter(clock)
    guesses = Guesses(counter, "store")
    for n in range(SWEEP_OVER + 1):
        await guesses.join(f"10.{n // 65536}.{n // 256 % 256}.{n % 256}")
    clock.now += WINDOW + 1
    await guesses.join("192.0.2.1")
    assert len(counter.attempts) == 1
