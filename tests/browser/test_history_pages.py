"""Replay, compare and the records in a real browser (Debian's Chromium via Playwright)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pypdf
import pytest
from browser import no_axe_violations, signed_in_chair
from live import LiveServer
from playwright.sync_api import Browser, Page
from shared_server import SharedServer

from board.practice import Domain, domain_heading
from board.projections.family_plan import rule_said
from board.storage.store import CaseStore

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="module")
def demo(shared_server: SharedServer) -> tuple[LiveServer, UUID, str]:
    """The session's server, a demo case of this module's own, and the store's URL."""
    return shared_server.live, shared_server.new_case(), shared_server.store_url


@pytest.fixture
def page(browser: Browser, demo: tuple[LiveServer, UUID, str]) -> Iterator[Page]:
    signed_in = signed_in_chair(browser, demo[0].url, 1280)
    yield signed_in
    signed_in.context.close()


def shoot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


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


def test_the_reviews_compare_page_lays_both_maps_side_by_side(
    page: Page, demo: tuple[LiveServer, UUID, str]
) -> None:
    server, case_id, _ = demo
    page.goto(f"{server.url}/cases/{case_id}/compare")  # default: the ICPC and the review
    # Headings name the meetings and their days, never positions.
    lead = page.locator(".lead").inner_text()
    assert lead == (
        "Initial child protection conference, 24 March 2026 beside "
        "Review child protection conference, 16 June 2026."
    )
    assert "position" not in page.locator("main").inner_text().lower()
    complicating = page.locator("#domain-complicating_factors")
    assert complicating.locator("thead th").all_inner_texts() == [
        "Initial child protection conference, 24 March 2026",
        "Review child protection conference, 16 June 2026",
        "What changed",
    ]
    changed = complicating.locator("tr.row-changed")
    cells = changed.locator("td").all_inner_texts()
    assert cells[0].startswith("Jess has had low mood since her father died last year")
    assert cells[1].startswith("Jess has had low mood since her father died; she is now seeing")
    assert cells[2].startswith("Changed")
    gone = complicating.locator("tr.row-no_longer_true").locator("td").all_inner_texts()
    assert gone[0].startswith("Lily is often late on Mondays")
    assert gone[1] == "Not on the map"
    assert gone[2].startswith(
        "No longer true — why: the school says Lily has been on time most days since April"
    )
    # One row per person, with their movement.
    people = page.locator("table.people-scores tbody th").all_inner_texts()
    assert people == [
        "Jess (mum, parent)",
        "Dan (Jess's partner, parent)",
        "Gran Pat (family network member)",
        "Ms Hughes (school, professional)",
        "Nurse Okafor (health visitor, professional)",
        "Amira Khan (social worker)",
        "Aunt Sophie (family network member)",
    ]
    jess = page.locator("table.people-scores tbody tr").first.locator("td").all_inner_texts()
    assert jess[1:] == ["6", "8", "up 2"]
    no_axe_violations(page)
    shoot(page, "compare")
    page.set_viewport_size({"width": 360, "height": 800})
    no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shoot(page, "compare-360")


def test_the_summary_is_one_printable_page(page: Page, demo: tuple[LiveServer, UUID, str]) -> None:
    server, case_id, _ = demo
    page.goto(f"{server.url}/cases/{case_id}/compare?summary=1")
    lines = page.locator(".summary-lines li").all_inner_texts()
    assert lines[0].startswith("The mapping: 4 new, 1 changed, 2 agreed still true")
    no_axe_violations(page)
    pdf = page.pdf(format="A4")
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1


