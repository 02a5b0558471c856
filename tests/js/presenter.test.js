// static/board/presenter.js: how the chair's screen leads the wall. The keys a
// presenter (or a clicker) presses, the frames they send, and the round the wall
// follows, on a small object holding just what the methods use.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { STATES } from "../../static/board/connection.js";
import { PresenterMethods } from "../../static/board/presenter.js";

function presenter({ onWall = { view: "plan", page: 0, focus: "" }, connected = true, board = null } = {}) {
  const sent = [];
  const said = [];
  const app = Object.create(PresenterMethods.prototype);
  Object.assign(app, {
    mode: "screen",
    onWall,
    board,
    ui: { presenter: true, open: new Set(), invites: [], inviteList: [], showNames: false },
    connection: { state: STATES.LIVE, sendNow: (frame) => connected && Boolean(sent.push(frame)) },
    presenting: () => false,
    can: () => true,
    run: (key, command) => sent.push({ key, command }),
    announce: (text) => said.push(text),
    alert: (text) => said.push(`alert: ${text}`),
  });
  return { app, sent, said };
}

const key = (name, extra = {}) => ({ key: name, target: { tagName: "BODY" }, ...extra });

describe("the presenter's keys", () => {
  it("moves the wall on with → or a clicker's PageDown, and back with ← or PageUp", () => {
    const { app, sent } = presenter({ onWall: { view: "plan", page: 0, focus: "", pages: 2 } });
    assert.equal(app.presenterKey(key("PageDown")), true);
    assert.deepEqual(sent.at(-1), { type: "wall", view: "plan", page: 1, focus: "" });
    assert.equal(app.presenterKey(key("ArrowLeft")), true);
    assert.equal(sent.length, 2);
  });

  it("leaves keys alone while someone types, or with a modifier held", () => {
    const { app, sent } = presenter();
    assert.equal(app.presenterKey(key("ArrowRight", { target: { tagName: "TEXTAREA" } })), false);
    assert.equal(app.presenterKey(key("ArrowRight", { ctrlKey: true })), false);
    assert.equal(app.presenterKey(key("x")), false);
    assert.deepEqual(sent, []);
  });

  it("Escape takes a card shown whole back to its view, and only then", () => {
    const { app, sent } = presenter({ onWall: { view: "mapping", page: 2, focus: "item:i1" } });
    assert.equal(app.presenterKey(key("Escape")), true);
    assert.deepEqual(sent.at(-1), { type: "wall", view: "mapping", page: 0, focus: "" });
    const whole = presenter({ onWall: { view: "mapping", page: 0, focus: "" } });
    assert.equal(whole.app.presenterKey(key("Escape")), false);
  });

  it("R shows the open round's scores, once, and says so", () => {
    const round = { round_id: "r1", closed: false, revealed: false };
    const { app, sent, said } = presenter({ board: { scaling_rounds: { r1: round } } });
    assert.equal(app.presenterKey(key("r")), true);
    assert.deepEqual(sent.at(-1), { key: "reveal:r1", command: { type: "reveal_votes", round_id: "r1", show_names: false } });
    assert.deepEqual(said, ["The scores are shown on the wall."]);
    round.revealed = true;
    assert.equal(app.presenterKey(key("R")), false);
  });
});

describe("the wall follows", () => {
  it("a round asked or revealed brings the wall to the round, not while catching up", () => {
    const { app, sent } = presenter();
    app.wallFollowsRound({ fact: { type: "ItemAdded" } });
    assert.deepEqual(sent, []);
    app.connection.state = STATES.CATCHING_UP;
    app.wallFollowsRound({ fact: { type: "ScalingRoundOpened" } });
    assert.deepEqual(sent, []);
    app.connection.state = STATES.LIVE;
    app.wallFollowsRound({ fact: { type: "VotesRevealed" } });
    assert.deepEqual(sent, [{ type: "wall", view: "round", page: 0, focus: "" }]);
  });

  it("tells the person when the wall could not be moved", () => {
    const { app, said } = presenter({ connected: false });
    assert.equal(app.showOnWall({ view: "plan" }), false);
    assert.match(said.at(-1), /^alert: You are not connected just now/);
  });
});
