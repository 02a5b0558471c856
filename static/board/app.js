// The page's controller: holds the board and what the person is doing, turns their
// clicks and forms into commands, and redraws when frames arrive.

import { Connection, STATES } from "./connection.js";
import { h, morphChildren, plural } from "./dom.js";
import { GapError, applyEvent, openRound } from "./model.js";
import { PEOPLE_ACTIONS, PEOPLE_FORMS, pickerChanged, presenceChanged, refreshPeopleTools } from "./lobby.js";
import { renderPhone } from "./phone.js";
import { renderScreen } from "./screen.js";
import { VIEW_NAMES, VIEW_TARGETS, capital, overLimitWords, updateCounter } from "./views.js";
import { fitWall, focusWall, renderWall, showWallView, wallKey } from "./wall.js";

const FRESH_FOR = 6000; // ms a change by someone else stays highlighted
const BACK_MESSAGE_FOR = 30000; // ms "Back — n changes caught up" stays before "Connected"
const MOST_ALERTS = 4;
// The board's collections of things people write, keyed by id: a change put into one
// of them highlights that thing for a moment.
const HIGHLIGHTED = new Set(["items", "danger_statements", "safety_goals", "harm_statements", "plan"]);

export class App {
  constructor(root, words) {
    this.root = root;
    this.words = words;
    const data = root.dataset;
    this.caseId = data.caseId;
    this.mode = data.mode;
    this.me = { participant_id: data.participantId, name: data.name, role: data.role };
    this.view = root.querySelector("#board-view");
    this.statusBox = root.querySelector("#connection-status");
    this.announcer = root.querySelector("#announcer");
    this.alertBox = root.querySelector("#alerts");

    this.board = null;
    this.welcome = null;
    this.admitted = false;
    this.lobbyMessage = "";
    this.presence = [];
    this.lobbyInfo = new Map(); // participant id -> whom the server proposes (lobby.js)
    this.follow = { view: "", by: "" }; // what the chair is showing everyone
    this.timer = null; // the agenda timer: {label, seconds, ends_at}
    this.timerTick = null;
    this.timerWarned = false;
    this.ended = "";
    this.signedOut = false;
    this.fresh = new Map(); // id -> until (ms)
    this.alerts = [];
    this.alertCount = 0;
    this.catchingUp = 0;
    this.ui = {
      open: new Set(), // panels open: "add:harm", "edit:item:ID", "close-meeting"...
      edits: new Map(), // editor panel -> {basedOn, mine}
      conflicts: new Map(), // editor panel -> the server's edit_conflict message
      errors: new Map(), // form key -> the server's refusal, shown in the form
      sending: new Set(), // form keys with a command on its way
      invites: [],
      present: this.mode === "screen" && localStorage.getItem("board-present") === "yes",
      childScale: data.role === "child",
      followChair: true,
      showNames: false,
      helpOpen: false,
      largerText: this.mode === "phone" && localStorage.getItem("board-larger-text") === "yes",
      childViewsAsked: null, // {meeting_id, message}: the server asked before a review closes
    };
    this.focusNext = null;
    this.scheduled = false;
    this.backTimer = null;
    this.announcements = [];
    this.announceTimer = null;

    this.connection = new Connection({
      path: data.wsPath,
      position: () => (this.board ? this.board.position : null),
      onFrame: (frame) => this.frame(frame),
      onState: (state, detail) => this.connectionState(state, detail),
    });
    root.addEventListener("click", (event) => this.click(event));
    root.addEventListener("submit", (event) => this.submit(event));
    root.addEventListener("change", (event) => this.change(event));
    root.addEventListener("input", (event) => {
      if (event.target.dataset && event.target.dataset.limit) updateCounter(event.target);
    });
    root.addEventListener("keydown", (event) => this.keydown(event));
    // The wall fits its views to the screen: again when the screen changes size (a
    // projector plugged in, full screen).
    window.addEventListener("resize", () => {
      if (this.presenting()) this.schedule();
    });
    // The wall takes a presentation clicker's keys wherever the focus is.
    document.addEventListener("keydown", (event) => {
      if (this.presenting() && wallKey(this, event)) {
        event.preventDefault();
        this.schedule();
      }
    });
  }

