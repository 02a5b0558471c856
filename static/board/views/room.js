// What the room shares beyond the board itself: the parts the chair can show everyone
// ("follow me") and where they are, the agenda timer, the banner on a phone that
// follows the chair, and "Undo my last change".

import { h } from "../dom.js";
import { myLastUndo } from "../model.js";
import { button, formError, select } from "./controls.js";

// The parts of the board the chair can show everyone ("follow me"), and where they are,
// named in the case's framework (W21): "the wellbeing plan", "the worry statements and
// wellbeing goals". `fw` is app.framework().
export function viewNames(fw) {
  return {
    scaling: "the scaling question",
    mapping: "the mapping",
    statements: `the ${fw.danger_statement}s and ${fw.safety_goal}s`,
    plan: `the ${fw.plan}`,
  };
}
export const VIEW_TARGETS = {
  scaling: ["scaling-now", "scaling", "scale"],
  mapping: ["mapping"],
  statements: ["statements"],
  plan: ["plan"],
};

/** What undoing the person's last change would take back, in the server's words. */
function undoWords(step) {
  return step.takes_back || "your last change";
}

/** "Undo my last change", saying what it takes back; nothing if there is nothing. */
export function undoButton(app) {
  if (!app.can("undo")) return null;
  const step = myLastUndo(app.board, app.me.participant_id);
  if (!step) return null;
  return h(
    "div",
    { class: "undo controls", dataset: { key: "undo", formKey: "undo" } },
    button("Undo my last change", { action: "undo" }, { cls: "secondary", disabled: app.ui.sending.has("undo") }),
    h("p", { class: "undo-what" }, `Takes back ${undoWords(step)}.`),
    formError(app, "undo"),
  );
}

// The agenda timer's lengths, in minutes: what agenda items commonly run to (the server
// allows any length up to four hours and refuses more).
const TIMER_MINUTES = [2, 5, 10, 15, 20, 30, 45, 60];

/** "How long": the agenda timer's length, one control for the working screen's timer
 * form and the presenter view's, ten minutes unless the chair chooses another. */
export function timerLength(key) {
  return select(key, "minutes", "How long", TIMER_MINUTES.map((m) => [String(m), `${m} minutes`]), { value: "10" });
}

/** The agenda timer the chair started, for everyone to see. */
export function timerBar(app) {
  if (!app.timer) return null;
  return h(
    "div",
    { class: `agenda-timer${app.secondsLeft() <= 0 ? " is-up" : ""}`, role: "timer", "aria-label": "Agenda timer", dataset: { key: "timer" } },
    h("span", { class: "timer-label" }, app.timer.label),
    h("span", { class: "timer-left", id: "agenda-timer-left" }, app.timerText()),
  );
}

/** On a phone: the chair is showing a part of the board; follow along, or not. */
export function followBanner(app, viewNames) {
  if (!app.follow.view) return null;
  const showing = viewNames[app.follow.view] || app.follow.view;
  return h(
    "div",
    { class: "follow-banner", dataset: { key: "follow" } },
    h(
      "p",
      null,
      app.ui.followChair
        ? `Following ${app.follow.by}: ${showing}.`
        : `${app.follow.by} is showing ${showing}. You are looking around on your own.`,
    ),
    h(
      "button",
      { type: "button", class: "secondary small", "aria-pressed": app.ui.followChair ? "true" : "false", dataset: { action: "follow-chair" } },
      "Follow the chair",
    ),
  );
}

/** Scroll to a part of the board the chair is showing, unless the person is typing. */
export function scrollToView(view) {
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
