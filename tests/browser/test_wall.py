"""The wall, in a real browser at 1920×1080: "Present to the room" shows one fitted view
at a time in type a room can read from the back, never a scrollbar; the chair moves
between views with the keys a presentation clicker sends; the join screen's QR code
reads back as the join address. Screenshots of every view are kept in test-artifacts/.
"""

from __future__ import annotations

import io
import re
from typing import Any

import zxingcpp
from browser import (
    PHONE,
    WALL,
    Room,
    admit,
    axe_violations,
    join,
    make_invite,
    open_meeting,
    open_round,
    shot,
    vote,
)
from PIL import Image
from playwright.sync_api import Page, expect

QUESTION = "On a scale of 0 to 10, how safe is Lily at home today?"
SMALLEST = 28  # px: the wall's smallest text

# Every piece of text a person in the room can see: its size and where it is. Text
# for screen readers only (.visually-hidden) and text off the screen are not seen.
SEEN_TEXT = """() => {
  const seen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (el.closest('.visually-hidden')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const boxes = [...range.getClientRects()].filter((r) => r.width > 1 && r.height > 1
      && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth);
    if (!boxes.length) continue;
    seen.push({text: node.textContent.trim().slice(0, 50), size: parseFloat(style.fontSize)});
  }
  return seen;
}"""

# Does anything scroll or get cut: the page, or the stage the fitting pages through?
OVERFLOW = """() => {
  const doc = document.documentElement;
  const stage = document.getElementById('wall-stage');
  return {
    page: [doc.scrollWidth, doc.scrollHeight, innerWidth, innerHeight],
    stage: stage ? [stage.scrollHeight, stage.clientHeight] : null,
  };
}"""


def assert_fits_the_wall(page: Page, name: str) -> list[dict[str, Any]]:
    """No scroll, nothing cut, the smallest text at least 28 px, axe clean; a screenshot."""
    shot(page, name)
    sizes = page.evaluate(OVERFLOW)
    width, height, view_width, view_height = sizes["page"]
    assert width <= view_width and height <= view_height, f"{name} scrolls: {sizes}"
    stage_scroll, stage_height = sizes["stage"]
    assert stage_scroll <= stage_height + 1, f"{name}: the stage is cut: {sizes}"
    seen: list[dict[str, Any]] = page.evaluate(SEEN_TEXT)
    assert seen, f"{name}: no text seen at all"
    small = [t for t in seen if t["size"] < SMALLEST]
    assert small == [], f"{name}: text under {SMALLEST} px: {small[:10]}"
    assert axe_violations(page) == ""
    return seen


def wall_heading(page: Page) -> str:
    return page.locator(".wall h1").inner_text()


