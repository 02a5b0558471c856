// The wall: "Present to the room". One fitted view at a time (the mapping, the
// statements with their goals and scales, the safety plan, the scaling round, the join
// screen), in type a room can read from the back, and never a scrollbar: what does
// not fit is paged (→ / PageDown, as a presentation clicker sends), and the chair can
// focus one domain or one card to read it whole. No chair controls, no status bars.
// Everything shown comes from the board the server sent; nothing here is a rule of the
// practice.

import { h, listWords, plural, shortTime } from "./dom.js";
import {
  currentDangerStatements,
  currentPlan,
  dangerStatementNumber,
  goalsFor,
  itemsIn,
  openRound,
  rulesAddressing,
  theOpenMeeting,
} from "./model.js";
import { capital, middleScore, timerBar } from "./views.js";

export const WALL_VIEWS = ["mapping", "statements", "plan", "round", "join"];

function viewName(app, view) {
  const fw = app.framework();
  return {
    mapping: "The mapping",
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

function plan(app) {
  const rules = currentPlan(app.board);
  const fw = app.framework();
  if (!rules.length) return h("p", { class: "empty" }, "The plan has no rules yet.");
  return [
    h(
      "ol",
      { class: "wall-rules", dataset: { fitGroup: "plan" } },
      rules.map((rule, index) => {
        const numbers = rule.addresses.map((id) => dangerStatementNumber(app.board, id)).filter((n) => n > 0);
        return h(
          "li",
          { class: `wall-rule rule-${rule.kind}${app.isFresh(rule.rule_id) ? " fresh" : ""}`, dataset: { key: rule.rule_id, fitIndex: index } },
          h("p", { class: "wall-rule-kind" }, h("span", { class: `badge badge-${rule.kind}` }, app.words.plan_rule_kinds[rule.kind] || rule.kind)),
          h("p", { class: "wall-text" }, h("strong", null, rule.who), " ", rule.what),
          rule.when ? h("p", { class: "wall-when" }, `When: ${rule.when}`) : null,
          numbers.length ? h("p", { class: "wall-when" }, `For ${fw.danger_statement}${numbers.length > 1 ? "s" : ""} ${listWords(numbers.map(String))}`) : null,
        );
      }),
    ),
    h("p", { class: "wall-more", dataset: { moreFor: "plan" } }),
  ];
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

const STAGES = { mapping, statements, plan, round: roundView, join: joinView };

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
