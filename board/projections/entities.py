"""The parts of a board: the frozen structs a board is made of, and the Board itself.

No struct of a board (nor of an event) can be part of a reference cycle, so they are
all `gc=False`: the cyclic garbage collector never walks them. Before, decoding the
13 MB snapshot of a 100,000-event case spent seven eighths of its time in it.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import msgspec

from board import events as ev
from board.events import Author
from board.events.outcomes import ChildDecision
from board.practice import (
    PLAN_PARTS,
    Domain,
    Framework,
    House,
    ItemKind,
    MeetingKind,
    PlacementOutcome,
    PlanPart,
    PlanRuleKind,
    Role,
    SeniorRole,
    SourceKind,
)


class UndoStep(msgspec.Struct, frozen=True, gc=False):
    """A person's undoable change (board.projections.undo): the fact that reverses it."""

    position: int  # the change this step reverses
    entity_id: str  # the item, statement, goal or rule it touches
    inverse: ev.AnyFact
    takes_back: str = ""  # what undoing it would take back, in words ("adding “…”")


class Stamp(msgspec.Struct, frozen=True, gc=False):
    """Who changed something, when, where in the stream, and in which meeting."""

    position: int
    at: datetime
    by: Author
    meeting_id: str | None
    undid: bool = False  # the change was its author undoing an earlier change


class Shared(msgspec.Struct, frozen=True, gc=False):
    """When and how a thing written for professionals only was shared with the family
    (board.events.audience): from `recorded.position` on, the family sees it."""

    how: str
    shared_on: date | None
    recorded: Stamp


class WithFamily(msgspec.Struct, frozen=True, gc=False):
    """A step taken with the family after a meeting for professionals only: they were
    told it took place, or its outcome was discussed with them; on which day, and how."""

    on: date
    how: str
    recorded: Stamp


class Item(msgspec.Struct, frozen=True, gc=False):
    item_id: str
    domain: Domain
    text: str
    kind: ItemKind
    source: str
    added: Stamp
    changed: Stamp
    removed: bool = False
    # At a review: when the room last agreed it is still true, or why it no longer is
    # (an item no longer true is also `removed`: it has left the current map).
    confirmed: Stamp | None = None
    no_longer_true: str = ""
    shared: Shared | None = None  # written for professionals only, shared since
    source_kind: SourceKind = SourceKind.NOT_SAID  # who it came from (E66)


class FamilyView(msgspec.Struct, frozen=True, gc=False):
    """A family member's own view of a danger statement they disagree with."""

    participant_id: str
    name: str
    role: Role
    text: str
    recorded: Stamp


class DangerStatement(msgspec.Struct, frozen=True, gc=False):
    statement_id: str
    text: str
    written: Stamp
    changed: Stamp
    retired: bool = False
    retired_reason: str = ""
    locked: bool = False
    family_views: dict[str, FamilyView] = msgspec.field(default_factory=dict)
    shared: Shared | None = None


class SafetyGoal(msgspec.Struct, frozen=True, gc=False):
    goal_id: str
    statement_id: str
    text: str
    written: Stamp
    changed: Stamp
    locked: bool = False
    shared: Shared | None = None


class HarmStatement(msgspec.Struct, frozen=True, gc=False):
    statement_id: str
    text: str
    written: Stamp
    changed: Stamp
    shared: Shared | None = None


class Vote(msgspec.Struct, frozen=True, gc=False):
    participant_id: str
    name: str
    role: Role
    score: int
    narrative: str
    cast: Stamp
    # Said aloud to this worker, who recorded it for the person (VoteRecordedFor);
    # empty when the person scaled on their own device.
    given_to: str = ""


class ScalingRound(msgspec.Struct, frozen=True, gc=False):
    round_id: str
    question: str
    zero_means: str
    ten_means: str
    statement_id: str | None
    opened: Stamp
    votes: dict[str, Vote] = msgspec.field(default_factory=dict)
    revealed: bool = False
    show_names: bool = False
    closed: bool = False
    child_question: str = ""  # the question worded for a child, with its own 0 and 10
    child_zero_means: str = ""
    child_ten_means: str = ""

    @property
    def is_open(self) -> bool:
        return not self.closed


