"""At a review the chair goes through the map with the room, on the shared screen: an
item still true, another no longer true with the reason (Debian's Chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from browser import (
    axe_violations,
    chair_screen,
    chromium,
    open_meeting,
)
from live import LiveServer, prepare_store, running_server
from playwright.sync_api import expect

from board.storage.store import CaseStore


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[LiveServer, UUID, str]]:
    store_url = str(tmp_path / "board.sqlite3")
    case_id = prepare_store(store_url)
    with running_server(store_url, tmp_path) as live:
        yield live, case_id, store_url


def _item_id(store_url: str, case_id: UUID, text: str) -> str:
    store = CaseStore(store_url)
    try:
        return next(i.item_id for i in store.board_at(case_id).items.values() if i.text == text)
    finally:
        store.close()


def test_the_chair_marks_items_still_true_and_no_longer_true(
    tmp_path: Path, server: tuple[LiveServer, UUID, str]
) -> None:
    live, case_id, store_url = server
    drinks = _item_id(store_url, case_id, "Dan drinks heavily at weekends")
    reads = _item_id(store_url, case_id, "Jess loves Lily and reads with her every night")
    errors: list[str] = []
    with chromium() as browser:
        chair = chair_screen(browser, live.url, case_id, errors)
        open_meeting(chair, "Review child protection conference")

        chair.locator(f'[data-action="edit"][data-kind="item"][data-id="{reads}"]').click()
        review = chair.locator(f'[data-key="review-{reads}"]')
        expect(review).to_have_attribute("role", "group")
        review.get_by_role("button", name="Still true").click()
        expect(review).to_contain_text("The room agreed this is still true at this meeting.")
        assert axe_violations(chair) == ""

        chair.locator(f'[data-action="edit"][data-kind="item"][data-id="{drinks}"]').click()
        review = chair.locator(f'[data-key="review-{drinks}"]')
        review.get_by_label("No longer true, because").fill(
            "Dan has not had a drink at home since April"
        )
        review.get_by_role("button", name="Mark no longer true").click()
        expect(chair.locator(f'[data-id="{drinks}"]')).to_have_count(0)
    assert errors == []

    store = CaseStore(store_url)
    try:
        board = store.board_at(case_id)
    finally:
        store.close()
    assert board.items[reads].confirmed is not None
    assert board.items[reads].confirmed.meeting_id == board.open_meeting_id
    assert board.items[drinks].removed
    assert board.items[drinks].no_longer_true == "Dan has not had a drink at home since April"
