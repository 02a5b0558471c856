"""The wall has the room's audience (issue 21, item 2), in Debian's Chromium: the chair
presents at a family network meeting of a case that had a strategy meeting; the wall
shows none of its items, the chair's own screen marks each "Professionals only", and
when the chair shares one danger statement the wall and Gran's phone show it live.
Screenshots of the wall before and after, and of the chair's marks, are kept in
test-artifacts/.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pypdf
from browser import (
    PHONE,
    Room,
    admit,
    axe_violations,
    join,
    make_invite,
    shot,
)
from playwright.sync_api import expect

from board.projections.wording import day

POLICE = "Police intelligence about Dan that the family have not been told"
LEGAL = "Legal advice: the threshold for care proceedings is met"
DRINKING = "Dan may hurt Jess again when he has been drinking, and Lily could be hurt"
GOAL_KEPT = "Professionals agree when to seek a legal planning meeting"
STRATEGY_WORDS = (POLICE, LEGAL, DRINKING, GOAL_KEPT)

# Commands sent one after another from the chair's page, as its buttons send them;
# answers the ids each created.
SEND = """async (commands) => {
  const app = document.getElementById('board-app').boardApp;
  const made = [];
  for (const command of commands) {
    const ack = await new Promise((resolve, reject) => app.connection.send(command, {
      onAck: resolve, onError: (e) => { reject(new Error(e.message)); return true; },
    }));
    made.push(ack.created);
  }
  return made;
}"""


def _strategy_meeting(chair: Any) -> str:
    """A strategy meeting held before: an item, two danger statements, a goal. Returns
    the id of the statement the chair will share."""
    made = chair.evaluate(
        SEND,
        [
            {"type": "open_meeting", "kind": "strategy"},
            {
                "type": "add_item",
                "domain": "danger",
                "text": POLICE,
                "kind": "fact",
                "source": "police",
            },
            {"type": "write_danger_statement", "text": LEGAL},
            {"type": "write_danger_statement", "text": DRINKING},
            {"type": "close_meeting"},
        ],
    )
    legal, drinking = made[2][0], made[3][0]
    chair.evaluate(SEND, [{"type": "pair_safety_goal", "statement_id": legal, "text": GOAL_KEPT}])
    return str(drinking)


def test_the_wall_shows_the_family_nothing_of_a_strategy_meeting_until_shared(room: Room) -> None:
    chair = room.chair()
    # The pair goal was written after the meeting closed: everyone's, but it goes with
    # its statement, so it stays for professionals only too.
    drinking = _strategy_meeting(chair)
    chair.evaluate(SEND, [{"type": "open_meeting", "kind": "family_network"}])
    expect(chair.locator(".meeting-line")).to_contain_text("Family network meeting")
    code = make_invite(chair, "Family network member")
    gran = room.page(PHONE)
    join(gran, room.url, code, "Gran Pat")
    admit(chair, "Gran Pat", as_person="p-pat")

    # The wall: the chair's second window, on the room's screen.
    wall = room.chair()
    wall.get_by_role("button", name="Present to the room").click()
    expect(wall.locator(".wall h1")).to_have_text("The mapping")
    expect(wall.locator(".wall-item").first).to_be_attached()
    for words in STRATEGY_WORDS:
        expect(wall.locator(".wall")).not_to_contain_text(words)
    shot(wall, "wall-family-meeting-mapping-no-strategy-items")
    assert axe_violations(wall) == ""
    wall.get_by_role("button", name="Danger statements").click()
    expect(wall.locator(".wall h1")).to_have_text("Danger statements and safety goals")
    for words in STRATEGY_WORDS:
        expect(wall.locator(".wall")).not_to_contain_text(words)
    shot(wall, "wall-family-meeting-statements-before-share")
    for words in STRATEGY_WORDS:
        expect(gran.locator("#board-view")).not_to_contain_text(words)

    # The chair's own screen marks each of them plainly, in words a screen reader says.
    row = chair.locator(".statement-row", has=chair.locator(".statement-text", has_text=DRINKING))
    mark = row.locator(".statement .professionals-only")
    expect(mark).to_have_text("Professionals only: the family does not see this danger statement 4")
    expect(chair.locator(".item", has_text=POLICE).locator(".professionals-only")).to_be_visible()
    legal_row = chair.locator(
        ".statement-row", has=chair.locator(".statement-text", has_text=LEGAL)
    )
    expect(legal_row.locator(".professionals-only")).to_have_count(2)  # the statement, its goal
    shot(chair, "chair-marks-professionals-only", at=".statement-row:has(.professionals-only)")
    assert axe_violations(chair) == ""

    # Shared, with how: the wall and Gran's phone show it at once; the rest stays out.
    row.get_by_role("button", name="Share with the family… (danger statement 4)").click()
    row.get_by_label("How is danger statement 4 shared with the family?").fill(
        "at the family network meeting"
    )
    row.get_by_role("button", name="Share it").click()
    expect(row.locator(".shared-note")).to_have_text(
        "Shared with the family: at the family network meeting"
    )
    expect(row.locator(".statement .professionals-only")).to_have_count(0)
    expect(wall.locator(".wall")).to_contain_text(DRINKING)
    expect(gran.locator("#board-view")).to_contain_text(DRINKING)
    for words in (POLICE, LEGAL, GOAL_KEPT):
        expect(wall.locator(".wall")).not_to_contain_text(words)
        expect(gran.locator("#board-view")).not_to_contain_text(words)
    shot(wall, "wall-family-meeting-statements-after-share")
    assert drinking in wall.evaluate(
        "Object.keys(document.getElementById('board-app').boardApp.wallBoard.danger_statements)"
    )

    # The record's PDF, either cut, says whose it is and how the statement was shared.
    texts = {}
    for whose in ("family", "professionals"):
        answer = chair.request.get(
            f"{room.url}/cases/{room.case_id}/record.pdf?at=latest&for={whose}"
        )
        assert answer.status == 200, whose
        pages = pypdf.PdfReader(io.BytesIO(answer.body())).pages
        texts[whose] = " ".join(" ".join((p.extract_text() or "") for p in pages).split())
    today = day(datetime.now(UTC))
    shared = f"(shared with the family on {today}, at the family network meeting)"
    assert "For the family." in texts["family"] and shared in texts["family"]
    assert DRINKING in texts["family"]
    for words in (POLICE, LEGAL, GOAL_KEPT, "professionals only)"):
        assert words not in texts["family"], words
    assert "Professionals' record." in texts["professionals"]
    assert f"{POLICE} (fact; from police) (professionals only)" in texts["professionals"]
    assert shared in texts["professionals"]
    assert room.errors == []
