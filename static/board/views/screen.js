// The shared screen: the board for the room, and the chair's controls beside it.

import { h, hidden } from "../dom.js";
import { currentDangerStatements, dangerStatementNumber, openRound, suggestedMeetingKind, theOpenMeeting } from "../model.js";
import { capital, plural, shortTime, withChild } from "../words.js";
import { childVoiceSection } from "./child_voice.js";
import { button, field, formError, select, submit } from "./controls.js";
import { nextStepsSection, readinessLink } from "./course.js";
import { mappingSection } from "./mapping.js";
import { casePeoplePanel, inviteForField, inviteList, lobbyBar, peoplePanel, planLinksPanel } from "./people.js";
import { planSection } from "./plan.js";
import { presenterBar } from "./presenter.js";
import { timerBar, timerLength, undoButton, viewNames } from "./room.js";
import { dotPlot, earlierRounds, roundHeader, tally } from "./scaling.js";
import { statementsSection } from "./statements.js";

const INVITE_HOURS = [
  [1, "1 hour"],
  [2, "2 hours"],
  [4, "4 hours"],
  [12, "12 hours"],
  [24, "1 day"],
  [72, "3 days"],
  [168, "1 week"],
];

export function renderScreen(app) {
  if (!app.board) {
    return h(
      "div",
      { class: "case-head", dataset: { key: "waiting" } },
      h("h1", null, "Shared screen"),
      h("p", null, "Getting the board…"),
    );
  }
  const { board } = app;
  const meeting = theOpenMeeting(board);
  const round = openRound(board);
  const staff = app.words.staff_roles.includes(app.me.role);
  return [
    h(
      "div",
      { class: "case-head", dataset: { key: "head" } },
      h(
        "div",
        { class: "case-title" },
        h("h1", null, app.caseTitle()),
        h(
          "p",
          { class: "meeting-line" },
          meeting
            ? [h("strong", null, meeting.title), ` — open since ${shortTime(meeting.opened.at)}`]
            : "No meeting is open.",
        ),
      ),
      h(
        "div",
        { class: "view-tools" },
        undoButton(app),
        app.can("reveal_votes")
          ? h(
              "button",
              { type: "button", class: "secondary", "aria-pressed": app.ui.presenter ? "true" : "false", dataset: { action: "toggle-presenter" } },
              "Presenter view",
            )
          : null,
        h(
          "button",
          {
            type: "button",
            class: "secondary",
            "aria-pressed": app.ui.present ? "true" : "false",
            dataset: { action: "toggle-present" },
          },
          "Present to the room",
        ),
      ),
    ),
    lobbyBar(app, meeting),
    presenterBar(app),
    timerBar(app),
    h(
      "nav",
      { class: "jump controls", "aria-label": "Parts of the board", dataset: { key: "jump" } },
      h(
        "ul",
        null,
        round ? h("li", null, h("a", { href: "#scaling-now" }, "Scaling now")) : null,
        h("li", null, h("a", { href: "#mapping" }, "The mapping")),
        h("li", null, h("a", { href: "#statements" }, `${capital(app.framework().danger_statement)}s`)),
        h("li", null, h("a", { href: "#plan" }, capital(app.framework().plan))),
        h("li", null, h("a", { href: "#scale" }, capital(app.framework().scale))),
        staff ? h("li", null, h("a", { href: "#facilitation" }, "Running the meeting")) : null,
      ),
    ),
    h(
      "div",
      { class: `screen-layout${staff ? " with-panel" : ""}`, dataset: { key: "layout" } },
      h(
        "div",
        { class: "screen-board", dataset: { key: "board" } },
        round ? scalingNow(app, round) : null,
        nextStepsSection(app),
        mappingSection(app),
        childVoiceSection(app),
        statementsSection(app),
        planSection(app),
        earlierRounds(app),
      ),
      staff ? facilitation(app, meeting, round) : null,
    ),
  ];
}