class PlanRule(msgspec.Struct, frozen=True, gc=False):
    rule_id: str
    kind: PlanRuleKind
    who: str
    what: str
    when: str
    addresses: tuple[str, ...]
    added: Stamp
    changed: Stamp
    retired: bool = False
    retired_reason: str = ""
    person_ids: tuple[str, ...] = ()  # the people of the network its "who" names
    proposed: bool = False  # suggested from a phone, not yet agreed by the room
    agreed: Stamp | None = None  # when a proposal was agreed
    set_aside: bool = False  # a proposal the room did not take into the plan
    set_aside_reason: str = ""
    same_words_as: str = ""  # a proposal's words are those of this rule in the plan
    # The rule in each child's words, for their Words and Pictures plan (by child id).
    childs_words: dict[str, ChildsWords] = msgspec.field(default_factory=dict)
    shared: Shared | None = None

    @property
    def words(self) -> str:
        """The rule's words, compared without case or spacing."""
        return " ".join(f"{self.who} {self.what} {self.when}".casefold().rstrip(". ").split())

    @property
    def in_plan(self) -> bool:
        return not (self.retired or self.proposed or self.set_aside)


class ChildView(msgspec.Struct, frozen=True, gc=False):
    """Something a child said, in one of their three houses, maybe with a drawing.
    `recorded.by` is who wrote it down: the child, or a worker on their behalf."""

    view_id: str
    child_id: str
    house: House
    text: str
    drawing: tuple[ev.Stroke, ...]
    how: str
    recorded: Stamp
    shared: Shared | None = None
    # The child's own channel: kept for the professionals only until the child agrees
    # to share it (`agreed`: when and how; board.projections.visibility).
    kept_for_professionals: bool = False
    agreed: Shared | None = None


class ChildsWords(msgspec.Struct, frozen=True, gc=False):
    """A rule in a child's own words, with a picture or their drawing."""

    text: str
    picture: str
    drawing: tuple[ev.Stroke, ...]
    recorded: Stamp


class CopyGiven(msgspec.Struct, frozen=True, gc=False):
    """A copy of the plan given to one of the case's people."""

    copy_id: str
    person_id: str
    copy: str
    position: int
    how: str
    given: Stamp


class Participant(msgspec.Struct, frozen=True, gc=False):
    participant_id: str  # the person (board.people), the same at every meeting
    name: str
    role: Role
    present: bool = True
    joined_as: str = ""  # the device's place in the lobby, when they joined with a code


def device_of(participant: Participant) -> str:
    """The device a participant is in the meeting on: its place in the lobby (a person
    let in as someone new has it as their id)."""
    return participant.joined_as or participant.participant_id


class Child(msgspec.Struct, frozen=True, gc=False):
    child_id: str
    name: str
    age: int | None
    added: Stamp


class Person(msgspec.Struct, frozen=True, gc=False):
    """One of the case's people: family, network, child, professional, or staff."""

    person_id: str
    name: str
    role: Role
    relationship: str
    contact: str
    added: Stamp
    changed: Stamp
    retired: bool = False
    agency: str = ""  # a professional's service; last, so older snapshots still read


class Allocation(msgspec.Struct, frozen=True, gc=False):
    """A member of staff allocated to the case (only they open it)."""

    username: str
    name: str
    role: Role
    allocated: Stamp


class Meeting(msgspec.Struct, frozen=True, gc=False):
    meeting_id: str
    kind: MeetingKind
    title: str
    opened: Stamp
    closed: Stamp | None = None
    decision: str = ""
    participants: dict[str, Participant] = msgspec.field(default_factory=dict)
    professionals_only: bool = False
    without_child_views: bool = False  # closed after the chair was asked (MeetingClosed)
    # For a meeting for professionals only: the family told it took place, and its
    # outcome discussed with them (board.events.audience).
    family_told: WithFamily | None = None
    outcome_discussed: WithFamily | None = None
    # Devices signed out when their person rejoined from another (ParticipantAdmitted's
    # `replaces`): they may not come back to this meeting's lobby.
    signed_out: tuple[str, ...] = ()
    # A meeting held away from the board and recorded afterwards: the day it was held
    # (its `opened` is when it was recorded).
    held_on: date | None = None
    # Who sent apologies (ApologiesSent): invited, and could not come.
    apologies: dict[str, Participant] = msgspec.field(default_factory=dict)

    @property
    def recorded_afterwards(self) -> bool:
        return self.held_on is not None


class Outcome(msgspec.Struct, frozen=True, gc=False):
    """What a meeting decided (board.events.outcomes): a conference's decision per
    child, or another meeting's own outcome. The latest record for a meeting holds."""

    meeting_id: str
    recorded: Stamp
    children: tuple[ChildDecision, ...] = ()
    core_group: tuple[str, ...] = ()  # person ids
    lead_social_worker: str = ""  # username
    next_review: date | None = None
    outcome: str = ""
    safety_plan_agreed: bool | None = None
    placement: PlacementOutcome | None = None
    section_47: bool | None = None  # a strategy discussion's decision
    shared: Shared | None = None

    @property
    def any_subject_to_plan(self) -> bool:
        return any(child.subject_to_plan for child in self.children)


