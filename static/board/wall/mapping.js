// The wall's mapping: the three columns with each domain's cards (condensed, paged by
// wall/fit.js), one domain shown whole, or one card shown whole.

import { h } from "../dom.js";
import { currentDangerStatements, goalsFor, itemsIn } from "../model.js";
import { capital, sourceSaid } from "../words.js";
import { backButton } from "./back_button.js";

export function mapping(app, wall) {
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

/** " From the child: Lily" after the card's kind, or nothing (words.sourceSaid). */
function sourceWords(app, item) {
  const said = sourceSaid(item, app.words.source_said || {});
  return said ? ` ${said}` : "";
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
    h("p", { class: "wall-card-meta" }, h("span", { class: `badge badge-${item.kind}` }, kind), sourceWords(app, item)),
    backButton("Back to the whole mapping"),
  );
}
