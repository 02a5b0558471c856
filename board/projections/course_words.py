"""The case's course in words, for the narration (board.projections.narration): what a
decision, an outcome, a next step or a milestone says as it happens."""

from __future__ import annotations

from datetime import date
from typing import assert_never

from board import events as ev
from board.practice import (
    CASE_DATE_NAMES,
    CATEGORY_NAMES,
    MEETING_NAMES,
    PLACEMENT_OUTCOME_NAMES,
    SENIOR_ROLE_NAMES,
)
from board.projections.board import Board, owner_name
from board.projections.visibility import shared_with_family


def _day(when: date) -> str:
    return f"{when.day} {when:%B %Y}"  # no leading zero, as people write it


def _meeting_name(board: Board, meeting_id: str) -> str:
    meeting = board.meetings.get(meeting_id)
    return MEETING_NAMES[meeting.kind].lower() if meeting else "meeting"


def _child_words(board: Board, decision: ev.ChildDecision) -> str:
    child = board.children.get(decision.child_id)
    name = child.name if child else "a child"
    if not decision.subject_to_plan:
        return f"{name} is not subject to a child protection plan"
    category = (
        f" under the category of {CATEGORY_NAMES[decision.category]}" if decision.category else ""
    )
    return f"{name} is subject to a child protection plan{category}"


CourseFact = (
    ev.ConferenceDecisionRecorded
    | ev.MeetingOutcomeRecorded
    | ev.StrategyDiscussionHeld
    | ev.MappingSharedWithFamily
    | ev.CaseDateRecorded
    | ev.LateConferenceSignedOff
    | ev.ReviewIntervalAgreed
    | ev.NextStepAgreed
    | ev.NextStepChanged
    | ev.NextStepMarked
    | ev.MilestoneAgreed
    | ev.MilestoneMarked
)


def course_said(fact: CourseFact, before: Board) -> str:
    """The sentence for a fact of the case's course (without who and when)."""
    match fact:
        case ev.ConferenceDecisionRecorded():
            decided = "; ".join(_child_words(before, d) for d in fact.children)
            review = f"; the next review on {fact.next_review:%d %B %Y}" if fact.next_review else ""
            return f"recorded the {_meeting_name(before, fact.meeting_id)}'s decision: {decided}{review}"
        case ev.MeetingOutcomeRecorded():
            placement = f" {PLACEMENT_OUTCOME_NAMES[fact.placement]}." if fact.placement else ""
            return f"recorded the {_meeting_name(before, fact.meeting_id)}'s outcome:{placement} {fact.outcome}"
        case ev.StrategyDiscussionHeld():
            return f"recorded the strategy discussion held on {fact.held_on:%d %B %Y}"
        case ev.MappingSharedWithFamily():
            return (
                f"recorded that the mapping was shared with the family on {fact.shared_on:%d %B %Y}"
            )
        case ev.CaseDateRecorded():
            return f"recorded {CASE_DATE_NAMES[fact.which]}: {_day(fact.on)}"
        case ev.LateConferenceSignedOff():
            return (
                f"recorded the {SENIOR_ROLE_NAMES[fact.senior_role]}'s sign-off, by "
                f"{fact.signed_by}, of an initial conference on {_day(fact.conference_on)}, "
                f"later than 15 working days: {fact.reason}"
            )
        case ev.ReviewIntervalAgreed():
            every = "every week" if fact.weeks == 1 else f"every {fact.weeks} weeks"
            return f"agreed to review the child in need plan {every}: {fact.reason}"
        case ev.NextStepAgreed() | ev.NextStepChanged():
            verb = (
                "agreed a next step"
                if isinstance(fact, ev.NextStepAgreed)
                else "changed a next step"
            )
            return f"{verb}: {owner_name(before, fact.owner)} to {fact.text[:1].lower()}{fact.text[1:]}, by {fact.due:%d %B %Y}"
        case ev.NextStepMarked():
            step = before.next_steps.get(fact.step_id)
            # Quoted only where everyone may read it (not agreed in a meeting for
            # professionals only): the sentence goes to every screen.
            shared = step is not None and shared_with_family(before, "next_steps", fact.step_id)
            what = f"\u201c{step.text}\u201d" if step and shared else "a next step"
            return f"marked {what} as done" if fact.done else f"marked {what} as not done yet"
        case ev.MilestoneAgreed():
            return f"added a step to the trajectory: {fact.text}, by {fact.target:%d %B %Y}"
        case ev.MilestoneMarked():
            milestone = before.milestones.get(fact.milestone_id)
            shared = shared_with_family(before, "milestones", fact.milestone_id)
            what = (
                f"\u201c{milestone.text}\u201d"
                if milestone and shared
                else "a step of the trajectory"
            )
            return (
                f"marked {what} as reached" if fact.reached else f"marked {what} as not reached yet"
            )
        case _:
            assert_never(fact)
