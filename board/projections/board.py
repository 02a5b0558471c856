"""The board: the case as it stands at one position of its stream.

`project(events, start)` is a pure function: it never changes `start` or the
events, and the same inputs always give an equal board. Inside, it works on its own
copy and updates it in place, because a case may have 100,000 events and copying
the whole board per event would be slow.

The parts a board is made of are in board.projections.entities (named here too).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar, cast

import msgspec

from board import events as ev
from board.events import CaseEvent
from board.practice import together
from board.projections.entities import (
    AgencyReport,
    Allocation,
    Board,
    Child,
    ChildsWords,
    ChildView,
    CopyGiven,
    DangerStatement,
    FamilyView,
    HarmStatement,
    Item,
    LateSignOff,
    Meeting,
    Milestone,
    NextStep,
    Outcome,
    Participant,
    Person,
    PlanRule,
    ReviewInterval,
    SafetyGoal,
    ScalingRound,
    Shared,
    Stamp,
    UndoStep,
    Vote,
    WithFamily,
    copy_board,
    decode_board,
    encode_board,
)
from board.projections.undo import UNDO_DEPTH, inverse_of, takes_back
from board.timescales import day_in_england

__all__ = [
    "SHAREABLE",
    "AgencyReport",
    "Allocation",
    "Board",
    "Child",
    "ChildView",
    "ChildsWords",
    "CopyGiven",
    "DangerStatement",
    "FamilyView",
    "HarmStatement",
    "Item",
    "Meeting",
    "Milestone",
    "NextStep",
    "Outcome",
    "Participant",
    "Person",
    "PlanRule",
    "SafetyGoal",
    "ScalingRound",
    "Shared",
    "Stamp",
    "UndoStep",
    "Vote",
    "WithFamily",
    "copy_board",
    "decode_board",
    "encode_board",
    "evolve",
    "evolve_all",
    "project",
    "shareable",
]


def project(events: Iterable[CaseEvent], start: Board | None = None) -> Board:
    """The board after applying `events`, in order, to `start` (or to an empty board)."""
    return evolve_all(copy_board(start) if start is not None else Board(), events)


def evolve_all(board: Board, events: Iterable[CaseEvent]) -> Board:
    """Apply events to a board this module's caller owns (no copy); returns it."""
    for event in events:
        evolve(board, event)
    return board


def evolve(board: Board, event: CaseEvent) -> None:
    """Apply one event to a board this module owns. Not for use on shared boards."""
    if event.position != board.position + 1:
        msg = f"event at position {event.position} cannot follow position {board.position}"
        raise ValueError(msg)
    stamp = Stamp(
        event.position, event.at, event.by, event.meeting_id, event.fact.undoes is not None
    )
    undo = inverse_of(board, event.fact) if event.fact.undoes is None else None
    words = takes_back(board, event.fact) if undo is not None else ""
    _APPLY[type(event.fact)](board, event.fact, stamp)
    _remember_undo(board, event, undo, words)
    board.position = event.position
    board.at = event.at
    if board.case_id is None:
        board.case_id = event.case_id


def _remember_undo(
    board: Board, event: CaseEvent, undo: tuple[str, ev.Fact] | None, words: str
) -> None:
    person = event.by.participant_id
    steps = board.undo_steps.get(person, [])
    if event.fact.undoes is not None:
        left = [s for s in steps if s.position != event.fact.undoes]
        if left:
            board.undo_steps[person] = left
        else:  # nothing left to undo: no entry, rather than an empty one
            board.undo_steps.pop(person, None)
    elif undo is not None:
        entity_id, inverse = undo
        step = UndoStep(event.position, entity_id, cast(ev.AnyFact, inverse), words)
        board.undo_steps[person] = [*steps, step][-UNDO_DEPTH:]


F = TypeVar("F", bound=ev.Fact)
_Apply = Callable[[Board, Any, Stamp], None]
_APPLY: dict[type[ev.Fact], _Apply] = {}


