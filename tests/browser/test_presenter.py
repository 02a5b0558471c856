"""The chair runs the meeting from a presenter view while the wall shows only the room's
view (issue 23, item 1), in Debian's Chromium: the presenter and the wall are two
browser contexts (two devices, each signed in on its own), three phones wait, the
presenter lets them in, asks a question and shows the scores with one key, and starts
a fifteen-minute agenda timer and stops it from the keyboard; the wall shows how many
wait, then the spread and the timer, and never a waiting name or a control.
Screenshots of the wall and the presenter view are kept in test-artifacts/.
"""

from __future__ import annotations

import re

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
    sign_in,
    vote,
    wait_live,
)
from playwright.sync_api import Page, WebSocket, expect

# Names that are nowhere in the demo case, so any of them on the wall came from the lobby.
WAITING = ("Rosa Quill", "Tomasz Nowak", "Ade Bello")
QUESTION = "How safe is Lily at home today?"
# Anything a person could press, type in or follow.
CONTROLS = "button, a, input, select, textarea, form, [tabindex], [role=button]"


def _wall_holds_no_name_and_no_control(wall: Page, heard: list[str]) -> None:
    shown = wall.locator("#board-app")
    for name in WAITING:
        expect(shown).not_to_contain_text(name)
    assert wall.locator("#board-app").locator(CONTROLS).count() == 0
    # Nor was the wall's browser ever sent them: it is told a count, never who, and
    # never reads the lobby.
    assert any('"type":"waiting"' in frame for frame in heard)
    for name in WAITING:
        assert not any(name in frame for frame in heard), name
    assert [f for f in heard if f.startswith("GET ") and "/api/" in f and "/lobby" in f] == []


def _frames_heard(page: Page) -> list[str]:
    """Every frame the page's websockets receive, and every request it makes, from now on."""
    heard: list[str] = []

    def listen(socket: WebSocket) -> None:
        socket.on("framereceived", lambda payload: heard.append(str(payload)))

    page.on("websocket", listen)
    page.on("request", lambda request: heard.append(f"{request.method} {request.url}"))
    return heard


