"""Counting guesses: sign-in and invite-code attempts, limited per client address and
per account at an address, in a ten-minute window.

An attempt is counted *before* it is checked (and taken back when it was right), so
that a hundred guesses sent at once are a hundred attempts, not a hundred checks
against a count of zero. The limits are never global: a thousand bad passwords for
one account from one address do not stop that account signing in from another
address, nor another person signing in from the same one (an office behind one
proxy address), until that address alone has failed PER_ADDRESS times.

Counts live in this process, or in Redis (BOARD_REDIS_URL) so that every process of
a deployment shares them; if Redis cannot be reached the process counts on its own
rather than refuse everyone. Keys are hashes: Redis holds no address or username.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger(__name__)

WINDOW = 600.0  # seconds: ten minutes
SIGN_IN_PER_ACCOUNT_AT_ADDRESS = 10
SIGN_IN_PER_ADDRESS = 100  # many people, one office, one address: well above one person's typos
JOIN_PER_ADDRESS = 10

Limit = tuple[str, int]  # a counter's key, and how many attempts it allows in WINDOW
SWEEP_OVER = 10_000  # keys held in this process before the expired ones are swept out


def counted_address(address: str) -> str:
    """The address a guess is counted under: an IPv6 client by its /64, which is one
    household's or one phone's (each may use any of its 2**64 addresses at will)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


@dataclass(frozen=True)
class Ticket:
    """One attempt, counted under these keys; given back when it was right."""

    keys: tuple[str, ...]
    token: str


class Counter(Protocol):
    async def take(self, limits: Sequence[Limit]) -> Ticket | None:
        """Count one attempt under every key, or (if any key is at its limit) none."""

    async def give_back(self, ticket: Ticket, clear: Sequence[str] = ()) -> None:
        """Uncount the attempt; forget every attempt under the `clear` keys."""


@dataclass
class LocalCounter:
    """Counts in this process (one server, or Redis away)."""

    clock: Callable[[], float] = time.monotonic
    attempts: dict[str, dict[str, float]] = field(default_factory=dict)

    def _recent(self, key: str) -> dict[str, float]:
        cutoff = self.clock() - WINDOW
        recent = {t: at for t, at in self.attempts.get(key, {}).items() if at > cutoff}
        if recent:
            self.attempts[key] = recent
        else:
            self.attempts.pop(key, None)
        return recent

    async def take(self, limits: Sequence[Limit]) -> Ticket | None:
        # No await in here: on one event loop, check-and-count is atomic.
        if len(self.attempts) > SWEEP_OVER:  # many addresses, each tried once: forget old ones
            for key in list(self.attempts):
                self._recent(key)
        if any(len(self._recent(key)) >= limit for key, limit in limits):
            return None
        ticket = Ticket(tuple(key for key, _ in limits), secrets.token_hex(8))
        for key in ticket.keys:
            self.attempts.setdefault(key, {})[ticket.token] = self.clock()
        return ticket

    async def give_back(self, ticket: Ticket, clear: Sequence[str] = ()) -> None:
        for key in ticket.keys:
            self.attempts.get(key, {}).pop(ticket.token, None)
        for key in clear:
            self.attempts.pop(key, None)


# Check every key, then count under every key, in one step for all processes.
_TAKE = """
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= tonumber(ARGV[3 + i]) then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, math.ceil(window * 1000))
end
return 1
"""


class RedisCounter:
    """Counts shared by every process through Redis; falls back to counting here."""

    def __init__(self, url: str, fallback: LocalCounter | None = None) -> None:
        import redis.asyncio

        self.redis: Any = redis.asyncio.Redis.from_url(url, socket_timeout=2)
        self.fallback = fallback or LocalCounter()
        self._take = self.redis.register_script(_TAKE)
        self._warned = False

    def _redis_away(self, error: Exception) -> None:
        if not self._warned:
            self._warned = True
            log.warning("Redis is out of reach (%s): counting attempts in this process", error)

    async def take(self, limits: Sequence[Limit]) -> Ticket | None:
        import redis

        ticket = Ticket(tuple(key for key, _ in limits), secrets.token_hex(8))
        try:
            taken = await self._take(
                keys=list(ticket.keys),
                args=[time.time(), WINDOW, ticket.token, *(limit for _, limit in limits)],
            )
        except (redis.RedisError, OSError) as error:
            self._redis_away(error)
            return await self.fallback.take(limits)
        self._warned = False
        return ticket if taken == 1 else None

    async def give_back(self, ticket: Ticket, clear: Sequence[str] = ()) -> None:
        import redis

        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                for key in ticket.keys:
                    pipe.zrem(key, ticket.token)
                if clear:
                    pipe.delete(*clear)
                await pipe.execute()
        except (redis.RedisError, OSError) as error:
            self._redis_away(error)
        await self.fallback.give_back(ticket, clear)

    async def close(self) -> None:
        await self.redis.aclose()


class Guesses:
    """The board's limits on guessing passwords and invite codes."""

    def __init__(self, counter: Counter, deployment: str) -> None:
        self.counter = counter
        # Two deployments sharing one Redis (or one test run after another) never
        # share counts: each key is salted with the store it guards.
        self._salt = hashlib.sha256(deployment.encode()).hexdigest()[:16]

    def _key(self, *parts: str) -> str:
        digest = hashlib.sha256("\0".join((self._salt, *parts)).encode()).hexdigest()
        return f"board:attempts:{digest[:32]}"

    def _sign_in_limits(self, username: str, address: str) -> list[Limit]:
        address = counted_address(address)
        return [
            (self._key("sign-in", "address", address), SIGN_IN_PER_ADDRESS),
            (self._key("sign-in", "account", username, address), SIGN_IN_PER_ACCOUNT_AT_ADDRESS),
        ]

    async def sign_in(self, username: str, address: str) -> Ticket | None:
        """Count a sign-in attempt, or None: too many from here (for this account)."""
        return await self.counter.take(self._sign_in_limits(username, address))

    async def signed_in(self, ticket: Ticket) -> None:
        """The password was right: the attempt is uncounted, and the account's own
        failures at this address forgotten (its holder has proved who they are)."""
        await self.counter.give_back(ticket, clear=ticket.keys[1:])

    async def join(self, address: str) -> Ticket | None:
        """Count an invite code tried, or None: too many wrong codes from here."""
        key = self._key("join", "address", counted_address(address))
        return await self.counter.take([(key, JOIN_PER_ADDRESS)])

    async def joined(self, ticket: Ticket) -> None:
        await self.counter.give_back(ticket)
