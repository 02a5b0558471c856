// static/board/commands/build.js (the command each form makes), lobby.js (who is
// waiting, and as whom they are let in) and wall/fit.js's paging.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import {
  addItemCommand,
  addRuleCommand,
  agreeRuleCommand,
  childViewCommand,
  childsWordsCommand,
  closeMeetingCommand,
  editCommand,
  formText,
  inviteBody,
  openRoundCommand,
  timerFrame,
  voteCommand,
} from "../../static/board/commands/build.js";
import {
  admitCommand,
  keepMadeInvites,
  madeInvites,
  networkPeople,
  newlyWaiting,
  proposedAdmission,
  waitingPeople,
  wallInvite,
} from "../../static/board/lobby.js";
import {
  SCALES,
  flowPageOfCards,
  flowPages,
  leastPers,
  moreWords,
  pageCount,
  pageOfCards,
  pagerWords,
  pagesFor,
} from "../../static/board/wall/fit.js";

/** A form's data, as FormData holds it (Node has FormData as the browser does). */
function form(entries) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("the commands forms make", () => {
  it("reads text, and nothing for a missing field", () => {
    const data = form([["text", "Dad shouts"]]);
    assert.equal(formText(data, "text"), "Dad shouts");
    assert.equal(formText(data, "source"), "");
  });

  it("adds an item, a judgement unless it says", () => {
    assert.deepEqual(addItemCommand("harm", form([["text", "x"]])), {
      type: "add_item",
      domain: "harm",
      text: "x",
      kind: "judgement",
      source: "",
      source_kind: "not_said",
    });
    assert.equal(addItemCommand("harm", form([["text", "x"], ["kind", "fact"]])).kind, "fact");
  });

  it("sends who an item came from beside its free text (E66)", () => {
    const command = addItemCommand("harm", form([["text", "I hid"], ["source_kind", "child"], ["source", "Lily"]]));
    assert.equal(command.source_kind, "child");
    assert.equal(command.source, "Lily");
  });

  it("edits each kind of thing, based on the version the person started from", () => {
    const text = form([["text", "New words"], ["kind", "fact"], ["source", "school"]]);
    assert.deepEqual(editCommand("item", "i1", text, 7), {
      command: { type: "edit_item", item_id: "i1", text: "New words", kind: "fact", source: "school", source_kind: "not_said", based_on: 7 },
      mine: "New words",
    });
    assert.deepEqual(editCommand("danger", "d1", text, 3).command, { type: "revise_danger_statement", statement_id: "d1", text: "New words", based_on: 3 });
    assert.deepEqual(editCommand("goal", "g1", text, 3).command, { type: "revise_safety_goal", goal_id: "g1", text: "New words", based_on: 3 });
    assert.deepEqual(editCommand("harm", "h1", text, 3).command, { type: "revise_harm_statement", statement_id: "h1", text: "New words", based_on: 3 });
    assert.equal(editCommand("meeting", "m1", text, 3), null);
    assert.equal(editCommand("constructor", "m1", text, 3), null);
  });

  it("amends a rule, naming people only when the form lists them", () => {
    const data = form([["who", "Gran"], ["what", "collects Lily"], ["when", "Fridays"], ["addresses", "d1"], ["addresses", "d2"], ["person_ids", "p1"]]);
    const { command, mine } = editCommand("rule", "r1", data, 9, { withPeople: true });
    assert.deepEqual(command, { type: "amend_plan_rule", rule_id: "r1", who: "Gran", what: "collects Lily", when: "Fridays", addresses: ["d1", "d2"], person_ids: ["p1"], based_on: 9 });
    assert.equal(mine, "Gran: collects Lily (when: Fridays)");
    assert.equal("person_ids" in editCommand("rule", "r1", data, 9).command, false);
    assert.equal("person_ids" in agreeRuleCommand("r1", data), false);
    assert.deepEqual(agreeRuleCommand("r1", data, { withPeople: true }).person_ids, ["p1"]);
  });

  it("adds a rule, a rule unless it says", () => {
    const command = addRuleCommand(form([["what", "walks Lily to school"]]));
    assert.deepEqual(command, { type: "add_plan_rule", kind: "rule", who: "", what: "walks Lily to school", when: "", addresses: [], person_ids: [] });
  });

  it("casts a vote only once a score is chosen", () => {
    assert.equal(voteCommand("r1", form([["narrative", "why"]])), null);
    assert.deepEqual(voteCommand("r1", form([["score", "0"], ["narrative", "why"]])), { type: "cast_vote", round_id: "r1", score: 0, narrative: "why" });
  });

  it("opens a round, about no statement when none is chosen", () => {
    const command = openRoundCommand(form([["question", "How safe?"], ["zero_means", "not"], ["ten_means", "safe"], ["statement_id", ""]]));
    assert.equal(command.type, "open_scaling_round");
    assert.equal(command.statement_id, null);
    assert.equal(openRoundCommand(form([["statement_id", "d1"]])).statement_id, "d1");
  });

  it("closes a meeting, without the child's views only when the chair says so", () => {
    assert.deepEqual(closeMeetingCommand(form([["decision", "plan"]])), { type: "close_meeting", decision: "plan", without_child_views: false });
    assert.equal(closeMeetingCommand(form([["without_child_views", "yes"]])).without_child_views, true);
  });

  it("records what a child said, which child and how only when given", () => {
    const drawing = [{ colour: "black", points: [1, 2] }];
    assert.deepEqual(childViewCommand(form([["house", "worries"], ["text", "Dad shouts"]]), drawing), {
      type: "record_child_view",
      house: "worries",
      text: "Dad shouts",
      drawing,
    });
    const told = childViewCommand(form([["house", "dreams"], ["child_id", "c2"], ["how", "at school"]]), []);
    assert.equal(told.child_id, "c2");
    assert.equal(told.how, "at school");
    assert.equal(told.kept_for_professionals, undefined);
    const kept = childViewCommand(form([["house", "worries"], ["text", "Dad shouts"], ["kept", "yes"]]), []);
    assert.equal(kept.kept_for_professionals, true);
  });

  it("puts a rule in the child's words, for a child when one is chosen", () => {
    assert.deepEqual(childsWordsCommand("r1", form([["text", "Gran gets me"], ["picture", "hug"]])), {
      type: "put_rule_in_childs_words",
      rule_id: "r1",
      text: "Gran gets me",
      picture: "hug",
    });
    assert.equal(childsWordsCommand("r1", form([["child_id", "c1"]])).child_id, "c1");
  });

  it("starts the timer only when it says what for", () => {
    assert.deepEqual(timerFrame(form([["label", " Safety plan "], ["minutes", "10"]])), { type: "timer", label: "Safety plan", seconds: 600 });
    assert.equal(timerFrame(form([["label", "Plan"]])).seconds, 300);
    assert.match(timerFrame(form([["label", "  "]])).error, /say what the timer is for/);
  });

  it("invites a named person, or anyone in a role", () => {
    assert.deepEqual(inviteBody(form([["person_id", "p1"], ["role", "parent"], ["hours", "4"]])), { person_id: "p1", hours: 4 });
    assert.deepEqual(inviteBody(form([["person_id", ""], ["role", "parent"]])), { role: "parent", hours: 12 });
  });
});

