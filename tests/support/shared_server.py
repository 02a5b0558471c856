"""One live server for the whole session, for tests that do not change the server.

Starting `python -m board serve` and writing its store costs seconds; most live and
browser tests only need a server with the test staff and a demo case of their own. They
share this one: each module (or test) that writes gets a fresh demo case in the shared
store (`SharedServer.new_case`, through `add_demo_case`), so tests stay independent.
Tests that change the server itself (its settings, faults, kill -9, Redis, PostgreSQL,
proxies, rate limits) start their own with `running_server`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

import pytest
from live import LiveServer, add_demo_case, prepare_store, running_server

from board.storage.store import CaseStore


@dataclass(frozen=True)
class SharedServer:
    live: LiveServer
    store_url: str
    first_case: UUID

    def new_case(self) -> UUID:
        """A demo case of its own, allocated to the test staff (chair, worker, manager)."""
        return add_demo_case(self.store_url)

    def head(self, case_id: UUID) -> int:
        """The case's last position in the shared store: to prove a refusal wrote nothing."""
        store = CaseStore(self.store_url)
        try:
            return store.head(case_id)
        finally:
            store.close()


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedServer]:
    folder = tmp_path_factory.mktemp("shared-server")
    url = str(folder / "board.sqlite3")
    first_case = prepare_store(url)
    with running_server(url, folder) as live:
        yield SharedServer(live, url, first_case)
        if live.process.poll() is not None:
            pytest.fail(f"the shared server stopped during the session:\n{live.log()}")
