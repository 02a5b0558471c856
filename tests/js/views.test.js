// The pages drawn whole: the App (static/board/app.js) given the demo case's board
// draws the shared screen, a phone and each of the wall's views with every module of
// views/ and wall/, and its buttons and forms send the commands commands/ makes.
// Chromium shows the same in tests/browser; here it is quick, and names the module.

import assert from "node:assert/strict";
import { before, beforeEach, describe, it } from "node:test";

import { demoBoard, usePage, words } from "./support.js";

let App;
let WALL_VIEWS;
let showWallView;
let nextOnWall;

before(async () => {
  usePage();
  ({ App } = await import("../../static/board/app.js"));
  ({ WALL_VIEWS, nextOnWall, showWallView } = await import("../../static/board/wall/present.js"));
});

beforeEach(() => localStorage.clear());

/** The App on a page as case.html lays it out, holding the demo board, not connected. */
function appFor({ mode = "screen", role = "chair", participant = "staff-sam", name = "Sam Reid", audience = "staff" } = {}) {
  document.body.innerHTML = `
    <div id="board-app" data-case-id="demo" data-mode="${mode}" data-participant-id="${participant}"
         data-name="${name}" data-role="${role}" data-ws-path="/cases/demo/ws">
      <p id="connection-status"></p><div id="board-view"></div>
      <div id="announcer"></div><div id="alerts"></div>
    </div>`;
  const app = new App(document.getElementById("board-app"), words());
  app.board = demoBoard(audience);
  app.admitted = true;
  app.welcome = { type: "welcome", admitted: true };
  app.sent = [];
  app.connection.send = (command, handlers) => app.sent.push({ command, handlers });
  app.connection.sendNow = (frame) => app.sent.push({ frame }) > 0;
  app.render();
  return app;
}

function texts(root, selector) {
  return Array.from(root.querySelectorAll(selector), (el) => el.textContent.trim());
}

