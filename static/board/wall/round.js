// The wall's scaling round: the question with its 0 and 10 (and the children's), how
// many of the people here have scaled, and after the chair shows them, the spread of
// family and network beside professionals with the middle scores.

import { h } from "../dom.js";
import { dangerStatementNumber, openRound } from "../model.js";
import { middleScore, scaleSteps, scaledCount, scaledWords, scoreGroups, scoreRange } from "../scores.js";
import { childrenNames, listWords, plural, roundWhen } from "../words.js";

export function roundView(app) {
  const rounds = Object.values(app.board.scaling_rounds);
  const round = openRound(app.board) || (rounds.length ? rounds[rounds.length - 1] : null);
  if (!round) return h("p", { class: "empty" }, "No scaling question has been asked yet.");
  const fw = app.framework();
  const number = round.statement_id ? dangerStatementNumber(app.board, round.statement_id) : 0;
  const { scaled } = scaledCount(app.presence, round.votes, app.words.permissions.cast_vote || []);
  const whose = scaledWords(app.presence, round.votes, { mayScale: app.words.permissions.cast_vote || [], familyRoles: app.words.family_and_network });
  return h(
    "div",
    { class: "wall-round" },
    // A question no longer open is dated, so the room never reads it as today's.
    round.closed ? h("p", { class: "wall-when wall-round-when" }, roundWhen(app.board, round, app.words.meetings)) : null,
    h("h2", { class: "wall-question" }, round.question),
    number ? h("p", { class: "wall-about" }, `About ${fw.danger_statement} ${number}`) : null,
    h(
      "div",
      { class: "wall-ends" },
      h("p", null, h("strong", null, "0"), ` ${round.zero_means}`),
      h("p", null, h("strong", null, "10"), ` ${round.ten_means}`),
    ),
    round.child_question
      ? h(
          "div",
          { class: "wall-child-question" },
          h("p", { class: "wall-about" }, `For ${childrenNames(app.board)}: “${round.child_question}”`),
          h(
            "div",
            { class: "wall-ends" },
            h("p", null, h("strong", null, "0"), ` ${round.child_zero_means}`),
            h("p", null, h("strong", null, "10"), ` ${round.child_ten_means}`),
          ),
        )
      : null,
    round.revealed
      ? wallSpread(app, round)
      : [
          h(
            "p",
            { class: "wall-tally", dataset: { key: "tally" } },
            round.closed ? `This question is closed. ${plural(scaled, "person", "people")} scaled; the scores were not shown.` : whose,
          ),
          scaled && !round.closed ? h("p", { class: "wall-who" }, `Scaled so far: ${listWords(Object.values(round.votes).map((v) => v.name))}.`) : null,
          round.closed ? null : h("p", { class: "wall-who" }, "The scores stay hidden until the chair shows them."),
        ],
  );
}

/** After the reveal: the spread as a histogram, family and network beside
 * professionals, and the middle score of each and of everyone. */
function wallSpread(app, round) {
  const votes = Object.values(round.votes);
  const groups = scoreGroups(votes, app.words.family_and_network);
  const steps = scaleSteps(app.words.limits.score_min, app.words.limits.score_max);
  const all = middleScore(votes.map((v) => v.score));
  return h(
    "div",
    { class: "wall-spread" },
    h("p", { class: "wall-middle" }, all === null ? "Nobody scaled." : `Middle score: ${all} (${plural(votes.length, "person", "people")})`),
    h(
      "div",
      { class: "wall-groups" },
      groups.map(([label, group, cls]) => {
        const middle = middleScore(group.map((v) => v.score));
        const cells = steps.map((s) =>
          h(
            "div",
            { class: "wall-bar-cell" },
            h("div", { class: "wall-dots", "aria-hidden": "true" }, group.filter((v) => v.score === s).map(() => h("span", { class: `dot dot-${cls}` }))),
            h("span", { class: "wall-score" }, String(s)),
          ),
        );
        const said = group.length
          ? `${label}: ${plural(group.length, "person", "people")}, middle score ${middle}, ${scoreRange(group)}`
          : `${label}: nobody scaled`;
        return h("figure", { class: `wall-group wall-group-${cls}` }, h("figcaption", null, said), h("div", { class: "wall-bars" }, cells));
      }),
    ),
  );
}
