// The board as the browser holds it: the `snapshot` frame's board, changed by each
// `event` frame's `changes` exactly as `apply_changes` in board/projections/changes.py
// changes a board held as plain data. The server works out what each event changed,
// already cut for this screen's audience; nothing here knows one fact from another.
// Objects keep the order the server wrote them in (ids are never array indexes), so
// danger statements are numbered in the order they were written, as on the server.

export class GapError extends Error {}

/** Set an own property (a key such as "__proto__" is data here, as in JSON.parse). */
function setKey(target, key, value) {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Put `value` at `path` (making the objects on the way), or remove what is there. */
export function applyChange(board, change) {
  const path = change.path;
  let target = board;
  for (const key of path.slice(0, -1)) {
    const next = Object.hasOwn(target, key) ? target[key] : undefined;
    if (next === null || typeof next !== "object") setKey(target, key, {});
    target = target[key];
  }
  const last = path[path.length - 1];
  if (change.type === "put") setKey(target, last, change.value);
  else if (change.type === "remove") delete target[last];
}

/**
 * Apply one `event` frame. Returns false for an event already applied; throws
 * GapError if events are missing (the caller reconnects to be sent them).
 */
export function applyEvent(board, frame) {
  if (frame.position <= board.position) return false;
  if (frame.position !== board.position + 1) {
    throw new GapError(`event ${frame.position} cannot follow ${board.position}`);
  }
  for (const change of frame.changes || []) applyChange(board, change);
  board.position = frame.position;
  board.at = frame.at;
  return true;
}

function openMeeting(board) {
  return board.open_meeting_id ? board.meetings[board.open_meeting_id] || null : null;
}

// -- the questions the views ask, as on the server's Board ------------------------

export const theOpenMeeting = openMeeting;

export function itemsIn(board, domain) {
  return Object.values(board.items).filter((item) => !item.removed && item.domain === domain);
}

export function currentDangerStatements(board) {
  return Object.values(board.danger_statements).filter((s) => !s.retired);
}

export function dangerStatementNumber(board, statementId) {
  return Object.keys(board.danger_statements).indexOf(statementId) + 1;
}

export function goalsFor(board, statementId) {
  return Object.values(board.safety_goals).filter((g) => g.statement_id === statementId);
}

/** The rules agreed and in force (not suggestions waiting, nor set aside). */
export function currentPlan(board) {
  return Object.values(board.plan).filter((rule) => !rule.retired && !rule.proposed && !rule.set_aside);
}

/** Rules suggested from phones that the room has not agreed or set aside yet. */
export function proposals(board) {
  return Object.values(board.plan).filter((rule) => rule.proposed && !rule.retired && !rule.set_aside);
}

export function rulesAddressing(board, statementId) {
  return currentPlan(board).filter((rule) => rule.addresses.includes(statementId));
}

/** The rules that name a statement, by part of the plan (`planParts`: the page's
 * words.plan_parts). Only the family's count as addressing it; the bottom lines and
 * what professionals will do are listed beside (board/projections/addressing.py). */
export function addressingParts(board, statementId, planParts) {
  const rules = rulesAddressing(board, statementId);
  const inPart = (key) => {
    const part = planParts.find((p) => p.key === key);
    return part ? rules.filter((rule) => part.kinds.includes(rule.kind)) : [];
  };
  return { family: inPart("family"), bottomLines: inPart("bottom_lines"), professionals: inPart("professionals") };
}

/** The sender's own change that "undo" would reverse, or null. */
export function myLastUndo(board, participantId) {
  const steps = (board.undo_steps || {})[participantId] || [];
  return steps.length ? steps[steps.length - 1] : null;
}

export function openRound(board) {
  return Object.values(board.scaling_rounds).find((r) => !r.closed) || null;
}

// The board's collections of things people write, keyed by id: a change put into one
// of them highlights that thing for a moment.
const HIGHLIGHTED = new Set(["items", "danger_statements", "safety_goals", "harm_statements", "plan"]);

/** The things on the board an event changed, to highlight them for a moment: the ids
 * of the things it put (whole or in part) into the collections people write in. */
export function freshIds(changes) {
  const ids = new Set();
  for (const change of changes) {
    const path = change.path;
    if (change.type === "put" && path.length >= 2 && HIGHLIGHTED.has(path[0])) ids.add(path[1]);
  }
  return [...ids];
}

// What an editor edits, by the kind its panel names ("edit:item:ID" and so on).
const WRITTEN = {
  item: "items",
  danger: "danger_statements",
  goal: "safety_goals",
  harm: "harm_statements",
  rule: "plan",
};

/** The thing of a kind people write (item, danger, goal, harm, rule) with that id, as
 *  the board has it now, or undefined. */
export function writtenThing(board, kind, id) {
  if (!Object.hasOwn(WRITTEN, kind)) return undefined;
  const things = board[WRITTEN[kind]];
  return Object.hasOwn(things, id) ? things[id] : undefined;
}

// The meeting a case starts with, by framework, before any is held: a child protection
// case's family network meeting comes before its initial conference (the seeds' flow
// charts); the others start with their own planning or review meeting.
const FIRST_MEETING = {
  safety: "family_network",
  wellbeing: "wellbeing_planning",
  success: "placement_planning",
  stability: "placement_stability",
};
// What usually follows a meeting of each kind; a kind not named here is held again.
const NEXT_MEETING = {
  family_network: "icpc",
  rapid_family_network: "icpc",
  icpc: "core_group",
  review_conference: "core_group",
};

/** The meeting kind the chair's "Which meeting?" starts at: the case's first meeting
 *  when none has been held, else what usually follows the latest. The chair can
 *  choose any other. */
export function suggestedMeetingKind(board) {
  const held = Object.values(board.meetings || {}).sort((a, b) => a.opened.position - b.opened.position);
  if (!held.length) return FIRST_MEETING[board.framework] || "family_network";
  const last = held[held.length - 1].kind;
  return NEXT_MEETING[last] || last;
}
