// Danger statements beside their safety goals, each flagged while it has no goal or
// no rule of the plan addressing it; locking agreed words; the family's own views kept
// beside a statement; retired statements; harm statements.

import { h } from "../dom.js";
import { addressingParts, currentDangerStatements, dangerStatementNumber, goalsFor } from "../model.js";
import { addressingWords, capital, clip } from "../words.js";
import { audienceNote, button, cancel, conflictPanel, field, flag, formError, submit } from "./controls.js";

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
      "Who is worried, about what is happening (what someone does), and what could happen to the child if nothing changes.") : null,
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
  const parts = addressingParts(board, statement.statement_id, app.words.plan_parts);
  const rules = parts.family;
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
      audienceNote(app, "danger_statements", statement, statement.statement_id, `${fw.danger_statement} ${number}`),
      statement.locked ? lockedBadge() : null,
      app.ui.open.has(editPanel) && !statement.locked
        ? textEditor(app, editPanel, "danger", statement.statement_id, statement.changed, statement.text)
        : h("p", { class: "statement-text" }, statement.text),
      familyViews(app, statement, number),
      goals.length ? null : flag(`No ${fw.safety_goal} yet`),
      rules.length ? h("p", { class: "addressed" }, addressingWords(parts)) : flag(addressingWords(parts)),
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
                audienceNote(app, "safety_goals", goal, goal.goal_id, `${fw.safety_goal} for ${fw.danger_statement} ${number}`),
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
                hint: `${capital(fw.goal_shows)}.`,
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
  const harm = app.framework().harm; // "harm statement", or the framework's own (W3)
  const statements = Object.values(app.board.harm_statements);
  const staff = app.can("write_harm_statement");
  if (!statements.length && !staff) return null;
  return h(
    "div",
    { class: "harm-statements", dataset: { key: "harm" } },
    h("h3", null, harm.heading),
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
              audienceNote(app, "harm_statements", s, s.statement_id, `${harm.one} “${clip(s.text)}”`),
              staff && !app.ui.open.has(panel)
                ? h("div", { class: "controls" }, button("Change", { action: "edit", kind: "harm", id: s.statement_id }, {
                    cls: "small secondary",
                    hiddenLabel: `: ${clip(s.text)}`,
                  }))
                : null,
            );
          }),
        )
      : h("p", { class: "empty" }, `No ${harm.many} yet.`),
    staff ? writeForm(app, "write-harm", `Write a ${harm.one}`, `New ${harm.one}`,
      "What happened, how often, how serious it was, and what it did to the child.") : null,
  );
}
