// The agenda timer as a screen counts it down: by the server's clock (a phone whose
// own clock is off still counts right), warning at one minute. Methods of the page's
// App (app.js), kept here with their tests.

import { minutesWords, timerText } from "./words.js";

export class TimerMethods {
  timed(frame) {
    this.stopTimer();
    if (!frame.ends_at) {
      if (this.timer) this.announce("The timer is stopped.");
      this.timer = null;
      return;
    }
    this.timer = frame;
    // The server's clock counts: a phone whose own clock is off still counts down right.
    this.clockSkew = frame.server_now ? Date.parse(frame.server_now) - Date.now() : 0;
    this.timerWarned = this.secondsLeft() <= 60;
    this.announce(`Timer: ${frame.label}, ${minutesWords(Math.ceil(this.secondsLeft() / 60))}.`);
    this.timerTick = setInterval(() => this.tick(), 1000);
  }

  stopTimer() {
    clearInterval(this.timerTick);
    this.timerTick = null;
  }

  secondsLeft() {
    if (!this.timer) return 0;
    const now = Date.now() + (this.clockSkew || 0);
    return Math.max(0, Math.round((Date.parse(this.timer.ends_at) - now) / 1000));
  }

  timerRunning() {
    return Boolean(this.timer) && this.secondsLeft() > 0;
  }

  timerText() {
    return timerText(this.secondsLeft());
  }

  tick() {
    const left = this.secondsLeft();
    const shown = this.root.querySelector("#agenda-timer-left");
    if (shown) shown.textContent = this.timerText();
    if (left <= 60 && !this.timerWarned) {
      this.timerWarned = true;
      this.announce(`One minute left for ${this.timer.label}.`);
    }
    if (left <= 0) {
      this.stopTimer();
      this.announce(`Time is up for ${this.timer.label}.`);
      this.schedule();
    }
  }
}
