// The wall's statements: each danger statement beside its safety goal, the middle score
// of its latest scaling shown, and whether a plan rule addresses it.

import { h } from "../dom.js";
import { addressingParts, currentDangerStatements, dangerStatementNumber, goalsFor } from "../model.js";
import { latestScale, middleScore } from "../scores.js";
import { capital, plural, shortTime } from "../words.js";
import { backButton } from "./back_button.js";

export function statements(app, wall) {
  const fw = app.framework();
  const { board } = app;
  const list = currentDangerStatements(board);
  if (wall.focus && wall.focus.startsWith("statement:")) {
    const s = board.danger_statements[wall.focus.slice(10)];
    if (s && !s.retired) {
      return [
        h("ol", { class: "wall-statements whole" }, statementCard(app, s, 0, false)),
        backButton(`Back to all the ${fw.danger_statement}s`),
      ];
    }
  }
  if (!list.length) return h("p", { class: "empty" }, `No ${fw.danger_statement}s yet.`);
  return [
    h("ol", { class: "wall-statements", dataset: { fitGroup: "statements" } }, list.map((s, i) => statementCard(app, s, i, true))),
    h("p", { class: "wall-more", dataset: { moreFor: "statements" } }),
  ];
}

function statementCard(app, s, index, condensed) {
  const fw = app.framework();
  const { board } = app;
  const number = dangerStatementNumber(board, s.statement_id);
  const goals = goalsFor(board, s.statement_id);
  const rules = addressingParts(board, s.statement_id, app.words.plan_parts).family;
  const scale = latestScale(board, s.statement_id);
  const middle = scale ? middleScore(Object.values(scale.votes).map((v) => v.score)) : null;
  return h(
    "li",
    { class: `wall-statement${condensed ? " condensed" : ""}${app.isFresh(s.statement_id) ? " fresh" : ""}`, dataset: { key: s.statement_id, fitIndex: index } },
    h(
      "div",
      { class: "wall-danger" },
      h(
        "h2",
        null,
        h("button", { type: "button", class: "wall-link", dataset: { action: "wall-focus", focus: `statement:${s.statement_id}` } }, `${capital(fw.danger_statement)} ${number}`),
      ),
      h("p", { class: "wall-text" }, s.text),
    ),
    h(
      "div",
      { class: "wall-goal" },
      h("p", { class: "label" }, capital(fw.safety_goal)),
      goals.length ? goals.map((g) => h("p", { class: "wall-text" }, g.text)) : h("p", { class: "flag" }, `No ${fw.safety_goal} yet`),
      h(
        "p",
        { class: "wall-scale" },
        middle === null ? "Not scaled yet" : `Scaled ${shortTime(scale.opened.at)}: middle score ${middle}`,
        rules.length
          ? ` · the family's plan: ${plural(rules.length, "rule addresses", "rules address")} it`
          : " · no rule in the family's plan addresses it yet",
      ),
    ),
  );
}
