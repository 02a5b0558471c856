"""The wall on its own page at three screens (issue 23, item 2, in part): 1920×1080,
1366×768 and 1280×720 (a common projector). Every view fits with no scroll, no element
outside the screen (bounding boxes inside the viewport), its tabs on one row, and type
of 28 px at 1080p and 24 px and up below; axe finds nothing. Screenshots of every view
at each size are kept in test-artifacts/.
"""

from __future__ import annotations

from uuid import UUID

from browser import axe_violations, chair_screen, new_page, open_meeting, shot, sign_in, wait_live
from live import LiveServer
from playwright.sync_api import Browser, expect
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

# Whatever is drawn and lies, even in part, outside the screen; and the tabs' rows.
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
  const doc = document.documentElement;
  const tabs = [...document.querySelectorAll('.wall-tab')].map((t) => Math.round(t.getBoundingClientRect().top));
  return {out, scrolls: doc.scrollWidth > innerWidth || doc.scrollHeight > innerHeight,
          rows: new Set(tabs).size, tabs: tabs.length};
}"""


def test_every_view_of_the_wall_fits_three_screens(
    browser: Browser, server: tuple[LiveServer, UUID]
) -> None:
    live, case_id = server
    errors: list[str] = []
    chair = chair_screen(browser, live.url, case_id, errors)
    open_meeting(chair)
    chair.get_by_role("button", name="Presenter view").click()
    presenter = chair.locator(".presenter")
    for width, height, smallest in SIZES:
        wall = new_page(browser, {"width": width, "height": height}, errors)
        sign_in(wall, live.url)
        wall.goto(f"{live.url}/cases/{case_id}/wall")
        wait_live(wall)
        for view, heading in VIEWS.items():
            presenter.get_by_role("button", name=heading, exact=True).click()
            expect(wall.locator(".wall h1")).to_have_text(heading)
            expect(presenter.locator("#presenter-now")).to_contain_text(heading)
            shot(wall, f"wall-page-{view}-{width}x{height}")
            found = wall.evaluate(OUTSIDE)
            name = f"{view} at {width}x{height}"
            assert not found["scrolls"], name
            assert found["out"] == [], f"{name}: outside the screen: {found['out'][:5]}"
            assert (found["rows"], found["tabs"]) == (1, 6), name
            small = [t for t in wall.evaluate(SEEN_TEXT) if t["size"] < smallest]
            assert small == [], f"{name}: text under {smallest} px: {small[:5]}"
            if width == 1280:
                assert axe_violations(wall) == ""
        wall.context.close()
    assert errors == []
