// The phone keeps the board short: under what is happening now and the scale, each
// part of the board (the mapping, what the child says, the statements, the plan) is
// its heading, one line in plain words saying what it holds, and a button that opens
// the rest. What a person does most (their own part in the plan, suggesting a rule)
// stays in sight. The folded part is still on the page, only hidden, so it keeps what
// was typed in it and is drawn by the same code as the shared screen's.

import { h, hidden } from "../dom.js";
import { currentDangerStatements, currentPlan, goalsFor, itemsIn, proposals } from "../model.js";
import { capital, plural } from "../words.js";

/** "What are we worried about? 6 things. What's working well? 7 things. What needs to
 * happen? 1 thing." Each column in the practice's own words; a safety goal, written
 * beside its danger statement, counts where the mapping counts it. */
export function mappingSummary(board, columns) {
  const goals = currentDangerStatements(board).reduce((n, s) => n + goalsFor(board, s.statement_id).length, 0);
  const count = (domain) => itemsIn(board, domain).length + (domain === "safety_goals" ? goals : 0);
  return columns
    .map((column) => {
      const n = column.domains.reduce((sum, domain) => sum + count(domain), 0);
      return `${column.heading} ${n ? `${plural(n, "thing", "things")}.` : "Nothing yet."}`;
    })
    .join(" ");
}

/** "3 things Lily has said or drawn." */
export function childVoiceSummary(board) {
  const views = Object.values(board.child_views || {});
  const names = Object.values(board.children || {}).map((child) => child.name);
  const who = names.length === 1 ? names[0] : "the children";
  if (!views.length) return `Nothing yet from ${who}.`;
  return `${plural(views.length, "thing", "things")} ${who} ${names.length === 1 ? "has" : "have"} said or drawn.`;
}

/** "1 danger statement, each with its safety goal beside it." */
export function statementsSummary(board, fw) {
  const count = currentDangerStatements(board).length;
  if (!count) return `No ${fw.danger_statement}s yet.`;
  return `${plural(count, fw.danger_statement, `${fw.danger_statement}s`)}, each with its ${fw.safety_goal} beside it.`;
}

/** "10 rules agreed. 1 suggestion waiting for the room to agree." */
export function planSummary(board) {
  const rules = currentPlan(board).length;
  const waiting = proposals(board).length;
  const said = [rules ? `${plural(rules, "rule", "rules")} agreed.` : "No rules agreed yet."];
  if (waiting) said.push(`${plural(waiting, "suggestion", "suggestions")} waiting for the room to agree.`);
  return said.join(" ");
}

/**
 * Fold a built section: its heading (the first element) stays, then the one line
 * `summary`, whatever matches `keep` (in its order), and a button ("Show the
 * mapping" / "Hide the mapping", `name`) that opens the rest, kept hidden until then.
 * Opened and shut through `app.ui.open` as `fold:<part>`, like the earlier scores.
 */
export function foldSection(app, section, { part, name, summary, keep = null, help = [] }) {
  if (!section) return section;
  const open = app.ui.open.has(`fold:${part}`);
  const id = `fold-${part}`;
  const [heading, ...rest] = Array.from(section.children);
  const kept = keep ? rest.filter((el) => el.matches(keep)) : [];
  const folded = rest.filter((el) => !kept.includes(el));
  const body = h("div", { class: "fold-body", id, hidden: !open, dataset: { key: "fold-body" } }, folded);
  const toggle = h(
    "button",
    { type: "button", class: "secondary small fold", "aria-expanded": open ? "true" : "false", "aria-controls": id, dataset: { action: "toggle-fold", part, key: "fold-toggle" } },
    `${open ? "Hide" : "Show"} ${name}`,
  );
  const said = h("p", { class: "fold-summary", dataset: { key: "fold-summary" } }, capital(summary));
  section.replaceChildren(...[heading, said, wordsHelp(app, part, heading.textContent, help), ...kept, toggle, body].filter(Boolean));
  section.classList.add("folded");
  return section;
}

/** The practice's words this part uses (`help`: the framework's { term, means }), in
 * plain words one tap away, as each part of the mapping has them. */
export function wordsHelp(app, part, heading, help) {
  if (!help.length) return null;
  const key = `help:${part}`;
  const open = app.ui.open.has(`fold:${key}`);
  const id = `help-${part}`;
  return h(
    "div",
    { class: "domain-help", dataset: { key: "words-help" } },
    h(
      "button",
      { type: "button", class: "small secondary", "aria-expanded": open ? "true" : "false", "aria-controls": id, dataset: { action: "toggle-fold", part: key } },
      "What does this mean?",
      hidden(` (${heading})`),
    ),
    h("dl", { class: "word-help", id, hidden: !open }, help.map((word) => [h("dt", null, word.term), h("dd", null, word.means)])),
  );
}

/** The framework's help for these words (its own words: "danger statement"). */
export function helpFor(fw, words) {
  const wanted = words.map((word) => word.toLowerCase());
  return (fw.help || []).filter((word) => wanted.includes(word.term.toLowerCase()));
}
