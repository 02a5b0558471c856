"""The event vocabulary of the board: every fact a case's stream can hold.

One module per concern; `AnyFact` is the closed union the codec and the wire use.
"""

from __future__ import annotations

from board.events.base import Author, CaseEvent, Fact
from board.events.case import CaseOpened
from board.events.mapping import ItemAdded, ItemEdited, ItemMoved, ItemRemoved, ItemRestored
from board.events.meetings import (
    MeetingClosed,
    MeetingOpened,
    ParticipantAdmitted,
    ParticipantLeft,
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
from board.events.safety_plan import PlanRuleAdded, PlanRuleAmended, PlanRuleRetired
from board.events.scaling import ScalingRoundClosed, ScalingRoundOpened, VoteCast, VotesRevealed
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
    | ItemAdded
    | ItemEdited
    | ItemMoved
    | ItemRemoved
    | ItemRestored
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
    | VotesRevealed
    | ScalingRoundClosed
    | PlanRuleAdded
    | PlanRuleAmended
    | PlanRuleRetired
)

__all__ = [
    "AnyFact",
    "Author",
    "CaseEvent",
    "CaseOpened",
    "ChildAdded",
    "DangerStatementRetired",
    "DangerStatementRevised",
    "DangerStatementWritten",
    "Fact",
    "FamilyViewRecorded",
    "FrameworkChanged",
    "HarmStatementRevised",
    "HarmStatementWritten",
    "ItemAdded",
    "ItemEdited",
    "ItemMoved",
    "ItemRemoved",
    "ItemRestored",
    "MeetingClosed",
    "MeetingOpened",
    "ParticipantAdmitted",
    "ParticipantLeft",
    "PersonAdded",
    "PersonCorrected",
    "PersonRetired",
    "PlanRuleAdded",
    "PlanRuleAmended",
    "PlanRuleRetired",
    "SafetyGoalRevised",
    "SafetyGoalWritten",
    "ScalingRoundClosed",
    "ScalingRoundOpened",
    "StaffAllocated",
    "StaffUnallocated",
    "StatementLocked",
    "StatementUnlocked",
    "VoteCast",
    "VotesRevealed",
]
