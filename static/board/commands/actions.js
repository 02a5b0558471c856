// What each button does (`data-action` on the page): a command sent over the websocket
// (app.run), a frame sent now (follow-me, the timer), or a change to what this screen
// shows. Each runs with `this` the App and the button's dataset; the chair's people
// actions are in commands/people.js.

import { showWallView, focusWall } from "../wall/present.js";
import { PEOPLE_ACTIONS } from "./people.js";

export const ACTIONS = {
  "mark-step"(data) {
    const done = data.done === "yes";
    this.run(`mark-step:${data.id}`, { type: "mark_next_step", step_id: data.id, done }, {
      done: () => this.announce(done ? "Marked done." : "Marked not done."),
    });
  },
  "clear-pad"(data) {
    const pad = this.view.querySelector(`form[data-form-key="${CSS.escape(data.panel)}"] canvas`);
    if (pad && pad.clear) pad.clear();
  },
  "child-agrees"(data) {
    this.run(`child-agrees:${data.id}`, { type: "agree_to_share_child_view", view_id: data.id }, {
      done: () => this.announce("Shared with everyone, as the child said yes."),
    });
  },
  "agree-rule"(data) {
    this.run(`agree-now:${data.id}`, { type: "agree_plan_rule", rule_id: data.id }, {
      done: () => this.announce(`Agreed: the rule is in the ${this.framework().plan}.`),
    });
  },
  /** A card moved to another domain, from its "Move to…" menu or by dragging it. */
  "move-item"(data) {
    const key = `moveto:${data.id}`;
    this.run(key, { type: "move_item", item_id: data.id, domain: data.domain }, {
      done: () => {
        this.closePanel(key);
        this.announce(`Moved to ${this.domainHeading(data.domain)}.`);
      },
      refused: (error) => {
        this.alert(error.message);
        return true;
      },
    });
  },
  open(data) {
    this.openPanel(data.panel);
  },
  close(data) {
    this.closePanel(data.panel);
  },
  edit(data) {
    const panel = `edit:${data.kind}:${data.id}`;
    const thing = this.editedThing(panel);
    if (!thing) return;
    this.ui.edits.set(panel, { basedOn: thing.changed.position });
    this.ui.conflicts.delete(panel);
    this.openPanel(panel);
  },
  "keep-mine"(data) {
    const panel = data.panel;
    const thing = this.editedThing(panel);
    const edit = this.ui.edits.get(panel);
    if (!thing || !edit) return;
    edit.basedOn = thing.changed.position; // we have seen their version; save ours over it
    this.ui.conflicts.delete(panel);
    const form = this.view.querySelector(`form[data-form-key="${CSS.escape(panel)}"]`);
    if (form) form.requestSubmit();
  },
  "keep-theirs"(data) {
    this.closePanel(data.panel);
    this.announce("Kept their words. Yours were not saved.");
  },
  "toggle-present"() {
    this.ui.present = !this.ui.present;
    localStorage.setItem("board-present", this.ui.present ? "yes" : "no");
    this.syncWall();
    this.announce(this.ui.present ? "Presenting to the room: large type, editing hidden." : "Back to the working view.");
    this.focusAfter('[data-action="toggle-present"]');
  },
  /** A part of the phone folded away to keep it short, opened or folded again. */
  "toggle-fold"(data) {
    const key = `fold:${data.part}`;
    if (this.ui.open.has(key)) this.ui.open.delete(key);
    else this.ui.open.add(key);
    this.focusAfter(`[data-action="toggle-fold"][data-part="${CSS.escape(data.part)}"]`);
  },
  "toggle-help"() {
    this.ui.helpOpen = !this.ui.helpOpen;
    this.focusAfter('[data-action="toggle-help"]');
  },
  "ask-again"(data) {
    this.ui.askAgain = data.round;
    this.focusAfter("#f-open-round-question");
    this.announce("The question, its 0 and its 10 are filled in. Change them if you need to, then ask it.");
  },
  "round-countdown"() {
    // An optional countdown for scaling: the agenda timer, which every screen shows.
    if (!this.connection.sendNow({ type: "timer", label: "Scaling", seconds: 120 })) {
      this.alert("You are not connected just now, so the countdown did not start. Please try again.");
    }
  },
  /** From the presenter view: to the question's box in the working screen's form. */
  "focus-ask"() {
    this.focusAfter('[data-form-key="open-round"] [name="question"]');
  },
  "reveal-open"() {
    this.revealOpenRound();
  },
  "toggle-presenter"() {
    this.ui.presenter = !this.ui.presenter;
    localStorage.setItem("board-presenter", this.ui.presenter ? "yes" : "no");
    this.announce(this.ui.presenter ? "Presenter view: the keys move the wall." : "Presenter view closed.");
    this.focusAfter('[data-action="toggle-presenter"]');
  },
  /** The presenter view moves the wall: every wall of the case follows, through the server. */
  "wall-step"(data) {
    this.stepOnWall(data.forward === "yes");
  },
  "wall-show"(data) {
    this.showOnWall({ view: data.view, page: 0, focus: data.focus || "" });
  },
  "wall-view"(data) {
    showWallView(this, data.view);
  },
  "wall-focus"(data) {
    focusWall(this, data.focus);
    this.focusAfter(data.focus ? '.wall-back button' : '.wall-nav [aria-current="true"]');
  },
  "dismiss-alert"(data) {
    this.alerts = this.alerts.filter((a) => a.id !== data.id);
    this.renderAlerts();
    const main = document.getElementById("main");
    if (main) main.focus();
  },
  "remove-item"(data) {
    const item = this.board.items[data.id];
    if (!item) return;
    const key = `remove:${data.id}`;
    this.run(key, { type: "remove_item", item_id: data.id }, {
      done: () => {
        this.closePanel(`edit:item:${data.id}`);
        this.focusAfter(`[data-action="open"][data-panel="${CSS.escape(`add:${item.domain}`)}"]`);
        this.announce(`Removed from ${this.domainHeading(item.domain)}.`);
      },
    });
  },
  "confirm-item"(data) {
    this.run(`confirm:${data.id}`, { type: "confirm_item", item_id: data.id }, {
      done: () => this.announce("Marked still true at this meeting."),
    });
  },
  reveal(data) {
    const key = `reveal:${data.round}`;
    this.run(key, { type: "reveal_votes", round_id: data.round, show_names: data.names === "yes" });
  },
  undo() {
    this.run("undo", { type: "undo" }, { done: () => this.announce("Your last change is undone.") });
  },
  lock(data) {
    const type = data.locked === "yes" ? "unlock_statement" : "lock_statement";
    this.run(`lock:${data.id}`, { type, statement_id: data.id }, {
      done: () => this.announce(type === "lock_statement" ? "Locked: these words are agreed." : "Unlocked: the words can be changed again."),
    });
  },
  "withdraw-view"(data) {
    this.run(`view:${data.id}`, { type: "record_family_view", statement_id: data.id, text: "" }, {
      done: () => {
        this.ui.open.delete(`view:${data.id}`);
        this.announce("Your view is taken back.");
      },
    });
  },
  follow(data) {
    if (!this.connection.sendNow({ type: "follow", view: data.view })) {
      this.alert("You are not connected just now, so the screens were not moved. Please try again.");
    }
  },
  "follow-chair"() {
    this.ui.followChair = !this.ui.followChair;
    if (this.ui.followChair && this.follow.view) this.goToView(this.follow.view);
    this.focusAfter('[data-action="follow-chair"]');
  },
  "stop-timer"() {
    const label = this.timer ? this.timer.label : "";
    if (!this.connection.sendNow({ type: "timer", label, seconds: 0 })) {
      this.alert("You are not connected just now, so the timer was not stopped. Please try again.");
    }
  },
  "close-round"(data) {
    this.run(`close-round:${data.round}`, { type: "close_scaling_round", round_id: data.round }, {
      done: () => this.announce("The question is closed."),
    });
  },
};

Object.assign(ACTIONS, PEOPLE_ACTIONS);
