// static/board/model.js: the board as the browser holds it. `applyChange` is the twin
// of Python's apply_changes (board/projections/changes.py), so these are the cases
// tests/integration/test_visibility_and_changes.py puts to that: every event's changes
// applied to an empty board give the board, for the whole board and for one guest's
// cut of it, danger statements in the order written, a withheld event's own undo step.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  GapError,
  applyChange,
  applyEvent,
  currentDangerStatements,
  currentPlan,
  dangerStatementNumber,
  freshIds,
  goalsFor,
  itemsIn,
  myLastUndo,
  openRound,
  proposals,
  rulesAddressing,
  suggestedMeetingKind,
  addressingParts,
  theOpenMeeting,
  writtenThing,
} from "../../static/board/model.js";
import { demoBoard, fixture } from "./support.js";

const DEMO = fixture("demo_frames.json");

function frame(position, changes, at = `2026-03-24T11:0${position}:00Z`) {
  return { type: "event", position, at, changes, by: { participant_id: "s-chair" } };
}

describe("applying every event's changes", () => {
  for (const audience of Object.keys(DEMO)) {
    it(`gives the board the server holds for ${audience}`, () => {
      const { start, frames, board } = structuredClone(DEMO[audience]);
      for (const f of frames) assert.equal(applyEvent(start, f), true);
      assert.deepEqual(start, board);
      // Danger statements are numbered in the order they were written.
      assert.deepEqual(Object.keys(start.danger_statements), Object.keys(board.danger_statements));
    });
  }

  it("cuts the guest's board: it holds less than the staff's", () => {
    assert.notDeepEqual(DEMO.gran.board, DEMO.staff.board);
  });
});

describe("applyChange", () => {
  it("puts a value, making the objects on the way", () => {
    const board = { items: {} };
    applyChange(board, { type: "put", path: ["items", "i1", "text"], value: "Dad shouts" });
    applyChange(board, { type: "put", path: ["meetings", "m1"], value: { title: "ICPC" } });
    assert.deepEqual(board, { items: { i1: { text: "Dad shouts" } }, meetings: { m1: { title: "ICPC" } } });
  });

  it("replaces what is in the way when it is not an object", () => {
    const board = { items: { i1: null }, open_meeting_id: "m1" };
    applyChange(board, { type: "put", path: ["items", "i1", "text"], value: "x" });
    applyChange(board, { type: "put", path: ["open_meeting_id"], value: null });
    assert.deepEqual(board, { items: { i1: { text: "x" } }, open_meeting_id: null });
  });

  it("removes what is there, and nothing when nothing is", () => {
    const board = { undo_steps: { "g-gran": [{ entity_id: "r1" }] } };
    applyChange(board, { type: "remove", path: ["undo_steps", "g-gran"] });
    applyChange(board, { type: "remove", path: ["undo_steps", "nobody"] });
    assert.deepEqual(board, { undo_steps: {} });
  });

  it("keeps the order things were written in", () => {
    const board = { danger_statements: {} };
    for (const id of ["d3", "d1", "d2"]) applyChange(board, { type: "put", path: ["danger_statements", id], value: { statement_id: id } });
    assert.deepEqual(Object.keys(board.danger_statements), ["d3", "d1", "d2"]);
  });

  it("takes keys such as __proto__ as data, as JSON.parse does", () => {
    const board = { items: {} };
    applyChange(board, { type: "put", path: ["items", "__proto__", "text"], value: "x" });
    assert.equal(Object.getPrototypeOf(board.items), Object.prototype);
    assert.deepEqual(Object.keys(board.items), ["__proto__"]);
    assert.equal({}.text, undefined);
  });
});

describe("applyEvent", () => {
  it("sets the position and time, and applies each change", () => {
    const board = { position: 0, at: null, items: {} };
    assert.equal(applyEvent(board, frame(1, [{ type: "put", path: ["items", "i1"], value: { text: "a" } }])), true);
    assert.deepEqual(board, { position: 1, at: "2026-03-24T11:01:00Z", items: { i1: { text: "a" } } });
  });

  it("skips an event already applied", () => {
    const board = { position: 2, at: "then", items: {} };
    assert.equal(applyEvent(board, frame(2, [{ type: "put", path: ["items", "i1"], value: {} }])), false);
    assert.deepEqual(board, { position: 2, at: "then", items: {} });
  });

  it("throws GapError when events are missing", () => {
    const board = { position: 2, at: "then" };
    assert.throws(() => applyEvent(board, frame(4, [])), GapError);
    assert.equal(board.position, 2);
  });

  it("moves on for a withheld event, changing only the author's own undo step", () => {
    // A guest's item in a professionals-only meeting: the guest is told only that the
    // board moved on, and that her undo step went; undoing it brings the step back.
    const step = { position: 2, entity_id: "r1", takes_back: "adding the rule \u201cGran collects Lily from school\u201d" };
    const board = { position: 3, at: "then", undo_steps: { "g-gran": [step] } };
    applyEvent(board, { type: "event", position: 4, at: "now", by: null, withheld: true, changes: [{ type: "remove", path: ["undo_steps", "g-gran"] }] });
    assert.deepEqual(board.undo_steps, {});
    applyEvent(board, { type: "event", position: 5, at: "later", by: null, withheld: true, changes: [{ type: "put", path: ["undo_steps", "g-gran"], value: [step] }] });
    assert.deepEqual(board, { position: 5, at: "later", undo_steps: { "g-gran": [step] } });
    assert.equal(myLastUndo(board, "g-gran"), step);
    assert.equal(myLastUndo(board, "s-chair"), null);
  });

  it("applies a frame without changes", () => {
    const board = { position: 0, at: null };
    assert.equal(applyEvent(board, { position: 1, at: "now" }), true);
    assert.equal(board.position, 1);
  });
});

