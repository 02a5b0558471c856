// The chair's people tools: who is waiting (at the top of the screen and, with a
// picker for each, in the side panel), whom to let them in as, removing someone, and
// the case's invites, plan links and copies of the plan given. What the buttons and
// forms here do is in commands/people.js.
//
// Whom someone waiting is let in as is the server's to propose (GET .../lobby, from
// board.commands.people.lobby_proposal): this file shows what it says. A typed name
// that matches a person of the case is a claim ("says they are Esi Osei: check"),
// never chosen for them: the chair chooses in the picker.

import { h } from "../dom.js";
import { networkPeople as peopleOfNetwork, proposedAdmission, waitingPeople as waitingIn } from "../lobby.js";
import { capital, safeId, shortTime } from "../words.js";
import { button, field, formError, select, submit } from "./controls.js";

const PLAN_LINK_DAYS = [
  [7, "1 week"],
  [14, "2 weeks"],
  [30, "30 days"],
  [60, "60 days"],
  [92, "3 months"],
];

function networkPeople(app) {
  return peopleOfNetwork(app.board, app.words.staff_roles);
}

function waitingPeople(app) {
  return waitingIn(app.presence);
}

/** "Gran Pat, Lily's gran (Jess's mum)": the relationship after a comma, so brackets
 * never nest (W13); the role in brackets only where no relationship says who they are. */
function personLabel(app, person) {
  return person.relationship ? `${person.name}, ${person.relationship}` : app.named(person.name, person.role);
}

/** What the server proposes for someone waiting (undefined until it has said). */
function proposal(app, participantId) {
  return app.lobbyInfo.get(participantId);
}

function proposedWords(app, waiting) {
  const found = proposal(app, waiting.participant_id);
  const people = (app.board && app.board.people) || {};
  if (found && found.proposed_person_id && people[found.proposed_person_id]) {
    return `as ${people[found.proposed_person_id].name}`;
  }
  if (found) return "as someone new to the case";
  return "";
}

/** The person of the case whose name they typed (a claim to check), if any. */
function claimed(app, waiting) {
  const found = proposal(app, waiting.participant_id);
  const people = (app.board && app.board.people) || {};
  return found && found.says_they_are ? people[found.says_they_are] || null : null;
}

function invitedWords(app, waiting) {
  const people = (app.board && app.board.people) || {};
  const invited = waiting.invited_as && people[waiting.invited_as];
  if (invited) return `invited as ${personLabel(app, invited)}`;
  const says = claimed(app, waiting);
  if (says) return `says they are ${says.name}: check`;
  return `joined with the code for anyone`;
}

/** Said beside someone waiting whose person is in the meeting on another device. */
function rejoinWords(app, waiting) {
  const found = proposal(app, waiting.participant_id);
  const people = (app.board && app.board.people) || {};
  const person = found && people[found.proposed_person_id || found.says_they_are];
  return found && found.already_here && person
    ? `${person.name} is in the meeting on another device: letting this one in as them signs that one out.`
    : "";
}

/** Always at the top of the chair's screen: how many are waiting, who, and "Let in". */
export function lobbyBar(app, meeting) {
  if (!app.words.staff_roles.includes(app.me.role)) return null;
  const waiting = waitingPeople(app);
  if (!waiting.length) return null;
  const chair = app.can("admit_participant") && meeting;
  return h(
    "section",
    { class: "lobby-bar", "aria-labelledby": "lobby-bar-heading", dataset: { key: "lobby-bar" } },
    h("h2", { id: "lobby-bar-heading" }, `${waiting.length} waiting`),
    h(
      "ul",
      { class: "lobby-bar-people" },
      waiting.map((person) =>
        h(
          "li",
          { dataset: { key: person.participant_id } },
          h("span", { class: "person" }, h("strong", null, person.name), " ", h("span", { class: "role" }, invitedWords(app, person))),
          chair && !proposedAdmission(person, proposal(app, person.participant_id)).personId
            ? h("a", { class: "check-who", href: `#${safeId(`f-admit:${person.participant_id}-person_id`)}` }, "Check who they are", h("span", { class: "visually-hidden" }, `: ${person.name}`))
            : chair
            ? button("Let in", { action: "admit-proposed", participant: person.participant_id }, {
                cls: "small",
                hiddenLabel: ` ${person.name} ${proposedWords(app, person)}`,
              })
            : null,
        ),
      ),
    ),
    chair && waiting.length > 1 ? button("Let everyone in", { action: "admit-all-proposed" }, { cls: "small secondary" }) : null,
    chair
      ? h("a", { class: "lobby-bar-more", href: "#people-panel-heading" }, "Choose who they are, or turn someone away")
      : h("p", { class: "hint" }, meeting ? "The chair lets people in." : "Open the meeting to let them in."),
  );
}