def test_the_presenter_lets_the_room_in_and_reveals_while_the_wall_shows_only_the_room(
    room: Room,
) -> None:
    chair = room.chair()
    open_meeting(chair)
    chair.get_by_role("button", name="Presenter view").click()
    presenter = chair.locator(".presenter")
    expect(presenter.locator("#presenter-now")).to_have_text("The mapping")
    href = presenter.get_by_role("link", name="Open the wall").get_attribute("href")
    assert href == f"/cases/{room.case_id}/wall"

    # The wall: another device, signed in on its own, on the room's screen.
    wall = room.page(WALL)
    sign_in(wall, room.url)
    heard = _frames_heard(wall)
    wall.goto(f"{room.url}{href}")
    wait_live(wall)
    expect(wall.locator(".wall h1")).to_have_text("The mapping")

    code = make_invite(chair, "Family network member")
    phones = []
    for name in WAITING:
        phone = room.page(PHONE)
        join(phone, room.url, code, name)
        phones.append(phone)
    lobby = chair.locator(".people-list.lobby")
    for name in WAITING:
        expect(lobby).to_contain_text(name)  # names on the presenter view only
    expect(wall.locator(".wall-waiting")).to_have_text("3 people waiting to come in")
    _wall_holds_no_name_and_no_control(wall, heard)
    shot(wall, "presenter-wall-three-waiting")
    shot(chair, "presenter-view-three-waiting")
    assert axe_violations(wall) == ""
    assert axe_violations(chair) == ""

    # The presenter moves the wall: a clicker's key, and a view's button.
    chair.locator(".case-title h1").click()  # the focus on the page, not in a field
    chair.keyboard.press("PageDown")
    expect(wall.locator(".wall h1")).to_have_text("What Lily says")
    expect(presenter.locator("#presenter-now")).to_have_text("What Lily says")
    presenter.get_by_role("button", name="Safety plan").click()
    expect(wall.locator(".wall h1")).to_have_text("Safety plan")
    _wall_holds_no_name_and_no_control(wall, heard)

    # A card shown whole on the wall, from the presenter's own copy of it; Escape back.
    card = chair.locator("li.item", has=chair.locator(".item-on-wall")).first
    words = card.locator(".item-text").inner_text()
    card.locator(".item-on-wall").click()
    expect(wall.locator(".wall-whole")).to_have_text(words)
    expect(presenter.locator("#presenter-now")).to_have_text("The mapping, one thing shown whole")
    _wall_holds_no_name_and_no_control(wall, heard)
    chair.locator(".case-title h1").click()
    chair.keyboard.press("Escape")
    expect(wall.locator(".wall-whole")).to_have_count(0)
    expect(wall.locator(".wall h1")).to_have_text("The mapping")

    for name in WAITING:
        admit(chair, name)
    expect(wall.locator(".wall-waiting")).to_have_count(0)

    # Asking a question brings the wall to it; phones scale; R shows the spread.
    open_round(chair, QUESTION)
    expect(wall.locator(".wall h1")).to_have_text("Scaling")
    expect(wall.locator(".wall-question")).to_have_text(QUESTION)
    for phone, score in zip(phones, (3, 5, 6), strict=True):
        vote(phone, score, "Dan has kept to the plan most weeks")
    expect(wall.locator(".wall-tally")).to_contain_text("3")
    expect(wall.locator(".wall-spread")).to_have_count(0)
    chair.locator(".case-title h1").click()
    chair.keyboard.press("r")
    expect(chair.locator("#scaling-now .dotplot")).to_be_visible()
    expect(wall.locator(".wall-middle")).to_have_text("Middle score: 5 (3 people)")
    expect(wall.locator(".wall h1")).to_have_text("Scaling")
    assert wall.locator("#board-app").locator(CONTROLS).count() == 0
    shot(wall, "presenter-wall-spread")
    assert axe_violations(wall) == ""

    # Two steps on and one back, by the keys: the wall follows the presenter.
    chair.keyboard.press("ArrowRight")
    expect(wall.locator(".wall h1")).to_have_text("Join the meeting")
    expect(wall.locator(".wall-code")).to_have_text(code)  # made after the wall opened
    chair.keyboard.press("PageUp")
    expect(wall.locator(".wall h1")).to_have_text("Scaling")

    # The agenda timer, for what the wall shows, fifteen minutes chosen in the presenter
    # view, started and stopped from the keyboard: the one button keeps the focus as it
    # changes from start to stop.
    length = presenter.get_by_label("How long")
    expect(length).to_have_value("10")
    length.select_option("15")
    length.focus()
    chair.keyboard.press("Tab")
    start = presenter.get_by_role("button", name="Start the timer for \u201cScaling\u201d")
    expect(start).to_be_focused()
    shot(chair, "presenter-view-timer-length")
    chair.keyboard.press("Enter")
    on_wall = wall.get_by_role("timer", name="Agenda timer")
    expect(on_wall.locator(".timer-label")).to_have_text("Scaling")
    # The barrier: the wall counting from fifteen minutes, then the frame it was sent.
    expect(on_wall.locator(".timer-left")).to_have_text(re.compile(r"^(15:00|14:[0-5]\d) left$"))
    assert any('"type":"timer"' in f and '"seconds":900' in f for f in heard)
    stop = presenter.get_by_role("button", name="Stop the timer")
    expect(stop).to_be_focused()
    expect(presenter.locator(".presenter-timer p")).to_have_text(
        "Agenda timer: \u201cScaling\u201d, running."
    )
    assert wall.locator("#board-app").locator(CONTROLS).count() == 0
    shot(wall, "presenter-wall-timer")
    assert axe_violations(wall) == ""
    assert axe_violations(chair) == ""
    chair.keyboard.press("Enter")
    expect(on_wall).to_have_count(0)
    expect(start).to_be_focused()
    assert room.errors == []
