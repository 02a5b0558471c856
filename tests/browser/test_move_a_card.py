"""Moving a card to another domain on the chair's screen, in a real browser: by
dragging it, and by the keyboard alone through its "Move to…" menu; each is an
ItemMoved fact the replay tells in words, and a phone sees the card move; axe-core
finds nothing wrong with the menu open."""

from __future__ import annotations

import re

from browser import (
    Room,
    axe_violations,
    focused,
    open_meeting,
    page_board,
    shot,
)
from playwright.sync_api import Locator, Page, expect

CARD = "Lily's attendance this term is 81%"


def domain(page: Page, name: str) -> str:
    return f'.domain[data-domain="{name}"]'


def drag(page: Page, source: Locator, target: Locator) -> None:
    """A person's drag with the pointer: press on the card's words, move a little (a
    drag starts), then over the domain's heading, and let go."""
    # Both well inside the screen: near an edge, Chromium scrolls the page mid-drag.
    source.evaluate("(el) => el.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollBy(0, -100)")
    start = source.bounding_box()
    over = target.locator("h4").bounding_box()
    assert start is not None and over is not None
    assert over["y"] + over["height"] <= page.viewport_size["height"] - 100  # type: ignore[index]
    page.mouse.move(start["x"] + 5, start["y"] + 5)
    page.mouse.down()
    page.mouse.move(start["x"] + 30, start["y"] + 30, steps=5)
    page.mouse.move(over["x"] + 20, over["y"] + 5, steps=10)
    expect(target).to_have_class(re.compile(r"\bdrop-here\b"))
    page.mouse.up()


def test_a_card_moves_by_drag_and_by_the_move_to_menu(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair)
    gran = room.phone_in(chair, "Family network member", "Gran Pat", as_person="p-pat")
    # Only the chair's screen drags; a phone moves a card in its editor.
    expect(gran.locator("li.item[draggable=true]")).to_have_count(0)
    expect(gran.get_by_role("button", name=f"Move to… ({CARD})")).to_have_count(0)

    card = chair.locator("li.item", has_text=CARD)
    item_id = card.get_attribute("data-item")
    assert item_id is not None
    expect(chair.locator(domain(chair, "harm"))).to_contain_text(CARD)

    # By drag: onto Complicating factors.
    drag(chair, card.locator(".item-text"), chair.locator(domain(chair, "complicating_factors")))
    expect(chair.locator(domain(chair, "complicating_factors"))).to_contain_text(CARD)
    expect(chair.locator(domain(chair, "harm"))).not_to_contain_text(CARD)
    expect(gran.locator(domain(gran, "complicating_factors"))).to_contain_text(CARD)
    assert page_board(chair)["items"][item_id]["domain"] == "complicating_factors"

    # By keyboard alone: focus its "Move to…", Enter, the menu takes the focus; Tab to
    # Harm, Enter; the focus comes back to the card's "Move to…" in its new place.
    opener = f'button[data-action="open"][data-panel="moveto:{item_id}"]'
    chair.locator(opener).focus()
    chair.keyboard.press("Enter")
    menu = chair.get_by_role("group", name=f"Move \u201c{CARD}\u201d to")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("button").first).to_be_focused()
    expect(menu.get_by_role("button", name="Complicating factors")).to_have_count(0)
    assert axe_violations(chair) == ""
    shot(chair, "move-to-menu", at=domain(chair, "complicating_factors"))
    # Escape closes it and puts the focus back where it was.
    chair.keyboard.press("Escape")
    expect(menu).to_have_count(0)
    expect(chair.locator(opener)).to_be_focused()
    chair.keyboard.press("Enter")
    expect(menu.get_by_role("button").first).to_be_focused()
    for _ in range(10):
        if focused(chair, '.move-menu button[data-domain="harm"]'):
            break
        chair.keyboard.press("Tab")
    expect(menu.get_by_role("button", name="Harm", exact=True)).to_be_focused()
    chair.keyboard.press("Enter")
    expect(chair.locator(domain(chair, "harm"))).to_contain_text(CARD)
    expect(menu).to_have_count(0)
    expect(chair.locator(opener)).to_be_focused()
    expect(gran.locator(domain(gran, "harm"))).to_contain_text(CARD)

    # Facts like any other: the replay tells both moves.
    chair.goto(f"{room.url}/cases/{room.case_id}/replay?meeting=core_group")
    changes = chair.locator(".listed-changes")
    expect(changes).to_contain_text(f"moved \u201c{CARD}\u201d to Complicating factors")
    expect(changes).to_contain_text(f"moved \u201c{CARD}\u201d to Harm")
    assert room.errors == []
