// Scaling's arithmetic: the middle score, the spread by group, who has scaled. Plain
// functions of the board's rounds (tests/js/scores.test.js); views/scaling.js and
// wall/round.js draw what they say.

/** The middle score (the median) of some scores, or null if there are none. */
export function middleScore(scores) {
  if (!scores.length) return null;
  const sorted = [...scores].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

/** Every score from `low` to `high`: the scale's axis. */
export function scaleSteps(low, high) {
  const steps = [];
  for (let s = low; s <= high; s += 1) steps.push(s);
  return steps;
}

/** The votes in two groups, family and network apart from professionals:
 *  [label, votes, css class] each, the votes in the order given. */
export function scoreGroups(votes, familyRoles) {
  const family = new Set(familyRoles);
  return [
    ["Family and network", votes.filter((v) => family.has(v.role)), "family"],
    ["Professionals", votes.filter((v) => !family.has(v.role)), "professional"],
  ];
}

/** A group's scores in words: "scored 4" for one vote, "from 2 to 7" for more. */
export function scoreRange(votes) {
  const scores = votes.map((v) => v.score);
  return scores.length === 1 ? `scored ${scores[0]}` : `from ${Math.min(...scores)} to ${Math.max(...scores)}`;
}

/** The people here who may scale, and those who have (a person who scaled and left
 * still counts): {scaled: 4, of: 7} for "4 of 7 people here have scaled". */
export function scaledCount(presence, votes, mayScale) {
  const may = new Set(mayScale);
  const people = new Set(presence.filter((p) => !p.in_lobby && may.has(p.role)).map((p) => p.participant_id));
  for (const id of Object.keys(votes)) people.add(id);
  return { scaled: Object.keys(votes).length, of: people.size };
}

/** The latest question about a statement whose scores were shown, or null. */
export function latestScale(board, statementId) {
  const rounds = Object.values(board.scaling_rounds).filter((r) => r.statement_id === statementId && r.revealed);
  return rounds.length ? rounds[rounds.length - 1] : null;
}

/** Whose scores are in so far, by group, not counting the chair (who runs the round):
 *  "2 of the 3 family and network members here have scaled", with the professionals
 *  here after it when there are any. A person who scaled and left still counts. */
export function scaledWords(presence, votes, { mayScale, familyRoles }) {
  const may = new Set(mayScale);
  const family = new Set(familyRoles);
  const groups = { family: { scaled: new Set(), here: new Set() }, professional: { scaled: new Set(), here: new Set() } };
  const groupOf = (role) => (family.has(role) ? groups.family : groups.professional);
  for (const p of presence) {
    if (!p.in_lobby && may.has(p.role) && p.role !== "chair") groupOf(p.role).here.add(p.participant_id);
  }
  for (const [id, vote] of Object.entries(votes)) {
    const group = groupOf(vote.role);
    group.here.add(id);
    group.scaled.add(id);
  }
  const counted = (group, one, many) => `${group.scaled.size} of the ${group.here.size} ${group.here.size === 1 ? one : many}`;
  const fam = groups.family;
  const pro = groups.professional;
  if (!fam.here.size && !pro.here.size) return "Nobody here has scaled yet";
  const verb = (group) => (group.scaled.size === 1 || group.here.size === 1 ? "has" : "have");
  if (!pro.here.size) return `${counted(fam, "family or network member", "family and network members")} here ${verb(fam)} scaled`;
  if (!fam.here.size) return `${counted(pro, "professional", "professionals")} here ${verb(pro)} scaled`;
  return `${counted(fam, "family or network member", "family and network members")} here ${verb(fam)} scaled, and ${counted(pro, "professional", "professionals")}`;
}