def _on(fact_type: type[F]) -> Callable[[Callable[[Board, F, Stamp], None]], _Apply]:
    def register(fn: Callable[[Board, F, Stamp], None]) -> _Apply:
        _APPLY[fact_type] = fn
        return fn

    return register


@_on(ev.CaseOpened)
def _case_opened(board: Board, fact: ev.CaseOpened, stamp: Stamp) -> None:
    board.child_name = fact.child_name
    board.opened_on = day_in_england(stamp.at)
    board.family_name = fact.family_name
    board.framework = fact.framework


# The folds below never change a struct on the board in place: they put a changed copy
# in its place (`_replace`), so boards copied with copy_board can share what is frozen.
_replace = msgspec.structs.replace


@_on(ev.ChildAdded)
def _child_added(board: Board, fact: ev.ChildAdded, stamp: Stamp) -> None:
    board.children[fact.child_id] = Child(fact.child_id, fact.name, fact.age, stamp)
    board.child_name = together([child.name for child in board.children.values()])


@_on(ev.FrameworkChanged)
def _framework_changed(board: Board, fact: ev.FrameworkChanged, stamp: Stamp) -> None:
    if fact.framework is not board.framework:
        board.framework_before = board.framework
        board.framework_since = day_in_england(stamp.at)
        board.framework_moved_at = stamp.position
    board.framework = fact.framework


@_on(ev.PersonAdded)
def _person_added(board: Board, fact: ev.PersonAdded, stamp: Stamp) -> None:
    board.people[fact.person_id] = Person(
        fact.person_id,
        fact.name,
        fact.role,
        fact.relationship,
        fact.contact,
        stamp,
        stamp,
        agency=fact.agency,
    )


@_on(ev.PersonCorrected)
def _person_corrected(board: Board, fact: ev.PersonCorrected, stamp: Stamp) -> None:
    board.people[fact.person_id] = _replace(
        board.people[fact.person_id],
        name=fact.name,
        role=fact.role,
        relationship=fact.relationship,
        contact=fact.contact,
        agency=fact.agency,
        changed=stamp,
    )


@_on(ev.PersonRetired)
def _person_retired(board: Board, fact: ev.PersonRetired, stamp: Stamp) -> None:
    board.people[fact.person_id] = _replace(
        board.people[fact.person_id], retired=True, changed=stamp
    )


@_on(ev.StaffAllocated)
def _staff_allocated(board: Board, fact: ev.StaffAllocated, stamp: Stamp) -> None:
    board.staff[fact.username] = Allocation(fact.username, fact.name, fact.role, stamp)


@_on(ev.StaffUnallocated)
def _staff_unallocated(board: Board, fact: ev.StaffUnallocated, stamp: Stamp) -> None:
    board.staff.pop(fact.username, None)


@_on(ev.MeetingOpened)
def _meeting_opened(board: Board, fact: ev.MeetingOpened, stamp: Stamp) -> None:
    board.meetings[fact.meeting_id] = Meeting(
        fact.meeting_id, fact.kind, fact.title, stamp, professionals_only=fact.professionals_only
    )
    board.open_meeting_id = fact.meeting_id


@_on(ev.MeetingRecordedAfterwards)
def _meeting_recorded(board: Board, fact: ev.MeetingRecordedAfterwards, stamp: Stamp) -> None:
    # Opened and closed in one fact: it is never the open meeting.
    took_part = {
        p.person_id: Participant(p.person_id, p.name, p.role, present=False) for p in fact.took_part
    }
    board.meetings[fact.meeting_id] = Meeting(
        fact.meeting_id,
        fact.kind,
        fact.title,
        stamp,
        closed=stamp,
        participants=took_part,
        professionals_only=fact.professionals_only,
        held_on=fact.held_on,
    )
    board.outcomes[fact.meeting_id] = Outcome(
        fact.meeting_id, stamp, outcome=fact.outcome, section_47=fact.section_47
    )
    if fact.section_47:
        board.strategy_discussion = fact.held_on


