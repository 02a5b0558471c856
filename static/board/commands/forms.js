// What each form does (`data-form` on the page) when it is sent: the command it makes
// (commands/build.js, from what the person wrote) and what follows once the server
// has it: the panel closed, the focus moved, a word said. Each runs with `this` the
// App, the form and its FormData; the chair's people forms are in commands/people.js.

import { keepMadeInvites } from "../lobby.js";
import { openRound } from "../model.js";
import { capital } from "../words.js";
import {
  addItemCommand,
  addRuleCommand,
  agreeRuleCommand,
  childViewCommand,
  childsWordsCommand,
  closeMeetingCommand,
  editCommand,
  formText,
  inviteBody,
  openRoundCommand,
  timerFrame,
  voteCommand,
  voteForCommand,
} from "./build.js";
import { PEOPLE_FORMS, refreshPeopleTools } from "./people.js";

export const FORMS = {
  "add-item"(form, data) {
    const domain = form.dataset.domain;
    const key = form.dataset.formKey;
    this.run(
      key,
      addItemCommand(domain, data),
      {
        done: () => {
          form.reset();
          this.focusAfter(`[data-focus-key="${CSS.escape(key)}"]`);
          this.announce(`Added to ${this.domainHeading(domain)}.`);
        },
      },
    );
  },
  edit(form, data) {
    const panel = form.dataset.formKey;
    const thing = this.editedThing(panel);
    if (!thing) return;
    let edit = this.ui.edits.get(panel);
    if (!edit) {
      edit = { basedOn: thing.changed.position };
      this.ui.edits.set(panel, edit);
    }
    const made = editCommand(form.dataset.kind, form.dataset.id, data, edit.basedOn, {
      withPeople: Boolean(form.querySelector('[data-key="people"]')),
    });
    if (!made) return;
    const { command, mine } = made;
    edit.mine = mine;
    this.ui.conflicts.delete(panel);
    this.run(panel, command, {
      done: () => {
        this.closePanel(panel);
        this.announce("Saved.");
      },
      refused: (error) => {
        if (error.code !== "edit_conflict") return false;
        // Their version is on the board already; show both, keep the person's words.
        this.ui.conflicts.set(panel, error.message);
        this.focusAfter(`form[data-form-key="${CSS.escape(panel)}"] .conflict`);
        return true;
      },
    });
  },
  "no-longer-true"(form, data) {
    const id = form.dataset.id;
    const item = this.board.items[id];
    this.run(`no-longer-true:${id}`, { type: "mark_item_no_longer_true", item_id: id, reason: formText(data, "reason") }, {
      done: () => {
        this.closePanel(`edit:item:${id}`);
        if (item) this.focusAfter(`[data-action="open"][data-panel="${CSS.escape(`add:${item.domain}`)}"]`);
        this.announce("Marked no longer true. The record keeps it, with the reason.");
      },
    });
  },
  share(form, data) {
    const id = form.dataset.id;
    const panel = `share:${id}`;
    this.run(panel, { type: "share_with_family", thing_id: id, how: formText(data, "how") }, {
      done: () => {
        this.closePanel(panel);
        this.announce("Shared with the family. From now on they see it.");
      },
    });
  },
  move(form, data) {
    const id = form.dataset.id;
    const domain = formText(data, "domain");
    this.run(`move:${id}`, { type: "move_item", item_id: id, domain }, {
      done: () => {
        this.closePanel(`edit:item:${id}`);
        this.announce(`Moved to ${this.domainHeading(domain)}.`);
      },
    });
  },
  vote(form, data) {
    const roundId = form.dataset.round;
    const key = form.dataset.formKey;
    const command = voteCommand(roundId, data);
    if (!command) {
      this.ui.errors.set(key, "Please choose a number from 0 to 10 first.");
      this.focusAfter(`form[data-form-key="${CSS.escape(key)}"] input[name="score"]`);
      return;
    }
    this.run(key, command, {
      done: () => this.announce(`Your score of ${command.score} is saved. You can change it until the question is closed.`),
    });
  },
  "vote-for"(form, data) {
    const key = form.dataset.formKey;
    const command = voteForCommand(form.dataset.round, data);
    const person = this.board.people[command.person_id];
    this.run(key, command, {
      done: () => {
        this.closePanel(key);
        this.announce(`${person ? person.name : "Their"} score of ${command.score} is recorded, said aloud to you.`);
      },
    });
  },
  reveal(form, data) {
    const roundId = form.dataset.round;
    const showNames = data.get("show_names") !== null;
    this.ui.showNames = showNames;
    this.run(`reveal:${roundId}`, { type: "reveal_votes", round_id: roundId, show_names: showNames });
  },
  "open-meeting"(form, data) {
    this.run("open-meeting", { type: "open_meeting", kind: formText(data, "kind"), title: formText(data, "title") }, {
      done: () => this.announce("The meeting is open."),
    });
  },
  "close-meeting"(form, data) {
    const meetingId = this.board.open_meeting_id;
    const closeMeeting = () =>
      this.run(
        "close-meeting",
        closeMeetingCommand(data),
        {
          done: () => {
            this.ui.open.delete("close-meeting");
            this.ui.childViewsAsked = null;
            this.announce("The meeting is closed.");
          },
          refused: (error) => {
            // A review with no child's views since the last conference: ask the chair.
            if (error.code !== "child_views_not_heard") return false;
            this.ui.childViewsAsked = { meeting_id: meetingId, message: error.message };
            this.focusAfter('[data-form-key="close-meeting"] button[type="submit"]');
            return true;
          },
        },
      );
    // The chair was asked (the form says what is still running): close it all.
    if (this.timerRunning() && !this.connection.sendNow({ type: "timer", label: this.timer.label, seconds: 0 })) {
      this.ui.errors.set("close-meeting", "You are not connected just now, so nothing was closed. Please try again.");
      return;
    }
    const round = openRound(this.board);
    if (!round) {
      closeMeeting();
      return;
    }
    this.run("close-meeting", { type: "close_scaling_round", round_id: round.round_id }, { done: closeMeeting });
  },
  "open-round"(form, data) {
    this.run(
      "open-round",
      openRoundCommand(data),
      {
        done: () => {
          form.reset();
          this.ui.askAgain = null;
          this.announce("The question is open. People can scale from their phones.");
        },
      },
    );
  },
  "write-danger"(form, data) {
    this.run("write-danger", { type: "write_danger_statement", text: formText(data, "text") }, {
      done: () => {
        this.closePanel("write-danger");
        this.announce(`${capital(this.framework().danger_statement)} saved.`);
      },
    });
  },
  "write-harm"(form, data) {
    this.run("write-harm", { type: "write_harm_statement", text: formText(data, "text") }, {
      done: () => {
        this.closePanel("write-harm");
        this.announce("Harm statement saved.");
      },
    });
  },
  "pair-goal"(form, data) {
    const panel = form.dataset.formKey;
    this.run(panel, { type: "pair_safety_goal", statement_id: form.dataset.id, text: formText(data, "text") }, {
      done: () => {
        this.closePanel(panel);
        this.announce(`${capital(this.framework().safety_goal)} saved.`);
      },
    });
  },
  "retire-danger"(form, data) {
    const panel = form.dataset.formKey;
    this.run(panel, { type: "retire_danger_statement", statement_id: form.dataset.id, reason: formText(data, "reason") }, {
      done: () => {
        this.ui.open.delete(panel);
        this.focusAfter("#statements-heading");
        this.announce(`${capital(this.framework().danger_statement)} retired.`);
      },
    });
  },
  "add-rule"(form, data) {
    this.run(
      "add-rule",
      addRuleCommand(data),
      {
        done: () => {
          this.closePanel("add-rule");
          this.announce(this.can("agree_plan_rule") ? `Added to the ${this.framework().plan}.` : "Suggested. The room will agree it.");
        },
      },
    );
  },
  "agree-rule"(form, data) {
    const panel = form.dataset.formKey;
    const command = agreeRuleCommand(form.dataset.id, data, { withPeople: Boolean(form.querySelector('[data-key="people"]')) });
    this.run(panel, command, {
      done: () => {
        this.closePanel(panel);
        this.focusAfter("#plan-heading");
        this.announce(`Agreed: the rule is in the ${this.framework().plan}.`);
      },
    });
  },
  "aside-rule"(form, data) {
    const panel = form.dataset.formKey;
    this.run(panel, { type: "set_aside_plan_rule", rule_id: form.dataset.id, reason: formText(data, "reason") }, {
      done: () => {
        this.closePanel(panel);
        this.focusAfter("#plan-heading");
        this.announce("The suggestion is set aside.");
      },
    });
  },
  "child-view"(form, data) {
    const panel = form.dataset.formKey;
    const pad = form.querySelector("canvas");
    const drawing = pad && pad.strokes ? pad.strokes : [];
    const command = childViewCommand(data, drawing);
    this.run(panel, command, {
      done: () => {
        if (pad && pad.clear) pad.clear();
        form.reset();
        // A kept view is not on a guest's screen (not even the child's own): say where it went.
        this.announce(
          command.kept_for_professionals
            ? "Kept just for your worker. Nobody else sees it until you say yes."
            : "It is in the house now.",
        );
      },
    });
  },
  "childs-words"(form, data) {
    const panel = form.dataset.formKey;
    this.run(panel, childsWordsCommand(form.dataset.id, data), {
      done: () => {
        this.ui.open.delete(panel);
        this.announce("Saved, for the Words and Pictures plan.");
      },
    });
  },
  "retire-rule"(form, data) {
    const panel = form.dataset.formKey;
    const id = form.dataset.id;
    this.run(panel, { type: "retire_plan_rule", rule_id: id, reason: formText(data, "reason") }, {
      done: () => {
        this.ui.open.delete(panel);
        this.focusAfter("#plan-heading");
        this.announce(`The rule is retired from the ${this.framework().plan}.`);
      },
    });
  },
  "family-view"(form, data) {
    const panel = form.dataset.formKey;
    this.run(panel, { type: "record_family_view", statement_id: form.dataset.id, text: formText(data, "text") }, {
      done: () => {
        this.closePanel(panel);
        this.announce("Your view is kept beside the statement.");
      },
    });
  },
  /** The working screen's timer form and the presenter view's: the refusal in the one sent. */
  timer(form, data) {
    const key = form.dataset.formKey;
    const frame = timerFrame(data);
    if (frame.error) {
      this.ui.errors.set(key, frame.error);
      return;
    }
    if (!this.connection.sendNow(frame)) {
      this.ui.errors.set(key, "You are not connected just now, so the timer did not start. Please try again.");
      return;
    }
    this.ui.errors.delete(key);
  },
  async invite(form, data) {
    const key = "invite";
    if (this.ui.sending.has(key)) return;
    this.ui.errors.delete(key);
    this.ui.sending.add(key);
    this.schedule();
    try {
      const response = await fetch(`/api/cases/${encodeURIComponent(this.caseId)}/invites`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(inviteBody(data)),
      });
      const body = await response.json().catch(() => ({}));
      if (response.status === 201) {
        this.ui.invites.unshift(body);
        keepMadeInvites(sessionStorage, this.caseId, this.ui.invites);
        refreshPeopleTools(this);
        this.announce(`Invite code ${body.code} made for a ${this.roleName(body.role)}.`);
      } else {
        this.ui.errors.set(key, body.message || "The invite could not be made. Please try again.");
      }
    } catch {
      this.ui.errors.set(key, "The invite could not be made: the board cannot be reached just now. Please try again.");
    } finally {
      this.ui.sending.delete(key);
      this.schedule();
    }
  },
};

Object.assign(FORMS, PEOPLE_FORMS);