describe("the shared screen", () => {
  it("draws the mapping, the statements, the scale, the plan and what the child says", () => {
    const app = appFor();
    const view = app.view;
    for (const id of ["mapping", "statements", "scale", "plan", "child-voice"]) assert.ok(view.querySelector(`#${id}`), id);
    const items = Object.values(app.board.items).filter((i) => !i.removed);
    assert.equal(view.querySelectorAll("#mapping li.item").length, items.length);
    assert.ok(texts(view, ".item-text").includes(items[0].text));
    const statements = Object.values(app.board.danger_statements).filter((s) => !s.retired);
    assert.equal(view.querySelectorAll(".statement-row").length, statements.length);
    assert.equal(view.querySelector("#danger-1 h3").textContent, "Danger statement 1");
    assert.ok(view.querySelectorAll("#plan .rule").length > 0);
    assert.ok(view.querySelector("#child-voice .house"));
    assert.ok(view.querySelector(".dotplot"));
  });

  it("opens an editor and sends the edit based on the version it started from", () => {
    const app = appFor();
    const item = Object.values(app.board.items).find((i) => !i.removed);
    app.view.querySelector(`[data-action="edit"][data-id="${item.item_id}"]`).click();
    app.render();
    const form = app.view.querySelector(`form[data-form-key="edit:item:${item.item_id}"]`);
    assert.ok(form, "the editor is open");
    form.querySelector("textarea[name=text]").value = "New words";
    form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    assert.deepEqual(app.sent[0].command, {
      type: "edit_item",
      item_id: item.item_id,
      text: "New words",
      kind: item.kind,
      source: item.source,
      source_kind: item.source_kind,
      based_on: item.changed.position,
    });
  });

  it("offers who an item came from in a labelled choice, and each card says it (E66)", () => {
    const app = appFor();
    app.view.querySelector('[data-action="open"][data-panel="add:harm"]').click();
    app.render();
    const form = app.view.querySelector('form[data-form-key="add:harm"]');
    const choice = form.querySelector("select[name=source_kind]");
    assert.equal(form.querySelector(`label[for="${choice.id}"]`).textContent, "Who did this come from?");
    assert.deepEqual(
      Array.from(choice.options, (o) => o.textContent),
      ["The child, in their own words", "A parent", "The family's network", "A professional (say which agency)", "Seen by a worker (observed)", "Not said"],
    );
    assert.equal(choice.value, "not_said", "staff say who it came from");
    form.querySelector("textarea[name=text]").value = "Lily said she hides when they shout";
    choice.value = "child";
    form.querySelector("input[name=source]").value = "Lily";
    form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    assert.equal(app.sent[0].command.source_kind, "child");
    assert.equal(app.sent[0].command.source, "Lily");
    // The demo's cards: Lily's words through school, and the police's.
    const sources = texts(app.view, "#mapping .item .source");
    assert.ok(sources.includes("From the child: Lily, via school"), sources.join(" | "));
    assert.ok(sources.includes("From a professional: police"), sources.join(" | "));
    assert.ok(!sources.some((s) => s.startsWith("Source: police")), "not the free text alone");
  });

  it("starts Gran's phone at 'The family's network': she is the source of what she adds", () => {
    const app = appFor({ mode: "phone", role: "network_member", participant: "p-pat", name: "Gran Pat", audience: "gran" });
    app.view.querySelector('[data-action="open"][data-panel="add:harm"]').click();
    app.render();
    const form = app.view.querySelector('form[data-form-key="add:harm"]');
    assert.equal(form.querySelector("select[name=source_kind]").value, "network");
    form.querySelector("textarea[name=text]").value = "Lily told me she was scared";
    form.querySelector("select[name=source_kind]").value = "child";
    form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    assert.equal(app.sent[0].command.source_kind, "child");
  });

  it("refuses text over its limit before sending, naming the limit", () => {
    const app = appFor();
    app.view.querySelector('[data-action="open"][data-panel="add:harm"]').click();
    app.render();
    const form = app.view.querySelector('form[data-form-key="add:harm"]');
    form.querySelector("textarea[name=text]").value = "x".repeat(app.words.limits.text + 1);
    form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    assert.equal(app.sent.length, 0);
    assert.match(app.ui.errors.get("add:harm"), /the most it can hold is/);
  });

  it("shows a typed name that matches a person as a claim to check, never chosen", () => {
    const app = appFor();
    const last = Object.values(app.board.meetings).at(-1);
    app.board.meetings.open = { ...last, meeting_id: "open", closed: null, participants: {} };
    app.board.open_meeting_id = "open";
    app.presence = [
      { participant_id: "g-1", name: "Jess (mum)", role: "network_member", in_lobby: true, invited_as: "" },
      { participant_id: "g-2", name: "Someone", role: "network_member", in_lobby: true, invited_as: "" },
    ];
    app.lobbyInfo = new Map([
      ["g-1", { participant_id: "g-1", proposed_person_id: null, proposed_role: "parent", says_they_are: "p-jess", already_here: true }],
      ["g-2", { participant_id: "g-2", proposed_person_id: null, proposed_role: "network_member", says_they_are: null, already_here: false }],
    ]);
    app.render();
    const bar = app.view.querySelector(".lobby-bar");
    assert.match(bar.textContent, /says they are Jess \(mum\): check/);
    assert.equal(bar.querySelectorAll('[data-action="admit-proposed"]').length, 1, "only the one with no claim");
    assert.ok(bar.querySelector("a.check-who"));
    const form = app.view.querySelector('form[data-form="admit-as"][data-participant="g-1"]');
    assert.equal(form.querySelector("select[name=person_id]").value, "", "nobody chosen for them");
    assert.equal(form.querySelector("select[name=role]").value, "parent", "the person's role, not the code's");
    assert.match(form.textContent, /in the meeting on another device/);
    form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    assert.equal(app.sent.length, 0);
    assert.match(app.ui.errors.get("admit:g-1"), /Choose who Jess \(mum\) is/);
    app.view.querySelector('[data-action="admit-all-proposed"]').click();
    assert.deepEqual(
      app.sent.map((s) => s.command),
      [{ type: "admit_participant", participant_id: "g-2", name: "Someone", role: "network_member", as_new_person: true }],
    );
  });

  it("speaks a wellbeing case's own words, never child protection's (W3, W6, W7, W21, W34)", () => {
    const app = appFor();
    app.board.framework = "wellbeing";
    app.follow = { view: "plan", by: "Sam Reid" };
    const open = Object.values(app.board.danger_statements).find((s) => !s.retired);
    app.ui.open.add(`pair:${open.statement_id}`);
    app.render();
    const text = app.view.textContent;
    // W3: the past column in Table 2's words.
    assert.equal(app.view.querySelector(".harm-statements h3").textContent, "What has happened (wellbeing concerns)");
    assert.ok(!text.includes("Harm statements") && !text.includes("Write a harm statement"));
    // W7: the plan is about being healthy and well.
    assert.equal(
      app.view.querySelector("#plan .intro").textContent,
      "What everyone will do, day to day, to help Lily be healthy and well, even when things become difficult.",
    );
    assert.ok(!text.includes("to keep Lily safe"));
    // W34: the scaling form's examples.
    const ask = app.view.querySelector('[data-key="ask-panel"]');
    assert.ok(ask, "the chair's scaling form");
    assert.ok(ask.textContent.includes("For example: On a scale of 0 to 10, how well is Lily doing today?"), ask.textContent);
    assert.ok(!ask.textContent.includes("hurt again") && !ask.textContent.includes("how safe is"));
    // W21: follow-me and the timer say the wellbeing plan.
    assert.ok(text.includes("Everyone is following you to the wellbeing plan."), "follow-me");
    assert.ok(!text.includes("the safety plan") && !text.includes("For example: Safety plan"));
    // W6: the goal's hint, when a goal is being paired.
    const pairHint = Array.from(app.view.querySelectorAll(".hint"), (e) => e.textContent).find((t) => t.includes("healthy and well, so the case can close"));
    assert.ok(pairHint, "the pair-goal hint in wellbeing words");
    assert.ok(!text.includes("shows the child is safe enough"));
  });

  it("names each role as the case's framework does (the keyworker, the reviewing officer)", () => {
    const app = appFor();
    assert.equal(app.named("Sam Reid", "chair"), "Sam Reid (chair)");
    app.board.framework = "wellbeing";
    assert.equal(app.named("Amira Khan", "social_worker"), "Amira Khan (family keyworker)");
    assert.equal(app.roleName("parent"), "parent");
    app.board.framework = "success";
    assert.equal(app.named("Sam Reid", "chair"), "Sam Reid (independent reviewing officer)");
    assert.equal(app.roleName("social_worker"), "social worker");
  });

  it("names a fostering case's plan, scale and existing stability (W21, W22)", () => {
    const app = appFor();
    app.board.framework = "stability";
    app.render();
    assert.equal(app.view.querySelector("#plan-heading").textContent, "Safe care plan");
    assert.equal(app.view.querySelector("#scale-heading").textContent, "Stability scale");
    assert.match(app.view.querySelector("#domain-existing_safety").textContent, /^Existing stability/);
    assert.ok(!app.view.textContent.includes("Existing success"));
    app.ui.present = true;
    app.wallBoard = { ...demoBoard("gran"), framework: "stability" };
    showWallView(app, "plan");
    app.render();
    assert.equal(app.view.querySelector(".wall h1").textContent, "Safe care plan");
  });

  it("draws every wall view", () => {
    const app = appFor();
    app.ui.present = true;
    app.wallBoard = demoBoard("gran"); // the room's cut, from the wall's own socket
    for (const view of WALL_VIEWS) {
      showWallView(app, view);
      app.render();
      const wall = app.view.querySelector(".wall");
      assert.ok(wall.classList.contains(`wall-view-${view}`), view);
      assert.ok(wall.querySelector("#wall-stage").textContent.trim().length > 0, view);
    }
  });

  it("says where the presenter's next and previous take the wall", () => {
    assert.deepEqual(nextOnWall({ view: "plan", page: 0, focus: "", pages: 3 }, true), { view: "plan", page: 1, focus: "" });
    assert.deepEqual(nextOnWall({ view: "plan", page: 2, focus: "", pages: 3 }, true), { view: "round", page: 0, focus: "" });
    assert.deepEqual(nextOnWall({ view: "mapping", page: 0, focus: "item:x", pages: 0 }, false), { view: "join", page: 0, focus: "" });
    assert.deepEqual(nextOnWall({ view: "join", page: 0, focus: "", pages: 1 }, true), { view: "mapping", page: 0, focus: "" });
  });

  it("steps through the wall's views with a clicker's keys", () => {
    const app = appFor();
    app.ui.present = true;
    app.wallBoard = demoBoard("gran");
    app.render();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "PageDown", bubbles: true }));
    assert.equal(app.ui.wall.view, "child");
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", bubbles: true }));
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", bubbles: true }));
    assert.equal(app.ui.wall.view, WALL_VIEWS[WALL_VIEWS.length - 1]);
  });
});

