// The wall: "Present to the room". One fitted view at a time (the mapping, what the
// child says, the statements with their goals and scales, the safety plan, the scaling
// round, the join screen), in type a room can read from the back, and never a
// scrollbar: what does not fit is paged (→ / PageDown, as a presentation clicker
// sends), and the chair can focus one domain or one card to read it whole. The one
// chair control is the plan's agreement: a suggestion from a phone is agreed, changed
// or set aside with the room looking at it. Everything shown comes from the board the
// server sent; nothing here is a rule of the practice. This file is the wall's frame,
// its tabs and its keys; each view is in its own file beside it.

import { h } from "../dom.js";
import { openRound, theOpenMeeting } from "../model.js";
import { capital, childrenSay } from "../words.js";
import { timerBar } from "../views/room.js";
import { childVoice } from "./child_voice.js";
import { fitStage } from "./fit.js";
import { joinView } from "./join.js";
import { mapping } from "./mapping.js";
import { plan } from "./plan.js";
import { roundView } from "./round.js";
import { statements } from "./statements.js";
import { still } from "./still.js";

export const WALL_VIEWS = ["mapping", "child", "statements", "plan", "round", "join"];
const FLOWING = ["statements", "plan"];

function viewName(app, view) {
  const fw = app.framework();
  return {
    mapping: "The mapping",
    child: `What ${childrenSay(app.board)}`,
    statements: `${capital(fw.danger_statement)}s and ${fw.safety_goal}s`,
    plan: capital(fw.plan),
    round: "Scaling",
    join: "Join the meeting",
  }[view];
}

/** The view's name on its tab: short, so every tab and "Stop presenting" fit one line. */
function tabName(app, view) {
  return view === "statements" ? `${capital(app.framework().danger_statement)}s` : viewName(app, view);
}

/** The wall's own state, kept on the app's `ui` (not the board's). */
export function wallState(app) {
  if (!app.ui.wall) app.ui.wall = { view: "mapping", page: 0, pages: 1, focus: null, round: null };
  return app.ui.wall;
}

/** A round that opens while the room watches brings the wall to it (the wall on its
 * own page is brought there by the presenter view, through the server). */
function followRound(app, wall) {
  if (app.mode === "wall") return;
  const round = openRound(app.board);
  const id = round ? round.round_id : null;
  if (id && id !== wall.round) {
    wall.view = "round";
    wall.page = 0;
    wall.focus = null;
  }
  wall.round = id;
}

export function renderWall(app) {
  const wall = wallState(app);
  if (!app.board) return h("div", { class: "wall", dataset: { key: "wall-waiting" } }, h("h1", null, "Getting the board…"));
  followRound(app, wall);
  const meeting = theOpenMeeting(app.board);
  const drawn = h(
    "div",
    { class: `wall wall-view-${wall.view}`, dataset: { key: "wall" } },
    h(
      "div",
      { class: "wall-top", dataset: { key: "wall-top" } },
      h(
        "div",
        { class: "wall-head" },
        h("h1", null, viewName(app, wall.view)),
        h("p", { class: "wall-case" }, app.caseTitle(), meeting ? ` — ${meeting.title}` : ""),
        // In the heading's row, not the tabs': the tabs keep one row on a 720p projector.
        h("p", { class: "wall-pager", id: "wall-pager", "aria-live": "polite" }),
        // Beside the heading, not in the tabs' row: six tabs fill a 720p projector's width.
        app.mode === "wall" ? null : h("button", { type: "button", class: "wall-stop", dataset: { action: "toggle-present" } }, "Stop presenting"),
      ),
      waitingLine(app),
      timerBar(app),
    ),
    h(
      "div",
      {
        class: "wall-stage",
        id: "wall-stage",
        // The plan and the statements flow from column to column (wall/fit.js).
        dataset: { key: `stage-${wall.view}-${wall.focus || ""}`, fitFlow: FLOWING.includes(wall.view) && !wall.focus ? "" : null },
      },
      STAGES[wall.view](app, wall),
    ),
    h(
      "nav",
      { class: "wall-nav", "aria-label": "Present", dataset: { key: "wall-nav" } },
      h(
        "ul",
        null,
        WALL_VIEWS.map((view) =>
          h(
            "li",
            { dataset: { key: view } },
            h(
              "button",
              { type: "button", class: "wall-tab", "aria-current": view === wall.view ? "true" : null, dataset: { action: "wall-view", view } },
              tabName(app, view),
            ),
          ),
        ),
      ),
    ),
  );
  // The wall on its own page is in front of the room: its views without a control.
  return app.mode === "wall" ? still(drawn) : drawn;
}

