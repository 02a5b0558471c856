// The mapping: the seven domains in their three columns, each item with who added or
// changed it, the editor (change, move, remove) and, at a meeting, the review of each
// item (still true, or no longer true and why).

import { professionalsOnly } from "../audience.js";
import { h } from "../dom.js";
import { currentDangerStatements, goalsFor, itemsIn } from "../model.js";
import { clip, sourceSaid } from "../words.js";
import { audienceNote, button, byline, cancel, conflictPanel, field, formError, select, submit } from "./controls.js";

export function mappingSection(app) {
  const { words } = app;
  return h(
    "section",
    { class: "mapping", id: "mapping", "aria-labelledby": "mapping-heading", dataset: { key: "mapping" } },
    h("h2", { id: "mapping-heading" }, "The mapping"),
    h(
      "div",
      { class: "columns" },
      words.columns.map((column) =>
        h(
          "div",
          { class: `column column-${column.key}`, dataset: { key: `column-${column.key}` } },
          h("h3", { class: "column-heading" }, column.heading),
          column.domains.map((domain) => domainBlock(app, domain)),
        ),
      ),
    ),
  );
}

function domainBlock(app, domain) {
  const heading = app.domainHeading(domain);
  const items = itemsIn(app.board, domain);
  const paired = pairedCount(app, domain);
  // Goals are written beside their danger statement, never on their own (W2): the
  // count is theirs, and there is no "Add to Safety goals".
  const goals = domain === "safety_goals";
  return h(
    "div",
    // data-domain: where a card dragged on the chair's screen lands (commands/drag.js).
    { class: "domain", dataset: { key: `domain-${domain}`, domain } },
    h("h4", { id: `domain-${domain}` }, heading, " ", h("span", { class: "count" }, `(${items.length + (goals ? paired : 0)})`)),
    domainHelp(app, domain, heading),
    items.length
      ? h(
          "ul",
          { class: "items", "aria-labelledby": `domain-${domain}`, dataset: { key: "items" } },
          items.map((item) => itemView(app, item)),
        )
      : paired || goals
        ? null
        : h("p", { class: "empty", dataset: { key: "empty" } }, "Nothing here yet."),
    seeStatements(app, domain, paired),
    goals ? null : addItem(app, domain, heading),
  );
}

/** On a phone, the domain's practice word in plain words, one tap away. */
function domainHelp(app, domain, heading) {
  const means = (app.framework().domain_help || {})[domain];
  if (app.mode !== "phone" || !means) return null;
  const key = `help:${domain}`;
  const open = app.ui.open.has(`fold:${key}`);
  const id = `help-${domain}`;
  return h(
    "div",
    { class: "domain-help", dataset: { key: "domain-help" } },
    h(
      "button",
      { type: "button", class: "small secondary", "aria-expanded": open ? "true" : "false", "aria-controls": id, dataset: { action: "toggle-fold", part: key } },
      "What does this mean?",
      h("span", { class: "visually-hidden" }, ` (${heading})`),
    ),
    h("p", { class: "hint", id, hidden: !open }, means),
  );
}

function pairedCount(app, domain) {
  const statements = currentDangerStatements(app.board);
  if (domain === "danger") return statements.length;
  if (domain === "safety_goals") return statements.reduce((n, s) => n + goalsFor(app.board, s.statement_id).length, 0);
  return 0;
}

/** Under Danger and Safety goals: where the paired statements are. */
function seeStatements(app, domain, count) {
  const fw = app.framework();
  let words = "";
  if (domain === "danger" && count) {
    words = `See the ${fw.danger_statement}s (${count})`;
  } else if (domain === "safety_goals") {
    words = count
      ? `Each ${fw.safety_goal} is written beside its ${fw.danger_statement} (${count})`
      : `Each ${fw.safety_goal} is written beside its ${fw.danger_statement}: none yet`;
  }
  if (!words) return null;
  return h("p", { class: "see-also", dataset: { key: "see-also" } }, h("a", { href: "#statements" }, words));
}

/** Whether this screen moves cards by drag and by "Move to…": the shared screen's,
 *  for someone who may change the card (a phone moves one in its editor). */
function mayMove(app, item) {
  return app.mode === "screen" && app.can("move_item") && app.mayChange(item.added.by);
}