function scalingNow(app, round) {
  const chair = app.can("reveal_votes");
  const key = `reveal:${round.round_id}`;
  return h(
    "section",
    { class: "scaling-now", id: "scaling-now", "aria-labelledby": "scaling-now-heading", dataset: { key: `now-${round.round_id}` } },
    h("h2", { id: "scaling-now-heading" }, "Scaling now"),
    roundHeader(app, round, "h3"),
    tally(app, round),
    round.revealed
      ? dotPlot(app, round)
      : h("p", { class: "hint", dataset: { key: "hidden-note" } }, "The scores stay hidden until the chair shows them."),
    chair
      ? h(
          "div",
          { class: "round-controls buttons", dataset: { key: "round-controls", formKey: key } },
          round.revealed
            ? button(round.show_names ? "Hide the names" : "Show the names", {
                action: "reveal",
                round: round.round_id,
                names: round.show_names ? "no" : "yes",
              })
            : h(
                "form",
                { class: "inline", dataset: { form: "reveal", round: round.round_id, key: "reveal-form" } },
                h(
                  "div",
                  { class: "check", dataset: { key: "names" } },
                  h("input", { type: "checkbox", id: "reveal-names", name: "show_names", checked: app.ui.showNames }),
                  h("label", { for: "reveal-names" }, "Show names with the scores"),
                ),
                submit(app, key, "Show the scores"),
              ),
          round.revealed || app.timerRunning()
            ? null
            : button("Count down 2 minutes", { action: "round-countdown" }, { cls: "secondary", hiddenLabel: " for scaling, on every screen" }),
          button("Close this question", { action: "close-round", round: round.round_id }, { cls: "secondary" }),
          formError(app, key),
        )
      : null,
    app.can("record_vote_for") ? voteForPanel(app, round) : null,
  );
}

const STAFF = new Set(["chair", "social_worker", "manager"]);

/** A score said aloud by someone without a phone (a child beside the worker, a
 * grandparent with no smartphone), recorded by a worker and counted as theirs. */
function voteForPanel(app, round) {
  const panel = `vote-for:${round.round_id}`;
  const waiting = Object.values(app.board.people).filter(
    (p) => !p.retired && !STAFF.has(p.role) && !(p.person_id in round.votes),
  );
  if (!waiting.length) return null;
  if (!app.ui.open.has(panel)) {
    return h(
      "div",
      { class: "controls", dataset: { key: "open-vote-for" } },
      button("Record a score said aloud", { action: "open", panel }, { cls: "secondary", hiddenLabel: " by someone without a phone" }),
    );
  }
  const scores = [];
  for (let n = app.words.limits.score_min; n <= app.words.limits.score_max; n += 1) scores.push([String(n), String(n)]);
  return h(
    "form",
    { class: "vote-for", dataset: { form: "vote-for", round: round.round_id, formKey: panel, key: "vote-for-form" } },
    h("h3", null, "A score said aloud"),
    h("p", { class: "hint" }, `For someone without a phone: write down the score and reasons they tell you. It counts as theirs, marked "said aloud to ${app.me.name}".`),
    select(panel, "person_id", "Whose score?", waiting.map((p) => [p.person_id, app.named(p.name, p.role)]), { focus: true }),
    select(panel, "score", "Their score (0 to 10)", scores, { value: "5" }),
    field(panel, "narrative", "Their reasons, in their words", { textarea: true, limit: app.words.limits.text }),
    formError(app, panel),
    h("div", { class: "buttons" }, submit(app, panel, "Record their score"), button("Cancel", { action: "close", panel }, { cls: "secondary" })),
  );
}

function facilitation(app, meeting, round) {
  const chair = app.me.role === "chair";
  return h(
    "section",
    { class: "facilitation controls", id: "facilitation", "aria-labelledby": "facilitation-heading", dataset: { key: "facilitation" } },
    h("h2", { id: "facilitation-heading" }, "Running the meeting"),
    meetingPanel(app, meeting, chair, round),
    chair ? showPanel(app) : null,
    chair ? timerPanel(app) : null,
    peoplePanel(app, meeting, chair),
    casePeoplePanel(app),
    app.words.inviting_roles.includes(app.me.role) ? invitePanel(app) : null,
    planLinksPanel(app),
    chair ? askPanel(app, meeting, round) : null,
  );
}

/** Nothing left dangling: what is still running when the chair closes the meeting. */
function dangling(app, round) {
  const running = app.timerRunning();
  if (!round && !running) return null;
  return h(
    "div",
    { class: "confirm dangling", role: "group", "aria-labelledby": "dangling-heading", dataset: { key: "dangling" } },
    h("p", { id: "dangling-heading", class: "label" }, "Still running"),
    round ? h("p", null, `The scaling question \u201c${round.question}\u201d is still open. Closing the meeting closes it too; the scores given are kept.`) : null,
    running ? h("p", null, `The agenda timer for \u201c${app.timer.label}\u201d is still running. Closing the meeting stops it.`) : null,
  );
}

function closeBothWords(app, round) {
  if (round && app.timerRunning()) return "Close the question, stop the timer and close the meeting";
  return round ? "Close the question and the meeting" : "Stop the timer and close the meeting";
}

