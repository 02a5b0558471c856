// The phone's board folded (static/board/views/phone_folds.js): each part's one line in
// plain words, counted from the demo case's board as Gran's phone holds it, and the
// fold that keeps a section's heading and what the person does in sight.

import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { demoBoard, usePage, words } from "./support.js";

let folds;
let h;

before(async () => {
  usePage();
  folds = await import("../../static/board/views/phone_folds.js");
  ({ h } = await import("../../static/board/dom.js"));
});

const FW = { danger_statement: "danger statement", safety_goal: "safety goal", plan: "safety plan" };

describe("each part of the board in one plain line", () => {
  it("counts the mapping by its three columns, a safety goal where the mapping counts it", () => {
    assert.equal(
      folds.mappingSummary(demoBoard("gran"), words().columns),
      "What are we worried about? 7 things. What's working well? 7 things. What needs to happen? 1 thing.",
    );
  });

  it("says a column with nothing in it has nothing yet", () => {
    const board = demoBoard("gran");
    board.items = {};
    board.danger_statements = {};
    assert.equal(
      folds.mappingSummary(board, words().columns),
      "What are we worried about? Nothing yet. What's working well? Nothing yet. What needs to happen? Nothing yet.",
    );
  });

  it("counts what the child said, in the child's name", () => {
    assert.equal(folds.childVoiceSummary(demoBoard("gran")), "3 things Lily has said or drawn.");
    const board = demoBoard("gran");
    board.child_views = {};
    assert.equal(folds.childVoiceSummary(board), "Nothing yet from Lily.");
  });

  it("counts the statements and the plan", () => {
    assert.equal(folds.statementsSummary(demoBoard("gran"), FW), "1 danger statement, each with its safety goal beside it.");
    assert.equal(folds.planSummary(demoBoard("gran")), "10 rules agreed.");
    const board = demoBoard("gran");
    board.plan = {};
    board.danger_statements = {};
    assert.equal(folds.planSummary(board), "No rules agreed yet.");
    assert.equal(folds.statementsSummary(board, FW), "No danger statements yet.");
  });
});

describe("a folded section", () => {
  function section() {
    return h(
      "section",
      { id: "plan" },
      h("h2", null, "Safety plan"),
      h("p", { class: "intro" }, "What everyone will do"),
      h("section", { class: "my-part" }, "Your part in the plan"),
      h("ol", { class: "rules" }, h("li", null, "A rule")),
      h("div", { class: "controls", dataset: { key: "open-add-rule" } }, "Suggest a rule"),
    );
  }

  it("keeps the heading, one line, what it keeps, and hides the rest behind a button", () => {
    const app = { ui: { open: new Set() } };
    const folded = folds.foldSection(app, section(), { part: "plan", name: "the whole safety plan", summary: "10 rules agreed.", keep: ".my-part, [data-key='open-add-rule']" });
    const kids = Array.from(folded.children).map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    assert.deepEqual(kids, ["h2.", "p.fold-summary", "section.my-part", "div.controls", "button.secondary small fold", "div.fold-body"]);
    assert.equal(folded.childNodes.length, kids.length, "no stray text between them");
    const button = folded.querySelector("button.fold");
    assert.equal(button.textContent, "Show the whole safety plan");
    assert.equal(button.getAttribute("aria-expanded"), "false");
    assert.equal(button.getAttribute("aria-controls"), "fold-plan");
    assert.equal(button.dataset.action, "toggle-fold");
    assert.equal(button.dataset.part, "plan");
    const body = folded.querySelector("#fold-plan");
    assert.equal(body.hidden, true);
    // Hidden, not gone: still drawn, so what was typed in it is kept.
    assert.equal(body.querySelector("ol.rules li").textContent, "A rule");
    assert.equal(body.querySelector(".intro").textContent, "What everyone will do");
  });

  it("opens when the person asked", () => {
    const app = { ui: { open: new Set(["fold:plan"]) } };
    const folded = folds.foldSection(app, section(), { part: "plan", name: "the whole safety plan", summary: "10 rules agreed." });
    assert.equal(folded.querySelector("button.fold").textContent, "Hide the whole safety plan");
    assert.equal(folded.querySelector("button.fold").getAttribute("aria-expanded"), "true");
    assert.equal(folded.querySelector("#fold-plan").hidden, false);
    assert.equal(folded.querySelector("#fold-plan .my-part").textContent, "Your part in the plan");
  });

  it("explains the practice's words it uses, one tap away", () => {
    const fw = words().frameworks.safety;
    const help = folds.helpFor(fw, ["danger statement", "safety goal"]);
    assert.deepEqual(help.map((word) => word.term), ["Danger statement", "Safety goal"]);
    assert.deepEqual(folds.helpFor(fw, ["no such word"]), []);
    const shut = folds.foldSection({ ui: { open: new Set() } }, section(), { part: "statements", name: "the danger statements", summary: "1 danger statement.", help });
    const button = shut.querySelector('[data-part="help:statements"]');
    assert.equal(button.textContent, "What does this mean? (Safety plan)");
    assert.equal(button.getAttribute("aria-expanded"), "false");
    assert.equal(shut.querySelector("#help-statements").hidden, true);
    assert.match(shut.querySelector("#help-statements dd").textContent, /^A danger statement says who is worried/);
    const open = folds.foldSection({ ui: { open: new Set(["fold:help:statements"]) } }, section(), { part: "statements", name: "x", summary: "", help });
    assert.equal(open.querySelector("#help-statements").hidden, false);
    assert.equal(open.querySelector("#fold-statements").hidden, true, "the words open, not the part");
  });

  it("leaves a part that is not there alone", () => {
    assert.equal(folds.foldSection({ ui: { open: new Set() } }, null, { part: "x", name: "x", summary: "" }), null);
  });
});
