"""Each event in plain words: "14:05, Initial child protection conference — Gran Pat
(family network member) added a rule: …". Used by the replay and the records."""

from __future__ import annotations

from typing import assert_never, cast

from board import events as ev
from board.events import CaseEvent
from board.practice import (
    FRAMEWORK_NAMES,
    HOUSE_NAMES,
    MEETING_NAMES,
    PLAN_COPY_NAMES,
    PLAN_RULE_NAMES,
    ROLE_NAMES,
    PlanRuleKind,
    Role,
    danger_statement_words,
    domain_heading,
    harm_statement_words,
    plan_words,
    safety_goal_words,
)
from board.projections.board import Board
from board.projections.course_words import course_said
from board.projections.family_plan import rule_said
from board.projections.visibility import HIDDEN_SCORE, Audience, board_told, event_for
from board.projections.wording import day, named, with_reason


def _quote(text: str, limit: int = 160) -> str:
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
    return f"\u201c{text}\u201d"


def what_happened(event: CaseEvent, before: Board) -> str:
    """The change, as a sentence without who and when (the board is as it was before).

    Every fact has its own sentence: the match is exhaustive over `AnyFact`, so mypy
    refuses a new fact without one (there is no "changed the board" to fall back on)."""
    fw = before.framework
    danger, goal = danger_statement_words(fw), safety_goal_words(fw)
    harm = harm_statement_words(fw).one
    plan = plan_words(fw)  # "the wellbeing plan", never the safety plan in another (W21)
    # The codec reads only `AnyFact` from the store and the wire.
    fact = cast(ev.AnyFact, event.fact)
    match fact:
        case (
            ev.ConferenceDecisionRecorded()
            | ev.MeetingOutcomeRecorded()
            | ev.StrategyDiscussionHeld()
            | ev.MappingSharedWithFamily()
            | ev.CaseDateRecorded()
            | ev.LateConferenceSignedOff()
            | ev.ReviewIntervalAgreed()
            | ev.NextStepAgreed()
            | ev.NextStepChanged()
            | ev.NextStepMarked()
            | ev.MilestoneAgreed()
            | ev.MilestoneMarked()
        ):
            return course_said(fact, before)  # decisions, next steps, the trajectory
        case ev.CaseOpened():
            return f"opened the case for {fact.child_name} ({fact.family_name})"
        case ev.MeetingOpened():
            return f"opened the {MEETING_NAMES[fact.kind].lower()}"
        case ev.MeetingRecordedAfterwards():
            who = ", ".join(named(p.name, p.role, fw) for p in fact.took_part)
            decided = (
                ""
                if fact.section_47 is None
                else " Section 47 enquiries start."
                if fact.section_47
                else " No section 47 enquiries."
            )
            return (
                f"recorded afterwards the {MEETING_NAMES[fact.kind].lower()} held on "
                f"{day(fact.held_on)}, with {who}:{decided} {fact.outcome}"
            )
        case ev.ParticipantAdmitted() if fact.participant_id == event.by.participant_id:
            return "joined the meeting"
        case ev.ParticipantAdmitted():
            return f"let {named(fact.name, fact.role, fw)} in to the meeting"
        case ev.ChildAdded():
            age = f", {fact.age}" if fact.age is not None else ""
            return f"added {fact.name}{age} to the case"
        case ev.FrameworkChanged():
            return (
                f"moved the case to {FRAMEWORK_NAMES[fact.framework]}: its course starts "
                "afresh from today, and each rule's \u201cwho\u201d is to be reviewed"
            )
        case ev.PersonAdded():
            about = "".join(f", {part}" for part in (fact.relationship, fact.agency) if part)
            return f"added {fact.name} ({ROLE_NAMES[fact.role]}{about}) to the case's people"
        case ev.PersonCorrected():
            return f"corrected the details of {fact.name}"
        case ev.PersonRetired():
            person = before.people.get(fact.person_id)
            return f"took {person.name if person else 'someone'} off the case's people"
        case ev.StaffAllocated():
            return f"allocated {named(fact.name, fact.role, fw)} to the case"
        case ev.StaffUnallocated():
            allocated = before.staff.get(fact.username)
            return f"took {allocated.name if allocated else 'someone'} off the case"
        case ev.ApologiesSent():
            who = named(fact.name, fact.role, fw)
            return f"recorded that {who} sent apologies to the {_meeting(before, fact.meeting_id)}"
        case ev.ParticipantLeft():
            return "marked someone as having left the meeting"
        case ev.MeetingClosed():
            closed = (
                "closed the meeting without the child's views"
                if fact.without_child_views
                else "closed the meeting"
            )
            return with_reason(closed, fact.decision, ": ")
        case ev.ItemAdded():
            return f"added to {domain_heading(fw, fact.domain)}: {_quote(fact.text)}"
        case ev.ItemEdited():
            return f"reworded an item to {_quote(fact.text)}"
        case ev.ItemMoved():
            item = before.items.get(fact.item_id)
            what = _quote(item.text) if item else "an item"
            return f"moved {what} to {domain_heading(fw, fact.domain)}"
        case ev.ItemRemoved():
            item = before.items.get(fact.item_id)
            return f"took {_quote(item.text) if item else 'an item'} off the board"
        case ev.ItemRestored():
            item = before.items.get(fact.item_id)
            return f"put {_quote(item.text) if item else 'an item'} back on the board"
        case ev.ItemConfirmed():
            item = before.items.get(fact.item_id)
            return f"agreed {_quote(item.text) if item else 'an item'} is still true"
        case ev.ItemNoLongerTrue():
            item = before.items.get(fact.item_id)
            what = _quote(item.text) if item else "an item"
            return f"marked {what} as no longer true, because {_quote(fact.reason)}"
        case ev.StatementLocked():
            return "locked the agreed words of a statement"
        case ev.StatementUnlocked():
            return "unlocked a statement for rewording"
        case ev.FamilyViewRecorded():
            if not fact.text:
                return f"withdrew their view of {danger} {_number(before, fact.statement_id)}"
            return (
                f"recorded their own view of {danger} {_number(before, fact.statement_id)}: "
                f"{_quote(fact.text)}"
            )
        case ev.DangerStatementWritten():
            return f"wrote a {danger}: {_quote(fact.text)}"
        case ev.DangerStatementRevised():
            return f"reworded a {danger}: {_quote(fact.text)}"
        case ev.DangerStatementRetired():
            return f"retired a {danger}, because {_quote(fact.reason)}"
        case ev.SafetyGoalWritten():
            return f"wrote the {goal} for {danger} {_number(before, fact.statement_id)}: {_quote(fact.text)}"
        case ev.SafetyGoalRevised():
            return f"reworded a {goal}: {_quote(fact.text)}"
        case ev.HarmStatementWritten():
            return f"wrote a {harm}: {_quote(fact.text)}"
        case ev.HarmStatementRevised():
            return f"reworded a {harm}: {_quote(fact.text)}"
        case ev.ScalingRoundOpened():
            return f"asked a scaling question: {_quote(fact.question)}"
        case ev.VoteCast() if fact.score == HIDDEN_SCORE:
            return "has scaled"  # the score is not shown to this audience yet
        case ev.VoteCast():
            return f"scaled {fact.score} out of 10" + (
                f", saying {_quote(fact.narrative)}" if fact.narrative else ""
            )
        case ev.VoteRecordedFor() if fact.score == HIDDEN_SCORE:
            return "recorded a score someone said aloud to them"
        case ev.VoteRecordedFor():
            return f"recorded the score {fact.name} said aloud to them: {fact.score} out of 10" + (
                f", saying {_quote(fact.narrative)}" if fact.narrative else ""
            )
        case ev.VotesRevealed():
            return "showed everyone's scores" + (" with names" if fact.show_names else "")
        case ev.ScalingRoundClosed():
            return "closed the scaling question"
        case ev.PlanRuleAdded() if fact.proposed:
            kind = PLAN_RULE_NAMES[fact.kind].lower()
            return f"suggested for the {plan} ({kind}): {_quote(f'{fact.who} {fact.what}')}"
        case ev.PlanRuleAdded():
            kind = PLAN_RULE_NAMES[fact.kind].lower()
            said = rule_said(fact.who, fact.what, kind=fact.kind)
            return f"added a {kind} to the {plan}: {_quote(said)}"
        case ev.PlanRuleAmended():
            kind_now = before.plan[fact.rule_id].kind if fact.rule_id in before.plan else None
            said = rule_said(fact.who, fact.what, kind=kind_now or PlanRuleKind.RULE)
            return f"changed a {plan} rule to {_quote(said)}"
        case ev.PlanRuleRetired():
            return f"retired a {plan} rule, because {_quote(fact.reason)}"
        case ev.PlanRuleAgreed():
            rule = before.plan.get(fact.rule_id)
            what = (
                _quote(rule_said(rule.who, rule.what, kind=rule.kind))
                if rule
                else "a suggested rule"
            )
            return f"agreed with the room to add {what} to the {plan}"
        case ev.PlanRuleSetAside():
            return f"set aside a suggested rule, because {_quote(fact.reason)}"
        case ev.RulePutInChildsWords():
            child = before.children.get(fact.child_id)
            return (
                f"put a rule of the plan in {child.name if child else 'the child'}'s words: "
                f"{_quote(fact.text)}"
            )
        case ev.PlanCopyGiven():
            person = before.people.get(fact.person_id)
            return (
                f"gave {person.name if person else 'someone'} a copy of "
                f"{PLAN_COPY_NAMES[fact.copy]}"
            )
        case ev.ChildViewRecorded():
            child = before.children.get(fact.child_id)
            name = child.name if child else "the child"
            picture = " with a drawing" if fact.drawing else ""
            said = f": {_quote(fact.text)}" if fact.text else ""
            kept = ", kept for the professionals until they agree" * fact.kept_for_professionals
            return f"put in {name}'s {HOUSE_NAMES[fact.house].lower()}{picture}{kept}{said}"
        case ev.ChildAgreedToShare():
            when = f" on {fact.agreed_on:%d %B %Y}" if fact.agreed_on else ""
            how = f", {fact.how}" if fact.how else ""
            view = before.child_views.get(fact.view_id)
            child = before.children.get(view.child_id) if view is not None else None
            name = child.name if child else "the child"
            agreed = f"agreed{when} to share with everyone {_thing(before, fact.view_id)}{how}"
            # The child's own yes, or staff recording it for them.
            return agreed if event.by.role is Role.CHILD else f"recorded that {name} {agreed}"
        case ev.SharedWithFamily():
            when = f" on {fact.shared_on:%d %B %Y}" if fact.shared_on else ""
            return f"shared {_thing(before, fact.thing_id)} with the family{when}, {fact.how}"
        case ev.FamilyToldOfMeeting():
            how = f" ({fact.how})" if fact.how else ""
            return (
                f"recorded that the family was told on {fact.told_on:%d %B %Y} that the "
                f"{_meeting(before, fact.meeting_id)} took place{how}"
            )
        case ev.MeetingOutcomeDiscussedWithFamily():
            how = f" ({fact.how})" if fact.how else ""
            return (
                f"recorded that the outcome of the {_meeting(before, fact.meeting_id)} was "
                f"discussed with the family on {fact.discussed_on:%d %B %Y}{how}"
            )
        case ev.AgencyReportSubmitted():
            return (
                f"recorded the {fact.agency} report by {fact.author} for the "
                f"{MEETING_NAMES[fact.for_meeting].lower()} on {day(fact.meeting_on)}"
            )
        case ev.AgencyReportPointMapped():
            report = before.agency_reports.get(fact.report_id)
            agency = f"the {report.agency} report" if report else "a report"
            return f"mapped a point of {agency} into the domains"
        case _:
            assert_never(fact)


