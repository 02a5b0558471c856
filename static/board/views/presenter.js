// The presenter view: on the chair's working screen, what the wall shows and the
// controls that move it (the wall is its own page, in another window or on another
// device, and follows through the server). The lobby and the round stay where they are
// on the working screen, the wall following them; the meeting's opening and closing and
// the suggestions waiting to be agreed are here too, and the agenda timer, so the chair
// running the room from the presenter view need not look for them down the page.

import { h, hidden } from "../dom.js";
import { openRound, proposals, suggestedMeetingKind, theOpenMeeting } from "../model.js";
import { WALL_VIEWS, viewName } from "../wall/present.js";
import { clip, ruleSentence, shortTime } from "../words.js";
import { button, formError, select, submit } from "./controls.js";
import { timerLength } from "./room.js";

export function presenterBar(app) {
  if (!app.ui.presenter || !app.can("reveal_votes")) return null;
  const shown = app.onWall;
  const pages = shown.pages > 1 ? `, page ${shown.page + 1} of ${shown.pages}` : "";
  const whole = shown.focus ? ", one thing shown whole" : "";
  return h(
    "section",
    { class: "presenter controls", "aria-labelledby": "presenter-heading", dataset: { key: "presenter" } },
    h(
      "div",
      { class: "presenter-head" },
      h("h2", { id: "presenter-heading" }, "On the wall"),
      h("p", { class: "presenter-now", id: "presenter-now" }, `${viewName(app, shown.view)}${pages}${whole}`),
      h(
        "a",
        { href: `/cases/${encodeURIComponent(app.caseId)}/wall`, target: "_blank", rel: "noopener", class: "presenter-open" },
        "Open the wall",
        hidden(" in a new window, for the room's screen"),
      ),
    ),
    h(
      "div",
      { class: "buttons presenter-steps" },
      button("Previous", { action: "wall-step", forward: "no" }, { cls: "secondary", hiddenLabel: " on the wall" }),
      button("Next", { action: "wall-step", forward: "yes" }, { hiddenLabel: " on the wall" }),
      shown.focus ? button("Back to the whole view", { action: "wall-show", view: shown.view, focus: "" }, { cls: "secondary" }) : null,
    ),
    h(
      "ul",
      { class: "presenter-views", "aria-label": "Show on the wall" },
      WALL_VIEWS.map((view) =>
        h(
          "li",
          { dataset: { key: view } },
          h(
            "button",
            { type: "button", class: "secondary small", "aria-pressed": view === shown.view ? "true" : "false", dataset: { action: "wall-show", view, focus: "" } },
            viewName(app, view),
          ),
        ),
      ),
    ),
    presenterMeeting(app),
    presenterRound(app),
    presenterTimer(app),
    presenterSuggestions(app),
    h(
      "p",
      { class: "hint" },
      "The wall shows the room's view: how many are waiting, never who, and none of these controls. ",
      "→ or Page Down (a clicker) moves it on, ← or Page Up back; R shows the scores of the open question.",
    ),
  );
}

/** The meeting, opened or closed from the presenter view. Closing opens the working
 * screen's form (what was decided, what is still running), its first field in focus. */
function presenterMeeting(app) {
  if (app.me.role !== "chair") return null;
  const meeting = theOpenMeeting(app.board);
  if (meeting) {
    return h(
      "div",
      { class: "presenter-meeting", dataset: { key: "presenter-meeting" } },
      h("p", null, h("strong", null, meeting.title), `, open since ${shortTime(meeting.opened.at)}.`),
      app.ui.open.has("close-meeting")
        ? h("p", { class: "hint" }, "Say what was decided in \u201cThe meeting\u201d under \u201cRunning the meeting\u201d.")
        : button("Close the meeting\u2026", { action: "open", panel: "close-meeting" }, { cls: "secondary" }),
    );
  }
  const kinds = app.framework().meetings;
  const suggested = suggestedMeetingKind(app.board);
  return h(
    "form",
    { class: "presenter-meeting inline", dataset: { form: "open-meeting", key: "presenter-open-meeting", formKey: "open-meeting" } },
    h("p", null, "No meeting is open."),
    select("presenter-open-meeting", "kind", "Meeting to open", kinds, {
      value: kinds.some(([kind]) => kind === suggested) ? suggested : kinds[0][0],
    }),
    submit(app, "open-meeting", "Open it"),
    formError(app, "open-meeting"),
  );
}

