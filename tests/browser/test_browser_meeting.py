"""A meeting in the room, in a real browser: the chair's shared screen and two phones.

The chair opens the meeting and makes invite codes; two people join from their
phones, wait in the lobby and are let in; they scale with their reasons while the
chair's screen counts who has scaled, then shows the spread; an item added on the
shared screen appears on both phones; a phone that goes offline comes back and is
caught up; an edit made at the same time as someone else's keeps both texts.
"""

from __future__ import annotations

import re

from browser import (
    PHONE,
    WALL,
    Room,
    add_item,
    admit,
    assert_page_holds_servers_board,
    axe_violations,
    join,
    make_invite,
    open_meeting,
    open_round,
    open_screen,
    page_board,
    shot,
    sign_in,
    status,
    tab_to,
    unfold,
    vote,
    wait_live,
)
from playwright.sync_api import Page, expect

QUESTION = "On a scale of 0 to 10, how safe is Lily at home today?"


def test_a_meeting_with_the_chair_and_two_phones(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair)

    # The chair makes a code for each person, and both join from their phones.
    gran_code = make_invite(chair, "Family network member")
    lily_code = make_invite(chair, "Child or young person")
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", gran_code)
    expect(chair.locator(".invite-link").first).to_contain_text("/join?code=")
    gran = room.page(PHONE)
    lily = room.page(PHONE)
    join(gran, room.url, gran_code, "Gran Pat")
    join(lily, room.url, lily_code, "Lily")
    expect(gran.locator("#connection-status")).to_have_text(
        "Connected. Waiting for the chair to let you in."
    )
    shot(gran, "phone-lobby-360")

    # Both wait in the lobby until the chair lets them in.
    lobby = chair.locator(".people-list.lobby")
    expect(lobby).to_contain_text("Gran Pat")
    expect(lobby).to_contain_text("Lily")
    admit(chair, "Gran Pat", as_person="p-pat")
    admit(chair, "Lily", as_person="p-lily")  # Lily was at the core group (W37)
    for phone in (gran, lily):
        expect(phone.get_by_role("heading", level=1)).to_have_text("Lily (the Bennett family)")
        wait_live(phone)

    # A scaling question, about danger statement 1.
    open_round(chair, QUESTION, statement="Danger statement 1:")
    for phone in (gran, lily):
        expect(phone.locator("#scaling .question")).to_have_text(QUESTION)
    expect(lily.locator("form.vote-form")).to_have_class(re.compile("child-scale"))
    shot(lily, "phone-child-scale-360", at="#scaling")

    vote(gran, 6, "Jess has kept to the plan for a month")
    tally = chair.locator("#scaling-now .tally")
    expect(tally).to_have_text("1 person has scaled: Gran Pat.")
    vote(lily, 4, "I still get scared when they shout")
    expect(tally).to_have_text("2 people have scaled: Gran Pat and Lily.")
    # Until the chair shows them, nobody's score is on the shared screen.
    expect(chair.locator("#scaling-now .dotplot")).to_have_count(0)
    expect(chair.locator("#scaling-now")).not_to_contain_text("I still get scared")
    shot(chair, "screen-counting-1920")

    # Gran changes her mind: the vote is replaced, not added.
    vote(gran, 7, "Jess has kept to the plan, and Dan is going to his group")
    expect(tally).to_have_text("2 people have scaled: Gran Pat and Lily.")

    # The spread, without names: family and network apart from professionals.
    chair.get_by_role("button", name="Show the scores").click()
    plot = chair.locator("#scaling-now .dotplot")
    expect(plot.locator(".dot-row-family .dot-summary")).to_have_text(
        "Family and network: 2 people, from 4 to 7"
    )
    expect(plot.locator(".dot-row-professional .dot-summary")).to_have_text(
        "Professionals: nobody scaled"
    )
    expect(plot.locator(".dot-family")).to_have_count(2)
    expect(plot).to_contain_text("I still get scared when they shout")
    expect(plot).not_to_contain_text("Gran Pat")
    for phone in (gran, lily):
        expect(phone.locator("#scaling .dotplot .dot-family")).to_have_count(2)
    shot(chair, "screen-revealed-1920")
    shot(gran, "phone-revealed-360", at="#scaling")

    # With names, when the chair chooses.
    chair.get_by_role("button", name="Show the names").click()
    expect(plot).to_contain_text("Gran Pat (family network member): 7")

    # An item added on the shared screen appears on both phones, without a reload.
    add_item(chair, "Existing strengths", "Gran Pat walks Lily to school every day")
    for phone in (gran, lily):
        unfold(phone, "the mapping")  # folded on a phone, a tap away
        expect(
            phone.locator(".item-text", has_text="Gran Pat walks Lily to school")
        ).to_be_visible()

    # Gran's phone loses the network; the room carries on; she comes back caught up.
    sockets: list[str] = []
    gran.on("websocket", lambda socket: sockets.append(socket.url))
    gran.context.set_offline(True)
    expect(gran.locator("#connection-status")).to_have_attribute("data-state", "offline")
    expect(gran.locator("#connection-status")).to_contain_text("Offline")
    add_item(chair, "Next steps", "Amira to visit on Thursday after school")
    add_item(chair, "Complicating factors", "Dan's shifts change every week")
    # What Gran suggests while offline waits, and is sent once she is back.
    gran.get_by_role("button", name="Suggest a rule for the plan").click()
    gran.get_by_label("Who will do it?").fill("Gran Pat")
    gran.get_by_label("What will they do?").fill("Phones Jess every evening at six")
    gran.get_by_label(re.compile("Danger statement 1:")).check()
    gran.get_by_role("button", name="Suggest it").click()
    expect(gran.get_by_role("button", name="Waiting for the connection…")).to_be_visible()
    expect(gran.locator("#connection-status")).to_contain_text("1 change is waiting to be sent")
    gran.context.set_offline(False)
    expect(gran.locator("#connection-status")).to_have_text(
        re.compile(r"Back — [0-9]+ changes caught up")
    )
    missed = int(re.findall(r"[0-9]+", status(gran))[0])
    assert missed >= 2, status(gran)
    assert any("after=" in url for url in sockets), sockets
    expect(gran.locator(".item-text", has_text="Amira to visit on Thursday")).to_be_visible()
    expect(gran.locator(".item-text", has_text="Dan's shifts change")).to_be_visible()
    rule = chair.locator(".rule", has_text="Phones Jess every evening at six")
    expect(rule).to_contain_text("Addresses danger statement 1")
    expect(rule).to_have_count(1)  # resent under the same id: recorded once
    shot(gran, "phone-back-online-360")

    # Two people change the same item at once: nothing is lost.
    add_item(gran, "Existing safety", "Gran has a key and can come round any time")
    item = gran.locator(".item", has_text="Gran has a key")
    item.get_by_role("button", name=re.compile("^Change")).click()
    gran_box = item.get_by_label("Your words")
    gran_box.fill("Gran has a key and comes round within ten minutes")
    chairs_item = chair.locator(".item", has_text="Gran has a key")
    chairs_item.get_by_role("button", name=re.compile("^Change")).click()
    chairs_item.get_by_label("Your words").fill("Gran has a key to the house")
    chairs_item.get_by_role("button", name="Save").click()
    expect(chair.locator(".item-text", has_text="Gran has a key to the house")).to_be_visible()
    conflict = item.locator(".conflict")
    expect(conflict).to_contain_text("Sam Reid changed this while you were editing.")
    expect(conflict.locator(".theirs")).to_have_text("Gran has a key to the house")
    expect(gran_box).to_have_value("Gran has a key and comes round within ten minutes")
    item.get_by_role("button", name="Save", exact=True).click()  # refused: edit_conflict
    expect(conflict).to_contain_text("Your words have not been lost.")
    expect(conflict.locator(".mine")).to_have_text(
        "Gran has a key and comes round within ten minutes"
    )
    expect(gran_box).to_have_value("Gran has a key and comes round within ten minutes")
    shot(gran, "phone-edit-conflict-360", at=".item:has(.conflict)")
    item.get_by_role("button", name="Save my words instead").click()
    expect(chair.locator(".item-text", has_text="comes round within ten minutes")).to_be_visible()
    expect(gran.locator(".conflict")).to_have_count(0)

    # A refusal is shown in plain words: Lily cannot set a bottom line.
    expect(lily.get_by_label("What kind of rule?")).to_have_count(0)
    lily.get_by_role("button", name="Suggest a rule for the plan").click()
    kinds = lily.get_by_label("What kind of rule?").locator("option")
    expect(kinds).not_to_contain_text(["Bottom line"])

    # Each page's board, its snapshot with every event's changes applied, is exactly the
    # server's board for that page's audience.
    for page in (chair, gran, lily):
        assert_page_holds_servers_board(chair, page, room.case_id)

    # Present mode: the wall, large type, no editing (tests/browser/test_wall.py).
    chair.get_by_role("button", name="Present to the room").click()
    expect(chair.locator("#facilitation")).to_have_count(0)
    shot(chair, "screen-present-1920")
    chair.get_by_role("button", name="Stop presenting").click()

    # The chair closes the question, then the meeting; the phones are thanked.
    chair.get_by_role("button", name="Close this question").click()
    expect(gran.locator("#scaling .empty")).to_contain_text("No scaling question is open")
    chair.get_by_role("button", name="Close the meeting…").click()
    chair.get_by_label("What was decided? (optional)").fill("Plan agreed; review in six weeks.")
    chair.get_by_role("button", name="Close the meeting", exact=True).click()
    for phone in (gran, lily):
        expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you")
        expect(phone.locator(".lead")).to_have_text(
            "The meeting has ended. Thank you for taking part."
        )
    expect(chair.locator(".meeting-line")).to_have_text("No meeting is open.")
    assert room.errors == []


