"""Replay, compare and the records in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from live import STAFF_PASSWORD, LiveServer, prepare_store, running_server
from playwright.sync_api import Browser, Page, sync_playwright

from board.practice import Domain, domain_heading
from board.store import CaseStore

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, UUID, str]]:
    url = str(tmp_path_factory.mktemp("history") / "board.sqlite3")
    case_id = prepare_store(url)
    with running_server(url, tmp_path_factory.mktemp("logs")) as live:
        yield live, case_id, url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, demo: tuple[LiveServer, UUID, str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    signed_in = context.new_page()
    signed_in.goto(f"{demo[0].url}/signin")
    signed_in.fill("#username", "chair")
    signed_in.fill("#password", STAFF_PASSWORD)
    signed_in.click("button[type=submit]")
    signed_in.wait_for_url(f"{demo[0].url}/")
    yield signed_in
    context.close()


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def no_axe_violations(page: Page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_scrubber_shows_the_board_of_its_position(
    page: Page, demo: tuple[LiveServer, UUID, str]
) -> None:
    server, case_id, url = demo
    page.goto(f"{server.url}/cases/{case_id}/replay?at=0")
    store = CaseStore(url)
    try:
        for target in (45, 12, 107):
            slider = page.locator("#position")
            slider.focus()
            slider.evaluate(
                "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", str(target)
            )
            page.wait_for_selector(f"#replay-frame[data-position='{target}']")
            board = store.board_at(case_id, target)
            shown = page.locator("#replay-frame .items li").all_inner_texts()
            expected = [i.text for d in Domain for i in board.items_in(d)]
            assert [s.split(" (")[0] for s in shown] == [e.split(" (")[0] for e in expected]
        page.keyboard.press("Home")  # the slider keeps working from the keyboard alone
        page.wait_for_selector("#replay-frame[data-position='0']")
        assert "nothing has happened yet" in page.inner_text("#event-words")
    finally:
        store.close()
    no_axe_violations(page)
    shoot(page, "replay")


def test_compare_shows_a_reworded_danger_statement_with_both_wordings(
    page: Page, demo: tuple[LiveServer, UUID, str]
) -> None:
    server, case_id, url = demo
    page.goto(f"{server.url}/cases/{case_id}/compare?from=fnm&to=review")
    store = CaseStore(url)
    try:
        # The first danger statement as the family network meeting left it.
        fnm = next(iter(store.board_at(case_id).meetings.values()))
        assert fnm.closed is not None
        (first, *_) = store.board_at(case_id, fnm.closed.position).danger_statements.values()
        latest = store.board_at(case_id).danger_statements[first.statement_id]
    finally:
        store.close()
    assert first.text != latest.text
    history = page.locator(".statement-history").first.inner_text()
    assert first.text in history and latest.text in history
    reworded = page.locator("li.revised", has_text="It said").first.inner_text()
    assert first.text in reworded and latest.text in reworded
    no_axe_violations(page)
    shoot(page, "compare")


def test_the_record_prints_to_a_pdf_with_the_seven_domains_and_the_plan(
    page: Page, demo: tuple[LiveServer, UUID, str]
) -> None:
    server, case_id, url = demo
    page.goto(f"{server.url}/cases/{case_id}/record?at=icpc")
    no_axe_violations(page)
    shoot(page, "record")
    response = page.request.get(f"{server.url}/cases/{case_id}/record.pdf?at=icpc")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    text = " ".join(
        (p.extract_text() or "") for p in pypdf.PdfReader(io.BytesIO(response.body())).pages
    )
    text = " ".join(text.split())
    store = CaseStore(url)
    try:
        icpc = store.board_at(case_id, int(_icpc_end(store, case_id)))
    finally:
        store.close()
    for domain in Domain:
        assert domain_heading(icpc.framework, domain) in text
    rules = icpc.current_plan()
    assert rules
    for rule in rules:
        assert " ".join(f"{rule.who} {rule.what}".split()) in text


def _icpc_end(store: CaseStore, case_id: UUID) -> int:
    board = store.board_at(case_id)
    (icpc,) = [m for m in board.meetings.values() if m.kind.value == "icpc"]
    assert icpc.closed is not None
    return icpc.closed.position


def test_the_fridge_plan_is_plain_and_accessible(
    page: Page, demo: tuple[LiveServer, UUID, str]
) -> None:
    server, case_id, _ = demo
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{server.url}/cases/{case_id}/plan?at=review")
    assert "Our plan to keep Lily safe" in page.inner_text("h1")
    assert page.locator(".fridge-rules li").count() >= 5
    no_axe_violations(page)
    shoot(page, "fridge-plan")
