// static/board/timer.js: the agenda timer counts by the server's clock and warns at
// one minute, on a small object holding just what the methods use.

import assert from "node:assert/strict";
import { afterEach, describe, it, mock } from "node:test";

import { TimerMethods } from "../../static/board/timer.js";

function timerApp() {
  const said = [];
  const app = Object.create(TimerMethods.prototype);
  Object.assign(app, {
    timer: null,
    root: { querySelector: () => null },
    announce: (text) => said.push(text),
    schedule: () => said.push("(redrawn)"),
  });
  return { app, said };
}

describe("the agenda timer", () => {
  afterEach(() => mock.timers.reset());

  it("counts by the server's clock when the phone's own is wrong", () => {
    mock.timers.enable({ apis: ["Date", "setInterval"], now: Date.parse("2026-12-08T10:00:00Z") });
    const { app, said } = timerApp();
    // The server says it is 10:05; the timer ends at 10:10: five minutes left.
    app.timed({ label: "Mapping", ends_at: "2026-12-08T10:10:00Z", server_now: "2026-12-08T10:05:00Z" });
    assert.equal(app.secondsLeft(), 300);
    assert.equal(app.timerRunning(), true);
    assert.deepEqual(said, ["Timer: Mapping, 5 minutes."]);
    mock.timers.tick(240_000);
    assert.ok(said.includes("One minute left for Mapping."), said.join(" | "));
    mock.timers.tick(60_000);
    assert.equal(app.timerRunning(), false);
    assert.deepEqual(said.slice(-2), ["Time is up for Mapping.", "(redrawn)"]);
  });

  it("says when the chair stops it", () => {
    mock.timers.enable({ apis: ["Date", "setInterval"], now: Date.parse("2026-12-08T10:00:00Z") });
    const { app, said } = timerApp();
    app.timed({ label: "Plan", ends_at: "2026-12-08T10:03:00Z", server_now: "2026-12-08T10:00:00Z" });
    app.timed({ label: "Plan", ends_at: null });
    assert.equal(app.timer, null);
    assert.equal(said.at(-1), "The timer is stopped.");
    assert.equal(app.secondsLeft(), 0);
  });
});
