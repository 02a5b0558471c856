// Whose a thing is, for the chair's own screen: the twin of `for_professionals_only` in
// board/projections/visibility.py (the one rule), read from the staff board the server
// sent, so the chair sees plainly what the room does not. It decides nothing the
// server relies on: the wall and every phone are sent a board already cut by the
// server. tests/js/audience.test.js checks it against the server's answer on a case
// with a strategy meeting and a share (fixtures/make_demo_frames.py).

// Where each kind of thing records the meeting it was written in (visibility.WRITTEN_IN).
export const WRITTEN_IN = Object.freeze({
  items: "added",
  danger_statements: "written",
  safety_goals: "written",
  harm_statements: "written",
  scaling_rounds: "opened",
  plan: "added",
  people: "added",
  children: "added",
  outcomes: "recorded",
  next_steps: "agreed",
  milestones: "agreed",
  child_views: "recorded",
  copies_given: "given",
});

function inCamera(board, meetingId) {
  const meeting = meetingId ? (board.meetings || {})[meetingId] : null;
  return Boolean(meeting && meeting.professionals_only);
}

/**
 * Is this thing for professionals only, as the board stands? Written in a meeting for
 * professionals only (an outcome also when it is such a meeting's) and not shared with
 * the family since; a safety goal goes with its danger statement.
 */
export function professionalsOnly(board, collection, thing) {
  const stamp = thing[WRITTEN_IN[collection]];
  const own =
    !thing.shared &&
    (inCamera(board, stamp ? stamp.meeting_id : null) || (collection === "outcomes" && inCamera(board, thing.meeting_id)));
  if (collection === "safety_goals") {
    const statement = (board.danger_statements || {})[thing.statement_id];
    if (statement) {
      if (professionalsOnly(board, "danger_statements", statement)) return true;
      return own && !statement.shared;
    }
  }
  return own;
}
