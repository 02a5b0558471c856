// The replay's scrubber: fetch the board at a position (drawn on the server, the same
// way for every page) and swap it in. Requests are coalesced so dragging stays smooth:
// at most one is in flight, and only the latest position is fetched next.
const controls = document.getElementById("replay");
const slider = document.getElementById("position");
const output = document.getElementById("position-output");
const live = document.getElementById("replay-live");
const playButton = document.getElementById("play");
const boardAt = controls.dataset.boardAt;
const max = Number(controls.dataset.max);

let wanted = Number(slider.value);
let shown = wanted;
let inFlight = false;
let timer = null;

async function fetchWanted() {
  if (inFlight || wanted === shown) return;
  inFlight = true;
  const position = wanted;
  try {
    const response = await fetch(`${boardAt}?at=${position}`, { credentials: "same-origin" });
    if (response.ok) {
      const html = await response.text();
      const frame = new DOMParser().parseFromString(html, "text/html").getElementById("replay-frame");
      if (frame) {
        live.replaceChildren(document.adoptNode(frame));
        shown = position;
        // Where the board is, in the server's words (a meeting and a time, not a number).
        output.textContent = frame.dataset.when;
        slider.setAttribute("aria-valuetext", frame.dataset.when);
        history.replaceState(null, "", `?at=${position}`);
      }
    }
  } finally {
    inFlight = false;
    if (wanted !== shown) fetchWanted();
  }
}

function goTo(position) {
  wanted = Math.max(0, Math.min(max, position));
  slider.value = String(wanted);
  fetchWanted();
}

function stop() {
  clearInterval(timer);
  timer = null;
  playButton.setAttribute("aria-pressed", "false");
  playButton.textContent = "Play";
}

slider.addEventListener("input", () => goTo(Number(slider.value)));
document.getElementById("step-back").addEventListener("click", () => { stop(); goTo(wanted - 1); });
document.getElementById("step-forward").addEventListener("click", () => { stop(); goTo(wanted + 1); });
playButton.addEventListener("click", () => {
  if (timer) { stop(); return; }
  if (wanted >= max) goTo(0);
  playButton.setAttribute("aria-pressed", "true");
  playButton.textContent = "Pause";
  timer = setInterval(() => { if (wanted >= max) stop(); else goTo(wanted + 1); }, 700);
});
for (const link of document.querySelectorAll("a[data-at]")) {
  link.addEventListener("click", (event) => { event.preventDefault(); stop(); goTo(Number(link.dataset.at)); });
}
