"""Guesses counted in Redis, shared by every process of one deployment (and only
that one), and counted in the process again when Redis is away."""

from __future__ import annotations

import uuid

import pytest

from board.web.attempts import JOIN_PER_ADDRESS, Guesses, RedisCounter


@pytest.mark.redis
async def test_counts_in_redis_are_shared_and_salted_by_deployment(redis_url: str) -> None:
    first, second = RedisCounter(redis_url), RedisCounter(redis_url)
    other = RedisCounter(redis_url)
    try:
        deployment = f"store-{uuid.uuid4()}"
        a, b = Guesses(first, deployment), Guesses(second, deployment)
        elsewhere = Guesses(other, deployment + "-other")
        for n in range(JOIN_PER_ADDRESS):
            assert await (a if n % 2 else b).join("1.1.1.1") is not None
        assert await a.join("1.1.1.1") is None
        assert await b.join("1.1.1.1") is None
        assert await elsewhere.join("1.1.1.1") is not None  # another store's counts
    finally:
        for counter in (first, second, other):
            await counter.close()


async def test_with_redis_away_the_process_counts_on_its_own() -> None:
    counter = RedisCounter("redis://127.0.0.1:1/0")  # nothing listens on port 1
    guesses = Guesses(counter, "store")
    try:
        for _ in range(JOIN_PER_ADDRESS):
            assert await guesses.join("1.1.1.1") is not None  # nobody is locked out
        assert await guesses.join("1.1.1.1") is None  # and the limit still holds
    finally:
        await counter.close()