class NextStep(msgspec.Struct, frozen=True, gc=False):
    """Who does what by when. `owner_name` is the owner's name when it was agreed or
    changed, so a record still reads right after the person leaves the case."""

    step_id: str
    text: str
    owner: str
    owner_name: str
    due: date
    agreed: Stamp
    changed: Stamp
    done: bool = False
    shared: Shared | None = None


class Milestone(msgspec.Struct, frozen=True, gc=False):
    """A step of the trajectory to closure."""

    milestone_id: str
    text: str
    target: date
    agreed: Stamp
    changed: Stamp
    reached: bool = False
    shared: Shared | None = None


class AgencyReport(msgspec.Struct, frozen=True, gc=False):
    """A partner agency's report for a coming meeting (AgencyReportSubmitted), and the
    items its points became when the chair mapped them into the domains. For
    professionals only until shared (board.projections.visibility)."""

    report_id: str
    agency: str
    author: str
    text: str
    for_meeting: MeetingKind
    meeting_on: date
    submitted: Stamp
    mapped: tuple[str, ...] = ()  # item ids, in the order they were mapped
    shared: Shared | None = None


class CaseDates(msgspec.Struct, frozen=True, gc=False):
    """The dates of the course that happen off the board (`CaseDateRecorded`), the
    latest of each."""

    referral: date | None = None
    referral_decision: date | None = None
    assessment_started: date | None = None
    assessment_done: date | None = None
    cmr_referred: date | None = None
    keyworker_visit: date | None = None
    looked_after: date | None = None
    permanence_plan: date | None = None
    carer_visit: date | None = None


class LateSignOff(msgspec.Struct, frozen=True, gc=False):
    """The senior sign-off of an initial conference later than 15 working days."""

    signed_by: str
    senior_role: SeniorRole
    reason: str
    conference_on: date
    recorded: Stamp


class ReviewInterval(msgspec.Struct, frozen=True, gc=False):
    """How often the child in need plan is reviewed, and why (`ReviewIntervalAgreed`)."""

    weeks: int
    reason: str
    agreed: Stamp