/** "2 people waiting to come in": a count, never who (the wall is not told who). */
export function waitingWords(count) {
  if (!count) return "";
  return count === 1 ? "1 person waiting to come in" : `${count} people waiting to come in`;
}

function waitingLine(app) {
  const words = waitingWords(app.waitingCount());
  return words ? h("p", { class: "wall-waiting", dataset: { key: "waiting" } }, words) : null;
}

/** Where the presenter's next (or previous) takes the wall: the next page of the view
 * while it has one (as the wall last said it fits: 0 pages, not yet known, is one),
 * then the next view, whole. */
export function nextOnWall(shown, forward) {
  const pages = Math.max(1, shown.pages || 0);
  if (forward && shown.page < pages - 1) return { view: shown.view, page: shown.page + 1, focus: shown.focus };
  if (!forward && shown.page > 0) return { view: shown.view, page: shown.page - 1, focus: shown.focus };
  const at = Math.max(0, WALL_VIEWS.indexOf(shown.view));
  const view = WALL_VIEWS[(at + (forward ? 1 : -1) + WALL_VIEWS.length) % WALL_VIEWS.length];
  return { view, page: 0, focus: "" };
}

/** What the server says the wall shows, taken by the wall on its own page. */
export function takeOnWall(app, frame) {
  const wall = wallState(app);
  if (wall.view !== frame.view || (wall.focus || "") !== frame.focus) {
    wall.pages = 1;
    app.announce(`Showing ${viewName(app, frame.view)}.`);
  }
  wall.view = WALL_VIEWS.includes(frame.view) ? frame.view : "mapping";
  wall.focus = frame.focus || null;
  wall.page = frame.page;
}

export { viewName };

const STAGES = { mapping, child: childVoice, statements, plan, round: roundView, join: joinView };

/** After each draw: fit the view on the stage, paging what does not fit (wall/fit.js). */
export function fitWall(app) {
  fitStage(wallState(app));
}

/** → / PageDown: the next page, then the next view; ← / PageUp: back. */
export function stepWall(app, forward) {
  const wall = wallState(app);
  if (forward && wall.page < wall.pages - 1) {
    wall.page += 1;
  } else if (!forward && wall.page > 0) {
    wall.page -= 1;
  } else {
    const at = WALL_VIEWS.indexOf(wall.view);
    const next = (at + (forward ? 1 : -1) + WALL_VIEWS.length) % WALL_VIEWS.length;
    wall.view = WALL_VIEWS[next];
    wall.focus = null;
    wall.page = 0;
    wall.pages = 1;
    app.announce(`Showing ${viewName(app, wall.view)}.`);
    return;
  }
  app.announce(`Page ${wall.page + 1} of ${wall.pages}.`);
}

export function showWallView(app, view) {
  const wall = wallState(app);
  if (!WALL_VIEWS.includes(view)) return;
  wall.view = view;
  wall.focus = null;
  wall.page = 0;
  wall.pages = 1;
  app.announce(`Showing ${viewName(app, view)}.`);
}

export function focusWall(app, focus) {
  const wall = wallState(app);
  wall.focus = focus || null;
  wall.page = 0;
}

/** Keys on the wall: arrows and PageUp/PageDown (a clicker), Escape to step back. */
export function wallKey(app, event) {
  const target = event.target;
  if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) return false;
  const wall = wallState(app);
  switch (event.key) {
    case "ArrowRight":
    case "ArrowDown":
    case "PageDown":
      stepWall(app, true);
      return true;
    case "ArrowLeft":
    case "ArrowUp":
    case "PageUp":
      stepWall(app, false);
      return true;
    case "Home":
      wall.page = 0;
      return true;
    case "Escape":
      if (!wall.focus) return false;
      focusWall(app, null);
      app.focusAfter('.wall-nav [aria-current="true"]'); // not lost with the card it was on
      return true;
    default:
      return false;
  }
}
