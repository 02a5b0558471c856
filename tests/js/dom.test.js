// static/board/dom.js: building elements from plain data, and patching the live page
// to match a fresh tree while keeping what the person is typing and where the focus is.

import assert from "node:assert/strict";
import { before, describe, it } from "node:test";

import { usePage } from "./support.js";

let h;
let morphChildren;
let hidden;

before(async () => {
  usePage();
  ({ h, morphChildren, hidden } = await import("../../static/board/dom.js"));
});

function live(...children) {
  const root = h("div", null, ...children);
  document.body.replaceChildren(root);
  return root;
}

describe("h", () => {
  it("puts text in as text, never as markup", () => {
    const el = h("p", { class: "said" }, "<img src=x onerror=alert(1)>");
    assert.equal(el.textContent, "<img src=x onerror=alert(1)>");
    assert.equal(el.querySelector("img"), null);
  });

  it("sets attributes, data, properties, and skips what is empty", () => {
    const el = h(
      "input",
      { type: "checkbox", required: true, disabled: false, title: null, checked: true, dataset: { formKey: "k", none: null } },
    );
    assert.equal(el.getAttribute("type"), "checkbox");
    assert.equal(el.hasAttribute("required"), true);
    assert.equal(el.hasAttribute("disabled"), false);
    assert.equal(el.hasAttribute("title"), false);
    assert.equal(el.checked, true);
    assert.equal(el.dataset.formKey, "k");
    assert.equal("none" in el.dataset, false);
  });

  it("flattens children and skips null, false and true", () => {
    const el = h("ul", null, [h("li", null, "a"), [h("li", null, 2)]], null, false, true, "tail");
    assert.equal(el.children.length, 2);
    assert.equal(el.textContent, "a2tail");
    assert.equal(hidden("more").className, "visually-hidden");
  });
});

describe("morphChildren", () => {
  it("keeps keyed elements, moving them to their new place", () => {
    const root = live(h("p", { dataset: { key: "a" } }, "A"), h("p", { dataset: { key: "b" } }, "B"));
    const [a, b] = root.children;
    morphChildren(root, h("div", null, h("p", { dataset: { key: "b" } }, "B2"), h("p", { dataset: { key: "c" } }, "C"), h("p", { dataset: { key: "a" } }, "A")));
    assert.deepEqual(Array.from(root.children, (c) => c.textContent), ["B2", "C", "A"]);
    assert.equal(root.children[0], b);
    assert.equal(root.children[2], a);
  });

  it("drops what is no longer wanted and patches attributes", () => {
    const root = live(h("p", { class: "old", title: "t" }, "x"), h("span", null, "gone"));
    const p = root.firstChild;
    morphChildren(root, h("div", null, h("p", { class: "new" }, "y")));
    assert.equal(root.childNodes.length, 1);
    assert.equal(root.firstChild, p);
    assert.equal(p.className, "new");
    assert.equal(p.hasAttribute("title"), false);
    assert.equal(p.textContent, "y");
  });

  it("keeps what the person typed, and the focus, while the page is redrawn", () => {
    const box = () => h("form", { dataset: { key: "f" } }, h("textarea", { id: "t", value: "from the server" }), h("input", { id: "i", value: "one" }));
    const root = live(box());
    const textarea = root.querySelector("#t");
    textarea.focus();
    textarea.value = "half-typed";
    root.querySelector("#i").value = "typed";
    morphChildren(root, h("div", null, box()));
    assert.equal(root.querySelector("#t"), textarea);
    assert.equal(textarea.value, "half-typed");
    assert.equal(root.querySelector("#i").value, "typed");
    assert.equal(document.activeElement, textarea);
  });

  it("sets the value of a control marked data-sync-value", () => {
    const root = live(h("input", { id: "s", value: "a", "data-sync-value": true }));
    root.firstChild.value = "typed";
    morphChildren(root, h("div", null, h("input", { id: "s", value: "b", "data-sync-value": true })));
    assert.equal(root.firstChild.value, "b");
  });

  it("keeps a select's choice while it is still offered", () => {
    const options = (...values) => values.map((v) => h("option", { value: v }, v));
    const root = live(h("select", { id: "s" }, options("a", "b", "c")));
    root.firstChild.value = "b";
    morphChildren(root, h("div", null, h("select", { id: "s" }, options("a", "b"))));
    assert.equal(root.firstChild.value, "b");
    morphChildren(root, h("div", null, h("select", { id: "s" }, options("c", "b", "a"))));
    assert.equal(root.firstChild.value, "b");
  });
});
