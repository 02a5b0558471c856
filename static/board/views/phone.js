// A person's own phone: the lobby, then scaling, the board and the safety plan.

import { h } from "../dom.js";
import { openRound, theOpenMeeting } from "../model.js";
import { shortTime } from "../words.js";
import { childViewForm, childVoiceSection } from "./child_voice.js";
import { field, formError, submit } from "./controls.js";
import { mappingSection } from "./mapping.js";
import { planSection } from "./plan.js";
import { childVoiceSummary, foldSection, helpFor, mappingSummary, planSummary, statementsSummary } from "./phone_folds.js";
import { followBanner, timerBar, undoButton, viewNames } from "./room.js";
import { dotPlot, earlierRounds, roundHeader, scaleEnds, tally } from "./scaling.js";
import { statementsSection } from "./statements.js";

export function renderPhone(app) {
  if (app.ended) {
    return h(
      "div",
      { class: "notice-page", dataset: { key: "ended" } },
      h("h1", null, "Thank you"),
      h("p", { class: "lead" }, app.ended),
      h("p", null, h("a", { href: "/" }, "Go to the start page")),
    );
  }
  if (app.signedOut) {
    return h(
      "div",
      { class: "notice-page", dataset: { key: "signed-out" } },
      h("h1", null, "Please join again"),
      h("p", { class: "lead" }, "Your place in this meeting has ended, or your code has run out."),
      h("p", null, h("a", { href: "/join" }, "Join with a code")),
    );
  }
  if (!app.welcome) {
    return h(
      "div",
      { class: "notice-page", dataset: { key: "joining" } },
      h("h1", null, "Joining the meeting"),
      h("p", { class: "lead" }, "Connecting you to the meeting…"),
    );
  }
  if (!app.admitted || !app.board) return lobby(app);
  return admitted(app);
}

function lobby(app) {
  return h(
    "div",
    { class: "notice-page lobby-page", dataset: { key: "lobby" } },
    h("h1", null, "Waiting to be let in"),
    h("p", { class: "lead" }, app.lobbyMessage || "Please wait. The chair will let you in to the meeting soon."),
    h("p", null, `You are joining as ${app.named(app.me.name, app.me.role)}.`),
    h("p", null, "This page changes by itself when the chair lets you in. You do not need to do anything."),
    h("div", { class: "waiting-dots", "aria-hidden": "true" }, h("span"), h("span"), h("span")),
  );
}

function admitted(app) {
  const { board } = app;
  const meeting = theOpenMeeting(board);
  const round = openRound(board);
  // When a question is open, the scale comes first: straight under the one line that
  // says what is happening now.
  const scaleFirst = Boolean(round) && app.can("cast_vote");
  return [
    h("h1", { class: "phone-title", dataset: { key: "title" } }, app.caseTitle()),
    h("p", { class: "now-line", dataset: { key: "now" } }, nowWords(app, meeting, round)),
    scaleFirst ? scaling(app, round) : null,
    h(
      "div",
      { class: "case-head", dataset: { key: "head" } },
      h("p", { class: "meeting-line" }, meeting ? meeting.title : "No meeting is open."),
      h("p", { class: "you" }, `You are ${app.named(app.me.name, app.me.role)}.`),
    ),
    phoneTools(app),
    timerBar(app),
    followBanner(app, viewNames(app.framework())),
    undoButton(app),
    // No list of links to the parts: folded, each is a line below (theBoardFolded).
    app.me.role === "child" && app.can("record_child_view") ? myHouses(app) : null,
    scaleFirst ? null : scaling(app, round),
    ...theBoardFolded(app),
    earlierRounds(app, { limit: 3, folded: true }),
  ];
}

/** The board below the scale, each part folded to its heading and one plain line: a
 * family member's page stays about three screens long (phone_folds.js). */
function theBoardFolded(app) {
  const { board } = app;
  const fw = app.framework();
  const children = Object.values(board.children || {}).map((child) => child.name);
  return [
    foldSection(app, mappingSection(app), { part: "mapping", name: "the mapping", summary: mappingSummary(board, app.words.columns) }),
    foldSection(app, childVoiceSection(app), {
      part: "child-voice",
      name: `what ${children.length === 1 ? children[0] : "the children"} ${children.length === 1 ? "says" : "say"}`,
      summary: childVoiceSummary(board),
    }),
    foldSection(app, statementsSection(app), {
      part: "statements",
      name: `the ${fw.danger_statement}s`,
      summary: statementsSummary(board, fw),
      help: helpFor(fw, [fw.danger_statement, fw.safety_goal]),
    }),
    foldSection(app, planSection(app, { suggest: !app.words.staff_roles.includes(app.me.role) }), {
      part: "plan",
      name: `the whole ${fw.plan}`,
      summary: planSummary(board),
      help: helpFor(fw, [fw.plan]),
      // What a person does on their phone stays in sight: their own part, and suggesting a rule.
      keep: ".my-part, [data-key='open-add-rule'], .rule-form",
    }),
  ];
}

