// Whose a thing is on the chair's own screen (issue 21, item 2): the browser's twin
// of the one visibility rule (static/board/audience.js) gives the server's answer on a
// case with a strategy meeting and a share; the chair's screen marks each such thing
// "Professionals only" with "Share with the family…" beside it, which sends the share;
// and the wall, drawn from the board its own socket is sent, holds none of them.

import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";

import { fixture, usePage, words } from "./support.js";

let App;
let WRITTEN_IN;
let professionalsOnly;

before(async () => {
  usePage();
  ({ App } = await import("../../static/board/app.js"));
  ({ WRITTEN_IN, professionalsOnly } = await import("../../static/board/audience.js"));
});

beforeEach(() => localStorage.clear());

function told() {
  return structuredClone(fixture("audience.json"));
}

function chairsScreen(board) {
  document.body.innerHTML = `
    <div id="board-app" data-case-id="demo" data-mode="screen" data-participant-id="staff-sam"
         data-name="Sam Reid" data-role="chair" data-ws-path="/cases/demo/ws">
      <p id="connection-status"></p><div id="board-view"></div>
      <div id="announcer"></div><div id="alerts"></div>
    </div>`;
  const app = new App(document.getElementById("board-app"), words());
  app.board = board;
  app.admitted = true;
  app.welcome = { type: "welcome", admitted: true };
  app.sent = [];
  app.connection.send = (command, handlers) => app.sent.push({ command, handlers });
  app.render();
  return app;
}

describe("what the room does not see", () => {
  it("is what the server says is for professionals only, thing by thing", () => {
    const { board, professionals_only: expected } = told();
    const found = [];
    for (const collection of Object.keys(WRITTEN_IN)) {
      for (const [id, thing] of Object.entries(board[collection] || {})) {
        if (professionalsOnly(board, collection, thing)) found.push(id);
      }
    }
    assert.deepEqual(found.sort(), expected);
    assert.equal(expected.length, 5); // the item, a statement and its goal, harm, a rule
  });

  it("is marked on the chair's screen, with a share beside it that sends the share", () => {
    const { board } = told();
    const app = chairsScreen(board);
    const marks = Array.from(app.view.querySelectorAll(".professionals-only"), (m) => m.textContent);
    assert.equal(marks.length, 5);
    for (const mark of marks) assert.match(mark, /^Professionals only: the family does not see this /);
    const kept = Object.values(board.danger_statements).find((s) => !s.shared);
    const shared = Object.values(board.danger_statements).find((s) => s.shared);
    const keptRow = app.view.querySelector(`[data-key="${kept.statement_id}"]`);
    assert.ok(keptRow.querySelector(".professionals-only"));
    const sharedRow = app.view.querySelector(`[data-key="${shared.statement_id}"]`);
    assert.equal(sharedRow.querySelector(".statement .professionals-only"), null);
    assert.equal(sharedRow.querySelector(".shared-note").textContent, "Shared with the family: at the family network meeting");

    keptRow.querySelector('[data-action="open"][data-panel^="share:"]').click();
    app.render();
    const form = app.view.querySelector(`form[data-form="share"][data-id="${kept.statement_id}"]`);
    form.querySelector('input[name="how"]').value = "by phone with Esi";
    form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    assert.deepEqual(app.sent.map((s) => s.command), [
      { type: "share_with_family", thing_id: kept.statement_id, how: "by phone with Esi" },
    ]);
  });

  it("is absent from the wall, which draws the board its own socket is sent", () => {
    const { board, family } = told();
    const app = chairsScreen(board);
    app.ui.present = true;
    app.wallBoard = family;
    for (const view of ["mapping", "statements", "plan"]) {
      app.ui.wall = { view, page: 0, pages: 1, focus: null, round: null };
      app.render();
      const wall = app.view.querySelector(".wall").textContent;
      assert.doesNotMatch(wall, /Police intelligence|Legal advice|Seek legal advice|Kept goal/, view);
    }
    app.ui.wall = { view: "statements", page: 0, pages: 1, focus: null, round: null };
    app.render();
    assert.match(app.view.querySelector(".wall").textContent, /Dan may hurt Jess when he has been drinking/);
  });
});