def test_voting_and_adding_an_item_with_the_keyboard_alone(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair, "Family network meeting")
    jess = room.phone_in(chair, "Parent", "Jess")
    open_round(chair, QUESTION)
    expect(jess.locator("#scaling .question")).to_have_text(QUESTION)

    # From here on, the phone is used with the keyboard alone.
    keys = jess.keyboard
    tab_to(jess, "input[name=score]")
    for _ in range(5):
        keys.press("ArrowRight")  # 0 -> 5, choosing as it goes
    tab_to(jess, "textarea[name=narrative]")
    keys.type("Dan has started his group and we talk more")
    tab_to(jess, "form.vote-form button[type=submit]")
    keys.press("Enter")
    expect(jess.locator(".your-vote")).to_contain_text("You said 5")
    expect(chair.locator("#scaling-now .tally")).to_have_text("1 person has scaled: Jess.")

    tab_to(jess, '[data-action="toggle-fold"][data-part="mapping"]')
    keys.press("Enter")  # the mapping, folded on a phone, opened by the keyboard too
    tab_to(jess, '[data-panel="add:existing_strengths"]')
    keys.press("Enter")
    expect(jess.locator("textarea[name=text]")).to_be_focused()  # the box to write in
    keys.type("Jess takes Lily to her swimming lesson every Saturday")
    tab_to(jess, 'form[data-form="add-item"] button[type=submit]')
    keys.press("Enter")
    expect(chair.locator(".item-text", has_text="Jess takes Lily to her swimming")).to_be_visible()
    expect(jess.locator(".item-text", has_text="Jess takes Lily to her swimming")).to_be_visible()
    expect(jess.locator("textarea[name=text]")).to_be_focused()  # ready for the next one
    keys.press("Escape")  # closes the form, back to its button
    expect(jess.locator('[data-panel="add:existing_strengths"]')).to_be_focused()
    shot(jess, "phone-keyboard-360", at="#domain-existing_strengths")
    assert room.errors == []