def test_each_present_view_fits_the_wall(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair)
    code = make_invite(chair, "Family network member")
    link = chair.locator(".invite-link").first.inner_text()
    assert link.endswith(f"/join?code={code.replace('-', '')}")
    gran = room.page(PHONE)
    join(gran, room.url, code, "Gran Pat")
    admit(chair, "Gran Pat", as_person="p-pat")

    chair.get_by_role("button", name="Present to the room").click()
    expect(chair.locator(".wall")).to_be_visible()
    # No chair controls and no status bars on the wall; a way back, always in sight.
    expect(chair.locator("#facilitation")).to_have_count(0)
    expect(chair.locator("#connection-status")).to_be_hidden()
    expect(chair.locator(".site-header")).to_be_hidden()
    expect(chair.get_by_role("button", name="Stop presenting")).to_be_visible()

    # The mapping: its three columns on one screen, every card there in one line.
    assert wall_heading(chair) == "The mapping"
    expect(chair.locator(".wall-column")).to_have_count(3)
    # The demo's goals are paired with its danger statement: the empty Safety goals
    # domain points to them rather than saying "Nothing yet".
    expect(chair.locator('.wall-domain[data-key="safety_goals"] .empty')).to_have_text(
        "1 safety goal: see \u201cDanger statements\u201d."
    )
    seen = assert_fits_the_wall(chair, "wall-mapping-1920")
    assert any(t["text"].startswith("Danger statement") is False for t in seen)
    shown = chair.locator(".wall-item:not([hidden])")
    assert shown.count() > 0
    for n in range(shown.count()):
        box = shown.nth(n).bounding_box()
        assert box is not None and box["y"] + box["height"] <= WALL["height"]

    # Every item of the demo case is on the wall, on one page or the next.
    demo_items = chair.evaluate(
        "Object.values(document.getElementById('board-app').boardApp.board.items)"
        ".filter((i) => !i.removed).length"
    )
    pages = chair.locator("#wall-pager").inner_text()
    total_pages = int(re.search(r"of (\d+)", pages).group(1)) if pages else 1  # type: ignore[union-attr]
    seen_items: set[str] = set()
    for page_number in range(total_pages):
        if page_number:
            chair.keyboard.press("PageDown")
            expect(chair.locator("#wall-pager")).to_have_text(
                f"Page {page_number + 1} of {total_pages}"
            )
            assert_fits_the_wall(chair, f"wall-mapping-page-{page_number + 1}-1920")
        for key in chair.locator(".wall-item:not([hidden])").evaluate_all(
            "(items) => items.map((i) => i.dataset.key)"
        ):
            seen_items.add(key)
    assert len(seen_items) == demo_items

    # A card shown whole when the chair focuses it; Escape goes back.
    if total_pages > 1:
        chair.keyboard.press("PageUp")
    first = chair.locator(".wall-item:not([hidden]) .wall-card").first
    whole = first.locator(".wall-text").inner_text()
    first.click()
    expect(chair.locator(".wall-whole")).to_have_text(whole)
    assert_fits_the_wall(chair, "wall-card-focused-1920")
    chair.keyboard.press("Escape")
    expect(chair.locator(".wall-columns")).to_be_visible()
    expect(chair.get_by_role("button", name="The mapping")).to_be_focused()

    # A clicker's PageDown moves on (past the mapping's pages) to what Lily says: her
    # three houses, her words and her drawing; then to the statements.
    for _ in range(total_pages):
        chair.keyboard.press("PageDown")
    expect(chair.locator(".wall h1")).to_have_text("What Lily says")
    expect(chair.locator(".wall-house")).to_have_count(3)
    expect(chair.locator(".wall-house.house-good_things")).to_contain_text(
        "\u201cGran makes pancakes\u201d"
    )
    expect(chair.locator(".wall-house.house-good_things svg.drawing polyline")).to_have_count(4)
    expect(chair.locator(".wall-house.house-worries")).to_contain_text(
        "Lily told Amira Khan, at school, with her teacher there"
    )
    assert_fits_the_wall(chair, "wall-what-lily-says-1920")
    chair.keyboard.press("PageDown")
    expect(chair.locator(".wall h1")).to_have_text("Danger statements and safety goals")
    assert_fits_the_wall(chair, "wall-statements-1920")
    chair.keyboard.press("ArrowLeft")
    expect(chair.locator(".wall h1")).to_have_text("What Lily says")
    chair.keyboard.press("ArrowLeft")
    expect(chair.locator(".wall h1")).to_have_text("The mapping")

    chair.get_by_role("button", name="Safety plan").click()
    expect(chair.locator(".wall h1")).to_have_text("Safety plan")
    # The plan in its parts, in the order it is read: bottom lines, the family's plan,
    # then what professionals will do.
    expect(chair.locator(".wall-plan-part h2")).to_have_text(
        ["Bottom lines", "The family's plan", "What professionals will do"]
    )
    assert_fits_the_wall(chair, "wall-plan-1920")

    # The join screen: the code in large type, and a QR code of the join address.
    chair.get_by_role("button", name="Join the meeting").click()
    expect(chair.locator(".wall-code")).to_have_text(code)
    qr = chair.locator("img.wall-qr")
    expect(qr).to_be_visible()
    expect(chair.locator("img.wall-qr")).to_have_js_property("complete", True)
    assert_fits_the_wall(chair, "wall-join-1920")
    read = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    assert [found.text for found in read] == [link]

    # A round the chair opens brings the wall to it: who has scaled, never the scores.
    chair.get_by_role("button", name="Stop presenting").click()
    expect(chair.locator("#facilitation")).to_be_visible()
    open_round(
        chair,
        QUESTION,
        for_a_child=(
            "How safe do you feel at home?",
            "I feel scared at home",
            "I feel safe at home",
        ),
    )
    chair.get_by_role("button", name="Present to the room").click()
    expect(chair.locator(".wall h1")).to_have_text("Scaling")
    # The child's words for the question, with their own 0 and 10.
    child_question = chair.locator(".wall-child-question")
    expect(child_question.locator(".wall-about")).to_have_text(
        "For Lily: \u201cHow safe do you feel at home?\u201d"
    )
    expect(child_question.locator(".wall-ends p")).to_have_text(
        ["0 I feel scared at home", "10 I feel safe at home"]
    )
    expect(chair.locator(".wall-tally")).to_have_text(
        "0 of the 1 family or network member here has scaled"
    )
    vote(gran, 7, "Jess has kept to the plan")
    expect(chair.locator(".wall-tally")).to_have_text(
        "1 of the 1 family or network member here has scaled"
    )
    expect(chair.locator(".wall-round")).to_contain_text("Scaled so far: Gran Pat.")
    assert_fits_the_wall(chair, "wall-round-open-1920")
    expect(chair.locator(".wall")).not_to_contain_text("Jess has kept")

    # After the reveal: the spread, the middle score, family beside professionals.
    chair.get_by_role("button", name="Stop presenting").click()
    chair.get_by_role("button", name="Show the scores").click()
    chair.get_by_role("button", name="Present to the room").click()
    chair.get_by_role("button", name="Scaling").click()
    expect(chair.locator(".wall-middle")).to_have_text("Middle score: 7 (1 person)")
    expect(chair.locator(".wall-group-family figcaption")).to_have_text(
        "Family and network: 1 person, middle score 7, scored 7"
    )
    expect(chair.locator(".wall-group-professional figcaption")).to_have_text(
        "Professionals: nobody scaled"
    )
    expect(chair.locator(".wall-group-family .dot")).to_have_count(1)
    assert_fits_the_wall(chair, "wall-round-revealed-1920")

    chair.get_by_role("button", name="Stop presenting").click()
    expect(chair.get_by_role("button", name="Present to the room")).to_be_focused()
    assert room.errors == []