/** One person waiting, in the side panel: who they said they are, and the picker. */
function waitingEntry(app, person, meeting, chair) {
  const key = `admit:${person.participant_id}`;
  const found = proposal(app, person.participant_id);
  const people = networkPeople(app);
  const offer = proposedAdmission(person, found);
  const chosen = offer.personId;
  const says = claimed(app, person);
  const options = [
    ...(chosen ? [] : [["", "Choose who they are"]]),
    ...people.map((p) => [p.person_id, personLabel(app, p)]),
    ["new", "Someone new: add them to the case's people"],
  ];
  const hint = [
    says ? `They typed the name of ${says.name}: check it is them before choosing them (a name alone is not enough).` : "",
    found && found.proposed_person_id ? "The invite they joined with was made for this person." : "",
    rejoinWords(app, person),
  ]
    .filter(Boolean)
    .join(" ");
  return h(
    "li",
    { class: "waiting", dataset: { key: person.participant_id } },
    h(
      "p",
      { class: "person" },
      h("strong", null, person.name),
      " ",
      h("span", { class: "role" }, `(${invitedWords(app, person)})`),
    ),
    chair && meeting
      ? h(
          "form",
          { class: "admit-form", dataset: { form: "admit-as", participant: person.participant_id, key: "admit-form", formKey: key } },
          h(
            "div",
            { dataset: { key: `picker-${chosen || "choose"}` } },
            select(key, "person_id", `Who is ${person.name}?`, options, { value: chosen, hint }),
          ),
          select(key, "role", `Role of ${person.name}`, app.words.invitable_roles.map((r) => [r, capital(app.roleName(r))]), { value: offer.role }),
          formError(app, key),
          h(
            "div",
            { class: "buttons" },
            submit(app, key, "Let in"),
            button("Turn away", { action: "turn-away", participant: person.participant_id }, {
              cls: "secondary small",
              hiddenLabel: ` ${person.name}`,
            }),
          ),
        )
      : null,
  );
}

/** The people panel: waiting (with the picker), and here now (with "Remove"). */
export function peoplePanel(app, meeting, chair) {
  const lobby = waitingPeople(app);
  const here = app.presence.filter((p) => !p.in_lobby);
  const facilitating = app.can("admit_participant");
  const staffRoles = app.words.staff_roles;
  return h(
    "div",
    { class: "panel people", id: "people-panel", dataset: { key: "people-panel" } },
    h("h3", { id: "people-panel-heading", tabindex: "-1" }, "People"),
    h("h4", null, `Waiting to be let in (${lobby.length})`),
    lobby.length
      ? [
          meeting ? null : h("p", { class: "hint" }, "Open the meeting to let them in."),
          h(
            "ul",
            { class: "people-list lobby", dataset: { key: "lobby" } },
            lobby.map((person) => waitingEntry(app, person, meeting, facilitating || chair)),
          ),
        ]
      : h("p", { class: "empty" }, "Nobody is waiting."),
    h("h4", null, `Here now (${here.length})`),
    here.length
      ? h(
          "ul",
          { class: "people-list here", dataset: { key: "here" } },
          here.map((person) =>
            h(
              "li",
              { dataset: { key: person.participant_id } },
              h("span", { class: "person" }, h("strong", null, person.name), " ", h("span", { class: "role" }, `(${app.roleName(person.role)})`)),
              facilitating && meeting && !staffRoles.includes(person.role) && person.participant_id !== app.me.participant_id
                ? button("Remove", { action: "remove-person", participant: person.participant_id, name: person.name }, {
                    cls: "small secondary",
                    hiddenLabel: ` ${person.name} from the meeting`,
                  })
                : null,
              formError(app, `remove:${person.participant_id}`),
            ),
          ),
        )
      : h("p", { class: "empty" }, "Nobody else is connected."),
  );
}

// -- invites ------------------------------------------------------------------------

/** "For" in the invite form: anyone (they say who they are), or a named person. */
export function inviteForField(app) {
  const people = networkPeople(app);
  return select(
    "invite",
    "person_id",
    "Who is it for?",
    [["", "Anyone: they say who they are"], ...people.map((p) => [p.person_id, personLabel(app, p)])],
    { value: "", hint: "Invite someone of the case by name, or make a code for anyone." },
  );
}

