// The wall: "Present to the room". One fitted view at a time (the mapping, what the
// child says, the statements with their goals and scales, the safety plan, the scaling
// round, the join screen), in type a room can read from the back, and never a
// scrollbar: what does not fit is paged (→ / PageDown, as a presentation clicker
// sends), and the chair can focus one domain or one card to read it whole. The one
// chair control is the plan's agreement: a suggestion from a phone is agreed, changed
// or set aside with the room looking at it. Everything shown comes from the board the
// server sent; nothing here is a rule of the practice.

import { h, hidden, listWords, plural, shortTime } from "./dom.js";
import {
  currentDangerStatements,
  currentPlan,
  dangerStatementNumber,
  goalsFor,
  itemsIn,
  openRound,
  proposals,
  rulesAddressing,
  theOpenMeeting,
} from "./model.js";
import { button, capital, drawingSvg, face, middleScore, proposalView, timerBar } from "./views.js";

export const WALL_VIEWS = ["mapping", "child", "statements", "plan", "round", "join"];

/** "Lily", "Lily and Sam": the case's children, by name. */
function childrenNames(app) {
  const children = Object.values(app.board.children || {});
  return children.length ? listWords(children.map((c) => c.name)) : app.board.child_name;
}

function viewName(app, view) {
  const fw = app.framework();
  const many = Object.keys(app.board.children || {}).length > 1;
  return {
    mapping: "The mapping",
    child: `What ${childrenNames(app)} ${many ? "say" : "says"}`,
    statements: `${capital(fw.danger_statement)}s and ${fw.safety_goal}s`,
    plan: "Safety plan",
    round: "Scaling",
    join: "Join the meeting",
  }[view];
}

/** The view's name on its tab: short, so every tab and "Stop presenting" fit one line. */
function tabName(app, view) {
  return view === "statements" ? `${capital(app.framework().danger_statement)}s` : viewName(app, view);
}

/** The wall's own state, kept on the app's `ui` (not the board's). */
export function wallState(app) {
  if (!app.ui.wall) app.ui.wall = { view: "mapping", page: 0, pages: 1, focus: null, round: null };
  return app.ui.wall;
}

/** A round that opens while the room watches brings the wall to it. */
function followRound(app, wall) {
  const round = openRound(app.board);
  const id = round ? round.round_id : null;
  if (id && id !== wall.round) {
    wall.view = "round";
    wall.page = 0;
    wall.focus = null;
  }
  wall.round = id;
}

export function renderWall(app) {
  const wall = wallState(app);
  if (!app.board) return h("div", { class: "wall", dataset: { key: "wall-waiting" } }, h("h1", null, "Getting the board…"));
  followRound(app, wall);
  const meeting = theOpenMeeting(app.board);
  return h(
    "div",
    { class: `wall wall-view-${wall.view}`, dataset: { key: "wall" } },
    h(
      "div",
      { class: "wall-top", dataset: { key: "wall-top" } },
      h(
        "div",
        { class: "wall-head" },
        h("h1", null, viewName(app, wall.view)),
        h("p", { class: "wall-case" }, app.caseTitle(), meeting ? ` — ${meeting.title}` : ""),
      ),
      timerBar(app),
    ),
    h(
      "div",
      { class: "wall-stage", id: "wall-stage", dataset: { key: `stage-${wall.view}-${wall.focus || ""}` } },
      STAGES[wall.view](app, wall),
    ),
    h(
      "nav",
      { class: "wall-nav", "aria-label": "Present", dataset: { key: "wall-nav" } },
      h(
        "ul",
        null,
        WALL_VIEWS.map((view) =>
          h(
            "li",
            { dataset: { key: view } },
            h(
              "button",
              { type: "button", class: "wall-tab", "aria-current": view === wall.view ? "true" : null, dataset: { action: "wall-view", view } },
              tabName(app, view),
            ),
          ),
        ),
      ),
      h("p", { class: "wall-pager", id: "wall-pager", "aria-live": "polite" }),
      h("button", { type: "button", class: "wall-stop", dataset: { action: "toggle-present" } }, "Stop presenting"),
    ),
  );
}