def test_a_threads_history_names_meetings_and_days(
    page: Page, demo: tuple[LiveServer, UUID, str]
) -> None:
    server, case_id, url = demo
    store = CaseStore(url)
    try:
        board = store.board_at(case_id)
    finally:
        store.close()
    first = next(iter(board.danger_statements))
    page.goto(f"{server.url}/cases/{case_id}/threads/{first}")
    assert page.locator("h1").inner_text() == "Danger statement 1: its history"
    rows = page.locator("ol.thread-history li").all_inner_texts()
    assert len(rows) == 2
    assert rows[0].startswith("Family network meeting, 9 March 2026, 10:10 \u2014 Amira Khan")
    assert "Written: Social workers and police are worried" in rows[0]
    assert rows[1].startswith("Initial child protection conference, 24 March 2026, ")
    assert "Reworded: Social workers, police and the school are worried" in rows[1]
    assert "position" not in page.locator("main").inner_text().lower()
    no_axe_violations(page)
    # A person's scores, meeting by meeting.
    page.goto(f"{server.url}/cases/{case_id}/people/p-pat/scores")
    assert page.locator("h1").inner_text() == "Gran Pat (family network member): every score"
    cells = page.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => [r.cells[0].innerText, r.cells[2].innerText])"
    )
    assert cells == [
        ["Family network meeting, 9 March 2026", "5"],
        ["Initial child protection conference, 24 March 2026", "5"],
        ["Core group meeting, 2 April 2026", "6"],
        ["Review child protection conference, 16 June 2026", "8"],
    ]
    no_axe_violations(page)
    # Not this case's, or nobody's: not found, said the same way.
    assert page.goto(f"{server.url}/cases/{case_id}/threads/no-such-thing").status == 404
    assert page.goto(f"{server.url}/cases/{case_id}/people/no-one/scores").status == 404


def test_the_replay_lists_one_persons_or_one_meetings_changes(
    page: Page, demo: tuple[LiveServer, UUID, str]
) -> None:
    server, case_id, url = demo
    store = CaseStore(url)
    try:
        board = store.board_at(case_id)
    finally:
        store.close()
    icpc = next(m for m in board.meetings.values() if m.kind.value == "icpc")
    page.goto(f"{server.url}/cases/{case_id}/replay?meeting={icpc.meeting_id}")
    assert page.locator("#listed-heading").inner_text() == (
        "Every change at the Initial child protection conference, 24 March 2026"
    )
    rows = page.locator(".listed-changes li").all_inner_texts()
    assert len(rows) == icpc.closed.position - icpc.opened.position + 1  # type: ignore[union-attr]
    assert all(", Initial child protection conference \u2014 " in row for row in rows)
    assert rows[0].startswith("24 March 2026, 10:02, Initial child protection conference")
    no_axe_violations(page)
    page.goto(f"{server.url}/cases/{case_id}/replay?person=p-pat")
    assert page.locator("#listed-heading").inner_text() == (
        "Every change by Gran Pat (family network member)"
    )
    rows = page.locator(".listed-changes li").all_inner_texts()
    assert rows and all("\u2014 Gran Pat (family network member) " in row for row in rows)
    assert "Family network meeting" in rows[0] and "Review child protection conference" in rows[-1]
    # Following a change's link moves the scrubber there, and says where in words.
    link = page.locator(".listed-changes li a").first
    at = link.get_attribute("data-at")
    link.click()
    page.wait_for_selector(f"#replay-frame[data-position='{at}']")
    output = page.locator("#position-output").inner_text()
    assert output.startswith("Family network meeting, 9 March 2026, ")
    no_axe_violations(page)


def test_the_reviews_record_says_what_is_no_longer_true_and_why(
    page: Page, demo: tuple[LiveServer, UUID, str]
) -> None:
    server, case_id, _ = demo
    page.goto(f"{server.url}/cases/{case_id}/record?at=review")
    gone = page.locator("ul.no-longer-true li").all_inner_texts()
    assert gone == [
        "Lily is often late on Mondays — why: the school says Lily has been on time most "
        "days since April",
        "Lily stays with Gran on Friday nights and is always picked up on time — why: Lily "
        "now stays with Gran on Saturday nights instead",
        "Amira to visit weekly, including one unannounced visit — why: Amira now visits "
        "every two weeks, as the plan says",
        "Dan to be referred to the community alcohol service — why: done: Amira referred "
        "Dan in March",
    ]
    strengths = page.locator("li", has_text="Jess loves Lily and reads with her every night")
    assert "agreed still true at this meeting" in strengths.inner_text()
    no_axe_violations(page)


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
    for rule in rules:  # each as one sentence (W1): never "Everyone … Lily is never…"
        assert " ".join(rule_said(rule.who, rule.what, rule.when, rule.kind).split()) in text
    assert "Lily Lily" not in text


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