function meetingPanel(app, meeting, chair, round) {
  const { words } = app;
  const kinds = app.framework().meetings;
  const suggested = suggestedMeetingKind(app.board);
  let body;
  if (!meeting) {
    body = chair
      ? h(
          "form",
          { dataset: { form: "open-meeting", key: "open-meeting", formKey: "open-meeting" } },
          // Only this framework's meetings: no framework offers another's.
          select("open-meeting", "kind", "Which meeting?", kinds, {
            value: kinds.some(([kind]) => kind === suggested) ? suggested : kinds[0][0],
          }),
          field("open-meeting", "title", "Its title (optional)", {
            limit: words.limits.text,
            hint: "Leave this empty to use the meeting's name.",
          }),
          formError(app, "open-meeting"),
          submit(app, "open-meeting", "Open the meeting"),
          readinessLink(app),
        )
      : h("p", null, "No meeting is open. The chair opens it.");
  } else {
    const present = Object.values(meeting.participants).filter((p) => p.present);
    body = [
      h("p", { class: "meeting-name" }, h("strong", null, meeting.title), h("br"), `Open since ${shortTime(meeting.opened.at)}.`),
      h("p", null, `${plural(present.length, "person is", "people are")} in the meeting.`),
      chair
        ? app.ui.open.has("close-meeting")
          ? h(
              "form",
              { dataset: { form: "close-meeting", key: "close-meeting", formKey: "close-meeting" } },
              field("close-meeting", "decision", "What was decided? (optional)", {
                textarea: true,
                rows: 3,
                limit: words.limits.text,
                focus: true,
              }),
              h("p", { class: "hint" }, "Everyone who joined with a code will be thanked and asked to leave."),
              dangling(app, round),
              childViewsQuestion(app, meeting),
              formError(app, "close-meeting"),
              h(
                "div",
                { class: "buttons" },
                submit(
                  app,
                  "close-meeting",
                  app.ui.childViewsAsked ? "Record the decision anyway" : round || app.timerRunning() ? closeBothWords(app, round) : "Close the meeting",
                ),
                button(round || app.timerRunning() ? "Cancel closing" : "Cancel", { action: "close", panel: "close-meeting" }, { cls: "secondary" }),
              ),
            )
          : button("Close the meeting…", { action: "open", panel: "close-meeting" }, { cls: "secondary" })
        : null,
    ];
  }
  return h("div", { class: "panel", dataset: { key: "meeting-panel" } }, h("h3", null, "The meeting"), body);
}

/** The server asked (board/projections/child_voice.py): at a review, no child's views
 * have been recorded since the last conference. The chair records the decision anyway
 * (the record says so), or goes back. */
function childViewsQuestion(app, meeting) {
  const asked = app.ui.childViewsAsked;
  if (!asked || asked.meeting_id !== meeting.meeting_id) return null;
  return [
    h(
      "div",
      { class: "child-views-prompt", role: "alert", dataset: { key: "child-views-prompt" } },
      h("p", null, h("strong", null, asked.message)),
      h("p", null, "If you go ahead, the record says the decision was made without the child's views."),
    ),
    h("input", { type: "hidden", name: "without_child_views", value: "yes" }),
  ];
}

/** "Follow me": move every screen and phone to one part of the board. */
function showPanel(app) {
  const parts = [["scaling", "Scaling"], ["mapping", "The mapping"], ["statements", `${capital(app.framework().danger_statement)}s`], ["plan", capital(app.framework().plan)]];
  return h(
    "div",
    { class: "panel show", dataset: { key: "show-panel" } },
    h("h3", null, "Show everyone"),
    h("p", { class: "hint" }, "Moves every phone to this part of the board. People can still look around."),
    h(
      "div",
      { class: "buttons", role: "group", "aria-label": "Show everyone" },
      parts.map(([view, label]) =>
        h(
          "button",
          { type: "button", class: "secondary small", "aria-pressed": app.follow.view === view ? "true" : "false", dataset: { action: "follow", view } },
          label,
        ),
      ),
    ),
    app.follow.view
      ? h(
          "p",
          { class: "follow-now" },
          `Everyone is following you to ${viewNames(app.framework())[app.follow.view] || app.follow.view}. `,
          button("Let people look around", { action: "follow", view: "" }, { cls: "small secondary" }),
        )
      : null,
  );
}

/** The agenda timer: everyone sees it count down. */
function timerPanel(app) {
  return h(
    "div",
    { class: "panel timer", dataset: { key: "timer-panel" } },
    h("h3", null, "Agenda timer"),
    app.timer && app.secondsLeft() > 0
      ? h(
          "div",
          { class: "buttons", dataset: { key: "running" } },
          h("p", null, `${app.timer.label}: running.`),
          button("Stop the timer", { action: "stop-timer" }, { cls: "small secondary" }),
        )
      : null,
    h(
      "form",
      { dataset: { form: "timer", key: "timer", formKey: "timer" } },
      field("timer", "label", "What is it for?", { limit: 100, hint: `For example: ${capital(app.framework().plan)}` }),
      timerLength("timer"),
      formError(app, "timer"),
      h("button", { type: "submit" }, app.timer && app.secondsLeft() > 0 ? "Start a new timer" : "Start the timer"),
    ),
  );
}