// -- the mapping ---------------------------------------------------------------------

function mapping(app, wall) {
  if (wall.focus && wall.focus.startsWith("item:")) return focusedItem(app, wall.focus.slice(5));
  if (wall.focus && wall.focus.startsWith("domain:")) return focusedDomain(app, wall.focus.slice(7));
  return h(
    "div",
    { class: "wall-columns" },
    app.words.columns.map((column) =>
      h(
        "section",
        { class: `wall-column column-${column.key}`, "aria-labelledby": `wall-col-${column.key}`, dataset: { key: column.key } },
        h("h2", { class: "column-heading", id: `wall-col-${column.key}` }, column.heading),
        column.domains.map((domain) => {
          const items = itemsIn(app.board, domain);
          return h(
            "div",
            { class: "wall-domain", dataset: { key: domain } },
            h(
              "h3",
              null,
              h(
                "button",
                { type: "button", class: "wall-link", dataset: { action: "wall-focus", focus: `domain:${domain}` } },
                app.domainHeading(domain),
                " ",
                h("span", { class: "count" }, `(${items.length})`),
              ),
            ),
            items.length
              ? h(
                  "ul",
                  { class: "wall-items", dataset: { fitGroup: domain } },
                  items.map((item, index) => itemCard(app, item, index, true)),
                )
              : h("p", { class: "empty" }, pairedElsewhere(app, domain) || "Nothing yet."),
            h("p", { class: "wall-more", dataset: { moreFor: domain } }),
          );
        }),
      ),
    ),
  );
}

/** Danger statements and their goals are written in pairs, in their own view: an
 *  empty Danger or Safety goals domain says so rather than "Nothing yet". */
function pairedElsewhere(app, domain) {
  const fw = app.framework();
  const statements = currentDangerStatements(app.board);
  const count =
    domain === "danger"
      ? statements.length
      : domain === "safety_goals"
        ? statements.reduce((n, s) => n + goalsFor(app.board, s.statement_id).length, 0)
        : 0;
  if (!count) return null;
  const words = domain === "danger" ? fw.danger_statement : fw.safety_goal;
  return `${count} ${words}${count === 1 ? "" : "s"}: see “${capital(fw.danger_statement)}s”.`;
}

function itemCard(app, item, index, condensed) {
  const kind = app.words.item_kinds[item.kind] || item.kind;
  return h(
    "li",
    { class: `wall-item item-${item.kind}${app.isFresh(item.item_id) ? " fresh" : ""}`, dataset: { key: item.item_id, fitIndex: index } },
    h(
      "button",
      { type: "button", class: `wall-card${condensed ? " condensed" : ""}`, dataset: { action: "wall-focus", focus: `item:${item.item_id}` } },
      h("span", { class: `wall-kind badge badge-${item.kind}` }, kind),
      " ",
      h("span", { class: "wall-text" }, item.text),
    ),
  );
}

function focusedDomain(app, domain) {
  const items = itemsIn(app.board, domain);
  return h(
    "section",
    { class: "wall-focus-domain", "aria-labelledby": "wall-domain-heading" },
    h("h2", { id: "wall-domain-heading" }, app.domainHeading(domain), " ", h("span", { class: "count" }, `(${items.length})`)),
    items.length
      ? h("ul", { class: "wall-items wall-items-whole", dataset: { fitGroup: domain } }, items.map((item, i) => itemCard(app, item, i, false)))
      : h("p", { class: "empty" }, "Nothing yet."),
    h("p", { class: "wall-more", dataset: { moreFor: domain } }),
    backButton("Back to the whole mapping"),
  );
}

