"""Everyone can be scaled (E13), in a real browser: the worker records Gran Pat's score,
said aloud with no phone of her own, from the shared screen; it counts as hers, marked
"said aloud to" the worker once the names are shown. axe-core clean with the form open,
at a desk and at 360 px."""

from __future__ import annotations

import pytest
from browser import Room, axe_violations, open_meeting, open_round
from playwright.sync_api import expect

QUESTION = "On a scale of 0 to 10, how safe is Lily at home today?"


@pytest.mark.parametrize("width", [1280, 360])
def test_a_score_said_aloud_is_recorded_from_the_screen(room: Room, width: int) -> None:
    chair = room.chair()
    chair.set_viewport_size({"width": width, "height": 900})
    open_meeting(chair)
    open_round(chair, QUESTION)
    chair.get_by_role("button", name="Record a score said aloud by someone without a phone").click()
    form = chair.locator('form[data-form="vote-for"]')
    expect(form).to_be_visible()
    assert axe_violations(chair) == ""
    form.get_by_label("Whose score?").select_option(label="Gran Pat (family network member)")
    form.get_by_label("Their score (0 to 10)").select_option("4")
    form.get_by_label("Their reasons, in their words").fill("I worry at the weekends.")
    form.get_by_role("button", name="Record their score").click()
    expect(chair.locator("#scaling-now .tally")).to_contain_text("Gran Pat")
    chair.get_by_label("Show names with the scores").check()
    chair.get_by_role("button", name="Show the scores").click()
    said = chair.locator("#scaling-now .reasons li", has_text="Gran Pat")
    expect(said).to_contain_text("Gran Pat (family network member): 4")
    expect(said).to_contain_text("I worry at the weekends. (said aloud to Sam Reid)")
    if width == 360:  # nothing wider than a phone's screen
        assert chair.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    assert axe_violations(chair) == ""
    chair.get_by_role("button", name="Close this question").click()
    chair.get_by_role("button", name="Close the meeting…").click()
    assert room.errors == []
    chair.context.close()