/** One line: what is happening in the meeting now, and what (if anything) to do. */
function nowWords(app, meeting, round) {
  if (round) {
    const mine = round.votes[app.me.participant_id];
    if (round.revealed) return "Now: the chair is showing everyone's scores.";
    if (!app.can("cast_vote")) return "Now: people are scaling.";
    return mine
      ? `Now: scaling. You said ${mine.score}; you can change it until the chair closes the question.`
      : "Now: scaling. Choose your number from 0 to 10 below.";
  }
  if (!meeting) return "Now: no meeting is open.";
  if (app.follow.view) return `Now: ${app.follow.by} is showing ${viewNames(app.framework())[app.follow.view] || app.follow.view}.`;
  if (app.timerRunning()) return `Now: ${app.timer.label}.`;
  return `Now: ${meeting.title}.`;
}

/** Plain-language help for the practice's words, one tap away, and a larger-text switch. */
function phoneTools(app) {
  const open = Boolean(app.ui.helpOpen);
  const words = app.framework().help || [];
  return h(
    "div",
    { class: "phone-tools", dataset: { key: "phone-tools" } },
    h(
      "div",
      { class: "phone-switches" },
      h(
        "button",
        { type: "button", class: "secondary small", "aria-expanded": open ? "true" : "false", "aria-controls": "word-help", dataset: { action: "toggle-help" } },
        "What do these words mean?",
      ),
      h(
        "div",
        { class: "check larger-text-switch", dataset: { key: "larger" } },
        h("input", { type: "checkbox", id: "larger-text", checked: Boolean(app.ui.largerText), dataset: { change: "larger-text", syncValue: "" } }),
        h("label", { for: "larger-text" }, "Larger text"),
      ),
    ),
    h(
      "dl",
      { class: "word-help", id: "word-help", hidden: !open },
      words.map((word) => [h("dt", null, word.term), h("dd", null, word.means)]),
    ),
  );
}

/** The child's own page: their three houses, big and with few words. */
function myHouses(app) {
  return h(
    "section",
    { class: "my-houses", id: "my-houses", "aria-labelledby": "my-houses-heading", dataset: { key: "my-houses-section" } },
    h("h2", { id: "my-houses-heading" }, "My three houses"),
    childViewForm(app, true),
  );
}

function scaling(app, round) {
  return h(
    "section",
    { class: `scaling-phone${round ? " is-open" : ""}`, id: "scaling", "aria-labelledby": "scaling-heading", dataset: { key: "scaling" } },
    h("h2", { id: "scaling-heading" }, round ? "Scaling now" : "Scaling"),
    round
      ? [
          // Someone who scales reads what 0 and 10 mean right above the numbers.
          app.can("cast_vote") ? roundHeader(app, round, "h3").slice(0, 2) : roundHeader(app, round, "h3"),
          app.can("cast_vote") ? voteForm(app, round) : h("p", null, "Observers do not scale."),
          tally(app, round),
          round.revealed ? dotPlot(app, round) : null,
        ]
      : h("p", { class: "empty" }, "No scaling question is open just now. When the chair asks one, it appears here."),
  );
}

const FACES = ["sad", "sad", "sad", "sad", "unsure", "unsure", "unsure", "happy", "happy", "happy", "happy"];

function voteForm(app, round) {
  const key = `vote:${round.round_id}`;
  const mine = round.votes[app.me.participant_id];
  const child = app.ui.childScale;
  const ends = scaleEnds(app, round);
  const { score_min: low, score_max: high } = app.words.limits;
  const choices = [];
  for (let score = low; score <= high; score += 1) {
    const id = `score-${round.round_id}-${score}`;
    choices.push(
      h(
        "div",
        { class: `choice${child ? ` tile-${score}` : ""}`, dataset: { key: id } },
        h("input", { type: "radio", id, name: "score", value: String(score), checked: mine ? mine.score === score : false }),
        h(
          "label",
          { for: id },
          child ? h("span", { class: `face face-${FACES[score] || "unsure"}`, "aria-hidden": "true" }) : null,
          h("span", { class: "number" }, String(score)),
        ),
      ),
    );
  }
  return h(
    "form",
    { class: `vote-form${child ? " child-scale" : ""}`, dataset: { form: "vote", round: round.round_id, key, formKey: key } },
    h(
      "fieldset",
      { class: "scale-choices", dataset: { key: "choices" } },
      h("legend", null, `Your score, from ${low} to ${high}`),
      ends ? h("p", { class: "hint", id: `${key}-ends` }, `${low}: ${ends[0]}. ${high}: ${ends[1]}.`) : null,
      h("div", { class: "scale-grid" }, choices),
    ),
    h(
      "div",
      { class: "check scale-style", dataset: { key: "child-toggle" } },
      h("input", { type: "checkbox", id: "child-scale", checked: child, dataset: { change: "child-scale", syncValue: "" } }),
      h("label", { for: "child-scale" }, "Show faces and colours on the scale"),
    ),
    field(key, "narrative", "Why that number?", {
      textarea: true,
      rows: 3,
      limit: app.words.limits.text,
      value: mine ? mine.narrative : "",
      hint: "Your reasons, in your own words.",
    }),
    h(
      "p",
      { class: "note" },
      "The chair may show the scores without names, but the record keeps who said what.",
    ),
    mine
      ? h(
          "p",
          { class: "your-vote", dataset: { key: "yours" } },
          h("strong", null, `You said ${mine.score}`),
          ` at ${shortTime(mine.cast.at)}. You can change it until the chair closes the question.`,
        )
      : null,
    formError(app, key),
    submit(app, key, mine ? "Change my score" : "Send my score"),
  );
}