function focusedItem(app, id) {
  const item = app.board.items[id];
  if (!item || item.removed) return h("p", { class: "empty" }, "That card is no longer on the board.", backButton("Back to the whole mapping"));
  const kind = app.words.item_kinds[item.kind] || item.kind;
  return h(
    "article",
    { class: "wall-focus-card", "aria-labelledby": "wall-card-heading" },
    h("h2", { id: "wall-card-heading" }, app.domainHeading(item.domain)),
    h("p", { class: "wall-whole" }, item.text),
    h("p", { class: "wall-card-meta" }, h("span", { class: `badge badge-${item.kind}` }, kind), item.source ? ` Source: ${item.source}` : ""),
    backButton("Back to the whole mapping"),
  );
}

function backButton(label) {
  return h("p", { class: "wall-back" }, h("button", { type: "button", class: "wall-link", dataset: { action: "wall-focus", focus: "" } }, label));
}

// -- what the child says: their three houses ---------------------------------------------

function childVoice(app, wall) {
  const children = Object.values(app.board.children || {});
  const views = Object.values(app.board.child_views || {});
  if (wall.focus && wall.focus.startsWith("view:")) return focusedView(app, wall.focus.slice(5));
  if (!children.length) return h("p", { class: "empty" }, "No child is named on this case yet.");
  return h(
    "div",
    { class: "wall-columns wall-houses" },
    app.words.houses.map((house) => {
      const inHouse = views.filter((v) => v.house === house.key);
      return h(
        "section",
        { class: `wall-column wall-house house-${house.key}`, "aria-labelledby": `wall-house-${house.key}`, dataset: { key: house.key } },
        h("h2", { class: "column-heading", id: `wall-house-${house.key}` }, face(house, 56), " ", house.name),
        inHouse.length
          ? h(
              "ul",
              { class: "wall-items", dataset: { fitGroup: house.key } },
              inHouse.map((view, index) => childViewCard(app, view, index, children.length > 1)),
            )
          : h("p", { class: "empty" }, "Nothing here yet."),
        h("p", { class: "wall-more", dataset: { moreFor: house.key } }),
      );
    }),
  );
}

function childOf(app, view) {
  const child = (app.board.children || {})[view.child_id];
  return child ? child.name : app.board.child_name;
}

/** Who wrote it down: the child on their phone, or a worker they told. */
function heardFrom(app, view) {
  const name = childOf(app, view);
  return view.recorded.by.role === "child" ? `In ${name}'s own words` : `${name} told ${view.recorded.by.name}${view.how ? `, ${view.how}` : ""}`;
}

function childViewCard(app, view, index, named) {
  const name = childOf(app, view);
  return h(
    "li",
    { class: `wall-item wall-child-view${app.isFresh(view.view_id) ? " fresh" : ""}`, dataset: { key: view.view_id, fitIndex: index } },
    h(
      "button",
      { type: "button", class: "wall-card wall-said", dataset: { action: "wall-focus", focus: `view:${view.view_id}` } },
      named ? h("strong", null, `${name}: `) : null,
      view.text ? `“${view.text}”` : view.drawing.length ? `${name}'s drawing` : "",
      view.drawing.length ? drawingSvg(app, view.drawing, `${name}'s drawing`) : null,
      h("span", { class: "wall-by" }, heardFrom(app, view)),
    ),
  );
}

function focusedView(app, id) {
  const view = (app.board.child_views || {})[id];
  const back = backButton(`Back to what ${childrenNames(app)} ${Object.keys(app.board.children || {}).length > 1 ? "say" : "says"}`);
  if (!view) return h("p", { class: "empty" }, "That is no longer on the board.", back);
  const house = app.words.houses.find((x) => x.key === view.house);
  const name = childOf(app, view);
  return h(
    "article",
    { class: "wall-focus-card wall-focus-view", "aria-labelledby": "wall-view-heading" },
    h("h2", { id: "wall-view-heading" }, house ? [face(house, 56), " ", house.name] : null),
    view.text ? h("p", { class: "wall-whole" }, `“${view.text}”`) : null,
    view.drawing.length ? drawingSvg(app, view.drawing, `${name}'s drawing`) : null,
    h("p", { class: "wall-card-meta" }, heardFrom(app, view)),
    back,
  );
}

