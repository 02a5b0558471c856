"""The phone kept short and plain, in a real browser at 360 px: the header's words at
16 px at least; with Larger text the whole scale (0 to 10) still on the first screen
under what is happening now, with "10" inside its tile; each part of the mapping
explained in plain words one tap away; earlier scores folded behind one tap, so Gran's
page is a good deal shorter than the 12,198 px it was."""

from __future__ import annotations

from uuid import UUID

from browser import (
    PHONE,
    admit,
    axe_violations,
    chair_screen,
    join,
    make_invite,
    new_page,
    open_meeting,
    open_round,
    shot,
    wait_live,
)
from live import LiveServer
from playwright.sync_api import Browser, Page, expect

QUESTION = "On a scale of 0 to 10, how safe is Lily at home today?"
SMALLEST_HEADER = 16.0  # px
TALLEST = 9_700  # px: Gran's demo page measured 9,621 with the earlier scores folded


def font_sizes(page: Page, selector: str) -> list[float]:
    sizes: list[float] = page.evaluate(
        "(s) => Array.from(document.querySelectorAll(s))"
        ".filter((el) => el.textContent.trim())"
        ".map((el) => parseFloat(getComputedStyle(el).fontSize))",
        selector,
    )
    return sizes


def test_the_phone_is_short_and_larger_text_keeps_the_scale_first(
    browser: Browser, server: tuple[LiveServer, UUID]
) -> None:
    live, case_id = server
    errors: list[str] = []
    chair = chair_screen(browser, live.url, case_id, errors)
    open_meeting(chair)
    code = make_invite(chair, "Family network member")
    gran = new_page(browser, PHONE, errors)
    join(gran, live.url, code, "Gran Pat")
    admit(chair, "Gran Pat", as_person="p-pat")
    wait_live(gran)

    sizes = font_sizes(gran, ".site-header, .site-header *")
    assert sizes and min(sizes) >= SMALLEST_HEADER, sizes

    # The earlier scores are one tap away, not three screens of dot plots.
    fold = gran.get_by_role("button", name="Show the earlier scores (3)")
    expect(fold).to_have_attribute("aria-expanded", "false")
    expect(gran.locator("#scale .round-closed")).to_have_count(0)
    height = gran.evaluate("document.documentElement.scrollHeight")
    assert height <= TALLEST, height
    assert axe_violations(gran) == ""
    fold.click()
    hide = gran.get_by_role("button", name="Hide the earlier scores")
    expect(hide).to_have_attribute("aria-expanded", "true")
    expect(hide).to_be_focused()
    expect(gran.locator("#scale .round-closed")).to_have_count(3)
    assert axe_violations(gran) == ""
    hide.click()
    expect(gran.locator("#scale .round-closed")).to_have_count(0)

    # Each part of the mapping in plain words, one tap away.
    harm = gran.get_by_role("button", name="What does this mean? (Harm)")
    expect(harm).to_have_attribute("aria-expanded", "false")
    expect(gran.locator("#help-harm")).to_be_hidden()
    harm.click()
    expect(harm).to_have_attribute("aria-expanded", "true")
    expect(gran.locator("#help-harm")).to_have_text(
        "What has already happened to the child: what, how often, how bad it was, "
        "and how it affected them."
    )
    assert axe_violations(gran) == ""
    harm.click()
    expect(gran.locator("#help-harm")).to_be_hidden()

    # Larger text, then a question: the whole scale on the first screen, "10" in its tile.
    gran.get_by_label("Larger text").check()
    open_round(chair, QUESTION)
    expect(gran.locator(".now-line")).to_have_text(
        "Now: scaling. Choose your number from 0 to 10 below."
    )
    gran.evaluate("window.scrollTo(0, 0)")
    for score in (0, 10):
        tile = gran.get_by_role("radio", name=str(score), exact=True).locator("..")
        box = tile.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], (score, box)
        label = tile.locator("label")
        assert label.evaluate("(el) => el.scrollWidth <= el.clientWidth"), score
    sizes = font_sizes(gran, ".site-header, .site-header *")
    assert min(sizes) >= SMALLEST_HEADER, sizes
    assert gran.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(gran) == ""
    shot(gran, "phone-larger-text-scale-first-360")
    assert errors == []