function invitePanel(app) {
  const { words } = app;
  return h(
    "div",
    { class: "panel invite", dataset: { key: "invite-panel" } },
    h("h3", null, "Invite someone"),
    h("p", { class: "hint" }, "They join from their own phone with the code, or by opening the link."),
    h(
      "form",
      { dataset: { form: "invite", key: "invite", formKey: "invite" } },
      inviteForField(app),
      select("invite", "role", "They are a", words.invitable_roles.map((r) => [r, capital(app.roleName(r))]), {
        value: "network_member",
        hint: "For someone invited by name, their role on the case is used.",
      }),
      select("invite", "hours", "The code works for", INVITE_HOURS.map(([v, t]) => [String(v), t]), { value: "12" }),
      formError(app, "invite"),
      submit(app, "invite", "Make an invite code"),
    ),
    app.ui.invites.length
      ? h(
          "ul",
          { class: "invites", "aria-label": "Invite codes made", dataset: { key: "invites" } },
          app.ui.invites.map((invite) =>
            h(
              "li",
              { dataset: { key: invite.code } },
              h("p", { class: "invite-for" }, `For a ${app.roleName(invite.role)}, for ${hoursText(invite.hours)}:`),
              h("p", { class: "invite-code" }, hidden("Code: "), invite.code),
              h("p", { class: "invite-link" }, h("a", { href: invite.link }, invite.link)),
            ),
          ),
        )
      : null,
    inviteList(app),
  );
}

function hoursText(hours) {
  const found = INVITE_HOURS.find(([v]) => v === Number(hours));
  return found ? found[1] : `${hours} hours`;
}

/** An example for the scaling form, in the framework's terms (W34): never "hurt again"
 *  in a fostering case. */
function scaleHint(app, part) {
  return withChild((app.framework().scale_hints || {})[part], app.board.child_name);
}

function askPanel(app, meeting, round) {
  const fw = app.framework();
  const key = "open-round";
  let body;
  if (round) {
    body = h("p", null, "A question is open. Close it before asking another.");
  } else {
    const again = app.ui.askAgain ? app.board.scaling_rounds[app.ui.askAgain] : null;
    const statements = currentDangerStatements(app.board).map((s) => [
      s.statement_id,
      `${capital(fw.danger_statement)} ${dangerStatementNumber(app.board, s.statement_id)}: ${s.text.slice(0, 60)}${s.text.length > 60 ? "…" : ""}`,
    ]);
    body = h(
      "form",
      // Asked again: a new form (a new key), so its boxes start with the earlier words.
      { dataset: { form: "open-round", key: again ? `${key}-again-${again.round_id}` : key, formKey: key } },
      again ? h("p", { class: "note" }, "The same question, with the same 0 and 10, so the answers line up with the last time it was asked.") : null,
      field(key, "question", "The question", {
        value: again ? again.question : "",
        textarea: true,
        rows: 2,
        required: true,
        limit: app.words.limits.text,
        hint: `For example: ${scaleHint(app, "question")}`,
      }),
      field(key, "zero_means", "What 0 means", {
        value: again ? again.zero_means : "",
        required: true,
        limit: app.words.limits.text,
        hint: `For example: ${scaleHint(app, "zero_means")}`,
      }),
      field(key, "ten_means", "What 10 means", {
        value: again ? again.ten_means : "",
        required: true,
        limit: app.words.limits.text,
        hint: `For example: ${scaleHint(app, "ten_means")}`,
      }),
      h(
        "fieldset",
        { class: "child-words", dataset: { key: "child-words" } },
        h("legend", null, "The question for a child (optional: all three, or none)"),
        field(key, "child_question", "The same question in a child's words", {
          value: again ? again.child_question : "",
          limit: app.words.limits.text,
          hint: `For example: ${scaleHint(app, "child_question")}`,
        }),
        field(key, "child_zero_means", "For a child, 0 means", {
          value: again ? again.child_zero_means : "",
          limit: app.words.limits.text,
          hint: `For example: ${scaleHint(app, "child_zero_means")}`,
        }),
        field(key, "child_ten_means", "For a child, 10 means", {
          value: again ? again.child_ten_means : "",
          limit: app.words.limits.text,
          hint: `For example: ${scaleHint(app, "child_ten_means")}`,
        }),
      ),
      select(key, "statement_id", `Is it about one ${fw.danger_statement}?`, [["", "No, the whole case"], ...statements], {
        value: again && again.statement_id ? again.statement_id : "",
      }),
      meeting ? null : h("p", { class: "hint" }, "No meeting is open: people can only scale from their phones during a meeting."),
      formError(app, key),
      submit(app, key, "Ask the question"),
    );
  }
  return h("div", { class: "panel ask", dataset: { key: "ask-panel" } }, h("h3", null, "Ask a scaling question"), body);
}

