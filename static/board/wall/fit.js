// Fitting the wall's views to the screen, never a scroll and never anything cut:
//   1. When everything fits on one page, every card is shown whole, in type as large as
//      still fits (up to twice the smallest), so one statement or three of a child's
//      sayings fill the wall rather than a quarter of it.
//   2. Otherwise each card shows its first three lines, or two, on the fewest pages
//      that hold them all. The mapping and the child's houses keep their columns, each
//      group its own number of cards a page (a short group is never paged for a long
//      one's sake); the plan and the statements flow from column to column, as many
//      columns as fit, then on to the next page.
// The pure rules are exported for tests/js; fitStage measures the drawn stage.

/** The type sizes tried when everything fits on one page, largest first (× the wall's
 * smallest, 28 px at 1080p). */
export const SCALES = [2, 1.75, 1.5, 1.3, 1.15, 1];

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

/** Under a group: "3 on earlier pages; 1 more on the next page", or "". `per`: cards a
 * page, or `{ before, after }`: how many pages those cards are on. */
export function moreWords(before, after, per) {
  const spans = typeof per === "object" ? per : { before: Math.ceil(before / per), after: Math.ceil(after / per) };
  const words = [];
  if (before) words.push(`${before} on ${spans.before > 1 ? "earlier pages" : "the page before"}`);
  if (after) words.push(`${after} more on ${spans.after > 1 ? "the next pages" : "the next page"}`);
  return words.join("; ");
}

/** How many pages, at `per` cards a group, for a group of `most` cards. */
export function pageCount(most, per) {
  return Math.max(1, Math.ceil(most / per));
}

/** Pages for groups of `counts` cards at `pers` cards a page each: the most any needs. */
export function pagesFor(counts, pers) {
  return Math.max(1, ...counts.map((count, i) => pageCount(count, pers[i])));
}

/** The fewest cards a page each group may show for everything to be on `pages` pages. */
export function leastPers(counts, pages) {
  return counts.map((count) => Math.max(1, Math.ceil(count / pages)));
}

/**
 * Cards in one flow, cut into pages: page after page takes as many of the cards left as
 * `fits(start, end)` says fit (at least one, so a page is never empty). Returns each
 * page's [start, end). The most that fit are found by doubling, then by halves, so a
 * long plan costs few measurements.
 */
export function flowPages(count, fits) {
  const pages = [];
  let start = 0;
  while (start < count) {
    let good = start + 1;
    let step = 1;
    while (good + step <= count && fits(start, good + step)) {
      good += step;
      step *= 2;
    }
    let bad = Math.min(good + step, count + 1);
    while (bad - good > 1) {
      const mid = Math.floor((good + bad) / 2);
      if (fits(start, mid)) good = mid;
      else bad = mid;
    }
    pages.push([start, good]);
    start = good;
  }
  return pages.length ? pages : [[0, 0]];
}

/** For one group of a flow (its cards at `indexes` of the flow), on `page` of `pages`:
 * which of its cards are shown, how many are before and after, and on how many pages. */
export function flowPageOfCards(indexes, pages, page) {
  const [first, last] = pages[page] || [0, 0];
  const pagesOf = (list) => new Set(list.map((index) => pages.findIndex(([s, e]) => index >= s && index < e))).size;
  const before = indexes.filter((index) => index < first);
  const after = indexes.filter((index) => index >= last);
  return {
    shown: indexes.map((index) => index >= first && index < last),
    before: before.length,
    after: after.length,
    spans: { before: pagesOf(before), after: pagesOf(after) },
  };
}

/** "Page 2 of 3", or "" for one page. */
export function pagerWords(page, pages) {
  return pages > 1 ? `Page ${page + 1} of ${pages}` : "";
}

// -- measuring the drawn stage -------------------------------------------------------

const LOOKS = ["fit-whole", "fit-roomy"]; // cards whole; first three lines; (neither) two

/**
 * After each draw: fit the stage (the three steps above) and say the pages in the
 * pager. `wall` is the wall's state (page, pages), kept between draws.
 */
export function fitStage(wall) {
  const stage = document.getElementById("wall-stage");
  const pager = document.getElementById("wall-pager");
  if (!stage) return;
  // What the pager says can wrap the heading's row and so shorten the stage: each try
  // is measured with the pager saying as much as it will (say, below).
  const say = (text) => {
    if (pager && pager.textContent !== text) pager.textContent = text;
  };
  const fitted = stage.hasAttribute("data-fit-flow") ? fitFlow(stage, say) : fitGroups(stage, say);
  wall.pages = fitted.pages;
  wall.page = Math.min(wall.page, fitted.pages - 1);
  fitted.show(wall.page);
  say(pagerWords(wall.page, fitted.pages));
}

/** The pager while pages are tried: as wide as "Page 1 of 2" (digits are as wide as
 * each other), so the page it then says takes no more room than was measured. */
const PAGING = "Page 8 of 8";

function fits(stage) {
  return stage.scrollHeight <= stage.clientHeight + 1 && stage.scrollWidth <= stage.clientWidth + 1;
}

function look(stage, name, scale = 1) {
  stage.classList.remove(...LOOKS);
  if (name) stage.classList.add(name);
  stage.style.fontSize = scale === 1 ? "" : `${scale}em`;
}

