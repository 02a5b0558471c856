// static/board/words.js and status.js: how the board says things.

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { STATES } from "../../static/board/connection.js";
import { statusWords } from "../../static/board/status.js";
import {
  addressingWords,
  capital,
  childrenNames,
  childrenSay,
  clip,
  counterWords,
  dayWords,
  listWords,
  minutesWords,
  roundWhen,
  namedWithRole,
  overLimitWords,
  plural,
  ruleSaid,
  ruleSentence,
  ruleText,
  safeId,
  shortTime,
  sourceSaid,
  timerText,
} from "../../static/board/words.js";

describe("words", () => {
  it("says where an item came from as the server does (wording.source_said)", () => {
    const said = { child: "From the child", professional: "From a professional", observed: "Observed", not_said: "Source" };
    assert.equal(sourceSaid({ source: "school", source_kind: "professional" }, said), "From a professional: school");
    assert.equal(sourceSaid({ source: "", source_kind: "child" }, said), "From the child");
    assert.equal(sourceSaid({ source: "police", source_kind: "not_said" }, said), "Source: police");
    assert.equal(sourceSaid({ source: "police" }, said), "Source: police", "an item from before kinds");
    assert.equal(sourceSaid({ source: " ", source_kind: "not_said" }, said), "");
  });

  it("lists words as a sentence does", () => {
    assert.equal(listWords([]), "");
    assert.equal(listWords(["Lily"]), "Lily");
    assert.equal(listWords(["Lily", "Tom"]), "Lily and Tom");
    assert.equal(listWords(["a", "b", "c"]), "a, b and c");
  });

  it("says what addresses a statement as the server does", () => {
    const rule = {};
    assert.equal(
      addressingWords({ family: [rule, rule], bottomLines: [rule], professionals: [rule, rule, rule] }),
      "The family's plan: 2 rules address it (and 1 bottom line, 3 for professionals).",
    );
    assert.equal(addressingWords({ family: [rule], bottomLines: [], professionals: [] }), "The family's plan: 1 rule addresses it.");
    assert.equal(
      addressingWords({ family: [], bottomLines: [rule], professionals: [] }),
      "No rule in the family's plan addresses it yet (1 bottom line: they do not count, as they are not the family's plan).",
    );
    assert.equal(addressingWords({ family: [], bottomLines: [], professionals: [] }), "No rule in the family's plan addresses it yet.");
  });

  it("reads a rule aloud as the server does, never \"Everyone Lily is never…\" (W1)", () => {
    const bottomLine = { kind: "bottom_line", who: "Everyone", what: "Lily is never looked after by an adult who has been drinking", when: "always" };
    assert.deepEqual(ruleSaid(bottomLine), { who: "", rest: "Lily is never looked after by an adult who has been drinking (always)." });
    const gran = { kind: "rule", who: "Gran Pat", what: "has Lily to stay on Saturday nights.", when: "every weekend" };
    assert.deepEqual(ruleSaid(gran), { who: "Gran Pat", rest: "has Lily to stay on Saturday nights (every weekend)." });
    assert.equal(ruleSentence(gran), "Gran Pat has Lily to stay on Saturday nights (every weekend).");
    assert.equal(ruleSentence({ kind: "rule", who: "Jess", what: "Jess calls Sophie", when: "" }), "Jess calls Sophie.");
    assert.equal(ruleSentence({ kind: "rule", who: "", what: "whoever notices calls Gran", when: "" }), "Whoever notices calls Gran.");
  });

  it("counts in words", () => {
    assert.equal(plural(1, "change", "changes"), "1 change");
    assert.equal(plural(0, "change", "changes"), "0 changes");
    assert.equal(minutesWords(1), "1 minute");
    assert.equal(minutesWords(5), "5 minutes");
  });

  it("capitalises, clips and makes ids", () => {
    assert.equal(capital("danger statement"), "Danger statement");
    assert.equal(capital(""), "");
    assert.equal(clip("short"), "short");
    assert.equal(clip("a".repeat(50), 10), `${"a".repeat(9)}…`);
    assert.equal(safeId("f-edit:item:ab c"), "f-edit-item-ab-c");
  });

  it("says a time shortly, and nothing for no time", () => {
    assert.equal(shortTime(""), "");
    assert.equal(shortTime("not a time"), "");
    assert.match(shortTime("2026-03-24T11:00:00Z"), /24 March/);
  });

  it("names the limit when text is too long, and counts when it is not", () => {
    assert.equal(counterWords(120, 1000), "120 of 1,000 characters");
    assert.equal(counterWords(1003, 1000), "3 characters too many: the most is 1,000");
    assert.equal(
      overLimitWords("Your words", 1200, 1000),
      "\u201cYour words\u201d is 1,200 characters; the most it can hold is 1,000. Please shorten it. Nothing was saved.",
    );
  });

  it("shows the timer's time left", () => {
    assert.equal(timerText(0), "Time is up");
    assert.equal(timerText(-3), "Time is up");
    assert.equal(timerText(245), "4:05 left");
    assert.equal(timerText(59), "0:59 left");
  });

  it("names the children, or the case's child before any is named", () => {
    assert.equal(childrenNames({ children: {}, child_name: "Lily" }), "Lily");
    const two = { children: { c1: { name: "Lily" }, c2: { name: "Tom" } }, child_name: "Lily" };
    assert.equal(childrenNames(two), "Lily and Tom");
    assert.equal(childrenSay(two), "Lily and Tom say");
    assert.equal(childrenSay({ children: { c1: { name: "Lily" } } }), "Lily says");
  });

  it("says a rule on one line", () => {
    assert.equal(ruleText({ who: "Gran", what: "collects Lily", when: "" }), "Gran: collects Lily");
    assert.equal(ruleText({ who: "Gran", what: "collects Lily", when: "Fridays" }), "Gran: collects Lily (when: Fridays)");
  });

  it("names the role once", () => {
    assert.equal(namedWithRole("Sam Reid", "chair"), "Sam Reid (chair)");
    assert.equal(namedWithRole("Sam Reid (Chair) ", "chair"), "Sam Reid (Chair) ");
    assert.equal(namedWithRole("Jess (mum)", "parent"), "Jess (mum, parent)"); // W14
    assert.equal(namedWithRole("Jess (mum, parent)", "parent"), "Jess (mum, parent)");
  });
});

