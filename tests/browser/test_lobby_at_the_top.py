"""The lobby at the top of the chair's screen, in a real browser: three phones at 360 px
wait, and the chair sees "3 waiting" at the top wherever they are on the board, lets one
in with one tap, lets another in as a person of the case with the picker, turns one
away, removes someone, and revokes the code; axe-core finds nothing wrong on the way.
"""

from __future__ import annotations

import re

from browser import (
    PHONE,
    WALL,
    Room,
    axe_violations,
    join,
    make_invite,
    open_meeting,
    open_screen,
    shot,
    sign_in,
    tab_to,
)
from playwright.sync_api import Locator, Page, expect


def in_view(page: Page, selector: str) -> bool:
    """Whether the element is on the screen as it is scrolled now (not below it)."""
    box = page.locator(selector).bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    return box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


def waiting(chair: Page, name: str) -> Locator:
    """Someone's entry in the side panel's list of who is waiting."""
    return chair.locator(".people-list.lobby li").filter(
        has=chair.locator("p.person", has_text=name)
    )


def test_the_chair_sees_three_waiting_at_the_top_and_lets_them_in(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair)
    code = make_invite(chair, "Family network member")
    expect(chair.locator(".lobby-bar")).to_have_count(0)  # nobody waiting: no bar

    phones = {}
    for name in ("Gran Pat", "Aunt Sophie", "A neighbour"):
        phone = room.page(PHONE)
        join(phone, room.url, code, name)
        phones[name] = phone

    bar = chair.locator(".lobby-bar")
    expect(bar.get_by_role("heading", level=2)).to_have_text("3 waiting")
    for name in phones:
        expect(bar).to_contain_text(name)
    # At the top, and still there after scrolling down the board.
    assert in_view(chair, ".lobby-bar")
    chair.locator("#plan").scroll_into_view_if_needed()
    chair.mouse.wheel(0, 4000)
    assert chair.evaluate("window.scrollY") > 0
    assert in_view(chair, ".lobby-bar")
    chair.evaluate("window.scrollTo(0, 0)")
    shot(chair, "lobby-three-waiting")
    # On a chair's phone (360 px) the bar wraps; it never runs off the side.
    chair.set_viewport_size(PHONE)
    expect(bar.get_by_role("heading", level=2)).to_have_text("3 waiting")
    assert bar.evaluate("(el) => el.scrollWidth <= el.clientWidth")
    assert bar.evaluate("(el) => el.getBoundingClientRect().right <= 360")
    shot(chair, "lobby-three-waiting-360")
    chair.set_viewport_size(WALL)
    assert axe_violations(chair) == ""
    assert axe_violations(phones["A neighbour"]) == ""

    # A typed name is a hint: "Gran Pat" and "Aunt Sophie" match people of the case,
    # so each is shown as a claim to check, with no one-tap "Let in".
    expect(bar).to_contain_text("says they are Gran Pat: check")
    expect(bar).to_contain_text("says they are Aunt Sophie: check")
    expect(bar.get_by_role("button", name=re.compile("^Let in Gran Pat"))).to_have_count(0)
    check = bar.get_by_role("link", name=re.compile(r"^Check who they are\s*: Gran Pat$"))
    expect(check).to_have_count(1)

    # One tap (here, from the keyboard alone): A neighbour is let in as someone new, as
    # the server proposes.
    let_in = chair.get_by_role(
        "button", name=re.compile("^Let in A neighbour as someone new to the case")
    )
    expect(let_in).to_have_count(1)
    neighbour_id = let_in.get_attribute("data-participant")
    tab_to(
        chair,
        f".lobby-bar [data-action='admit-proposed'][data-participant='{neighbour_id}']",
        most=40,
    )
    chair.keyboard.press("Enter")
    expect(phones["A neighbour"].get_by_role("heading", level=1)).not_to_have_text(
        "Waiting to be let in"
    )
    expect(bar.get_by_role("heading", level=2)).to_have_text("2 waiting")

    # The picker: nobody is chosen for a claim; the role offered is the person's.
    pat = waiting(chair, "Gran Pat")
    expect(pat.get_by_label("Who is Gran Pat?")).to_have_value("")
    expect(pat.get_by_label("Role of Gran Pat")).to_have_value("network_member")
    expect(pat).to_contain_text("check it is them")
    pat.get_by_role("button", name="Let in", exact=True).click()
    expect(pat.locator(".form-error")).to_contain_text("Choose who Gran Pat is")
    # Choosing a person brings their role with them (the chair may still change it).
    pat.get_by_label("Who is Gran Pat?").select_option("p-jess")
    expect(pat.get_by_label("Role of Gran Pat")).to_have_value("parent")
    pat.get_by_label("Who is Gran Pat?").select_option("p-pat")
    expect(pat.get_by_label("Role of Gran Pat")).to_have_value("network_member")
    shot(chair, "lobby-picker", at="#people-panel")
    assert axe_violations(chair) == ""
    pat.get_by_role("button", name="Let in", exact=True).click()
    expect(phones["Gran Pat"].locator(".who-am-i")).to_contain_text("Gran Pat")
    expect(bar.get_by_role("heading", level=2)).to_have_text("1 waiting")

    # Turned away: the phone is told, and the bar is gone.
    sophie = waiting(chair, "Aunt Sophie")
    sophie.get_by_role("button", name="Turn away Aunt Sophie").click()
    expect(phones["Aunt Sophie"].locator("#connection-status")).to_contain_text("not let you in")
    expect(chair.locator(".lobby-bar")).to_have_count(0)

    # Removed during the meeting.
    chair.get_by_role("button", name="Remove A neighbour from the meeting").click()
    expect(phones["A neighbour"].locator("#connection-status")).to_contain_text("ended your place")
    expect(chair.locator(".people-list.here")).not_to_contain_text("A neighbour")

    # The invite list says who joined with the code; revoking it is one button.
    listed = chair.locator(".invite-list li").first
    expect(listed).to_contain_text(f"Code ending {code[-2:]}")
    expect(listed).to_contain_text("Gran Pat (let in as Gran Pat)")
    expect(listed).to_contain_text("Aunt Sophie (not let in)")
    listed.get_by_role("button", name=f"Revoke the code ending {code[-2:]}").click()
    expect(listed).to_contain_text("Revoked.")
    latecomer = room.page(PHONE)
    latecomer.goto(f"{room.url}/join?code={code}")
    latecomer.get_by_label("Your name").fill("Latecomer")
    latecomer.get_by_role("button", name="Join").click()
    expect(latecomer.locator("body")).to_contain_text("cancelled")
    assert axe_violations(chair) == ""
    assert room.errors == []