@_on(ev.ApologiesSent)
def _apologies_sent(board: Board, fact: ev.ApologiesSent, stamp: Stamp) -> None:
    meeting = board.meetings[fact.meeting_id]
    sent = Participant(fact.person_id, fact.name, fact.role, present=False)
    board.meetings[fact.meeting_id] = _replace(
        meeting, apologies={**meeting.apologies, fact.person_id: sent}
    )


@_on(ev.ParticipantAdmitted)
def _participant_admitted(board: Board, fact: ev.ParticipantAdmitted, stamp: Stamp) -> None:
    meeting = board.open_meeting
    if meeting is not None:
        participant = Participant(
            fact.participant_id, fact.name, fact.role, joined_as=fact.joined_as
        )
        signed_out = meeting.signed_out + ((fact.replaces,) if fact.replaces else ())
        board.meetings[meeting.meeting_id] = _replace(
            meeting,
            participants={**meeting.participants, fact.participant_id: participant},
            signed_out=signed_out,
        )


@_on(ev.ParticipantLeft)
def _participant_left(board: Board, fact: ev.ParticipantLeft, stamp: Stamp) -> None:
    meeting = board.open_meeting
    if meeting is not None and fact.participant_id in meeting.participants:
        gone = _replace(meeting.participants[fact.participant_id], present=False)
        board.meetings[meeting.meeting_id] = _replace(
            meeting, participants={**meeting.participants, fact.participant_id: gone}
        )


@_on(ev.MeetingClosed)
def _meeting_closed(board: Board, fact: ev.MeetingClosed, stamp: Stamp) -> None:
    meeting = board.meetings[fact.meeting_id]
    board.meetings[fact.meeting_id] = _replace(
        meeting,
        closed=stamp,
        decision=fact.decision,
        without_child_views=fact.without_child_views,
        participants={
            pid: _replace(p, present=False) if p.present else p
            for pid, p in meeting.participants.items()
        },
    )
    board.open_meeting_id = None


@_on(ev.ItemAdded)
def _item_added(board: Board, fact: ev.ItemAdded, stamp: Stamp) -> None:
    board.items[fact.item_id] = Item(
        fact.item_id,
        fact.domain,
        fact.text,
        fact.kind,
        fact.source,
        stamp,
        stamp,
        source_kind=fact.source_kind,
    )


@_on(ev.ItemEdited)
def _item_edited(board: Board, fact: ev.ItemEdited, stamp: Stamp) -> None:
    board.items[fact.item_id] = _replace(
        board.items[fact.item_id],
        text=fact.text,
        kind=fact.kind,
        source=fact.source,
        source_kind=fact.source_kind,
        changed=stamp,
    )


@_on(ev.ItemMoved)
def _item_moved(board: Board, fact: ev.ItemMoved, stamp: Stamp) -> None:
    board.items[fact.item_id] = _replace(
        board.items[fact.item_id], domain=fact.domain, changed=stamp
    )


@_on(ev.ItemRemoved)
def _item_removed(board: Board, fact: ev.ItemRemoved, stamp: Stamp) -> None:
    board.items[fact.item_id] = _replace(board.items[fact.item_id], removed=True, changed=stamp)


@_on(ev.ItemRestored)
def _item_restored(board: Board, fact: ev.ItemRestored, stamp: Stamp) -> None:
    board.items[fact.item_id] = _replace(
        board.items[fact.item_id], removed=False, no_longer_true="", changed=stamp
    )


@_on(ev.ItemConfirmed)
def _item_confirmed(board: Board, fact: ev.ItemConfirmed, stamp: Stamp) -> None:
    board.items[fact.item_id] = _replace(board.items[fact.item_id], confirmed=stamp)


@_on(ev.ItemNoLongerTrue)
def _item_no_longer_true(board: Board, fact: ev.ItemNoLongerTrue, stamp: Stamp) -> None:
    board.items[fact.item_id] = _replace(
        board.items[fact.item_id], removed=True, no_longer_true=fact.reason, changed=stamp
    )


@_on(ev.DangerStatementWritten)
def _danger_written(board: Board, fact: ev.DangerStatementWritten, stamp: Stamp) -> None:
    board.danger_statements[fact.statement_id] = DangerStatement(
        fact.statement_id, fact.text, stamp, stamp
    )