export function inviteList(app) {
  const list = app.ui.inviteList;
  if (!list || !list.length) return null;
  return h(
    "div",
    { class: "invite-list", dataset: { key: "invite-list" } },
    h("h4", null, "Invites made"),
    h(
      "ul",
      { class: "invites", dataset: { key: "invite-items" } },
      list.map((invite) => {
        const key = `revoke:${invite.invite_id}`;
        const live = !invite.revoked && !invite.expired;
        const forWhom = invite.person_name ? `for ${invite.person_name}` : `for a ${app.roleName(invite.role)}`;
        return h(
          "li",
          { dataset: { key: invite.invite_id }, class: live ? null : "ended" },
          h("p", null, h("strong", null, `Code ending ${invite.code_ends}`), `, ${forWhom}`, invite.for_open_meeting ? ", for this meeting" : ""),
          h(
            "p",
            { class: "hint" },
            invite.revoked ? "Revoked." : invite.expired ? "Expired." : `Works until ${shortTime(invite.expires_at)}.`,
          ),
          invite.joined.length
            ? h(
                "p",
                null,
                "Joined with it: ",
                invite.joined
                  .map((j) => (j.let_in_as ? `${j.name} (let in as ${j.let_in_as})` : `${j.name} (not let in)`))
                  .join("; "),
              )
            : h("p", null, "Nobody has joined with it yet."),
          live
            ? button("Revoke", { action: "revoke-invite", invite: invite.invite_id, ends: invite.code_ends }, {
                cls: "small secondary",
                hiddenLabel: ` the code ending ${invite.code_ends}`,
              })
            : null,
          formError(app, key),
        );
      }),
    ),
  );
}

// -- personal links to the family's plan ----------------------------------------------

export function planLinksPanel(app) {
  if (!app.words.staff_roles.includes(app.me.role)) return null;
  const family = networkPeople(app).filter((p) => app.words.family_and_network.includes(p.role));
  const key = "plan-link";
  const made = app.ui.planLinkMade;
  const list = app.ui.planLinks || [];
  return h(
    "div",
    { class: "panel plan-links", dataset: { key: "plan-links-panel" } },
    h("h3", null, "Give the family their plan"),
    h("p", { class: "hint" }, `A personal link that opens the family's ${app.framework().plan} and nothing else.`),
    family.length
      ? h(
          "form",
          { dataset: { form: "plan-link", key: "plan-link", formKey: key } },
          select(key, "person_id", "For whom?", family.map((p) => [p.person_id, personLabel(app, p)])),
          select(key, "days", "The link works for", PLAN_LINK_DAYS.map(([v, t]) => [String(v), t]), { value: "30" }),
          formError(app, key),
          submit(app, key, "Make a link"),
        )
      : h("p", { class: "empty" }, "Add the family's people to the case first."),
    made
      ? h(
          "div",
          { class: "plan-link-made", dataset: { key: `made-${made.link_id}` } },
          h("p", null, `For ${made.person_name}, until ${shortTime(made.expires_at)}. Give them this link (it is shown only now):`),
          h("p", { class: "invite-link" }, h("a", { href: made.link }, made.link)),
        )
      : null,
    list.length
      ? h(
          "ul",
          { class: "invites", "aria-label": "Plan links given", dataset: { key: "plan-link-items" } },
          list.map((link) =>
            h(
              "li",
              { dataset: { key: link.link_id }, class: link.revoked || link.expired ? "ended" : null },
              h("p", null, h("strong", null, link.person_name || "Someone no longer on the case"), `, given ${shortTime(link.issued_at)}`),
              h("p", { class: "hint" }, link.revoked ? "Revoked." : link.expired ? "Expired." : `Works until ${shortTime(link.expires_at)}.`),
              !link.revoked && !link.expired
                ? button("Revoke", { action: "revoke-plan-link", link: link.link_id }, {
                    cls: "small secondary",
                    hiddenLabel: ` the link for ${link.person_name}`,
                  })
                : null,
              formError(app, `revoke-link:${link.link_id}`),
            ),
          ),
        )
      : null,
    copiesGiven(app, family),
  );
}

/** "Everyone in the network gets a copy": who was given which copy, and when. */
function copiesGiven(app, family) {
  const key = "plan-copy";
  const given = Object.values((app.board && app.board.copies_given) || {}).sort((a, b) => a.position - b.position);
  const people = (app.board && app.board.people) || {};
  const copyName = Object.fromEntries(app.words.plan_copies);
  return h(
    "div",
    { class: "plan-copies", dataset: { key: "plan-copies" } },
    h("h4", null, "Copies of the plan given"),
    given.length
      ? h(
          "ul",
          { class: "copies-given", dataset: { key: "copies-given" } },
          given.map((copy) =>
            h(
              "li",
              { dataset: { key: copy.copy_id } },
              `${people[copy.person_id] ? people[copy.person_id].name : "Someone no longer on the case"}: ${copyName[copy.copy] || copy.copy}`,
              copy.how ? `, ${copy.how}` : "",
              ` (${shortTime(copy.given.at)})`,
            ),
          ),
        )
      : h("p", { class: "empty" }, "No copies recorded yet."),
    family.length
      ? h(
          "form",
          { dataset: { form: "plan-copy", key: "plan-copy", formKey: key } },
          select(key, "person_id", "Given to", family.map((p) => [p.person_id, personLabel(app, p)])),
          select(key, "copy", "Which copy", app.words.plan_copies),
          field(key, "how", "How (optional)", { hint: "For example: printed, at the core group", limit: app.words.limits.text }),
          formError(app, key),
          submit(app, key, "Record the copy given"),
        )
      : null,
  );
}


