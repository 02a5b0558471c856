"""Issue 23's "Done when", end to end in Debian's Chromium: the chair runs the demo's
core group from the presenter view (the chair's laptop) start to end: opens the
meeting, lets three phones in, asks a scaling question, shows the scores with one key,
agrees the plan rule a phone suggested, and closes the meeting, while the wall (its own
page, another device) at 1280×720 (a common projector) and at 1920×1080 shows only the
room's view. After every step the wall is checked: no control, no name from the lobby
(on the page or in anything its browser was sent), no scroll, nothing outside the
screen or cut by the stage, type at the limit (24 px at 720p, 28 px at 1080p); axe
finds nothing at the end. A screenshot of the wall at each step is kept in
test-artifacts/ (run-from-the-presenter-WxH-NN-step.png).
"""

from __future__ import annotations

import re

import pytest
from browser import (
    PHONE,
    Room,
    admit,
    axe_violations,
    join,
    make_invite,
    open_round,
    shot,
    sign_in,
    vote,
    wait_live,
)
from playwright.sync_api import Page, WebSocket, expect
from test_presenter import CONTROLS
from test_wall import SEEN_TEXT
from test_wall_sizes import OUTSIDE, pages_of

# Names nowhere in the demo case: any of them on the wall came from the lobby.
WAITING = ("Rosa Quill", "Tomasz Nowak", "Ade Bello")
# Comes late and is kept waiting to the end: never named to the wall at any step.
LATE = "Mo Farrant"
QUESTION = "How safe is Lily at home today?"
RULE = "Rosa walks Lily to school every morning and waits until she is inside"
# A heading on the wall split between two columns, or left at the foot of one with what
# it heads at the top of the next: the room reads half a heading, or a heading over
# nothing.
STRANDED = """() => {
  const out = [];
  for (const heading of document.querySelectorAll('#wall-stage h2, #wall-stage h3')) {
    if (!heading.getClientRects().length) continue;
    const range = document.createRange();
    range.selectNodeContents(heading);
    // Lines of one column run down the page; a line higher than the one before it is
    // in the next column.
    const tops = [...range.getClientRects()].filter((r) => r.width > 1).map((r) => r.top);
    if (tops.some((top, i) => i > 0 && top < tops[i - 1] - 2)) {
      out.push(`split: ${heading.textContent.trim()}`);
    }
    const next = heading.nextElementSibling;
    if (!next || !next.getClientRects().length) continue;
    const below = next.getClientRects()[0];
    if (Math.abs(below.left - heading.getBoundingClientRect().left) > 50) {
      out.push(`apart from what it heads: ${heading.textContent.trim()}`);
    }
  }
  return out;
}"""
SIZES = ((1280, 720, 24), (1920, 1080, 28))  # the wall's width, height, smallest type


class Wall:
    """The wall's own page and what its browser was sent, checked after every step."""

    def __init__(self, page: Page, size: tuple[int, int, int]) -> None:
        self.page = page
        self.width, self.height, self.smallest = size
        self.heard: list[str] = []
        self.steps = 0
        # Until they are let in, what the wall was sent holds none of the waiting names;
        # once in, they are the meeting's people, like anyone on the board.
        self.admitted: int | None = None

        def listen(socket: WebSocket) -> None:
            socket.on("framereceived", lambda payload: self.heard.append(str(payload)))

        page.on("websocket", listen)
        page.on("request", lambda request: self.heard.append(f"{request.method} {request.url}"))

    def check(self, step: str) -> None:
        """The wall after a step: only the room's view, whole, in type the room can read."""
        self.steps += 1
        name = f"{self.width}x{self.height}, step {self.steps} ({step})"
        shot(
            self.page, f"run-from-the-presenter-{self.width}x{self.height}-{self.steps:02d}-{step}"
        )
        shown = self.page.locator("#board-app")
        assert shown.locator(CONTROLS).count() == 0, f"{name}: a control on the wall"
        text = shown.inner_text()
        for waiting in (*WAITING, LATE):
            # Once let in, the three are the meeting's people ("Answered so far: …").
            lobby_time = self.heard if waiting == LATE else self.heard[: self.admitted]
            if waiting == LATE or self.admitted is None:
                assert waiting not in text, f"{name}: {waiting} on the wall"
            assert not any(waiting in frame for frame in lobby_time), f"{name}: {waiting} sent"
        lobby_reads = [
            f for f in self.heard if f.startswith("GET ") and "/api/" in f and "/lobby" in f
        ]
        assert lobby_reads == [], f"{name}: the wall read the lobby"
        found = self.page.evaluate(OUTSIDE)
        assert not found["scrolls"], f"{name}: the wall scrolls"
        assert found["out"] == [], f"{name}: outside the screen: {found['out'][:5]}"
        assert found["rows"] == 1, f"{name}: the tabs on {found['rows']} rows"
        stranded = self.page.evaluate(STRANDED)
        assert stranded == [], f"{name}: {stranded}"
        seen = self.page.evaluate(SEEN_TEXT)
        assert seen, f"{name}: nothing to read"
        small = [t for t in seen if t["size"] < self.smallest]
        assert small == [], f"{name}: text under {self.smallest} px: {small[:5]}"


