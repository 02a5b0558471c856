// The wall on its own page (another window or device, in front of the room) shows the
// same views as present mode, with no control: the chair leads it from the presenter
// view. Buttons become plain text where they carry words (a tab, a card, a domain's
// heading) and go where they only steer (the way back from a card shown whole).

import { h } from "../dom.js";

/** The drawn wall, stilled: no button, link or field left in it. */
export function still(drawn) {
  for (const back of drawn.querySelectorAll(".wall-back, .wall-stop, form, .controls")) back.remove();
  for (const button of drawn.querySelectorAll("button")) {
    const kept = h("span", { class: button.getAttribute("class") || null });
    if (button.getAttribute("aria-current")) kept.setAttribute("aria-current", button.getAttribute("aria-current"));
    while (button.firstChild) kept.appendChild(button.firstChild);
    button.replaceWith(kept);
  }
  return drawn;
}