def test_no_accessibility_violations(room: Room) -> None:
    found: list[str] = []

    def check(page: Page, name: str) -> None:
        shot(page, name, full_page=True)
        report = axe_violations(page)
        if report:
            found.append(f"{name}: {report}")

    visitor = room.page(PHONE)
    visitor.goto(f"{room.url}/signin")
    check(visitor, "signin-360")
    visitor.goto(f"{room.url}/join")
    check(visitor, "join-360")

    chair = room.page(WALL)
    chair.goto(f"{room.url}/signin")
    check(chair, "signin-1920")
    sign_in(chair, room.url)
    open_screen(chair, room.url, room.case_id)
    check(chair, "screen-no-meeting-1920")
    open_meeting(chair)
    code = make_invite(chair, "Family network member")
    gran = room.page(PHONE)
    join(gran, room.url, code, "Gran Pat")
    check(gran, "phone-lobby-axe-360")
    expect(chair.locator(".people-list.lobby")).to_contain_text("Gran Pat")
    check(chair, "screen-lobby-1920")
    admit(chair, "Gran Pat", as_person="p-pat")
    open_round(chair, QUESTION)
    wait_live(gran)
    check(gran, "phone-board-360")
    vote(gran, 6, "Things are calmer at home")
    chair.get_by_label("Show names with the scores").check()
    chair.get_by_role("button", name="Show the scores").click()
    expect(chair.locator("#scaling-now .dotplot")).to_contain_text("Gran Pat")
    gran.get_by_role("button", name="Suggest a rule for the plan").click()
    check(gran, "phone-revealed-360")
    chair.get_by_role("button", name="Add to Harm", exact=True).click()
    check(chair, "screen-revealed-1920")
    chair.get_by_role("button", name="Present to the room").click()
    check(chair, "screen-present-1920")
    assert found == [], "\n".join(found)
    assert room.errors == []