// -- statements with their goals and scales --------------------------------------------

function statements(app, wall) {
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

/** The latest scaling question about a statement whose scores were shown. */
function latestScale(app, statementId) {
  const rounds = Object.values(app.board.scaling_rounds).filter((r) => r.statement_id === statementId && r.revealed);
  return rounds.length ? rounds[rounds.length - 1] : null;
}

function statementCard(app, s, index, condensed) {
  const fw = app.framework();
  const { board } = app;
  const number = dangerStatementNumber(board, s.statement_id);
  const goals = goalsFor(board, s.statement_id);
  const rules = rulesAddressing(board, s.statement_id);
  const scale = latestScale(app, s.statement_id);
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
        rules.length ? ` · ${plural(rules.length, "plan rule addresses", "plan rules address")} it` : " · no plan rule addresses it yet",
      ),
    ),
  );
}

// -- the safety plan -------------------------------------------------------------------

/** The plan in its parts (bottom lines first, the family's plan, what professionals
 * will do), with what was suggested from phones above it, waiting for the room. */
function plan(app, wall) {
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
          { class: "wall-proposals", "aria-labelledby": "wall-proposals-heading", dataset: { key: "proposals" } },
          h("h2", { id: "wall-proposals-heading" }, "Suggested, waiting for the room to agree"),
          h("ol", { class: "wall-rules", dataset: { fitGroup: "proposals" } }, waiting.map((rule, index) => proposalCard(app, rule, index))),
          h("p", { class: "wall-more", dataset: { moreFor: "proposals" } }),
        )
      : null,
    parts.map(({ part, inPart }) =>
      h(
        "section",
        { class: `wall-plan-part part-${part.key}`, "aria-labelledby": `wall-part-${part.key}`, dataset: { key: `part-${part.key}` } },
        h("h2", { id: `wall-part-${part.key}` }, part.name),
        h("ol", { class: "wall-rules", dataset: { fitGroup: part.key } }, inPart.map((rule, index) => ruleCard(app, rule, index, part))),
        h("p", { class: "wall-more", dataset: { moreFor: part.key } }),
      ),
    ),
  ];
}

/** "When: every weekend · for danger statement 1", on one line, to keep cards short. */
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
      rule.who ? [h("strong", null, rule.who), " "] : null,
      rule.what,
    ),
    whenAndFor(app, rule),
  );
}

/** A suggestion on the wall: who suggested it, its words, and (for the chair) Agree, or
 * open it to change it first or set it aside with a reason. */
function proposalCard(app, rule, index) {
  const same = rule.same_words_as ? app.board.plan[rule.same_words_as] : null;
  const label = ` the suggestion: ${rule.who} ${rule.what}`.slice(0, 60);
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
    h("p", { class: "wall-text" }, rule.who ? [h("strong", null, rule.who), " "] : null, rule.what),
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

// -- the scaling round ------------------------------------------------------------------

/** The people here who may scale, and those who have (a person who scaled and left
 * still counts): "4 of 7 people here have scaled". */
export function scaledCount(app, round) {
  const may = new Set(app.words.permissions.cast_vote || []);
  const people = new Set(app.presence.filter((p) => !p.in_lobby && may.has(p.role)).map((p) => p.participant_id));
  for (const id of Object.keys(round.votes)) people.add(id);
  return { scaled: Object.keys(round.votes).length, of: people.size };
}

function roundView(app) {
  const rounds = Object.values(app.board.scaling_rounds);
  const round = openRound(app.board) || (rounds.length ? rounds[rounds.length - 1] : null);
  if (!round) return h("p", { class: "empty" }, "No scaling question has been asked yet.");
  const fw = app.framework();
  const number = round.statement_id ? dangerStatementNumber(app.board, round.statement_id) : 0;
  const { scaled, of } = scaledCount(app, round);
  return h(
    "div",
    { class: "wall-round" },
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
          h("p", { class: "wall-about" }, `For ${childrenNames(app)}: “${round.child_question}”`),
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
            round.closed ? `This question is closed. ${plural(scaled, "person", "people")} scaled; the scores were not shown.` : `${scaled} of ${plural(of, "person", "people")} here ${scaled === 1 ? "has" : "have"} scaled`,
          ),
          scaled && !round.closed ? h("p", { class: "wall-who" }, `Scaled so far: ${listWords(Object.values(round.votes).map((v) => v.name))}.`) : null,
          round.closed ? null : h("p", { class: "wall-who" }, "The scores stay hidden until the chair shows them."),
        ],
  );
}