/** Everything on one page, cards whole, in the largest type that fits; or false. Type
 * larger than the smallest is tried only when the smallest fits, so a crowded view
 * costs few tries. */
function onePage(stage, showAll, say) {
  say("");
  look(stage, "fit-whole");
  showAll();
  if (fits(stage)) {
    for (const scale of SCALES.filter((s) => s > 1)) {
      look(stage, "fit-whole", scale);
      if (fits(stage)) return true;
    }
    look(stage, "fit-whole");
    return true;
  }
  look(stage, "fit-roomy");
  if (fits(stage)) return true;
  look(stage, null);
  return fits(stage);
}

/** The mapping, the houses, a domain shown whole: groups side by side in columns. */
function fitGroups(stage, say) {
  const groups = Array.from(stage.querySelectorAll("[data-fit-group]"));
  const counts = groups.map((g) => g.querySelectorAll(":scope > [data-fit-index]").length);
  const whole = counts.map((count) => Math.max(1, count));
  const show = (pers) => (page) => showGroupsPage(stage, groups, pers, page);
  if (!groups.length) {
    look(stage, null);
    return { pages: 1, show: () => {} };
  }
  if (onePage(stage, () => showGroupsPage(stage, groups, whole, 0), say)) return { pages: 1, show: show(whole) };
  say(PAGING);
  let best = null;
  for (const name of ["fit-roomy", null]) {
    look(stage, name);
    const found = fewestPages(stage, groups, counts);
    if (!best || found.pages < best.pages) best = { name, ...found };
  }
  look(stage, best.name);
  return { pages: best.pages, show: show(best.pers) };
}

/** The fewest pages that hold every group, and the cards a page for each. On `pages`
 * pages each group shows at least its share on the first page (leastPers), so the
 * first page is the fullest: the fewest pages whose first page fits are found by
 * halves, then every page is checked. A group with room then shows all its cards on
 * the first page, so a short group is never paged for a long one's sake. */
function fewestPages(stage, groups, counts) {
  const most = Math.max(...counts);
  const fitsPage = (pers, page) => {
    showGroupsPage(stage, groups, pers, page);
    return fits(stage);
  };
  let low = Math.min(2, most);
  let high = most;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (fitsPage(leastPers(counts, mid), 0)) high = mid;
    else low = mid + 1;
  }
  let pages = low;
  const everyPage = (pers, count) => Array.from({ length: count }, (_, page) => page).every((page) => fitsPage(pers, page));
  while (pages < most && !everyPage(leastPers(counts, pages), pages)) pages += 1;
  const pers = leastPers(counts, pages);
  counts.forEach((count, g) => {
    if (pers[g] >= count) return;
    const least = pers[g];
    pers[g] = count;
    if (!fitsPage(pers, 0)) pers[g] = least;
  });
  return { pages: pagesFor(counts, pers), pers };
}

function showGroupsPage(stage, groups, pers, page) {
  groups.forEach((group, g) => {
    const per = pers[g];
    const cards = Array.from(group.querySelectorAll(":scope > [data-fit-index]"));
    const { shown, before, after } = pageOfCards(cards.map((card) => Number(card.dataset.fitIndex)), per, page);
    cards.forEach((card, i) => {
      card.hidden = !shown[i];
    });
    sayMore(stage, group, moreWords(before, after, per));
  });
}

function sayMore(stage, group, words) {
  const more = stage.querySelector(`[data-more-for="${CSS.escape(group.dataset.fitGroup)}"]`);
  if (more) {
    if (more.textContent !== words) more.textContent = words;
    more.hidden = !words;
  }
}

/** The plan and the statements: one flow of cards through as many columns as fit. */
function fitFlow(stage, say) {
  const cards = Array.from(stage.querySelectorAll("[data-fit-group] > [data-fit-index]"));
  const groups = Array.from(stage.querySelectorAll("[data-fit-group]"));
  const show = (pages) => (page) => showFlowPage(stage, groups, cards, pages, page);
  const all = [[0, cards.length]];
  if (onePage(stage, () => showFlowPage(stage, groups, cards, all, 0), say)) return { pages: 1, show: show(all) };
  say(PAGING);
  let best = null;
  for (const name of ["fit-roomy", null]) {
    look(stage, name);
    const pages = flowPages(cards.length, (start, end) => {
      showFlowPage(stage, groups, cards, [[start, end]], 0);
      return fits(stage);
    });
    if (!best || pages.length < best.pages.length) best = { name, pages };
  }
  look(stage, best.name);
  return { pages: best.pages.length, show: show(best.pages) };
}

function showFlowPage(stage, groups, cards, pages, page) {
  const at = new Map(cards.map((card, index) => [card, index]));
  for (const group of groups) {
    const mine = Array.from(group.querySelectorAll(":scope > [data-fit-index]"));
    const { shown, before, after, spans } = flowPageOfCards(mine.map((card) => at.get(card)), pages, page);
    mine.forEach((card, i) => {
      card.hidden = !shown[i];
    });
    // A part with nothing on this page is not on it, heading and all.
    const box = group.closest("[data-fit-box]");
    if (box) box.hidden = !shown.some(Boolean);
    sayMore(stage, group, moreWords(before, after, spans));
  }
}
