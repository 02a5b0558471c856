// The child's voice: each child's Three Houses (the house of worries, of good things,
// of dreams) with what they said and drew, and the form a child uses on their phone,
// or a worker uses to write down what a child told them, with its drawing pad.

import { h } from "../dom.js";
import { movedEnough, padIsFull, padPoint, pointCount, strokePoints } from "../drawing.js";
import { listWords } from "../words.js";
import { button, cancel, field, formError, select, submit } from "./controls.js";

const SVG = "http://www.w3.org/2000/svg";
/** A house's face (an OpenMoji picture: credited in static/pictures/LICENSE.md). */
export function face(house, size = 40) {
  return h("img", { class: "face", src: `/static/pictures/${house.picture}.svg`, alt: "", width: size, height: size });
}

/** A child's drawing, replayed from its strokes (units of a square `size` a side). */
export function drawingSvg(app, strokes, label) {
  const { size, colours } = app.words.drawing;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("class", "drawing");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  for (const stroke of strokes) {
    const line = document.createElementNS(SVG, "polyline");
    line.setAttribute("points", strokePoints(stroke.points));
    line.setAttribute("fill", "none");
    line.setAttribute("stroke", colours[stroke.colour] || "#1a1a1a");
    line.setAttribute("stroke-width", "14");
    line.setAttribute("stroke-linecap", "round");
    line.setAttribute("stroke-linejoin", "round");
    svg.appendChild(line);
  }
  return svg;
}

/** "What Lily says": each child's three houses, beside the mapping. */
export function childVoiceSection(app) {
  const children = Object.values(app.board.children || {});
  const views = Object.values(app.board.child_views || {});
  if (!children.length) return null;
  return h(
    "section",
    { class: "child-voice", id: "child-voice", "aria-labelledby": "child-voice-heading", dataset: { key: "child-voice" } },
    h("h2", { id: "child-voice-heading" }, `What ${listWords(children.map((c) => c.name))} ${children.length > 1 ? "say" : "says"}`),
    children.map((child) =>
      h(
        "div",
        { class: "houses", dataset: { key: `houses-${child.child_id}` } },
        children.length > 1 ? h("h3", null, child.name) : null,
        app.words.houses.map((house) => {
          const inHouse = views.filter((v) => v.child_id === child.child_id && v.house === house.key);
          return h(
            "section",
            { class: `house house-${house.key}`, dataset: { key: `house-${child.child_id}-${house.key}` } },
            h("h3", null, face(house, 32), " ", house.name),
            inHouse.length
              ? h(
                  "ul",
                  null,
                  inHouse.map((view) =>
                    h(
                      "li",
                      { class: `child-view${app.isFresh(view.view_id) ? " fresh" : ""}${keptNow(view) ? " kept" : ""}`, dataset: { key: view.view_id } },
                      keptNow(view) ? keptMark(app, child, view) : null,
                      view.text ? h("p", { class: "said" }, `“${view.text}”`) : null,
                      view.drawing.length ? drawingSvg(app, view.drawing, `${child.name}'s drawing`) : null,
                      h(
                        "p",
                        { class: "by" },
                        view.recorded.by.role === "child"
                          ? `In ${child.name}'s own words`
                          : `${child.name} told ${view.recorded.by.name}${view.how ? `, ${view.how}` : ""}`,
                      ),
                    ),
                  ),
                )
              : h("p", { class: "empty" }, "Nothing here yet."),
          );
        }),
      ),
    ),
    app.can("record_child_view") && app.words.staff_roles.includes(app.me.role) ? childViewForm(app, false) : null,
  );
}

/** Kept for the professionals, and the child has not said yes yet (only staff hold it). */
export function keptNow(view) {
  return Boolean(view.kept_for_professionals && !view.agreed);
}

/** On staff screens: whose it is, and the child's yes, recorded by their worker. */
function keptMark(app, child, view) {
  return h(
    "div",
    { class: "kept-mark", dataset: { key: `kept-${view.view_id}` } },
    h("p", { class: "audience-mark" }, h("strong", null, "Professionals only"), ` until ${child.name} says it can be shared`),
    app.can("agree_to_share_child_view")
      ? button(`${child.name} says yes: share it`, { action: "child-agrees", id: view.view_id }, { cls: "secondary small" })
      : null,
  );
}

/** The form a child uses on their phone (big, few words, a drawing), or a worker uses
 * to write down what a child told them. */
