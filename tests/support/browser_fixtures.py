"""What every browser test shares: one Chromium per module, a live server on a fresh
store with the demo-shaped case, and the `browser` mark (skipped only where Debian's
Chromium is missing; `scripts/test` installs it). A plugin, loaded by tests/conftest.py:
a second conftest.py would shadow the first one's `from conftest import …`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from browser import NEEDS_CHROMIUM, chromium
from live import LiveServer, prepare_store, running_server
from playwright.sync_api import Browser

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
def server(tmp_path: Path) -> Iterator[tuple[LiveServer, UUID]]:
    store_url = str(tmp_path / "board.sqlite3")
    case_id = prepare_store(store_url)
    with running_server(store_url, tmp_path) as live:
        yield live, case_id
