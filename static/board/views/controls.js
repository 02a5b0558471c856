// The building blocks every view's forms are made of: a button that runs an action, a
// labelled field with its counter, a select, the refusal in a form, the submit button,
// and the panel an editor shows when someone else changed the same thing. Buttons and
// forms carry `data-action` / `data-form`; app.js handles them (one listener for the
// whole page) and commands/ turns them into commands.

import { professionalsOnly } from "../audience.js";
import { h, hidden } from "../dom.js";
import { counterWords, safeId } from "../words.js";

/** A button that runs an action: button("Change", {action: "open", panel: "x"}). */
export function button(label, data, { cls = "", hiddenLabel = "", disabled = false } = {}) {
  return h(
    "button",
    { type: "button", class: cls || null, dataset: data, "aria-disabled": disabled ? "true" : null },
    label,
    hiddenLabel ? hidden(hiddenLabel) : null,
  );
}

/** A labelled text box (input or textarea), with an optional hint, and a counter
 * when it has a limit: over-long text is refused with the limit named, never cut (no
 * maxlength, which would cut a paste without a word). */
export function field(key, name, label, opts = {}) {
  const { value = "", hint = "", textarea = false, required = false, limit, type = "text" } = opts;
  const id = safeId(`f-${key}-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const countId = limit ? `${id}-count` : null;
  const describedBy = [hintId, countId].filter(Boolean).join(" ") || null;
  const data = { focusKey: opts.focus ? key : null, limit: limit || null, label };
  const control = textarea
    ? h("textarea", { id, name, rows: opts.rows || 3, required, "aria-describedby": describedBy, value, dataset: data })
    : h("input", { id, name, type, required, autocomplete: "off", "aria-describedby": describedBy, value, dataset: data });
  return h(
    "div",
    { class: "field", dataset: { key: id } },
    h("label", { for: id }, label),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    control,
    limit ? h("p", { class: "counter", id: countId, dataset: { counterFor: id } }, counterWords(value.length, limit)) : null,
  );
}

/** Bring a text box's counter up to date with what is in the box. */
export function updateCounter(control) {
  const counter = document.getElementById(`${control.id}-count`);
  if (!counter) return;
  const limit = Number(control.dataset.limit);
  const length = control.value.length;
  const text = counterWords(length, limit);
  if (counter.textContent !== text) counter.textContent = text;
  counter.classList.toggle("over", length > limit);
  if (length > limit) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
}

/** A labelled select; options are [value, label] pairs. */
export function select(key, name, label, options, { value = "", hint = "", focus = false } = {}) {
  const id = safeId(`f-${key}-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const control = h(
    "select",
    { id, name, "aria-describedby": hintId, dataset: { focusKey: focus ? key : null } },
    options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)),
  );
  // Chosen again once the options are in: a DOM that settles the choice as each option
  // arrives (happy-dom does) would otherwise keep the wrong one.
  if (options.some(([v]) => v === value)) control.value = value;
  return h("div", { class: "field", dataset: { key: id } }, h("label", { for: id }, label), hint ? h("p", { class: "hint", id: hintId }, hint) : null, control);
}

/** The refusal for a form, in the server's own words, where the person is looking. */
export function formError(app, key) {
  const message = app.ui.errors.get(key);
  return message
    ? h("p", { class: "form-error", role: "alert", dataset: { key: `error-${key}` } }, message)
    : null;
}

/** The submit button, which says so while the command is on its way. */
export function submit(app, key, label) {
  const sending = app.ui.sending.has(key);
  const offline = sending && !app.connected();
  return h(
    "button",
    { type: "submit", "aria-disabled": sending ? "true" : null },
    sending ? (offline ? "Waiting for the connection…" : "Saving…") : label,
  );
}

export function cancel(panel, label = "Cancel") {
  return button(label, { action: "close", panel }, { cls: "secondary" });
}

export function byline(stamp, verb) {
  return `${verb} by ${stamp.by.name}`;
}

export function flag(text) {
  return h("p", { class: "flag" }, h("span", { class: "flag-mark", "aria-hidden": "true" }, "!"), text);
}

/**
 * Shown in an editor once someone else has changed the thing being edited: both texts,
 * and the person's own words stay in the box below.
 */
export function conflictPanel(app, panel, changed, theirs) {
  const edit = app.ui.edits.get(panel);
  if (!edit || (changed.position <= edit.basedOn && !app.ui.conflicts.has(panel))) return null;
  const message = app.ui.conflicts.get(panel);
  return h(
    "div",
    { class: "conflict", role: "alert", tabindex: "-1", dataset: { key: "conflict" } },
    // The server's own words when it refused the save; until then, ours.
    h("p", { class: "conflict-title" }, message || `${changed.by.name} changed this while you were editing.`),
    h("p", { class: "label" }, "Now on the board:"),
    h("blockquote", { class: "theirs" }, theirs),
    edit.mine !== undefined ? h("p", { class: "label" }, "What you wrote:") : null,
    edit.mine !== undefined ? h("blockquote", { class: "mine" }, edit.mine) : null,
    h("p", null, "Your words are still in the box below. Choose which to keep."),
    h(
      "div",
      { class: "buttons" },
      button("Save my words instead", { action: "keep-mine", panel }),
      button("Keep their words", { action: "keep-theirs", panel }, { cls: "secondary" }),
    ),
  );
}

/**
 * On a staff screen, what the room does not see: "Professionals only" on a thing
 * written in a meeting for professionals only and not shared, with "Share with the
 * family…" beside it (how it was shared is asked; the server refuses it while such a
 * meeting is open). A shared thing says when and how it reached the family.
 * `what` names the thing for a screen reader ("danger statement 2").
 */
export function audienceNote(app, collection, thing, id, what) {
  if (!app.words.staff_roles.includes(app.me.role)) return null;
  if (thing.shared) {
    return h("p", { class: "shared-note", dataset: { key: `shared-${id}` } }, `Shared with the family: ${thing.shared.how}`);
  }
  if (!professionalsOnly(app.board, collection, thing)) return null;
  const panel = `share:${id}`;
  const meeting = app.board.open_meeting_id ? app.board.meetings[app.board.open_meeting_id] : null;
  const mayShare = app.can("share_with_family") && !(meeting && meeting.professionals_only);
  const goal = collection === "safety_goals";
  return h(
    "div",
    { class: "audience", dataset: { key: `audience-${id}` } },
    h("span", { class: "tag professionals-only" }, "Professionals only", hidden(`: the family does not see this ${what}`)),
    mayShare && !goal && !app.ui.open.has(panel)
      ? button("Share with the family…", { action: "open", panel }, { cls: "small secondary", hiddenLabel: ` (${what})` })
      : null,
    mayShare && !goal && app.ui.open.has(panel)
      ? h(
          "form",
          { class: "controls share-form", dataset: { form: "share", id, key: panel, formKey: panel } },
          field(panel, "how", `How is ${what} shared with the family?`, {
            required: true,
            limit: app.words.limits.text,
            hint: "For example: at the family network meeting, by phone with Esi.",
            focus: true,
          }),
          formError(app, panel),
          h("div", { class: "buttons" }, submit(app, panel, "Share it"), cancel(panel)),
        )
      : null,
  );
}
