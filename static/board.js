// The board in the browser: the shared screen (data-mode="screen") or a phone
// (data-mode="phone"). The wording comes from the server (board/practice.py) as JSON.

import { App } from "./board/app.js";

const root = document.getElementById("board-app");
const wordsElement = document.getElementById("board-words");
if (root && wordsElement) {
  const app = new App(root, JSON.parse(wordsElement.textContent));
  root.boardApp = app; // for tests: the board as this page holds it
  app.start();
}
