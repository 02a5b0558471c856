// static/board/scores.js (the middle score, the spread, who has scaled) and
// drawing.js (a child's drawing as numbers).

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { movedEnough, padIsFull, padPoint, pointCount, strokePoints } from "../../static/board/drawing.js";
import { latestScale, middleScore, scaleSteps, scaledCount, scaledWords, scoreGroups, scoreRange } from "../../static/board/scores.js";

const vote = (role, score) => ({ role, score, name: role });

describe("scores", () => {
  it("finds the middle score", () => {
    assert.equal(middleScore([]), null);
    assert.equal(middleScore([4]), 4);
    assert.equal(middleScore([7, 2, 5]), 5);
    assert.equal(middleScore([2, 7, 3, 10]), 5);
    assert.equal(middleScore([3, 4]), 3.5);
  });

  it("leaves the scores it is given as they were", () => {
    const scores = [9, 1, 5];
    middleScore(scores);
    assert.deepEqual(scores, [9, 1, 5]);
  });

  it("lays out the scale", () => {
    assert.deepEqual(scaleSteps(0, 3), [0, 1, 2, 3]);
    assert.equal(scaleSteps(0, 10).length, 11);
  });

  it("puts family and network apart from professionals", () => {
    const votes = [vote("parent", 3), vote("social_worker", 6), vote("network_member", 8)];
    const [family, professionals] = scoreGroups(votes, ["parent", "network_member", "child"]);
    assert.deepEqual(family, ["Family and network", [votes[0], votes[2]], "family"]);
    assert.deepEqual(professionals, ["Professionals", [votes[1]], "professional"]);
  });

  it("says a group's range", () => {
    assert.equal(scoreRange([vote("parent", 4)]), "scored 4");
    assert.equal(scoreRange([vote("parent", 7), vote("parent", 2), vote("parent", 5)]), "from 2 to 7");
  });

  it("counts who here may scale and who has, keeping those who scaled and left", () => {
    const presence = [
      { participant_id: "a", role: "parent", in_lobby: false },
      { participant_id: "b", role: "chair", in_lobby: false },
      { participant_id: "c", role: "parent", in_lobby: true },
      { participant_id: "d", role: "network_member", in_lobby: false },
    ];
    const votes = { a: vote("parent", 3), gone: vote("parent", 5) };
    assert.deepEqual(scaledCount(presence, votes, ["parent", "network_member"]), { scaled: 2, of: 3 });
    assert.deepEqual(scaledCount([], {}, ["parent"]), { scaled: 0, of: 0 });
  });

  it("says whose scores are in, by group, never counting the chair", () => {
    const words = { mayScale: ["chair", "parent", "network_member", "professional", "child"], familyRoles: ["parent", "network_member", "child"] };
    const here = (id, role) => ({ participant_id: id, role, in_lobby: false });
    const family = [here("jess", "parent"), here("gran", "network_member"), here("lily", "child"), here("sam", "chair")];
    assert.equal(scaledWords(family, {}, words), "0 of the 3 family and network members here have scaled");
    assert.equal(scaledWords(family, { jess: vote("parent", 4) }, words), "1 of the 3 family and network members here has scaled");
    const all = { jess: vote("parent", 4), gran: vote("network_member", 6), lily: vote("child", 7) };
    assert.equal(scaledWords(family, all, words), "3 of the 3 family and network members here have scaled");
    assert.equal(scaledWords([here("gran", "network_member"), here("sam", "chair")], {}, words), "0 of the 1 family or network member here has scaled");
    const withTeacher = [...family, here("hughes", "professional"), { participant_id: "waiting", role: "parent", in_lobby: true }];
    assert.equal(
      scaledWords(withTeacher, all, words),
      "3 of the 3 family and network members here have scaled, and 0 of the 1 professional",
    );
    assert.equal(scaledWords([here("sam", "chair")], {}, words), "Nobody here has scaled yet");
  });

  it("finds the latest round about a statement whose scores were shown", () => {
    const board = {
      scaling_rounds: {
        r1: { statement_id: "d1", revealed: true },
        r2: { statement_id: "d1", revealed: true },
        r3: { statement_id: "d1", revealed: false },
        r4: { statement_id: "d2", revealed: true },
      },
    };
    assert.equal(latestScale(board, "d1"), board.scaling_rounds.r2);
    assert.equal(latestScale(board, "d3"), null);
  });
});

describe("drawing", () => {
  it("pairs a stroke's points for SVG", () => {
    assert.equal(strokePoints([1, 2, 3, 4]), "1,2 3,4");
    assert.equal(strokePoints([1, 2, 3]), "1,2");
    assert.equal(strokePoints([]), "");
  });

  it("maps a pointer onto the square, inside it", () => {
    const box = { left: 100, top: 50, width: 300, height: 300 };
    assert.deepEqual(padPoint(250, 200, box, 1000), [500, 500]);
    assert.deepEqual(padPoint(0, 1000, box, 1000), [0, 1000]);
  });

  it("counts points and keeps one only when the finger has moved", () => {
    const strokes = [{ points: [0, 0, 10, 10] }, { points: [5, 5] }];
    assert.equal(pointCount(strokes), 3);
    assert.equal(movedEnough([0, 0, 10, 10], 13, 13), false);
    assert.equal(movedEnough([0, 0, 10, 10], 14, 14), true);
  });

  it("is full at the most strokes or points a drawing may hold", () => {
    const limits = { strokes: 2, points: 4 };
    assert.equal(padIsFull([{ points: [0, 0] }], limits), false);
    assert.equal(padIsFull([{ points: [0, 0] }, { points: [1, 1] }], limits), true);
    assert.equal(padIsFull([{ points: [0, 0, 1, 1, 2, 2, 3, 3] }], limits), true);
  });
});
