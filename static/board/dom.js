// Building and patching the page safely.
//
// `h()` builds elements from plain data: text always goes in through text nodes,
// never through innerHTML, so nothing a person types can become markup.
// `morph()` patches the live page to match a freshly built tree, keeping the
// elements that are already there (matched by `data-key`, or by position). That
// keeps focus, caret position and anything half-typed in a box while other
// people's changes arrive. Form controls keep the value the person typed: the new
// tree's value is used only for controls that are new (or marked
// `data-sync-value`).

const PROPS = new Set(["value", "checked", "selected"]);

/**
 * h("button", {type: "button", class: "x", dataset: {action: "edit"}}, "Edit")
 * Children may be strings, numbers, nodes, arrays (flattened), or null/false (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "dataset") {
        for (const [key, v] of Object.entries(value)) {
          if (v !== null && v !== undefined) el.dataset[key] = String(v);
        }
      } else if (PROPS.has(name)) {
        el[name] = value;
        if (name === "checked" && value) el.setAttribute("checked", "");
        if (name === "selected" && value) el.setAttribute("selected", "");
      } else if (value === true) {
        el.setAttribute(name, "");
      } else {
        el.setAttribute(name, String(value));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false || child === true) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Patch `live` (an element on the page) so its children match `fresh`'s children. */
export function morphChildren(live, fresh) {
  const freshKids = Array.from(fresh.childNodes);
  const wanted = new Set();
  for (const kid of freshKids) {
    const key = keyOf(kid);
    if (key !== null) wanted.add(key);
  }
  const keyed = new Map();
  for (const kid of live.childNodes) {
    const key = keyOf(kid);
    if (key !== null && wanted.has(key) && !keyed.has(key)) keyed.set(key, kid);
  }
  let cursor = live.firstChild;
  for (const kid of freshKids) {
    // Drop keyed elements that are no longer wanted, rather than moving others past them.
    while (cursor && keyOf(cursor) !== null && !keyed.has(keyOf(cursor))) {
      const next = cursor.nextSibling;
      live.removeChild(cursor);
      cursor = next;
    }
    const key = keyOf(kid);
    let match = null;
    if (key !== null) {
      match = keyed.get(key) || null;
      if (match && match.nodeName !== kid.nodeName) match = null;
      if (match) keyed.delete(key);
    } else if (cursor && keyOf(cursor) === null && cursor.nodeName === kid.nodeName) {
      match = cursor;
    }
    if (match) {
      if (match === cursor) cursor = cursor.nextSibling;
      else live.insertBefore(match, cursor);
      patch(match, kid);
    } else {
      live.insertBefore(kid, cursor);
    }
  }
  while (cursor) {
    const next = cursor.nextSibling;
    live.removeChild(cursor);
    cursor = next;
  }
}

function keyOf(node) {
  return node.nodeType === 1 && node.hasAttribute("data-key") ? node.getAttribute("data-key") : null;
}

function patch(live, fresh) {
  if (live.nodeType !== 1) {
    if (live.nodeValue !== fresh.nodeValue) live.nodeValue = fresh.nodeValue;
    return;
  }
  patchAttributes(live, fresh);
  const tag = live.nodeName;
  if (tag === "INPUT" || tag === "TEXTAREA") {
    if (fresh.hasAttribute("data-sync-value")) {
      if (live.value !== fresh.value) live.value = fresh.value;
      if (live.checked !== fresh.checked) live.checked = fresh.checked;
    }
    if (tag === "TEXTAREA") return; // its children are its default text; leave the person's
    return;
  }
  if (tag === "SELECT") {
    const chosen = live.value;
    morphChildren(live, fresh);
    if (fresh.hasAttribute("data-sync-value")) live.value = fresh.value;
    else if (Array.from(live.options).some((o) => o.value === chosen)) live.value = chosen;
    return;
  }
  morphChildren(live, fresh);
}

function patchAttributes(live, fresh) {
  for (const attr of Array.from(live.attributes)) {
    if (!fresh.hasAttribute(attr.name)) live.removeAttribute(attr.name);
  }
  for (const attr of Array.from(fresh.attributes)) {
    if (live.getAttribute(attr.name) !== attr.value) live.setAttribute(attr.name, attr.value);
  }
}

/** Text for the visually hidden parts that screen readers need. */
export function hidden(text) {
  return h("span", { class: "visually-hidden" }, text);
}
