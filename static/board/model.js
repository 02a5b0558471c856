// The board as the browser holds it: the `snapshot` frame's board, changed by each
// `event` frame exactly as board/projections/board.py changes it (one fold per fact).
// Objects keep the order the server wrote them in (ids are never array indexes), so
// danger statements are numbered in the order they were written, as on the server.

function stamp(frame) {
  return {
    position: frame.position,
    at: frame.at,
    by: frame.by,
    meeting_id: frame.meeting_id,
    undid: frame.fact.undoes !== null && frame.fact.undoes !== undefined,
  };
}

function openMeeting(board) {
  return board.open_meeting_id ? board.meetings[board.open_meeting_id] || null : null;
}

const FOLDS = {
  CaseOpened(board, fact) {
    board.child_name = fact.child_name;
    board.family_name = fact.family_name;
    board.framework = fact.framework;
  },
  MeetingOpened(board, fact, at) {
    board.meetings[fact.meeting_id] = {
      meeting_id: fact.meeting_id,
      kind: fact.kind,
      title: fact.title,
      opened: at,
      closed: null,
      decision: "",
      participants: {},
    };
    board.open_meeting_id = fact.meeting_id;
  },
  ParticipantAdmitted(board, fact) {
    const meeting = openMeeting(board);
    if (meeting) {
      meeting.participants[fact.participant_id] = {
        participant_id: fact.participant_id,
        name: fact.name,
        role: fact.role,
        present: true,
      };
    }
  },
  ParticipantLeft(board, fact) {
    const meeting = openMeeting(board);
    if (meeting && meeting.participants[fact.participant_id]) {
      meeting.participants[fact.participant_id].present = false;
    }
  },
  MeetingClosed(board, fact, at) {
    const meeting = board.meetings[fact.meeting_id];
    meeting.closed = at;
    meeting.decision = fact.decision;
    for (const participant of Object.values(meeting.participants)) participant.present = false;
    board.open_meeting_id = null;
  },
  ItemAdded(board, fact, at) {
    board.items[fact.item_id] = {
      item_id: fact.item_id,
      domain: fact.domain,
      text: fact.text,
      kind: fact.kind,
      source: fact.source,
      added: at,
      changed: at,
      removed: false,
    };
  },
  ItemEdited(board, fact, at) {
    Object.assign(board.items[fact.item_id], {
      text: fact.text,
      kind: fact.kind,
      source: fact.source,
      changed: at,
    });
  },
  ItemMoved(board, fact, at) {
    Object.assign(board.items[fact.item_id], { domain: fact.domain, changed: at });
  },
  ItemRemoved(board, fact, at) {
    Object.assign(board.items[fact.item_id], { removed: true, changed: at });
  },
  ItemRestored(board, fact, at) {
    Object.assign(board.items[fact.item_id], { removed: false, changed: at });
  },
  DangerStatementWritten(board, fact, at) {
    board.danger_statements[fact.statement_id] = {
      statement_id: fact.statement_id,
      text: fact.text,
      written: at,
      changed: at,
      retired: false,
      retired_reason: "",
      locked: false,
      family_views: {},
    };
  },
  DangerStatementRevised(board, fact, at) {
    Object.assign(board.danger_statements[fact.statement_id], { text: fact.text, changed: at });
  },
  DangerStatementRetired(board, fact, at) {
    Object.assign(board.danger_statements[fact.statement_id], {
      retired: true,
      retired_reason: fact.reason,
      changed: at,
    });
  },
  SafetyGoalWritten(board, fact, at) {
    board.safety_goals[fact.goal_id] = {
      goal_id: fact.goal_id,
      statement_id: fact.statement_id,
      text: fact.text,
      written: at,
      changed: at,
      locked: false,
    };
  },
  SafetyGoalRevised(board, fact, at) {
    Object.assign(board.safety_goals[fact.goal_id], { text: fact.text, changed: at });
  },
  HarmStatementWritten(board, fact, at) {
    board.harm_statements[fact.statement_id] = {
      statement_id: fact.statement_id,
      text: fact.text,
      written: at,
      changed: at,
    };
  },
  HarmStatementRevised(board, fact, at) {
    Object.assign(board.harm_statements[fact.statement_id], { text: fact.text, changed: at });
  },
  StatementLocked(board, fact) {
    lockable(board, fact.statement_id).locked = true;
  },
  StatementUnlocked(board, fact) {
    lockable(board, fact.statement_id).locked = false;
  },
  FamilyViewRecorded(board, fact, at) {
    const views = board.danger_statements[fact.statement_id].family_views;
    const who = at.by;
    if (fact.text) {
      views[who.participant_id] = {
        participant_id: who.participant_id,
        name: who.name,
        role: who.role,
        text: fact.text,
        recorded: at,
      };
    } else {
      delete views[who.participant_id];
    }
  },
  ScalingRoundOpened(board, fact, at) {
    board.scaling_rounds[fact.round_id] = {
      round_id: fact.round_id,
      question: fact.question,
      zero_means: fact.zero_means,
      ten_means: fact.ten_means,
      statement_id: fact.statement_id ?? null,
      opened: at,
      votes: {},
      revealed: false,
      show_names: false,
      closed: false,
    };
  },
  VoteCast(board, fact, at) {
    const who = at.by;
    board.scaling_rounds[fact.round_id].votes[who.participant_id] = {
      participant_id: who.participant_id,
      name: who.name,
      role: who.role,
      score: fact.score,
      narrative: fact.narrative,
      cast: at,
    };
  },
  VotesRevealed(board, fact) {
    Object.assign(board.scaling_rounds[fact.round_id], {
      revealed: true,
      show_names: fact.show_names,
    });
  },
  ScalingRoundClosed(board, fact) {
    board.scaling_rounds[fact.round_id].closed = true;
  },
  PlanRuleAdded(board, fact, at) {
    board.plan[fact.rule_id] = {
      rule_id: fact.rule_id,
      kind: fact.kind,
      who: fact.who,
      what: fact.what,
      when: fact.when,
      addresses: [...fact.addresses],
      added: at,
      changed: at,
      retired: false,
      retired_reason: "",
    };
  },
  PlanRuleAmended(board, fact, at) {
    Object.assign(board.plan[fact.rule_id], {
      who: fact.who,
      what: fact.what,
      when: fact.when,
      addresses: [...fact.addresses],
      changed: at,
    });
  },
  PlanRuleRetired(board, fact, at) {
    Object.assign(board.plan[fact.rule_id], {
      retired: true,
      retired_reason: fact.reason,
      changed: at,
    });
  },
};