def test_undo_locking_the_familys_view_follow_me_and_the_timer(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair)
    jess = room.phone_in(chair, "Parent", "Jess")

    # Jess takes back what she just added: undo, recorded as a new event.
    expect(jess.get_by_role("button", name="Undo my last change")).to_have_count(0)
    unfold(jess, "the mapping")
    add_item(jess, "Existing strengths", "Jess walks Lily to school")
    expect(jess.locator(".undo-what")).to_have_text(
        "Takes back adding “Jess walks Lily to school”."
    )
    jess.get_by_role("button", name="Undo my last change").click()
    for page in (jess, chair):
        expect(page.locator(".item-text", has_text="Jess walks Lily to school")).to_have_count(0)
    expect(jess.get_by_role("button", name="Undo my last change")).to_have_count(0)

    # The chair locks danger statement 1 once the room agrees its words.
    statement = chair.locator("#danger-1")
    statement.get_by_role("button", name="Lock these words danger statement 1").click()
    for page in (chair, jess):
        expect(page.locator("#danger-1 .statement .locked")).to_have_text(
            "Agreed by the room and locked"
        )
    expect(statement.get_by_role("button", name="Change danger statement 1")).to_have_count(0)

    # Jess sees it differently: her view is kept beside it, the statement unchanged.
    unfold(jess, "the danger statements")
    mine = jess.locator("#danger-1")
    mine.get_by_role("button", name="I see this differently (danger statement 1)").click()
    mine.get_by_label("Your view of danger statement 1, in your own words").fill(
        "We argue, but Dan has never hit me when Lily is there"
    )
    mine.get_by_role("button", name="Save my view").click()
    expect(statement.locator(".family-views")).to_contain_text(
        "Jess (parent): We argue, but Dan has never hit me when Lily is there"
    )

    # Follow me: the chair shows everyone the safety plan.
    chair.get_by_role("group", name="Show everyone").get_by_role(
        "button", name="Safety plan"
    ).click()
    expect(jess.locator(".follow-banner")).to_contain_text("Following Sam Reid: the safety plan.")
    expect(jess.locator("#plan-heading")).to_be_in_viewport()
    expect(jess.locator("#fold-plan")).to_be_visible()  # folded on a phone: opened for her

    # The agenda timer, on every screen.
    chair.get_by_label("What is it for?").fill("Safety plan")
    chair.get_by_label("How long").select_option("2")
    chair.get_by_role("button", name="Start the timer").click()
    for page in (chair, jess):
        expect(page.locator(".agenda-timer .timer-label")).to_have_text("Safety plan")
        expect(page.locator("#agenda-timer-left")).to_have_text(re.compile(r"[12]:[0-5][0-9] left"))
    shot(jess, "phone-follow-and-timer-360")
    shot(chair, "screen-locked-and-family-view-1920", at="#statements")
    report = axe_violations(jess) + axe_violations(chair)
    chair.get_by_role("button", name="Stop the timer").click()
    for page in (chair, jess):
        expect(page.locator(".agenda-timer")).to_have_count(0)
    for page in (chair, jess):
        assert_page_holds_servers_board(chair, page, room.case_id)
    assert report == ""
    assert room.errors == []


# Counts the frames a page's websockets receive, by type and in order, as they arrive
# over the wire (before the page's own script sees them).
COUNT_FRAMES = """
(() => {
  const Native = window.WebSocket;
  const heard = [];
  window.framesHeard = heard;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (message) => {
        try {
          const frame = JSON.parse(message.data);
          heard.push({ type: frame.type, position: frame.position ?? null, said: frame.said ?? null });
        } catch {
          heard.push({ type: "not json", position: null, said: null });
        }
      });
    }
  };
})();
"""


def frames_heard(page: Page) -> list[dict[str, object]]:
    heard: list[dict[str, object]] = page.evaluate("window.framesHeard")
    return heard