/** The scaling question: asked in the working screen's form (the presenter's button
 * puts the focus in it), its scores shown (R, or this button) and closed from here. */
function presenterRound(app) {
  if (app.me.role !== "chair" || !theOpenMeeting(app.board)) return null;
  const round = openRound(app.board);
  if (!round) {
    return h(
      "div",
      { class: "presenter-round", dataset: { key: "presenter-round" } },
      button("Ask a scaling question\u2026", { action: "focus-ask" }, { cls: "secondary" }),
    );
  }
  return h(
    "div",
    { class: "presenter-round", dataset: { key: "presenter-round" } },
    h("p", null, "Asked: ", h("strong", null, `\u201c${round.question}\u201d`)),
    round.revealed ? null : button("Show the scores", { action: "reveal-open" }, { hiddenLabel: " on the wall" }),
    button("Close the question", { action: "close-round", round: round.round_id }, { cls: "secondary" }),
    formError(app, `close-round:${round.round_id}`),
  );
}

/** The agenda timer, for what the wall shows, as long as the chair chooses (the working
 * screen's "How long" and its form, which says what is wrong), or stopped. One button,
 * keyed the same both ways, so the focus stays on it as it changes; the wall shows only
 * the running timer, never this. */
function presenterTimer(app) {
  if (app.me.role !== "chair") return null;
  const running = app.timerRunning();
  const label = viewName(app, app.onWall.view);
  return h(
    "form",
    { class: "presenter-timer inline", dataset: { key: "presenter-timer", form: "timer", formKey: "presenter-timer" } },
    // Keyed, so that as it goes the button is not moved (a moved button loses the focus).
    running ? h("p", { dataset: { key: "presenter-timer-running" } }, `Agenda timer: \u201c${app.timer.label}\u201d, running.`) : null,
    // What the wall shows now, so the value follows the wall (sync-value).
    running ? null : h("input", { type: "hidden", name: "label", value: label, dataset: { key: "presenter-timer-label", syncValue: "" } }),
    running ? null : timerLength("presenter-timer"),
    h(
      "button",
      running
        ? { type: "button", class: "secondary", dataset: { key: "presenter-timer-button", action: "stop-timer" } }
        : { type: "submit", dataset: { key: "presenter-timer-button" } },
      running ? "Stop the timer" : "Start the timer",
      running ? null : hidden(` for \u201c${label}\u201d`),
    ),
    formError(app, "presenter-timer"),
  );
}

/** Rules suggested from phones, waiting for the room: agreed here with one button, as
 * the plan on the working screen does (changing one first, or setting it aside, is
 * there). */
function presenterSuggestions(app) {
  if (!app.can("agree_plan_rule")) return null;
  const waiting = proposals(app.board);
  if (!waiting.length) return null;
  return h(
    "div",
    { class: "presenter-suggestions", role: "group", "aria-labelledby": "presenter-suggestions-heading", dataset: { key: "presenter-suggestions" } },
    h("h3", { id: "presenter-suggestions-heading" }, "Suggested, waiting to be agreed"),
    h(
      "ul",
      null,
      waiting.map((rule) =>
        h(
          "li",
          { dataset: { key: rule.rule_id } },
          h("span", null, `${clip(ruleSentence(rule), 90)} (${rule.added.by.name})`),
          " ",
          button("Agree", { action: "agree-rule", id: rule.rule_id }, { cls: "small", hiddenLabel: ` the suggestion: ${clip(ruleSentence(rule))}` }),
          formError(app, `agree-now:${rule.rule_id}`),
        ),
      ),
    ),
  );
}
