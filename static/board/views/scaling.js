// The safety scale: the question with what its 0 and 10 mean, who has scaled so far
// (never their scores before the chair shows them), the spread as a dot plot with the
// reasons, and the earlier questions.

import { h } from "../dom.js";
import { dangerStatementNumber } from "../model.js";
import { scaleSteps, scoreGroups, scoreRange } from "../scores.js";
import { capital, clip, listWords, plural, roundWhen } from "../words.js";
import { button } from "./controls.js";

/** Whether this screen is a child's and the round has a child's wording: then the
 *  child sees only the child's words (never the adults' 0 and 10). */
export function childWorded(app, round) {
  return Boolean(round.child_question) && Boolean(app.me) && app.me.role === "child";
}

/** What 0 and 10 mean, in the words for whoever is looking; null for a child when
 *  the question has no child's wording (never the adults' words on a child's phone). */
export function scaleEnds(app, round) {
  if (childWorded(app, round)) return [round.child_zero_means, round.child_ten_means];
  return app.me && app.me.role === "child" ? null : [round.zero_means, round.ten_means];
}

/** The question, what 0 and 10 mean, and which statement it is about. */
export function roundHeader(app, round, level = "h3") {
  const fw = app.framework();
  const number = round.statement_id ? dangerStatementNumber(app.board, round.statement_id) : 0;
  // A child's phone shows the question worded for children, on the faces scale.
  if (childWorded(app, round)) {
    return [
      h(level, { class: "question child-question" }, round.child_question),
      h(
        "dl",
        { class: "ends" },
        h("div", null, h("dt", null, "0"), h("dd", null, round.child_zero_means)),
        h("div", null, h("dt", null, "10"), h("dd", null, round.child_ten_means)),
      ),
    ];
  }
  // A child never reads the adults' 0 and 10 ("hurt again"): a question asked without
  // a child's wording shows them the question alone.
  const forAChild = Boolean(app.me) && app.me.role === "child";
  return [
    h(level, { class: "question" }, round.question),
    round.child_question
      ? h("p", { class: "child-question-note" }, `For children: “${round.child_question}” (0: ${round.child_zero_means}; 10: ${round.child_ten_means})`)
      : null,
    number
      ? h("p", { class: "about" }, h("a", { href: `#danger-${number}` }, `About ${fw.danger_statement} ${number}`))
      : null,
    forAChild
      ? null
      : h(
          "dl",
          { class: "ends" },
          h("div", null, h("dt", null, "0 means"), h("dd", null, round.zero_means)),
          h("div", null, h("dt", null, "10 means"), h("dd", null, round.ten_means)),
        ),
  ];
}

/** Who has scaled so far: a count and names, never their scores before they are shown. */
export function tally(app, round) {
  const votes = Object.values(round.votes);
  const names = votes.map((v) => v.name);
  return h(
    "p",
    { class: "tally", dataset: { key: "tally", count: votes.length } },
    h("strong", { class: "tally-count" }, votes.length === 0 ? "Nobody has scaled yet." : `${plural(votes.length, "person has", "people have")} scaled`),
    votes.length ? `: ${listWords(names)}.` : null,
  );
}