def test_a_worker_gives_a_parent_a_link_to_the_plan_and_nothing_else(room: Room) -> None:
    worker = room.page(WALL)
    sign_in(worker, room.url, "worker")
    open_screen(worker, room.url, room.case_id)
    panel = worker.locator(".plan-links")
    panel.get_by_label("For whom?").select_option(label="Jess (mum), Lily's mum")
    expect(panel.get_by_label("The link works for")).to_have_value("30")
    panel.get_by_role("button", name="Make a link").click()
    link = panel.locator(".plan-link-made a")
    expect(link).to_contain_text("/plan-links/")
    address = link.inner_text()
    expect(panel.locator(".invites li").first).to_contain_text("Jess (mum)")
    assert axe_violations(worker) == ""

    # On Jess's phone: the plan, large and plain, with no way to the rest of the case.
    jess = room.page(PHONE)
    jess.goto(address)
    expect(jess.get_by_role("heading", level=1)).to_have_text("Our plan to keep Lily safe")
    expect(jess.get_by_role("navigation", name="This case")).to_have_count(0)
    assert jess.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(jess) == ""
    shot(jess, "plan-link-on-a-phone")
    jess.goto(f"{room.url}/cases/{room.case_id}/record")
    expect(jess.locator("body")).to_contain_text("opens the family's plan only")
    assert axe_violations(jess) == ""

    # Revoked from the screen: the same phone reads nothing now.
    panel.get_by_role("button", name="Revoke the link for Jess (mum)").click()
    expect(panel.locator(".invites li").first).to_contain_text("Revoked.")
    jess.goto(f"{room.url}/cases/{room.case_id}/plan")
    expect(jess.locator("body")).to_contain_text("expired or was cancelled")
    expect(jess.locator("body")).not_to_contain_text("Our plan to keep Lily safe")

    # "Everyone in the network gets a copy": the worker records the copy given, and the
    # fridge plan says who has one.
    copies = panel.locator(".plan-copies")
    copies.get_by_label("Given to").select_option(label="Jess (mum), Lily's mum")
    copies.get_by_label("Which copy").select_option(label="the fridge plan")
    copies.get_by_label("How (optional)").fill("printed, at the core group")
    copies.get_by_role("button", name="Record the copy given").click()
    expect(copies.locator(".copies-given li").last).to_contain_text(
        "Jess (mum): the fridge plan, printed, at the core group"
    )
    assert axe_violations(worker) == ""
    worker.goto(f"{room.url}/cases/{room.case_id}/plan")
    expect(worker.locator("body")).to_contain_text("printed, at the core group")
    assert room.errors == []
