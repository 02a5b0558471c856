// The safety plan in its parts: suggestions from phones waiting for the room (agree,
// change then agree, set aside), the rules agreed with what they address, a person's
// own part, each rule in the child's words, and the form that adds or amends a rule.

import { h } from "../dom.js";
import { currentDangerStatements, currentPlan, dangerStatementNumber, proposals } from "../model.js";
import { capital, clip, listWords, ruleSaid, ruleSentence, ruleText, safeId, withChild } from "../words.js";
import { audienceNote, button, byline, cancel, conflictPanel, field, flag, formError, select, submit } from "./controls.js";

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
    h("p", { class: "intro" }, `What everyone will do, day to day, ${withChild(fw.plan_purpose, board.child_name)}, even when things become difficult.`),
    mine.length
      ? h(
          "section",
          { class: "my-part", "aria-labelledby": "my-part-heading", dataset: { key: "my-part" } },
          h("h3", { id: "my-part-heading" }, "Your part in the plan"),
          h("ul", null, mine.map((rule) => h("li", { dataset: { key: `mine-${rule.rule_id}` } }, ruleSentence(rule)))),
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
                h("ol", { class: "rules", dataset: { key: "rules" } }, inPart.map((rule) => ruleView(app, rule, part))),
              )
            : null;
        })
      : h("p", { class: "empty", dataset: { key: "none" } }, "The plan has no rules yet."),
    app.can("add_plan_rule") ? addRule(app, suggest) : null,
  );
}

export function proposalView(app, rule) {
  const kindName = app.words.plan_rule_kinds[rule.kind] || rule.kind;
  const agreePanel = `agree-rule:${rule.rule_id}`;
  const asidePanel = `aside-rule:${rule.rule_id}`;
  const same = rule.same_words_as ? app.board.plan[rule.same_words_as] : null;
  const mayAgree = app.can("agree_plan_rule");
  const label = ` the suggestion: ${clip(ruleSentence(rule))}`;
  return h(
    "li",
    { class: `rule proposal rule-${rule.kind}${app.isFresh(rule.rule_id) ? " fresh" : ""}`, dataset: { key: rule.rule_id } },
    h("p", { class: "rule-kind" }, h("span", { class: `badge badge-${rule.kind}` }, kindName), " ", h("span", { class: "suggested-by" }, `suggested by ${rule.added.by.name}`)),
    app.ui.open.has(agreePanel)
      ? ruleForm(app, agreePanel, rule, false, true)
      : [
          ruleTextLine(rule),
          addressesText(app, rule) ? h("p", { class: "addresses" }, addressesText(app, rule)) : null,
          same && !same.retired ? flag(`The plan already says this: “${clip(ruleSentence(same), 80)}”`) : null,
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

/** A rule's words as one sentence, the who in bold when it is said (W1). */
function ruleTextLine(rule) {
  const { who, rest } = ruleSaid(rule);
  return h("p", { class: "rule-text" }, who ? [h("strong", null, who), " "] : null, rest);
}

function addressesText(app, rule) {
  const fw = app.framework();
  const numbers = rule.addresses.map((id) => dangerStatementNumber(app.board, id)).filter((n) => n > 0);
  if (!numbers.length) return null;
  return `Addresses ${fw.danger_statement}${numbers.length > 1 ? "s" : ""} ${listWords(numbers.map(String))}`;
}

function ruleView(app, rule, part = null) {
  const kindName = app.words.plan_rule_kinds[rule.kind] || rule.kind;
  // Under its part's heading a kind of the same name is not said again (W12).
  const badge = part && part.name === kindName ? null : h("span", { class: `badge badge-${rule.kind}` }, kindName);
  const editPanel = `edit:rule:${rule.rule_id}`;
  const retirePanel = `retire-rule:${rule.rule_id}`;
  const mayChange = app.can("amend_plan_rule") && app.mayChange(rule.added.by);
  const addresses = addressesText(app, rule);
  return h(
    "li",
    { class: `rule rule-${rule.kind}${app.isFresh(rule.rule_id) ? " fresh" : ""}`, dataset: { key: rule.rule_id } },
    badge ? h("p", { class: "rule-kind" }, badge) : null,
    audienceNote(app, "plan", rule, rule.rule_id, `rule “${clip(`${rule.who} ${rule.what}`)}”`),
    app.ui.open.has(editPanel)
      ? ruleForm(app, editPanel, rule)
      : [
          ruleTextLine(rule),
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
                    hiddenLabel: ` the rule: ${clip(ruleSentence(rule))}`,
                  }),
                  app.ui.open.has(retirePanel)
                    ? null
                    : button("Retire…", { action: "open", panel: retirePanel }, {
                        cls: "small secondary",
                        hiddenLabel: ` the rule: ${clip(ruleSentence(rule))}`,
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
      ? button(`In ${who}'s words…`, { action: "open", panel }, { cls: "small secondary", hiddenLabel: ` the rule: ${clip(ruleSentence(rule))}` })
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

function addRule(app, suggest) {
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
    rule && !agree ? conflictPanel(app, panel, rule.changed, ruleText(rule)) : null,
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