/** The spread as a dot plot: family and network apart from professionals. */
export function dotPlot(app, round) {
  const votes = Object.values(round.votes).sort((a, b) => a.score - b.score);
  const groups = scoreGroups(votes, app.words.family_and_network);
  const scores = scaleSteps(app.words.limits.score_min, app.words.limits.score_max);
  return h(
    "figure",
    { class: `dotplot${round.show_names ? " named" : ""}`, dataset: { key: `plot-${round.round_id}` } },
    h(
      "figcaption",
      null,
      round.show_names ? "The scores, with names" : "The scores, without names",
    ),
    groups.map(([label, group, cls]) =>
      h(
        "div",
        { class: `dot-row dot-row-${cls}`, dataset: { key: cls } },
        h(
          "p",
          { class: "dot-summary" },
          h("strong", null, label),
          ": ",
          group.length ? `${plural(group.length, "person", "people")}, ${scoreRange(group)}` : "nobody scaled",
        ),
        h(
          "div",
          { class: "dot-axis", "aria-hidden": "true" },
          scores.map((score) =>
            h(
              "div",
              { class: "dot-cell" },
              group
                .filter((v) => v.score === score)
                .map((v) =>
                  h("span", { class: `dot dot-${cls}` }, round.show_names ? h("span", { class: "dot-name" }, v.name) : null),
                ),
            ),
          ),
        ),
      ),
    ),
    h(
      "div",
      { class: "dot-scale", "aria-hidden": "true" },
      scores.map((score) => h("span", null, String(score))),
    ),
    reasons(app, round, votes),
  );
}

function reasons(app, round, votes) {
  const said = votes.filter((v) => v.narrative || round.show_names);
  if (!said.length) return null;
  return h(
    "div",
    { class: "reasons" },
    h("p", { class: "label" }, round.show_names ? "Who said what" : "What people said (without names)"),
    h(
      "ul",
      null,
      said.map((v) =>
        h(
          "li",
          null,
          h("strong", null, round.show_names ? `${app.named(v.name, v.role)}: ${v.score}` : `${v.score}`),
          v.narrative ? ` — ${v.narrative}` : "",
          round.show_names && v.given_to ? h("span", { class: "meta" }, ` (said aloud to ${v.given_to})`) : null,
        ),
      ),
    ),
  );
}

/** "Ask this again": the same question with its 0 and 10, so answers line up across
 * meetings. Only for the chair, and only when no question is open. */
function askAgainButton(app, round) {
  if (!app.can("open_scaling_round") || Object.values(app.board.scaling_rounds).some((r) => !r.closed)) return null;
  return h(
    "div",
    { class: "controls" },
    button("Ask this again", { action: "ask-again", round: round.round_id }, { cls: "small secondary", hiddenLabel: `: ${clip(round.question, 60)}` }),
  );
}

/** Earlier questions, newest first, with their spread if it was shown. Folded (a
 *  phone): one line and a button to show them, so the page stays short. */
export function earlierRounds(app, { limit = 5, folded = false } = {}) {
  const closed = Object.values(app.board.scaling_rounds).filter((r) => r.closed).reverse().slice(0, limit);
  const shut = folded && closed.length > 0 && !app.ui.open.has("fold:scale");
  return h(
    "section",
    { class: "earlier-rounds", id: "scale", "aria-labelledby": "scale-heading", dataset: { key: "earlier-rounds" } },
    h("h2", { id: "scale-heading" }, capital(app.framework().scale)),
    h("p", { class: "intro" }, "Earlier scaling questions, newest first. Each says what its 0 and its 10 mean."),
    folded && closed.length
      ? h(
          "button",
          {
            type: "button",
            class: "secondary small fold",
            "aria-expanded": shut ? "false" : "true",
            "aria-controls": "earlier-rounds-list",
            dataset: { action: "toggle-fold", part: "scale" },
          },
          shut ? `Show the earlier scores (${closed.length})` : "Hide the earlier scores",
        )
      : null,
    shut
      ? null
      : closed.length
      ? h("div", { id: "earlier-rounds-list", dataset: { key: "earlier-rounds-list" } }, closed.map((round) =>
          h(
            "article",
            { class: "round round-closed", dataset: { key: round.round_id } },
            roundHeader(app, round, "h3"),
            h("p", { class: "when" }, `${roundWhen(app.board, round, app.words.meetings)}.`),
            round.revealed
              ? dotPlot(app, round)
              : h("p", null, `${plural(Object.keys(round.votes).length, "person", "people")} scaled. The scores were not shown.`),
            askAgainButton(app, round),
          ),
        ))
      : h("p", { class: "empty" }, "No scaling questions have been asked yet."),
  );
}
