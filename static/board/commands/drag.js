// Dragging a card to another domain on the shared screen: the pointer's way to do what
// a card's "Move to…" menu does (the "move-item" action, a move_item command, an
// ItemMoved fact like any other). Cards are draggable only where views/mapping.js says
// so; a domain takes a drop when the card is not already in it.

import { ACTIONS } from "./actions.js";

const TYPE = "application/x-board-item";

function domainUnder(app, target) {
  const domain = target.closest && target.closest(".domain[data-domain]");
  return domain && app.root.contains(domain) ? domain : null;
}

/** The item being dragged, kept here as well: dataTransfer cannot be read during dragover. */
let dragged = null;

export function attachDrag(app) {
  const root = app.root;
  root.addEventListener("dragstart", (event) => {
    const card = event.target.closest && event.target.closest("li.item[draggable=true][data-item]");
    if (!card) return;
    dragged = card.dataset.item;
    event.dataTransfer.setData(TYPE, dragged);
    event.dataTransfer.setData("text/plain", card.querySelector(".item-text")?.textContent || "");
    event.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
  });
  root.addEventListener("dragend", (event) => {
    const card = event.target.closest && event.target.closest("li.item");
    if (card) card.classList.remove("dragging");
    for (const el of root.querySelectorAll(".domain.drop-here")) el.classList.remove("drop-here");
    dragged = null;
  });
  // Entering a domain and moving over it both say whether it takes the card.
  const over = (event) => {
    const domain = domainUnder(app, event.target);
    const item = dragged && app.board && app.board.items[dragged];
    for (const el of root.querySelectorAll(".domain.drop-here")) if (el !== domain) el.classList.remove("drop-here");
    if (!domain || !item || item.domain === domain.dataset.domain) return;
    event.preventDefault(); // this domain takes the card
    event.dataTransfer.dropEffect = "move";
    domain.classList.add("drop-here");
  };
  root.addEventListener("dragenter", over);
  root.addEventListener("dragover", over);
  root.addEventListener("drop", (event) => {
    const domain = domainUnder(app, event.target);
    const id = event.dataTransfer.getData(TYPE) || dragged;
    const item = id && app.board && app.board.items[id];
    if (!domain || !item) return;
    event.preventDefault();
    domain.classList.remove("drop-here");
    if (item.domain === domain.dataset.domain) return;
    ACTIONS["move-item"].call(app, { id, domain: domain.dataset.domain });
    app.schedule();
  });
}