export function childViewForm(app, forChild) {
  const panel = forChild ? "my-houses" : "child-view";
  const children = Object.values(app.board.children || {});
  if (!forChild && !app.ui.open.has(panel)) {
    return h("div", { class: "controls", dataset: { key: "open-child-view" } }, button("Write down what a child said", { action: "open", panel }, { cls: "add" }));
  }
  const { colours } = app.words.drawing;
  return h(
    "form",
    { class: `controls add-form child-form${forChild ? " for-child" : ""}`, dataset: { form: "child-view", key: panel, formKey: panel } },
    h(
      "fieldset",
      { class: "house-pick", dataset: { key: "house-pick" } },
      h("legend", null, forChild ? "Which house?" : "Which house does it go in?"),
      app.words.houses.map((house, index) => {
        const id = `${panel}-house-${house.key}`;
        return h(
          "div",
          { class: "house-choice", dataset: { key: id } },
          h("input", { type: "radio", id, name: "house", value: house.key, required: true, checked: index === 0 }),
          h("label", { for: id }, face(house, forChild ? 56 : 40), house.name),
        );
      }),
    ),
    h("p", { class: "credit" }, "Pictures: OpenMoji, CC BY-SA 4.0"),
    !forChild && children.length > 1
      ? select(panel, "child_id", "Which child said it?", children.map((c) => [c.child_id, c.name]))
      : null,
    field(panel, "text", forChild ? "What do you want to say?" : `What did ${children.length === 1 ? children[0].name : "the child"} say? (their words)`, { textarea: true, rows: 2, limit: app.words.limits.text }),
    forChild ? null : field(panel, "how", "How did they tell you?", { limit: app.words.limits.text, hint: "For example: at school, with her teacher there" }),
    keptChoice(panel, forChild, children),
    h(
      "fieldset",
      { class: "colours", dataset: { key: "colours" } },
      h("legend", null, forChild ? "Draw a picture (if you like)" : "A drawing (if they made one)"),
      Object.keys(colours).map((name, index) => {
        const id = `${panel}-colour-${name}`;
        return h(
          "div",
          { class: "colour-choice", dataset: { key: id } },
          h("input", { type: "radio", id, name: "colour", value: name, checked: index === 0 }),
          h("label", { for: id, class: `swatch swatch-${name}` }, h("span", { class: "visually-hidden" }, name)),
        );
      }),
    ),
    drawingPad(app, panel),
    formError(app, panel),
    h("div", { class: "buttons" }, submit(app, panel, forChild ? "Put it in my house" : "Save"), forChild ? null : cancel(panel)),
  );
}

/** "Just for my worker": the child's own channel, in a child's words on their phone. */
function keptChoice(panel, forChild, children) {
  const id = `${panel}-kept`;
  const name = children.length === 1 ? children[0].name : "the child";
  return h(
    "div",
    { class: "kept-choice", dataset: { key: id } },
    h("input", { type: "checkbox", id, name: "kept", value: "yes", "aria-describedby": `${id}-hint` }),
    h("label", { for: id }, forChild ? "Just for my worker" : `Keep it for the professionals until ${name} says yes`),
    h(
      "p",
      { class: "hint", id: `${id}-hint` },
      forChild
        ? "It won't go on the big screen or on anyone's phone, not even yours, until you say yes."
        : "Not on the wall or the family's phones until the child agrees to share it.",
    ),
  );
}

function drawingPad(app, panel) {
  const { size, points: pointLimit, strokes: strokeLimit, colours } = app.words.drawing;
  const canvas = h("canvas", {
    width: 600,
    height: 600,
    class: "drawing-pad",
    "aria-label": "Drawing space: draw with your finger",
    role: "img",
    dataset: { key: `${panel}-pad` },
  });
  canvas.strokes = [];
  let current = null;
  const at = (event) => padPoint(event.clientX, event.clientY, canvas.getBoundingClientRect(), size);
  const paint = () => {
    const ctx = canvas.getContext("2d");
    if (!ctx) return; // no canvas to paint on (switched off, or no page): the strokes are still kept
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    const k = canvas.width / size;
    ctx.lineWidth = 14 * k;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    for (const stroke of canvas.strokes) {
      ctx.strokeStyle = colours[stroke.colour] || "#1a1a1a";
      ctx.beginPath();
      for (let i = 0; i + 1 < stroke.points.length; i += 2) {
        const [x, y] = [stroke.points[i] * k, stroke.points[i + 1] * k];
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      if (stroke.points.length === 2) ctx.lineTo(stroke.points[0] * k + 0.1, stroke.points[1] * k);
      ctx.stroke();
    }
  };
  canvas.clear = () => {
    canvas.strokes = [];
    paint();
  };
  canvas.addEventListener("pointerdown", (event) => {
    if (padIsFull(canvas.strokes, { strokes: strokeLimit, points: pointLimit })) {
      app.announce("The page is full. Put it in your house, or start again.");
      return;
    }
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    const form = canvas.closest("form");
    const chosen = form && form.querySelector('input[name="colour"]:checked');
    current = { colour: chosen ? chosen.value : "black", points: at(event) };
    canvas.strokes.push(current);
    paint();
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!current) return;
    const [x, y] = at(event);
    if (!movedEnough(current.points, x, y)) return;
    if (pointCount(canvas.strokes) >= pointLimit) {
      current = null;
      app.announce("The page is full. Put it in your house, or start again.");
      return;
    }
    current.points.push(x, y);
    paint();
  });
  const end = () => {
    current = null;
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
  queueMicrotask(paint);
  return h(
    "div",
    { class: "pad", dataset: { key: `${panel}-pad-box` } },
    canvas,
    button("Start the drawing again", { action: "clear-pad", panel }, { cls: "secondary small" }),
  );
}
