// The chair's people commands: letting someone in (as the server proposes, or as
// chosen in the picker), turning them away, removing someone, revoking an invite or a
// plan link, recording a copy of the plan given, making a plan link. Some go over the
// websocket as commands (app.run), some over the HTTP API (invites, plan links, the
// lobby). Each runs with `this` the App, as commands/actions.js and forms.js do.

import { admitCommand, newlyWaiting, proposedAdmission, waitingPeople } from "../lobby.js";
import { formText } from "./build.js";

async function api(app, method, path, body) {
  const response = await fetch(`/api/cases/${encodeURIComponent(app.caseId)}${path}`, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = response.status === 204 ? null : await response.json().catch(() => null);
  return { status: response.status, body: answer };
}

const UNREACHABLE = "The board cannot be reached just now. Please try again.";

/** Read again, soon, what the chair's people tools show from the HTTP API. */
export function refreshPeopleTools(app) {
  // The wall's own page reads none of them: the lobby's names are the presenter's
  // alone, and the join screen's code comes with what the presenter shows.
  if (!app.words.staff_roles.includes(app.me.role) || !app.admitted || app.mode === "wall") return;
  clearTimeout(app.peopleToolsTimer);
  app.peopleToolsTimer = setTimeout(() => loadPeopleTools(app), 100);
}

async function loadPeopleTools(app) {
  try {
    const [lobby, invites, links] = await Promise.all([
      api(app, "GET", "/lobby"),
      app.words.inviting_roles.includes(app.me.role) ? api(app, "GET", "/invites") : null,
      api(app, "GET", "/plan-links"),
    ]);
    if (lobby.status === 200) app.lobbyInfo = new Map(lobby.body.map((w) => [w.participant_id, w]));
    if (invites && invites.status === 200) app.ui.inviteList = invites.body;
    if (links.status === 200) app.ui.planLinks = links.body;
  } catch {
    return; // shown as it was; the next presence change reads again
  }
  app.schedule();
}

/** A presence frame arrived: say who has started waiting, and read the lobby again. */
export function presenceChanged(app, before) {
  const arrived = newlyWaiting(before, app.presence);
  if (arrived.length && app.words.staff_roles.includes(app.me.role)) {
    app.announce(`${arrived.map((p) => p.name).join(", ")} ${arrived.length === 1 ? "is" : "are"} waiting to be let in.`);
  }
  refreshPeopleTools(app);
}

/** Let someone in as the server proposes; someone whose name matches a person of the
 *  case (or whom the server has not yet said about) waits for the chair to choose. */
function admitProposed(app, waiting) {
  const { personId, role } = proposedAdmission(waiting, app.lobbyInfo.get(waiting.participant_id));
  if (!personId) return false;
  app.run(`admit:${waiting.participant_id}`, admitCommand(waiting, personId, role), {
    done: () => app.announce(`${waiting.name} is let in.`),
    refused: (error) => {
      app.alert(`${waiting.name}: ${error.message}`);
      return true;
    },
  });
  return true;
}

export const PEOPLE_ACTIONS = {
  "admit-proposed"(data) {
    const waiting = waitingOne(this, data.participant);
    if (waiting) admitProposed(this, waiting);
  },
  "admit-all-proposed"() {
    const left = waitingPeople(this.presence).filter((waiting) => !admitProposed(this, waiting));
    if (left.length) this.announce(`Choose who ${left.map((p) => p.name).join(", ")} ${left.length === 1 ? "is" : "are"} before letting them in.`);
  },
  async "turn-away"(data) {
    const waiting = waitingOne(this, data.participant);
    if (!waiting) return;
    const key = `admit:${waiting.participant_id}`;
    try {
      const { status, body } = await api(this, "POST", `/lobby/${encodeURIComponent(waiting.participant_id)}/turn-away`);
      if (status === 204) this.announce(`${waiting.name} is turned away.`);
      else this.ui.errors.set(key, (body && body.message) || "They could not be turned away. Please try again.");
    } catch {
      this.ui.errors.set(key, UNREACHABLE);
    }
    this.focusAfter("#people-panel-heading");
    this.schedule();
  },
  "remove-person"(data) {
    const key = `remove:${data.participant}`;
    this.run(key, { type: "leave_meeting", participant_id: data.participant }, {
      done: () => {
        this.announce(`${data.name} is no longer in the meeting.`);
        this.focusAfter("#people-panel-heading");
      },
    });
  },
  async "revoke-invite"(data) {
    const key = `revoke:${data.invite}`;
    try {
      const { status, body } = await api(this, "POST", `/invites/${encodeURIComponent(data.invite)}/revoke`);
      if (status === 200) {
        this.announce(`The code ending ${data.ends} is revoked: it lets nobody in.`);
        refreshPeopleTools(this);
      } else this.ui.errors.set(key, (body && body.message) || "The invite could not be revoked. Please try again.");
    } catch {
      this.ui.errors.set(key, UNREACHABLE);
    }
    this.schedule();
  },
  async "revoke-plan-link"(data) {
    const key = `revoke-link:${data.link}`;
    try {
      const { status, body } = await api(this, "POST", `/plan-links/${encodeURIComponent(data.link)}/revoke`);
      if (status === 204) {
        this.announce("The plan link is revoked: it opens nothing now.");
        if (this.ui.planLinkMade && this.ui.planLinkMade.link_id === data.link) this.ui.planLinkMade = null;
        refreshPeopleTools(this);
      } else this.ui.errors.set(key, (body && body.message) || "The link could not be revoked. Please try again.");
    } catch {
      this.ui.errors.set(key, UNREACHABLE);
    }
    this.schedule();
  },
};

function waitingOne(app, participantId) {
  return waitingPeople(app.presence).find((p) => p.participant_id === participantId);
}

/** A person's details as the form has them (board.commands.people.AddPerson's fields). */
function personDetails(data) {
  return {
    name: formText(data, "name"),
    role: formText(data, "role"),
    relationship: formText(data, "relationship"),
    agency: formText(data, "agency"),
    contact: formText(data, "contact"),
  };
}

export const PEOPLE_FORMS = {
  "person-add"(form, data) {
    const details = personDetails(data);
    this.run("person-add", { type: "add_person", ...details }, {
      done: () => {
        form.reset();
        this.focusAfter('[data-form-key="person-add"] input[name="name"]');
        this.announce(`${details.name} is added to the case's people.`);
      },
    });
  },
  "person-correct"(form, data) {
    const panel = form.dataset.formKey;
    const details = personDetails(data);
    this.run(panel, { type: "correct_person", person_id: form.dataset.person, ...details }, {
      done: () => {
        this.closePanel(panel);
        this.announce(`The details of ${details.name} are saved.`);
      },
    });
  },
  "person-retire"(form, data) {
    const panel = form.dataset.formKey;
    const person = ((this.board && this.board.people) || {})[form.dataset.person];
    this.run(panel, { type: "retire_person", person_id: form.dataset.person, reason: formText(data, "reason") }, {
      done: () => {
        this.ui.open.delete(panel);
        this.focusAfter("#case-people-heading");
        this.announce(`${person ? person.name : "They"} ${person ? "is" : "are"} no longer one of the case's people.`);
      },
    });
  },
  "admit-as"(form, data) {
    const waiting = waitingOne(this, form.dataset.participant);
    if (!waiting) return;
    const personId = formText(data, "person_id");
    const key = `admit:${waiting.participant_id}`;
    if (!personId) {
      this.ui.errors.set(key, `Choose who ${waiting.name} is: one of the case's people, or someone new.`);
      this.schedule();
      return;
    }
    const role = formText(data, "role") || waiting.role;
    const people = (this.board && this.board.people) || {};
    const as = personId !== "new" && people[personId] ? people[personId].name : "someone new";
    this.run(key, admitCommand(waiting, personId, role), {
      done: () => this.announce(`${waiting.name} is let in as ${as}.`),
    });
  },
  "plan-copy"(form, data) {
    const person = formText(data, "person_id");
    const people = (this.board && this.board.people) || {};
    const name = people[person] ? people[person].name : "them";
    this.run("plan-copy", { type: "give_plan_copy", person_id: person, copy: formText(data, "copy"), how: formText(data, "how") }, {
      done: () => this.announce(`Recorded: ${name} was given a copy.`),
    });
  },
  async "plan-link"(form, data) {
    const key = "plan-link";
    if (this.ui.sending.has(key)) return;
    this.ui.sending.add(key);
    this.ui.errors.delete(key);
    this.schedule();
    try {
      const { status, body } = await api(this, "POST", "/plan-links", {
        person_id: formText(data, "person_id"),
        days: Number(formText(data, "days")) || 30,
      });
      if (status === 201) {
        this.ui.planLinkMade = body;
        this.announce(`A link to the plan is made for ${body.person_name}.`);
        refreshPeopleTools(this);
      } else this.ui.errors.set(key, (body && body.message) || "The link could not be made. Please try again.");
    } catch {
      this.ui.errors.set(key, UNREACHABLE);
    } finally {
      this.ui.sending.delete(key);
      this.schedule();
    }
  },
};

/** The role follows the person chosen in the picker (the chair can still change it). */
export function pickerChanged(app, target) {
  if (target.name !== "person_id") return false;
  const form = target.closest('form[data-form="admit-as"]');
  if (!form) return false;
  const person = ((app.board && app.board.people) || {})[target.value];
  const role = form.querySelector('select[name="role"]');
  if (person && role) role.value = person.role;
  return true;
}
