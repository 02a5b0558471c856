// The connection's state said plainly, for the status line every page shows: a plain
// function of the state (connection.js's STATES), what came with it and how many
// changes are waiting to be sent (tests/js/status.test.js).

import { STATES } from "./connection.js";
import { plural } from "./words.js";

export function statusWords(state, detail = {}, waiting = 0) {
  const queued = waiting ? ` ${plural(waiting, "change is", "changes are")} waiting to be sent.` : "";
  switch (state) {
    case STATES.CONNECTING:
      return "Connecting…";
    case STATES.LOBBY:
      return "Connected. Waiting for the chair to let you in.";
    case STATES.CATCHING_UP:
      return "Back — catching up…";
    case STATES.LIVE:
      if (!detail.back) return "Connected";
      return detail.missed ? `Back — ${plural(detail.missed, "change", "changes")} caught up` : "Back — nothing was missed";
    case STATES.RECONNECTING:
      return `Reconnecting…${queued}`;
    case STATES.OFFLINE:
      return `Offline — waiting for the network. Changes you make are sent when you are back.${queued}`;
    case STATES.ENDED:
      return detail.message || "The meeting has ended.";
    case STATES.SIGNED_OUT:
      return "You are no longer connected. Please join again.";
    default:
      return state;
  }
}
