"""Playwright helpers for the browser tests: Debian's Chromium, the meeting's steps as a
chair or a phone would take them, screenshots and axe-core checks.

Used by the tests in tests/browser/, each with a real server from tests/support/live.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec
import pytest
from axe_playwright_python.sync_playwright import Axe
from live import IN_CI, ROOT, STAFF_PASSWORD, LiveServer
from playwright.sync_api import Browser, Page, expect, sync_playwright

from board.events.codec import import_line
from board.projections.board import Board
from board.projections.guest_ranks import GuestRanks, ranked
from board.projections.visibility import Audience, board_for
from board.web.printing import CHROMIUM, CHROMIUM_FLAGS

# Outside CI a machine without Chromium skips what needs it; in CI it runs, and fails if
# Chromium is missing (scripts/test installs it), so nothing passes there unseen.
NEEDS_CHROMIUM = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not IN_CI, reason=f"no Chromium at {CHROMIUM}"
)
CHROMIUM_ARGS = list(CHROMIUM_FLAGS)  # the server prints PDFs with the same flags
ARTIFACTS = ROOT / "test-artifacts"
WALL = {"width": 1920, "height": 1080}
PHONE = {"width": 360, "height": 740}
WAIT = 10_000  # ms: the longest any one step should take

_axe = Axe()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium (never a downloaded one), headless."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Browser, viewport: dict[str, int], errors: list[str]) -> Page:
    """A page in a context of its own (its own cookies: its own person). Script errors
    on the page are collected in `errors`, so a test can insist there were none."""
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    context.set_default_timeout(WAIT)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return page


def shot(page: Page, name: str, *, full_page: bool = False, at: str | None = None) -> Path:
    """Save a screenshot to test-artifacts/ (from the top, or scrolled to `at`)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if at is None:
        page.evaluate("window.scrollTo(0, 0)")
    else:
        page.locator(at).first.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(path), full_page=full_page)
    return path


def axe_violations(page: Page) -> str:
    """axe-core's report of every violation on the page, or "" if there are none."""
    results = _axe.run(page)
    if results.violations_count == 0:
        return ""
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return f"{page.url}:\n  " + "\n  ".join(lines)


def no_axe_violations(page: Page) -> None:
    """axe-core finds nothing on the page; its own report where it does."""
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def status(page: Page) -> str:
    return page.locator("#connection-status").inner_text()


def wait_live(page: Page) -> None:
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "live")


# -- staff ---------------------------------------------------------------------------


def sign_in(page: Page, base_url: str, username: str = "chair") -> None:
    page.goto(f"{base_url}/signin")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def signed_in_chair(browser: Browser, base_url: str, width: int) -> Page:
    """The chair signed in through the form, on the home page, in a context of its own
    `width` wide and 900 high."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/signin")
    page.fill("#username", "chair")
    page.fill("#password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")
    return page


def open_screen(page: Page, base_url: str, case_id: object) -> None:
    page.goto(f"{base_url}/cases/{case_id}")
    wait_live(page)


def chair_screen(browser: Browser, base_url: str, case_id: object, errors: list[str]) -> Page:
    """The chair, signed in, on the case's shared screen at wall size, live."""
    chair = new_page(browser, WALL, errors)
    sign_in(chair, base_url)
    open_screen(chair, base_url, case_id)
    return chair


def open_meeting(chair: Page, kind_label: str = "Core group meeting") -> None:
    chair.get_by_label("Which meeting?").select_option(label=kind_label)
    chair.get_by_role("button", name="Open the meeting").click()
    expect(chair.locator(".meeting-line")).to_contain_text(kind_label)


def make_invite(chair: Page, role_label: str) -> str:
    """Make an invite code on the chair's screen; returns the code shown."""
    before = chair.locator(".invite-code").count()
    chair.get_by_label("They are a").select_option(label=role_label)
    chair.get_by_role("button", name="Make an invite code").click()
    expect(chair.locator(".invite-code")).to_have_count(before + 1)
    code = chair.locator(".invites li").first.locator(".invite-code").inner_text()
    return code.replace("Code:", "").strip()


def admit(chair: Page, name: str, as_person: str = "") -> None:
    """Let someone waiting in: from the top bar, as the server proposes; or, when the
    name they typed is a person of the case's (a claim the chair checks, never chosen
    for them), as that person (`as_person`, their id), chosen in the picker."""
    if as_person:
        entry = chair.locator(".people-list.lobby li").filter(
            has=chair.locator("p.person", has_text=name)
        )
        expect(entry).to_contain_text("says they are")
        entry.get_by_label(f"Who is {name}?").select_option(as_person)
        entry.get_by_role("button", name="Let in", exact=True).click()
    else:
        chair.get_by_role("button", name=f"Let in {name}").click()
    expect(chair.locator(".people-list.here")).to_contain_text(name)


