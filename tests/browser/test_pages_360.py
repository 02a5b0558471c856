"""Every page at 360 px without sideways scroll, with no axe-core violations; a styled
"not found" page on every path (an unknown path under a case included); the favicon;
sign-in returning to the page asked for, and never to another site. And the phone when
a round opens: the scale first, one line saying what is happening now, the practice's
words explained one tap away, larger text at a switch."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from uuid import UUID

import pytest
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
    open_screen,
    shot,
    sign_in,
    wait_live,
)
from live import STAFF_PASSWORD, LiveServer
from playwright.sync_api import Page, expect

QUESTION = "On a scale of 0 to 10, how safe is Lily at home today?"
NARROW = 360


def sideways(page: Page) -> int:
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width


def check_page(page: Page, name: str, found: list[str]) -> None:
    shot(page, name, full_page=True)
    width = sideways(page)
    if width > NARROW:
        found.append(f"{name} ({page.url}): {width} px wide at {NARROW} px")
    report = axe_violations(page)
    if report:
        found.append(f"{name}: {report}")


def test_every_page_at_360_px_and_the_pages_for_what_is_not_there(room: Room) -> None:
    found: list[str] = []
    visitor = room.page(PHONE)
    for path, name in [
        ("/", "home-anon"),
        ("/signin", "signin"),
        ("/join", "join"),
        ("/join?code=KQ7M-2XPD", "join-with-code"),
    ]:
        visitor.goto(room.url + path)
        check_page(visitor, f"{name}-360", found)

    # Not found, on every path: styled, in plain words, with a way on.
    for path, name in [
        ("/no-such-page", "404-top"),
        (f"/cases/{room.case_id}/no-such-page", "404-under-a-case"),
        ("/static/no-such-file.css", "404-static"),
    ]:
        response = visitor.goto(room.url + path)
        assert response is not None and response.status == 404, path
        expect(visitor.get_by_role("heading", level=1)).to_have_text("We could not find that")
        expect(visitor.get_by_role("link", name="Go to the start page")).to_be_visible()
        check_page(visitor, f"{name}-360", found)
    # The API answers JSON, not a page.
    api = visitor.request.get(f"{room.url}/api/no-such-thing")
    assert api.status == 404 and api.json()["code"] == "not_found"

    chair = room.page(PHONE)
    sign_in(chair, room.url)
    check_page(chair, "home-staff-360", found)
    open_screen(chair, room.url, room.case_id)
    check_page(chair, "screen-360", found)
    open_meeting(chair)
    for path in ("replay", "compare", "record", "plan"):
        chair.goto(f"{room.url}/cases/{room.case_id}/{path}")
        expect(chair.get_by_role("heading", level=1)).to_be_visible()
        check_page(chair, f"{path}-360", found)
    response = chair.goto(f"{room.url}/cases/{room.case_id}/no-such-page")
    assert response is not None and response.status == 404

    open_screen(chair, room.url, room.case_id)
    code = make_invite(chair, "Family network member")
    gran = room.page(PHONE)
    join(gran, room.url, code, "Gran Pat")
    check_page(gran, "phone-lobby-360", found)
    admit(chair, "Gran Pat", as_person="p-pat")
    wait_live(gran)
    check_page(gran, "phone-board-360", found)
    assert found == [], "\n".join(found)
    assert room.errors == []


def test_the_favicon_and_signing_in_back_to_the_page_asked_for(room: Room) -> None:
    with urllib.request.urlopen(f"{room.url}/favicon.ico") as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("image/svg+xml")
        assert response.read().startswith(b"<svg")

    page = room.page(WALL)
    asked = f"/cases/{room.case_id}/replay"
    page.goto(room.url + asked)
    assert re.search(r"/signin\?next=", page.url), page.url
    page.get_by_label("Username").fill("chair")
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(room.url + asked)

    # Never to another site, however the address is dressed up.
    for bad in (
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ):
        other = room.page(WALL)
        other.goto(f"{room.url}/signin?next={urllib.request.quote(bad, safe='')}")
        assert other.locator("input[name=next]").count() == 0
        other.get_by_label("Username").fill("chair")
        other.get_by_label("Password").fill(STAFF_PASSWORD)
        other.get_by_role("button", name="Sign in").click()
        expect(other.get_by_role("heading", level=1)).to_contain_text("Hello")
        assert other.url == f"{room.url}/"
    # A forged form sends nobody away either.
    forged = page.context.request.post(
        f"{room.url}/signin",
        form={"username": "chair", "password": STAFF_PASSWORD, "next": "//evil.example/"},
        headers={"Origin": room.url},
        max_redirects=0,
    )
    assert forged.status == 303 and forged.headers["location"] == f"{room.url}/"
    assert room.errors == []


def test_when_a_round_opens_the_phone_shows_the_scale_first(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair)
    gran = room.phone_in(chair, "Family network member", "Gran Pat", as_person="p-pat")
    expect(gran.locator(".now-line")).to_have_text("Now: Core group meeting.")

    open_round(chair, QUESTION)
    expect(gran.locator(".now-line")).to_have_text(
        "Now: scaling. Choose your number from 0 to 10 below."
    )
    # The whole scale, 0 to 10, is on the first screen, under the line that says so.
    for score in (0, 10):
        box = gran.get_by_role("radio", name=str(score), exact=True).locator("..").bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], (score, box)
    assert sideways(gran) <= NARROW
    assert axe_violations(gran) == ""
    shot(gran, "phone-round-opens-360")

    gran.get_by_role("radio", name="6", exact=True).check()
    gran.get_by_role("button", name="Send my score").click()
    expect(gran.locator(".now-line")).to_have_text(
        "Now: scaling. You said 6; you can change it until the chair closes the question."
    )

    # The practice's words, in plain language, one tap away.
    helper = gran.get_by_role("button", name="What do these words mean?")
    expect(helper).to_have_attribute("aria-expanded", "false")
    expect(gran.locator("#word-help")).to_be_hidden()
    helper.click()
    words = gran.locator("#word-help")
    expect(words).to_be_visible()
    for term in ("Danger statement", "Safety goal", "Fact", "Judgement", "Scaling"):
        # Each word once ("Fact", not also "Complicating factors").
        expect(words.locator("dt", has_text=re.compile(f"^{term}$"))).to_have_count(1)
    expect(words).to_contain_text("what could happen to the child if nothing changes")
    assert axe_violations(gran) == ""
    shot(gran, "phone-word-help-360", at="#word-help")

    # Larger text, kept for next time.
    before = gran.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    gran.get_by_label("Larger text").check()
    expect(gran.locator("html")).to_have_class(re.compile(r"\blarger-text\b"))  # redrawn
    after = gran.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert after >= before * 1.2
    assert sideways(gran) <= NARROW
    assert axe_violations(gran) == ""
    shot(gran, "phone-larger-text-360")
    gran.reload()
    wait_live(gran)
    expect(gran.get_by_label("Larger text")).to_be_checked()
    assert room.errors == []


def test_sign_in_is_not_an_open_redirect_at_the_http_level(
    server: tuple[LiveServer, UUID],
) -> None:
    live, case_id = server
    request = urllib.request.Request(f"{live.url}/cases/{case_id}")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(request)
    with caught.value:  # the refused redirect holds its response open
        assert caught.value.code == 303
        location = caught.value.headers["Location"]
    assert location == f"{live.url}/signin?next=%2Fcases%2F{case_id}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