  start() {
    this.render();
    this.connection.start();
  }

  // -- what the views ask ---------------------------------------------------------

  can(command) {
    const roles = this.words.permissions[command] || [];
    return this.admitted && roles.includes(this.me.role);
  }

  /** People may change what they wrote; staff may change anything. */
  mayChange(author) {
    return this.words.staff_roles.includes(this.me.role) || author.participant_id === this.me.participant_id;
  }

  framework() {
    return this.words.frameworks[this.board ? this.board.framework : "safety"];
  }

  domainHeading(domain) {
    return this.framework().domains[domain] || domain;
  }

  roleName(role) {
    return this.words.roles[role] || role;
  }

  /** "Sam Reid (chair)": the role once, even where a name already ends with it. */
  named(name, role) {
    const suffix = `(${this.roleName(role)})`;
    return name.trim().toLowerCase().endsWith(suffix.toLowerCase()) ? name : `${name} ${suffix}`;
  }

  caseTitle() {
    const { child_name: child, family_name: family } = this.board;
    return family ? `${child} (${family})` : child;
  }

  isFresh(id) {
    const until = this.fresh.get(id);
    return until !== undefined && until > Date.now();
  }

  connected() {
    return this.connection.state === STATES.LIVE || this.connection.state === STATES.CATCHING_UP;
  }

  // -- frames ---------------------------------------------------------------------

  frame(frame) {
    switch (frame.type) {
      case "welcome":
        this.welcome = frame;
        this.me = { participant_id: frame.participant_id, name: frame.name, role: frame.role };
        if (this.admitted && !frame.admitted) this.announce("You are waiting to be let in again.");
        this.admitted = frame.admitted;
        this.catchingUp = 0;
        break;
      case "lobby":
        this.lobbyMessage = frame.message;
        this.announce(frame.message);
        break;
      case "snapshot": {
        const wasWaiting = this.board === null;
        this.board = frame.board;
        document.title = `${this.caseTitle()} – ${this.mode === "screen" ? "Shared screen" : "Meeting"} – The board`;
        if (wasWaiting && this.mode === "phone") this.announce("You are in the meeting. The board is shown.");
        if (wasWaiting) refreshPeopleTools(this);
        break;
      }
      case "event":
        this.event(frame);
        break;
      case "presence": {
        const before = this.presence;
        this.presence = frame.people;
        presenceChanged(this, before);
        break;
      }
      case "error":
        if (!frame.shown) this.alert(frame.message);
        break;
      case "goodbye":
        this.ended = frame.message;
        this.stopTimer();
        break;
      case "follow":
        this.followed(frame);
        break;
      case "timer":
        this.timed(frame);
        break;
      default:
        break;
    }
    this.schedule();
  }

  event(frame) {
    if (!this.board) return;
    try {
      if (!applyEvent(this.board, frame)) return;
    } catch (error) {
      if (error instanceof GapError) {
        // Something was missed: reconnect, and the server sends what is missing.
        this.connection.drop();
        this.connection.lost();
        return;
      }
      throw error;
    }
    if (this.connection.state === STATES.CATCHING_UP) {
      this.catchingUp += 1;
    }
    if (frame.by && frame.by.participant_id === this.me.participant_id) return; // by: null when withheld
    const ids = freshIds(frame.changes || []);
    if (ids.length) {
      for (const id of ids) this.fresh.set(id, Date.now() + FRESH_FOR);
      setTimeout(() => this.schedule(), FRESH_FOR + 50);
    }
    if (this.connection.state === STATES.CATCHING_UP) return;
    if (frame.said) this.announce(frame.said);
  }

  // -- the chair's follow-me and agenda timer ----------------------------------------