def suggest(phone: Page, who: str, what: str) -> None:
    """A phone suggests a rule for the plan, for danger statement 1."""
    phone.get_by_role("button", name="Suggest a rule for the plan").click()
    phone.get_by_label("Who will do it?").fill(who)
    phone.get_by_label("What will they do?").fill(what)
    phone.get_by_label(re.compile("Danger statement 1:")).check()
    phone.get_by_role("button", name="Suggest it").click()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_the_chair_runs_the_core_group_from_the_presenter_view(
    room: Room, size: tuple[int, int, int]
) -> None:
    chair = room.chair()
    chair.get_by_role("button", name="Presenter view").click()
    presenter = chair.locator(".presenter")
    href = presenter.get_by_role("link", name="Open the wall").get_attribute("href")

    # The wall: the room's screen, another device signed in on its own.
    page = room.page({"width": size[0], "height": size[1]})
    sign_in(page, room.url)
    wall = Wall(page, size)
    page.goto(f"{room.url}{href}")
    wait_live(page)
    expect(page.locator(".wall h1")).to_have_text("The mapping")
    wall.check("before")

    # 1. The chair opens the core group, from the presenter view.
    presenter.get_by_label("Meeting to open").select_option(label="Core group meeting")
    presenter.get_by_role("button", name="Open it").click()
    expect(chair.locator(".meeting-line")).to_contain_text("Core group meeting")
    expect(presenter.locator(".presenter-meeting")).to_contain_text(
        "Core group meeting, open since"
    )
    wall.check("opened")

    # 2. Three phones wait: their names on the presenter view, a count on the wall.
    code = make_invite(chair, "Family network member")
    phones = []
    for name in WAITING:
        phone = room.page(PHONE)
        join(phone, room.url, code, name)
        phones.append(phone)
    for name in WAITING:
        expect(chair.locator(".people-list.lobby")).to_contain_text(name)
    expect(page.locator(".wall-waiting")).to_have_text("3 people waiting to come in")
    wall.check("three-waiting")
    wall.admitted = len(wall.heard)
    for name in WAITING:
        admit(chair, name)
    expect(page.locator(".wall-waiting")).to_have_count(0)
    for phone in phones:
        wait_live(phone)
    wall.check("let-in")
    # The presenter's list of invites says whom each was let in as.
    joined = chair.locator(".invites li", has_text="Joined with it")
    for name in WAITING:
        expect(joined).to_contain_text(f"{name} (let in as {name})")
    late = room.page(PHONE)
    join(late, room.url, code, LATE)
    expect(chair.locator(".people-list.lobby")).to_contain_text(LATE)
    expect(page.locator(".wall-waiting")).to_have_text("1 person waiting to come in")
    wall.check("one-late")

    # 3. A scaling question: the wall goes to it; the phones scale, their scores hidden.
    presenter.get_by_role("button", name="Ask a scaling question…").click()
    expect(chair.get_by_label("The question", exact=True)).to_be_focused()
    open_round(chair, QUESTION)
    expect(presenter.locator(".presenter-round")).to_contain_text(f"Asked: “{QUESTION}”")
    expect(page.locator(".wall h1")).to_have_text("Scaling")
    expect(page.locator(".wall-question")).to_have_text(QUESTION)
    wall.check("asked")
    for phone, score in zip(phones, (3, 5, 6), strict=True):
        vote(phone, score, "Dan has kept to the plan most weeks")
    expect(page.locator(".wall-tally")).to_contain_text("3")
    expect(page.locator(".wall-spread")).to_have_count(0)
    wall.check("scaled")

    # 4. R shows the scores: the wall shows the spread.
    chair.locator(".case-title h1").click()  # the focus on the page, not in a field
    chair.keyboard.press("r")
    expect(page.locator(".wall-middle")).to_have_text("Middle score: 5 (3 people)")
    wall.check("revealed")

    # 5. A phone suggests a rule; the presenter puts the plan on the wall, where it waits.
    suggest(phones[0], "Rosa", RULE)
    presenter.get_by_role("button", name="Safety plan", exact=True).click()
    expect(page.locator(".wall h1")).to_have_text("Safety plan")
    expect(page.locator("#wall-stage")).to_contain_text(RULE)
    wall.check("suggested")

    # 6. The chair agrees it from the presenter view: on the wall it is a rule of the
    # plan, waiting no more, on the page the presenter moves the wall to.
    waiting = presenter.locator(".presenter-suggestions")
    expect(waiting).to_contain_text("Rosa walks Lily to school")
    shot(chair, f"run-from-the-presenter-{size[0]}x{size[1]}-presenter-suggestion")
    assert axe_violations(chair) == ""
    waiting.get_by_role("button", name=re.compile("^Agree the suggestion: Rosa")).click()
    expect(presenter.locator(".presenter-suggestions")).to_have_count(0)
    expect(chair.locator(".proposal", has_text=RULE)).to_have_count(0)
    expect(page.locator(".wall-proposal")).to_have_count(0)
    agreed = page.locator(".wall-rule", has_text=RULE)
    expect(agreed).to_have_count(1)
    for _ in range(pages_of(page) - 1):
        if agreed.is_visible():
            break
        presenter.get_by_role("button", name="Next on the wall").click()
    expect(agreed).to_be_visible()
    wall.check("agreed")

    # 7. The chair closes the question, then the meeting, from the presenter view: the
    # working screen's form (what was decided) opens with its field in focus.
    presenter.get_by_role("button", name="Close the question").click()
    expect(presenter.get_by_role("button", name="Ask a scaling question…")).to_be_visible()
    wall.check("question-closed")
    presenter.get_by_role("button", name="Close the meeting…").click()
    expect(chair.get_by_label("What was decided? (optional)")).to_be_focused()
    chair.keyboard.type("The plan stands with Rosa's school run added.")
    chair.get_by_role("button", name="Close the meeting", exact=True).click()
    expect(chair.locator(".meeting-line")).to_have_text("No meeting is open.")
    expect(presenter.locator(".presenter-meeting")).to_contain_text("No meeting is open.")
    # The late one, still waiting, is sent away with the rest: the lobby and its count
    # go together.
    expect(chair.locator("#facilitation")).to_contain_text("Waiting to be let in (0)")
    expect(page.locator(".wall-waiting")).to_have_count(0)
    wall.check("closed")
    expect(joined).to_contain_text(f"{LATE} (not let in)")
    expect(joined).to_contain_text("Rosa Quill (let in as Rosa Quill)")
    assert axe_violations(page) == ""
    # The presenter view, with its meeting to open again, passes axe too.
    shot(chair, f"run-from-the-presenter-{size[0]}x{size[1]}-presenter-closed")
    assert axe_violations(chair) == ""
    assert room.errors == []