@_on(ev.DangerStatementRevised)
def _danger_revised(board: Board, fact: ev.DangerStatementRevised, stamp: Stamp) -> None:
    board.danger_statements[fact.statement_id] = _replace(
        board.danger_statements[fact.statement_id], text=fact.text, changed=stamp
    )


@_on(ev.DangerStatementRetired)
def _danger_retired(board: Board, fact: ev.DangerStatementRetired, stamp: Stamp) -> None:
    board.danger_statements[fact.statement_id] = _replace(
        board.danger_statements[fact.statement_id],
        retired=True,
        retired_reason=fact.reason,
        changed=stamp,
    )


@_on(ev.SafetyGoalWritten)
def _goal_written(board: Board, fact: ev.SafetyGoalWritten, stamp: Stamp) -> None:
    board.safety_goals[fact.goal_id] = SafetyGoal(
        fact.goal_id, fact.statement_id, fact.text, stamp, stamp
    )


@_on(ev.SafetyGoalRevised)
def _goal_revised(board: Board, fact: ev.SafetyGoalRevised, stamp: Stamp) -> None:
    board.safety_goals[fact.goal_id] = _replace(
        board.safety_goals[fact.goal_id], text=fact.text, changed=stamp
    )


@_on(ev.HarmStatementWritten)
def _harm_written(board: Board, fact: ev.HarmStatementWritten, stamp: Stamp) -> None:
    board.harm_statements[fact.statement_id] = HarmStatement(
        fact.statement_id, fact.text, stamp, stamp
    )


@_on(ev.HarmStatementRevised)
def _harm_revised(board: Board, fact: ev.HarmStatementRevised, stamp: Stamp) -> None:
    board.harm_statements[fact.statement_id] = _replace(
        board.harm_statements[fact.statement_id], text=fact.text, changed=stamp
    )


@_on(ev.StatementLocked)
def _statement_locked(board: Board, fact: ev.StatementLocked, stamp: Stamp) -> None:
    _set_locked(board, fact.statement_id, True)


@_on(ev.StatementUnlocked)
def _statement_unlocked(board: Board, fact: ev.StatementUnlocked, stamp: Stamp) -> None:
    _set_locked(board, fact.statement_id, False)


def _set_locked(board: Board, statement_id: str, locked: bool) -> None:
    if statement_id in board.danger_statements:
        statement = board.danger_statements[statement_id]
        board.danger_statements[statement_id] = _replace(statement, locked=locked)
    else:
        board.safety_goals[statement_id] = _replace(board.safety_goals[statement_id], locked=locked)


@_on(ev.FamilyViewRecorded)
def _family_view(board: Board, fact: ev.FamilyViewRecorded, stamp: Stamp) -> None:
    statement = board.danger_statements[fact.statement_id]
    who = stamp.by
    views = {k: v for k, v in statement.family_views.items() if k != who.participant_id}
    if fact.text:
        views = {
            **statement.family_views,
            who.participant_id: FamilyView(
                who.participant_id, who.name, who.role, fact.text, stamp
            ),
        }
    board.danger_statements[fact.statement_id] = _replace(statement, family_views=views)


@_on(ev.ScalingRoundOpened)
def _round_opened(board: Board, fact: ev.ScalingRoundOpened, stamp: Stamp) -> None:
    board.scaling_rounds[fact.round_id] = ScalingRound(
        fact.round_id,
        fact.question,
        fact.zero_means,
        fact.ten_means,
        fact.statement_id,
        stamp,
        child_question=fact.child_question,
        child_zero_means=fact.child_zero_means,
        child_ten_means=fact.child_ten_means,
    )


@_on(ev.VoteCast)
def _vote_cast(board: Board, fact: ev.VoteCast, stamp: Stamp) -> None:
    who = stamp.by
    scaling_round = board.scaling_rounds[fact.round_id]
    vote = Vote(who.participant_id, who.name, who.role, fact.score, fact.narrative, stamp)
    board.scaling_rounds[fact.round_id] = _replace(
        scaling_round, votes={**scaling_round.votes, who.participant_id: vote}
    )


