"""Shared fixtures: real stores (SQLite files, the machine's PostgreSQL) and the demo case.

Tests that need PostgreSQL or Redis use the real servers on 127.0.0.1. Where they do
not answer, those tests skip with the reason, except in CI (CI=true), where a
missing service is an error.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from live import IN_CI
from through_the_app import Clock

from board.application.service import BoardApplication
from board.storage.store import CaseStore

# The test suite's throwaway accounts are hashed at argon2's lowest cost (board/settings.py):
# set here, before anything hashes, for this process and every server and command it
# starts. tests/unit/test_password_hashing.py checks the production cost and the refusal.
os.environ.setdefault("BOARD_ARGON2_COST", "test")

pytest_plugins = ["shared_server", "browser_fixtures"]  # in tests/support/

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"


def service_missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI must have it: .ci/run starts it)")
    pytest.skip(reason)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "board.sqlite3")


@pytest.fixture
def store(sqlite_url: str) -> Iterator[CaseStore]:
    case_store = CaseStore(sqlite_url)
    yield case_store
    case_store.close()


@pytest.fixture
def app(store: CaseStore) -> BoardApplication:
    return BoardApplication(store)


@pytest.fixture
def clocked_app(store: CaseStore, clock: Clock) -> BoardApplication:
    """The application with the test module's own `clock` fixture (a Clock starting on the
    day its story does)."""
    return BoardApplication(store, clock=clock)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A store URL on the real PostgreSQL, in a schema of its own, dropped afterwards."""
    schema = f"board_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        service_missing(f"PostgreSQL does not answer at 127.0.0.1:5432: {error}")
        return
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}"
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def each_store_url(request: pytest.FixtureRequest) -> str:
    """The test once on a SQLite file and once on PostgreSQL (which skips, outside CI,
    where PostgreSQL does not answer)."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    found: str = request.getfixturevalue(fixture)
    return found


@pytest.fixture
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        service_missing(f"Redis does not answer at 127.0.0.1:6379: {error}")
    return REDIS_URL