describe("the words on the shared screen", () => {
  it("counts the goals written beside their statements, and offers no free goal (W2)", () => {
    const app = appFor();
    const goals = app.view.querySelector('[data-key="domain-safety_goals"]');
    const paired = Object.values(app.board.safety_goals).filter((g) => !app.board.danger_statements[g.statement_id].retired).length;
    assert.ok(paired > 0);
    assert.equal(goals.querySelector(".count").textContent, `(${paired})`);
    assert.equal(goals.querySelector(".see-also").textContent, `Each safety goal is written beside its danger statement (${paired})`);
    assert.ok(!goals.textContent.includes("Nothing here yet"));
    assert.equal(goals.querySelector('[data-action="open"]'), null, "no Add to Safety goals");
  });

  it("reads a bottom line as a sentence, not \"Everyone Lily is never…\" (W1)", () => {
    const app = appFor();
    const texts_ = texts(app.view, "#plan .rule-text");
    assert.ok(texts_.length > 0);
    assert.ok(texts_.every((t) => !t.startsWith("Everyone Lily")), texts_.join(" | "));
  });
});

describe("a score said aloud", () => {
  it("lets a worker record the score of someone without a phone, as theirs", () => {
    const board = demoBoard("staff");
    const round = Object.values(board.scaling_rounds).at(-1);
    round.closed = false;
    round.revealed = false;
    round.votes = {};
    const app = appFor();
    app.board = board;
    app.render();
    const open = app.view.querySelector('[data-action="open"][data-panel^="vote-for:"]');
    assert.ok(open, "the worker is offered it");
    assert.equal(open.textContent, "Record a score said aloud by someone without a phone");
    open.click();
    app.render();
    const form = app.view.querySelector('form[data-form="vote-for"]');
    const gran = Object.values(board.people).find((p) => p.name === "Gran Pat");
    const people = Array.from(form.querySelectorAll('select[name="person_id"] option'), (o) => o.value);
    assert.ok(people.includes(gran.person_id));
    assert.ok(!people.includes("sam"), "staff scale on their own screen");
    form.querySelector('select[name="person_id"]').value = gran.person_id;
    form.querySelector('select[name="score"]').value = "4";
    form.querySelector('textarea[name="narrative"]').value = "I worry at weekends.";
    form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    assert.deepEqual(app.sent.at(-1).command, {
      type: "record_vote_for",
      round_id: round.round_id,
      person_id: gran.person_id,
      score: 4,
      narrative: "I worry at weekends.",
    });
  });

  it("marks a score said aloud with who it was said to, once names are shown", () => {
    const board = demoBoard("staff");
    const round = Object.values(board.scaling_rounds).at(-1);
    const vote = Object.values(round.votes)[0];
    vote.given_to = "Amira Khan";
    round.show_names = true;
    const app = appFor();
    app.board = board;
    app.render();
    assert.ok(texts(app.view, ".reasons li").some((t) => t.includes("(said aloud to Amira Khan)")));
  });
});