// -- the case's people, before and between meetings ------------------------------------

/** "mum · Oak Street School · 07700 900123": what is known of a person, after their name. */
function personDetails(app, person) {
  return [capital(app.roleName(person.role)), person.relationship, person.agency, person.contact].filter(Boolean).join(" · ");
}

function personFields(app, key, person) {
  const { limits } = app.words;
  const roles = app.words.invitable_roles.map((r) => [r, capital(app.roleName(r))]);
  return [
    field(key, "name", "Name", { value: person ? person.name : "", required: true, limit: limits.name, focus: Boolean(person) }),
    field(key, "relationship", "Who they are to the child (optional)", {
      value: person ? person.relationship : "",
      hint: "For example: mum, Lily's gran, class teacher",
      limit: limits.text,
    }),
    select(key, "role", "Their part in the meeting", roles, { value: person ? person.role : "network_member" }),
    field(key, "agency", "Agency or service (for a professional, optional)", {
      value: person ? person.agency || "" : "",
      hint: "For example: Oak Street School, the health visiting team",
      limit: limits.text,
    }),
    field(key, "contact", "How to reach them (optional)", {
      value: person ? person.contact : "",
      hint: "Only if they are happy to give it.",
      limit: limits.text,
    }),
  ];
}

function casePerson(app, person) {
  const id = person.person_id;
  const correctKey = `person:${id}`;
  const retireKey = `retire-person:${id}`;
  if (app.ui.open.has(correctKey)) {
    return h(
      "li",
      { dataset: { key: id } },
      h(
        "form",
        { class: "person-form", dataset: { form: "person-correct", person: id, key: "correct", formKey: correctKey } },
        h("p", { class: "label" }, `Correct the details of ${person.name}`),
        personFields(app, correctKey, person),
        formError(app, correctKey),
        h("div", { class: "buttons" }, submit(app, correctKey, "Save the details"), button("Cancel", { action: "close", panel: correctKey }, { cls: "secondary" })),
      ),
    );
  }
  if (app.ui.open.has(retireKey)) {
    return h(
      "li",
      { dataset: { key: id } },
      h(
        "form",
        { class: "person-form", dataset: { form: "person-retire", person: id, key: "retire", formKey: retireKey } },
        h("p", { class: "label" }, `Take ${person.name} off the case's people?`),
        h("p", { class: "hint" }, "What they said and did stays in the record. They can no longer be invited by name."),
        field(retireKey, "reason", "Why (optional)", { limit: app.words.limits.text, focus: true }),
        formError(app, retireKey),
        h("div", { class: "buttons" }, submit(app, retireKey, `Take ${person.name} off`), button("Cancel", { action: "close", panel: retireKey }, { cls: "secondary" })),
      ),
    );
  }
  return h(
    "li",
    { dataset: { key: id } },
    h("p", { class: "person" }, h("strong", null, person.name), h("br"), h("span", { class: "role" }, personDetails(app, person))),
    h(
      "div",
      { class: "buttons" },
      button("Correct", { action: "open", panel: correctKey }, { cls: "small secondary", hiddenLabel: ` the details of ${person.name}` }),
      button("Take off the case", { action: "open", panel: retireKey }, { cls: "small secondary", hiddenLabel: ` (${person.name})` }),
    ),
  );
}

/** The case's people (family, network, professionals), added, corrected and taken off
 *  the case by staff at any time: before the first meeting too, so an invite can be
 *  made for someone by name. */
export function casePeoplePanel(app) {
  if (!app.can("add_person")) return null;
  const people = networkPeople(app).sort((a, b) => a.name.localeCompare(b.name));
  const key = "person-add";
  return h(
    "div",
    { class: "panel case-people", dataset: { key: "case-people-panel" } },
    h("h3", { id: "case-people-heading", tabindex: "-1" }, "The case's people"),
    h("p", { class: "hint" }, "The family, their network and the professionals. Add them before the meeting to invite each by name."),
    people.length
      ? h("ul", { class: "people-list case-people-list", "aria-labelledby": "case-people-heading", dataset: { key: "case-people" } }, people.map((p) => casePerson(app, p)))
      : h("p", { class: "empty" }, "Nobody yet."),
    h(
      "form",
      { class: "person-form", dataset: { form: "person-add", key: "person-add", formKey: key } },
      h("p", { class: "label" }, "Add someone"),
      personFields(app, key, null),
      formError(app, key),
      submit(app, key, "Add to the case's people"),
    ),
  );
}
