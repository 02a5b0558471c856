"""Current, or dated, in a real browser: the wall's Scaling view with no question open
dates the last one ("At the review child protection conference on 16 June") and the
count says whose it is; a child let in with the child's role gets the child's scale at
once, without a reload, and never sees the adults' 0 and 10; the wall's join screen
still shows its live code after the chair's page reloads."""

from __future__ import annotations

import re

from browser import (
    PHONE,
    Room,
    axe_violations,
    join,
    make_invite,
    open_meeting,
    open_round,
    shot,
    wait_live,
)
from playwright.sync_api import Page, expect

QUESTION = "On a scale of 0 to 10, how safe is Lily at home today?"
ADULT_ENDS = (
    "Lily will be hurt again if nothing changes",
    "Everyone is confident Lily is safe enough",
)
DEMO_ENDS = ("Lily is certain to be hurt again", "Everyone is confident Lily is safe enough")
CHILD = ("How safe do you feel at home?", "I feel scared at home", "I feel safe at home")


def present(chair: Page, view: str) -> None:
    chair.get_by_role("button", name="Present to the room").click()
    expect(chair.locator(".wall")).to_be_visible()
    chair.locator(".wall").get_by_role("button", name=view, exact=True).click()
    expect(chair.locator(".wall h1")).to_have_text(view)


def stop_presenting(chair: Page) -> None:
    chair.get_by_role("button", name="Stop presenting").click()
    expect(chair.locator("#facilitation")).to_be_visible()


def test_the_last_round_is_dated_and_the_count_says_whose(room: Room) -> None:
    chair = room.chair()
    present(chair, "Scaling")
    # The demo's last question was asked at the review on 16 June: said so, above it.
    expect(chair.locator(".wall-round-when")).to_have_text(
        "At the review child protection conference on 16 June"
    )
    assert axe_violations(chair) == ""
    shot(chair, "wall-last-round-dated")
    stop_presenting(chair)

    open_meeting(chair)
    gran = room.phone_in(chair, "Family network member", "Gran Pat", as_person="p-pat")
    open_round(chair, QUESTION)
    present(chair, "Scaling")
    expect(chair.locator(".wall-round-when")).to_have_count(0)  # open: today's
    tally = chair.locator(".wall-tally")
    expect(tally).to_have_text("0 of the 1 family or network member here has scaled")
    gran.get_by_role("radio", name="6", exact=True).check()
    gran.get_by_role("button", name="Send my score").click()
    expect(tally).to_have_text("1 of the 1 family or network member here has scaled")
    assert room.errors == []


def test_a_child_let_in_as_a_child_gets_the_childs_scale_at_once(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair)
    code = make_invite(chair, "Family network member")
    phone = room.page(PHONE)
    join(phone, room.url, code, "Kit")
    # The chair lets Kit in as someone new, with the child's role, though the code was
    # for an adult of the network.
    entry = chair.locator(".people-list.lobby li").filter(
        has=chair.locator("p.person", has_text="Kit")
    )
    entry.get_by_label("Who is Kit?").select_option("new")
    entry.get_by_label("Role of Kit").select_option("child")
    entry.get_by_role("button", name="Let in", exact=True).click()
    wait_live(phone)
    expect(phone.locator(".you")).to_have_text("You are Kit (child or young person).")

    open_round(chair, QUESTION, for_a_child=CHILD)
    # No reload: the child's question, faces and colours, and only the child's words.
    expect(phone.locator("#scaling .question")).to_have_text(CHILD[0])
    expect(phone.locator(".vote-form")).to_have_class(re.compile(r"\bchild-scale\b"))
    expect(phone.get_by_label("Show faces and colours on the scale")).to_be_checked()
    expect(phone.locator(".scale-choices .hint")).to_have_text(f"0: {CHILD[1]}. 10: {CHILD[2]}.")
    body = phone.locator("body").inner_text()
    for adult in (*ADULT_ENDS, *DEMO_ENDS):
        assert adult not in body, adult
    assert axe_violations(phone) == ""
    shot(phone, "phone-child-scale-without-reload")
    assert room.errors == []


def test_the_join_screen_shows_its_live_code_after_a_reload(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair)
    code = make_invite(chair, "Family network member")
    present(chair, "Join the meeting")
    expect(chair.locator(".wall-code")).to_have_text(code)
    chair.reload()
    wait_live(chair)
    # The wall stays in present mode after a reload (it is the room's screen).
    expect(chair.locator(".wall")).to_be_visible()
    chair.locator(".wall").get_by_role("button", name="Join the meeting", exact=True).click()
    expect(chair.locator(".wall-code")).to_have_text(code)
    expect(chair.locator("img.wall-qr")).to_have_js_property("complete", True)
    assert axe_violations(chair) == ""
    assert room.errors == []