  followed(frame) {
    const changed = frame.view !== this.follow.view;
    this.follow = { view: frame.view, by: frame.by };
    if (!changed) return;
    if (!frame.view) {
      this.announce(`${frame.by} lets everyone look around the board.`);
      return;
    }
    this.announce(`${frame.by} is showing ${VIEW_NAMES[frame.view] || frame.view}.`);
    if (this.ui.followChair) this.goToView(frame.view);
  }

  /** Scroll to a part of the board, unless the person is typing. */
  goToView(view) {
    const active = document.activeElement;
    if (active && (active.tagName === "TEXTAREA" || (active.tagName === "INPUT" && active.type === "text"))) return;
    setTimeout(() => {
      const ids = VIEW_TARGETS[view] || [];
      const target = ids.map((id) => document.getElementById(id)).find(Boolean);
      if (!target) return;
      const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      target.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "start" });
    }, 0);
  }

  timed(frame) {
    this.stopTimer();
    if (!frame.ends_at) {
      if (this.timer) this.announce("The timer is stopped.");
      this.timer = null;
      return;
    }
    this.timer = frame;
    // The server's clock counts: a phone whose own clock is off still counts down right.
    this.clockSkew = frame.server_now ? Date.parse(frame.server_now) - Date.now() : 0;
    this.timerWarned = this.secondsLeft() <= 60;
    this.announce(`Timer: ${frame.label}, ${minutesWords(Math.ceil(this.secondsLeft() / 60))}.`);
    this.timerTick = setInterval(() => this.tick(), 1000);
  }

  stopTimer() {
    clearInterval(this.timerTick);
    this.timerTick = null;
  }

  secondsLeft() {
    if (!this.timer) return 0;
    const now = Date.now() + (this.clockSkew || 0);
    return Math.max(0, Math.round((Date.parse(this.timer.ends_at) - now) / 1000));
  }

  timerRunning() {
    return Boolean(this.timer) && this.secondsLeft() > 0;
  }

  timerText() {
    const left = this.secondsLeft();
    if (left <= 0) return "Time is up";
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, "0");
    return `${minutes}:${seconds} left`;
  }

  tick() {
    const left = this.secondsLeft();
    const shown = this.root.querySelector("#agenda-timer-left");
    if (shown) shown.textContent = this.timerText();
    if (left <= 60 && !this.timerWarned) {
      this.timerWarned = true;
      this.announce(`One minute left for ${this.timer.label}.`);
    }
    if (left <= 0) {
      this.stopTimer();
      this.announce(`Time is up for ${this.timer.label}.`);
      this.schedule();
    }
  }

  // -- the connection, said plainly -------------------------------------------------

  connectionState(state, detail) {
    clearTimeout(this.backTimer);
    const waiting = this.connection.waiting;
    const queued = waiting ? ` ${plural(waiting, "change is", "changes are")} waiting to be sent.` : "";
    let text;
    switch (state) {
      case STATES.CONNECTING:
        text = "Connecting…";
        break;
      case STATES.LOBBY:
        text = "Connected. Waiting for the chair to let you in.";
        break;
      case STATES.CATCHING_UP:
        text = "Back — catching up…";
        break;
      case STATES.LIVE:
        if (detail.back) {
          const missed = detail.missed;
          text = missed ? `Back — ${plural(missed, "change", "changes")} caught up` : "Back — nothing was missed";
          this.backTimer = setTimeout(() => this.showStatus(STATES.LIVE, "Connected"), BACK_MESSAGE_FOR);
        } else {
          text = "Connected";
        }
        break;
      case STATES.RECONNECTING:
        text = `Reconnecting…${queued}`;
        break;
      case STATES.OFFLINE:
        text = `Offline — waiting for the network. Changes you make are sent when you are back.${queued}`;
        break;
      case STATES.ENDED:
        text = detail.message || "The meeting has ended.";
        break;
      case STATES.SIGNED_OUT:
        this.signedOut = true;
        text = "You are no longer connected. Please join again.";
        break;
      default:
        text = state;
    }
    this.showStatus(state, text);
    this.schedule();
  }

  showStatus(state, text) {
    this.statusBox.dataset.state = state;
    if (this.statusBox.textContent !== text) this.statusBox.textContent = text;
  }

  // -- saying things ----------------------------------------------------------------

  /** Polite announcements for screen readers, gathered so a burst reads as one. */
  announce(text) {
    this.announcements.push(text);
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      const said = this.announcements.slice(-3).join(" ");
      this.announcements = [];
      this.announcer.textContent = said;
    }, 250);
  }

  /** A refusal or problem that has nowhere better to be shown. */
  alert(message) {
    this.alertCount += 1;
    this.alerts.push({ id: `alert-${this.alertCount}`, message });
    while (this.alerts.length > MOST_ALERTS) this.alerts.shift();
    this.renderAlerts();
  }

  renderAlerts() {
    const fresh = h(
      "div",
      null,
      this.alerts.map((a) =>
        h(
          "div",
          { class: "alert", dataset: { key: a.id } },
          h("p", null, a.message),
          h("button", { type: "button", class: "secondary small", dataset: { action: "dismiss-alert", id: a.id } }, "Dismiss", h("span", { class: "visually-hidden" }, " this message")),
        ),
      ),
    );
    morphChildren(this.alertBox, fresh);
  }

  // -- drawing ----------------------------------------------------------------------

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      this.render();
    }, 0);
  }

  presenting() {
    return this.mode === "screen" && Boolean(this.ui.present);
  }

  render() {
    const presenting = this.presenting();
    const parts = presenting ? renderWall(this) : this.mode === "screen" ? renderScreen(this) : renderPhone(this);
    morphChildren(this.view, h("div", null, parts));
    document.documentElement.classList.toggle("present", presenting);
    document.documentElement.classList.toggle("larger-text", this.mode === "phone" && Boolean(this.ui.largerText));
    if (presenting) fitWall(this);
    // Counters say what is in each box now, not what was there when it was drawn.
    for (const control of this.view.querySelectorAll("[data-limit]")) updateCounter(control);
    this.renderAlerts();
    if (this.focusNext) {
      const target = this.root.querySelector(this.focusNext);
      this.focusNext = null;
      if (target) {
        target.focus();
        if (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type === "text")) {
          const end = target.value.length;
          target.setSelectionRange(end, end);
        }
      }
    }
  }

  focusAfter(selector) {
    this.focusNext = selector;
  }

  // -- the person's actions ---------------------------------------------------------

  click(event) {
    const target = event.target.closest("[data-action]");
    if (!target || !this.root.contains(target)) return;
    const action = ACTIONS[target.dataset.action];
    if (!action) return;
    event.preventDefault();
    if (target.getAttribute("aria-disabled") === "true") return;
    action.call(this, target.dataset, target);
    this.schedule();
  }

  submit(event) {
    const form = event.target.closest("form[data-form]");
    if (!form) return;
    event.preventDefault();
    const over = Array.from(form.querySelectorAll("[data-limit]")).find((c) => c.value.length > Number(c.dataset.limit));
    if (over) {
      // Refused here, with the limit named; the server refuses it the same way.
      this.ui.errors.set(form.dataset.formKey, overLimitWords(over.dataset.label, over.value.length, Number(over.dataset.limit)));
      this.focusAfter(`#${CSS.escape(over.id)}`);
      this.schedule();
      return;
    }
    const handler = FORMS[form.dataset.form];
    if (handler) handler.call(this, form, new FormData(form));
    this.schedule();
  }

  change(event) {
    const target = event.target;
    if (pickerChanged(this, target)) return;
    if (target.dataset && target.dataset.change === "larger-text") {
      this.ui.largerText = target.checked;
      localStorage.setItem("board-larger-text", target.checked ? "yes" : "no");
      this.schedule();
      return;
    }
    if (target.dataset && target.dataset.change === "child-scale") {
      this.ui.childScale = target.checked;
      this.schedule();
    }
  }

  keydown(event) {
    // Escape closes the panel the person is in, and puts them back where they opened it.
    if (event.key !== "Escape") return;
    const form = event.target.closest && event.target.closest("[data-form-key]");
    if (form && this.ui.open.has(form.dataset.formKey)) {
      event.preventDefault();
      this.closePanel(form.dataset.formKey);
      this.schedule();
    }
  }

  /** Send a command for a form (or a button) whose key shows it is on its way. */
  run(key, command, { done, refused } = {}) {
    if (this.ui.sending.has(key)) return;
    this.ui.errors.delete(key);
    this.ui.sending.add(key);
    this.connection.send(command, {
      onAck: (ack) => {
        this.ui.sending.delete(key);
        if (done) done(ack);
        this.schedule();
      },
      onError: (error) => {
        this.ui.sending.delete(key);
        this.schedule();
        if (refused && refused(error)) return true;
        const where = this.view.querySelector(`[data-form-key="${CSS.escape(key)}"]`);
        if (where) {
          this.ui.errors.set(key, error.message);
          return true;
        }
        return false;
      },
    });
    if (!this.connected()) {
      this.announce("You are not connected just now. The change will be sent when you are back.");
    }
  }

  openPanel(panel) {
    this.ui.open.add(panel);
    this.ui.errors.delete(panel);
    this.focusAfter(`[data-focus-key="${CSS.escape(panel)}"]`);
  }

  closePanel(panel) {
    if (panel === "close-meeting") this.ui.childViewsAsked = null;
    this.ui.open.delete(panel);
    this.ui.errors.delete(panel);
    this.ui.edits.delete(panel);
    this.ui.conflicts.delete(panel);
    this.focusAfter(openerOf(panel));
    if (panel.startsWith("edit:item:")) {
      const id = panel.slice("edit:item:".length);
      this.ui.open.delete(`remove:${id}`);
      this.ui.errors.delete(`move:${id}`);
    }
  }

  /** The thing an editor panel edits ("edit:item:ID" and so on), as the board has it now. */
  editedThing(panel) {
    const [, kind, id] = panel.split(":");
    const board = this.board;
    const found = {
      item: board.items,
      danger: board.danger_statements,
      goal: board.safety_goals,
      harm: board.harm_statements,
      rule: board.plan,
    }[kind];
    return found ? found[id] : undefined;
  }
}

