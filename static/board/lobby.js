// Who is waiting to be let in, and as whom: plain functions of the presence list and
// the board (tests/js/commands.test.js). Whom someone waiting is let in as is the
// server's to propose (GET .../lobby, from board.commands.people.lobby_proposal);
// until it has said, only a named invite decides. Which code the wall shows is here
// too (wallInvite).

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
 *  it has said), else the person their named invite was for. `personId` is "new" for
 *  someone new to the case, "" when the chair must choose: the server has not said
 *  yet, or the name they typed matches a person of the case (`check` is that person:
 *  a name is a hint, never chosen for them). The role is that person's. */
export function proposedAdmission(waiting, found) {
  if (!found) return { personId: waiting.invited_as || "", role: waiting.role, check: "" };
  if (found.proposed_person_id) return { personId: found.proposed_person_id, role: found.proposed_role, check: "" };
  if (found.says_they_are) return { personId: "", role: found.proposed_role, check: found.says_they_are };
  return { personId: "new", role: found.proposed_role, check: "" };
}

/** The admit_participant command for someone waiting. */
export function admitCommand(waiting, personId, role) {
  const command = { type: "admit_participant", participant_id: waiting.participant_id, name: waiting.name, role };
  if (personId && personId !== "new") command.person_id = personId;
  if (personId === "new") command.as_new_person = true;
  return command;
}

/** The code the wall's join screen shows: of the codes made on this screen (`made`,
 *  newest first, each with its `invite_id`), the newest the case's list (`listed`)
 *  says is for anyone (never a named invite's: that code is one person's), for the
 *  meeting open now, and neither revoked nor expired. Null if none. */
export function wallInvite(made, listed) {
  const usable = new Set(
    (listed || []).filter((i) => !i.person_id && i.for_open_meeting && !i.revoked && !i.expired).map((i) => i.invite_id),
  );
  return (made || []).find((invite) => usable.has(invite.invite_id)) || null;
}

const MADE_KEY = "board-wall-codes:";
const MADE_KEPT = 10;

/** The codes for anyone made on this screen, kept in the tab's `storage`
 *  (sessionStorage: gone when the tab closes, never sent anywhere) so the wall's join
 *  screen shows the live code again after a reload: the server keeps only a hash. */
export function madeInvites(storage, caseId) {
  try {
    const kept = JSON.parse(storage.getItem(MADE_KEY + caseId) || "[]");
    return Array.isArray(kept) ? kept.filter((i) => i && typeof i.code === "string" && typeof i.invite_id === "string") : [];
  } catch {
    return [];
  }
}

/** Keep the codes for anyone among `made` (newest first); a named invite's code is
 *  never kept. */
export function keepMadeInvites(storage, caseId, made) {
  const anyone = made.filter((i) => !i.person_id).slice(0, MADE_KEPT);
  try {
    storage.setItem(MADE_KEY + caseId, JSON.stringify(anyone.map(({ code, link, role, hours, invite_id }) => ({ code, link, role, hours, invite_id }))));
  } catch {
    // storage full or refused: the wall forgets at a reload, as before
  }
}
