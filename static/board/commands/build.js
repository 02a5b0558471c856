// The commands the forms send, made from what the person wrote (a FormData, or
// anything with its get / getAll / has). Plain functions (tests/js/build.test.js):
// commands/forms.js sends what they make. The server checks every command again; these
// only say it in the protocol's words (docs/protocol.md).

import { ruleText } from "../words.js";

/** A form's text field, "" when it is missing (or a file). */
export function formText(data, name) {
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}

/** A rule's who, what, when, the statements it addresses and (when the form lists
 *  them) the people it names. */
export function ruleFields(data, withPeople) {
  return {
    who: formText(data, "who"),
    what: formText(data, "what"),
    when: formText(data, "when"),
    addresses: data.getAll("addresses").map(String),
    ...(withPeople ? { person_ids: data.getAll("person_ids").map(String) } : {}),
  };
}

export function addItemCommand(domain, data) {
  return {
    type: "add_item",
    domain,
    text: formText(data, "text"),
    kind: formText(data, "kind") || "judgement",
    source: formText(data, "source"),
    source_kind: formText(data, "source_kind") || "not_said",
  };
}

const REVISE = {
  danger: ["revise_danger_statement", "statement_id"],
  goal: ["revise_safety_goal", "goal_id"],
  harm: ["revise_harm_statement", "statement_id"],
};

/**
 * An editor's save: the command, based on the position of the version the person
 * started from, and `mine`, their words as an editor shows them beside the other
 * version if someone else changed it meanwhile. Null for a kind nothing edits.
 */
export function editCommand(kind, id, data, basedOn, { withPeople = false } = {}) {
  const base = { based_on: basedOn };
  const words = formText(data, "text");
  if (kind === "item") {
    const command = {
      type: "edit_item",
      item_id: id,
      text: words,
      kind: formText(data, "kind"),
      source: formText(data, "source"),
      source_kind: formText(data, "source_kind") || "not_said",
      ...base,
    };
    return { command, mine: words };
  }
  if (kind === "rule") {
    const command = { type: "amend_plan_rule", rule_id: id, ...ruleFields(data, withPeople), ...base };
    return { command, mine: ruleText(command) };
  }
  if (!Object.hasOwn(REVISE, kind)) return null;
  const [type, idName] = REVISE[kind];
  return { command: { type, [idName]: id, text: words, ...base }, mine: words };
}

export function addRuleCommand(data) {
  return { type: "add_plan_rule", kind: formText(data, "kind") || "rule", ...ruleFields(data, true) };
}

export function agreeRuleCommand(ruleId, data, { withPeople = false } = {}) {
  return { type: "agree_plan_rule", rule_id: ruleId, ...ruleFields(data, withPeople) };
}

/** A score from 0 to 10 with the person's reasons, or null when no score is chosen. */
export function voteCommand(roundId, data) {
  const score = data.get("score");
  if (score === null) return null;
  return { type: "cast_vote", round_id: roundId, score: Number(score), narrative: formText(data, "narrative") };
}

/** A score someone without a device said aloud, recorded for them by a worker. */
export function voteForCommand(roundId, data) {
  return {
    type: "record_vote_for",
    round_id: roundId,
    person_id: formText(data, "person_id"),
    score: Number(data.get("score")),
    narrative: formText(data, "narrative"),
  };
}

export function openRoundCommand(data) {
  return {
    type: "open_scaling_round",
    question: formText(data, "question"),
    zero_means: formText(data, "zero_means"),
    ten_means: formText(data, "ten_means"),
    statement_id: formText(data, "statement_id") || null,
    child_question: formText(data, "child_question"),
    child_zero_means: formText(data, "child_zero_means"),
    child_ten_means: formText(data, "child_ten_means"),
  };
}

export function closeMeetingCommand(data) {
  return { type: "close_meeting", decision: formText(data, "decision"), without_child_views: data.get("without_child_views") === "yes" };
}

/** What a child said or drew, in which house; which child and how only when given. */
export function childViewCommand(data, drawing) {
  const command = { type: "record_child_view", house: formText(data, "house"), text: formText(data, "text"), drawing };
  const child = formText(data, "child_id");
  if (child) command.child_id = child;
  const how = formText(data, "how");
  if (how) command.how = how;
  // The child's own channel: "just for my worker", until the child says yes.
  if (data.get("kept") === "yes") command.kept_for_professionals = true;
  return command;
}

export function childsWordsCommand(ruleId, data) {
  const command = { type: "put_rule_in_childs_words", rule_id: ruleId, text: formText(data, "text"), picture: formText(data, "picture") };
  if (data.has("child_id")) command.child_id = formText(data, "child_id");
  return command;
}

/** The agenda timer's frame ({label, seconds}), or {error} when it says not what for. */
export function timerFrame(data) {
  const label = formText(data, "label").trim();
  const minutes = Number(formText(data, "minutes")) || 5;
  if (!label) return { error: "Please say what the timer is for, for example \u201cThe plan\u201d." };
  return { type: "timer", label, seconds: minutes * 60 };
}

/** The body of POST .../invites: for a named person of the case, or for a role. */
export function inviteBody(data) {
  const personId = formText(data, "person_id");
  const hours = Number(formText(data, "hours")) || 12;
  return personId ? { person_id: personId, hours } : { role: formText(data, "role"), hours };
}