def open_round(
    chair: Page,
    question: str,
    statement: str | None = None,
    for_a_child: tuple[str, str, str] | None = None,
) -> None:
    """Ask a scaling question; `for_a_child`: the question, its 0 and its 10 for a child."""
    chair.get_by_label("The question", exact=True).fill(question)
    chair.get_by_label("What 0 means").fill("Lily will be hurt again if nothing changes")
    chair.get_by_label("What 10 means").fill("Everyone is confident Lily is safe enough")
    if for_a_child is not None:
        chair.get_by_label("The same question in a child's words").fill(for_a_child[0])
        chair.get_by_label("For a child, 0 means").fill(for_a_child[1])
        chair.get_by_label("For a child, 10 means").fill(for_a_child[2])
    if statement is not None:  # the start of the option's words, "Danger statement 1:"
        about = chair.get_by_label(re.compile("Is it about one"))
        value = about.locator("option", has_text=statement).get_attribute("value")
        about.select_option(value=value)
    chair.get_by_role("button", name="Ask the question").click()
    expect(chair.locator("#scaling-now .question")).to_have_text(question)


def add_item(page: Page, heading: str, text: str) -> None:
    """Add an item under a domain heading, by pointer (the keyboard test does it by keys)."""
    page.get_by_role("button", name=f"Add to {heading}", exact=True).click()
    form = page.locator(f"form.add-form:has(label:text-is('New item for {heading}'))")
    form.get_by_label(f"New item for {heading}").fill(text)
    form.get_by_role("button", name="Add", exact=True).click()
    expect(form.get_by_label(f"New item for {heading}")).to_have_value("")
    expect(page.locator(".item-text", has_text=text)).to_have_count(1)
    form.get_by_role("button", name="Done").click()


# -- people with an invite -----------------------------------------------------------


def join(page: Page, base_url: str, code: str, name: str) -> None:
    page.goto(f"{base_url}/join?code={code}")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting to be let in")


def phone_in(
    browser: Browser,
    base_url: str,
    chair: Page,
    role_label: str,
    name: str,
    errors: list[str],
    *,
    as_person: str = "",
) -> Page:
    """A phone at 360 px with a fresh invite of that role: joined as `name`, let in by
    the chair (as the case's person `as_person` when given), and live."""
    code = make_invite(chair, role_label)
    phone = new_page(browser, PHONE, errors)
    join(phone, base_url, code, name)
    admit(chair, name, as_person=as_person)
    wait_live(phone)
    return phone


@dataclass
class Room:
    """What a browser test starts from (the `room` fixture): Chromium, the live server, a
    demo case of the test's own, and the script errors of every page opened through it,
    which the test insists on being none (`assert room.errors == []`)."""

    browser: Browser
    live: LiveServer
    case_id: UUID
    errors: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.live.url

    def page(self, viewport: dict[str, int]) -> Page:
        """A page of its own (its own person), not signed in."""
        return new_page(self.browser, viewport, self.errors)

    def chair(self) -> Page:
        """The chair, signed in, on the case's shared screen at wall size, live."""
        return chair_screen(self.browser, self.url, self.case_id, self.errors)

    def phone_in(self, chair: Page, role_label: str, name: str, *, as_person: str = "") -> Page:
        """A phone let in by the chair (`phone_in`)."""
        return phone_in(
            self.browser, self.url, chair, role_label, name, self.errors, as_person=as_person
        )


def unfold(phone: Page, name: str) -> None:
    """Open a part of the board a phone keeps folded ("the mapping"), as a tap does."""
    phone.get_by_role("button", name=f"Show {name}", exact=True).click()
    expect(phone.get_by_role("button", name=f"Hide {name}", exact=True)).to_have_attribute(
        "aria-expanded", "true"
    )


def vote(phone: Page, score: int, narrative: str) -> None:
    phone.get_by_role("radio", name=str(score), exact=True).check()
    phone.get_by_label("Why that number?").fill(narrative)
    phone.get_by_role("button", name=re.compile("(Send|Change) my score")).click()
    expect(phone.locator(".your-vote")).to_contain_text(f"You said {score}")


def focused(page: Page, selector: str) -> bool:
    return bool(page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector))


