// The parts of the board both views show: the mapping, the statements and goals, the
// safety scale and the safety plan. Each function returns fresh elements built with
// h(); the app patches them into the page. Buttons and forms carry `data-action` /
// `data-form` and the app handles them (one listener for the whole page).

import { h, hidden, listWords, plural, shortTime } from "./dom.js";
import {
  currentDangerStatements,
  currentPlan,
  dangerStatementNumber,
  goalsFor,
  itemsIn,
  myLastUndo,
  rulesAddressing,
} from "./model.js";

// The parts of the board the chair can show everyone ("follow me"), and where they are.
export const VIEW_NAMES = {
  scaling: "the scaling question",
  mapping: "the mapping",
  statements: "the danger statements and goals",
  plan: "the safety plan",
};
export const VIEW_TARGETS = {
  scaling: ["scaling-now", "scaling", "scale"],
  mapping: ["mapping"],
  statements: ["statements"],
  plan: ["plan"],
};

export function capital(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

function safeId(text) {
  return text.replace(/[^A-Za-z0-9_-]/g, "-");
}

function clip(text, length = 40) {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

// -- small building blocks -----------------------------------------------------------

/** A button that runs an action: button("Change", {action: "open", panel: "x"}). */
export function button(label, data, { cls = "", hiddenLabel = "", disabled = false } = {}) {
  return h(
    "button",
    { type: "button", class: cls || null, dataset: data, "aria-disabled": disabled ? "true" : null },
    label,
    hiddenLabel ? hidden(hiddenLabel) : null,
  );
}

/** A labelled text box (input or textarea), with an optional hint, and a counter
 * when it has a limit: over-long text is refused with the limit named, never cut (no
 * maxlength, which would cut a paste without a word). */
export function field(key, name, label, opts = {}) {
  const { value = "", hint = "", textarea = false, required = false, limit, type = "text" } = opts;
  const id = safeId(`f-${key}-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const countId = limit ? `${id}-count` : null;
  const describedBy = [hintId, countId].filter(Boolean).join(" ") || null;
  const data = { focusKey: opts.focus ? key : null, limit: limit || null, label };
  const control = textarea
    ? h("textarea", { id, name, rows: opts.rows || 3, required, "aria-describedby": describedBy, value, dataset: data })
    : h("input", { id, name, type, required, autocomplete: "off", "aria-describedby": describedBy, value, dataset: data });
  return h(
    "div",
    { class: "field", dataset: { key: id } },
    h("label", { for: id }, label),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    control,
    limit ? h("p", { class: "counter", id: countId, dataset: { counterFor: id } }, counterWords(value.length, limit)) : null,
  );
}

const NUMBER = new Intl.NumberFormat("en-GB");

/** "120 of 1,000 characters", or how many too many, with the limit named. */
export function counterWords(length, limit) {
  if (length > limit) return `${NUMBER.format(length - limit)} characters too many: the most is ${NUMBER.format(limit)}`;
  return `${NUMBER.format(length)} of ${NUMBER.format(limit)} characters`;
}

/** The refusal for text over its limit, before anything is sent: nothing is cut. */
export function overLimitWords(label, length, limit) {
  return `\u201c${label}\u201d is ${NUMBER.format(length)} characters; the most it can hold is ${NUMBER.format(limit)}. Please shorten it. Nothing was saved.`;
}

/** Bring a text box's counter up to date with what is in the box. */
export function updateCounter(control) {
  const counter = document.getElementById(`${control.id}-count`);
  if (!counter) return;
  const limit = Number(control.dataset.limit);
  const length = control.value.length;
  const text = counterWords(length, limit);
  if (counter.textContent !== text) counter.textContent = text;
  counter.classList.toggle("over", length > limit);
  if (length > limit) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
}

/** A labelled select; options are [value, label] pairs. */
export function select(key, name, label, options, { value = "", hint = "", focus = false } = {}) {
  const id = safeId(`f-${key}-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  return h(
    "div",
    { class: "field", dataset: { key: id } },
    h("label", { for: id }, label),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    h(
      "select",
      { id, name, "aria-describedby": hintId, dataset: { focusKey: focus ? key : null } },
      options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
    ),
  );
}

/** The refusal for a form, in the server's own words, where the person is looking. */
export function formError(app, key) {
  const message = app.ui.errors.get(key);
  return message
    ? h("p", { class: "form-error", role: "alert", dataset: { key: `error-${key}` } }, message)
    : null;
}

/** The submit button, which says so while the command is on its way. */
export function submit(app, key, label) {
  const sending = app.ui.sending.has(key);
  const offline = sending && !app.connected();
  return h(
    "button",
    { type: "submit", "aria-disabled": sending ? "true" : null },
    sending ? (offline ? "Waiting for the connection…" : "Saving…") : label,
  );
}

function cancel(panel, label = "Cancel") {
  return button(label, { action: "close", panel }, { cls: "secondary" });
}

function byline(stamp, verb) {
  return `${verb} by ${stamp.by.name}`;
}

function flag(text) {
  return h("p", { class: "flag" }, h("span", { class: "flag-mark", "aria-hidden": "true" }, "!"), text);
}

// -- undo, the agenda timer, following the chair --------------------------------------

/** What undoing the person's last change would take back, in the server's words. */
function undoWords(step) {
  return step.takes_back || "your last change";
}

/** "Undo my last change", saying what it takes back; nothing if there is nothing. */
export function undoButton(app) {
  if (!app.can("undo")) return null;
  const step = myLastUndo(app.board, app.me.participant_id);
  if (!step) return null;
  return h(
    "div",
    { class: "undo controls", dataset: { key: "undo", formKey: "undo" } },
    button("Undo my last change", { action: "undo" }, { cls: "secondary", disabled: app.ui.sending.has("undo") }),
    h("p", { class: "undo-what" }, `Takes back ${undoWords(step)}.`),
    formError(app, "undo"),
  );
}

/** The agenda timer the chair started, for everyone to see. */
export function timerBar(app) {
  if (!app.timer) return null;
  return h(
    "div",
    { class: `agenda-timer${app.secondsLeft() <= 0 ? " is-up" : ""}`, role: "timer", "aria-label": "Agenda timer", dataset: { key: "timer" } },
    h("span", { class: "timer-label" }, app.timer.label),
    h("span", { class: "timer-left", id: "agenda-timer-left" }, app.timerText()),
  );
}

/** On a phone: the chair is showing a part of the board; follow along, or not. */
export function followBanner(app, viewNames) {
  if (!app.follow.view) return null;
  const showing = viewNames[app.follow.view] || app.follow.view;
  return h(
    "div",
    { class: "follow-banner", dataset: { key: "follow" } },
    h(
      "p",
      null,
      app.ui.followChair
        ? `Following ${app.follow.by}: ${showing}.`
        : `${app.follow.by} is showing ${showing}. You are looking around on your own.`,
    ),
    h(
      "button",
      { type: "button", class: "secondary small", "aria-pressed": app.ui.followChair ? "true" : "false", dataset: { action: "follow-chair" } },
      "Follow the chair",
    ),
  );
}

// -- the mapping ---------------------------------------------------------------------

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
  return h(
    "div",
    { class: "domain", dataset: { key: `domain-${domain}` } },
    h("h4", { id: `domain-${domain}` }, heading, " ", h("span", { class: "count" }, `(${items.length})`)),
    items.length
      ? h(
          "ul",
          { class: "items", "aria-labelledby": `domain-${domain}`, dataset: { key: "items" } },
          items.map((item) => itemView(app, item)),
        )
      : h("p", { class: "empty", dataset: { key: "empty" } }, "Nothing here yet."),
    seeStatements(app, domain),
    addItem(app, domain, heading),
  );
}

/** Under Danger and Safety goals: where the paired statements are. */
function seeStatements(app, domain) {
  const fw = app.framework();
  const statements = currentDangerStatements(app.board);
  let count = 0;
  let words = "";
  if (domain === "danger") {
    count = statements.length;
    words = `${fw.danger_statement}s`;
  } else if (domain === "safety_goals") {
    count = statements.reduce((n, s) => n + goalsFor(app.board, s.statement_id).length, 0);
    words = `${fw.safety_goal}s`;
  }
  if (!count) return null;
  return h(
    "p",
    { class: "see-also", dataset: { key: "see-also" } },
    h("a", { href: "#statements" }, `See the ${words} (${count})`),
  );
}

function itemView(app, item) {
  const panel = `edit:item:${item.item_id}`;
  const editing = app.ui.open.has(panel);
  const mayChange = app.can("edit_item") && app.mayChange(item.added.by);
  const kindName = app.words.item_kinds[item.kind] || item.kind;
  return h(
    "li",
    {
      class: `item item-${item.kind}${app.isFresh(item.item_id) ? " fresh" : ""}`,
      dataset: { key: `item-${item.item_id}`, item: item.item_id },
    },
    h("p", { class: "item-text" }, item.text),
    h(
      "div",
      { class: "item-meta" },
      h("span", { class: `badge badge-${item.kind}` }, kindName),
      item.source ? h("span", { class: "source" }, `Source: ${item.source}`) : null,
      h("span", { class: "by" }, byline(item.changed, item.changed.position === item.added.position ? "Added" : "Changed")),
      mayChange && !editing
        ? button("Change", { action: "edit", kind: "item", id: item.item_id }, {
            cls: "small secondary controls item-change",
            hiddenLabel: `: ${clip(item.text)}`,
          })
        : null,
    ),
    editing ? itemEditor(app, item, panel) : null,
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
      field(panel, "source", "Where it came from (optional)", {
        value: item.source,
        limit: words.limits.name,
        hint: "For example: parent, school, police, what the worker saw.",
      }),
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

/**
 * Shown in an editor once someone else has changed the thing being edited: both texts,
 * and the person's own words stay in the box below.
 */
function conflictPanel(app, panel, changed, theirs) {
  const edit = app.ui.edits.get(panel);
  if (!edit || (changed.position <= edit.basedOn && !app.ui.conflicts.has(panel))) return null;
  const message = app.ui.conflicts.get(panel);
  return h(
    "div",
    { class: "conflict", role: "alert", tabindex: "-1", dataset: { key: "conflict" } },
    // The server's own words when it refused the save; until then, ours.
    h("p", { class: "conflict-title" }, message || `${changed.by.name} changed this while you were editing.`),
    h("p", { class: "label" }, "Now on the board:"),
    h("blockquote", { class: "theirs" }, theirs),
    edit.mine !== undefined ? h("p", { class: "label" }, "What you wrote:") : null,
    edit.mine !== undefined ? h("blockquote", { class: "mine" }, edit.mine) : null,
    h("p", null, "Your words are still in the box below. Choose which to keep."),
    h(
      "div",
      { class: "buttons" },
      button("Save my words instead", { action: "keep-mine", panel }),
      button("Keep their words", { action: "keep-theirs", panel }, { cls: "secondary" }),
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
    field(panel, "source", "Where it came from (optional)", {
      limit: app.words.limits.name,
      hint: "For example: parent, school, police, what the worker saw.",
    }),
    formError(app, panel),
    h("div", { class: "buttons" }, submit(app, panel, "Add"), cancel(panel, "Done")),
  );
}

// -- danger statements, their goals, harm statements -----------------------------------

export function statementsSection(app) {
  const { board } = app;
  const fw = app.framework();
  const statements = currentDangerStatements(board);
  const retired = Object.values(board.danger_statements).filter((s) => s.retired);
  const staff = app.can("write_danger_statement");
  return h(
    "section",
    { class: "statements", id: "statements", "aria-labelledby": "statements-heading", dataset: { key: "statements" } },
    h("h2", { id: "statements-heading" }, `${capital(fw.danger_statement)}s and ${fw.safety_goal}s`),
    h(
      "p",
      { class: "intro" },
      `Every ${fw.danger_statement} needs a ${fw.safety_goal} and a rule in the ${fw.plan} that addresses it.`,
    ),
    statements.length
      ? h("ol", { class: "statement-list", dataset: { key: "list" } }, statements.map((s) => statementRow(app, s)))
      : h("p", { class: "empty", dataset: { key: "none" } }, `No ${fw.danger_statement}s yet.`),
    retired.length
      ? h(
          "div",
          { class: "retired", dataset: { key: "retired" } },
          h("h3", null, `Retired ${fw.danger_statement}s`),
          h(
            "ul",
            null,
            retired.map((s) =>
              h(
                "li",
                { dataset: { key: s.statement_id } },
                `${capital(fw.danger_statement)} ${dangerStatementNumber(board, s.statement_id)}: ${s.text}`,
                s.retired_reason ? ` (Why: ${s.retired_reason})` : "",
              ),
            ),
          ),
        )
      : null,
    staff ? writeForm(app, "write-danger", `Write a ${fw.danger_statement}`, `New ${fw.danger_statement}`,
      "Who is worried, about what adult behaviour, and what could happen to the child if nothing changes.") : null,
    harmStatements(app),
  );
}

function writeForm(app, panel, opener, label, hint) {
  if (!app.ui.open.has(panel)) {
    return h("div", { class: "controls", dataset: { key: `open-${panel}` } }, button(opener, { action: "open", panel }, { cls: "small add" }));
  }
  return h(
    "form",
    { class: "controls add-form", dataset: { form: panel, key: panel, formKey: panel } },
    field(panel, "text", label, { textarea: true, required: true, limit: app.words.limits.text, hint, focus: true }),
    formError(app, panel),
    h("div", { class: "buttons" }, submit(app, panel, "Save"), cancel(panel)),
  );
}

function statementRow(app, statement) {
  const { board } = app;
  const fw = app.framework();
  const number = dangerStatementNumber(board, statement.statement_id);
  const goals = goalsFor(board, statement.statement_id);
  const rules = rulesAddressing(board, statement.statement_id);
  const staff = app.can("revise_danger_statement");
  const editPanel = `edit:danger:${statement.statement_id}`;
  const retirePanel = `retire:${statement.statement_id}`;
  const pairPanel = `pair:${statement.statement_id}`;
  const headingId = `statement-${statement.statement_id}`;
  return h(
    "li",
    {
      class: `statement-row${goals.length && rules.length ? "" : " needs-work"}${app.isFresh(statement.statement_id) ? " fresh" : ""}`,
      id: `danger-${number}`,
      dataset: { key: statement.statement_id },
    },
    h(
      "div",
      { class: "statement" },
      h("h3", { id: headingId }, `${capital(fw.danger_statement)} ${number}`),
      statement.locked ? lockedBadge() : null,
      app.ui.open.has(editPanel) && !statement.locked
        ? textEditor(app, editPanel, "danger", statement.statement_id, statement.changed, statement.text)
        : h("p", { class: "statement-text" }, statement.text),
      familyViews(app, statement, number),
      goals.length ? null : flag(`No ${fw.safety_goal} yet`),
      rules.length ? null : flag(`No ${fw.plan} rule addresses it yet`),
      rules.length
        ? h("p", { class: "addressed" }, `${capital(fw.plan)}: ${plural(rules.length, "rule addresses", "rules address")} it.`)
        : null,
      staff && !app.ui.open.has(editPanel)
        ? h(
            "div",
            { class: "controls buttons", dataset: { formKey: `lock:${statement.statement_id}` } },
            statement.locked
              ? null
              : button("Change", { action: "edit", kind: "danger", id: statement.statement_id }, {
                  cls: "small secondary",
                  hiddenLabel: ` ${fw.danger_statement} ${number}`,
                }),
            app.ui.open.has(retirePanel) || statement.locked
              ? null
              : button("Retire…", { action: "open", panel: retirePanel }, {
                  cls: "small secondary",
                  hiddenLabel: ` ${fw.danger_statement} ${number}`,
                }),
            lockButton(app, statement.statement_id, statement.locked, ` ${fw.danger_statement} ${number}`),
            formError(app, `lock:${statement.statement_id}`),
          )
        : null,
      staff && !statement.locked && app.ui.open.has(retirePanel)
        ? h(
            "form",
            { class: "controls", dataset: { form: "retire-danger", id: statement.statement_id, key: retirePanel, formKey: retirePanel } },
            field(retirePanel, "reason", `Why retire ${fw.danger_statement} ${number}?`, {
              required: true,
              textarea: true,
              rows: 2,
              limit: app.words.limits.text,
              focus: true,
            }),
            formError(app, retirePanel),
            h("div", { class: "buttons" }, submit(app, retirePanel, "Retire it"), cancel(retirePanel)),
          )
        : null,
    ),
    h(
      "div",
      { class: "goal" },
      h("p", { class: "label" }, `${capital(fw.safety_goal)} for ${fw.danger_statement} ${number}`),
      goals.length
        ? h(
            "ul",
            { class: "goal-list" },
            goals.map((goal) => {
              const panel = `edit:goal:${goal.goal_id}`;
              return h(
                "li",
                { dataset: { key: goal.goal_id }, class: app.isFresh(goal.goal_id) ? "fresh" : null },
                goal.locked ? lockedBadge() : null,
                app.ui.open.has(panel) && !goal.locked
                  ? textEditor(app, panel, "goal", goal.goal_id, goal.changed, goal.text)
                  : h("p", { class: "goal-text" }, goal.text),
                staff && !app.ui.open.has(panel)
                  ? h(
                      "div",
                      { class: "controls buttons", dataset: { formKey: `lock:${goal.goal_id}` } },
                      goal.locked
                        ? null
                        : button("Change", { action: "edit", kind: "goal", id: goal.goal_id }, {
                            cls: "small secondary",
                            hiddenLabel: ` the ${fw.safety_goal} for ${fw.danger_statement} ${number}`,
                          }),
                      lockButton(app, goal.goal_id, goal.locked, ` the ${fw.safety_goal} for ${fw.danger_statement} ${number}`),
                      formError(app, `lock:${goal.goal_id}`),
                    )
                  : null,
              );
            }),
          )
        : h("p", { class: "empty" }, `Not written yet.`),
      app.can("pair_safety_goal")
        ? app.ui.open.has(pairPanel)
          ? h(
              "form",
              { class: "controls add-form", dataset: { form: "pair-goal", id: statement.statement_id, key: pairPanel, formKey: pairPanel } },
              field(pairPanel, "text", `${capital(fw.safety_goal)} for ${fw.danger_statement} ${number}`, {
                textarea: true,
                required: true,
                limit: app.words.limits.text,
                hint: "What the family will be doing that shows the child is safe enough.",
                focus: true,
              }),
              formError(app, pairPanel),
              h("div", { class: "buttons" }, submit(app, pairPanel, "Save"), cancel(pairPanel)),
            )
          : h(
              "div",
              { class: "controls" },
              button(goals.length ? `Add another ${fw.safety_goal}` : `Write the ${fw.safety_goal}`, { action: "open", panel: pairPanel }, {
                cls: "small add",
                hiddenLabel: ` for ${fw.danger_statement} ${number}`,
              }),
            )
        : null,
    ),
  );
}

function lockedBadge() {
  return h(
    "p",
    { class: "locked" },
    h("span", { class: "lock-mark", "aria-hidden": "true" }),
    "Agreed by the room and locked",
  );
}

/** The chair locks words once the room agrees them, and can unlock them. */
function lockButton(app, id, locked, whatHidden) {
  if (!app.can("lock_statement")) return null;
  return button(locked ? "Unlock" : "Lock these words", { action: "lock", id, locked: locked ? "yes" : "no" }, {
    cls: "small secondary",
    hiddenLabel: whatHidden,
    disabled: app.ui.sending.has(`lock:${id}`),
  });
}

/** Family members' own views, kept beside a statement they disagree with. */
function familyViews(app, statement, number) {
  const fw = app.framework();
  const views = Object.values(statement.family_views || {});
  const panel = `view:${statement.statement_id}`;
  const mine = (statement.family_views || {})[app.me.participant_id];
  const may = app.can("record_family_view");
  if (!views.length && !may) return null;
  return h(
    "div",
    { class: "family-views", dataset: { key: "family-views", formKey: `view-buttons:${statement.statement_id}` } },
    views.length
      ? [
          h("p", { class: "label" }, "How the family sees it"),
          h(
            "ul",
            null,
            views.map((view) =>
              h(
                "li",
                { dataset: { key: view.participant_id } },
                h("strong", null, `${app.named(view.name, view.role)}: `),
                view.text,
              ),
            ),
          ),
        ]
      : null,
    may && app.ui.open.has(panel)
      ? h(
          "form",
          { class: "controls add-form", dataset: { form: "family-view", id: statement.statement_id, key: panel, formKey: panel } },
          field(panel, "text", `Your view of ${fw.danger_statement} ${number}, in your own words`, {
            value: mine ? mine.text : "",
            textarea: true,
            required: true,
            limit: app.words.limits.text,
            hint: "It is kept beside the statement for everyone to see. The statement itself is not changed.",
            focus: true,
          }),
          formError(app, panel),
          h("div", { class: "buttons" }, submit(app, panel, "Save my view"), cancel(panel)),
        )
      : may
        ? h(
            "div",
            { class: "controls buttons" },
            button(mine ? "Change my view" : "I see this differently", { action: "open", panel }, {
              cls: "small secondary",
              hiddenLabel: ` (${fw.danger_statement} ${number})`,
            }),
            mine
              ? button("Take my view back", { action: "withdraw-view", id: statement.statement_id }, {
                  cls: "small secondary",
                  hiddenLabel: ` (${fw.danger_statement} ${number})`,
                })
              : null,
            formError(app, panel),
          )
        : null,
  );
}

/** An editor for something that is only text (a statement or a goal). */
function textEditor(app, panel, kind, id, changed, text) {
  return h(
    "form",
    { class: "editor", dataset: { form: "edit", kind, id, key: panel, formKey: panel } },
    conflictPanel(app, panel, changed, text),
    field(panel, "text", "Your words", {
      value: text,
      textarea: true,
      required: true,
      limit: app.words.limits.text,
      focus: true,
    }),
    formError(app, panel),
    h("div", { class: "buttons" }, submit(app, panel, "Save"), cancel(panel)),
  );
}

function harmStatements(app) {
  const statements = Object.values(app.board.harm_statements);
  const staff = app.can("write_harm_statement");
  if (!statements.length && !staff) return null;
  return h(
    "div",
    { class: "harm-statements", dataset: { key: "harm" } },
    h("h3", null, "Harm statements"),
    statements.length
      ? h(
          "ul",
          { class: "harm-list" },
          statements.map((s) => {
            const panel = `edit:harm:${s.statement_id}`;
            return h(
              "li",
              { dataset: { key: s.statement_id }, class: app.isFresh(s.statement_id) ? "fresh" : null },
              app.ui.open.has(panel)
                ? textEditor(app, panel, "harm", s.statement_id, s.changed, s.text)
                : h("p", null, s.text),
              staff && !app.ui.open.has(panel)
                ? h("div", { class: "controls" }, button("Change", { action: "edit", kind: "harm", id: s.statement_id }, {
                    cls: "small secondary",
                    hiddenLabel: `: ${clip(s.text)}`,
                  }))
                : null,
            );
          }),
        )
      : h("p", { class: "empty" }, "No harm statements yet."),
    staff ? writeForm(app, "write-harm", "Write a harm statement", "New harm statement",
      "What happened, how often, how serious it was, and what it did to the child.") : null,
  );
}

// -- the safety scale ---------------------------------------------------------------

/** The question, what 0 and 10 mean, and which statement it is about. */
export function roundHeader(app, round, level = "h3") {
  const fw = app.framework();
  const number = round.statement_id ? dangerStatementNumber(app.board, round.statement_id) : 0;
  return [
    h(level, { class: "question" }, round.question),
    number
      ? h("p", { class: "about" }, h("a", { href: `#danger-${number}` }, `About ${fw.danger_statement} ${number}`))
      : null,
    h(
      "dl",
      { class: "ends" },
      h("div", null, h("dt", null, "0 means"), h("dd", null, round.zero_means)),
      h("div", null, h("dt", null, "10 means"), h("dd", null, round.ten_means)),
    ),
  ];
}

/** The middle score (the median) of some scores, or null if there are none. */
export function middleScore(scores) {
  if (!scores.length) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
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
  const family = new Set(app.words.family_and_network);
  const votes = Object.values(round.votes).sort((a, b) => a.score - b.score);
  const groups = [
    ["Family and network", votes.filter((v) => family.has(v.role)), "family"],
    ["Professionals", votes.filter((v) => !family.has(v.role)), "professional"],
  ];
  const { score_min: low, score_max: high } = app.words.limits;
  const scores = [];
  for (let s = low; s <= high; s += 1) scores.push(s);
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
          group.length
            ? `${plural(group.length, "person", "people")}, ` +
                (group.length === 1
                  ? `scored ${group[0].score}`
                  : `from ${group[0].score} to ${group[group.length - 1].score}`)
            : "nobody scaled",
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

/** Earlier questions, newest first, with their spread if it was shown. */
export function earlierRounds(app, { limit = 5 } = {}) {
  const closed = Object.values(app.board.scaling_rounds).filter((r) => r.closed).reverse().slice(0, limit);
  return h(
    "section",
    { class: "earlier-rounds", id: "scale", "aria-labelledby": "scale-heading", dataset: { key: "earlier-rounds" } },
    h("h2", { id: "scale-heading" }, capital(app.framework().scale)),
    h("p", { class: "intro" }, "Earlier scaling questions, newest first. Each says what its 0 and its 10 mean."),
    closed.length
      ? closed.map((round) =>
          h(
            "article",
            { class: "round round-closed", dataset: { key: round.round_id } },
            roundHeader(app, round, "h3"),
            h("p", { class: "when" }, `Asked ${shortTime(round.opened.at)}.`),
            round.revealed
              ? dotPlot(app, round)
              : h("p", null, `${plural(Object.keys(round.votes).length, "person", "people")} scaled. The scores were not shown.`),
            askAgainButton(app, round),
          ),
        )
      : h("p", { class: "empty" }, "No scaling questions have been asked yet."),
  );
}

// -- the safety plan -----------------------------------------------------------------

export function planSection(app, { suggest = false } = {}) {
  const { board } = app;
  const fw = app.framework();
  const rules = currentPlan(board);
  return h(
    "section",
    { class: "plan", id: "plan", "aria-labelledby": "plan-heading", dataset: { key: "plan" } },
    h("h2", { id: "plan-heading" }, capital(fw.plan)),
    h("p", { class: "intro" }, `What everyone will do, day to day, to keep ${board.child_name} safe, even when things become difficult.`),
    rules.length
      ? h("ol", { class: "rules", dataset: { key: "rules" } }, rules.map((rule) => ruleView(app, rule)))
      : h("p", { class: "empty", dataset: { key: "none" } }, "The plan has no rules yet."),
    app.can("add_plan_rule") ? addRule(app, suggest, fw) : null,
  );
}

function addressesText(app, rule) {
  const fw = app.framework();
  const numbers = rule.addresses.map((id) => dangerStatementNumber(app.board, id)).filter((n) => n > 0);
  if (!numbers.length) return null;
  return `Addresses ${fw.danger_statement}${numbers.length > 1 ? "s" : ""} ${listWords(numbers.map(String))}`;
}

function ruleView(app, rule) {
  const kindName = app.words.plan_rule_kinds[rule.kind] || rule.kind;
  const editPanel = `edit:rule:${rule.rule_id}`;
  const retirePanel = `retire-rule:${rule.rule_id}`;
  const mayChange = app.can("amend_plan_rule") && app.mayChange(rule.added.by);
  const addresses = addressesText(app, rule);
  return h(
    "li",
    { class: `rule rule-${rule.kind}${app.isFresh(rule.rule_id) ? " fresh" : ""}`, dataset: { key: rule.rule_id } },
    h("p", { class: "rule-kind" }, h("span", { class: `badge badge-${rule.kind}` }, kindName)),
    app.ui.open.has(editPanel)
      ? ruleForm(app, editPanel, rule)
      : [
          h("p", { class: "rule-text" }, h("strong", null, rule.who), " ", rule.what),
          rule.when ? h("p", { class: "rule-when" }, `When: ${rule.when}`) : null,
          addresses
            ? h("p", { class: "addresses" }, addresses)
            : flag(`Does not say which ${app.framework().danger_statement} it addresses`),
          h(
            "div",
            { class: "rule-meta" },
            h("span", { class: "by" }, byline(rule.changed, rule.changed.position === rule.added.position ? "Added" : "Changed")),
            mayChange
              ? h(
                  "span",
                  { class: "controls buttons" },
                  button("Change", { action: "edit", kind: "rule", id: rule.rule_id }, {
                    cls: "small secondary",
                    hiddenLabel: ` the rule: ${clip(`${rule.who} ${rule.what}`)}`,
                  }),
                  app.ui.open.has(retirePanel)
                    ? null
                    : button("Retire…", { action: "open", panel: retirePanel }, {
                        cls: "small secondary",
                        hiddenLabel: ` the rule: ${clip(`${rule.who} ${rule.what}`)}`,
                      }),
                )
              : null,
          ),
        ],
    mayChange && app.ui.open.has(retirePanel)
      ? h(
          "form",
          { class: "controls", dataset: { form: "retire-rule", id: rule.rule_id, key: retirePanel, formKey: retirePanel } },
          field(retirePanel, "reason", "Why retire this rule?", { required: true, textarea: true, rows: 2, limit: app.words.limits.text, focus: true }),
          formError(app, retirePanel),
          h("div", { class: "buttons" }, submit(app, retirePanel, "Retire it"), cancel(retirePanel)),
        )
      : null,
  );
}

function addRule(app, suggest, fw) {
  const panel = "add-rule";
  if (!app.ui.open.has(panel)) {
    return h(
      "div",
      { class: "controls", dataset: { key: "open-add-rule" } },
      button(suggest ? "Suggest a rule for the plan" : "Add a rule to the plan", { action: "open", panel }, { cls: "add" }),
    );
  }
  return ruleForm(app, panel, null, suggest);
}

function ruleForm(app, panel, rule, suggest = false) {
  const { words, board } = app;
  const fw = app.framework();
  const mayBottomLine = words.bottom_line_roles.includes(app.me.role);
  const kinds = Object.entries(words.plan_rule_kinds).filter(([kind]) => kind !== "bottom_line" || mayBottomLine);
  const chosen = new Set(rule ? rule.addresses : []);
  const statements = currentDangerStatements(board);
  const legendId = `${safeId(panel)}-addresses`;
  return h(
    "form",
    {
      class: "controls add-form rule-form",
      dataset: rule
        ? { form: "edit", kind: "rule", id: rule.rule_id, key: panel, formKey: panel }
        : { form: "add-rule", key: panel, formKey: panel },
    },
    rule ? conflictPanel(app, panel, rule.changed, `${rule.who}: ${rule.what}${rule.when ? ` (when: ${rule.when})` : ""}`) : null,
    rule ? null : select(panel, "kind", "What kind of rule?", kinds, { value: "rule", focus: true }),
    field(panel, "who", "Who will do it?", { value: rule ? rule.who : "", required: true, limit: words.limits.text, hint: "For example: Gran Pat", focus: Boolean(rule) }),
    field(panel, "what", "What will they do?", { value: rule ? rule.what : "", textarea: true, required: true, limit: words.limits.text }),
    field(panel, "when", "When? (optional)", { value: rule ? rule.when : "", limit: words.limits.text, hint: "For example: every school morning" }),
    statements.length
      ? h(
          "fieldset",
          { class: "checks", dataset: { key: "addresses" } },
          h("legend", { id: legendId }, `Which ${fw.danger_statement}s does it address?`),
          statements.map((s) => {
            const number = dangerStatementNumber(board, s.statement_id);
            const id = safeId(`${panel}-address-${s.statement_id}`);
            return h(
              "div",
              { class: "check", dataset: { key: id } },
              h("input", { type: "checkbox", id, name: "addresses", value: s.statement_id, checked: chosen.has(s.statement_id) }),
              h("label", { for: id }, `${capital(fw.danger_statement)} ${number}: `, h("span", { class: "check-text" }, clip(s.text, 90))),
            );
          }),
        )
      : null,
    formError(app, panel),
    h("div", { class: "buttons" }, submit(app, panel, rule ? "Save" : suggest ? "Suggest it" : "Add to the plan"), cancel(panel)),
  );
}