def _meeting(board: Board, meeting_id: str) -> str:
    meeting = board.meetings.get(meeting_id)
    return MEETING_NAMES[meeting.kind].lower() if meeting else "meeting"


def _thing(board: Board, thing_id: str) -> str:
    """A thing that can be shared, in words (as the board shows it)."""
    fw = board.framework
    if thing_id in board.items:
        return f"the item {_quote(board.items[thing_id].text)}"
    if thing_id in board.danger_statements:
        number = _number(board, thing_id)
        text = board.danger_statements[thing_id].text
        return f"{danger_statement_words(fw)} {number}: {_quote(text)}"
    if thing_id in board.safety_goals:
        return f"the {safety_goal_words(fw)} {_quote(board.safety_goals[thing_id].text)}"
    if thing_id in board.harm_statements:
        return f"the {harm_statement_words(fw).one} {_quote(board.harm_statements[thing_id].text)}"
    if thing_id in board.plan:
        rule = board.plan[thing_id]
        return f"the rule {_quote(rule_said(rule.who, rule.what, kind=rule.kind))}"
    if thing_id in board.child_views:
        view = board.child_views[thing_id]
        child = board.children.get(view.child_id)
        said = f" {_quote(view.text)}" if view.text else ""
        return f"what {child.name if child else 'the child'} said{said}"
    if thing_id in board.next_steps:
        return f"the next step {_quote(board.next_steps[thing_id].text)}"
    if thing_id in board.milestones:
        return f"the step of the trajectory {_quote(board.milestones[thing_id].text)}"
    if thing_id in board.outcomes:
        return f"the outcome of the {_meeting(board, thing_id)}"
    if thing_id in board.agency_reports:
        report = board.agency_reports[thing_id]
        return f"the {report.agency} report by {report.author}"
    return "something"