describe("statusWords", () => {
  it("says each state of the connection", () => {
    assert.equal(statusWords(STATES.CONNECTING), "Connecting…");
    assert.equal(statusWords(STATES.LOBBY), "Connected. Waiting for the chair to let you in.");
    assert.equal(statusWords(STATES.CATCHING_UP), "Back — catching up…");
    assert.equal(statusWords(STATES.LIVE), "Connected");
    assert.equal(statusWords(STATES.LIVE, { back: true, missed: 3 }), "Back — 3 changes caught up");
    assert.equal(statusWords(STATES.LIVE, { back: true, missed: 0 }), "Back — nothing was missed");
    assert.equal(statusWords(STATES.ENDED, { message: "The chair closed the meeting." }), "The chair closed the meeting.");
    assert.equal(statusWords(STATES.ENDED), "The meeting has ended.");
    assert.equal(statusWords(STATES.SIGNED_OUT), "You are no longer connected. Please join again.");
  });

  it("says how many changes wait to be sent while the connection is down", () => {
    assert.equal(statusWords(STATES.RECONNECTING, {}, 0), "Reconnecting…");
    assert.equal(statusWords(STATES.RECONNECTING, {}, 1), "Reconnecting… 1 change is waiting to be sent.");
    assert.match(statusWords(STATES.OFFLINE, {}, 2), /^Offline — .* 2 changes are waiting to be sent\.$/);
  });
});

describe("a scaling question's day", () => {
  const now = new Date("2026-12-06T10:00:00Z");
  const board = { meetings: { m1: { kind: "review_conference", title: "Lily's review" } } };
  const names = { review_conference: "Review child protection conference" };
  it("says the meeting and the day, never as today's", () => {
    const round = { opened: { at: "2026-06-16T10:30:00Z", meeting_id: "m1" } };
    assert.equal(roundWhen(board, round, names, now), "At the review child protection conference on 16 June");
  });
  it("says the year of a day in another year, and a question outside a meeting", () => {
    assert.equal(dayWords("2025-03-02T10:00:00Z", now), "2 March 2025");
    assert.equal(roundWhen(board, { opened: { at: "2026-06-16T10:30:00Z", meeting_id: null } }, names, now), "Asked on 16 June");
  });
});