@_on(ev.VoteRecordedFor)
def _vote_recorded_for(board: Board, fact: ev.VoteRecordedFor, stamp: Stamp) -> None:
    scaling_round = board.scaling_rounds[fact.round_id]
    vote = Vote(
        fact.person_id, fact.name, fact.role, fact.score, fact.narrative, stamp, stamp.by.name
    )
    board.scaling_rounds[fact.round_id] = _replace(
        scaling_round, votes={**scaling_round.votes, fact.person_id: vote}
    )


@_on(ev.VotesRevealed)
def _votes_revealed(board: Board, fact: ev.VotesRevealed, stamp: Stamp) -> None:
    board.scaling_rounds[fact.round_id] = _replace(
        board.scaling_rounds[fact.round_id], revealed=True, show_names=fact.show_names
    )


@_on(ev.ScalingRoundClosed)
def _round_closed(board: Board, fact: ev.ScalingRoundClosed, stamp: Stamp) -> None:
    board.scaling_rounds[fact.round_id] = _replace(board.scaling_rounds[fact.round_id], closed=True)


@_on(ev.PlanRuleAdded)
def _rule_added(board: Board, fact: ev.PlanRuleAdded, stamp: Stamp) -> None:
    board.plan[fact.rule_id] = PlanRule(
        fact.rule_id,
        fact.kind,
        fact.who,
        fact.what,
        fact.when,
        fact.addresses,
        stamp,
        stamp,
        person_ids=fact.person_ids,
        proposed=fact.proposed,
    )
    if fact.proposed:  # point out a suggestion with the words of a rule in the plan
        rule = board.plan[fact.rule_id]
        same = next((r for r in board.current_plan() if r.words == rule.words), None)
        if same is not None:
            board.plan[fact.rule_id] = _replace(rule, same_words_as=same.rule_id)


@_on(ev.PlanRuleAmended)
def _rule_amended(board: Board, fact: ev.PlanRuleAmended, stamp: Stamp) -> None:
    rule = board.plan[fact.rule_id]
    board.plan[fact.rule_id] = _replace(
        rule,
        who=fact.who,
        what=fact.what,
        when=fact.when,
        addresses=fact.addresses,
        person_ids=rule.person_ids if fact.person_ids is None else fact.person_ids,
        changed=stamp,
    )


@_on(ev.PlanRuleRetired)
def _rule_retired(board: Board, fact: ev.PlanRuleRetired, stamp: Stamp) -> None:
    board.plan[fact.rule_id] = _replace(
        board.plan[fact.rule_id], retired=True, retired_reason=fact.reason, changed=stamp
    )


# -- the case's course (board.events.outcomes, board.events.course) ----------------


@_on(ev.ConferenceDecisionRecorded)
def _decision(board: Board, fact: ev.ConferenceDecisionRecorded, stamp: Stamp) -> None:
    earlier = board.outcomes.get(fact.meeting_id)
    board.outcomes[fact.meeting_id] = Outcome(
        fact.meeting_id,
        stamp,
        shared=earlier.shared if earlier else None,
        children=fact.children,
        core_group=fact.core_group,
        lead_social_worker=fact.lead_social_worker,
        next_review=fact.next_review,
    )


@_on(ev.MeetingOutcomeRecorded)
def _meeting_outcome(board: Board, fact: ev.MeetingOutcomeRecorded, stamp: Stamp) -> None:
    earlier = board.outcomes.get(fact.meeting_id)
    board.outcomes[fact.meeting_id] = Outcome(
        fact.meeting_id,
        stamp,
        shared=earlier.shared if earlier else None,
        outcome=fact.outcome,
        safety_plan_agreed=fact.safety_plan_agreed,
        placement=fact.placement,
        section_47=fact.section_47,
    )
    meeting = board.meetings.get(fact.meeting_id)
    if fact.section_47 and meeting is not None:
        # The strategy discussion that started section 47 enquiries: the initial
        # conference is due from it.
        board.strategy_discussion = meeting.held_on or day_in_england(meeting.opened.at)


