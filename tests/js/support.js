// What the browser code's tests share: the fixtures made from the server
// (fixtures/make_demo_frames.py), and a page to draw on (happy-dom) for the modules
// that build elements.

import { existsSync, readFileSync } from "node:fs";
import { Window } from "happy-dom";

const FIXTURES = new URL("./fixtures/", import.meta.url);

export function fixture(name) {
  const url = new URL(name, FIXTURES);
  if (!existsSync(url)) {
    // Made from the server's own code each run, so they can never go stale.
    throw new Error(`${name} is missing: run .venv/bin/python tests/js/fixtures/make_demo_frames.py (scripts/test does)`);
  }
  return JSON.parse(readFileSync(url, "utf8"));
}

/** The wording a case page gives its script (board/web/pages.py's BOARD_WORDS). */
export function words() {
  return fixture("words.json");
}

/** A fresh copy of the demo case's board as a screen of that audience holds it. */
export function demoBoard(audience = "staff") {
  return structuredClone(fixture("demo_frames.json")[audience].board);
}

let page = null;

/** A page to draw on: happy-dom's window, its globals put where browser code looks. */
export function usePage() {
  if (page) return page;
  page = new Window({ url: "https://board.test/cases/demo", width: 1280, height: 800 });
  for (const name of [
    "document",
    "Node",
    "HTMLElement",
    "Element",
    "CSS",
    "localStorage",
    "sessionStorage",
    "location",
    "FormData",
    "Event",
    "KeyboardEvent",
  ]) {
    Object.defineProperty(globalThis, name, { value: page[name], configurable: true, writable: true });
  }
  Object.defineProperty(globalThis, "window", { value: page, configurable: true, writable: true });
  Object.defineProperty(globalThis, "navigator", { value: page.navigator, configurable: true, writable: true });
  return page;
}
