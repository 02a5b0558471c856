// The presenter view: on the chair's working screen, what the wall shows and the
// controls that move it (the wall is its own page, in another window or on another
// device, and follows through the server). The lobby, the round and the plan's
// agreement stay where they are on the working screen; the wall follows them.

import { h, hidden } from "../dom.js";
import { WALL_VIEWS, viewName } from "../wall/present.js";
import { button } from "./controls.js";

export function presenterBar(app) {
  if (!app.ui.presenter || !app.can("reveal_votes")) return null;
  const shown = app.onWall;
  const pages = shown.pages > 1 ? `, page ${shown.page + 1} of ${shown.pages}` : "";
  const whole = shown.focus ? ", one thing shown whole" : "";
  return h(
    "section",
    { class: "presenter controls", "aria-labelledby": "presenter-heading", dataset: { key: "presenter" } },
    h(
      "div",
      { class: "presenter-head" },
      h("h2", { id: "presenter-heading" }, "On the wall"),
      h("p", { class: "presenter-now", id: "presenter-now" }, `${viewName(app, shown.view)}${pages}${whole}`),
      h(
        "a",
        { href: `/cases/${encodeURIComponent(app.caseId)}/wall`, target: "_blank", rel: "noopener", class: "presenter-open" },
        "Open the wall",
        hidden(" in a new window, for the room's screen"),
      ),
    ),
    h(
      "div",
      { class: "buttons presenter-steps" },
      button("Previous", { action: "wall-step", forward: "no" }, { cls: "secondary", hiddenLabel: " on the wall" }),
      button("Next", { action: "wall-step", forward: "yes" }, { hiddenLabel: " on the wall" }),
      shown.focus ? button("Back to the whole view", { action: "wall-show", view: shown.view, focus: "" }, { cls: "secondary" }) : null,
    ),
    h(
      "ul",
      { class: "presenter-views", "aria-label": "Show on the wall" },
      WALL_VIEWS.map((view) =>
        h(
          "li",
          { dataset: { key: view } },
          h(
            "button",
            { type: "button", class: "secondary small", "aria-pressed": view === shown.view ? "true" : "false", dataset: { action: "wall-show", view, focus: "" } },
            viewName(app, view),
          ),
        ),
      ),
    ),
    h(
      "p",
      { class: "hint" },
      "The wall shows the room's view: how many are waiting, never who, and none of these controls. ",
      "→ or Page Down (a clicker) moves it on, ← or Page Up back; R shows the scores of the open question.",
    ),
  );
}