def _number(board: Board, statement_id: str) -> int | str:
    return (
        board.danger_statement_number(statement_id)
        if statement_id in board.danger_statements
        else "?"
    )


def in_words(event: CaseEvent, before: Board) -> str:
    """When, where, who and what: one line a person can read aloud."""
    what = what_happened(event, before)
    if event.fact.undoes is not None:
        what = f"undid an earlier change of theirs: {what}"
    meeting = before.meetings.get(event.meeting_id or "")
    if meeting is None and isinstance(event.fact, ev.MeetingOpened):
        where = MEETING_NAMES[event.fact.kind]
    else:
        where = MEETING_NAMES[meeting.kind] if meeting else "Between meetings"
    who = named(event.by.name, event.by.role, before.framework)
    sentence = f"{day(event.at)}, {event.at:%H:%M}, {where} \u2014 {who} {what}"
    return sentence if sentence.endswith((".", "\u201d")) else sentence + "."


def in_brief(event: CaseEvent, before: Board) -> str:
    """Who did what, for a screen to say as it happens: "Gran Pat (family network
    member) added a rule: …"."""
    what = what_happened(event, before)
    if event.fact.undoes is not None:
        what = f"undid their change: {what}"
    sentence = f"{named(event.by.name, event.by.role, before.framework)} {what}"
    return sentence if sentence.endswith((".", "\u201d")) else sentence + "."


def told_to(event: CaseEvent, board: Board, audience: Audience) -> str | None:
    """The event in words as `audience` may read it, with `board` (the board at the
    event or later) as they may hold it; None when the event is withheld from them."""
    shown = event_for(event, board, audience)
    if shown is None:
        return None
    return in_words(shown, board_told(board, event, audience))
