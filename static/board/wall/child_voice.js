// The wall's "What Lily says": the three houses side by side with what each child said
// and drew, or one of them shown whole.

import { h } from "../dom.js";
import { childrenSay } from "../words.js";
import { drawingSvg, face, keptNow } from "../views/child_voice.js";
import { backButton } from "./back_button.js";

export function childVoice(app, wall) {
  const children = Object.values(app.board.children || {});
  // Never on the wall: what a child kept for the professionals (whatever board it draws).
  const views = Object.values(app.board.child_views || {}).filter((v) => !keptNow(v));
  if (wall.focus && wall.focus.startsWith("view:")) return focusedView(app, wall.focus.slice(5));
  if (!children.length) return h("p", { class: "empty" }, "No child is named on this case yet.");
  return h(
    "div",
    { class: "wall-columns wall-houses" },
    app.words.houses.map((house) => {
      const inHouse = views.filter((v) => v.house === house.key);
      return h(
        "section",
        { class: `wall-column wall-house house-${house.key}`, "aria-labelledby": `wall-house-${house.key}`, dataset: { key: house.key } },
        h("h2", { class: "column-heading", id: `wall-house-${house.key}` }, face(house, 56), " ", house.name),
        inHouse.length
          ? h(
              "ul",
              { class: "wall-items", dataset: { fitGroup: house.key } },
              inHouse.map((view, index) => childViewCard(app, view, index, children.length > 1)),
            )
          : h("p", { class: "empty" }, "Nothing here yet."),
        h("p", { class: "wall-more", dataset: { moreFor: house.key } }),
      );
    }),
  );
}

function childOf(app, view) {
  const child = (app.board.children || {})[view.child_id];
  return child ? child.name : app.board.child_name;
}

/** Who wrote it down: the child on their phone, or a worker they told. */
function heardFrom(app, view) {
  const name = childOf(app, view);
  return view.recorded.by.role === "child" ? `In ${name}'s own words` : `${name} told ${view.recorded.by.name}${view.how ? `, ${view.how}` : ""}`;
}

function childViewCard(app, view, index, named) {
  const name = childOf(app, view);
  return h(
    "li",
    { class: `wall-item wall-child-view${app.isFresh(view.view_id) ? " fresh" : ""}`, dataset: { key: view.view_id, fitIndex: index } },
    h(
      "button",
      { type: "button", class: "wall-card wall-said", dataset: { action: "wall-focus", focus: `view:${view.view_id}` } },
      named ? h("strong", null, `${name}: `) : null,
      view.text ? `“${view.text}”` : view.drawing.length ? `${name}'s drawing` : "",
      view.drawing.length ? drawingSvg(app, view.drawing, `${name}'s drawing`) : null,
      h("span", { class: "wall-by" }, heardFrom(app, view)),
    ),
  );
}

function focusedView(app, id) {
  const view = (app.board.child_views || {})[id];
  const back = backButton(`Back to what ${childrenSay(app.board)}`);
  if (!view || keptNow(view)) return h("p", { class: "empty" }, "That is no longer on the board.", back);
  const house = app.words.houses.find((x) => x.key === view.house);
  const name = childOf(app, view);
  return h(
    "article",
    { class: "wall-focus-card wall-focus-view", "aria-labelledby": "wall-view-heading" },
    h("h2", { id: "wall-view-heading" }, house ? [face(house, 56), " ", house.name] : null),
    view.text ? h("p", { class: "wall-whole" }, `“${view.text}”`) : null,
    view.drawing.length ? drawingSvg(app, view.drawing, `${name}'s drawing`) : null,
    h("p", { class: "wall-card-meta" }, heardFrom(app, view)),
    back,
  );
}