/** After the reveal: the spread as a histogram, family and network beside
 * professionals, and the middle score of each and of everyone. */
function wallSpread(app, round) {
  const family = new Set(app.words.family_and_network);
  const votes = Object.values(round.votes);
  const { score_min: low, score_max: high } = app.words.limits;
  const groups = [
    ["Family and network", votes.filter((v) => family.has(v.role)), "family"],
    ["Professionals", votes.filter((v) => !family.has(v.role)), "professional"],
  ];
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
        const cells = [];
        for (let s = low; s <= high; s += 1) {
          const here = group.filter((v) => v.score === s);
          cells.push(
            h(
              "div",
              { class: "wall-bar-cell" },
              h("div", { class: "wall-dots", "aria-hidden": "true" }, here.map(() => h("span", { class: `dot dot-${cls}` }))),
              h("span", { class: "wall-score" }, String(s)),
            ),
          );
        }
        const said = group.length
          ? `${label}: ${plural(group.length, "person", "people")}, middle score ${middle}, ${group.length === 1 ? `scored ${group[0].score}` : `from ${Math.min(...group.map((v) => v.score))} to ${Math.max(...group.map((v) => v.score))}`}`
          : `${label}: nobody scaled`;
        return h("figure", { class: `wall-group wall-group-${cls}` }, h("figcaption", null, said), h("div", { class: "wall-bars" }, cells));
      }),
    ),
  );
}

// -- the join screen --------------------------------------------------------------------

function joinView(app) {
  const meeting = theOpenMeeting(app.board);
  const invite = app.ui.invites.length ? app.ui.invites[0] : null;
  if (!meeting) return h("p", { class: "empty" }, "No meeting is open. People can join once the chair opens it.");
  if (!invite) {
    return h("p", { class: "empty" }, "No code yet. The chair makes one under \u201cInvite someone\u201d, and it shows here.");
  }
  const origin = new URL(invite.link).origin;
  const src = `/cases/${encodeURIComponent(app.caseId)}/join-code.svg?code=${encodeURIComponent(invite.code)}`;
  return h(
    "div",
    { class: "wall-join" },
    h("img", { class: "wall-qr", src, alt: "A QR code: scan it with a phone's camera to open the address to join", width: "480", height: "480" }),
    h(
      "div",
      { class: "wall-join-words" },
      h("p", null, "On your phone, scan the code, or open"),
      h("p", { class: "wall-address" }, `${origin}/join`),
      h("p", null, "and type this code:"),
      h("p", { class: "wall-code" }, invite.code),
      h("p", null, "The chair then lets you in."),
    ),
  );
}

const STAGES = { mapping, child: childVoice, statements, plan, round: roundView, join: joinView };

// -- fitting and paging -------------------------------------------------------------------

/**
 * After each draw: show as many cards of each group as fit on the stage, the same
 * number for every group, and page the rest. The stage never scrolls.
 */
