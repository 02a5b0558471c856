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
  proposals,
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
  // A child's phone shows the question worded for children, on the faces scale.
  if (round.child_question && app.me && app.me.role === "child") {
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
  return [
    h(level, { class: "question" }, round.question),
    round.child_question
      ? h("p", { class: "child-question-note" }, `For children: “${round.child_question}” (0: ${round.child_zero_means}; 10: ${round.child_ten_means})`)
      : null,
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
  const waiting = proposals(board);
  const mine = suggest ? rules.filter((rule) => (rule.person_ids || []).includes(app.me.participant_id)) : [];
  return h(
    "section",
    { class: "plan", id: "plan", "aria-labelledby": "plan-heading", dataset: { key: "plan" } },
    h("h2", { id: "plan-heading" }, capital(fw.plan)),
    h("p", { class: "intro" }, `What everyone will do, day to day, to keep ${board.child_name} safe, even when things become difficult.`),
    mine.length
      ? h(
          "section",
          { class: "my-part", "aria-labelledby": "my-part-heading", dataset: { key: "my-part" } },
          h("h3", { id: "my-part-heading" }, "Your part in the plan"),
          h("ul", null, mine.map((rule) => h("li", { dataset: { key: `mine-${rule.rule_id}` } }, `${rule.who} ${rule.what}${rule.when ? ` (${rule.when})` : ""}`))),
        )
      : null,
    waiting.length
      ? h(
          "section",
          { class: "proposals", "aria-labelledby": "proposals-heading", dataset: { key: "proposals" } },
          h("h3", { id: "proposals-heading" }, "Suggested, waiting for the room to agree"),
          h("ol", { class: "rules", dataset: { key: "waiting" } }, waiting.map((rule) => proposalView(app, rule))),
        )
      : null,
    rules.length
      ? app.words.plan_parts.map((part) => {
          const inPart = rules.filter((rule) => part.kinds.includes(rule.kind));
          return inPart.length
            ? h(
                "section",
                { class: `plan-part part-${part.key}`, "aria-labelledby": `part-${part.key}`, dataset: { key: `part-${part.key}` } },
                h("h3", { id: `part-${part.key}` }, part.name),
                h("ol", { class: "rules", dataset: { key: "rules" } }, inPart.map((rule) => ruleView(app, rule))),
              )
            : null;
        })
      : h("p", { class: "empty", dataset: { key: "none" } }, "The plan has no rules yet."),
    app.can("add_plan_rule") ? addRule(app, suggest, fw) : null,
  );
}

export function proposalView(app, rule) {
  const kindName = app.words.plan_rule_kinds[rule.kind] || rule.kind;
  const agreePanel = `agree-rule:${rule.rule_id}`;
  const asidePanel = `aside-rule:${rule.rule_id}`;
  const same = rule.same_words_as ? app.board.plan[rule.same_words_as] : null;
  const mayAgree = app.can("agree_plan_rule");
  const label = ` the suggestion: ${clip(`${rule.who} ${rule.what}`)}`;
  return h(
    "li",
    { class: `rule proposal rule-${rule.kind}${app.isFresh(rule.rule_id) ? " fresh" : ""}`, dataset: { key: rule.rule_id } },
    h("p", { class: "rule-kind" }, h("span", { class: `badge badge-${rule.kind}` }, kindName), " ", h("span", { class: "suggested-by" }, `suggested by ${rule.added.by.name}`)),
    app.ui.open.has(agreePanel)
      ? ruleForm(app, agreePanel, rule, false, true)
      : [
          h("p", { class: "rule-text" }, h("strong", null, rule.who), " ", rule.what),
          rule.when ? h("p", { class: "rule-when" }, `When: ${rule.when}`) : null,
          addressesText(app, rule) ? h("p", { class: "addresses" }, addressesText(app, rule)) : null,
          same && !same.retired ? flag(`The plan already says this: “${clip(`${same.who} ${same.what}`, 80)}”`) : null,
          mayAgree
            ? h(
                "div",
                { class: "controls buttons" },
                button("Agree", { action: "agree-rule", id: rule.rule_id }, { hiddenLabel: label }),
                button("Change, then agree", { action: "open", panel: agreePanel }, { cls: "secondary", hiddenLabel: label }),
                app.ui.open.has(asidePanel) ? null : button("Set aside…", { action: "open", panel: asidePanel }, { cls: "secondary", hiddenLabel: label }),
              )
            : h("p", { class: "hint" }, "The chair or social worker will agree it with everyone."),
          formError(app, `agree-now:${rule.rule_id}`),
        ],
    mayAgree && app.ui.open.has(asidePanel)
      ? h(
          "form",
          { class: "controls", dataset: { form: "aside-rule", id: rule.rule_id, key: asidePanel, formKey: asidePanel } },
          field(asidePanel, "reason", "Why set it aside?", { required: true, textarea: true, rows: 2, limit: app.words.limits.text, focus: true }),
          formError(app, asidePanel),
          h("div", { class: "buttons" }, submit(app, asidePanel, "Set it aside"), cancel(asidePanel)),
        )
      : null,
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
    childsWords(app, rule),
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

/** For the child's Words and Pictures plan: the rule in each child's own words, and
 *  (for staff, with the child) a form to write them down with a picture. */
function childsWords(app, rule) {
  const children = Object.values(app.board.children || {});
  if (!children.length) return null;
  const panel = `childs-words:${rule.rule_id}`;
  const said = Object.entries(rule.childs_words || {});
  const nameOf = (id) => (app.board.children[id] ? app.board.children[id].name : "The child");
  const pictureName = Object.fromEntries(app.words.pictures);
  const may = app.can("put_rule_in_childs_words");
  const who = children.length === 1 ? children[0].name : "the child";
  return h(
    "div",
    { class: "childs-words", dataset: { key: `childs-words-${rule.rule_id}` } },
    said.map(([childId, words]) =>
      h(
        "p",
        { class: "in-childs-words", dataset: { key: `said-${childId}` } },
        `In ${nameOf(childId)}'s words: “${words.text}”`,
        words.picture ? ` (picture: ${pictureName[words.picture] || words.picture})` : words.drawing.length ? " (their drawing)" : "",
      ),
    ),
    may && !app.ui.open.has(panel)
      ? button(`In ${who}'s words…`, { action: "open", panel }, { cls: "small secondary", hiddenLabel: ` the rule: ${clip(`${rule.who} ${rule.what}`)}` })
      : null,
    may && app.ui.open.has(panel)
      ? h(
          "form",
          { class: "controls", dataset: { form: "childs-words", id: rule.rule_id, key: panel, formKey: panel } },
          children.length > 1 ? select(panel, "child_id", "Which child?", children.map((c) => [c.child_id, c.name])) : null,
          field(panel, "text", `The rule in ${who}'s own words`, { required: true, textarea: true, rows: 2, limit: app.words.limits.text, focus: true }),
          select(panel, "picture", "A picture for it", [["", "No picture"], ...app.words.pictures]),
          formError(app, panel),
          h("div", { class: "buttons" }, submit(app, panel, "Save their words"), cancel(panel)),
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

function ruleForm(app, panel, rule, suggest = false, agree = false) {
  const { words, board } = app;
  const fw = app.framework();
  // In the plan's order (its parts), not the words' sorted keys.
  const kinds = words.plan_parts
    .flatMap((part) => part.kinds)
    .filter((kind) => !words.kind_roles[kind] || words.kind_roles[kind].includes(app.me.role))
    .map((kind) => [kind, words.plan_rule_kinds[kind]]);
  const named = new Set(rule ? rule.person_ids || [] : []);
  const people = Object.values(board.people || {}).filter((p) => !p.retired && !words.staff_roles.includes(p.role));
  const chosen = new Set(rule ? rule.addresses : []);
  const statements = currentDangerStatements(board);
  const legendId = `${safeId(panel)}-addresses`;
  return h(
    "form",
    {
      class: "controls add-form rule-form",
      dataset: agree
        ? { form: "agree-rule", id: rule.rule_id, key: panel, formKey: panel }
        : rule
          ? { form: "edit", kind: "rule", id: rule.rule_id, key: panel, formKey: panel }
          : { form: "add-rule", key: panel, formKey: panel },
    },
    rule && !agree ? conflictPanel(app, panel, rule.changed, `${rule.who}: ${rule.what}${rule.when ? ` (when: ${rule.when})` : ""}`) : null,
    rule ? null : select(panel, "kind", "What kind of rule?", kinds, { value: "rule", focus: true }),
    people.length
      ? h(
          "fieldset",
          { class: "checks", dataset: { key: "people" } },
          h("legend", null, "People of the family and network it names"),
          people.map((p) => {
            const id = safeId(`${panel}-person-${p.person_id}`);
            return h(
              "div",
              { class: "check", dataset: { key: id } },
              h("input", { type: "checkbox", id, name: "person_ids", value: p.person_id, checked: named.has(p.person_id) }),
              h("label", { for: id }, p.name),
            );
          }),
        )
      : null,
    field(panel, "who", "Who will do it?", { value: rule ? rule.who : "", limit: words.limits.text, hint: "Leave it empty to use the names ticked, or write, for example: whoever notices", focus: Boolean(rule) }),
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
    h("div", { class: "buttons" }, submit(app, panel, agree ? "Agree it as changed" : rule ? "Save" : suggest ? "Suggest it" : "Add to the plan"), cancel(panel)),
  );
}

// -- the child's voice: Three Houses ---------------------------------------------------

const SVG = "http://www.w3.org/2000/svg";
/** A house's face (an OpenMoji picture: credited in static/pictures/LICENSE.md). */
export function face(house, size = 40) {
  return h("img", { class: "face", src: `/static/pictures/${house.picture}.svg`, alt: "", width: size, height: size });
}

/** A child's drawing, replayed from its strokes (units of a square `size` a side). */
export function drawingSvg(app, strokes, label) {
  const { size, colours } = app.words.drawing;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("class", "drawing");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  for (const stroke of strokes) {
    const line = document.createElementNS(SVG, "polyline");
    const pairs = [];
    for (let i = 0; i + 1 < stroke.points.length; i += 2) pairs.push(`${stroke.points[i]},${stroke.points[i + 1]}`);
    line.setAttribute("points", pairs.join(" "));
    line.setAttribute("fill", "none");
    line.setAttribute("stroke", colours[stroke.colour] || "#1a1a1a");
    line.setAttribute("stroke-width", "14");
    line.setAttribute("stroke-linecap", "round");
    line.setAttribute("stroke-linejoin", "round");
    svg.appendChild(line);
  }
  return svg;
}

function childName(app, childId) {
  const child = (app.board.children || {})[childId];
  return child ? child.name : app.board.child_name;
}

/** "What Lily says": each child's three houses, beside the mapping. */
export function childVoiceSection(app) {
  const children = Object.values(app.board.children || {});
  const views = Object.values(app.board.child_views || {});
  if (!children.length) return null;
  return h(
    "section",
    { class: "child-voice", id: "child-voice", "aria-labelledby": "child-voice-heading", dataset: { key: "child-voice" } },
    h("h2", { id: "child-voice-heading" }, `What ${listWords(children.map((c) => c.name))} ${children.length > 1 ? "say" : "says"}`),
    children.map((child) =>
      h(
        "div",
        { class: "houses", dataset: { key: `houses-${child.child_id}` } },
        children.length > 1 ? h("h3", null, child.name) : null,
        app.words.houses.map((house) => {
          const inHouse = views.filter((v) => v.child_id === child.child_id && v.house === house.key);
          return h(
            "section",
            { class: `house house-${house.key}`, dataset: { key: `house-${child.child_id}-${house.key}` } },
            h("h3", null, face(house, 32), " ", house.name),
            inHouse.length
              ? h(
                  "ul",
                  null,
                  inHouse.map((view) =>
                    h(
                      "li",
                      { class: `child-view${app.isFresh(view.view_id) ? " fresh" : ""}`, dataset: { key: view.view_id } },
                      view.text ? h("p", { class: "said" }, `“${view.text}”`) : null,
                      view.drawing.length ? drawingSvg(app, view.drawing, `${child.name}'s drawing`) : null,
                      h(
                        "p",
                        { class: "by" },
                        view.recorded.by.role === "child"
                          ? `In ${child.name}'s own words`
                          : `${child.name} told ${view.recorded.by.name}${view.how ? `, ${view.how}` : ""}`,
                      ),
                    ),
                  ),
                )
              : h("p", { class: "empty" }, "Nothing here yet."),
          );
        }),
      ),
    ),
    app.can("record_child_view") && app.words.staff_roles.includes(app.me.role) ? childViewForm(app, false) : null,
  );
}

/** The form a child uses on their phone (big, few words, a drawing), or a worker uses
 * to write down what a child told them. */
export function childViewForm(app, forChild) {
  const panel = forChild ? "my-houses" : "child-view";
  const children = Object.values(app.board.children || {});
  if (!forChild && !app.ui.open.has(panel)) {
    return h("div", { class: "controls", dataset: { key: "open-child-view" } }, button("Write down what a child said", { action: "open", panel }, { cls: "add" }));
  }
  const { colours } = app.words.drawing;
  return h(
    "form",
    { class: `controls add-form child-form${forChild ? " for-child" : ""}`, dataset: { form: "child-view", key: panel, formKey: panel } },
    h(
      "fieldset",
      { class: "house-pick", dataset: { key: "house-pick" } },
      h("legend", null, forChild ? "Which house?" : "Which house does it go in?"),
      app.words.houses.map((house, index) => {
        const id = `${panel}-house-${house.key}`;
        return h(
          "div",
          { class: "house-choice", dataset: { key: id } },
          h("input", { type: "radio", id, name: "house", value: house.key, required: true, checked: index === 0 }),
          h("label", { for: id }, face(house, forChild ? 56 : 40), house.name),
        );
      }),
    ),
    h("p", { class: "credit" }, "Pictures: OpenMoji, CC BY-SA 4.0"),
    !forChild && children.length > 1
      ? select(panel, "child_id", "Which child said it?", children.map((c) => [c.child_id, c.name]))
      : null,
    field(panel, "text", forChild ? "What do you want to say?" : `What did ${children.length === 1 ? children[0].name : "the child"} say? (their words)`, { textarea: true, rows: 2, limit: app.words.limits.text }),
    forChild ? null : field(panel, "how", "How did they tell you?", { limit: app.words.limits.text, hint: "For example: at school, with her teacher there" }),
    h(
      "fieldset",
      { class: "colours", dataset: { key: "colours" } },
      h("legend", null, forChild ? "Draw a picture (if you like)" : "A drawing (if they made one)"),
      Object.keys(colours).map((name, index) => {
        const id = `${panel}-colour-${name}`;
        return h(
          "div",
          { class: "colour-choice", dataset: { key: id } },
          h("input", { type: "radio", id, name: "colour", value: name, checked: index === 0 }),
          h("label", { for: id, class: `swatch swatch-${name}` }, h("span", { class: "visually-hidden" }, name)),
        );
      }),
    ),
    drawingPad(app, panel),
    formError(app, panel),
    h("div", { class: "buttons" }, submit(app, panel, forChild ? "Put it in my house" : "Save"), forChild ? null : cancel(panel)),
  );
}

function drawingPad(app, panel) {
  const { size, points: pointLimit, strokes: strokeLimit, colours } = app.words.drawing;
  const canvas = h("canvas", {
    width: 600,
    height: 600,
    class: "drawing-pad",
    "aria-label": "Drawing space: draw with your finger",
    role: "img",
    dataset: { key: `${panel}-pad` },
  });
  canvas.strokes = [];
  let current = null;
  const count = () => canvas.strokes.reduce((n, s) => n + s.points.length / 2, 0);
  const at = (event) => {
    const box = canvas.getBoundingClientRect();
    const x = Math.round(((event.clientX - box.left) / box.width) * size);
    const y = Math.round(((event.clientY - box.top) / box.height) * size);
    return [Math.max(0, Math.min(size, x)), Math.max(0, Math.min(size, y))];
  };
  const paint = () => {
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    const k = canvas.width / size;
    ctx.lineWidth = 14 * k;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    for (const stroke of canvas.strokes) {
      ctx.strokeStyle = colours[stroke.colour] || "#1a1a1a";
      ctx.beginPath();
      for (let i = 0; i + 1 < stroke.points.length; i += 2) {
        const [x, y] = [stroke.points[i] * k, stroke.points[i + 1] * k];
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      if (stroke.points.length === 2) ctx.lineTo(stroke.points[0] * k + 0.1, stroke.points[1] * k);
      ctx.stroke();
    }
  };
  canvas.clear = () => {
    canvas.strokes = [];
    paint();
  };
  canvas.addEventListener("pointerdown", (event) => {
    if (canvas.strokes.length >= strokeLimit || count() >= pointLimit) {
      app.announce("The page is full. Put it in your house, or start again.");
      return;
    }
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    const form = canvas.closest("form");
    const chosen = form && form.querySelector('input[name="colour"]:checked');
    current = { colour: chosen ? chosen.value : "black", points: at(event) };
    canvas.strokes.push(current);
    paint();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!current) return;
    const [x, y] = at(event);
    const n = current.points.length;
    // Keep a point only when the finger has moved a little: fewer points, same picture.
    if (Math.abs(x - current.points[n - 2]) + Math.abs(y - current.points[n - 1]) < 8) return;
    if (count() >= pointLimit) {
      current = null;
      app.announce("The page is full. Put it in your house, or start again.");
      return;
    }
    current.points.push(x, y);
    paint();
  });
  const end = () => {
    current = null;
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  queueMicrotask(paint);
  return h(
    "div",
    { class: "pad", dataset: { key: `${panel}-pad-box` } },
    canvas,
    button("Start the drawing again", { action: "clear-pad", panel }, { cls: "secondary small" }),
  );
}
