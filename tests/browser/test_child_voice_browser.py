"""The child's voice and the family's plan, in a real browser.

Lily adds a worry and a drawing from her own phone (360 px wide); the wall shows them
as they arrive, and the replay shows the drawing at its position. Gran suggests a
rule from her phone; the chair agrees it from the wall; the fridge plan lists it under
Gran. At a review with nothing from Lily since the conference, the chair is asked
before recording a decision. axe-core finds nothing on the child's page or the plan.
"""

from __future__ import annotations

from browser import (
    Room,
    axe_violations,
    open_meeting,
    open_screen,
    page_board,
    shot,
    staff_guest_ranks,
)
from playwright.sync_api import Page, expect


def _draw(page: Page, points: list[tuple[float, float]]) -> None:
    """Draw one line with a finger (the mouse), through points given as fractions."""
    pad = page.locator("canvas.drawing-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    x0, y0 = box["x"], box["y"]
    first, *rest = points
    page.mouse.move(x0 + first[0] * box["width"], y0 + first[1] * box["height"])
    page.mouse.down()
    for x, y in rest:
        page.mouse.move(x0 + x * box["width"], y0 + y * box["height"], steps=4)
    page.mouse.up()


def test_lilys_worry_and_drawing_reach_the_wall_and_the_replay(room: Room) -> None:
    found: list[str] = []
    chair = room.chair()
    open_meeting(chair)
    lily = room.phone_in(chair, "Child or young person", "Lily", as_person="p-lily")
    chair.get_by_role("button", name="Present to the room").click()
    chair.get_by_role("button", name="What Lily says").click()

    expect(lily.get_by_role("heading", name="My three houses")).to_be_visible()
    report = axe_violations(lily)
    if report:
        found.append(f"child's page: {report}")
    lily.get_by_label("House of worries").check()
    lily.get_by_label("What do you want to say?").fill("I get scared when they shout")
    lily.get_by_label("red", exact=True).check()
    _draw(lily, [(0.2, 0.2), (0.5, 0.6), (0.8, 0.2)])
    _draw(lily, [(0.2, 0.8), (0.8, 0.8)])
    shot(lily, "phone-child-houses-360", at="#my-houses")
    lily.get_by_role("button", name="Put it in my house").click()

    # The wall shows it as it arrives: the words, and the drawing's two lines.
    on_wall = chair.locator(".wall-house.house-worries")
    expect(on_wall).to_contain_text("\u201cI get scared when they shout\u201d")
    expect(on_wall).to_contain_text("In Lily's own words")
    expect(on_wall.locator("svg.drawing polyline")).to_have_count(2)
    shot(chair, "wall-what-lily-says-live-1920")
    chair.get_by_role("button", name="Stop presenting").click()
    # And so does the chair's screen, beside the mapping.
    worries = chair.locator(".child-voice .house-worries")
    expect(worries).to_contain_text("I get scared when they shout")
    expect(worries).to_contain_text("In Lily's own words")
    expect(worries.locator("svg.drawing polyline")).to_have_count(2)
    expect(worries.locator("svg.drawing polyline").first).to_have_attribute("stroke", "#c62828")
    shot(chair, "screen-what-lily-says-1920", at="#child-voice")
    # Lily's page is ready for the next one.
    expect(lily.get_by_label("What do you want to say?")).to_have_value("")

    # The replay shows the drawing at the position it was recorded, and not before.
    board = page_board(chair)
    (view,) = [
        v for v in board["child_views"].values() if v["text"] == "I get scared when they shout"
    ]
    position = view["recorded"]["position"]
    chair.goto(f"{room.url}/cases/{room.case_id}/replay?at={position}")
    frame = chair.locator("#replay-frame")
    expect(frame).to_contain_text("I get scared when they shout")
    expect(frame.locator(".house-worries svg.drawing polyline")).to_have_count(2)
    expect(chair.locator("#event-words")).to_contain_text("Lily's house of worries with a drawing")
    chair.goto(f"{room.url}/cases/{room.case_id}/replay?at={position - 1}")
    expect(chair.locator("#replay-frame")).not_to_contain_text("I get scared when they shout")
    assert found == [], "\n".join(found)
    assert room.errors == []


def test_gran_suggests_a_rule_the_chair_agrees_and_the_fridge_plan_lists_it(room: Room) -> None:
    found: list[str] = []
    chair = room.chair()
    open_meeting(chair)
    gran = room.phone_in(chair, "Family network member", "Gran Pat", as_person="p-pat")
    # The chair runs the plan's agreement from the wall.
    chair.get_by_role("button", name="Present to the room").click()
    chair.get_by_role("button", name="Safety plan").click()

    def suggest(what: str) -> None:
        gran.get_by_role("button", name="Suggest a rule for the plan").click()
        gran.get_by_label("Gran Pat", exact=True).check()
        gran.get_by_label("What will they do?").fill(what)
        gran.get_by_role("button", name="Suggest it").click()

    suggest("phones Jess every evening at six")
    suggestion = chair.locator(".wall-proposal", has_text="phones Jess every evening at six")
    expect(suggestion).to_contain_text("suggested by Gran Pat")
    expect(chair.locator("#wall-proposals-heading")).to_have_text(
        "Suggested, waiting for the room to agree"
    )
    expect(gran.locator(".proposal", has_text="phones Jess")).to_contain_text(
        "The chair or social worker will agree it with everyone."
    )
    shot(chair, "wall-suggestion-1920")
    report = axe_violations(chair)
    if report:
        found.append(f"wall with a suggestion: {report}")
    suggestion.get_by_role("button", name="Agree", exact=False).first.click()
    expect(chair.locator(".wall-proposal")).to_have_count(0)
    expect(
        chair.locator(".wall-plan-part.part-family .wall-rule", has_text="phones Jess every")
    ).to_have_count(1)

    # The same words again: the wall points it out, and the chair sets it aside.
    suggest("phones Jess every evening at six")
    again = chair.locator(".wall-proposal", has_text="phones Jess every evening at six")
    expect(again).to_contain_text("The plan already says this.")
    again.get_by_role("button", name="Change or set aside…", exact=False).click()
    chair.get_by_role("button", name="Set aside…", exact=False).click()
    chair.get_by_label("Why set it aside?").fill("It is in the plan already.")
    chair.get_by_role("button", name="Set it aside").click()
    expect(chair.locator(".wall-focus-card")).to_contain_text("That suggestion was set aside.")
    chair.get_by_role("button", name="Back to the whole plan").click()
    expect(chair.locator(".wall-proposal")).to_have_count(0)
    chair.get_by_role("button", name="Stop presenting").click()

    expect(chair.locator(".proposal")).to_have_count(0)
    agreed = chair.locator(".part-family .rule", has_text="phones Jess every evening at six")
    expect(agreed).to_have_count(1)
    # Gran sees it as her own part of the plan.
    expect(gran.locator(".my-part")).to_contain_text("Gran Pat phones Jess every evening at six")

    # With Lily, the chair writes the new rule in her words, with a picture.
    agreed.get_by_role("button", name="In Lily's words…").click()
    agreed.get_by_label("The rule in Lily's own words").fill("Gran rings Mum at teatime")
    agreed.get_by_label("A picture for it").select_option(label="a telephone")
    agreed.get_by_role("button", name="Save their words").click()
    expect(agreed.locator(".in-childs-words")).to_have_text(
        "In Lily's words: \u201cGran rings Mum at teatime\u201d (picture: a telephone)"
    )
    report = axe_violations(chair)
    if report:
        found.append(f"screen with the child's words: {report}")

    gran.goto(f"{room.url}/cases/{room.case_id}/plan?at=latest")
    under_gran = gran.locator(".person-part", has=gran.get_by_role("heading", name="Gran Pat"))
    expect(under_gran).to_contain_text("Gran Pat phones Jess every evening at six.")
    expect(under_gran).to_contain_text(
        "Gran Pat has Lily to stay on Saturday nights (every weekend)."
    )
    expect(gran.locator("#contacts + ul")).to_contain_text("Gran Pat: 07700 900123")
    shot(gran, "phone-fridge-plan-360", full_page=True)
    for page, name in ((gran, "fridge plan at 360"), (chair, "record")):
        if page is chair:
            chair.goto(f"{room.url}/cases/{room.case_id}/record?at=latest")
        report = axe_violations(page)
        if report:
            found.append(f"{name}: {report}")
    chair.goto(f"{room.url}/cases/{room.case_id}/plan?at=latest")
    report = axe_violations(chair)
    if report:
        found.append(f"fridge plan at 1920: {report}")
    expect(chair.locator(".copies")).to_contain_text(
        "Gran Pat: the fridge plan, given by Amira Khan on 2 April 2026"
    )

    # Lily's Words and Pictures plan: her words, a picture for each, the credit.
    gran.goto(f"{room.url}/cases/{room.case_id}/plan/pictures?at=latest")
    expect(gran.get_by_role("heading", level=1)).to_have_text(
        "Lily's safety plan in words and pictures"
    )
    rules = gran.locator(".picture-rule")
    expect(
        rules.filter(has_text="I stay at Gran's house at the weekend").locator("img")
    ).to_have_attribute("alt", "a house")
    expect(rules.filter(has_text="If I go quiet, someone phones Gran")).to_have_count(1)
    expect(rules.filter(has_text="Gran rings Mum at teatime").locator("img")).to_have_attribute(
        "alt", "a telephone"
    )
    expect(gran.locator(".credit")).to_contain_text("OpenMoji")
    shot(gran, "phone-words-and-pictures-360", full_page=True)
    report = axe_violations(gran)
    if report:
        found.append(f"words and pictures at 360: {report}")
    assert found == [], "\n".join(found)
    assert room.errors == []


def test_the_review_asks_for_lilys_views_before_the_decision(room: Room) -> None:
    chair = room.chair()
    # The demo's review was the last conference; nothing from Lily since.
    open_meeting(chair, "Review child protection conference")
    chair.get_by_role("button", name="Close the meeting…").click()
    close = chair.locator("form[data-form='close-meeting']")
    close.get_by_label("What was decided? (optional)").fill("Lily remains on a plan.")
    close.get_by_role("button", name="Close the meeting").click()
    # The server asks before the decision is recorded; the meeting stays open.
    prompt = chair.locator(".child-views-prompt")
    expect(prompt).to_contain_text(
        "No views from Lily have been recorded since the review child protection "
        "conference on 16 June 2026."
    )
    expect(close.get_by_role("button", name="Record the decision anyway")).to_be_visible()
    shot(chair, "screen-child-views-prompt-1920", at=".child-views-prompt")
    report = axe_violations(chair)
    assert report == "", report
    close.get_by_role("button", name="Record the decision anyway").click()
    expect(chair.get_by_role("button", name="Open the meeting")).to_be_visible()
    chair.goto(f"{room.url}/cases/{room.case_id}/record?at=latest")
    expect(chair.locator("main")).to_contain_text(
        "The chair was told that no child's views had been recorded since the last "
        "conference, and recorded the decision without them."
    )

    # The next review: the chair is asked again, goes back, and a worker writes down
    # what Lily told her; the question is answered.
    open_screen(chair, room.url, room.case_id)
    open_meeting(chair, "Review child protection conference")
    chair.get_by_role("button", name="Close the meeting…").click()
    close.get_by_role("button", name="Close the meeting").click()
    expect(prompt).to_contain_text("No views from Lily have been recorded since the review")
    close.get_by_role("button", name="Cancel").click()
    expect(chair.locator(".child-views-prompt")).to_have_count(0)

    chair.get_by_role("button", name="Write down what a child said").click()
    form = chair.locator("form[data-form='child-view']")
    form.get_by_label("House of good things").check()
    form.get_by_label("What did Lily say? (their words)").fill("Dan plays football with me")
    form.get_by_label("How did they tell you?").fill("at a home visit")
    form.get_by_role("button", name="Save").click()
    expect(chair.locator(".house-good_things")).to_contain_text("Dan plays football with me")
    chair.get_by_role("button", name="Close the meeting…").click()
    close.get_by_role("button", name="Close the meeting").click()
    expect(chair.get_by_role("button", name="Open the meeting")).to_be_visible()
    expect(chair.locator(".child-views-prompt")).to_have_count(0)
    assert room.errors == []


def test_lily_keeps_a_worry_just_for_her_worker_until_she_says_yes(room: Room) -> None:
    """Lily ticks "Just for my worker": the chair's screen has it, marked professionals
    only; her mum's phone (360 px) and the wall do not, nor does Lily's own phone. The
    chair records Lily's yes, and it reaches mum's phone. axe-core: nothing found."""
    found: list[str] = []
    secret = "Please only tell Amira about the shouting"
    chair = room.chair()
    open_meeting(chair)
    lily = room.phone_in(chair, "Child or young person", "Lily", as_person="p-lily")
    mum = room.phone_in(chair, "Parent", "Mum")

    lily.get_by_label("House of worries").check()
    lily.get_by_label("What do you want to say?").fill(secret)
    kept = lily.get_by_label("Just for my worker")
    kept.check()
    expect(lily.locator(".kept-choice .hint")).to_contain_text("until you say yes")
    report = axe_violations(lily)
    if report:
        found.append(f"child's page, kept ticked: {report}")
    shot(lily, "phone-child-just-for-my-worker-360", at="#my-houses")
    lily.get_by_role("button", name="Put it in my house").click()
    expect(lily.locator("#announcer")).to_contain_text("Kept just for your worker")

    row = chair.locator(".child-voice li.child-view.kept", has_text=secret)
    expect(row).to_contain_text("Professionals only until Lily says it can be shared")
    report = axe_violations(chair)
    if report:
        found.append(f"chair's screen with a kept view: {report}")
    shot(chair, "screen-kept-view-1920", at="#child-voice")
    # A later change every screen gets is the barrier: then nothing of it is there.
    chair.get_by_role("button", name="Present to the room").click()
    chair.get_by_role("button", name="What Lily says").click()
    expect(chair.locator(".wall-houses")).not_to_contain_text(secret)
    chair.get_by_role("button", name="Stop presenting").click()
    # A phone counts in guest ranks: the rank of the chair's position.
    position = staff_guest_ranks(chair, room.case_id).rank(page_board(chair)["position"])
    for phone in (mum, lily):
        phone.wait_for_function(
            f"document.getElementById('board-app').boardApp.board.position >= {position}"
        )
        expect(phone.locator("body")).not_to_contain_text(secret)

    row.get_by_role("button", name="Lily says yes: share it").click()
    expect(mum.locator(".child-voice .house-worries")).to_contain_text(secret)
    expect(chair.locator(".child-voice li.child-view.kept")).to_have_count(0)
    assert found == [], "\n".join(found)
    assert room.errors == []