@_on(ev.StrategyDiscussionHeld)
def _strategy(board: Board, fact: ev.StrategyDiscussionHeld, stamp: Stamp) -> None:
    board.strategy_discussion = fact.held_on


@_on(ev.CaseDateRecorded)
def _case_date(board: Board, fact: ev.CaseDateRecorded, stamp: Stamp) -> None:
    board.case_dates = _replace(board.case_dates, **{fact.which.value: fact.on})


@_on(ev.LateConferenceSignedOff)
def _signed_off(board: Board, fact: ev.LateConferenceSignedOff, stamp: Stamp) -> None:
    board.late_sign_off = LateSignOff(
        fact.signed_by, fact.senior_role, fact.reason, fact.conference_on, stamp
    )


@_on(ev.ReviewIntervalAgreed)
def _review_interval(board: Board, fact: ev.ReviewIntervalAgreed, stamp: Stamp) -> None:
    board.review_interval = ReviewInterval(fact.weeks, fact.reason, stamp)


@_on(ev.MappingSharedWithFamily)
def _mapping_shared(board: Board, fact: ev.MappingSharedWithFamily, stamp: Stamp) -> None:
    board.mapping_shared = fact.shared_on


def owner_name(board: Board, owner: str) -> str:
    """The name of a next step's owner: one of the case's people, or its staff."""
    if owner in board.people:
        return board.people[owner].name
    allocated = board.staff.get(owner)
    return allocated.name if allocated else owner


@_on(ev.NextStepAgreed)
def _step_agreed(board: Board, fact: ev.NextStepAgreed, stamp: Stamp) -> None:
    board.next_steps[fact.step_id] = NextStep(
        fact.step_id, fact.text, fact.owner, owner_name(board, fact.owner), fact.due, stamp, stamp
    )


@_on(ev.NextStepChanged)
def _step_changed(board: Board, fact: ev.NextStepChanged, stamp: Stamp) -> None:
    board.next_steps[fact.step_id] = _replace(
        board.next_steps[fact.step_id],
        text=fact.text,
        owner=fact.owner,
        owner_name=owner_name(board, fact.owner),
        due=fact.due,
        changed=stamp,
    )


@_on(ev.NextStepMarked)
def _step_marked(board: Board, fact: ev.NextStepMarked, stamp: Stamp) -> None:
    board.next_steps[fact.step_id] = _replace(
        board.next_steps[fact.step_id], done=fact.done, changed=stamp
    )


@_on(ev.MilestoneAgreed)
def _milestone_agreed(board: Board, fact: ev.MilestoneAgreed, stamp: Stamp) -> None:
    board.milestones[fact.milestone_id] = Milestone(
        fact.milestone_id, fact.text, fact.target, stamp, stamp
    )


@_on(ev.MilestoneMarked)
def _milestone_marked(board: Board, fact: ev.MilestoneMarked, stamp: Stamp) -> None:
    board.milestones[fact.milestone_id] = _replace(
        board.milestones[fact.milestone_id], reached=fact.reached, changed=stamp
    )


@_on(ev.PlanRuleAgreed)
def _rule_agreed(board: Board, fact: ev.PlanRuleAgreed, stamp: Stamp) -> None:
    board.plan[fact.rule_id] = _replace(
        board.plan[fact.rule_id], proposed=False, agreed=stamp, changed=stamp
    )


@_on(ev.PlanRuleSetAside)
def _rule_set_aside(board: Board, fact: ev.PlanRuleSetAside, stamp: Stamp) -> None:
    board.plan[fact.rule_id] = _replace(
        board.plan[fact.rule_id], set_aside=True, set_aside_reason=fact.reason, changed=stamp
    )


@_on(ev.ChildViewRecorded)
def _child_view(board: Board, fact: ev.ChildViewRecorded, stamp: Stamp) -> None:
    board.child_views[fact.view_id] = ChildView(
        fact.view_id,
        fact.child_id,
        fact.house,
        fact.text,
        fact.drawing,
        fact.how,
        stamp,
        kept_for_professionals=fact.kept_for_professionals,
    )


