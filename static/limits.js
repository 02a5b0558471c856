// Limits shown, never silent, on the plain forms (joining, opening a case): a counter
// under each box with a limit. Nothing is cut: text over the limit is refused by the
// server, which names the limit.

const NUMBER = new Intl.NumberFormat("en-GB");

function update(box) {
  const counter = document.getElementById(`${box.id}-count`);
  if (!counter) return;
  const limit = Number(box.dataset.limit);
  const length = box.value.length;
  counter.textContent =
    length > limit
      ? `${NUMBER.format(length - limit)} characters too many: the most is ${NUMBER.format(limit)}`
      : `${NUMBER.format(length)} of ${NUMBER.format(limit)} characters`;
  counter.classList.toggle("over", length > limit);
  if (length > limit) box.setAttribute("aria-invalid", "true");
  else box.removeAttribute("aria-invalid");
}

for (const box of document.querySelectorAll("input[data-limit], textarea[data-limit]")) {
  update(box);
  box.addEventListener("input", () => update(box));
}
