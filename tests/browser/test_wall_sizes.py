"""The wall on its own page at three screens (issue 23, item 2): 1920×1080, 1366×768
and 1280×720 (a common projector), with one suggestion from a phone waiting on the
demo case's plan. Every page of every view fits with no scroll, no element outside the
screen (bounding boxes inside the viewport), its tabs on one row, and type of 28 px at
1080p and 24 px and up below; a card cut short shows its first two lines at least; the
plan is at most two pages; the statements and what Lily says fill the wall rather than
a quarter of it (their cards cover 40% of the stage at least); axe finds nothing.
Screenshots of every page of every view at each size are kept in test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from browser import (
    Room,
    axe_violations,
    open_meeting,
    shot,
    sign_in,
    wait_live,
)
from playwright.sync_api import Page, expect
from test_wall import SEEN_TEXT

SIZES = ((1920, 1080, 28), (1366, 768, 24), (1280, 720, 24))  # width, height, smallest px
VIEWS = {
    "mapping": "The mapping",
    "child": "What Lily says",
    "statements": "Danger statements and safety goals",
    "plan": "Safety plan",
    "round": "Scaling",
    "join": "Join the meeting",
}

# Whatever is drawn and lies, even in part, outside the screen or cut by the stage the
# fitting pages through; and the tabs' rows.
OUTSIDE = """() => {
  const out = [];
  for (const el of document.querySelectorAll('#board-view *')) {
    if (!el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > innerWidth + 1 || r.bottom > innerHeight + 1 || r.left < -1 || r.top < -1) {
      out.push(`${el.tagName}.${el.className} ${Math.round(r.right)}x${Math.round(r.bottom)}`);
    }
  }
  const stage = document.getElementById('wall-stage');
  const box = stage.getBoundingClientRect();
  for (const el of stage.querySelectorAll('*')) {
    if (!el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.bottom > box.bottom + 1 || r.right > box.right + 1) {
      out.push(`cut by the stage: ${el.tagName}.${el.className} ${Math.round(r.bottom)}`);
    }
  }
  const doc = document.documentElement;
  const tabs = [...document.querySelectorAll('.wall-tab')].map((t) => Math.round(t.getBoundingClientRect().top));
  return {out, scrolls: doc.scrollWidth > innerWidth || doc.scrollHeight > innerHeight,
          rows: new Set(tabs).size, tabs: tabs.length};
}"""


# A card cut short (its first lines) and how many lines it shows.
LINES = """() => [...document.querySelectorAll(
    '#wall-stage .wall-card.condensed, #wall-stage .wall-statement .wall-text, #wall-stage .wall-rule .wall-text')]
  .filter((el) => el.getClientRects().length)
  .map((el) => ({text: el.textContent.trim().slice(0, 40),
                 lines: Math.round(el.clientHeight / parseFloat(getComputedStyle(el).lineHeight)),
                 cut: el.scrollHeight > el.clientHeight + 1}))"""

# How much of the stage the cards cover: their area over the stage's.
FILLED = """(cards) => {
  const stage = document.getElementById('wall-stage').getBoundingClientRect();
  let area = 0;
  for (const el of document.querySelectorAll(cards)) {
    if (!el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    area += r.width * r.height;
  }
  return area / (stage.width * stage.height);
}"""
CARDS = {"child": "#wall-stage .wall-item", "statements": "#wall-stage .wall-statement"}
LEAST_FILLED = 0.4  # of the stage covered by cards, not a quarter (they measure 0.45 to 0.9)
MOST_PLAN_PAGES = 2  # the demo's plan with one suggestion waiting

SUGGESTION = "Phones Jess every evening at six to ask how the day went"


def suggest_a_rule(room: Room, chair: Page) -> None:
    """Gran suggests a rule from her phone; it waits on the plan for the room."""
    gran = room.phone_in(chair, "Family network member", "Gran Pat", as_person="p-pat")
    gran.get_by_role("button", name="Suggest a rule for the plan").click()
    gran.get_by_label("Who will do it?").fill("Gran Pat")
    gran.get_by_label("What will they do?").fill(SUGGESTION)
    gran.get_by_label(re.compile("Danger statement 1:")).check()
    gran.get_by_role("button", name="Suggest it").click()
    expect(chair.locator(".proposal", has_text=SUGGESTION)).to_have_count(1)
    gran.context.close()


def pages_of(wall: Page) -> int:
    said = wall.locator("#wall-pager").inner_text()
    found = re.fullmatch(r"Page 1 of (\d+)", said)
    assert said == "" or found, said
    return int(found.group(1)) if found else 1


def check_every_page(
    wall: Page, view: str, size: tuple[int, int, int], next_page: Callable[[], None], kept: str
) -> None:
    """One view on the wall at one size, page by page: it fits, nothing outside the
    screen, tabs on one row, type at the limit, cut cards at two lines or more; the
    plan's pages and how much of the stage the cards fill; axe at 720p; a screenshot."""
    width, height, smallest = size
    pages = pages_of(wall)
    if view == "plan":
        assert pages <= MOST_PLAN_PAGES, f"the plan at {width}x{height}: {pages} pages"
    if view in CARDS:
        filled = wall.evaluate(FILLED, CARDS[view])
        assert filled >= LEAST_FILLED, f"{view} at {width}x{height}: {filled:.2f} filled"
    for page in range(1, pages + 1):
        if page > 1:
            next_page()
            expect(wall.locator("#wall-pager")).to_have_text(f"Page {page} of {pages}")
        name = f"{view} at {width}x{height}, page {page} of {pages}"
        shot(wall, f"{kept}-{view}-{width}x{height}-{page}")
        found = wall.evaluate(OUTSIDE)
        assert not found["scrolls"], name
        assert found["out"] == [], f"{name}: outside the screen: {found['out'][:5]}"
        assert (found["rows"], found["tabs"]) == (1, 6), name
        small = [t for t in wall.evaluate(SEEN_TEXT) if t["size"] < smallest]
        assert small == [], f"{name}: text under {smallest} px: {small[:5]}"
        short = [c for c in wall.evaluate(LINES) if c["cut"] and c["lines"] < 2]
        assert short == [], f"{name}: cut to under two lines: {short[:5]}"
        if width == 1280:
            assert axe_violations(wall) == ""


def test_every_view_of_the_wall_fits_three_screens(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair)
    suggest_a_rule(room, chair)
    chair.get_by_role("button", name="Presenter view").click()
    presenter = chair.locator(".presenter")
    for size in SIZES:
        wall = room.page({"width": size[0], "height": size[1]})
        sign_in(wall, room.url)
        wall.goto(f"{room.url}/cases/{room.case_id}/wall")
        wait_live(wall)
        for view, heading in VIEWS.items():
            presenter.get_by_role("button", name=heading, exact=True).click()
            expect(wall.locator(".wall h1")).to_have_text(heading)
            expect(presenter.locator("#presenter-now")).to_contain_text(heading)
            check_every_page(
                wall,
                view,
                size,
                lambda: presenter.get_by_role("button", name="Next on the wall").click(),
                "wall-page",
            )
        wall.context.close()
    assert room.errors == []


def test_present_mode_on_the_chairs_screen_fits_a_720p_projector(room: Room) -> None:
    """The chair's own screen presenting to a 1280×720 projector: the same fit with its
    one control, "Stop presenting", in sight, and the suggestion's Agree on the plan."""
    chair = room.chair()
    open_meeting(chair)
    suggest_a_rule(room, chair)
    chair.set_viewport_size({"width": 1280, "height": 720})
    chair.get_by_role("button", name="Present to the room").click()
    stop = chair.get_by_role("button", name="Stop presenting")
    for view, heading in VIEWS.items():
        tab = "Danger statements" if view == "statements" else heading
        chair.locator(".wall-nav").get_by_role("button", name=tab, exact=True).click()
        expect(chair.locator(".wall h1")).to_have_text(heading)
        expect(stop).to_be_in_viewport(ratio=1)
        if view == "plan":
            agree = chair.locator(".wall-proposal").get_by_role("button", name=re.compile("^Agree"))
            expect(agree).to_be_in_viewport(ratio=1)
        check_every_page(chair, view, SIZES[2], lambda: chair.keyboard.press("PageDown"), "present")
    assert room.errors == []
