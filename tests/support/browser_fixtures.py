"""What every browser test shares: one Chromium per module (a module may start its own:
Playwright's sync API runs one at a time), the session's live server with a fresh demo
case for each test (tests/support/shared_server.py), the `room` that holds them with the
script errors of the test's pages, and the `browser` mark (skipped only where Debian's
Chromium is missing; `scripts/test` installs it). A plugin, loaded by tests/conftest.py:
a second conftest.py would shadow the first one's `from conftest import …`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from browser import NEEDS_CHROMIUM, Room, chromium
from live import LiveServer
from playwright.sync_api import Browser
from shared_server import SharedServer

BROWSER_TESTS = Path(__file__).resolve().parent.parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_TESTS in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(NEEDS_CHROMIUM)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def server(shared_server: SharedServer) -> tuple[LiveServer, UUID]:
    """The session's server and a demo case of this test's own."""
    return shared_server.live, shared_server.new_case()


@pytest.fixture
def room(browser: Browser, server: tuple[LiveServer, UUID]) -> Room:
    """Chromium, the session's server and a demo case of this test's own, with the list
    that collects the script errors of every page the test opens."""
    live, case_id = server
    return Room(browser, live, case_id)
