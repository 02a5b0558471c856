// The wall's safety plan: its parts, with the suggestions from phones waiting above
// them; the chair agrees a suggestion, or opens it to change it or set it aside, with
// the room looking at it.

import { h, hidden } from "../dom.js";
import { currentPlan, dangerStatementNumber, proposals } from "../model.js";
import { capital, listWords, ruleSaid, ruleSentence } from "../words.js";
import { button } from "../views/controls.js";
import { proposalView } from "../views/plan.js";
import { backButton } from "./back_button.js";

/** The plan in its parts (bottom lines first, the family's plan, what professionals
 * will do), with what was suggested from phones above it, waiting for the room. */
export function plan(app, wall) {
  if (wall.focus && wall.focus.startsWith("proposal:")) return focusedProposal(app, wall.focus.slice(9));
  const rules = currentPlan(app.board);
  const waiting = proposals(app.board);
  if (!rules.length && !waiting.length) return h("p", { class: "empty" }, "The plan has no rules yet.");
  const parts = app.words.plan_parts
    .map((part) => ({ part, inPart: rules.filter((rule) => part.kinds.includes(rule.kind)) }))
    .filter(({ inPart }) => inPart.length);
  return [
    waiting.length
      ? h(
          "section",
          { class: "wall-proposals", "aria-labelledby": "wall-proposals-heading", dataset: { key: "proposals", fitBox: "" } },
          h("h2", { id: "wall-proposals-heading" }, "Suggested, waiting for the room to agree"),
          h("ol", { class: "wall-rules", dataset: { fitGroup: "proposals" } }, waiting.map((rule, index) => proposalCard(app, rule, index))),
          h("p", { class: "wall-more", dataset: { moreFor: "proposals" } }),
        )
      : null,
    parts.map(({ part, inPart }) =>
      h(
        "section",
        { class: `wall-plan-part part-${part.key}`, "aria-labelledby": `wall-part-${part.key}`, dataset: { key: `part-${part.key}`, fitBox: "" } },
        h("h2", { id: `wall-part-${part.key}` }, part.name),
        h("ol", { class: "wall-rules", dataset: { fitGroup: part.key } }, inPart.map((rule, index) => ruleCard(app, rule, index, part))),
        h("p", { class: "wall-more", dataset: { moreFor: part.key } }),
      ),
    ),
  ];
}

/** "When: every weekend · for danger statement 1", on one line, to keep cards short. */
/** A rule's words read aloud, the who in bold when it is said (W1); its "when" is on
 * its own line below (whenAndFor). */
function saidOnWall(rule) {
  const { who, rest } = ruleSaid({ ...rule, when: "" });
  return [who ? [h("strong", null, who), " "] : null, rest];
}

function whenAndFor(app, rule) {
  const fw = app.framework();
  const numbers = rule.addresses.map((id) => dangerStatementNumber(app.board, id)).filter((n) => n > 0);
  const parts = [];
  if (rule.when) parts.push(`When: ${rule.when}`);
  if (numbers.length) parts.push(`for ${fw.danger_statement}${numbers.length > 1 ? "s" : ""} ${listWords(numbers.map(String))}`);
  return parts.length ? h("p", { class: "wall-when" }, capital(parts.join(" · "))) : null;
}

/** A rule in its part of the plan; its kind is named unless the part's heading says it. */
function ruleCard(app, rule, index, part) {
  const kindName = app.words.plan_rule_kinds[rule.kind] || rule.kind;
  const named = part.kinds.length > 1 && kindName !== part.name;
  return h(
    "li",
    { class: `wall-rule rule-${rule.kind}${app.isFresh(rule.rule_id) ? " fresh" : ""}`, dataset: { key: rule.rule_id, fitIndex: index } },
    h(
      "p",
      { class: "wall-text" },
      named ? [h("span", { class: `badge badge-${rule.kind}` }, kindName), " "] : null,
      ...saidOnWall(rule),
    ),
    whenAndFor(app, rule),
  );
}

/** A suggestion on the wall: who suggested it, its words, and (for the chair) Agree, or
 * open it to change it first or set it aside with a reason. */
function proposalCard(app, rule, index) {
  const same = rule.same_words_as ? app.board.plan[rule.same_words_as] : null;
  const label = ` the suggestion: ${ruleSentence(rule)}`.slice(0, 60);
  return h(
    "li",
    { class: `wall-rule wall-proposal rule-${rule.kind}${app.isFresh(rule.rule_id) ? " fresh" : ""}`, dataset: { key: rule.rule_id, fitIndex: index } },
    h(
      "p",
      { class: "wall-rule-kind" },
      h("span", { class: `badge badge-${rule.kind}` }, app.words.plan_rule_kinds[rule.kind] || rule.kind),
      " ",
      h("span", { class: "suggested-by" }, `suggested by ${rule.added.by.name}`),
    ),
    h("p", { class: "wall-text" }, ...saidOnWall(rule)),
    whenAndFor(app, rule),
    same && !same.retired ? h("p", { class: "flag" }, "The plan already says this.") : null,
    app.can("agree_plan_rule")
      ? h(
          "div",
          { class: "buttons" },
          button("Agree", { action: "agree-rule", id: rule.rule_id }, { hiddenLabel: label }),
          h(
            "button",
            { type: "button", class: "secondary", dataset: { action: "wall-focus", focus: `proposal:${rule.rule_id}` } },
            "Change or set aside…",
            hidden(label),
          ),
        )
      : null,
  );
}

/** One suggestion whole, with the board's own controls: agree it as it reads, change it
 * then agree, or set it aside with a reason. */
function focusedProposal(app, id) {
  const rule = app.board.plan[id];
  const back = backButton("Back to the whole plan");
  if (!rule || !rule.proposed || rule.retired || rule.set_aside) {
    const said =
      rule && rule.set_aside
        ? "That suggestion was set aside."
        : rule && !rule.retired
          ? "That suggestion is agreed: it is in the plan now."
          : "That suggestion is no longer waiting.";
    return h("div", { class: "wall-focus-card" }, h("p", { class: "empty" }, said), back);
  }
  return h("div", { class: "wall-focus-card wall-focus-proposal" }, h("ol", { class: "rules" }, proposalView(app, rule)), back);
}