describe("the presenter view and the wall on its own page", () => {
  it("draws every view on the wall's own page with no control, and a count of who waits", () => {
    const app = appFor({ mode: "wall" });
    app.board = demoBoard("gran"); // the room's cut, from its own socket
    app.frame({ type: "waiting", count: 2 });
    for (const view of WALL_VIEWS) {
      app.frame({ type: "wall", view, page: 0, focus: "", pages: 0, by: "Sam Reid" });
      app.render();
      const wall = app.view.querySelector(".wall");
      assert.ok(wall.classList.contains(`wall-view-${view}`), view);
      assert.ok(wall.querySelector("#wall-stage").textContent.trim().length > 0, view);
      assert.equal(app.view.querySelectorAll("button, input, select, textarea, a, form").length, 0, view);
      assert.equal(wall.querySelector(".wall-waiting").textContent, "2 people waiting to come in");
    }
    const item = Object.values(app.board.items).find((i) => !i.removed);
    app.frame({ type: "wall", view: "mapping", page: 0, focus: `item:${item.item_id}`, pages: 0, by: "Sam Reid" });
    app.render();
    assert.ok(app.view.querySelector("#wall-stage").textContent.includes(item.text));
    assert.equal(app.view.querySelectorAll("button, a").length, 0);
    // It tells the server how many pages the view it shows takes (here: one).
    assert.deepEqual(app.sent.at(-1).frame, { type: "wall_fitted", view: "mapping", focus: `item:${item.item_id}`, pages: 1 });
  });

  it("moves the wall from the working screen: buttons, a clicker's keys, R to reveal", () => {
    const board = demoBoard();
    const round = Object.values(board.scaling_rounds).at(-1);
    round.closed = false;
    round.revealed = false;
    const app = appFor();
    app.board = board;
    app.render();
    app.view.querySelector('[data-action="toggle-presenter"]').click();
    app.render();
    assert.equal(app.view.querySelector("#presenter-now").textContent, "The mapping");
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "PageDown", bubbles: true }));
    assert.deepEqual(app.sent.at(-1).frame, { type: "wall", view: "child", page: 0, focus: "" });
    app.frame({ type: "wall", view: "plan", page: 0, focus: "", pages: 2, by: "Sam Reid" });
    app.render();
    assert.equal(app.view.querySelector("#presenter-now").textContent, "Safety plan, page 1 of 2");
    app.view.querySelector('[data-action="wall-step"][data-forward="yes"]').click();
    assert.deepEqual(app.sent.at(-1).frame, { type: "wall", view: "plan", page: 1, focus: "" });
    app.view.querySelector('[data-action="wall-show"][data-view="round"]').click();
    assert.deepEqual(app.sent.at(-1).frame, { type: "wall", view: "round", page: 0, focus: "" });
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "r", bubbles: true }));
    assert.deepEqual(app.sent.at(-1).command, { type: "reveal_votes", round_id: round.round_id, show_names: false });
    const onWall = app.view.querySelector('[data-action="wall-show"][data-focus^="item:"]');
    const item = app.board.items[onWall.dataset.focus.slice(5)];
    assert.ok(item && !item.removed);
    assert.ok(onWall.textContent.startsWith("On the wall: "), onWall.textContent);
    onWall.click();
    assert.deepEqual(app.sent.at(-1).frame, { type: "wall", view: "mapping", page: 0, focus: `item:${item.item_id}` });
  });
  it("opens and closes the meeting and agrees a suggestion from the presenter view", () => {
    const board = demoBoard();
    board.open_meeting_id = null;
    const rule = Object.values(board.plan).find((r) => !r.retired && !r.set_aside);
    rule.proposed = true;
    const app = appFor();
    app.board = board;
    app.ui.presenter = true;
    app.render();
    const bar = app.view.querySelector(".presenter");
    const kind = bar.querySelector("select[name=kind]");
    assert.equal(bar.querySelector(`label[for="${kind.id}"]`).textContent, "Meeting to open");
    kind.value = "core_group";
    bar.querySelector("form.presenter-meeting button[type=submit]").click();
    assert.deepEqual(app.sent.at(-1).command, { type: "open_meeting", kind: "core_group", title: "" });
    const agree = [...bar.querySelectorAll('.presenter-suggestions [data-action="agree-rule"]')];
    assert.equal(agree.length, 1);
    assert.match(agree[0].textContent, /^Agree the suggestion: /);
    agree[0].click();
    assert.deepEqual(app.sent.at(-1).command, { type: "agree_plan_rule", rule_id: rule.rule_id });
    // With a meeting open: "Close the meeting…" opens the working screen's form.
    const held = Object.values(board.meetings)[0];
    board.open_meeting_id = held.meeting_id;
    app.render();
    const close = app.view.querySelector('.presenter-meeting [data-action="open"][data-panel="close-meeting"]');
    assert.equal(close.textContent, "Close the meeting\u2026");
    close.click();
    app.render();
    assert.ok(app.view.querySelector('#facilitation form[data-form="close-meeting"]'));
    assert.equal(app.view.querySelector('.presenter-meeting [data-panel="close-meeting"]'), null);
    // The question: to the working screen's form; then shown and closed from here.
    const ask = app.view.querySelector('.presenter-round [data-action="focus-ask"]');
    assert.equal(ask.textContent, "Ask a scaling question\u2026");
    ask.click();
    app.render();
    assert.ok(document.activeElement === app.view.querySelector('[data-form-key="open-round"] [name="question"]'));
    const round = Object.values(board.scaling_rounds).at(-1);
    round.closed = false;
    round.revealed = false;
    app.render();
    assert.match(app.view.querySelector(".presenter-round p").textContent, /^Asked: /);
    app.view.querySelector('.presenter-round [data-action="reveal-open"]').click();
    assert.deepEqual(app.sent.at(-1).command, { type: "reveal_votes", round_id: round.round_id, show_names: false });
    app.view.querySelector('.presenter-round [data-action="close-round"]').click();
    assert.deepEqual(app.sent.at(-1).command, { type: "close_scaling_round", round_id: round.round_id });
  });

  it("starts the agenda timer for what the wall shows, as long as chosen, and stops it, from the presenter view", () => {
    const app = appFor();
    assert.equal(app.view.querySelector(".presenter-timer"), null, "no presenter view, no timer button in it");
    app.ui.presenter = true;
    app.frame({ type: "wall", view: "plan", page: 0, focus: "", pages: 1, by: "Sam Reid" });
    app.render();
    const form = app.view.querySelector('form.presenter-timer[data-form="timer"]');
    // The working screen's "How long", labelled, ten minutes unless chosen.
    const length = form.querySelector("select#f-presenter-timer-minutes");
    assert.equal(form.querySelector('label[for="f-presenter-timer-minutes"]').textContent, "How long");
    assert.deepEqual(
      Array.from(length.options, (o) => o.textContent),
      Array.from(app.view.querySelector("#f-timer-minutes").options, (o) => o.textContent),
      "the same lengths as the working screen's form",
    );
    assert.equal(length.value, "10");
    const start = form.querySelector('[data-key="presenter-timer-button"]');
    assert.equal(start.textContent, "Start the timer for \u201cSafety plan\u201d");
    length.value = "15";
    app.render(); // a render (the clock ticking, someone typing) keeps the chosen length
    assert.equal(length.value, "15");
    start.focus();
    start.click();
    // The very frame the working screen's timer form sends for fifteen minutes.
    assert.deepEqual(app.sent.at(-1).frame, { type: "timer", label: "Safety plan", seconds: 900 });
    const now = new Date();
    app.frame({ type: "timer", label: "Safety plan", seconds: 900, ends_at: new Date(now.getTime() + 900_000).toISOString(), server_now: now.toISOString() });
    app.render();
    const stop = app.view.querySelector('.presenter-timer [data-action="stop-timer"]');
    assert.equal(stop.textContent, "Stop the timer");
    assert.equal(stop, start, "the same button, so the focus stays on it");
    assert.equal(document.activeElement, stop);
    assert.equal(app.view.querySelector(".presenter-timer select"), null, "no length to choose while it runs");
    assert.equal(app.view.querySelector(".presenter-timer p").textContent, "Agenda timer: \u201cSafety plan\u201d, running.");
    stop.click();
    assert.deepEqual(app.sent.at(-1).frame, { type: "timer", label: "Safety plan", seconds: 0 });
    app.frame({ type: "timer", label: "Safety plan", seconds: 0, ends_at: null, server_now: now.toISOString() });
    app.render();
    assert.equal(app.view.querySelector(".presenter-timer p"), null);
    assert.equal(document.activeElement, start, "stopped, the focus is still on the button");
    assert.equal(start.getAttribute("type"), "submit");
    assert.equal(start.dataset.action, undefined);
    // The wall moved on: the timer is for what it shows now.
    app.frame({ type: "wall", view: "mapping", page: 0, focus: "", pages: 1, by: "Sam Reid" });
    app.render();
    assert.equal(start.textContent, "Start the timer for \u201cThe mapping\u201d");
    start.click();
    assert.deepEqual(app.sent.at(-1).frame, { type: "timer", label: "The mapping", seconds: 600 });
  });

  it("says where the chair is looking when the presenter's timer could not be sent", () => {
    const app = appFor();
    app.ui.presenter = true;
    app.render();
    app.connection.sendNow = () => false;
    app.view.querySelector('.presenter-timer [data-key="presenter-timer-button"]').click();
    app.render();
    assert.equal(
      app.view.querySelector('.presenter-timer [role="alert"]').textContent,
      "You are not connected just now, so the timer did not start. Please try again.",
    );
    assert.equal(app.view.querySelector('[data-form-key="timer"] [role="alert"]'), null, "not in the working screen's form");
  });

  it("gives the timer button to the chair only, as the working screen's timer", () => {
    const app = appFor({ role: "social_worker", participant: "staff-amira", name: "Amira Khan" });
    app.ui.presenter = true;
    app.render();
    assert.ok(app.view.querySelector(".presenter"), "a social worker has the presenter view");
    assert.equal(app.view.querySelector(".presenter-timer"), null);
    assert.equal(app.view.querySelector('[data-form="timer"]'), null);
  });
});

