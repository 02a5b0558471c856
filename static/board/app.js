// The page's controller: holds the board and what the person is doing, hands their
// clicks and forms to commands/ (which turn them into commands), and redraws when
// frames arrive: views/ for the shared screen and a phone, wall/ for the room.

import { ACTIONS } from "./commands/actions.js";
import { attachDrag } from "./commands/drag.js";
import { FORMS } from "./commands/forms.js";
import { pickerChanged, presenceChanged, refreshPeopleTools } from "./commands/people.js";
import { Connection, STATES } from "./connection.js";
import { h, morphChildren } from "./dom.js";
import { madeInvites } from "./lobby.js";
import { GapError, applyEvent, freshIds, writtenThing } from "./model.js";
import { PresenterMethods } from "./presenter.js";
import { statusWords } from "./status.js";
import { TimerMethods } from "./timer.js";
import { updateCounter } from "./views/controls.js";
import { renderPhone } from "./views/phone.js";
import { scrollToView, viewNames } from "./views/room.js";
import { renderScreen } from "./views/screen.js";
import { fitWall, renderWall, takeOnWall, wallKey } from "./wall/present.js";
import { namedWithRole, overLimitWords } from "./words.js";

const FRESH_FOR = 6000; // ms a change by someone else stays highlighted
const BACK_MESSAGE_FOR = 30000; // ms "Back — n changes caught up" stays before "Connected"
const MOST_ALERTS = 4;

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
    // The wall's own board, from its own socket: the room's cut, decided by the server
    // (the family's whenever the family may be in the room), never the chair's board.
    this.wallBoard = null;
    this.wallConnection = null;
    this.welcome = null;
    this.admitted = false;
    this.lobbyMessage = "";
    this.presence = [];
    this.lobbyInfo = new Map(); // participant id -> whom the server proposes (lobby.js)
    this.follow = { view: "", by: "" }; // what the chair is showing everyone
    // What the wall shows, as the server last said (the presenter view's mirror), and on
    // the wall's own page how many wait in the lobby (it is told a count, never names).
    this.onWall = { view: "mapping", page: 0, focus: "", pages: 0, by: "" };
    this.waiting = 0;
    this.fitted = ""; // on the wall's own page: the fit last told to the server
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
      invites: madeInvites(sessionStorage, this.caseId), // codes for anyone made here (lobby.js)
      present: this.mode === "screen" && localStorage.getItem("board-present") === "yes",
      presenter: this.mode === "screen" && localStorage.getItem("board-presenter") === "yes",
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

    // The wall's own page is a wall: the room's cut, always from the board as it is.
    const wallPage = this.mode === "wall";
    this.connection = new Connection({
      path: wallPage ? `${data.wsPath}?screen=wall` : data.wsPath,
      position: () => (this.board && !wallPage ? this.board.position : null),
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
    if (this.mode === "screen") attachDrag(this);
    // The wall fits its views to the screen: again when the screen changes size (a
    // projector plugged in, full screen).
    window.addEventListener("resize", () => {
      if (this.presenting()) this.schedule();
    });
    // The wall takes a presentation clicker's keys wherever the focus is.
    document.addEventListener("keydown", (event) => {
      if (this.mode === "screen" && this.presenting() && wallKey(this, event)) {
        event.preventDefault();
        this.schedule();
      } else if (!this.presenting() && this.ui.presenter && this.presenterKey(event)) {
        event.preventDefault();
        this.schedule();
      }
    });
  }

  start() {
    this.render();
    this.connection.start();
    this.syncWall();
  }

  // -- what the views ask ---------------------------------------------------------

  can(command) {
    if (this.mode === "wall") return false; // the wall only shows
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

  /** A role as the case's framework names it ("family keyworker" in early help). */
  roleName(role) {
    return (this.framework().roles || {})[role] || this.words.roles[role] || role;
  }

  /** "Sam Reid (chair)": the role once, even where a name already ends with it. */
  named(name, role) {
    return namedWithRole(name, this.roleName(role));
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
        // The chair may let someone in with another role (a child, not an adult): the
        // phone follows at once, with the scale for that role.
        if (frame.role !== this.me.role) this.ui.childScale = frame.role === "child";
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
        document.title = `${this.caseTitle()} – ${{ screen: "Shared screen", wall: "The wall" }[this.mode] || "Meeting"} – The board`;
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
      case "wall":
        this.onWall = frame;
        if (this.mode === "wall") takeOnWall(this, frame);
        break;
      case "waiting":
        this.waiting = frame.count;
        break;
      default:
        break;
    }
    this.schedule();
  }

  event(frame) {
    if (!this.board) return;
    const meetingBefore = this.board.open_meeting_id;
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
    // A meeting opened or closed: the invites for it (the wall's code) are read again.
    if (this.board.open_meeting_id !== meetingBefore) refreshPeopleTools(this);
    this.wallFollowsRound(frame);
    if (frame.by && frame.by.participant_id === this.me.participant_id) return; // by: null when withheld
    const ids = freshIds(frame.changes || []);
    if (ids.length) {
      for (const id of ids) this.fresh.set(id, Date.now() + FRESH_FOR);
      setTimeout(() => this.schedule(), FRESH_FOR + 50);
    }
    if (this.connection.state === STATES.CATCHING_UP) return;
    if (frame.said) this.announce(frame.said);
  }

  // -- the chair's follow-me (the agenda timer: timer.js) -----------------------------

  followed(frame) {
    const changed = frame.view !== this.follow.view;
    this.follow = { view: frame.view, by: frame.by };
    if (!changed) return;
    if (!frame.view) {
      this.announce(`${frame.by} lets everyone look around the board.`);
      return;
    }
    this.announce(`${frame.by} is showing ${viewNames(this.framework())[frame.view] || frame.view}.`);
    if (!this.ui.followChair) return;
    // On a phone the part the chair shows is opened, not only scrolled to (phone_folds.js).
    if (this.mode === "phone") this.ui.open.add(`fold:${frame.view}`);
    this.goToView(frame.view);
  }

  /** Scroll to a part of the board, unless the person is typing. */
  goToView(view) {
    scrollToView(view);
  }

  // -- the connection, said plainly -------------------------------------------------

  connectionState(state, detail) {
    clearTimeout(this.backTimer);
    const text = statusWords(state, detail, this.connection.waiting);
    if (state === STATES.LIVE && detail.back) {
      this.backTimer = setTimeout(() => this.showStatus(STATES.LIVE, "Connected"), BACK_MESSAGE_FOR);
    }
    if (state === STATES.SIGNED_OUT) this.signedOut = true;
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
    return (this.mode === "screen" && Boolean(this.ui.present)) || this.mode === "wall";
  }

  render() {
    const presenting = this.presenting();
    const parts =
      this.mode === "wall"
        ? renderWall(this)
        : presenting
          ? renderWall(this.asWall())
          : this.mode === "screen"
            ? renderScreen(this)
            : renderPhone(this);
    morphChildren(this.view, h("div", null, parts));
    document.documentElement.classList.toggle("present", presenting);
    document.documentElement.classList.toggle("larger-text", this.mode === "phone" && Boolean(this.ui.largerText));
    if (presenting) fitWall(this);
    if (this.mode === "wall" && this.board) this.tellFit();
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
    return writtenThing(this.board, kind, id);
  }
}

function openerOf(panel) {
  if (panel.startsWith("edit:")) {
    const [, kind, id] = panel.split(":");
    return `[data-action="edit"][data-kind="${CSS.escape(kind)}"][data-id="${CSS.escape(id)}"]`;
  }
  return `[data-action="open"][data-panel="${CSS.escape(panel)}"]`;
}

// The presenter view, the wall's own socket and the agenda timer live in their own
// modules (presenter.js, timer.js) as methods of the App.
for (const methods of [PresenterMethods, TimerMethods]) {
  for (const name of Object.getOwnPropertyNames(methods.prototype)) {
    if (name !== "constructor") App.prototype[name] = methods.prototype[name];
  }
}