describe("the lobby", () => {
  const presence = [
    { participant_id: "g2", name: "Tom", role: "parent", in_lobby: true },
    { participant_id: "g1", name: "Amy", role: "network_member", in_lobby: true, invited_as: "p-pat" },
    { participant_id: "s1", name: "Sam", role: "chair", in_lobby: false },
    { participant_id: "g0", name: "Amy", role: "parent", in_lobby: true },
  ];

  it("lists those waiting by name, steadily", () => {
    assert.deepEqual(waitingPeople(presence).map((p) => p.participant_id), ["g0", "g1", "g2"]);
  });

  it("says who has started waiting", () => {
    assert.deepEqual(newlyWaiting(presence.slice(0, 2), presence).map((p) => p.participant_id), ["g0"]);
    assert.deepEqual(newlyWaiting([], []), []);
  });

  it("offers the case's people who are not staff and not retired", () => {
    const board = { people: { a: { role: "parent" }, b: { role: "chair" }, c: { role: "parent", retired: true } } };
    assert.deepEqual(networkPeople(board, ["chair", "social_worker"]), [board.people.a]);
    assert.deepEqual(networkPeople(null, ["chair"]), []);
  });

  it("lets in as the server proposes, else as invited; a typed name is only a claim", () => {
    const [, amy] = presence;
    assert.deepEqual(proposedAdmission(amy, undefined), { personId: "p-pat", role: "network_member", check: "" });
    // Not said yet, and no named invite: the chair chooses (never the server's guess by name).
    assert.deepEqual(proposedAdmission(presence[0], undefined), { personId: "", role: "parent", check: "" });
    assert.deepEqual(proposedAdmission(amy, { proposed_person_id: "p-sophie", proposed_role: "parent" }), {
      personId: "p-sophie",
      role: "parent",
      check: "",
    });
    assert.deepEqual(proposedAdmission(amy, { proposed_person_id: null, proposed_role: "parent" }), { personId: "new", role: "parent", check: "" });
    // "Esi Osei" typed with the code for anyone: a claim to check, with Esi's role, not chosen.
    const claim = { proposed_person_id: null, proposed_role: "parent", says_they_are: "p-esi", already_here: true };
    assert.deepEqual(proposedAdmission(presence[0], claim), { personId: "", role: "parent", check: "p-esi" });
  });

  it("admits as a person of the case, as someone new, or as the server decides", () => {
    const waiting = presence[1];
    const base = { type: "admit_participant", participant_id: "g1", name: "Amy", role: "parent" };
    assert.deepEqual(admitCommand(waiting, "p-pat", "parent"), { ...base, person_id: "p-pat" });
    assert.deepEqual(admitCommand(waiting, "new", "parent"), { ...base, as_new_person: true });
    assert.deepEqual(admitCommand(waiting, "", "parent"), base);
  });
});

