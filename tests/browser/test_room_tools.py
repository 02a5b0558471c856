"""The room's tools, in a real browser: nothing left dangling when the chair closes the
meeting, and text limits shown and never silent."""

from __future__ import annotations

import re

from browser import (
    Room,
    axe_violations,
    open_meeting,
    open_round,
    page_board,
    shot,
)
from playwright.sync_api import expect

QUESTION = "On a scale of 0 to 10, how safe is Lily at home today?"


def test_closing_with_a_round_and_a_timer_running_asks_first(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair)
    open_round(chair, QUESTION)
    chair.get_by_label("What is it for?").fill("Scaling")
    chair.get_by_role("button", name="Start the timer").click()
    expect(chair.locator(".agenda-timer")).to_contain_text("Scaling")

    # The chair is told what is still running, and may think again.
    chair.get_by_role("button", name="Close the meeting…").click()
    still = chair.locator(".dangling")
    expect(still).to_contain_text(f"The scaling question \u201c{QUESTION}\u201d is still open.")
    expect(still).to_contain_text("The agenda timer for \u201cScaling\u201d is still running.")
    assert axe_violations(chair) == ""
    shot(chair, "screen-close-asks-1920", at="#facilitation")
    chair.get_by_role("button", name="Cancel closing").click()
    expect(chair.locator("#scaling-now .question")).to_have_text(QUESTION)
    expect(chair.locator(".meeting-line")).to_contain_text("Core group meeting")
    expect(chair.locator(".agenda-timer")).to_contain_text("Scaling")

    # Closing it all: the question, the timer, then the meeting; nothing dangles.
    chair.get_by_role("button", name="Close the meeting…").click()
    chair.get_by_role(
        "button", name="Close the question, stop the timer and close the meeting"
    ).click()
    expect(chair.locator(".meeting-line")).to_have_text("No meeting is open.")
    expect(chair.locator("#scaling-now")).to_have_count(0)
    expect(chair.locator(".agenda-timer")).to_have_count(0)
    board = page_board(chair)
    assert [r["closed"] is not None for r in board["scaling_rounds"].values()][-1] is True
    assert room.errors == []


def test_a_pasted_5000_character_note_is_refused_with_the_limit_named(room: Room) -> None:
    chair = room.chair()
    before = len(page_board(chair)["items"])

    chair.get_by_role("button", name="Add to Harm", exact=True).click()
    box = chair.get_by_label("New item for Harm")
    assert box.get_attribute("maxlength") is None  # nothing is cut as it is pasted
    counter = chair.locator("#f-add-harm-text-count")
    expect(counter).to_have_text("0 of 1,000 characters")
    box.fill("Lily said ")
    expect(counter).to_have_text("10 of 1,000 characters")
    pasted = "x" * 5000
    box.fill(pasted)  # as a paste lands: the whole text, in one input event
    assert box.input_value() == pasted
    expect(counter).to_have_text("4,000 characters too many: the most is 1,000")
    expect(box).to_have_attribute("aria-invalid", "true")

    chair.get_by_role("button", name="Add", exact=True).click()
    refusal = chair.locator("form.add-form .form-error")
    expect(refusal).to_have_text(
        "\u201cNew item for Harm\u201d is 5,000 characters; the most it can hold is 1,000."
        " Please shorten it. Nothing was saved."
    )
    expect(box).to_be_focused()
    assert box.input_value() == pasted  # the person's words are all still there
    assert axe_violations(chair) == ""
    shot(chair, "screen-over-limit-1920", at="form.add-form")

    # The server refuses it too, naming the limit, if a page ever sent it.
    said = chair.evaluate(
        """() => new Promise((resolve) => {
            const app = document.getElementById('board-app').boardApp;
            app.connection.send(
              {type: 'add_item', domain: 'harm', text: 'y'.repeat(5000), kind: 'fact', source: ''},
              {onAck: () => resolve('saved'), onError: (e) => { resolve(e.message); return true; }},
            );
        })"""
    )
    assert said == "'text' is 5000 characters; the most it can hold is 1000."
    assert len(page_board(chair)["items"]) == before  # nothing stored

    # Shortened, it is saved.
    box.fill("Lily said she hides when they shout")
    expect(counter).to_have_text("35 of 1,000 characters")
    chair.get_by_role("button", name="Add", exact=True).click()
    expect(chair.locator(".item-text", has_text="Lily said she hides")).to_have_count(1)
    assert room.errors == []


def test_ask_again_reuses_a_question_with_its_0_and_10_and_a_countdown(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair)
    open_round(chair, QUESTION)

    # An optional countdown for the round, on every screen (the wall's too).
    chair.get_by_role("button", name="Count down 2 minutes for scaling, on every screen").click()
    expect(chair.locator(".agenda-timer .timer-label")).to_have_text("Scaling")
    expect(chair.locator(".agenda-timer .timer-left")).to_have_text(re.compile(r"^[12]:\d\d left$"))
    chair.get_by_role("button", name="Present to the room").click()
    expect(chair.locator(".wall .agenda-timer")).to_contain_text("Scaling")
    chair.get_by_role("button", name="Stop presenting").click()
    chair.get_by_role("button", name="Close this question").click()

    # Asked again: the same words, its 0 and its 10 filled in, so the answers line up.
    earlier = chair.locator("#scale .round").first
    expect(earlier.locator(".question")).to_have_text(QUESTION)
    earlier.get_by_role("button", name=re.compile("^Ask this again")).click()
    expect(chair.get_by_label("The question")).to_have_value(QUESTION)
    expect(chair.get_by_label("The question")).to_be_focused()
    expect(chair.get_by_label("What 0 means")).to_have_value(
        "Lily will be hurt again if nothing changes"
    )
    expect(chair.get_by_label("What 10 means")).to_have_value(
        "Everyone is confident Lily is safe enough"
    )
    assert axe_violations(chair) == ""
    chair.get_by_role("button", name="Ask the question").click()
    expect(chair.locator("#scaling-now .question")).to_have_text(QUESTION)
    rounds = list(page_board(chair)["scaling_rounds"].values())
    assert len(rounds) >= 2
    last, before = rounds[-1], rounds[-2]
    assert (last["question"], last["zero_means"], last["ten_means"]) == (
        before["question"],
        before["zero_means"],
        before["ten_means"],
    )
    assert room.errors == []


def test_an_items_source_is_chosen_by_its_kind_and_shown_on_its_card(room: Room) -> None:
    """Issue 22 item 7 (E66): the chair says who an item came from in a labelled choice
    beside its free text; the card says it; and the editor starts at its kind."""
    chair = room.chair()
    chair.get_by_role("button", name="Add to Harm", exact=True).click()
    form = chair.locator("form.add-form")
    form.get_by_label("New item for Harm").fill("Lily said she hides when they shout")
    form.get_by_label("Who did this come from?").select_option(
        label="The child, in their own words"
    )
    form.get_by_label("Their name or agency (optional)").fill("Lily, to her teacher")
    assert axe_violations(chair) == ""
    form.get_by_role("button", name="Add", exact=True).click()
    card = chair.locator("li.item", has_text="Lily said she hides when they shout")
    expect(card.locator(".source")).to_have_text("From the child: Lily, to her teacher")
    item = next(
        i
        for i in page_board(chair)["items"].values()
        if i["text"] == "Lily said she hides when they shout"
    )
    assert (item["source_kind"], item["source"]) == ("child", "Lily, to her teacher")
    card.get_by_role("button", name=re.compile("^Change")).click()
    expect(card.get_by_label("Who did this come from?")).to_have_value("child")
    assert room.errors == []
