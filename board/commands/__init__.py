"""Commands: what people ask the board to do, who may ask, and the rule that decides.

`HANDLERS` maps every command to its rule function and `PERMISSIONS` to the roles
that may send it, both here in one place. `decide` is pure: board + command +
context in, facts out (or a `CommandRefused`); nothing is stored here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import msgspec

from board.commands.audience import (
    RecordFamilyTold,
    RecordOutcomeDiscussed,
    ShareWithFamily,
    record_family_told,
    record_outcome_discussed,
    share_with_family,
)
from board.commands.base import Command, CommandRefused, Context
from board.commands.case import OpenCase, open_case
from board.commands.child_voice import (
    CHILD_VOICE_ROLES,
    AgreeToShareChildView,
    PutRuleInChildsWords,
    RecordChildView,
    agree_to_share_child_view,
    put_rule_in_childs_words,
    record_child_view,
)
from board.commands.course import (
    AgreeMilestone,
    AgreeNextStep,
    AgreeReviewInterval,
    ChangeNextStep,
    MarkMilestone,
    MarkNextStep,
    RecordCaseDate,
    RecordMappingShared,
    RecordStrategyDiscussion,
    SignOffLateConference,
    agree_milestone,
    agree_next_step,
    agree_review_interval,
    change_next_step,
    mark_milestone,
    mark_next_step,
    record_case_date,
    record_mapping_shared,
    record_strategy_discussion,
    sign_off_late_conference,
)
from board.commands.mapping import (
    AddItem,
    EditItem,
    MoveItem,
    RemoveItem,
    add_item,
    edit_item,
    move_item,
    remove_item,
)
from board.commands.meetings import (
    AdmitParticipant,
    CloseMeeting,
    JoinMeeting,
    LeaveMeeting,
    OpenMeeting,
    RecordApologies,
    RecordMeetingAfterwards,
    admit_participant,
    close_meeting,
    join_meeting,
    leave_meeting,
    open_meeting,
    record_apologies,
    record_meeting_afterwards,
    refuse_changing_what_the_family_saw,
    refuse_unless_facilitating,
)
from board.commands.outcomes import (
    RecordConferenceDecision,
    RecordMeetingOutcome,
    record_conference_decision,
    record_meeting_outcome,
)
from board.commands.people import (
    AddChild,
    AddPerson,
    AllocateStaff,
    ChangeFramework,
    CorrectPerson,
    RetirePerson,
    UnallocateStaff,
    add_child,
    add_person,
    allocate_staff,
    change_framework,
    correct_person,
    retire_person,
    unallocate_staff,
)
from board.commands.plan_copies import GivePlanCopy, give_plan_copy
from board.commands.reports import (
    MapReportPoint,
    SubmitAgencyReport,
    map_report_point,
    submit_agency_report,
)
from board.commands.review import (
    ConfirmItem,
    MarkItemNoLongerTrue,
    confirm_item,
    mark_item_no_longer_true,
)
from board.commands.safety_plan import (
    AddPlanRule,
    AgreePlanRule,
    AmendPlanRule,
    RetirePlanRule,
    SetAsidePlanRule,
    add_plan_rule,
    agree_plan_rule,
    amend_plan_rule,
    retire_plan_rule,
    set_aside_plan_rule,
)
from board.commands.scaling import (
    CastVote,
    CloseScalingRound,
    OpenScalingRound,
    RecordVoteFor,
    RevealVotes,
    cast_vote,
    close_scaling_round,
    open_scaling_round,
    record_vote_for,
    reveal_votes,
)
from board.commands.statements import (
    LockStatement,
    PairSafetyGoal,
    RecordFamilyView,
    RetireDangerStatement,
    ReviseDangerStatement,
    ReviseHarmStatement,
    ReviseSafetyGoal,
    UnlockStatement,
    WriteDangerStatement,
    WriteHarmStatement,
    lock_statement,
    pair_safety_goal,
    record_family_view,
    retire_danger_statement,
    revise_danger_statement,
    revise_harm_statement,
    revise_safety_goal,
    unlock_statement,
    write_danger_statement,
    write_harm_statement,
)
from board.commands.undo import Undo, undo
from board.events import Fact
from board.practice import FAMILY_AND_NETWORK, ROLE_NAMES, Role
from board.projections.board import Board

AnyCommand = (
    OpenCase
    | OpenMeeting
    | AdmitParticipant
    | LeaveMeeting
    | CloseMeeting
    | AddItem
    | EditItem
    | MoveItem
    | RemoveItem
    | WriteDangerStatement
    | ReviseDangerStatement
    | RetireDangerStatement
    | PairSafetyGoal
    | ReviseSafetyGoal
    | WriteHarmStatement
    | ReviseHarmStatement
    | LockStatement
    | UnlockStatement
    | RecordFamilyView
    | OpenScalingRound
    | CastVote
    | RecordVoteFor
    | RevealVotes
    | CloseScalingRound
    | AddPlanRule
    | AmendPlanRule
    | RetirePlanRule
    | AgreePlanRule
    | SetAsidePlanRule
    | RecordChildView
    | AgreeToShareChildView
    | PutRuleInChildsWords
    | GivePlanCopy
    | Undo
    | AddChild
    | ChangeFramework
    | AddPerson
    | CorrectPerson
    | RetirePerson
    | JoinMeeting
    | RecordConferenceDecision
    | RecordMeetingOutcome
    | RecordMeetingAfterwards
    | RecordApologies
    | RecordStrategyDiscussion
    | RecordMappingShared
    | RecordCaseDate
    | AgreeReviewInterval
    | SignOffLateConference
    | AgreeNextStep
    | ChangeNextStep
    | MarkNextStep
    | AgreeMilestone
    | MarkMilestone
    | ConfirmItem
    | MarkItemNoLongerTrue
    | ShareWithFamily
    | RecordFamilyTold
    | RecordOutcomeDiscussed
    | SubmitAgencyReport
    | MapReportPoint
)
# Allocating staff is not sent over the websocket: the web edge builds it from a staff
# account it has checked (board.web.api), so a name or role cannot be made up.

Handler = Callable[[Board, Any, Context], list[Fact]]

HANDLERS: Final[dict[type[Command], Handler]] = {
    OpenCase: open_case,
    OpenMeeting: open_meeting,
    AdmitParticipant: admit_participant,
    LeaveMeeting: leave_meeting,
    CloseMeeting: close_meeting,
    AddItem: add_item,
    EditItem: edit_item,
    MoveItem: move_item,
    RemoveItem: remove_item,
    WriteDangerStatement: write_danger_statement,
    ReviseDangerStatement: revise_danger_statement,
    RetireDangerStatement: retire_danger_statement,
    PairSafetyGoal: pair_safety_goal,
    ReviseSafetyGoal: revise_safety_goal,
    WriteHarmStatement: write_harm_statement,
    ReviseHarmStatement: revise_harm_statement,
    LockStatement: lock_statement,
    UnlockStatement: unlock_statement,
    RecordFamilyView: record_family_view,
    OpenScalingRound: open_scaling_round,
    CastVote: cast_vote,
    RecordVoteFor: record_vote_for,
    RevealVotes: reveal_votes,
    CloseScalingRound: close_scaling_round,
    AddPlanRule: add_plan_rule,
    AmendPlanRule: amend_plan_rule,
    RetirePlanRule: retire_plan_rule,
    AgreePlanRule: agree_plan_rule,
    SetAsidePlanRule: set_aside_plan_rule,
    RecordChildView: record_child_view,
    AgreeToShareChildView: agree_to_share_child_view,
    PutRuleInChildsWords: put_rule_in_childs_words,
    GivePlanCopy: give_plan_copy,
    Undo: undo,
    AddChild: add_child,
    ChangeFramework: change_framework,
    AddPerson: add_person,
    CorrectPerson: correct_person,
    RetirePerson: retire_person,
    AllocateStaff: allocate_staff,
    UnallocateStaff: unallocate_staff,
    JoinMeeting: join_meeting,
    RecordConferenceDecision: record_conference_decision,
    RecordMeetingOutcome: record_meeting_outcome,
    RecordMeetingAfterwards: record_meeting_afterwards,
    RecordApologies: record_apologies,
    RecordStrategyDiscussion: record_strategy_discussion,
    RecordMappingShared: record_mapping_shared,
    RecordCaseDate: record_case_date,
    AgreeReviewInterval: agree_review_interval,
    SignOffLateConference: sign_off_late_conference,
    AgreeNextStep: agree_next_step,
    ChangeNextStep: change_next_step,
    MarkNextStep: mark_next_step,
    AgreeMilestone: agree_milestone,
    MarkMilestone: mark_milestone,
    ConfirmItem: confirm_item,
    MarkItemNoLongerTrue: mark_item_no_longer_true,
    ShareWithFamily: share_with_family,
    RecordFamilyTold: record_family_told,
    RecordOutcomeDiscussed: record_outcome_discussed,
    SubmitAgencyReport: submit_agency_report,
    MapReportPoint: map_report_point,
}

_STAFF = frozenset({Role.CHAIR, Role.SOCIAL_WORKER, Role.MANAGER})
_CHAIR = frozenset({Role.CHAIR})
# The chair, or a social worker facilitating a family network meeting (the rule in
# board.commands.meetings.facilitates decides which meeting).
_FACILITATOR = frozenset({Role.CHAIR, Role.SOCIAL_WORKER})
_EVERYONE_BUT_OBSERVERS = frozenset(Role) - {Role.OBSERVER}

# The role x command matrix (docs/roles.md shows it as a table). Finer rules, such as
# "change only what you wrote" and "bottom lines are the social worker's", live in
# the rule functions because they depend on the board.
PERMISSIONS: Final[dict[type[Command], frozenset[Role]]] = {
    OpenCase: _STAFF,
    OpenMeeting: _FACILITATOR,
    AdmitParticipant: _FACILITATOR,
    LeaveMeeting: frozenset(Role),
    CloseMeeting: _FACILITATOR,
    AddItem: _EVERYONE_BUT_OBSERVERS,
    EditItem: _EVERYONE_BUT_OBSERVERS,
    MoveItem: _EVERYONE_BUT_OBSERVERS,
    RemoveItem: _EVERYONE_BUT_OBSERVERS,
    WriteDangerStatement: _STAFF,
    ReviseDangerStatement: _STAFF,
    RetireDangerStatement: _STAFF,
    PairSafetyGoal: _STAFF,
    ReviseSafetyGoal: _STAFF,
    WriteHarmStatement: _STAFF,
    ReviseHarmStatement: _STAFF,
    LockStatement: _FACILITATOR,
    UnlockStatement: _FACILITATOR,
    RecordFamilyView: FAMILY_AND_NETWORK,
    OpenScalingRound: _FACILITATOR,
    CastVote: _EVERYONE_BUT_OBSERVERS,
    RecordVoteFor: _STAFF,
    RevealVotes: _FACILITATOR,
    CloseScalingRound: _FACILITATOR,
    AddPlanRule: _EVERYONE_BUT_OBSERVERS,
    AmendPlanRule: _EVERYONE_BUT_OBSERVERS,
    RetirePlanRule: _EVERYONE_BUT_OBSERVERS,
    # The chair or worker agrees a suggestion with the room (or sets it aside).
    AgreePlanRule: _STAFF,
    SetAsidePlanRule: _STAFF,
    RecordChildView: CHILD_VOICE_ROLES,
    # The child's own yes, from their phone, or staff recording it: never a parent.
    AgreeToShareChildView: CHILD_VOICE_ROLES,
    PutRuleInChildsWords: CHILD_VOICE_ROLES,
    GivePlanCopy: _STAFF,
    Undo: _EVERYONE_BUT_OBSERVERS,
    AddChild: _STAFF,
    ChangeFramework: _STAFF,
    AddPerson: _STAFF,
    CorrectPerson: _STAFF,
    RetirePerson: _STAFF,
    AllocateStaff: _STAFF,
    UnallocateStaff: frozenset({Role.MANAGER}),
    JoinMeeting: _STAFF,
    # The case's course: the conference's decision is the chair's; a family network or
    # placement stability meeting's outcome is its facilitator's (the rule checks which).
    RecordConferenceDecision: _CHAIR,
    # The facilitator; a manager too, for a strategy discussion's section 47 decision.
    RecordMeetingOutcome: _STAFF,
    RecordMeetingAfterwards: _STAFF,
    RecordApologies: _STAFF,
    RecordStrategyDiscussion: _STAFF,
    RecordMappingShared: _STAFF,
    RecordCaseDate: _STAFF,
    AgreeReviewInterval: _STAFF,
    # The senior sign-off of a late conference is recorded by the chair or the manager.
    SignOffLateConference: frozenset({Role.CHAIR, Role.MANAGER}),
    AgreeNextStep: _STAFF,
    ChangeNextStep: _STAFF,
    MarkNextStep: _EVERYONE_BUT_OBSERVERS,  # staff, or the person the step is for
    AgreeMilestone: _STAFF,
    MarkMilestone: _STAFF,
    ConfirmItem: _STAFF,
    MarkItemNoLongerTrue: _STAFF,
    # Who a thing is for: staff share what was written for professionals only, and
    # record telling the family of such a meeting and discussing its outcome.
    ShareWithFamily: _STAFF,
    RecordFamilyTold: _STAFF,
    RecordOutcomeDiscussed: _STAFF,
    # A partner agency's report is recorded by staff (never a guest); the chair maps its
    # points into the domains.
    SubmitAgencyReport: _STAFF,
    MapReportPoint: _CHAIR,
}

# Commands of whoever facilitates the open meeting (the rule is board.commands.meetings.
# refuse_unless_facilitating); opening a meeting checks the kind it opens.
FACILITATION: Final = frozenset(
    {
        AdmitParticipant,
        CloseMeeting,
        LockStatement,
        UnlockStatement,
        OpenScalingRound,
        RevealVotes,
        CloseScalingRound,
    }
)


# Who may do what outside the record: what is said to the room is not a fact, and an
# invite is not the case's to keep; the same table habit, so docs/roles.md can show them.
INVITING_ROLES: Final = frozenset({Role.CHAIR, Role.SOCIAL_WORKER})
FACILITATING_ROLES: Final = _FACILITATOR  # "follow me" and the agenda timer


def command_name(command_type: type[Command]) -> str:
    tag = command_type.__struct_config__.tag
    return str(tag)


def _well_formed(command: Command) -> Command:
    """The command with every field checked against its declared type. A command decoded
    from the wire already is; one built in code is not (msgspec does not check on
    construction), and an event holding, say, an unknown domain would be recorded and
    then make the whole stream unreadable."""
    try:
        return msgspec.convert(msgspec.to_builtins(command), type(command))
    except msgspec.ValidationError as error:
        raise CommandRefused("invalid_command", f"That request is not valid: {error}.") from None


def authorise(command: Command, role: Role) -> None:
    """Refuse a command the role may never send, whatever the board says."""
    if role not in PERMISSIONS[type(command)]:
        action = command_name(type(command)).replace("_", " ")
        raise CommandRefused(
            "forbidden", f"Your role ({ROLE_NAMES[role]}) does not allow this: {action}."
        )


def decide(
    board: Board, command: Command, ctx: Context, expected_position: int | None = None
) -> list[Fact]:
    """The facts this command would record, or a CommandRefused saying why not: first
    the role, then (when the sender names one) the position it expects, then the rule."""
    command = _well_formed(command)
    authorise(command, ctx.by.role)
    if expected_position is not None and expected_position != board.position:
        raise CommandRefused(
            "stale_position",
            f"The board has moved on to position {board.position} since "
            f"position {expected_position}. Nothing was changed.",
        )
    if not board.is_opened and not isinstance(command, OpenCase):
        raise CommandRefused("case_not_found", "There is no such case.")
    if type(command) in FACILITATION:
        refuse_unless_facilitating(board, ctx)
    facts = HANDLERS[type(command)](board, command, ctx)
    refuse_changing_what_the_family_saw(board, facts)
    return facts


__all__ = [
    "FACILITATING_ROLES",
    "FACILITATION",
    "HANDLERS",
    "INVITING_ROLES",
    "PERMISSIONS",
    "AddChild",
    "AddItem",
    "AddPerson",
    "AddPlanRule",
    "AdmitParticipant",
    "AgreeMilestone",
    "AgreeNextStep",
    "AgreePlanRule",
    "AgreeReviewInterval",
    "AgreeToShareChildView",
    "AllocateStaff",
    "AmendPlanRule",
    "AnyCommand",
    "CastVote",
    "ChangeFramework",
    "ChangeNextStep",
    "CloseMeeting",
    "CloseScalingRound",
    "Command",
    "CommandRefused",
    "ConfirmItem",
    "Context",
    "CorrectPerson",
    "EditItem",
    "GivePlanCopy",
    "JoinMeeting",
    "LeaveMeeting",
    "LockStatement",
    "MapReportPoint",
    "MarkItemNoLongerTrue",
    "MarkMilestone",
    "MarkNextStep",
    "MoveItem",
    "OpenCase",
    "OpenMeeting",
    "OpenScalingRound",
    "PairSafetyGoal",
    "PutRuleInChildsWords",
    "RecordApologies",
    "RecordCaseDate",
    "RecordChildView",
    "RecordConferenceDecision",
    "RecordFamilyTold",
    "RecordFamilyView",
    "RecordMappingShared",
    "RecordMeetingAfterwards",
    "RecordMeetingOutcome",
    "RecordOutcomeDiscussed",
    "RecordStrategyDiscussion",
    "RecordVoteFor",
    "RemoveItem",
    "RetireDangerStatement",
    "RetirePerson",
    "RetirePlanRule",
    "RevealVotes",
    "ReviseDangerStatement",
    "ReviseHarmStatement",
    "ReviseSafetyGoal",
    "SetAsidePlanRule",
    "ShareWithFamily",
    "SignOffLateConference",
    "SubmitAgencyReport",
    "UnallocateStaff",
    "Undo",
    "UnlockStatement",
    "WriteDangerStatement",
    "WriteHarmStatement",
    "authorise",
    "decide",
]