/** With the presenter view on: show this card whole on the wall. Not for a card for
 *  professionals only, which the room's wall may not hold (nor learn exists). */
function onWallButton(app, item) {
  if (app.mode !== "screen" || !app.ui.presenter || !app.can("reveal_votes")) return null;
  if (!item.shared && professionalsOnly(app.board, "items", item)) return null;
  return button("On the wall", { action: "wall-show", view: "mapping", focus: `item:${item.item_id}` }, {
    cls: "small secondary controls item-on-wall",
    hiddenLabel: `: ${clip(item.text)}`,
  });
}

/** Where the card's item came from: its kind, then its free text (E66). */
function sourceLine(app, item) {
  const said = sourceSaid(item, app.words.source_said || {});
  return said ? h("span", { class: "source" }, said) : null;
}

// Someone adding from their own phone is, to begin with, the source themselves.
const OWN_SOURCE = { child: "child", parent: "parent", network_member: "network", professional: "professional" };

/** Who it came from (a labelled choice: the child, a parent, the network, a
 *  professional, observed, not said) and, beside it, their name or agency. */
function sourceFields(app, panel, item) {
  return [
    select(panel, "source_kind", "Who did this come from?", app.words.source_kinds || [], {
      value: item ? item.source_kind || "not_said" : OWN_SOURCE[app.me.role] || "not_said",
    }),
    field(panel, "source", "Their name or agency (optional)", {
      value: item ? item.source : "",
      limit: app.words.limits.name,
      hint: "For example: Lily, Jess, school, police, a home visit.",
    }),
  ];
}

function itemView(app, item) {
  const panel = `edit:item:${item.item_id}`;
  const editing = app.ui.open.has(panel);
  const mayChange = app.can("edit_item") && app.mayChange(item.added.by);
  const moving = mayMove(app, item);
  const kindName = app.words.item_kinds[item.kind] || item.kind;
  return h(
    "li",
    {
      class: `item item-${item.kind}${app.isFresh(item.item_id) ? " fresh" : ""}`,
      draggable: moving && !editing ? "true" : null,
      dataset: { key: `item-${item.item_id}`, item: item.item_id },
    },
    h("p", { class: "item-text" }, item.text),
    audienceNote(app, "items", item, item.item_id, `item “${clip(item.text)}”`),
    h(
      "div",
      { class: "item-meta" },
      h("span", { class: `badge badge-${item.kind}` }, kindName),
      sourceLine(app, item),
      h("span", { class: "by" }, byline(item.changed, item.changed.position === item.added.position ? "Added" : "Changed")),
      mayChange && !editing
        ? button("Change", { action: "edit", kind: "item", id: item.item_id }, {
            cls: "small secondary controls item-change",
            hiddenLabel: `: ${clip(item.text)}`,
          })
        : null,
      onWallButton(app, item),
      moving && !editing
        ? button("Move to…", { action: "open", panel: `moveto:${item.item_id}` }, {
            cls: "small secondary controls item-move",
            hiddenLabel: ` (${clip(item.text)})`,
          })
        : null,
    ),
    moving && !editing && app.ui.open.has(`moveto:${item.item_id}`) ? moveMenu(app, item) : null,
    editing ? itemEditor(app, item, panel) : null,
  );
}

/** "Move to…": every other domain, by column, one button each (the keyboard's way to
 *  do what dragging the card does). Escape or "Cancel" closes it. */
function moveMenu(app, item) {
  const key = `moveto:${item.item_id}`;
  let first = true;
  return h(
    "div",
    { class: "move-menu controls", role: "group", "aria-label": `Move “${clip(item.text)}” to`, dataset: { key: "move-menu", formKey: key } },
    app.words.columns.map((column) => {
      const others = column.domains.filter((d) => d !== item.domain);
      if (!others.length) return null;
      return h(
        "div",
        { class: "move-column", dataset: { key: `to-${column.key}` } },
        h("p", { class: "label" }, column.heading),
        h(
          "div",
          { class: "buttons" },
          others.map((domain) => {
            const data = { action: "move-item", id: item.item_id, domain, focusKey: first ? key : null };
            first = false;
            return button(app.domainHeading(domain), data, { cls: "small secondary" });
          }),
        ),
      );
    }),
    formError(app, key),
    button("Cancel", { action: "close", panel: key }, { cls: "small secondary" }),
  );
}

