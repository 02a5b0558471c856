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

/**
 * After each draw: show as many cards of each group as fit on the stage, the same
 * number for every group, and page the rest. `wall` is the wall's state (page, pages).
 */
export function fitStage(wall) {
  const stage = document.getElementById("wall-stage");
  const pager = document.getElementById("wall-pager");
  if (!stage) return;
  const groups = Array.from(stage.querySelectorAll("[data-fit-group]"));
  const most = Math.max(0, ...groups.map((g) => g.querySelectorAll(":scope > [data-fit-index]").length));
  // First, everything on one page with room for each card's first lines; if that does
  // not fit, each card condenses to its first line and the rest is paged.
  stage.classList.add("roomy");
  showPage(stage, groups, Math.max(1, most), 0);
  if (stage.scrollHeight <= stage.clientHeight + 1) {
    wall.page = 0;
    wall.pages = 1;
    if (pager && pager.textContent) pager.textContent = "";
    return;
  }
  stage.classList.remove("roomy");
  // The most cards a group can show and still fit, tried on the first page (the
  // same number then holds on every page: the rest have no more cards than it).
  let per = Math.max(1, most);
  for (; per > 1; per -= 1) {
    showPage(stage, groups, per, 0);
    if (stage.scrollHeight <= stage.clientHeight + 1) break;
  }
  const pages = pageCount(most, per);
  wall.page = Math.min(wall.page, pages - 1);
  showPage(stage, groups, per, wall.page);
  wall.pages = pages;
  if (pager) {
    const text = pages > 1 ? `Page ${wall.page + 1} of ${pages}` : "";
    if (pager.textContent !== text) pager.textContent = text;
  }
}

function showPage(stage, groups, per, page) {
  for (const group of groups) {
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
  }
}
