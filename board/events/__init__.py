"""The event vocabulary of the board: every fact a case's stream can hold.

One module per concern; `AnyFact` is the closed union the codec and the wire use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from board.events.audience import (
    FamilyToldOfMeeting,
    MeetingOutcomeDiscussedWithFamily,
    SharedWithFamily,
)
from board.events.base import Author, CaseEvent, Fact
from board.events.case import CaseOpened
from board.events.child_voice import (
    ChildAgreedToShare,
    ChildViewRecorded,
    RulePutInChildsWords,
    Stroke,
)
from board.events.course import (
    CaseDateRecorded,
    LateConferenceSignedOff,
    MappingSharedWithFamily,
    MilestoneAgreed,
    MilestoneMarked,
    NextStepAgreed,
    NextStepChanged,
    NextStepMarked,
    ReviewIntervalAgreed,
    StrategyDiscussionHeld,
)
from board.events.mapping import ItemAdded, ItemEdited, ItemMoved, ItemRemoved, ItemRestored
from board.events.meetings import (
    ApologiesSent,
    MeetingClosed,
    MeetingOpened,
    MeetingRecordedAfterwards,
    ParticipantAdmitted,
    ParticipantLeft,
    TookPart,
)
from board.events.outcomes import (
    ChildDecision,
    ConferenceDecisionRecorded,
    MeetingOutcomeRecorded,
)
from board.events.people import (
    ChildAdded,
    FrameworkChanged,
    PersonAdded,
    PersonCorrected,
    PersonRetired,
    StaffAllocated,
    StaffUnallocated,
)
from board.events.plan_copies import PlanCopyGiven
from board.events.reports import AgencyReportPointMapped, AgencyReportSubmitted
from board.events.review import ItemConfirmed, ItemNoLongerTrue
from board.events.safety_plan import (
    PlanRuleAdded,
    PlanRuleAgreed,
    PlanRuleAmended,
    PlanRuleRetired,
    PlanRuleSetAside,
)
from board.events.scaling import (
    ScalingRoundClosed,
    ScalingRoundOpened,
    VoteCast,
    VoteRecordedFor,
    VotesRevealed,
)
from board.events.statements import (
    DangerStatementRetired,
    DangerStatementRevised,
    DangerStatementWritten,
    FamilyViewRecorded,
    HarmStatementRevised,
    HarmStatementWritten,
    SafetyGoalRevised,
    SafetyGoalWritten,
    StatementLocked,
    StatementUnlocked,
)

AnyFact = (
    CaseOpened
    | ChildAdded
    | FrameworkChanged
    | PersonAdded
    | PersonCorrected
    | PersonRetired
    | StaffAllocated
    | StaffUnallocated
    | MeetingOpened
    | ParticipantAdmitted
    | ParticipantLeft
    | MeetingClosed
    | MeetingRecordedAfterwards
    | ApologiesSent
    | ItemAdded
    | ItemEdited
    | ItemMoved
    | ItemRemoved
    | ItemRestored
    | ItemConfirmed
    | ItemNoLongerTrue
    | DangerStatementWritten
    | DangerStatementRevised
    | DangerStatementRetired
    | SafetyGoalWritten
    | SafetyGoalRevised
    | HarmStatementWritten
    | HarmStatementRevised
    | StatementLocked
    | StatementUnlocked
    | FamilyViewRecorded
    | ScalingRoundOpened
    | VoteCast
    | VoteRecordedFor
    | VotesRevealed
    | ScalingRoundClosed
    | PlanRuleAdded
    | PlanRuleAmended
    | PlanRuleRetired
    | ConferenceDecisionRecorded
    | MeetingOutcomeRecorded
    | StrategyDiscussionHeld
    | MappingSharedWithFamily
    | CaseDateRecorded
    | LateConferenceSignedOff
    | ReviewIntervalAgreed
    | NextStepAgreed
    | NextStepChanged
    | NextStepMarked
    | MilestoneAgreed
    | MilestoneMarked
    | PlanRuleAgreed
    | PlanRuleSetAside
    | ChildViewRecorded
    | RulePutInChildsWords
    | PlanCopyGiven
    | SharedWithFamily
    | FamilyToldOfMeeting
    | MeetingOutcomeDiscussedWithFamily
    | ChildAgreedToShare
    | AgencyReportSubmitted
    | AgencyReportPointMapped
)

# The facts that bring something new into the case, and the field holding its new id.
# This is the one place that says so: an `ack` names these ids (`created_ids`), so a
# client learns the id of what its command made without searching the board. A new
# fact that creates something belongs here (tests/integration/test_projections_properties.py
# checks that every new entry on the board is named by its fact).
CREATES: Final[dict[type[Fact], str]] = {
    ChildAdded: "child_id",
    PersonAdded: "person_id",
    MeetingOpened: "meeting_id",
    MeetingRecordedAfterwards: "meeting_id",
    ItemAdded: "item_id",
    DangerStatementWritten: "statement_id",
    SafetyGoalWritten: "goal_id",
    HarmStatementWritten: "statement_id",
    ScalingRoundOpened: "round_id",
    PlanRuleAdded: "rule_id",
    NextStepAgreed: "step_id",
    MilestoneAgreed: "milestone_id",
    ChildViewRecorded: "view_id",
    PlanCopyGiven: "copy_id",
    AgencyReportSubmitted: "report_id",
}


def created_ids(facts: Iterable[Fact]) -> list[str]:
    """The ids of everything these facts create, in order, each once."""
    found: dict[str, None] = {}
    for fact in facts:
        field = CREATES.get(type(fact))
        if field is not None:
            found[str(getattr(fact, field))] = None
    return list(found)


__all__ = [
    "CREATES",
    "AgencyReportPointMapped",
    "AgencyReportSubmitted",
    "AnyFact",
    "ApologiesSent",
    "Author",
    "CaseDateRecorded",
    "CaseEvent",
    "CaseOpened",
    "ChildAdded",
    "ChildAgreedToShare",
    "ChildDecision",
    "ChildViewRecorded",
    "ConferenceDecisionRecorded",
    "DangerStatementRetired",
    "DangerStatementRevised",
    "DangerStatementWritten",
    "Fact",
    "FamilyToldOfMeeting",
    "FamilyViewRecorded",
    "FrameworkChanged",
    "HarmStatementRevised",
    "HarmStatementWritten",
    "ItemAdded",
    "ItemConfirmed",
    "ItemEdited",
    "ItemMoved",
    "ItemNoLongerTrue",
    "ItemRemoved",
    "ItemRestored",
    "LateConferenceSignedOff",
    "MappingSharedWithFamily",
    "MeetingClosed",
    "MeetingOpened",
    "MeetingOutcomeDiscussedWithFamily",
    "MeetingOutcomeRecorded",
    "MeetingRecordedAfterwards",
    "MilestoneAgreed",
    "MilestoneMarked",
    "NextStepAgreed",
    "NextStepChanged",
    "NextStepMarked",
    "ParticipantAdmitted",
    "ParticipantLeft",
    "PersonAdded",
    "PersonCorrected",
    "PersonRetired",
    "PlanCopyGiven",
    "PlanRuleAdded",
    "PlanRuleAgreed",
    "PlanRuleAmended",
    "PlanRuleRetired",
    "PlanRuleSetAside",
    "ReviewIntervalAgreed",
    "RulePutInChildsWords",
    "SafetyGoalRevised",
    "SafetyGoalWritten",
    "ScalingRoundClosed",
    "ScalingRoundOpened",
    "SharedWithFamily",
    "StaffAllocated",
    "StaffUnallocated",
    "StatementLocked",
    "StatementUnlocked",
    "StrategyDiscussionHeld",
    "Stroke",
    "TookPart",
    "VoteCast",
    "VoteRecordedFor",
    "VotesRevealed",
    "created_ids",
]
