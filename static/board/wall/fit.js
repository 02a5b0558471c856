// Fitting the wall's views to the screen: as many cards of each group as fit on the
// stage, the same number for every group, and the rest paged. The stage never scrolls.

/** Where each card of a group goes: shown on this page, or counted before or after it. */
export function pageOfCards(indexes, per, page) {
  const first = page * per;
  const last = (page + 1) * per;
  return {
    shown: indexes.map((index) => index >= first && index < last),
    before: indexes.filter((index) => index < first).length,
    after: indexes.filter((index) => index >= last).length,
  };
}

/** Under a group: "3 on earlier pages; 1 more on the next page", or "". */
export function moreWords(before, after, per) {
  const words = [];
  if (before) words.push(`${before} on ${before > per ? "earlier pages" : "the page before"}`);
  if (after) words.push(`${after} more on ${after > per ? "the next pages" : "the next page"}`);
  return words.join("; ");
}

/** How many pages, at `per` cards a group, for a group of `most` cards. */
export function pageCount(most, per) {
  return Math.max(1, Math.ceil(most / per));
}

/** One card less a page for the fullest group of a column that does not fit (`over`:
 * whether each group's column runs past the stage); the other columns stay as they
 * are, so a short group is never paged for a long one's sake. With no column over,
 * the fullest group of all. False when every group shows one card. */
export function fewerCards(pers, over) {
  const fullest = (only) => {
    let at = -1;
    pers.forEach((per, i) => {
      if (per > 1 && (!only || over[i]) && (at < 0 || per > pers[at])) at = i;
    });
    return at;
  };
  const at = over.some(Boolean) && fullest(true) >= 0 ? fullest(true) : fullest(false);
  if (at < 0) return false;
  pers[at] -= 1;
  return true;
}

/** Pages for groups of `counts` cards at `pers` cards a page each: the most any needs. */
export function pagesFor(counts, pers) {
  return Math.max(1, ...counts.map((count, i) => pageCount(count, pers[i])));
}

/**
 * After each draw: show as many cards of each group as fit on the stage, and page the
 * rest: each group its own number, so a short group is never paged for a long one's
 * sake and the wall's width is used. `wall` is the wall's state (page, pages).
 */
export function fitStage(wall) {
  const stage = document.getElementById("wall-stage");
  const pager = document.getElementById("wall-pager");
  if (!stage) return;
  const groups = Array.from(stage.querySelectorAll("[data-fit-group]"));
  const counts = groups.map((g) => g.querySelectorAll(":scope > [data-fit-index]").length);
  const pers = counts.map((count) => Math.max(1, count));
  const fits = () => stage.scrollHeight <= stage.clientHeight + 1;
  // First, everything on one page with room for each card's first lines; if that does
  // not fit, each card condenses to its first lines and the rest is paged.
  stage.classList.add("roomy");
  showPage(stage, groups, pers, 0);
  if (fits()) {
    wall.page = 0;
    wall.pages = 1;
    if (pager && pager.textContent) pager.textContent = "";
    return;
  }
  stage.classList.remove("roomy");
  // Tried on the first page: later pages hold no more cards of a group than it.
  showPage(stage, groups, pers, 0);
  while (!fits() && fewerCards(pers, columnsOver(stage, groups))) showPage(stage, groups, pers, 0);
  const pages = pagesFor(counts, pers);
  wall.page = Math.min(wall.page, pages - 1);
  showPage(stage, groups, pers, wall.page);
  wall.pages = pages;
  if (pager) {
    const text = pages > 1 ? `Page ${wall.page + 1} of ${pages}` : "";
    if (pager.textContent !== text) pager.textContent = text;
  }
}

function showPage(stage, groups, pers, page) {
  groups.forEach((group, g) => {
    const per = pers[g];
    const cards = Array.from(group.querySelectorAll(":scope > [data-fit-index]"));
    const { shown, before, after } = pageOfCards(cards.map((card) => Number(card.dataset.fitIndex)), per, page);
    cards.forEach((card, i) => {
      card.hidden = !shown[i];
    });
    const more = stage.querySelector(`[data-more-for="${CSS.escape(group.dataset.fitGroup)}"]`);
    if (more) {
      more.textContent = moreWords(before, after, per);
      more.hidden = !more.textContent;
    }
  });
}

/** Whether each group's column (what stands above or below it) runs past the stage. */
function columnsOver(stage, groups) {
  const limit = stage.getBoundingClientRect().bottom + 1;
  const boxes = Array.from(stage.querySelectorAll("[data-fit-group], [data-fit-group] > :not([hidden]), .wall-more:not([hidden])")).map((el) =>
    el.getBoundingClientRect(),
  );
  return groups.map((group) => {
    const lane = group.getBoundingClientRect();
    return boxes.some((box) => box.bottom > limit && box.left < lane.right - 1 && box.right > lane.left + 1);
  });
}