describe("a phone", () => {
  it("draws the board for a parent, with their own tools", () => {
    const app = appFor({ mode: "phone", role: "parent", participant: "p-jess", name: "Jess (mum)", audience: "gran" });
    const view = app.view;
    assert.ok(view.querySelector("#mapping"));
    assert.ok(view.querySelector("#plan"));
    assert.equal(view.querySelector(".wall"), null);
  });

  it("puts an open question first, and sends the score chosen", () => {
    const board = demoBoard("gran");
    const round = Object.values(board.scaling_rounds).at(-1);
    round.closed = false;
    round.revealed = false;
    round.votes = {};
    const app = appFor({ mode: "phone", role: "parent", participant: "p-jess", name: "Jess (mum)", audience: "gran" });
    app.board = board;
    app.render();
    assert.match(app.view.querySelector(".now-line").textContent, /Choose your number/);
    const form = app.view.querySelector('form[data-form="vote"]');
    form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    assert.equal(app.sent.length, 0, "nothing is sent before a score is chosen");
    form.querySelector('input[name="score"][value="6"]').checked = true;
    form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    assert.deepEqual(app.sent[0].command, { type: "cast_vote", round_id: round.round_id, score: 6, narrative: "" });
  });

  it("folds each part of the board to one line; a tap, or the chair showing it, opens it", () => {
    const app = appFor({ mode: "phone", role: "network_member", participant: "p-pat", name: "Gran Pat", audience: "gran" });
    const body = (part) => app.view.querySelector(`#fold-${part}`);
    for (const part of ["mapping", "child-voice", "statements", "plan"]) assert.equal(body(part).hidden, true, part);
    assert.equal(app.view.querySelector("#mapping .fold-summary").textContent, "What are we worried about? 7 things. What's working well? 7 things. What needs to happen? 1 thing.");
    assert.ok(body("mapping").querySelector('[data-panel="add:harm"]'), "drawn, only hidden");
    app.view.querySelector('[data-action="toggle-fold"][data-part="mapping"]').click();
    app.render();
    assert.equal(body("mapping").hidden, false);
    assert.equal(app.view.querySelector('[data-part="mapping"]').textContent, "Hide the mapping");
    app.followed({ type: "follow", view: "plan", by: "Sam Reid" });
    app.render();
    assert.equal(body("plan").hidden, false);
    assert.equal(body("statements").hidden, true);
  });

  it("gives a child the form for their houses", () => {
    const app = appFor({ mode: "phone", role: "child", participant: "p-lily", name: "Lily", audience: "gran" });
    assert.ok(app.view.querySelector("form.child-form.for-child"));
    assert.ok(app.view.querySelector("canvas.drawing-pad"));
  });

  it("lets a child keep what they say just for their worker", () => {
    const app = appFor({ mode: "phone", role: "child", participant: "p-lily", name: "Lily", audience: "gran" });
    const form = app.view.querySelector("form.child-form.for-child");
    const kept = form.querySelector('input[type="checkbox"][name="kept"]');
    assert.equal(form.querySelector(`label[for="${kept.id}"]`).textContent, "Just for my worker");
    assert.match(form.querySelector(`#${kept.getAttribute("aria-describedby")}`).textContent, /not even yours, until you say yes/);
    form.querySelector('textarea[name="text"]').value = "Dad shouts";
    kept.checked = true;
    form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
    assert.equal(app.sent[0].command.type, "record_child_view");
    assert.equal(app.sent[0].command.kept_for_professionals, true);
  });
});