function itemEditor(app, item, panel) {
  const { words } = app;
  const kinds = Object.entries(words.item_kinds);
  const domains = words.columns.flatMap((c) => c.domains).filter((d) => d !== item.domain);
  const removing = app.ui.open.has(`remove:${item.item_id}`);
  return h(
    "div",
    { class: "editor controls", dataset: { key: `editor-${panel}` } },
    h(
      "form",
      { dataset: { form: "edit", kind: "item", id: item.item_id, key: panel, formKey: panel } },
      conflictPanel(app, panel, item.changed, item.text),
      field(panel, "text", "Your words", {
        value: item.text,
        textarea: true,
        required: true,
        limit: words.limits.text,
        focus: true,
      }),
      select(panel, "kind", "Is it a fact or a judgement?", kinds, { value: item.kind }),
      ...sourceFields(app, panel, item),
      formError(app, panel),
      h("div", { class: "buttons" }, submit(app, panel, "Save"), cancel(panel)),
    ),
    h(
      "form",
      { class: "inline", dataset: { form: "move", id: item.item_id, key: `move-${item.item_id}`, formKey: `move:${item.item_id}` } },
      select(
        `move-${item.item_id}`,
        "domain",
        "Move it to",
        domains.map((d) => [d, app.domainHeading(d)]),
      ),
      formError(app, `move:${item.item_id}`),
      submit(app, `move:${item.item_id}`, "Move"),
    ),
    reviewItem(app, item),
    removing
      ? h(
          "div",
          { class: "confirm", role: "group", "aria-label": "Remove this item?", dataset: { key: "confirm" } },
          h("p", null, "Remove this item from the board? The record keeps it, and when it was removed."),
          formError(app, `remove:${item.item_id}`),
          h(
            "div",
            { class: "buttons" },
            button("Yes, remove it", { action: "remove-item", id: item.item_id }, { cls: "danger" }),
            button("No, keep it", { action: "close", panel: `remove:${item.item_id}` }, { cls: "secondary" }),
          ),
        )
      : button("Remove…", { action: "open", panel: `remove:${item.item_id}` }, { cls: "secondary", hiddenLabel: " this item" }),
  );
}

/**
 * At a meeting, staff go through what is on the map with the room: still true, or no
 * longer true and why (changed is the edit above). The server decides what is allowed.
 */
function reviewItem(app, item) {
  if (!app.words.staff_roles.includes(app.me.role) || !app.board.open_meeting_id) return null;
  const key = `no-longer-true:${item.item_id}`;
  const confirmed = item.confirmed && item.confirmed.meeting_id === app.board.open_meeting_id;
  return h(
    "div",
    { class: "review-item", role: "group", "aria-label": "Is it still true?", dataset: { key: `review-${item.item_id}` } },
    confirmed
      ? h("p", null, "The room agreed this is still true at this meeting.")
      : button("Still true", { action: "confirm-item", id: item.item_id }, { cls: "secondary", hiddenLabel: " (this item)" }),
    formError(app, `confirm:${item.item_id}`),
    h(
      "form",
      { class: "inline", dataset: { form: "no-longer-true", id: item.item_id, key, formKey: key } },
      field(key, "reason", "No longer true, because", { required: true, limit: app.words.limits.text }),
      formError(app, key),
      submit(app, key, "Mark no longer true"),
    ),
  );
}

function addItem(app, domain, heading) {
  if (!app.can("add_item")) return null;
  const panel = `add:${domain}`;
  if (!app.ui.open.has(panel)) {
    return h(
      "div",
      { class: "controls", dataset: { key: "add-button" } },
      button(`Add to ${heading}`, { action: "open", panel }, { cls: "small add" }),
    );
  }
  return h(
    "form",
    { class: "controls add-form", dataset: { form: "add-item", domain, key: panel, formKey: panel } },
    field(panel, "text", `New item for ${heading}`, {
      textarea: true,
      required: true,
      limit: app.words.limits.text,
      focus: true,
    }),
    select(panel, "kind", "Is it a fact or a judgement?", Object.entries(app.words.item_kinds), {
      value: "judgement",
    }),
    ...sourceFields(app, panel, null),
    formError(app, panel),
    h("div", { class: "buttons" }, submit(app, panel, "Add"), cancel(panel, "Done")),
  );
}