describe("the wall's join code", () => {
  const made = [
    { code: "NAMED234", invite_id: "i-named", person_id: "p-jess", link: "https://b/join?code=NAMED234" },
    { code: "ANYONE23", invite_id: "i-anyone", link: "https://b/join?code=ANYONE23" },
    { code: "OLDCODE2", invite_id: "i-old", link: "https://b/join?code=OLDCODE2" },
  ];
  const listed = [
    { invite_id: "i-named", person_id: "p-jess", for_open_meeting: true, revoked: false, expired: false },
    { invite_id: "i-anyone", person_id: null, for_open_meeting: true, revoked: false, expired: false },
    { invite_id: "i-old", person_id: null, for_open_meeting: false, revoked: false, expired: false },
  ];

  it("shows the open meeting's code for anyone, never a named invite's", () => {
    assert.equal(wallInvite(made, listed).code, "ANYONE23");
    assert.equal(wallInvite(made.slice(0, 1), listed), null);
    assert.equal(wallInvite(made, [{ ...listed[1], revoked: true }, listed[0]]), null);
    assert.equal(wallInvite(made, [{ ...listed[1], expired: true }]), null);
    assert.equal(wallInvite(made, undefined), null); // until the list has come
  });

  it("keeps the codes for anyone in the tab, so a reload shows them again", () => {
    const kept = new Map();
    const storage = { getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => kept.set(k, v) };
    keepMadeInvites(storage, "case-1", made);
    assert.deepEqual(madeInvites(storage, "case-1").map((i) => i.code), ["ANYONE23", "OLDCODE2"]);
    assert.deepEqual(madeInvites(storage, "case-2"), []);
    kept.set("board-wall-codes:case-1", "not json");
    assert.deepEqual(madeInvites(storage, "case-1"), []);
  });
});

