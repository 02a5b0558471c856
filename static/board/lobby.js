// Who is waiting to be let in, and as whom: plain functions of the presence list and
// the board (tests/js/lobby.test.js). Whom someone waiting is let in as is the
// server's to propose (GET .../lobby, from board.commands.people.proposed_person);
// until it has said, the invite decides, by the same rule.

/** The people of the case a guest can be let in as: not retired, not staff. */
export function networkPeople(board, staffRoles) {
  const people = Object.values((board && board.people) || {});
  return people.filter((p) => !p.retired && !staffRoles.includes(p.role));
}

/** Who is waiting, in a steady order (by name), so the list does not jump about. */
export function waitingPeople(presence) {
  const waiting = presence.filter((p) => p.in_lobby);
  return waiting.sort((a, b) => a.name.localeCompare(b.name) || a.participant_id.localeCompare(b.participant_id));
}

/** Those waiting now who were not waiting before. */
export function newlyWaiting(before, now) {
  const waitingBefore = new Set(before.filter((p) => p.in_lobby).map((p) => p.participant_id));
  return waitingPeople(now).filter((p) => !waitingBefore.has(p.participant_id));
}

/** Whom to let someone waiting in as: the server's proposal (`found`, undefined until
 *  it has said), else the person they were invited as; "new" is someone new to the
 *  case, "" lets the server decide. */
export function proposedAdmission(waiting, found) {
  return {
    personId: found ? found.proposed_person_id || "new" : waiting.invited_as || "",
    role: found ? found.proposed_role : waiting.role,
  };
}

/** The admit_participant command for someone waiting. */
export function admitCommand(waiting, personId, role) {
  const command = { type: "admit_participant", participant_id: waiting.participant_id, name: waiting.name, role };
  if (personId && personId !== "new") command.person_id = personId;
  if (personId === "new") command.as_new_person = true;
  return command;
}