function lockable(board, statementId) {
  return board.danger_statements[statementId] || board.safety_goals[statementId];
}

// -- undo: what would reverse each person's changes (board/projections/undo.py) ----

let undoDepth = 20; // steps kept per person; the page sets it from the server's value

export function setUndoDepth(depth) {
  undoDepth = depth;
}

function fact(type, fields) {
  return { type, ...fields, undoes: null };
}

/** [entity id, the fact that reverses `f`] on the board before `f`, or null. */
function inverseOf(board, f) {
  switch (f.type) {
    case "ItemAdded":
      return [f.item_id, fact("ItemRemoved", { item_id: f.item_id })];
    case "ItemEdited": {
      const item = board.items[f.item_id];
      return [item.item_id, fact("ItemEdited", { item_id: item.item_id, text: item.text, kind: item.kind, source: item.source })];
    }
    case "ItemMoved": {
      const item = board.items[f.item_id];
      return [item.item_id, fact("ItemMoved", { item_id: item.item_id, domain: item.domain })];
    }
    case "ItemRemoved":
      return [f.item_id, fact("ItemRestored", { item_id: f.item_id })];
    case "ItemRestored":
      return [f.item_id, fact("ItemRemoved", { item_id: f.item_id })];
    case "DangerStatementWritten":
      return [f.statement_id, fact("DangerStatementRetired", { statement_id: f.statement_id, reason: "Taken back by the person who wrote it." })];
    case "DangerStatementRevised":
      return [f.statement_id, fact("DangerStatementRevised", { statement_id: f.statement_id, text: board.danger_statements[f.statement_id].text })];
    case "SafetyGoalRevised":
      return [f.goal_id, fact("SafetyGoalRevised", { goal_id: f.goal_id, text: board.safety_goals[f.goal_id].text })];
    case "HarmStatementRevised":
      return [f.statement_id, fact("HarmStatementRevised", { statement_id: f.statement_id, text: board.harm_statements[f.statement_id].text })];
    case "PlanRuleAdded":
      return [f.rule_id, fact("PlanRuleRetired", { rule_id: f.rule_id, reason: "Taken back by the person who proposed it." })];
    case "PlanRuleAmended": {
      const rule = board.plan[f.rule_id];
      return [rule.rule_id, fact("PlanRuleAmended", { rule_id: rule.rule_id, who: rule.who, what: rule.what, when: rule.when, addresses: [...rule.addresses] })];
    }
    default:
      return null;
  }
}

function rememberUndo(board, frame, undo) {
  if (!board.undo_steps) board.undo_steps = {};
  const person = frame.by.participant_id;
  const steps = board.undo_steps[person] || [];
  if (frame.fact.undoes !== null && frame.fact.undoes !== undefined) {
    board.undo_steps[person] = steps.filter((step) => step.position !== frame.fact.undoes);
  } else if (undo) {
    const [entityId, inverse] = undo;
    board.undo_steps[person] = [...steps, { position: frame.position, entity_id: entityId, inverse }].slice(-undoDepth);
  }
}

export class GapError extends Error {}

/** A fact this script has no fold for (a newer server): the board must be re-sent. */
export class UnknownFactError extends Error {}

/**
 * Apply one `event` frame. Returns false for an event already applied; throws
 * GapError if events are missing (the caller reconnects to be sent them).
 */
export function applyEvent(board, frame) {
  if (frame.position <= board.position) return false;
  if (frame.position !== board.position + 1) {
    throw new GapError(`event ${frame.position} cannot follow ${board.position}`);
  }
  const fold = FOLDS[frame.fact.type];
  if (!fold) throw new UnknownFactError(`no fold for ${frame.fact.type}`);
  const undoes = frame.fact.undoes;
  const undo = undoes === null || undoes === undefined ? inverseOf(board, frame.fact) : null;
  fold(board, frame.fact, stamp(frame));
  rememberUndo(board, frame, undo);
  board.position = frame.position;
  board.at = frame.at;
  return true;
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

export function currentPlan(board) {
  return Object.values(board.plan).filter((rule) => !rule.retired);
}

export function rulesAddressing(board, statementId) {
  return currentPlan(board).filter((rule) => rule.addresses.includes(statementId));
}

/** The sender's own change that "undo" would reverse, or null. */
export function myLastUndo(board, participantId) {
  const steps = (board.undo_steps || {})[participantId] || [];
  return steps.length ? steps[steps.length - 1] : null;
}

export function openRound(board) {
  return Object.values(board.scaling_rounds).find((r) => !r.closed) || null;
}