ADD_ITEMS = """async ([count, domain, text]) => {
  const app = document.getElementById('board-app').boardApp;
  const sent = [];
  for (let n = 1; n <= count; n += 1) {
    sent.push(new Promise((resolve, reject) => app.connection.send(
      {type: 'add_item', domain, text: `${text} ${n}`, kind: 'fact', source: ''},
      {onAck: resolve, onError: (e) => { reject(new Error(e.message)); return true; }},
    )));
  }
  await Promise.all(sent);
}"""


def test_a_mapping_too_big_for_one_screen_is_paged_never_scrolled(room: Room) -> None:
    chair = room.chair()
    # Thirty more worries, each near the 1,000-character limit: far more than a screen.
    long_text = "Jess said the arguments start late at night when Dan has been drinking " * 13
    chair.evaluate(ADD_ITEMS, [30, "complicating_factors", long_text[:950]])
    items = chair.evaluate(
        "Object.values(document.getElementById('board-app').boardApp.board.items)"
        ".filter((i) => !i.removed).map((i) => i.item_id)"
    )
    chair.get_by_role("button", name="Present to the room").click()
    expect(chair.locator("#wall-pager")).to_contain_text("Page 1 of")
    pager = chair.locator("#wall-pager").inner_text()
    pages = int(pager.rsplit(" ", 1)[-1])
    assert pages > 1
    seen: set[str] = set()
    for page_number in range(1, pages + 1):
        expect(chair.locator("#wall-pager")).to_have_text(f"Page {page_number} of {pages}")
        assert_fits_the_wall(chair, f"wall-mapping-big-page-{page_number}-1920")
        # Condensed: every card shown is at most its first two lines of type.
        heights = chair.locator(".wall-item:not([hidden]) .wall-card").evaluate_all(
            "(cards) => cards.map((c) => c.getBoundingClientRect().height)"
        )
        assert heights and max(heights) < 2 * SMALLEST * 1.3 + 12
        seen.update(
            chair.locator(".wall-item:not([hidden])").evaluate_all(
                "(items) => items.map((i) => i.dataset.key)"
            )
        )
        if page_number < pages:
            chair.keyboard.press("PageDown")
    assert seen == set(items)
    more = chair.locator(".wall-more[data-more-for=complicating_factors]")
    expect(more).to_have_text(re.compile(r"^\d+ on (earlier pages|the page before)$"))

    # The chair focuses one domain: it alone, its cards whole, paged if need be (the
    # demo's three complicating factors and the thirty added).
    chair.keyboard.press("Home")
    chair.get_by_role("button", name=re.compile(r"^Complicating factors \(33\)")).click()
    expect(chair.locator(".wall-focus-domain h2")).to_have_text("Complicating factors (33)")
    assert_fits_the_wall(chair, "wall-domain-focused-1920")
    chair.keyboard.press("Escape")
    expect(chair.locator(".wall-columns")).to_be_visible()

    # A statement shown whole, beside its goal; Escape goes back to them all.
    chair.get_by_role("button", name="Danger statements").click()
    chair.get_by_role("button", name="Danger statement 1").click()
    expect(chair.locator(".wall-statements.whole .wall-danger .wall-text")).to_be_visible()
    assert "condensed" not in (chair.locator(".wall-statement").get_attribute("class") or "")
    assert_fits_the_wall(chair, "wall-statement-focused-1920")
    chair.keyboard.press("Escape")
    expect(chair.locator(".wall-statement.condensed")).to_have_count(1)

    # No meeting open: the join screen says so, in plain words.
    chair.get_by_role("button", name="Join the meeting").click()
    expect(chair.locator(".wall-stage")).to_have_text(
        "No meeting is open. People can join once the chair opens it."
    )
    assert_fits_the_wall(chair, "wall-join-no-meeting-1920")
    assert room.errors == []