def test_a_guests_phone_is_told_the_scores_and_what_others_did(room: Room) -> None:
    chair = room.chair()
    open_meeting(chair)
    gran_code = make_invite(chair, "Family network member")
    jess_code = make_invite(chair, "Parent")
    gran = room.page(PHONE)
    gran.add_init_script(COUNT_FRAMES)
    jess = room.page(PHONE)
    join(gran, room.url, gran_code, "Gran Pat")
    join(jess, room.url, jess_code, "Jess")
    admit(chair, "Gran Pat", as_person="p-pat")
    admit(chair, "Jess")
    for phone in (gran, jess):
        wait_live(phone)
    announcer = gran.locator("#announcer")

    # Someone else's change is said on Gran's phone in the server's words, and shown.
    for phone in (gran, jess):
        unfold(phone, "the mapping")
    add_item(jess, "Existing strengths", "Jess walks Lily to school")
    expect(announcer).to_contain_text(
        "Jess (parent) added to Existing strengths: “Jess walks Lily to school”"
    )
    expect(gran.locator(".item.fresh", has_text="Jess walks Lily to school")).to_be_visible()
    jess.get_by_role("button", name="Undo my last change").click()
    expect(announcer).to_contain_text(
        "Jess (parent) undid their change: took “Jess walks Lily to school” off the board."
    )
    expect(gran.locator(".item-text", has_text="Jess walks Lily to school")).to_have_count(0)

    # Both scale; until the chair reveals, Gran's phone holds that Jess scaled, not what.
    open_round(chair, QUESTION)
    vote(gran, 7, "Jess has kept to the plan for a month")
    vote(jess, 4, "Dan still shouts when he is tired")
    expect(announcer).to_contain_text("Jess (parent) has scaled.")
    expect(gran.locator("#scaling")).not_to_contain_text("Dan still shouts")
    for page in (chair, gran, jess):
        assert_page_holds_servers_board(chair, page, room.case_id)
    rounds = page_board(gran)["scaling_rounds"].values()
    votes = next(r for r in rounds if not r["closed"])["votes"]
    assert sorted(v["score"] for v in votes.values()) == [-1, 7]  # Jess's score is not sent

    # The chair reveals, without names: the scores reach Gran's phone in the event's own
    # changes, and no snapshot is sent.
    snapshots = [f for f in frames_heard(gran) if f["type"] == "snapshot"]
    assert len(snapshots) == 1  # the board as Gran was let in
    chair.get_by_role("button", name="Show the scores").click()
    expect(gran.locator("#scaling .dotplot .dot-summary").first).to_have_text(
        "Family and network: 2 people, from 4 to 7"
    )
    expect(gran.locator("#scaling .dotplot")).to_contain_text("Dan still shouts when he is tired")
    expect(gran.locator("#scaling .dotplot")).not_to_contain_text("Jess (parent)")
    expect(announcer).to_contain_text("Sam Reid (chair) showed everyone's scores.")
    # Frames come in order: once a later event has arrived, a snapshot sent for the
    # reveal would have arrived before it.
    add_item(chair, "Next steps", "Amira to visit on Thursday after school")
    expect(gran.locator(".item-text", has_text="Amira to visit on Thursday")).to_be_visible()
    heard = frames_heard(gran)
    reveal = next(i for i, f in enumerate(heard) if "showed everyone's scores" in str(f["said"]))
    assert heard[reveal]["type"] == "event"
    assert [f["type"] for f in heard[reveal:]].count("snapshot") == 0
    assert [f for f in heard if f["type"] == "snapshot"] == snapshots

    # Gran adds two things and takes the second back: her undo step is the server's.
    add_item(gran, "Existing safety", "Gran has a key to the house")
    add_item(gran, "Existing safety", "Gran phones Jess every evening")
    expect(gran.locator(".undo-what")).to_have_text(
        "Takes back adding “Gran phones Jess every evening”."
    )
    gran.get_by_role("button", name="Undo my last change").click()
    expect(gran.locator(".item-text", has_text="Gran phones Jess")).to_have_count(0)
    expect(gran.locator(".undo-what")).to_have_text(
        "Takes back adding “Gran has a key to the house”."
    )

    # Every page holds exactly the server's board for its audience: the phones the
    # anonymous spread (a stand-in for everyone else), the chair's screen everything.
    for page in (chair, gran, jess):
        assert_page_holds_servers_board(chair, page, room.case_id)
    rounds = page_board(gran)["scaling_rounds"].values()
    votes = next(r for r in rounds if not r["closed"])["votes"]
    assert sorted(v["name"] for v in votes.values()) == ["Gran Pat", "Someone"]
    assert [f for f in frames_heard(gran) if f["type"] == "snapshot"] == snapshots
    assert room.errors == []
