"""The case's course and the record's decision in a real browser (Debian's Chromium via
Playwright), on the demo case: the timescales, the readiness check, the next steps and
the trajectory, axe-core clean at a desk and at 360 px; a bad decision refused in
words with nothing recorded."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest
from browser import no_axe_violations, signed_in_chair
from live import LiveServer, prepare_store, running_server
from playwright.sync_api import Browser, Page, expect

from board import commands as c
from board.application.service import BoardApplication
from board.events import Author
from board.practice import Framework, MeetingKind, Role
from board.storage.store import CaseStore

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, UUID, str]]:
    url = str(tmp_path_factory.mktemp("course") / "board.sqlite3")
    case_id = prepare_store(url)
    with running_server(url, tmp_path_factory.mktemp("logs")) as live:
        yield live, case_id, url


def _row(page: Page, what: str) -> str:
    return page.locator(
        "table.course-steps tr", has=page.get_by_role("rowheader", name=what, exact=True)
    ).inner_text()


@pytest.mark.parametrize("width", [1280, 360])
def test_the_course_page_shows_the_timescales_and_passes_axe(
    browser: Browser, demo: tuple[LiveServer, UUID, str], width: int
) -> None:
    live, case_id, _ = demo
    page = signed_in_chair(browser, live.url, width)
    page.goto(f"{live.url}/cases/{case_id}/course")
    assert page.get_by_role("heading", level=1).inner_text() == "Timescales and trajectory: Lily"
    # Strategy discussion Thursday 5 March 2026: the conference due by Thursday 26 March,
    # held on Tuesday 24 March.
    icpc = _row(page, "Initial child protection conference")
    assert "Thursday 26 March 2026" in icpc and "Tuesday 24 March 2026" in icpc
    assert "Held in time" in icpc
    core = _row(page, "First core group meeting")
    assert "Thursday 9 April 2026" in core and "Held in time" in core
    # The first review held 16 June; the next due six months on, booked a day before.
    review = _row(page, "Review conference")
    assert "Wednesday 16 December 2026" in review
    assert "Booked for Tuesday 15 December 2026" in review
    assert "Not yet" in review
    checks = page.locator(".checklist li").all_inner_texts()
    assert len(checks) == 5 and "Mapping shared with the family" in checks[1]
    steps = page.locator("table.next-steps").inner_text()
    assert "Refer Dan to the community alcohol service" in steps and "Amira Khan" in steps
    assert page.locator("ol.trajectory li").count() == 3
    if width == 360:  # nothing wider than a phone's screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    no_axe_violations(page)
    page.context.close()


def test_the_record_carries_the_decision_and_the_next_review(
    browser: Browser, demo: tuple[LiveServer, UUID, str]
) -> None:
    live, case_id, _ = demo
    page = signed_in_chair(browser, live.url, 1280)
    page.goto(f"{live.url}/cases/{case_id}/record?at=review")
    decision = page.locator("ul.decisions").inner_text()
    assert (
        "Lily: subject to a child protection plan, under the category of emotional abuse"
        in decision
    )
    assert (
        "The next review conference: Tuesday 15 December 2026." in page.locator("main").inner_text()
    )
    assert "Lead social worker: Amira Khan." in page.locator("main").inner_text()
    no_axe_violations(page)
    page.context.close()


def test_the_home_page_lists_what_is_due_soon(
    browser: Browser, demo: tuple[LiveServer, UUID, str]
) -> None:
    """The demo's next review is due by 16 December 2026 (booked for the 15th): from four
    weeks before it, due soon; after it, overdue; listed either way."""
    live, case_id, _ = demo
    page = signed_in_chair(browser, live.url, 360)
    due = page.locator("section.due-soon li").all_inner_texts()
    assert any(
        "review conference" in line
        and "Wednesday 16 December 2026" in line
        and "booked for Tuesday 15 December 2026" in line
        for line in due
    ), due
    link = page.locator("section.due-soon a").first.get_attribute("href")
    assert link is not None and link.endswith(f"/cases/{case_id}/course")
    no_axe_violations(page)
    page.context.close()


def test_a_category_without_a_plan_is_refused_and_nothing_is_recorded(
    browser: Browser, demo: tuple[LiveServer, UUID, str]
) -> None:
    live, case_id, url = demo
    store = CaseStore(url)
    try:
        head = store.head(case_id)
    finally:
        store.close()
    page = signed_in_chair(browser, live.url, 1280)
    page.goto(f"{live.url}/cases/{case_id}/course")
    page.get_by_text("A conference's decision").click()
    page.get_by_label("Not subject to a child protection plan").check()
    page.get_by_label("Category (only with a plan)").select_option("neglect")
    page.get_by_label("The reasons").fill("The plan has worked.")
    page.get_by_role("button", name="Record the decision").click()
    alert = page.get_by_role("alert")
    assert alert.inner_text() == (
        "A category is given only when Lily is subject to a child protection plan. "
        "Nothing was recorded."
    )
    store = CaseStore(url)
    try:
        assert store.head(case_id) == head
    finally:
        store.close()
    no_axe_violations(page)
    page.context.close()


def test_the_chairs_screen_starts_with_the_next_steps_agreed(
    browser: Browser, demo: tuple[LiveServer, UUID, str]
) -> None:
    live, case_id, _ = demo
    page = signed_in_chair(browser, live.url, 1280)
    page.goto(f"{live.url}/cases/{case_id}")
    section = page.locator("#next-steps")
    section.wait_for()
    steps = section.locator("li.next-step").all_inner_texts()
    # Still to do first, soonest first; then those done.
    assert steps[0].startswith("Dan (Jess's partner): Finish the twelve sessions")
    assert "By Wednesday 30 September 2026." in steps[0]
    assert any(s.startswith("Amira Khan: Refer Dan") and "Done." in s for s in steps)
    assert (
        page.get_by_role("link", name="the readiness check, timescales and trajectory").count() == 1
    )
    no_axe_violations(page)
    page.context.close()


def _moved_into_care(store_url: str) -> UUID:
    """A child protection case whose child became looked after: a rule written for mum,
    a conference, then the move to Signs of Success."""
    store = CaseStore(store_url)
    try:
        app = BoardApplication(store)
        chair = Author("staff-chair", "Sam Reid", Role.CHAIR)
        case_id = app.open_case("Jay", "the Okafor family", Framework.SAFETY, chair)
        app.execute(case_id, c.AddChild(name="Jay", age=12), chair)
        app.execute(
            case_id, c.AllocateStaff(username="chair", name="Sam Reid", role=Role.CHAIR), chair
        )
        app.execute(case_id, c.AddPlanRule(who="Mum", what="Takes Jay to school every day"), chair)
        app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC), chair)
        app.execute(case_id, c.CloseMeeting(), chair)
        app.execute(case_id, c.ChangeFramework(framework=Framework.SUCCESS), chair)
        return case_id
    finally:
        store.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_a_case_moved_into_care_shows_its_new_course_and_the_rules_to_review(
    browser: Browser, demo: tuple[LiveServer, UUID, str], width: int
) -> None:
    live, _, url = demo
    case_id = _moved_into_care(url)
    page = signed_in_chair(browser, live.url, width)
    page.goto(f"{live.url}/cases/{case_id}/course")
    moved = page.locator("section.moved").inner_text()
    assert "The case moved to Signs of Success (looked after, adoption)" in moved
    assert "Review who does each rule of the care plan" in moved
    assert "Who: Mum. What: Takes Jay to school every day" in moved
    steps = page.locator("table.course-steps").inner_text()
    assert "First looked after child review" in steps and "As agreed" in steps
    assert "Initial child protection conference" not in steps
    no_axe_violations(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_form_for_a_meeting_held_away_from_the_board_passes_axe(
    browser: Browser, demo: tuple[LiveServer, UUID, str], width: int
) -> None:
    live, case_id, _ = demo
    page = signed_in_chair(browser, live.url, width)
    page.goto(f"{live.url}/cases/{case_id}/course")
    # The demo's strategy discussion by phone is listed with its real day and who took part.
    held = page.locator("ol.meetings-held li").first.inner_text()
    assert held.startswith("Strategy meeting, Thursday 5 March 2026 recorded afterwards")
    assert "with Amira Khan, Helen Ward" in held
    assert "Section 47 enquiries start." in held
    page.get_by_text("A meeting held away from the board").click()
    page.get_by_text("A strategy discussion's decision").click()
    expect(page.get_by_label("The day it was held")).to_be_visible()
    expect(page.get_by_label("Do section 47 enquiries start?", exact=False).first).to_be_visible()
    if width == 360:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    no_axe_violations(page)
    page.context.close()