export function fitWall(app) {
  const wall = wallState(app);
  const stage = document.getElementById("wall-stage");
  const pager = document.getElementById("wall-pager");
  if (!stage) return;
  const groups = Array.from(stage.querySelectorAll("[data-fit-group]"));
  const most = Math.max(0, ...groups.map((g) => g.querySelectorAll(":scope > [data-fit-index]").length));
  // First, everything on one page with room for each card's first lines; if that does
  // not fit, each card condenses to its first line and the rest is paged.
  stage.classList.add("roomy");
  showPage(stage, groups, Math.max(1, most), 0);
  if (stage.scrollHeight <= stage.clientHeight + 1) {
    wall.page = 0;
    wall.pages = 1;
    if (pager && pager.textContent) pager.textContent = "";
    return;
  }
  stage.classList.remove("roomy");
  // The most cards a group can show and still fit, tried on the first page (the
  // same number then holds on every page: the rest have no more cards than it).
  let per = Math.max(1, most);
  for (; per > 1; per -= 1) {
    showPage(stage, groups, per, 0);
    if (stage.scrollHeight <= stage.clientHeight + 1) break;
  }
  const pages = Math.max(1, Math.ceil(most / per));
  wall.page = Math.min(wall.page, pages - 1);
  showPage(stage, groups, per, wall.page);
  wall.pages = pages;
  if (pager) {
    const text = pages > 1 ? `Page ${wall.page + 1} of ${pages}` : "";
    if (pager.textContent !== text) pager.textContent = text;
  }
}

function showPage(stage, groups, per, page) {
  for (const group of groups) {
    const cards = Array.from(group.querySelectorAll(":scope > [data-fit-index]"));
    let before = 0;
    let after = 0;
    for (const card of cards) {
      const index = Number(card.dataset.fitIndex);
      const shown = index >= page * per && index < (page + 1) * per;
      card.hidden = !shown;
      if (index < page * per) before += 1;
      if (index >= (page + 1) * per) after += 1;
    }
    const more = stage.querySelector(`[data-more-for="${CSS.escape(group.dataset.fitGroup)}"]`);
    if (more) {
      const words = [];
      if (before) words.push(`${before} on ${before > per ? "earlier pages" : "the page before"}`);
      if (after) words.push(`${after} more on ${after > per ? "the next pages" : "the next page"}`);
      more.textContent = words.join("; ");
      more.hidden = !words.length;
    }
  }
}

/** → / PageDown: the next page, then the next view; ← / PageUp: back. */
export function stepWall(app, forward) {
  const wall = wallState(app);
  if (forward && wall.page < wall.pages - 1) {
    wall.page += 1;
  } else if (!forward && wall.page > 0) {
    wall.page -= 1;
  } else {
    const at = WALL_VIEWS.indexOf(wall.view);
    const next = (at + (forward ? 1 : -1) + WALL_VIEWS.length) % WALL_VIEWS.length;
    wall.view = WALL_VIEWS[next];
    wall.focus = null;
    wall.page = 0;
    wall.pages = 1;
    app.announce(`Showing ${viewName(app, wall.view)}.`);
    return;
  }
  app.announce(`Page ${wall.page + 1} of ${wall.pages}.`);
}

export function showWallView(app, view) {
  const wall = wallState(app);
  if (!WALL_VIEWS.includes(view)) return;
  wall.view = view;
  wall.focus = null;
  wall.page = 0;
  wall.pages = 1;
  app.announce(`Showing ${viewName(app, view)}.`);
}

export function focusWall(app, focus) {
  const wall = wallState(app);
  wall.focus = focus || null;
  wall.page = 0;
}

/** Keys on the wall: arrows and PageUp/PageDown (a clicker), Escape to step back. */
export function wallKey(app, event) {
  const target = event.target;
  if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return false;
  const wall = wallState(app);
  switch (event.key) {
    case "ArrowRight":
    case "ArrowDown":
    case "PageDown":
      stepWall(app, true);
      return true;
    case "ArrowLeft":
    case "ArrowUp":
    case "PageUp":
      stepWall(app, false);
      return true;
    case "Home":
      wall.page = 0;
      return true;
    case "Escape":
      if (!wall.focus) return false;
      focusWall(app, null);
      app.focusAfter('.wall-nav [aria-current="true"]'); // not lost with the card it was on
      return true;
    default:
      return false;
  }
}