/** The things on the board an event changed, to highlight them for a moment: the ids
 * of the things it put (whole or in part) into the collections people write in. */
function freshIds(changes) {
  const ids = new Set();
  for (const change of changes) {
    const path = change.path;
    if (change.type === "put" && path.length >= 2 && HIGHLIGHTED.has(path[0])) ids.add(path[1]);
  }
  return [...ids];
}

function openerOf(panel) {
  if (panel.startsWith("edit:")) {
    const [, kind, id] = panel.split(":");
    return `[data-action="edit"][data-kind="${CSS.escape(kind)}"][data-id="${CSS.escape(id)}"]`;
  }
  return `[data-action="open"][data-panel="${CSS.escape(panel)}"]`;
}

function minutesWords(minutes) {
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

const ACTIONS = {
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
  "agree-rule"(data) {
    this.run(`agree-now:${data.id}`, { type: "agree_plan_rule", rule_id: data.id }, {
      done: () => this.announce("Agreed: the rule is in the safety plan."),
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
    this.announce(this.ui.present ? "Presenting to the room: large type, editing hidden." : "Back to the working view.");
    this.focusAfter('[data-action="toggle-present"]');
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

function text(data, name) {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

const FORMS = {
  "add-item"(form, data) {
    const domain = form.dataset.domain;
    const key = form.dataset.formKey;
    this.run(
      key,
      { type: "add_item", domain, text: text(data, "text"), kind: text(data, "kind") || "judgement", source: text(data, "source") },
      {
        done: () => {
          form.reset();
          this.focusAfter(`[data-focus-key="${CSS.escape(key)}"]`);
          this.announce(`Added to ${this.domainHeading(domain)}.`);
        },
      },
    );
  },
  edit(form, data) {
    const panel = form.dataset.formKey;
    const thing = this.editedThing(panel);
    if (!thing) return;
    let edit = this.ui.edits.get(panel);
    if (!edit) {
      edit = { basedOn: thing.changed.position };
      this.ui.edits.set(panel, edit);
    }
    const id = form.dataset.id;
    const words = text(data, "text");
    const base = { based_on: edit.basedOn };
    let command;
    switch (form.dataset.kind) {
      case "item":
        command = { type: "edit_item", item_id: id, text: words, kind: text(data, "kind"), source: text(data, "source"), ...base };
        edit.mine = words;
        break;
      case "danger":
        command = { type: "revise_danger_statement", statement_id: id, text: words, ...base };
        edit.mine = words;
        break;
      case "goal":
        command = { type: "revise_safety_goal", goal_id: id, text: words, ...base };
        edit.mine = words;
        break;
      case "harm":
        command = { type: "revise_harm_statement", statement_id: id, text: words, ...base };
        edit.mine = words;
        break;
      case "rule":
        command = {
          type: "amend_plan_rule",
          rule_id: id,
          who: text(data, "who"),
          what: text(data, "what"),
          when: text(data, "when"),
          addresses: data.getAll("addresses").map(String),
          ...(form.querySelector('[data-key="people"]') ? { person_ids: data.getAll("person_ids").map(String) } : {}),
          ...base,
        };
        edit.mine = `${command.who}: ${command.what}${command.when ? ` (when: ${command.when})` : ""}`;
        break;
      default:
        return;
    }
    this.ui.conflicts.delete(panel);
    this.run(panel, command, {
      done: () => {
        this.closePanel(panel);
        this.announce("Saved.");
      },
      refused: (error) => {
        if (error.code !== "edit_conflict") return false;
        // Their version is on the board already; show both, keep the person's words.
        this.ui.conflicts.set(panel, error.message);
        this.focusAfter(`form[data-form-key="${CSS.escape(panel)}"] .conflict`);
        return true;
      },
    });
  },
  "no-longer-true"(form, data) {
    const id = form.dataset.id;
    const item = this.board.items[id];
    this.run(`no-longer-true:${id}`, { type: "mark_item_no_longer_true", item_id: id, reason: text(data, "reason") }, {
      done: () => {
        this.closePanel(`edit:item:${id}`);
        if (item) this.focusAfter(`[data-action="open"][data-panel="${CSS.escape(`add:${item.domain}`)}"]`);
        this.announce("Marked no longer true. The record keeps it, with the reason.");
      },
    });
  },
  move(form, data) {
    const id = form.dataset.id;
    const domain = text(data, "domain");
    this.run(`move:${id}`, { type: "move_item", item_id: id, domain }, {
      done: () => {
        this.closePanel(`edit:item:${id}`);
        this.announce(`Moved to ${this.domainHeading(domain)}.`);
      },
    });
  },
  vote(form, data) {
    const roundId = form.dataset.round;
    const key = form.dataset.formKey;
    const score = data.get("score");
    if (score === null) {
      this.ui.errors.set(key, "Please choose a number from 0 to 10 first.");
      this.focusAfter(`form[data-form-key="${CSS.escape(key)}"] input[name="score"]`);
      return;
    }
    this.run(key, { type: "cast_vote", round_id: roundId, score: Number(score), narrative: text(data, "narrative") }, {
      done: () => this.announce(`Your score of ${score} is saved. You can change it until the question is closed.`),
    });
  },
  reveal(form, data) {
    const roundId = form.dataset.round;
    const showNames = data.get("show_names") !== null;
    this.ui.showNames = showNames;
    this.run(`reveal:${roundId}`, { type: "reveal_votes", round_id: roundId, show_names: showNames });
  },
  "open-meeting"(form, data) {
    this.run("open-meeting", { type: "open_meeting", kind: text(data, "kind"), title: text(data, "title") }, {
      done: () => this.announce("The meeting is open."),
    });
  },
  "close-meeting"(form, data) {
    const meetingId = this.board.open_meeting_id;
    const closeMeeting = () =>
      this.run(
        "close-meeting",
        { type: "close_meeting", decision: text(data, "decision"), without_child_views: data.get("without_child_views") === "yes" },
        {
          done: () => {
            this.ui.open.delete("close-meeting");
            this.ui.childViewsAsked = null;
            this.announce("The meeting is closed.");
          },
          refused: (error) => {
            // A review with no child's views since the last conference: ask the chair.
            if (error.code !== "child_views_not_heard") return false;
            this.ui.childViewsAsked = { meeting_id: meetingId, message: error.message };
            this.focusAfter('[data-form-key="close-meeting"] button[type="submit"]');
            return true;
          },
        },
      );
    // The chair was asked (the form says what is still running): close it all.
    if (this.timerRunning() && !this.connection.sendNow({ type: "timer", label: this.timer.label, seconds: 0 })) {
      this.ui.errors.set("close-meeting", "You are not connected just now, so nothing was closed. Please try again.");
      return;
    }
    const round = openRound(this.board);
    if (!round) {
      closeMeeting();
      return;
    }
    this.run("close-meeting", { type: "close_scaling_round", round_id: round.round_id }, { done: closeMeeting });
  },
  "open-round"(form, data) {
    const statement = text(data, "statement_id");
    this.run(
      "open-round",
      {
        type: "open_scaling_round",
        question: text(data, "question"),
        zero_means: text(data, "zero_means"),
        ten_means: text(data, "ten_means"),
        statement_id: statement || null,
        child_question: text(data, "child_question"),
        child_zero_means: text(data, "child_zero_means"),
        child_ten_means: text(data, "child_ten_means"),
      },
      {
        done: () => {
          form.reset();
          this.ui.askAgain = null;
          this.announce("The question is open. People can scale from their phones.");
        },
      },
    );
  },
  "write-danger"(form, data) {
    this.run("write-danger", { type: "write_danger_statement", text: text(data, "text") }, {
      done: () => {
        this.closePanel("write-danger");
        this.announce(`${capital(this.framework().danger_statement)} saved.`);
      },
    });
  },
  "write-harm"(form, data) {
    this.run("write-harm", { type: "write_harm_statement", text: text(data, "text") }, {
      done: () => {
        this.closePanel("write-harm");
        this.announce("Harm statement saved.");
      },
    });
  },
  "pair-goal"(form, data) {
    const panel = form.dataset.formKey;
    this.run(panel, { type: "pair_safety_goal", statement_id: form.dataset.id, text: text(data, "text") }, {
      done: () => {
        this.closePanel(panel);
        this.announce(`${capital(this.framework().safety_goal)} saved.`);
      },
    });
  },
  "retire-danger"(form, data) {
    const panel = form.dataset.formKey;
    this.run(panel, { type: "retire_danger_statement", statement_id: form.dataset.id, reason: text(data, "reason") }, {
      done: () => {
        this.ui.open.delete(panel);
        this.focusAfter("#statements-heading");
        this.announce(`${capital(this.framework().danger_statement)} retired.`);
      },
    });
  },
  "add-rule"(form, data) {
    this.run(
      "add-rule",
      {
        type: "add_plan_rule",
        kind: text(data, "kind") || "rule",
        who: text(data, "who"),
        what: text(data, "what"),
        when: text(data, "when"),
        addresses: data.getAll("addresses").map(String),
        person_ids: data.getAll("person_ids").map(String),
      },
      {
        done: () => {
          this.closePanel("add-rule");
          this.announce(this.can("agree_plan_rule") ? `Added to the ${this.framework().plan}.` : "Suggested. The room will agree it.");
        },
      },
    );
  },
  "agree-rule"(form, data) {
    const panel = form.dataset.formKey;
    const command = {
      type: "agree_plan_rule",
      rule_id: form.dataset.id,
      who: text(data, "who"),
      what: text(data, "what"),
      when: text(data, "when"),
      addresses: data.getAll("addresses").map(String),
      ...(form.querySelector('[data-key="people"]') ? { person_ids: data.getAll("person_ids").map(String) } : {}),
    };
    this.run(panel, command, {
      done: () => {
        this.closePanel(panel);
        this.focusAfter("#plan-heading");
        this.announce("Agreed: the rule is in the safety plan.");
      },
    });
  },
  "aside-rule"(form, data) {
    const panel = form.dataset.formKey;
    this.run(panel, { type: "set_aside_plan_rule", rule_id: form.dataset.id, reason: text(data, "reason") }, {
      done: () => {
        this.closePanel(panel);
        this.focusAfter("#plan-heading");
        this.announce("The suggestion is set aside.");
      },
    });
  },
  "child-view"(form, data) {
    const panel = form.dataset.formKey;
    const pad = form.querySelector("canvas");
    const drawing = pad && pad.strokes ? pad.strokes : [];
    const command = { type: "record_child_view", house: text(data, "house"), text: text(data, "text"), drawing };
    const child = text(data, "child_id");
    if (child) command.child_id = child;
    const how = text(data, "how");
    if (how) command.how = how;
    this.run(panel, command, {
      done: () => {
        if (pad && pad.clear) pad.clear();
        form.reset();
        this.announce("It is in the house now.");
      },
    });
  },
  "childs-words"(form, data) {
    const panel = form.dataset.formKey;
    const command = { type: "put_rule_in_childs_words", rule_id: form.dataset.id, text: text(data, "text"), picture: text(data, "picture") };
    if (data.has("child_id")) command.child_id = text(data, "child_id");
    this.run(panel, command, {
      done: () => {
        this.ui.open.delete(panel);
        this.announce("Saved, for the Words and Pictures plan.");
      },
    });
  },
  "retire-rule"(form, data) {
    const panel = form.dataset.formKey;
    const id = form.dataset.id;
    this.run(panel, { type: "retire_plan_rule", rule_id: id, reason: text(data, "reason") }, {
      done: () => {
        this.ui.open.delete(panel);
        this.focusAfter("#plan-heading");
        this.announce(`The rule is retired from the ${this.framework().plan}.`);
      },
    });
  },
  "family-view"(form, data) {
    const panel = form.dataset.formKey;
    this.run(panel, { type: "record_family_view", statement_id: form.dataset.id, text: text(data, "text") }, {
      done: () => {
        this.closePanel(panel);
        this.announce("Your view is kept beside the statement.");
      },
    });
  },
  timer(form, data) {
    const label = text(data, "label").trim();
    const minutes = Number(text(data, "minutes")) || 5;
    if (!label) {
      this.ui.errors.set("timer", "Please say what the timer is for, for example \u201cSafety plan\u201d.");
      return;
    }
    if (!this.connection.sendNow({ type: "timer", label, seconds: minutes * 60 })) {
      this.ui.errors.set("timer", "You are not connected just now, so the timer did not start. Please try again.");
      return;
    }
    this.ui.errors.delete("timer");
  },
  async invite(form, data) {
    const key = "invite";
    if (this.ui.sending.has(key)) return;
    const role = text(data, "role");
    const personId = text(data, "person_id");
    const hours = Number(text(data, "hours")) || 12;
    this.ui.errors.delete(key);
    this.ui.sending.add(key);
    this.schedule();
    try {
      const response = await fetch(`/api/cases/${encodeURIComponent(this.caseId)}/invites`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(personId ? { person_id: personId, hours } : { role, hours }),
      });
      const body = await response.json().catch(() => ({}));
      if (response.status === 201) {
        this.ui.invites.unshift(body);
        refreshPeopleTools(this);
        this.announce(`Invite code ${body.code} made for a ${this.roleName(body.role)}.`);
      } else {
        this.ui.errors.set(key, body.message || "The invite could not be made. Please try again.");
      }
    } catch {
      this.ui.errors.set(key, "The invite could not be made: the board cannot be reached just now. Please try again.");
    } finally {
      this.ui.sending.delete(key);
      this.schedule();
    }
  },
};
Object.assign(FORMS, PEOPLE_FORMS);
