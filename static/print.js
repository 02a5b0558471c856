// The "Print" buttons of the record and the family's plan. Kept out of the page (no
// inline onclick) so the Content-Security-Policy can forbid all inline script.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