class Board(msgspec.Struct, gc=False):
    """Everything on the board at `position`. Removed items and retired statements
    and rules stay, flagged, so later commands get a precise refusal."""

    case_id: UUID | None = None
    position: int = 0
    at: datetime | None = None
    child_name: str = ""
    family_name: str = ""
    framework: Framework = Framework.SAFETY
    items: dict[str, Item] = msgspec.field(default_factory=dict)
    danger_statements: dict[str, DangerStatement] = msgspec.field(default_factory=dict)
    safety_goals: dict[str, SafetyGoal] = msgspec.field(default_factory=dict)
    harm_statements: dict[str, HarmStatement] = msgspec.field(default_factory=dict)
    scaling_rounds: dict[str, ScalingRound] = msgspec.field(default_factory=dict)
    plan: dict[str, PlanRule] = msgspec.field(default_factory=dict)
    meetings: dict[str, Meeting] = msgspec.field(default_factory=dict)
    open_meeting_id: str | None = None
    # Each person's most recent undoable changes, newest last (board.projections.undo).
    undo_steps: dict[str, list[UndoStep]] = msgspec.field(default_factory=dict)
    children: dict[str, Child] = msgspec.field(default_factory=dict)
    people: dict[str, Person] = msgspec.field(default_factory=dict)
    staff: dict[str, Allocation] = msgspec.field(default_factory=dict)  # by username
    # The case's course (board.projections.course): decisions by meeting, next steps,
    # the trajectory, and the dates of what happens off the board.
    outcomes: dict[str, Outcome] = msgspec.field(default_factory=dict)  # by meeting id
    next_steps: dict[str, NextStep] = msgspec.field(default_factory=dict)
    milestones: dict[str, Milestone] = msgspec.field(default_factory=dict)
    strategy_discussion: date | None = None
    mapping_shared: date | None = None
    case_dates: CaseDates = CaseDates()
    late_sign_off: LateSignOff | None = None
    review_interval: ReviewInterval | None = None
    # A case that moved framework: since when it is run in this one, and which it left
    # (its history stays; the new framework's rhythm starts that day).
    framework_since: date | None = None
    framework_moved_at: int | None = None  # the move's position in the stream
    framework_before: Framework | None = None
    opened_on: date | None = None  # the day the case was opened (no meeting is before it)
    child_views: dict[str, ChildView] = msgspec.field(default_factory=dict)
    copies_given: dict[str, CopyGiven] = msgspec.field(default_factory=dict)
    agency_reports: dict[str, AgencyReport] = msgspec.field(default_factory=dict)

    @property
    def is_opened(self) -> bool:
        return self.case_id is not None

    @property
    def open_meeting(self) -> Meeting | None:
        return self.meetings.get(self.open_meeting_id) if self.open_meeting_id else None

    def live_items(self) -> list[Item]:
        return [item for item in self.items.values() if not item.removed]

    def items_in(self, domain: Domain) -> list[Item]:
        return [item for item in self.live_items() if item.domain is domain]

    def current_danger_statements(self) -> list[DangerStatement]:
        return [s for s in self.danger_statements.values() if not s.retired]

    def danger_statement_number(self, statement_id: str) -> int:
        """Statements are numbered in the order they were written, so people can say
        "danger statement 2" and mean the same one at every meeting."""
        return list(self.danger_statements).index(statement_id) + 1

    def goals_for(self, statement_id: str) -> list[SafetyGoal]:
        return [g for g in self.safety_goals.values() if g.statement_id == statement_id]

    def current_people(self) -> list[Person]:
        return [p for p in self.people.values() if not p.retired]

    def admitted_as(self, joined_as: str) -> Participant | None:
        """Who a device in the lobby was let in as, in the open meeting (if present)."""
        meeting = self.open_meeting
        if meeting is None:
            return None
        for participant in meeting.participants.values():
            # The device they are in on now: the one let in last (a rejoin moves it).
            if participant.present and joined_as == device_of(participant):
                return participant
        return None

    def signed_out(self, joined_as: str) -> bool:
        """Whether a device was signed out of the open meeting (its person rejoined
        from another device)."""
        meeting = self.open_meeting
        return meeting is not None and joined_as in meeting.signed_out

    def session_meeting_over(self, meeting_id: str | None, joined_at: datetime | None) -> bool:
        """Whether the meeting a guest's session is for has ended: the one open when
        they joined, or, joined while none was, the first to open after that."""
        if meeting_id is not None:
            meeting = self.meetings.get(meeting_id)
            return meeting is None or meeting.closed is not None
        if joined_at is None:
            return False
        later = (m for m in self.meetings.values() if m.opened.at >= joined_at)
        first = next(later, None)
        return first is not None and first.closed is not None

    def current_plan(self) -> list[PlanRule]:
        """The rules agreed and in force (not proposals waiting, nor set aside)."""
        return [rule for rule in self.plan.values() if rule.in_plan]

    def proposals(self) -> list[PlanRule]:
        """Rules suggested from phones that the room has not agreed or set aside yet."""
        return [r for r in self.plan.values() if r.proposed and not (r.retired or r.set_aside)]

    def views_of(self, child_id: str) -> list[ChildView]:
        return [v for v in self.child_views.values() if v.child_id == child_id]

    def rules_addressing(self, statement_id: str) -> list[PlanRule]:
        """The rules of the family's plan that address a statement: only they count
        (bottom lines and what professionals do are listed beside: projections.addressing)."""
        family = PLAN_PARTS[PlanPart.FAMILY]
        return [
            rule
            for rule in self.current_plan()
            if statement_id in rule.addresses and rule.kind in family
        ]


_codec_encoder = msgspec.msgpack.Encoder()
_board_decoder = msgspec.msgpack.Decoder(Board)


def encode_board(board: Board) -> bytes:
    return _codec_encoder.encode(board)


def decode_board(data: bytes) -> Board:
    return _board_decoder.decode(data)


def copy_board(board: Board) -> Board:
    """A board the caller may keep and fold into, without changing `board`.

    Everything on a board but the Board itself and its top-level dicts is frozen, and
    the folds replace what they change rather than change it in place; so a copy needs
    only new top-level dicts: about a millisecond for a 100,000-event case, where a deep
    copy through the codec took a few hundred."""
    return msgspec.structs.replace(
        board,
        items=dict(board.items),
        danger_statements=dict(board.danger_statements),
        safety_goals=dict(board.safety_goals),
        harm_statements=dict(board.harm_statements),
        scaling_rounds=dict(board.scaling_rounds),
        plan=dict(board.plan),
        meetings=dict(board.meetings),
        undo_steps=dict(board.undo_steps),
        children=dict(board.children),
        people=dict(board.people),
        staff=dict(board.staff),
        outcomes=dict(board.outcomes),
        next_steps=dict(board.next_steps),
        milestones=dict(board.milestones),
        child_views=dict(board.child_views),
        copies_given=dict(board.copies_given),
        agency_reports=dict(board.agency_reports),
    )
