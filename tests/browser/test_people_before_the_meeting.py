"""The case's people entered before its first meeting, in a real browser: a worker
opens a new case, adds Jess (mum) and a teacher with her school, corrects a detail,
takes someone off the case, and a named invite for Jess works at the first meeting;
axe-core finds nothing wrong with the form, at wall size or at 360 px."""

from __future__ import annotations

import re

from browser import PHONE, WALL, Room, axe_violations, join, shot, wait_live
from playwright.sync_api import Page, expect


def open_new_case(chair: Page, base_url: str) -> None:
    chair.goto(base_url)
    chair.get_by_label("Child 1: name (needed)").fill("Kai")
    chair.get_by_label("Age in years").first.fill("5")
    chair.get_by_label("The family's name, as they would like it shown").fill("the Moore family")
    chair.get_by_role("button", name="Open the case").click()
    expect(chair).to_have_url(re.compile(r"/cases/[0-9a-f-]+$"))
    wait_live(chair)


def add_person(chair: Page, name: str, relationship: str, role: str, agency: str = "") -> None:
    form = chair.locator('form[data-form="person-add"]')
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Who they are to the child (optional)").fill(relationship)
    form.get_by_label("Their part in the meeting").select_option(role)
    form.get_by_label("Agency or service (for a professional, optional)").fill(agency)
    form.get_by_role("button", name="Add to the case's people").click()
    expect(chair.locator(".case-people-list")).to_contain_text(name)
    expect(form.get_by_label("Name", exact=True)).to_have_value("")


def test_the_people_form_adds_jess_before_the_first_meeting_and_her_invite_works(
    room: Room,
) -> None:
    chair = room.chair()
    open_new_case(chair, room.url)
    people = chair.locator(".case-people")
    expect(people.get_by_role("heading", name="The case's people")).to_be_visible()
    expect(people).to_contain_text("Nobody yet.")
    expect(chair.locator(".meeting-line")).to_have_text("No meeting is open.")

    add_person(chair, "Jess", "Kai's mum", "parent")
    add_person(chair, "Ms Hughes", "class teacher", "professional", "Oak Street School")
    add_person(chair, "Uncle Ray", "Jess's brother", "network_member")
    listed = chair.locator(".case-people-list > li")
    expect(listed).to_have_text(
        [
            re.compile(r"^Jess\s*Parent · Kai's mum"),
            re.compile(r"^Ms Hughes\s*Professional · class teacher · Oak Street School"),
            re.compile(r"^Uncle Ray\s*Family network member · Jess's brother"),
        ]
    )

    # A detail corrected: the school's full name.
    chair.get_by_role("button", name="Correct the details of Ms Hughes").click()
    form = chair.locator('form[data-form="person-correct"]')
    expect(form.get_by_label("Name", exact=True)).to_be_focused()
    form.get_by_label("Agency or service (for a professional, optional)").fill(
        "Oak Street Primary School"
    )
    form.get_by_label("How to reach them (optional)").fill("01632 960 123")
    form.get_by_role("button", name="Save the details").click()
    expect(listed.nth(1)).to_contain_text("Oak Street Primary School · 01632 960 123")

    # Someone taken off the case's people: no longer offered for a named invite.
    chair.get_by_role("button", name="Take off the case (Uncle Ray)").click()
    chair.get_by_label("Why (optional)").fill("Added by mistake")
    chair.get_by_role("button", name="Take Uncle Ray off").click()
    expect(listed).to_have_count(2)
    invite_for = chair.get_by_label("Who is it for?")
    expect(invite_for.locator("option")).to_have_text(
        [
            "Anyone: they say who they are",
            "Jess, Kai's mum",
            "Ms Hughes, class teacher",
        ]
    )
    assert axe_violations(chair) == ""
    shot(chair, "people-before-the-meeting", at=".case-people")

    # The first meeting, offered first (not a core group): a named invite for Jess, and
    # she is let in as herself.
    expect(chair.get_by_label("Which meeting?")).to_have_value("family_network")
    chair.get_by_role("button", name="Open the meeting").click()
    expect(chair.locator(".meeting-line")).to_contain_text("Family network meeting")
    invite_for.select_option(label="Jess, Kai's mum")
    chair.get_by_role("button", name="Make an invite code").click()
    code = chair.locator(".invites li").first.locator(".invite-code").inner_text()
    code = code.replace("Code:", "").strip()
    phone = room.page(PHONE)
    join(phone, room.url, code, "Jess M")
    bar = chair.locator(".lobby-bar")
    expect(bar).to_contain_text("invited as Jess, Kai's mum")
    chair.get_by_role("button", name="Let in Jess M as Jess").click()
    expect(chair.locator(".people-list.here")).to_contain_text("Jess")
    expect(phone.get_by_role("heading", level=1)).not_to_have_text("Waiting to be let in")
    wait_live(phone)

    # At 360 px the form fits, with nothing off the side.
    chair.set_viewport_size(PHONE)
    panel = chair.locator(".case-people")
    panel.scroll_into_view_if_needed()
    assert panel.evaluate("(el) => el.getBoundingClientRect().right <= 360")
    assert chair.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(chair) == ""
    chair.set_viewport_size(WALL)
    assert room.errors == []