@_on(ev.ChildAgreedToShare)
def _child_agreed(board: Board, fact: ev.ChildAgreedToShare, stamp: Stamp) -> None:
    view = board.child_views.get(fact.view_id)
    if view is not None:
        agreed = Shared(fact.how, fact.agreed_on, stamp)
        board.child_views[fact.view_id] = _replace(view, agreed=agreed)


@_on(ev.RulePutInChildsWords)
def _childs_words(board: Board, fact: ev.RulePutInChildsWords, stamp: Stamp) -> None:
    rule = board.plan[fact.rule_id]
    words = ChildsWords(fact.text, fact.picture, fact.drawing, stamp)
    board.plan[fact.rule_id] = _replace(
        rule, childs_words={**rule.childs_words, fact.child_id: words}
    )


@_on(ev.PlanCopyGiven)
def _copy_given(board: Board, fact: ev.PlanCopyGiven, stamp: Stamp) -> None:
    board.copies_given[fact.copy_id] = CopyGiven(
        fact.copy_id, fact.person_id, fact.copy.value, fact.position, fact.how, stamp
    )


@_on(ev.AgencyReportSubmitted)
def _report(board: Board, fact: ev.AgencyReportSubmitted, stamp: Stamp) -> None:
    board.agency_reports[fact.report_id] = AgencyReport(
        fact.report_id,
        fact.agency,
        fact.author,
        fact.text,
        fact.for_meeting,
        fact.meeting_on,
        stamp,
    )


@_on(ev.AgencyReportPointMapped)
def _report_mapped(board: Board, fact: ev.AgencyReportPointMapped, stamp: Stamp) -> None:
    report = board.agency_reports[fact.report_id]
    board.agency_reports[fact.report_id] = _replace(report, mapped=(*report.mapped, fact.item_id))


# -- who a thing is for (board.events.audience) ----------------------------------

# The things that have an audience of their own and can be shared with the family, by
# the collection that holds them (a meeting's outcome is keyed by its meeting's id).
SHAREABLE = (
    "items",
    "danger_statements",
    "safety_goals",
    "harm_statements",
    "plan",
    "child_views",
    "next_steps",
    "milestones",
    "outcomes",
    "agency_reports",
)


def shareable(board: Board, thing_id: str) -> tuple[str, Any] | None:
    """(collection, thing) of a thing that can be shared, if the board holds it."""
    for collection in SHAREABLE:
        found = getattr(board, collection).get(thing_id)
        if found is not None:
            return collection, found
    return None


@_on(ev.SharedWithFamily)
def _shared(board: Board, fact: ev.SharedWithFamily, stamp: Stamp) -> None:
    found = shareable(board, fact.thing_id)
    if found is not None:
        collection, thing = found
        shared = Shared(fact.how, fact.shared_on, stamp)
        getattr(board, collection)[fact.thing_id] = _replace(thing, shared=shared)


@_on(ev.FamilyToldOfMeeting)
def _family_told(board: Board, fact: ev.FamilyToldOfMeeting, stamp: Stamp) -> None:
    meeting = board.meetings[fact.meeting_id]
    told = WithFamily(fact.told_on, fact.how, stamp)
    board.meetings[fact.meeting_id] = _replace(meeting, family_told=told)


@_on(ev.MeetingOutcomeDiscussedWithFamily)
def _outcome_discussed(
    board: Board, fact: ev.MeetingOutcomeDiscussedWithFamily, stamp: Stamp
) -> None:
    meeting = board.meetings[fact.meeting_id]
    discussed = WithFamily(fact.discussed_on, fact.how, stamp)
    board.meetings[fact.meeting_id] = _replace(meeting, outcome_discussed=discussed)


def _check_every_fact_has_a_fold() -> None:
    missing = [t.__name__ for t in ev.Fact.__subclasses__() if t not in _APPLY]
    if missing:  # a new event type without a fold would silently vanish from the board
        raise RuntimeError(f"no fold for {', '.join(missing)}")


_check_every_fact_has_a_fold()
