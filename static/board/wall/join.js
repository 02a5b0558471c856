// The wall's join screen: the open meeting's code for anyone (never a named invite's:
// that code is one person's), the address to type it at, and a QR code of that address
// (drawn by the server, which refuses any other code: board/web/join_code.py).

import { h } from "../dom.js";
import { wallInvite } from "../lobby.js";
import { theOpenMeeting } from "../model.js";

/** On the wall's own page: the code the presenter showed (checked by the server). */
function presentersCode(app) {
  const code = app.onWall.code;
  return code ? { code, link: `${location.origin}/join?code=${encodeURIComponent(code)}` } : null;
}

export function joinView(app) {
  const meeting = theOpenMeeting(app.board);
  const invite = app.mode === "wall" ? presentersCode(app) : wallInvite(app.ui.invites, app.ui.inviteList);
  if (!meeting) return h("p", { class: "empty" }, "No meeting is open. People can join once the chair opens it.");
  if (!invite) {
    return h(
      "p",
      { class: "empty" },
      "No code for anyone yet. The chair makes one for this meeting under \u201cInvite someone\u201d (for anyone), and it shows here.",
    );
  }
  const origin = new URL(invite.link).origin;
  const src = `/cases/${encodeURIComponent(app.caseId)}/join-code.svg?code=${encodeURIComponent(invite.code)}`;
  return h(
    "div",
    { class: "wall-join" },
    h("img", { class: "wall-qr", src, alt: "A QR code: scan it with a phone's camera to open the address to join", width: "480", height: "480" }),
    h(
      "div",
      { class: "wall-join-words" },
      h("p", null, "On your phone, scan the code, or open"),
      h("p", { class: "wall-address" }, `${origin}/join`),
      h("p", null, "and type this code:"),
      h("p", { class: "wall-code" }, invite.code),
      h("p", null, "The chair then lets you in."),
    ),
  );
}