describe("a child's view kept for the professionals, on a staff screen", () => {
  it("is marked, and the worker records the child's yes", () => {
    const app = appFor();
    const [childId] = Object.keys(app.board.children);
    const [any] = Object.values(app.board.child_views);
    app.board.child_views["kept-1"] = { ...any, view_id: "kept-1", child_id: childId, text: "Only for Amira", kept_for_professionals: true, agreed: null };
    app.render();
    const row = app.view.querySelector('li.child-view.kept[data-key="kept-1"]');
    assert.ok(row);
    assert.match(row.querySelector(".audience-mark").textContent, /^Professionals only until \S+ says it can be shared$/);
    row.querySelector('button[data-action="child-agrees"]').click();
    assert.deepEqual(app.sent.at(-1).command, { type: "agree_to_share_child_view", view_id: "kept-1" });
    app.board.child_views["kept-1"].agreed = { how: "", shared_on: null, recorded: any.recorded };
    app.render();
    assert.equal(app.view.querySelector('li.child-view[data-key="kept-1"]').classList.contains("kept"), false);
  });
});

describe("each framework's own meetings", () => {
  function meetingForm(framework) {
    const app = appFor();
    app.board = { ...app.board, open_meeting_id: null, framework };
    app.render();
    const select = app.view.querySelector('select[name="kind"]');
    return {
      kinds: Array.from(select.querySelectorAll("option"), (o) => o.value),
      chosen: select.querySelector("option[selected]").value, // the attribute: happy-dom misreads .value
      hint: app.view.querySelector('[data-key="readiness"]').textContent,
    };
  }

  it("offers a fostering case its own meetings, and no readiness check", () => {
    const { kinds, chosen, hint } = meetingForm("stability");
    assert.deepEqual(kinds, ["placement_stability", "placement_planning", "looked_after_review", "permanency_planning", "family_network"]);
    assert.equal(chosen, "placement_stability");
    assert.equal(hint, "Timescales and trajectory: what is due, and when.");
  });

  it("offers a child protection case its conferences, the core group first", () => {
    const { kinds, chosen, hint } = meetingForm("safety");
    assert.ok(kinds.includes("icpc") && !kinds.includes("placement_stability"));
    assert.equal(chosen, "core_group");
    assert.match(hint, /^Before a conference: /);
  });
});
