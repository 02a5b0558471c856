// The case's course on the shared screen: the next steps agreed, with who does each and
// by when, shown at the start of the next meeting so the room begins with what was
// promised. The server sends the steps (board.next_steps) with the owner's name; this
// only draws them, and sends "mark done" as a command like any other.

import { h } from "../dom.js";
import { button } from "./controls.js";

const DAY = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** "Tuesday 31 March 2026" for an ISO date ("2026-03-31"), as the record says it. */
export function longDate(iso) {
  const parts = Object.fromEntries(DAY.formatToParts(new Date(`${iso}T00:00:00Z`)).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

function stepView(app, step) {
  const mayMark = app.can("mark_next_step") && (app.words.staff_roles.includes(app.me.role) || app.me.participant_id === step.owner);
  return h(
    "li",
    { class: `next-step${step.done ? " done" : ""}`, dataset: { key: step.step_id } },
    h("p", { class: "step-text" }, h("strong", null, step.owner_name), ": ", step.text),
    h(
      "p",
      { class: "step-meta" },
      step.done ? h("strong", null, "Done. ") : h("span", null, "Not done yet. "),
      `By ${longDate(step.due)}.`,
      mayMark
        ? [" ", button(step.done ? "Mark not done" : "Mark done", { action: "mark-step", id: step.step_id, done: step.done ? "no" : "yes" }, {
            cls: "small secondary",
            hiddenLabel: `: ${step.text}`,
          })]
        : null,
    ),
  );
}

/** The next steps, those still to do first; nothing when none were agreed. */
export function nextStepsSection(app) {
  const steps = Object.values(app.board.next_steps || {});
  if (!steps.length) return null;
  steps.sort((a, b) => Number(a.done) - Number(b.done) || a.due.localeCompare(b.due));
  return h(
    "section",
    { class: "next-steps-now", id: "next-steps", "aria-labelledby": "next-steps-heading", dataset: { key: "next-steps" } },
    h("h2", { id: "next-steps-heading" }, "Next steps agreed"),
    h("p", { class: "intro" }, "Who said they would do what, and by when: where we start."),
    h("ul", { class: "steps", dataset: { key: "steps" } }, steps.map((step) => stepView(app, step))),
  );
}

/** For the chair before a conference: where the readiness check is. Conferences are
 * child protection's; other frameworks are shown their course, with no check. */
export function readinessLink(app) {
  const course = `/cases/${encodeURIComponent(app.caseId)}/course`;
  if (app.board && app.board.framework !== "safety") {
    return h("p", { class: "hint", dataset: { key: "readiness" } }, h("a", { href: course }, "Timescales and trajectory"), ": what is due, and when.");
  }
  return h(
    "p",
    { class: "hint", dataset: { key: "readiness" } },
    "Before a conference: ",
    h("a", { href: `${course}#readiness-heading` }, "the readiness check, timescales and trajectory"),
    ".",
  );
}
