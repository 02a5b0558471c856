// The wall's way back from one card or domain shown whole to the whole view.

import { h } from "../dom.js";

export function backButton(label) {
  return h("p", { class: "wall-back" }, h("button", { type: "button", class: "wall-link", dataset: { action: "wall-focus", focus: "" } }, label));
}