def tab_to(page: Page, selector: str, *, most: int = 200) -> None:
    """Press Tab until the element matching `selector` has focus (keyboard alone)."""
    for _ in range(most):
        if focused(page, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def page_board(page: Page) -> dict[str, Any]:
    """The board as the page's script holds it: its snapshot, with every event frame's
    changes applied."""
    board: dict[str, Any] = page.evaluate("document.getElementById('board-app').boardApp.board")
    return board


def page_guest(page: Page) -> str | None:
    """The participant id of the guest the page is for, or None for a member of staff."""
    person: str | None = page.evaluate(
        """() => {
            const app = document.getElementById('board-app').boardApp;
            return app.words.staff_roles.includes(app.me.role) ? null : app.me.participant_id;
        }"""
    )
    return person


def state_board(page: Page, case_id: object, position: int) -> dict[str, Any]:
    """The server's board at a position, through the state API with the page's own
    cookie: cut for whoever the page is for (staff see it all)."""
    board: dict[str, Any] = page.evaluate(
        """async ([caseId, position]) => {
            const response = await fetch(`/api/cases/${caseId}/state?at=${position}`);
            if (!response.ok) throw new Error(`state: ${response.status}`);
            return (await response.json()).board;
        }""",
        [str(case_id), position],
    )
    return board


def cut_for_guest(
    staff_board: dict[str, Any], participant_id: str, ranks: GuestRanks | None = None
) -> dict[str, Any]:
    """The staff board as one guest may hold it, cut here by the visibility rule
    (board_for) and, given the case's `ranks`, at guest ranks, as plain JSON data."""
    board = msgspec.json.decode(msgspec.json.encode(staff_board), type=Board)
    cut = board_for(board, Audience.guest(participant_id))
    if ranks is not None:
        cut = ranked(cut, ranks)
    plain: dict[str, Any] = msgspec.json.decode(msgspec.json.encode(cut))
    return plain


def staff_guest_ranks(staff: Page, case_id: object) -> GuestRanks:
    """The case's guest ranks, judged here from the raw record and the latest board
    a member of staff reads (board.projections.guest_ranks)."""
    lines: str = staff.evaluate(
        """async (caseId) => {
            const response = await fetch(`/api/cases/${caseId}/events`);
            if (!response.ok) throw new Error(`events: ${response.status}`);
            return await response.text();
        }""",
        str(case_id),
    )
    events = [import_line(line) for line in lines.splitlines() if line.strip()]
    latest = state_board(staff, case_id, events[-1].position if events else 0)
    ranks = GuestRanks()
    ranks.judge(events, msgspec.json.decode(msgspec.json.encode(latest), type=Board))
    return ranks


def _differences(expected: Any, held: Any, path: str, out: list[str]) -> None:
    if isinstance(expected, dict) and isinstance(held, dict):
        for key in expected.keys() - held.keys():
            out.append(f"{path}.{key}: missing in the page")
        for key in held.keys() - expected.keys():
            out.append(f"{path}.{key}: in the page, not on the server")
        for key in expected.keys() & held.keys():
            _differences(expected[key], held[key], f"{path}.{key}", out)
    elif expected != held:
        out.append(f"{path}: server {expected!r}, page {held!r}")


# The board's collections keyed by id: the page must hold them in the server's order
# (danger statements are numbered by it).
KEYED = (
    "items",
    "danger_statements",
    "safety_goals",
    "harm_statements",
    "scaling_rounds",
    "plan",
    "meetings",
)


def assert_same_board(held: dict[str, Any], expected: dict[str, Any]) -> None:
    """The page's board is exactly the server's, field for field, with its collections
    (danger statements above all) in the same order. Any difference fails."""
    found: list[str] = []
    _differences(expected, held, "board", found)
    assert not found, "the page's board differs from the server's:\n  " + "\n  ".join(found)
    assert held == expected
    for name in KEYED:
        assert list(held[name]) == list(expected[name]), f"{name} in another order"


def assert_page_holds_servers_board(staff: Page, page: Page, case_id: object) -> None:
    """The board the page holds (after every frame it was sent) equals the server's
    board at that position for the page's audience: through the state API with the
    page's own cookie and, for a guest, the staff board cut here for that guest."""
    held = page_board(page)
    position = held["position"]
    expected = state_board(page, case_id, position)
    guest = page_guest(page)
    if guest is not None:
        # A guest's positions are guest ranks: the staff board is read at the real
        # position of that rank, and cut and ranked here as the rule says.
        ranks = staff_guest_ranks(staff, case_id)
        whole = state_board(staff, case_id, ranks.first_position(position))
        # A member of staff is shown only their own undo steps, so the guest's own are
        # not in the staff board to cut from: everything else must be the rule's cut.
        cut = cut_for_guest(whole, guest, ranks)
        assert {k: v for k, v in expected.items() if k != "undo_steps"} == {
            k: v for k, v in cut.items() if k != "undo_steps"
        }, "the state API's cut is not the rule's"
    assert_same_board(held, expected)