describe("the wall's paging", () => {
  it("shows a page of cards and counts those before and after", () => {
    assert.deepEqual(pageOfCards([0, 1, 2, 3, 4], 2, 1), { shown: [false, false, true, true, false], before: 2, after: 1 });
    assert.deepEqual(pageOfCards([0, 1], 3, 0), { shown: [true, true], before: 0, after: 0 });
  });

  it("says what is on other pages", () => {
    assert.equal(moreWords(0, 0, 3), "");
    assert.equal(moreWords(0, 2, 3), "2 more on the next page");
    assert.equal(moreWords(0, 5, 3), "5 more on the next pages");
    assert.equal(moreWords(3, 1, 3), "3 on the page before; 1 more on the next page");
    assert.equal(moreWords(6, 0, 3), "6 on earlier pages");
  });

  it("counts pages", () => {
    assert.equal(pageCount(0, 3), 1);
    assert.equal(pageCount(7, 3), 3);
    assert.equal(pageCount(6, 3), 2);
    assert.equal(pagesFor([1, 6, 3], [1, 2, 3]), 3); // each group its own number a page
    assert.equal(pagesFor([], []), 1);
  });

  it("gives each group at least its share of the pages", () => {
    // 6 and 3 cards on 2 pages: at least 3 and 2 a page; an empty group 1.
    assert.deepEqual(leastPers([6, 3, 0], 2), [3, 2, 1]);
    assert.equal(pagesFor([6, 3, 0], leastPers([6, 3, 0], 2)), 2);
    assert.deepEqual(leastPers([7, 1], 3), [3, 1]);
    assert.equal(pagesFor([7, 1], leastPers([7, 1], 3)), 3);
  });

  it("cuts a flow of cards into the fewest pages, each as full as fits", () => {
    const tall = [2, 1, 1, 3, 1, 2, 2]; // each card's height; a page holds 4
    const fits = (start, end) => tall.slice(start, end).reduce((a, b) => a + b, 0) <= 4;
    assert.deepEqual(flowPages(tall.length, fits), [[0, 3], [3, 5], [5, 7]]);
    assert.deepEqual(flowPages(3, () => true), [[0, 3]]);
    // A card taller than a page is still shown, on a page of its own.
    assert.deepEqual(flowPages(3, (start, end) => end - start < 1), [[0, 1], [1, 2], [2, 3]]);
    assert.deepEqual(flowPages(0, () => true), [[0, 0]]);
    // A long flow: 100 cards, 7 a page; measured a few times a page, not once a card.
    let asked = 0;
    const seven = flowPages(100, (start, end) => {
      asked += 1;
      return end - start <= 7;
    });
    assert.equal(seven.length, 15);
    assert.deepEqual(seven.at(-1), [98, 100]);
    assert.ok(seven.every(([start, end], i) => end - start === (i < 14 ? 7 : 2)));
    assert.ok(asked <= 15 * 6, `${asked} measurements`);
  });

  it("says of each part of a flow what is on this page and what is before and after", () => {
    const pages = [[0, 3], [3, 5], [5, 9]];
    // A part of cards 2 to 6: one on page 1, two here on page 2, two on page 3.
    assert.deepEqual(flowPageOfCards([2, 3, 4, 5, 6], pages, 1), {
      shown: [false, true, true, false, false],
      before: 1,
      after: 2,
      spans: { before: 1, after: 1 },
    });
    const first = flowPageOfCards([0, 1, 3, 5], pages, 0);
    assert.deepEqual(first.spans, { before: 0, after: 2 });
    assert.equal(moreWords(first.before, first.after, first.spans), "2 more on the next pages");
    assert.equal(moreWords(1, 2, { before: 1, after: 1 }), "1 on the page before; 2 more on the next page");
  });

  it("says the page, and tries type from twice the smallest down to it", () => {
    assert.equal(pagerWords(0, 1), "");
    assert.equal(pagerWords(1, 2), "Page 2 of 2");
    assert.equal(SCALES[0], 2);
    assert.equal(SCALES.at(-1), 1);
    assert.deepEqual([...SCALES].sort((a, b) => b - a), SCALES);
  });
});