describe("the questions the views ask", () => {
  const board = demoBoard();

  it("lists the items in a domain, not those removed", () => {
    const all = Object.values(board.items);
    const harm = itemsIn(board, "harm");
    assert.ok(harm.length > 0);
    assert.deepEqual(harm, all.filter((i) => i.domain === "harm" && !i.removed));
  });

  it("numbers danger statements in the order written, retired ones too", () => {
    const ids = Object.keys(board.danger_statements);
    assert.equal(dangerStatementNumber(board, ids[0]), 1);
    assert.equal(dangerStatementNumber(board, ids[ids.length - 1]), ids.length);
    assert.equal(dangerStatementNumber(board, "no-such"), 0);
    assert.ok(currentDangerStatements(board).every((s) => !s.retired));
  });

  it("pairs goals with their statement", () => {
    const [first] = currentDangerStatements(board);
    const goals = goalsFor(board, first.statement_id);
    assert.ok(goals.length > 0);
    assert.ok(goals.every((g) => g.statement_id === first.statement_id));
  });

  it("tells the plan agreed from suggestions waiting", () => {
    const plan = { a: { addresses: ["d1"] }, b: { proposed: true, addresses: ["d1"] }, c: { retired: true, addresses: ["d1"] }, d: { set_aside: true, proposed: true, addresses: [] } };
    const b = { plan };
    assert.deepEqual(currentPlan(b), [plan.a]);
    assert.deepEqual(proposals(b), [plan.b]);
    assert.deepEqual(rulesAddressing(b, "d1"), [plan.a]);
    assert.deepEqual(rulesAddressing(b, "d2"), []);
  });

  it("counts only the family's rules as addressing a statement, the rest beside", () => {
    const parts = [
      { key: "bottom_lines", kinds: ["bottom_line"] },
      { key: "family", kinds: ["rule", "red_flag"] },
      { key: "professionals", kinds: ["professionals", "contingency"] },
    ];
    const plan = {
      a: { kind: "bottom_line", addresses: ["d1"] },
      b: { kind: "contingency", addresses: ["d1"] },
      c: { kind: "red_flag", addresses: ["d1"] },
      d: { kind: "rule", addresses: ["d2"] },
    };
    assert.deepEqual(addressingParts({ plan }, "d1", parts), { family: [plan.c], bottomLines: [plan.a], professionals: [plan.b] });
    assert.deepEqual(addressingParts({ plan }, "d3", parts), { family: [], bottomLines: [], professionals: [] });
  });

  it("finds the open meeting and the open round", () => {
    assert.equal(theOpenMeeting({ open_meeting_id: null, meetings: {} }), null);
    assert.deepEqual(theOpenMeeting({ open_meeting_id: "m1", meetings: { m1: { title: "ICPC" } } }), { title: "ICPC" });
    assert.equal(theOpenMeeting({ open_meeting_id: "m2", meetings: {} }), null);
    const rounds = { r1: { closed: true }, r2: { closed: false } };
    assert.equal(openRound({ scaling_rounds: rounds }), rounds.r2);
    assert.equal(openRound({ scaling_rounds: { r1: { closed: true } } }), null);
  });

  it("finds the thing an editor edits, by kind and id", () => {
    const [item] = Object.values(board.items);
    assert.equal(writtenThing(board, "item", item.item_id), item);
    assert.equal(writtenThing(board, "item", "no-such"), undefined);
    assert.equal(writtenThing(board, "toString", "x"), undefined);
    assert.equal(writtenThing(board, "rule", "constructor"), undefined);
  });
});

describe("the meeting the chair is offered to open", () => {
  const meeting = (kind, position) => ({ kind, opened: { position } });
  it("starts a new case with its framework's first meeting, not a core group", () => {
    assert.equal(suggestedMeetingKind({ framework: "safety", meetings: {} }), "family_network");
    assert.equal(suggestedMeetingKind({ framework: "stability", meetings: {} }), "placement_stability");
    assert.equal(suggestedMeetingKind({ framework: "wellbeing", meetings: {} }), "wellbeing_planning");
  });
  it("offers what usually follows the latest meeting held", () => {
    const fnm = { a: meeting("family_network", 3) };
    assert.equal(suggestedMeetingKind({ framework: "safety", meetings: fnm }), "icpc");
    const icpc = { ...fnm, b: meeting("icpc", 9) };
    assert.equal(suggestedMeetingKind({ framework: "safety", meetings: icpc }), "core_group");
    const review = { ...icpc, c: meeting("review_conference", 40), d: meeting("core_group", 20) };
    assert.equal(suggestedMeetingKind({ framework: "safety", meetings: review }), "core_group");
    assert.equal(suggestedMeetingKind({ framework: "safety", meetings: { e: meeting("strategy", 1) } }), "strategy");
  });
  it("offers the demo case (its review held last) a core group", () => {
    assert.equal(suggestedMeetingKind(demoBoard()), "core_group");
  });
});

describe("freshIds", () => {
  it("names the things an event put into the collections people write in", () => {
    const changes = [
      { type: "put", path: ["items", "i1"], value: {} },
      { type: "put", path: ["items", "i1", "text"], value: "x" },
      { type: "put", path: ["plan", "r1", "who"], value: "Gran" },
      { type: "remove", path: ["items", "i2"] },
      { type: "put", path: ["meetings", "m1"], value: {} },
      { type: "put", path: ["open_meeting_id"], value: "m1" },
    ];
    assert.deepEqual(freshIds(changes), ["i1", "r1"]);
  });
});
