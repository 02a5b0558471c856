// The presenter view and the wall's own socket: the chair's screen opens a socket cut
// for the room while presenting, and leads the wall on its own page (or another device)
// through the server. Methods of the page's App (app.js), kept here with their tests.

import { Connection, STATES } from "./connection.js";
import { wallInvite } from "./lobby.js";
import { GapError, applyEvent, openRound } from "./model.js";
import { nextOnWall, wallState } from "./wall/present.js";

export class PresenterMethods {
  // -- the wall's own socket --------------------------------------------------------


  /** Open the wall's socket while presenting, and close it when the chair stops. */
  syncWall() {
    if (this.mode === "screen" && this.presenting() && !this.wallConnection) {
      this.wallConnection = new Connection({
        path: `${this.root.dataset.wsPath}?screen=wall`,
        position: () => null, // a wall always starts from the board, cut for the room
        onFrame: (frame) => this.wallFrame(frame),
        onState: () => this.schedule(),
      });
      this.wallConnection.start();
    } else if (!this.presenting() && this.wallConnection) {
      this.wallConnection.stop();
      this.wallConnection = null;
      this.wallBoard = null;
    }
  }

  wallFrame(frame) {
    if (frame.type === "snapshot") {
      this.wallBoard = frame.board;
    } else if (frame.type === "event" && this.wallBoard) {
      try {
        applyEvent(this.wallBoard, frame);
      } catch (error) {
        if (!(error instanceof GapError)) throw error;
        // Something was missed: the wall reconnects and is sent the board again.
        this.wallBoard = null;
        this.wallConnection.drop();
        this.wallConnection.lost();
      }
    }
    this.schedule();
  }

  /** The app as the wall's views see it: the same, holding the room's board. */
  asWall() {
    const wall = Object.create(this);
    wall.board = this.wallBoard;
    return wall;
  }

  // -- the chair leads the wall through the server -----------------------------------


  /** Show this on every wall of the case; false when not connected. */
  showOnWall(shown) {
    const frame = { type: "wall", view: shown.view, page: shown.page || 0, focus: shown.focus || "" };
    // The server keeps only a code's hash: the join screen's code comes from here.
    const invite = shown.view === "join" ? wallInvite(this.ui.invites, this.ui.inviteList) : null;
    if (invite) frame.code = invite.code;
    const sent = this.connection.sendNow(frame);
    if (!sent) this.alert("You are not connected just now, so the wall was not moved. Please try again.");
    return sent;
  }

  stepOnWall(forward) {
    this.showOnWall(nextOnWall(this.onWall, forward));
  }

  /** A round asked or its scores shown: the presenter brings the wall to the round. */
  wallFollowsRound(frame) {
    if (this.mode !== "screen" || !this.ui.presenter || this.presenting() || !frame.fact) return;
    if (this.connection.state === STATES.CATCHING_UP) return;
    if (frame.fact.type === "ScalingRoundOpened" || frame.fact.type === "VotesRevealed") {
      this.connection.sendNow({ type: "wall", view: "round", page: 0, focus: "" });
    }
  }

  /** The presenter's keys, wherever the focus is but a field: → / PageDown (a clicker)
   * next, ← / PageUp back, R shows the open round's scores, Escape the whole view. */
  presenterKey(event) {
    const target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) return false;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable)) return false;
    switch (event.key) {
      case "ArrowRight":
      case "PageDown":
        this.stepOnWall(true);
        return true;
      case "ArrowLeft":
      case "PageUp":
        this.stepOnWall(false);
        return true;
      case "r":
      case "R":
        return this.revealOpenRound();
      case "Escape":
        if (!this.onWall.focus || this.ui.open.size) return false;
        this.showOnWall({ view: this.onWall.view, page: 0, focus: "" });
        return true;
      default:
        return false;
    }
  }

  revealOpenRound() {
    const round = this.board ? openRound(this.board) : null;
    if (!round || round.revealed || !this.can("reveal_votes")) return false;
    this.run(`reveal:${round.round_id}`, { type: "reveal_votes", round_id: round.round_id, show_names: Boolean(this.ui.showNames) });
    this.announce("The scores are shown on the wall.");
    return true;
  }

  /** Waiting in the lobby: the wall's own page is told a count, a screen counts them. */
  waitingCount() {
    if (this.mode === "wall") return this.waiting;
    return this.presence.filter((p) => p.in_lobby).length;
  }

  /** The wall's own page tells the server how many pages its view takes, once a fit. */
  tellFit() {
    const wall = wallState(this);
    const fit = `${wall.view}|${wall.focus || ""}|${wall.pages}`;
    if (fit === this.fitted) return;
    if (this.connection.sendNow({ type: "wall_fitted", view: wall.view, focus: wall.focus || "", pages: wall.pages })) this.fitted = fit;
  }
}
