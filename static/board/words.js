// The board's small ways of saying things: plain functions of plain values, with no
// page to draw on, so they are tested on their own (tests/js/words.test.js).

const NUMBER = new Intl.NumberFormat("en-GB");

export function capital(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** A text cut to `length` characters with an ellipsis, for a button's hidden label. */
export function clip(text, length = 40) {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** Text made safe to use in an element's id. */
export function safeId(text) {
  return text.replace(/[^A-Za-z0-9_-]/g, "-");
}

/** "a", "a and b", "a, b and c" */
export function listWords(words) {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

/** What addresses a statement, as the server says it (board/projections/addressing.py):
 * "The family's plan: 6 rules address it (and 1 bottom line, 3 for professionals)." */
export function addressingWords({ family, bottomLines, professionals }) {
  const beside = [
    bottomLines.length ? plural(bottomLines.length, "bottom line", "bottom lines") : "",
    professionals.length ? `${professionals.length} for professionals` : "",
  ]
    .filter(Boolean)
    .join(", ");
  if (family.length) {
    return `The family's plan: ${plural(family.length, "rule addresses", "rules address")} it${beside ? ` (and ${beside})` : ""}.`;
  }
  if (beside) return `No rule in the family's plan addresses it yet (${beside}: they do not count, as they are not the family's plan).`;
  return "No rule in the family's plan addresses it yet.";
}

export function shortTime(iso) {
  if (!iso) return "";
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return "";
  return when.toLocaleString("en-GB", {
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** "120 of 1,000 characters", or how many too many, with the limit named. */
export function counterWords(length, limit) {
  if (length > limit) return `${NUMBER.format(length - limit)} characters too many: the most is ${NUMBER.format(limit)}`;
  return `${NUMBER.format(length)} of ${NUMBER.format(limit)} characters`;
}

/** The refusal for text over its limit, before anything is sent: nothing is cut. */
export function overLimitWords(label, length, limit) {
  return `\u201c${label}\u201d is ${NUMBER.format(length)} characters; the most it can hold is ${NUMBER.format(limit)}. Please shorten it. Nothing was saved.`;
}

export function minutesWords(minutes) {
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/** The agenda timer's face: "4:05 left", or "Time is up". */
export function timerText(secondsLeft) {
  if (secondsLeft <= 0) return "Time is up";
  const minutes = Math.floor(secondsLeft / 60);
  const seconds = String(secondsLeft % 60).padStart(2, "0");
  return `${minutes}:${seconds} left`;
}

/** "Lily", "Lily and Sam": the case's children by name (the case's child before any is named). */
export function childrenNames(board) {
  const children = Object.values(board.children || {});
  return children.length ? listWords(children.map((c) => c.name)) : board.child_name;
}

/** "Lily says", "Lily and Sam say". */
export function childrenSay(board) {
  return `${childrenNames(board)} ${Object.keys(board.children || {}).length > 1 ? "say" : "says"}`;
}

/** A rule as one line, "Gran: walks Lily to school (when: every morning)": what an
 *  editor compares when someone else changed the rule meanwhile. */
/** A rule read aloud, as the server says it (family_plan.rule_said): the who in front
 * only when the words do not already say who ("Everyone" + "Lily is never…" reads
 * "Lily is never…", W1); bottom lines and the contingency plan stand alone. Returns
 * { who, rest } so a view can set the who in bold; `who` is empty when it is not said. */
export function ruleSaid(rule) {
  const who = (rule.who || "").trim();
  const what = (rule.what || "").trim().replace(/\.+$/, "");
  const condition = rule.kind === "bottom_line" || rule.kind === "contingency";
  const alone = condition || !who || /^\p{Lu}/u.test(what) || what.toLowerCase().startsWith(who.toLowerCase());
  const when = (rule.when || "").trim().replace(/\.+$/, "");
  const sentence = alone ? what : `${who} ${what}`;
  const tail = when && !sentence.toLowerCase().includes(when.toLowerCase()) ? ` (${when})` : "";
  if (alone) return { who: "", rest: `${capital(what)}${tail}.` };
  return { who, rest: `${what}${tail}.` };
}

/** The same, as one string. */
export function ruleSentence(rule) {
  const { who, rest } = ruleSaid(rule);
  return who ? `${capital(who)} ${rest}` : rest;
}

export function ruleText(rule) {
  return `${rule.who}: ${rule.what}${rule.when ? ` (when: ${rule.when})` : ""}`;
}

/** "Sam Reid (chair)": the role once, even where a name already ends with it. */
export function namedWithRole(name, roleName) {
  const trimmed = name.trim();
  const lower = trimmed.toLowerCase();
  const role = roleName.toLowerCase();
  if (lower.endsWith(`(${role})`) || lower.endsWith(`, ${role})`)) return name;
  // "Jess (mum)" is "Jess (mum, parent)", never "Jess (mum) (parent)" (W14).
  if (trimmed.endsWith(")") && trimmed.includes(" (")) return `${trimmed.slice(0, -1)}, ${roleName})`;
  return `${trimmed} (${roleName})`;
}

/** "16 June" (with the year when it is not this year's): a day as people say it. */
export function dayWords(iso, now = new Date()) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return "";
  const sameYear = when.getFullYear() === now.getFullYear();
  return when.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: sameYear ? undefined : "numeric" });
}

/** When a scaling question was asked, plainly, so a past round is never read as
 *  today's: "At the review child protection conference on 16 June" (the meeting
 *  by its kind's name), or "Asked on 16 June" outside a meeting. */
export function roundWhen(board, round, meetingNames, now = new Date()) {
  const day = dayWords(round.opened.at, now);
  const meeting = round.opened.meeting_id ? (board.meetings || {})[round.opened.meeting_id] : null;
  const name = meeting ? meetingNames[meeting.kind] || meeting.title : "";
  return name ? `At the ${name[0].toLowerCase()}${name.slice(1)} on ${day}` : `Asked on ${day}`;
}

/** Where an item came from, as its card says it (the twin of wording.source_said):
 *  "From a professional: school", "From the child", "Source: police" when its kind was
 *  not said, or "" when nothing was. `said` is the page's words.source_said. */
export function sourceSaid(item, said) {
  const source = (item.source || "").trim();
  const kind = item.source_kind || "not_said";
  const lead = said[kind] || said.not_said;
  if (kind === "not_said") return source ? `${lead}: ${source}` : "";
  return source ? `${lead}: ${source}` : lead;
}

/** A framework's words with the child's name put in where they say "{child}". */
export function withChild(template, name) {
  return (template || "").replaceAll("{child}", name);
}
